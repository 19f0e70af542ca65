using SamClr.MLNet.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Views;

/// <summary>
/// The per-sample colour parameters of one view batch and the constants the colour steps need, sent to the device
/// in one upload (<see cref="DeviceUpload"/>): columns brightness, contrast, saturation, hue, jitter flag, grayscale
/// flag, blur flag, blur sigma, solarize flag per sample, then the luma weights, the hue channel offsets, the
/// normalisation mean and std, and the sample indices of the <see cref="JitterSchedule"/> when samples drew their own
/// jitter order (exact as floats: a batch has far fewer than 2^24 samples).
/// </summary>
internal sealed class ColorParameters
{
    private const int Columns = 9;

    private readonly Tensor _perSample;
    private readonly Tensor _constants;

    private ColorParameters(Tensor perSample, Tensor constants, JitterSchedule? schedule, Tensor? scheduleIndices)
    {
        _perSample = perSample;
        _constants = constants;
        Schedule = schedule;
        ScheduleIndices = scheduleIndices;
        long count = perSample.shape[0];
        Tensor Column(int c) => perSample.narrow(1, c, 1).view(count, 1, 1, 1);
        Brightness = Column(0);
        Contrast = Column(1);
        Saturation = Column(2);
        Hue = Column(3);
        Jittered = Column(4).gt(Scalars.Of(0.5));
        Grayscale = Column(5).gt(Scalars.Of(0.5));
        Blurred = Column(6).gt(Scalars.Of(0.5));
        BlurSigma = perSample.narrow(1, 7, 1);
        Solarized = Column(8).gt(Scalars.Of(0.5));
        Luma = constants.narrow(0, 0, 3).view(1, 3, 1, 1);
        HueOffsets = constants.narrow(0, 3, 3).view(1, 3, 1, 1);
        Mean = constants.narrow(0, 6, 3).view(1, 3, 1, 1);
        Std = constants.narrow(0, 9, 3).view(1, 3, 1, 1);
    }

    /// <summary>The per-sample jitter order as batched steps, or null when every sample uses the fixed order.</summary>
    internal JitterSchedule? Schedule { get; }

    /// <summary>The sample indices of <see cref="Schedule"/> (int64, on the device), or null.</summary>
    internal Tensor? ScheduleIndices { get; }

    internal Tensor Brightness { get; }
    internal Tensor Contrast { get; }
    internal Tensor Saturation { get; }
    internal Tensor Hue { get; }
    internal Tensor Jittered { get; }
    internal Tensor Grayscale { get; }
    internal Tensor Blurred { get; }

    /// <summary>Blur sigma per sample [N, 1] (1 where the sample is not blurred, so every kernel is well defined).</summary>
    internal Tensor BlurSigma { get; }

    internal Tensor Solarized { get; }
    internal Tensor Luma { get; }
    internal Tensor HueOffsets { get; }
    internal Tensor Mean { get; }
    internal Tensor Std { get; }

    /// <summary>Packs <paramref name="p"/> and the constants of <paramref name="options"/> and uploads them to <paramref name="device"/> at once.</summary>
    internal static ColorParameters Upload(ViewParameters p, ViewAugmentationOptions options, Device device)
    {
        int n = p.Count;
        var schedule = JitterSchedule.For(p);
        int scheduled = schedule?.Indices.Length ?? 0;
        var values = new float[n * Columns + 12 + scheduled];
        for (int i = 0; i < n; i++)
        {
            int o = i * Columns;
            values[o] = p.Brightness[i];
            values[o + 1] = p.Contrast[i];
            values[o + 2] = p.Saturation[i];
            values[o + 3] = p.Hue[i];
            values[o + 4] = p.Jitter[i] ? 1 : 0;
            values[o + 5] = p.Grayscale[i] ? 1 : 0;
            values[o + 6] = p.Blur[i] ? 1 : 0;
            values[o + 7] = p.Blur[i] ? p.BlurSigma[i] : 1;
            values[o + 8] = p.Solarize[i] ? 1 : 0;
        }
        int c = n * Columns;
        ColorOps.LumaWeights.CopyTo(values, c);
        ColorOps.HueChannelOffsets.CopyTo(values, c + 3);
        (options.Normalize ? options.Mean : new[] { 0f, 0f, 0f }).CopyTo(values, c + 6);
        (options.Normalize ? options.Std : new[] { 1f, 1f, 1f }).CopyTo(values, c + 9);
        for (int j = 0; j < scheduled; j++) values[c + 12 + j] = schedule!.Indices[j];
        var packed = DeviceUpload.Floats(values, new long[] { values.Length }, device);
        var indices = schedule is null ? null : packed.narrow(0, c + 12, scheduled).to(ScalarType.Int64);
        return new ColorParameters(packed.narrow(0, 0, c).view(n, Columns), packed.narrow(0, c, 12), schedule, indices);
    }
}
