using Spectre.Console;

namespace SamClr.MLNet.Samples.Output;

/// <summary>
/// Prints text that holds Markdown tables (result tables, benchmark rows): as it is when the output is redirected (logs,
/// docs and tests read the Markdown), with each table drawn as a Spectre.Console table on a terminal.
/// </summary>
internal static class MarkdownText
{
    public static void Print(string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        if (Console.IsOutputRedirected)
        {
            foreach (var line in lines) Console.WriteLine(line);
            return;
        }
        for (int i = 0; i < lines.Length;)
        {
            if (!IsRow(lines[i]))
            {
                AnsiConsole.WriteLine(lines[i++]);
                continue;
            }
            var rows = new List<string[]>();
            for (; i < lines.Length && IsRow(lines[i]); i++)
                if (!IsSeparator(lines[i])) rows.Add(Cells(lines[i]));
            AnsiConsole.Write(Table(rows));
        }
    }

    private static Table Table(List<string[]> rows)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in rows[0]) table.AddColumn(new TableColumn(Markup.Escape(header)));
        foreach (var row in rows.Skip(1))
            table.AddRow(Enumerable.Range(0, rows[0].Length).Select(c => Markup.Escape(c < row.Length ? row[c] : "")).ToArray());
        return table;
    }

    private static bool IsRow(string line) => line.StartsWith('|');

    private static bool IsSeparator(string line) => Cells(line).All(cell => cell.Length > 0 && cell.All(c => c is '-' or ':'));

    private static string[] Cells(string line) => line.Trim().Trim('|').Split('|').Select(cell => cell.Trim()).ToArray();
}
