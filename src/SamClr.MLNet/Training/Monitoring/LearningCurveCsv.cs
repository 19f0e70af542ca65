using System.Globalization;
using System.Text;
using SamClr.MLNet.IO;

namespace SamClr.MLNet.Training.Monitoring;

/// <summary>
/// Reads and writes <see cref="LearningCurve"/>s as one CSV table with the header <c>method,epoch,step,knn_top1,seconds</c>:
/// one row per point, curves one after the other, invariant culture, seconds with seven decimals (exact to the tick).
/// </summary>
internal static class LearningCurveCsv
{
    /// <summary>The header row.</summary>
    public const string Header = "method,epoch,step,knn_top1,seconds";

    /// <summary>Writes <paramref name="curves"/> to <paramref name="path"/> atomically (a temporary file, then a rename).</summary>
    public static void Write(string path, IEnumerable<LearningCurve> curves)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(curves);
        var text = new StringBuilder().Append(Header).Append('\n');
        foreach (var curve in curves)
        foreach (var p in curve.Points)
            text.Append(CultureInfo.InvariantCulture, $"{curve.Name},{p.Epoch},{p.Step},{p.KnnTop1:R},{FormatSeconds(p.Elapsed)}\n");
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        AtomicFile.WriteAllText(full, "learning-curve CSV", text.ToString());
    }

    /// <summary>Reads the curves written by <see cref="Write"/>, in the order their names first appear.</summary>
    /// <exception cref="InvalidDataException">The header or a row is malformed; the message names the file and line.</exception>
    public static IReadOnlyList<LearningCurve> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0].Trim() != Header)
            throw new InvalidDataException($"'{path}' is not a learning-curve CSV: its first line must be '{Header}'.");
        var curves = new List<LearningCurve>();
        var byName = new Dictionary<string, LearningCurve>(StringComparer.Ordinal);
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var fields = lines[i].Split(',');
            if (fields.Length != 5
                || !int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int epoch)
                || !int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int step)
                || !double.TryParse(fields[3], NumberStyles.Float, CultureInfo.InvariantCulture, out double accuracy)
                || !decimal.TryParse(fields[4], NumberStyles.Float, CultureInfo.InvariantCulture, out decimal seconds)
                || fields[0].Length == 0)
                throw new InvalidDataException(
                    $"'{path}', line {i + 1}: expected 'method,epoch,step,knn_top1,seconds' with integer epoch and step and numeric accuracy and seconds, got '{lines[i]}'.");
            if (!byName.TryGetValue(fields[0], out var curve))
            {
                curve = new LearningCurve(fields[0]);
                byName.Add(curve.Name, curve);
                curves.Add(curve);
            }
            curve.Add(new LearningCurvePoint(epoch, step, accuracy, TimeSpan.FromTicks((long)decimal.Round(seconds * TimeSpan.TicksPerSecond))));
        }
        return curves;
    }

    private static string FormatSeconds(TimeSpan elapsed) =>
        (elapsed.Ticks / (decimal)TimeSpan.TicksPerSecond).ToString("0.0000000", CultureInfo.InvariantCulture);
}
