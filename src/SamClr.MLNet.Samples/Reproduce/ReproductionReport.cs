using System.Globalization;
using System.Text;
using SamClr.MLNet.IO;

namespace SamClr.MLNet.Samples.Reproduce;

/// <summary>
/// Writes results.md (laid out like the paper's tables, mean ± sd over seeds), results.csv (one row per cell and seed)
/// and summary.csv (one row per cell: mean and sd over its seeds) from a record.
/// </summary>
internal static class ReproductionReport
{
    public const string MarkdownFileName = "results.md";

    public const string CsvFileName = "results.csv";

    public const string SummaryCsvFileName = "summary.csv";

    /// <summary>The row of the random-init encoder (same backbone and evaluation as the methods, no pre-training).</summary>
    public const string RandomRow = "random";

    /// <summary>kNN (k = 200, T = 0.1).</summary>
    public const string Knn = "knn";

    /// <summary>Lightly's linear evaluation, the authors' protocol: SGD on features of cropped and flipped images.</summary>
    public const string LinearSgd = "linear-sgd";

    /// <summary>The fast linear probe: standardised features, L-BFGS, L2 chosen on a hold-out.</summary>
    public const string LinearLbfgs = "linear-lbfgs";

    /// <summary>The protocols among <paramref name="protocols"/> in column order: kNN, the SGD probe, the L-BFGS probe.</summary>
    public static List<string> Protocols(IEnumerable<string> protocols)
    {
        var given = protocols.ToHashSet(StringComparer.Ordinal);
        return new[] { Knn, LinearSgd, LinearLbfgs }.Where(given.Contains).ToList();
    }

    /// <summary>All three files, each written atomically; returns the Markdown table.</summary>
    public static string Write(string directory, ReproductionRecord record)
    {
        record.Summary = SummaryRecord.Of(record);
        string markdown = Markdown(record);
        AtomicFile.WriteAllText(Path.Combine(directory, MarkdownFileName), "results table", markdown);
        AtomicFile.WriteAllText(Path.Combine(directory, CsvFileName), "results table", Csv(record));
        AtomicFile.WriteAllText(Path.Combine(directory, SummaryCsvFileName), "results summary", SummaryCsv(record));
        return markdown;
    }

    /// <summary>
    /// Rows = the random-init encoder, then the methods, each with its temperature; columns = each protocol per evaluation
    /// set. A cell shows the mean ± sd over its finished seeds (just the value for one seed), "-" when none is finished.
    /// </summary>
    public static string Markdown(ReproductionRecord record)
    {
        var c = record.Configuration;
        var text = new StringBuilder();
        string seeds = c.Seeds.Count == 1 ? $"seed {c.Seeds[0]}" : $"mean ± sd over seeds {string.Join(", ", c.Seeds)}";
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Top-1 accuracy (%), {c.Backbone} pre-trained on {Path.GetFileName(Path.TrimEndingDirectorySeparator(c.Pretrain))} " +
            $"for {c.Epochs} epochs (batch {c.BatchSize}, {c.ViewSize} px views{(c.CropScale is double s ? $", SimCLR/SAMCLR crop scale {s}-1" : "")}, {seeds}){(c.Table is int t ? $", paper's Table {t} settings" : "")}. " +
            $"kNN: k = 200, T = 0.1. Linear: {string.Join("; ", c.Protocols.Where(p => p != Knn).Select(p => Describe(p, c.ProbeEpochs)))}. T: the method's temperature.");
        text.AppendLine();
        var columns = c.Protocols.SelectMany(p => c.EvaluationSets.Select(e => (Protocol: p, Set: e.Name))).ToList();
        text.Append("| method | T |");
        foreach (var (protocol, set) in columns) text.Append(CultureInfo.InvariantCulture, $" {ColumnName(protocol)} {set} |");
        text.AppendLine();
        text.Append("| --- | --- |");
        foreach (var _ in columns) text.Append(" --- |");
        text.AppendLine();
        foreach (var method in Rows(c))
        {
            string temperature = c.Temperatures.TryGetValue(method, out var value) ? value.ToString(CultureInfo.InvariantCulture) : "-";
            text.Append(CultureInfo.InvariantCulture, $"| {DisplayName(method)} | {temperature} |");
            foreach (var (protocol, set) in columns)
            {
                var cell = record.Summary.FirstOrDefault(s => s.Method == method && s.EvaluationSet == set && s.Protocol == protocol);
                text.Append(cell is null ? " - |" : " " + Format(cell, c.Seeds.Count) + " |");
            }
            text.AppendLine();
        }
        return text.ToString();
    }

    /// <summary>The table's rows: the random-init encoder first, then the methods in order.</summary>
    public static IEnumerable<string> Rows(ReproductionConfiguration configuration) => configuration.Methods.Prepend(RandomRow);

    /// <summary>One row per finished cell and seed with its timing and device.</summary>
    public static string Csv(ReproductionRecord record)
    {
        var text = new StringBuilder("method,seed,eval_set,protocol,top1,train_images,test_images,featurize_seconds,seconds,images_per_second,device,run,finished_utc\n");
        foreach (var cell in record.Cells)
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{cell.Method},{cell.Seed},{Quote(cell.EvaluationSet)},{cell.Protocol},{cell.Top1:F2},{cell.TrainImages},{cell.TestImages}," +
                $"{cell.FeaturizeSeconds:F3},{cell.Seconds:F3},{cell.ImagesPerSecond:F1},{cell.Device},{cell.Run},{cell.FinishedUtc:O}"));
        return text.ToString();
    }

    /// <summary>One row per cell: its temperature, the number of finished seeds, mean and sample standard deviation of top-1.</summary>
    public static string SummaryCsv(ReproductionRecord record)
    {
        var text = new StringBuilder("method,temperature,eval_set,protocol,seeds,mean_top1,sd_top1\n");
        foreach (var s in record.Summary)
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{s.Method},{s.Temperature?.ToString(CultureInfo.InvariantCulture) ?? ""},{Quote(s.EvaluationSet)},{s.Protocol},{s.Seeds},{s.Mean:F2},{s.StandardDeviation:F2}"));
        return text.ToString();
    }

    /// <summary>The paper's spelling of a method name (simclr -> SimCLR, moco+regions -> MoCo+regions).</summary>
    public static string DisplayName(string method)
    {
        int plus = method.IndexOf('+', StringComparison.Ordinal);
        string name = plus < 0 ? method : method[..plus], suffix = plus < 0 ? "" : method[plus..];
        return (name switch
        {
            "simclr" => "SimCLR",
            "samclr" => "SAMCLR",
            "moco" => "MoCo",
            "dino" => "DINO",
            "swav" => "SwAV",
            RandomRow => "random init",
            _ => name,
        }) + suffix;
    }

    private static string Format(SummaryRecord cell, int seeds) => seeds == 1 && cell.Seeds == 1
        ? cell.Mean.ToString("F1", CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{cell.Mean:F1} ± {cell.StandardDeviation:F1}{(cell.Seeds < seeds ? $" (n={cell.Seeds})" : "")}");

    private static string ColumnName(string protocol) => protocol switch
    {
        Knn => "kNN",
        LinearSgd => "linear",
        LinearLbfgs => "L-BFGS",
        _ => protocol,
    };

    private static string Describe(string protocol, int probeEpochs) => protocol switch
    {
        LinearSgd => $"\"linear\" = SGD probe on crops and flips, {probeEpochs} epochs, cosine schedule (Lightly's, the paper's protocol)",
        LinearLbfgs => "\"L-BFGS\" = standardised features, L-BFGS, L2 chosen on a 20% hold-out (fast protocol)",
        _ => protocol,
    };

    private static string Quote(string value) =>
        value.IndexOfAny(new[] { ',', '"', '\n' }) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
