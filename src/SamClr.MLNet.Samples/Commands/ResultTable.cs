using SamClr.MLNet.Evaluation;
namespace SamClr.MLNet.Samples.Commands;

/// <summary>Prints encoder rows of kNN and linear top-1 accuracy as a Markdown table.</summary>
internal static class ResultTable
{
    public static void Print(string title, IEnumerable<(string Encoder, SslEvaluationResult Result)> rows)
    {
        Console.WriteLine();
        Console.WriteLine(title);
        Console.WriteLine("| encoder     | kNN  | linear |");
        Console.WriteLine("| ----------- | ---- | ------ |");
        foreach (var (name, r) in rows) Console.WriteLine($"| {name,-11} | {r.KnnTop1,4:F1} | {r.LinearTop1,6:F1} |");
        Console.WriteLine();
    }
}
