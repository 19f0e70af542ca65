using System.Globalization;
using System.Text;

namespace SamClr.MLNet.Samples.Reproduce;

/// <summary>Writes results.md (laid out like the paper's tables) and results.csv (one row per cell) from a record.</summary>
internal static class ReproductionReport
{
    public const string MarkdownFileName = "results.md";

    public const string CsvFileName = "results.csv";

    public static readonly string[] Protocols = { "knn", "linear" };

    /// <summary>Both files, each written atomically; returns the Markdown table.</summary>
    public static string Write(string directory, ReproductionRecord record)
    {
        string markdown = Markdown(record);
        AtomicFile.WriteAllText(Path.Combine(directory, MarkdownFileName), "results table", markdown);
        AtomicFile.WriteAllText(Path.Combine(directory, CsvFileName), "results table", Csv(record));
        return markdown;
    }

    /// <summary>Rows = methods, columns = kNN per evaluation set then linear per evaluation set; a cell not yet computed shows "-".</summary>
    public static string Markdown(ReproductionRecord record)
    {
        var c = record.Configuration;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Top-1 accuracy (%), {c.Backbone} pre-trained on {Path.GetFileName(Path.TrimEndingDirectorySeparator(c.Pretrain))} " +
            $"for {c.Epochs} epochs (batch {c.BatchSize}, {c.ViewSize} px views, seed {c.Seed}){(c.Table is int t ? $", paper's Table {t} settings" : "")}.");
        text.AppendLine();
        var columns = Protocols.SelectMany(p => c.EvaluationSets.Select(e => (Protocol: p, Set: e.Name))).ToList();
        text.Append("| method |");
        foreach (var (protocol, set) in columns) text.Append(CultureInfo.InvariantCulture, $" {(protocol == "knn" ? "kNN" : "linear")} {set} |");
        text.AppendLine();
        text.Append("| --- |");
        foreach (var _ in columns) text.Append(" --- |");
        text.AppendLine();
        foreach (var method in c.Methods)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {DisplayName(method)} |");
            foreach (var (protocol, set) in columns)
            {
                var cell = record.Cell(method, set, protocol);
                text.Append(cell is null ? " - |" : string.Create(CultureInfo.InvariantCulture, $" {cell.Top1:F1} |"));
            }
            text.AppendLine();
        }
        return text.ToString();
    }

    /// <summary>One row per finished cell with its timing and device.</summary>
    public static string Csv(ReproductionRecord record)
    {
        var text = new StringBuilder("method,eval_set,protocol,top1,train_images,test_images,featurize_seconds,seconds,images_per_second,device,run,finished_utc\n");
        foreach (var cell in record.Cells)
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{cell.Method},{Quote(cell.EvaluationSet)},{cell.Protocol},{cell.Top1:F2},{cell.TrainImages},{cell.TestImages}," +
                $"{cell.FeaturizeSeconds:F3},{cell.Seconds:F3},{cell.ImagesPerSecond:F1},{cell.Device},{cell.Run},{cell.FinishedUtc:O}"));
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
            _ => name,
        }) + suffix;
    }

    private static string Quote(string value) =>
        value.IndexOfAny(new[] { ',', '"', '\n' }) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
