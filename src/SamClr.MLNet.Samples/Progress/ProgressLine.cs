namespace SamClr.MLNet.Samples;

/// <summary>
/// One progress display: a bar redrawn in place on a terminal, or a line every 10% when the output is redirected
/// (CI logs stay readable). The progress reporters of the commands format their text and hand it here.
/// </summary>
internal sealed class ProgressLine
{
    private const int Width = 30;
    private readonly bool _interactive = !Console.IsOutputRedirected;
    private int _lastDecile = -1;

    /// <summary>The bar for <paramref name="fraction"/> (0 to 1), e.g. "[#####.........]".</summary>
    public static string Bar(double fraction)
    {
        int filled = (int)(Math.Clamp(fraction, 0, 1) * Width);
        return $"[{new string('#', filled)}{new string('.', Width - filled)}]";
    }

    /// <summary>Shows <paramref name="text"/> at <paramref name="fraction"/>; <paramref name="first"/> always prints a line, <paramref name="last"/> ends the bar.</summary>
    public void Write(double fraction, string text, bool first, bool last)
    {
        if (_interactive)
        {
            Console.Write($"\r{Bar(fraction)} {text}   ");
            if (last) Console.WriteLine();
            return;
        }
        int decile = (int)(fraction * 10);
        if (decile == _lastDecile && !first) return;
        _lastDecile = decile;
        Console.WriteLine($"{fraction * 100,5:F1}% {text}");
    }
}
