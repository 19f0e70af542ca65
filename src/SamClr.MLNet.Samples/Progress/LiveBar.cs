using Spectre.Console;

namespace SamClr.MLNet.Samples.Progress;

/// <summary>
/// A Spectre.Console progress bar on the terminal, with its text beside it, redrawn by Spectre's live display on a
/// thread of its own while the caller works; <see cref="End"/> leaves its last state on the screen.
/// </summary>
internal sealed class LiveBar
{
    private readonly ManualResetEventSlim _ended = new();
    private readonly Task _display;
    private readonly ProgressTask _task;

    public LiveBar(string text)
    {
        var started = new TaskCompletionSource<ProgressTask>(TaskCreationOptions.RunContinuationsAsynchronously);
        _display = Task.Factory.StartNew(() => AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new ProgressBarColumn(), new PercentageColumn(), new TaskDescriptionColumn { Alignment = Justify.Left })
            .Start(context =>
            {
                started.SetResult(context.AddTask(Markup.Escape(text), maxValue: 1));
                _ended.Wait();
            }), TaskCreationOptions.LongRunning);
        Task.WaitAny(started.Task, _display);
        if (!started.Task.IsCompleted) _display.GetAwaiter().GetResult();
        _task = started.Task.Result;
    }

    /// <summary>Moves the bar to <paramref name="fraction"/> (0 to 1) and replaces its text.</summary>
    public void Update(double fraction, string text)
    {
        _task.Description = Markup.Escape(text);
        _task.Value = Math.Clamp(fraction, 0, 1);
    }

    /// <summary>Stops redrawing, leaving the bar's last state on the screen.</summary>
    public void End()
    {
        _ended.Set();
        _display.Wait();
    }
}
