using static TorchSharp.torch;

namespace SamClr.MLNet.Methods.Momentum;

/// <summary>
/// A momentum teacher, MoCo's key encoder or DINO's teacher: modules that start as frozen copies of their student
/// modules (the optimiser never moves them) and then follow them by <see cref="EmaUpdate"/>.
/// </summary>
internal sealed class MomentumTeacher
{
    private readonly (nn.Module Teacher, nn.Module Student)[] _pairs;

    /// <summary>Copies every student into its teacher and freezes the teachers.</summary>
    /// <param name="pairs">Each teacher module with the student module it follows (same structure).</param>
    public MomentumTeacher(params (nn.Module Teacher, nn.Module Student)[] pairs)
    {
        _pairs = pairs;
        CopyStudents();
        foreach (var (teacher, _) in pairs) EmaUpdate.Freeze(teacher);
    }

    /// <summary>Makes every teacher an exact copy of its student again (after the students' heads were redrawn).</summary>
    public void CopyStudents() => EmaUpdate.Apply(0, _pairs);

    /// <summary>Moves every teacher towards its student: teacher = m x teacher + (1 - m) x student, buffers copied.</summary>
    /// <param name="momentum">m in [0, 1].</param>
    public void Follow(double momentum) => EmaUpdate.Apply(momentum, _pairs);
}
