using System.Diagnostics;
using SamClr.MLNet.Compute;
using SamClr.MLNet.Models;
using SamClr.MLNet.Scenes;
using SamClr.MLNet.Training.Monitoring;
using SamClr.MLNet.Views;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>
/// A long-run check: many epochs of SimCLR with a tiny backbone on the built-in scenes, printing after every epoch the
/// process's working set, its peak, and the number of live TorchSharp tensors, and at the end whether memory grew after
/// the first epochs (a leak shows as a working set or tensor count that keeps climbing).
/// </summary>
internal sealed class SoakCommand
{
    /// <summary>Epochs whose growth is not held against the run: allocators and caches fill up first.</summary>
    private const int WarmupEpochs = 3;

    /// <summary>Growth of the working set after warm-up that still counts as flat.</summary>
    private const double ToleratedGrowthMiB = 64;

    private readonly Option<int> _epochs = CliOption.Int("--epochs", 30, "Epochs to run (at least 2).", min: 2);
    private readonly Option<int> _scenes = CliOption.Int("--scenes", 500, "Built-in scenes to train on (without --store).", min: 2);
    private readonly Option<int> _batch = CliOption.Int("--batch", 32, "Images per step.", min: 1);
    private readonly Option<int> _size = CliOption.Int("--size", 64, "Side of the scenes in pixels (without --store).", min: 16);
    private readonly SeedOptionGroup _seed = new(several: false);
    private readonly Option<string?> _store = CliOption.OutputDirectory("--store", "Train on generated frames read from an on-disk image store in this folder (made on the first run, reused after).");
    private readonly Option<int> _frames = CliOption.Int("--frames", 20000, "Frames in the image store (with --store).", min: 2);
    private readonly Option<int> _width = CliOption.Int("--width", 1024, "Width of the frames in pixels (with --store).", min: 16);
    private readonly Option<int> _height = CliOption.Int("--height", 512, "Height of the frames in pixels (with --store).", min: 16);

    public SoakCommand()
    {
        Command = new Command("soak", "A long-run memory check on the CPU: SimCLR epochs printing the working set and live tensors, failing when memory keeps growing.");
        foreach (var option in new Option[] { _epochs, _scenes, _batch, _size })
            Command.Add(option);
        _seed.AddTo(Command);
        foreach (var option in new Option[] { _store, _frames, _width, _height })
            Command.Add(option);
        foreach (var option in new Option[] { _frames, _width, _height })
            Command.Requires(option, _store, "it sets the frames of the on-disk image store.");
        foreach (var option in new Option[] { _scenes, _size })
            Command.Check(result => result.Given(option) && result.Given(_store)
                ? $"{option.Name} sets the built-in scenes, which --store replaces with generated frames: drop one of them." : null);
        Command.SetAction(Run);
    }

    /// <summary>The command, with its options, checks and action.</summary>
    public Command Command { get; }

    private int Run(ParseResult parse)
    {
        int epochs = parse.GetValue(_epochs), scenes = parse.GetValue(_scenes), batch = parse.GetValue(_batch);
        int size = parse.GetValue(_size), seed = _seed.Seed(parse);
        string? store = parse.GetValue(_store);
        int frames = parse.GetValue(_frames), width = parse.GetValue(_width), height = parse.GetValue(_height);

        using var frameStore = store is null ? null : FrameStore(store, frames, width, height, seed);
        ISourceImages images = frameStore
            ?? (ISourceImages)SyntheticSceneGenerator.Generate(new SyntheticSceneOptions { Count = scenes, ImageSize = size, Seed = seed }).Images;
        manual_seed(seed);
        using var method = new SimClrMethod(Backbones.Create("small-cnn"), ViewAugmentationOptions.SimClr(32));
        var monitor = new MemoryMonitor();
        var options = new PretrainingOptions
        {
            Epochs = epochs, BatchSize = batch, WarmupEpochs = 1, Seed = seed, Device = ComputeDevice.Cpu,
            Monitor = monitor, MonitorEveryEpochs = 1,
        };
        Console.WriteLine(frameStore is null
            ? $"soak: SimCLR small-cnn, {scenes} scenes of {size} px, batch {batch}, {epochs} epochs, CPU, torch threads {get_num_threads()}"
            : $"soak: SimCLR small-cnn, {images.Count} frames of {width}x{height} px read from the image store {store}, batch {batch}, {epochs} epochs, CPU, torch threads {get_num_threads()}");
        Console.WriteLine("| epoch | step | train s | working set MiB | peak working set MiB | live tensors |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        var history = Pretrainer.Train(method, images, new WholeImageBoxSource(images), options, CPU);

        var verdict = Verdict(monitor.Samples);
        Console.WriteLine();
        Console.WriteLine($"final mean loss {history.EpochLosses[^1]:F4}, {history.ImagesPerSecond:F0} images/s");
        Console.WriteLine(verdict.Message);
        return verdict.Grew ? 1 : 0;
    }

    /// <summary>
    /// The image store of <paramref name="count"/> generated frames in <paramref name="directory"/>, made once (a few
    /// gradients, rectangles and noise per frame, generated in parallel batches) and reused by later runs.
    /// </summary>
    private static ImageStore FrameStore(string directory, int count, int width, int height, int seed)
    {
        if (ImageStore.Exists(directory)) return ImageStore.Open(directory);
        Console.WriteLine($"Generating {count} frames of {width}x{height} px into the image store {directory} ({3L * width * height * count / (1L << 30)} GiB)...");
        var display = new ProgressDisplay();
        IEnumerable<(byte[], ImageSize, ImageSize, string)> Frames()
        {
            const int Batch = 64;
            for (int start = 0; start < count; start += Batch)
            {
                var made = new byte[Math.Min(Batch, count - start)][];
                Parallel.For(0, made.Length, i => made[i] = Frame(width, height, seed * 1_000_003 + start + i));
                for (int i = 0; i < made.Length; i++)
                    yield return (made[i], new ImageSize(width, height), new ImageSize(width, height), $"frame/{start + i}");
                display.Update((double)(start + made.Length) / count, $"{start + made.Length}/{count} frames", last: start + made.Length == count);
            }
        }
        return ImageStore.Create(directory, Frames(), Math.Max(width, height));
    }

    /// <summary>One frame: a vertical colour gradient with -8..+7 levels of noise and a dozen random rectangles, interleaved RGB.</summary>
    private static byte[] Frame(int width, int height, int seed)
    {
        var rng = new Random(seed);
        var rgb = new byte[3 * width * height];
        rng.NextBytes(rgb);
        var top = new[] { rng.Next(256), rng.Next(256), rng.Next(256) };
        var bottom = new[] { rng.Next(256), rng.Next(256), rng.Next(256) };
        for (int y = 0; y < height; y++)
        {
            var row = rgb.AsSpan(3 * y * width, 3 * width);
            for (int c = 0; c < 3; c++)
            {
                int level = top[c] + (bottom[c] - top[c]) * y / height;
                for (int i = c; i < row.Length; i += 3) row[i] = (byte)Math.Clamp(level + (row[i] & 15) - 8, 0, 255);
            }
        }
        for (int r = 0; r < 12; r++)
        {
            int w = rng.Next(8, width / 8), h = rng.Next(8, height / 8), x0 = rng.Next(width - w), y0 = rng.Next(height - h);
            var colour = new[] { (byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256) };
            for (int y = y0; y < y0 + h; y++)
                for (int x = x0; x < x0 + w; x++)
                    colour.CopyTo(rgb, 3 * (y * width + x));
        }
        return rgb;
    }

    internal sealed record Sample(int Epoch, long WorkingSet, long PeakWorkingSet, long LiveTensors);

    /// <summary>Compares the samples after <see cref="WarmupEpochs"/> with the one at the end of warm-up.</summary>
    internal static (bool Grew, string Message) Verdict(IReadOnlyList<Sample> samples)
    {
        if (samples.Count <= WarmupEpochs)
            return (false, $"too few epochs ({samples.Count}) to judge growth after the first {WarmupEpochs}.");
        var baseline = samples[WarmupEpochs - 1];
        var last = samples[^1];
        double peakGrowth = (last.PeakWorkingSet - baseline.PeakWorkingSet) / (1024.0 * 1024);
        double setGrowth = (last.WorkingSet - baseline.WorkingSet) / (1024.0 * 1024);
        long tensorGrowth = samples.Skip(WarmupEpochs).Max(s => s.LiveTensors) - baseline.LiveTensors;
        bool grew = tensorGrowth > 0 || peakGrowth > ToleratedGrowthMiB;
        string message =
            $"after epoch {baseline.Epoch} to epoch {last.Epoch}: peak working set {peakGrowth:+0.0;-0.0;0} MiB, working set {setGrowth:+0.0;-0.0;0} MiB, live tensors {tensorGrowth:+0;-0;0}. " +
            (grew ? $"MEMORY GREW after the first {WarmupEpochs} epochs (tolerance {ToleratedGrowthMiB} MiB peak, 0 tensors)."
                  : $"memory did not grow after the first {WarmupEpochs} epochs (tolerance {ToleratedGrowthMiB} MiB peak, 0 tensors).");
        return (grew, message);
    }

    private sealed class MemoryMonitor : IPretrainingMonitor
    {
        private readonly Process _process = Process.GetCurrentProcess();
        public List<Sample> Samples { get; } = new();

        public void OnEpochEnd(Backbone backbone, Device device, int epoch, int step, TimeSpan elapsed)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            _process.Refresh();
            var sample = new Sample(epoch, _process.WorkingSet64, _process.PeakWorkingSet64, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
            Samples.Add(sample);
            const double MiB = 1024.0 * 1024;
            Console.WriteLine($"| {epoch} | {step} | {elapsed.TotalSeconds:F1} | {sample.WorkingSet / MiB:F0} | {sample.PeakWorkingSet / MiB:F0} | {sample.LiveTensors} |");
        }
    }
}
