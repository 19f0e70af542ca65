namespace SamClr.MLNet.Samples.Commands;

/// <summary>Prints encoder rows of kNN and linear top-1 accuracy as a Markdown table (a Spectre.Console table on a terminal).</summary>
internal static class ResultTable
{
    public static void Print(string title, IEnumerable<(string Encoder, SslEvaluationResult Result)> rows)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine().AppendLine(title);
        text.AppendLine("| encoder     | kNN  | linear |");
        text.AppendLine("| ----------- | ---- | ------ |");
        foreach (var (name, r) in rows) text.AppendLine($"| {name,-11} | {r.KnnTop1,4:F1} | {r.LinearTop1,6:F1} |");
        MarkdownText.Print(text.ToString());
        Console.WriteLine();
    }
}
