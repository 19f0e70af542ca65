namespace SamClr.MLNet.Compute;

/// <summary>
/// Implemented by a module (the method itself or any module inside it) that holds training state outside its
/// parameters and persistent buffers, for example a queue kept in a tensor field or a step counter. The checkpoint
/// stores what <see cref="WriteCheckpointState"/> writes under the module's name and hands the same bytes back to
/// <see cref="ReadCheckpointState"/> on resume.
/// </summary>
internal interface ICheckpointState
{
    /// <summary>Writes the extra state.</summary>
    void WriteCheckpointState(BinaryWriter writer);

    /// <summary>
    /// Restores the state written by <see cref="WriteCheckpointState"/>; throws <see cref="InvalidDataException"/> when
    /// it does not fit this module (another size, for example).
    /// </summary>
    void ReadCheckpointState(BinaryReader reader);
}
