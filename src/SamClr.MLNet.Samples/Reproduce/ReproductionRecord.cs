using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using SamClr.MLNet.IO;
using TorchSharp;

namespace SamClr.MLNet.Samples.Reproduce;

/// <summary>The library versions a run used.</summary>
internal sealed record SoftwareVersions(string Library, string TorchSharp, string MLNet, string Runtime)
{
    public static SoftwareVersions Current() => new(
        Version(typeof(ImageEncoder).Assembly), Version(typeof(torch).Assembly), Version(typeof(MLContext).Assembly),
        Environment.Version.ToString());

    private static string Version(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "unknown";
}

/// <summary>One invocation of the command: when it started, on what device and with which versions.</summary>
internal sealed record RunRecord(int Number, DateTime StartedUtc, string Device, SoftwareVersions Versions);

/// <summary>A finished pre-training: its encoder lies in <see cref="EncoderDirectory"/> (relative to the output folder).</summary>
internal sealed record PretrainingRecord(string Method, int Seed, string EncoderDirectory, int Images, int Epochs, double Seconds, double ImagesPerSecond,
    float FirstEpochLoss, float LastEpochLoss, string Device, int Run, DateTime FinishedUtc)
{
    /// <summary>
    /// The encoder folder inside <paramref name="output"/>. results.json is data, not a pointer to trust: a rooted path
    /// or one that climbs out with ".." (which would load an encoder from anywhere) is refused.
    /// </summary>
    /// <exception cref="InvalidDataException">The recorded path leaves the output folder.</exception>
    public string EncoderPath(string output)
    {
        string root = Path.GetFullPath(output), full = Path.GetFullPath(Path.Combine(root, EncoderDirectory));
        if (Path.IsPathRooted(EncoderDirectory) || !full.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InvalidDataException(
                $"'{Path.Combine(output, ReproductionRecord.FileName)}' gives {Method}'s encoder as '{EncoderDirectory}', outside the output folder; " +
                "the file was edited or damaged. Restore it, or move it away to pre-train again.");
        return full;
    }
}

/// <summary>
/// One finished cell: method x seed x evaluation set x protocol ("random" is the random-init encoder of that seed). <see cref="FeaturizeSeconds"/> is the time to featurize both
/// splits (shared by the method's two protocols on that set), <see cref="Seconds"/> the time to fit and evaluate the
/// protocol, and <see cref="ImagesPerSecond"/> the train and test images over both.
/// </summary>
internal sealed record CellRecord(string Method, int Seed, string EvaluationSet, string Protocol, double Top1, int TrainImages, int TestImages,
    double FeaturizeSeconds, double Seconds, double ImagesPerSecond, string Device, int Run, DateTime FinishedUtc);

/// <summary>
/// One cell over its seeds: the mean top-1 and the sample standard deviation (n - 1; 0 for one seed) of the finished
/// seeds. <see cref="Temperature"/> is null for the random-init row.
/// </summary>
internal sealed record SummaryRecord(string Method, double? Temperature, string EvaluationSet, string Protocol, int Seeds, double Mean, double StandardDeviation)
{
    public static List<SummaryRecord> Of(ReproductionRecord record) => record.Cells
        .GroupBy(c => (c.Method, c.EvaluationSet, c.Protocol))
        .Select(g =>
        {
            var values = g.Select(c => c.Top1).ToList();
            double mean = values.Average();
            double sd = values.Count < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
            double? temperature = record.Configuration.Temperatures.TryGetValue(g.Key.Method, out var t) ? t : null;
            return new SummaryRecord(g.Key.Method, temperature, g.Key.EvaluationSet, g.Key.Protocol, values.Count, mean, sd);
        }).ToList();
}

/// <summary>
/// The state of a reproduction, written as results.json after every finished pre-training and every finished cell
/// (to a temporary file, then renamed): what a stopped run reads to continue.
/// </summary>
internal sealed class ReproductionRecord
{
    public const string FileName = "results.json";

    /// <summary>Version 2 added seeds, per-method temperatures, the random-init row and the linear protocols.</summary>
    public const int CurrentFormatVersion = 2;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    public ReproductionConfiguration Configuration { get; set; } = new();

    public List<RunRecord> Runs { get; init; } = new();

    public List<PretrainingRecord> Pretrainings { get; init; } = new();

    public List<CellRecord> Cells { get; init; } = new();

    /// <summary>Mean and standard deviation over the seeds of every cell (rewritten with every save).</summary>
    public List<SummaryRecord> Summary { get; set; } = new();

    public PretrainingRecord? Pretraining(string method, int seed) => Pretrainings.FirstOrDefault(p => p.Method == method && p.Seed == seed);

    public CellRecord? Cell(string method, int seed, string evaluationSet, string protocol) =>
        Cells.FirstOrDefault(c => c.Method == method && c.Seed == seed && c.EvaluationSet == evaluationSet && c.Protocol == protocol);

    /// <summary>Reads results.json from <paramref name="directory"/>, or returns null when there is none.</summary>
    /// <exception cref="InvalidDataException">The file is damaged or of another format version.</exception>
    public static ReproductionRecord? Load(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) return null;
        ReproductionRecord record;
        try
        {
            record = JsonSerializer.Deserialize<ReproductionRecord>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException($"'{path}' is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a readable reproduction record ({e.Message}). Move it away to start over.", e);
        }
        if (record.FormatVersion != CurrentFormatVersion)
            throw new InvalidDataException($"'{path}' has format version {record.FormatVersion}; this build reads version {CurrentFormatVersion}.");
        return record;
    }

    /// <summary>Writes results.json into <paramref name="directory"/> atomically.</summary>
    public void Save(string directory)
    {
        Summary = SummaryRecord.Of(this);
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), "reproduction record", JsonSerializer.Serialize(this, Json));
    }
}
