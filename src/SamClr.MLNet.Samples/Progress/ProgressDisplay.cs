using Spectre.Console;

namespace SamClr.MLNet.Samples.Progress;

/// <summary>
/// One progress display: a Spectre.Console bar on a terminal (<see cref="LiveBar"/>), or a plain line every 10% when
/// the output is redirected (CI logs, tests that read the output). The progress reporters of the commands format their
/// text and hand it here. At most one bar is live at a time: a new one ends the one before.
/// </summary>
internal sealed class ProgressDisplay
{
    private static readonly object Gate = new();
    private static LiveBar? s_live;
    private readonly bool _interactive = !Console.IsOutputRedirected;
    private LiveBar? _bar;
    private int _lastDecile = -1;

    /// <summary>Shows <paramref name="text"/> at <paramref name="fraction"/> (0 to 1); <paramref name="last"/> ends the display.</summary>
    public void Update(double fraction, string text, bool last)
    {
        if (_interactive)
        {
            ShowOnBar(fraction, text, last);
            return;
        }
        int decile = (int)(Math.Clamp(fraction, 0, 1) * 10);
        if (decile == _lastDecile && !last) return;
        _lastDecile = decile;
        Console.WriteLine($"{fraction * 100,5:F1}% {text}");
    }

    /// <summary>
    /// Writes a line of its own while a bar may be live (a measurement during training): on a terminal through
    /// Spectre.Console, which prints it above the bar instead of through it.
    /// </summary>
    public static void WriteLine(string text)
    {
        if (Console.IsOutputRedirected) Console.WriteLine(text);
        else AnsiConsole.WriteLine(text);
    }

    /// <summary>Ends the bar still on the screen, if any (a command that stopped half-way): the terminal gets its cursor back.</summary>
    public static void EndLiveBar()
    {
        lock (Gate)
        {
            s_live?.End();
            s_live = null;
        }
    }

    private void ShowOnBar(double fraction, string text, bool last)
    {
        lock (Gate)
        {
            if (_bar is null || _bar != s_live)
            {
                s_live?.End();
                s_live = _bar = new LiveBar(text);
            }
            _bar.Update(fraction, text);
            if (!last) return;
            _bar.End();
            s_live = _bar = null;
        }
    }
}
