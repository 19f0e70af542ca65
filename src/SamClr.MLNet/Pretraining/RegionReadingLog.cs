using System.Diagnostics;
using Microsoft.ML.Runtime;

namespace SamClr.MLNet.Pretraining;

/// <summary>
/// Reports on the estimator's ML.NET channel (<c>MLContext.Log</c>, kind Info) how far reading the region column has
/// come. Reading it runs the proposer (SAM, or the default segmenter) of every image that has no stored regions, one
/// image at a time, before the first step: minutes for thousands of large frames. A line every tenth of the rows when
/// their number is known, else every 100 rows.
/// </summary>
internal sealed class RegionReadingLog
{
    private const string Marker = ": regions read for ";
    private readonly IChannel _channel;
    private readonly string _method;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastTenth;

    /// <summary>Reports on <paramref name="channel"/> for <paramref name="method"/> ("SimCLR", ...).</summary>
    public RegionReadingLog(IChannel channel, string method)
    {
        _channel = channel;
        _method = method;
    }

    /// <summary>Whether a log message is one of these progress lines (the samples show them on the command line).</summary>
    public static bool IsProgress(string message) => message.Contains(Marker, StringComparison.Ordinal);

    /// <summary>Called after each row: <paramref name="rows"/> read so far, of <paramref name="total"/> when known.</summary>
    public void RowRead(int rows, long? total)
    {
        if (total is > 0 and long count)
        {
            long tenth = 10L * rows / count;
            if (tenth <= _lastTenth) return;
            _lastTenth = tenth;
        }
        else if (rows % 100 != 0) return;
        double rate = rows / Math.Max(_clock.Elapsed.TotalSeconds, 1e-9);
        _channel.Info(MessageSensitivity.None,
            $"{_method}{Marker}{rows}{(total is long all ? $" of {all}" : "")} images ({rate:0.0} images/s).");
    }
}
