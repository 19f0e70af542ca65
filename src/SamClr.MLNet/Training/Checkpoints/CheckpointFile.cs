using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using SamClr.MLNet.IO;

namespace SamClr.MLNet.Training.Checkpoints;

/// <summary>
/// The container of a training checkpoint file, and where checkpoints live in a directory.
/// <para>Layout (little-endian): the 8 ASCII bytes <c>SAMCLRCK</c>; a uint32 format version
/// (<see cref="FormatVersion"/>); an int64 payload length; the payload; the 32-byte SHA-256 of the payload. A file whose
/// magic, version, length or checksum does not match is rejected with <see cref="InvalidDataException"/> naming it.
/// The payload is described in <see cref="TrainingCheckpoint"/>.</para>
/// <para>Files are written atomically (<see cref="AtomicFile"/>: a temporary file flushed to disk, renamed over the final
/// name, the folder flushed), so a failed or interrupted write never replaces a good checkpoint. In a checkpoint
/// directory the files are named <c>step-NNNNNNNNN.RUNID.samclrckpt</c> (the number of optimisation steps done and the
/// run's identity, <see cref="NewRunId"/>) and the newest <see cref="KeptCheckpoints"/> of each run are kept; pruning
/// never deletes another run's checkpoints.</para>
/// </summary>
internal static partial class CheckpointFile
{
    /// <summary>Version of the file layout and payload written by this library.</summary>
    public const uint FormatVersion = 2;

    /// <summary>File name extension of checkpoints in a directory.</summary>
    public const string Extension = ".samclrckpt";

    /// <summary>How many checkpoints a directory keeps: the newest and the one before it (2).</summary>
    public const int KeptCheckpoints = 2;

    private static ReadOnlySpan<byte> Magic => "SAMCLRCK"u8;
    private const int HeaderLength = 8 + 4 + 8;
    private const int ChecksumLength = 32;

    /// <summary>The file name of the checkpoint of run <paramref name="runId"/> taken after <paramref name="step"/> steps.</summary>
    /// <param name="step">Optimisation steps done.</param>
    /// <param name="runId">The run's identity (<see cref="NewRunId"/>): 12 lower-case hex digits.</param>
    public static string FileNameFor(int step, string runId)
    {
        if (!RunIdPattern().IsMatch(runId)) throw new ArgumentException($"A run id is 12 lower-case hex digits; got '{runId}'.", nameof(runId));
        return $"step-{step.ToString("D9", CultureInfo.InvariantCulture)}.{runId}{Extension}";
    }

    [GeneratedRegex("^[0-9a-f]{12}$")]
    private static partial Regex RunIdPattern();

    /// <summary>
    /// Writes a checkpoint to <paramref name="path"/> atomically: <paramref name="writePayload"/> fills the payload,
    /// which goes with header and checksum into a temporary file that replaces <paramref name="path"/> only once it is
    /// complete and flushed. If anything throws, the temporary file is deleted and <paramref name="path"/> is untouched.
    /// </summary>
    /// <exception cref="IOException">The file could not be written (e.g. a read-only directory); the message names it.</exception>
    public static void WriteAtomic(string path, Action<BinaryWriter> writePayload)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(writePayload);
        AtomicFile.Write(path, "checkpoint", temp =>
        {
            using var stream = new FileStream(temp, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
            using var writer = new BinaryWriter(stream);
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(0L);
            writePayload(writer);
            writer.Flush();
            long payloadLength = stream.Length - HeaderLength;
            stream.Position = HeaderLength;
            byte[] checksum = SHA256.HashData(stream);
            stream.Position = 8 + 4;
            writer.Write(payloadLength);
            stream.Position = stream.Length;
            writer.Write(checksum);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        });
    }

    /// <summary>Reads and verifies the checkpoint at <paramref name="path"/> and returns its payload.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a checkpoint, another format version, truncated or corrupt; the message names the file.</exception>
    public static byte[] ReadPayload(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"The checkpoint '{path}' does not exist.", path);
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < HeaderLength + ChecksumLength || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
            throw new InvalidDataException($"'{path}' is not a SamClr training checkpoint (no SAMCLRCK header, or too short: {bytes.Length} bytes).");
        uint version = BitConverter.ToUInt32(bytes, 8);
        if (version != FormatVersion)
            throw new InvalidDataException($"The checkpoint '{path}' has format version {version}; this library reads version {FormatVersion}. Resume it with the library version that wrote it.");
        long payloadLength = BitConverter.ToInt64(bytes, 12);
        if (payloadLength != bytes.Length - HeaderLength - ChecksumLength)
            throw new InvalidDataException(
                $"The checkpoint '{path}' is truncated or corrupt: its header announces {payloadLength} payload bytes but the file holds {bytes.Length - HeaderLength - ChecksumLength}. Resume from an earlier checkpoint.");
        var payload = bytes.AsSpan(HeaderLength, (int)payloadLength);
        if (!SHA256.HashData(payload).AsSpan().SequenceEqual(bytes.AsSpan(HeaderLength + (int)payloadLength, ChecksumLength)))
            throw new InvalidDataException($"The checkpoint '{path}' is corrupt: its SHA-256 checksum does not match. Resume from an earlier checkpoint.");
        return payload.ToArray();
    }

    /// <summary>
    /// The checkpoint to resume from: <paramref name="fileOrDirectory"/> itself when it is a file, else the newest checkpoint
    /// of the directory's most recently written run that verifies (<see cref="ReadPayload"/>). Damaged newer checkpoints of
    /// that run (truncated by a crash, flipped bytes) are passed over; use the overload with <c>skipped</c> to report them.
    /// </summary>
    /// <exception cref="FileNotFoundException">Neither a file nor a directory holding a checkpoint.</exception>
    /// <exception cref="InvalidDataException">Every checkpoint of the run is damaged; the message names each.</exception>
    public static string Resolve(string fileOrDirectory) => Resolve(fileOrDirectory, out _);

    /// <summary>
    /// As <see cref="Resolve(string)"/>, and lists in <paramref name="skipped"/> why each newer checkpoint of the run was
    /// passed over (one line per file, naming it); empty when the newest one verified or a file was given.
    /// </summary>
    public static string Resolve(string fileOrDirectory, out IReadOnlyList<string> skipped)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileOrDirectory);
        skipped = Array.Empty<string>();
        if (File.Exists(fileOrDirectory)) return fileOrDirectory;
        if (!Directory.Exists(fileOrDirectory))
            throw new FileNotFoundException($"ResumeFrom '{fileOrDirectory}' is neither a checkpoint file nor a directory.", fileOrDirectory);
        var run = LatestRun(fileOrDirectory)
            ?? throw new FileNotFoundException($"The directory '{fileOrDirectory}' holds no checkpoint (step-*{Extension}); start without ResumeFrom or point it at a checkpoint file.");
        var damaged = new List<string>();
        foreach (var (path, _, _) in run)
        {
            try
            {
                ReadPayload(path);
                skipped = damaged;
                return path;
            }
            catch (InvalidDataException e)
            {
                damaged.Add(e.Message);
            }
        }
        throw new InvalidDataException(
            $"Every checkpoint of the latest run in '{fileOrDirectory}' is damaged: {string.Join(" ", damaged)} Start again without ResumeFrom in another folder.");
    }

    /// <summary>The checkpoint of the most steps of the most recently written run in <paramref name="directory"/>, or null when there is none (not verified).</summary>
    public static string? Latest(string directory) => LatestRun(directory)?[0].Path;

    /// <summary>
    /// Deletes all but the newest <see cref="KeptCheckpoints"/> checkpoints of run <paramref name="runId"/> in
    /// <paramref name="directory"/>; checkpoints of other runs are never touched.
    /// </summary>
    public static void Prune(string directory, string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        foreach (var (path, _, _) in Checkpoints(directory).Where(c => c.RunId == runId).Skip(KeptCheckpoints)) File.Delete(path);
    }

    /// <summary>A new run identity: 12 random lower-case hex digits.</summary>
    public static string NewRunId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();

    /// <summary>
    /// The run of the newest checkpoint file by write time in <paramref name="directory"/>, its checkpoints most steps
    /// first; null when there is none. Files of the first format carry no run identity and count as one run ("").
    /// </summary>
    private static (string Path, int Step, string RunId)[]? LatestRun(string directory)
    {
        var all = Checkpoints(directory);
        if (all.Length == 0) return null;
        string runId = all.MaxBy(c => File.GetLastWriteTimeUtc(c.Path))!.RunId;
        return all.Where(c => c.RunId == runId).ToArray();
    }

    /// <summary>The run identities found in <paramref name="directory"/>, each with its highest step.</summary>
    public static IReadOnlyDictionary<string, int> Runs(string directory) =>
        Checkpoints(directory).GroupBy(c => c.RunId).ToDictionary(g => g.Key, g => g.Max(c => c.Step));

    /// <summary>The checkpoints of a directory, most steps first.</summary>
    private static (string Path, int Step, string RunId)[] Checkpoints(string directory)
    {
        if (!Directory.Exists(directory)) return Array.Empty<(string, int, string)>();
        return Directory.EnumerateFiles(directory, "step-*" + Extension)
            .Select(path => (Path: path, Match: StepName().Match(Path.GetFileName(path))))
            .Where(c => c.Match.Success)
            .Select(c => (c.Path, Step: int.Parse(c.Match.Groups[1].Value, CultureInfo.InvariantCulture), RunId: c.Match.Groups[2].Value))
            .OrderByDescending(c => c.Step)
            .ToArray();
    }

    [GeneratedRegex(@"^step-(\d{1,9})(?:\.([0-9a-f]{12}))?\.samclrckpt$")]
    private static partial Regex StepName();
}
