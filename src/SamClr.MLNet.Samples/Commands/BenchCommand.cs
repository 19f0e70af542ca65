using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML.Data;
using SamClr.MLNet.Compute;
using SamClr.MLNet.IO;
using SamClr.MLNet.Models;
using SamClr.MLNet.Scenes;
using SamClr.MLNet.Views;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>
/// Measures, in one run and on one device: view augmentation, pre-training steps and featurization,
/// each next to a baseline measured in the same run, and prints a Markdown table (optionally JSON).
/// </summary>
internal sealed class BenchCommand
{
    /// <summary>The sections, in the order they run; --only picks those whose name starts with its value.</summary>
    private static readonly string[] Sections = { "views", "views from full-resolution sources", "training steps", "featurization", "pytorch comparison", "mask generator", "default segmenter", "mask store" };

    private readonly Option<bool> _quick = CliOption.Flag("--quick", "Fewer repeats and smaller batches: a quick look rather than a measurement.");
    private readonly DeviceOptionGroup _device = new();
    private readonly Option<string?> _only = CliOption.Text("--only", $"Run only the sections whose name starts with this: {string.Join(", ", Sections)}.");
    private readonly Option<string?> _json = CliOption.OutputFile("--json", "Also write the rows as JSON to this file.");

    public BenchCommand()
    {
        Command = new Command("bench", "Measures view augmentation, training steps, featurization, the mask generator, the default segmenter and the mask store, each against a baseline of the same run (auto: CPU, and CUDA too when present).");
        Command.Add(_quick);
        _device.AddTo(Command, withTf32: false);
        Command.Add(_only);
        Command.Add(_json);
        Command.Check(result => result.GetValue(_only) is { } only && !Sections.Any(s => s.StartsWith(only, StringComparison.OrdinalIgnoreCase) || only.StartsWith(s, StringComparison.OrdinalIgnoreCase))
            ? $"--only '{only}' names no section; the sections are: {string.Join(", ", Sections)}." : null);
        Command.SetAction(Run);
    }

    /// <summary>The command, with its options, checks and action.</summary>
    public Command Command { get; }

    private sealed record Row(string Measure, string Setting, double Value, string Unit, string Baseline, double BaselineValue)
    {
        public double Ratio => Value / BaselineValue;
    }

    private int Run(ParseResult parse)
    {
        bool quick = parse.GetValue(_quick);
        // Every TorchSharp measurement runs on the CPU, and again on CUDA when TorchSharp sees a GPU (unless --device cpu).
        var selection = _device.TorchDevice(parse);
        var devices = selection.Device.type != DeviceType.CUDA
            ? new[] { torch.CPU }
            : selection.Requested == ComputeDevice.Cuda ? new[] { selection.Device } : new[] { torch.CPU, selection.Device };
        string? jsonPath = parse.GetValue(_json);
        string? only = parse.GetValue(_only);
        int repeats = quick ? 1 : 3;
        Console.WriteLine($"Benchmark on {string.Join(" and ", devices.Select(d => d.type))}, {Environment.ProcessorCount} logical cores, torch threads {torch.get_num_threads()}{(quick ? ", quick" : "")}.");

        var rows = new List<Row>();
        var peaks = new Dictionary<string, long>();
        void Section(string name, Func<IEnumerable<Row>> measure)
        {
            if (only != null && !name.StartsWith(only, StringComparison.OrdinalIgnoreCase)) return;
            rows.AddRange(measure());
            peaks[name] = System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64;
        }
        foreach (var device in devices)
        {
            Section($"views ({device.type})", () => Augmentation(device, repeats));
            Section($"views from full-resolution sources ({device.type})", () => SourceViews(device, repeats, quick));
            Section($"training steps ({device.type})", () => new[]
            {
                TrainingStep("resnet18", batch: quick ? 64 : 256, canvas: 32, view: 32, device, repeats),
                TrainingStep("resnet18-cifar", batch: quick ? 64 : 256, canvas: 32, view: 32, device, repeats),
                TrainingStep("resnet18", batch: quick ? 16 : 64, canvas: 128, view: 128, device, repeats),
                TrainingStep("small-cnn", batch: 256, canvas: 96, view: 32, device, repeats),
            });
            Section($"featurization ({device.type})", () => Featurization(device, quick ? 256 : 1024).ToList());
        }
        Section("pytorch comparison", () => PyTorchComparison(repeats, quick).ToList());
        Section("mask generator", () => new[] { MaskGenerator(quick ? 16 : 32) }.Concat(MaskGeneratorThroughput(32, repeats)).ToList());
        Section("default segmenter", () => SegmenterQuality(quick ? 30 : 200).ToList());
        Section("mask store", () => new[] { StoreReading(quick ? 1000 : 5000) });

        var table = new System.Text.StringBuilder().AppendLine();
        table.AppendLine("| measure | setting | value | baseline (same run) | ratio |");
        table.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var r in rows)
            table.AppendLine($"| {r.Measure} | {r.Setting} | {r.Value:G4} {r.Unit} | {r.Baseline}: {r.BaselineValue:G4} {r.Unit} | {r.Ratio:F2}x |");
        MarkdownText.Print(table.ToString());
        Console.WriteLine();
        Console.WriteLine("Peak working set of the process after each section (MiB): " +
                          string.Join(", ", peaks.Select(p => $"{p.Key} {p.Value / (1024.0 * 1024):F0}")));
        if (jsonPath != null)
        {
            var json = JsonSerializer.Serialize(new
            {
                devices = devices.Select(d => d.type.ToString()).ToArray(),
                quick,
                rows,
                peakWorkingSetMiB = peaks.ToDictionary(p => p.Key, p => p.Value / (1024.0 * 1024)),
            }, new JsonSerializerOptions { WriteIndented = true });
            AtomicFile.WriteAllText(jsonPath, "benchmark results", json);
            Console.WriteLine($"Wrote {jsonPath}.");
        }
        return 0;
    }

    /// <summary>
    /// Batched per-sample views against the same augmentations made one image at a time: each view dropped as soon as
    /// it is made (which keeps one small buffer hot in cache), and stacked into the batch a training step needs (what a
    /// per-image transform followed by collation does).
    /// </summary>
    private static IEnumerable<Row> Augmentation(Device device, int repeats)
    {
        foreach (var (batch, input, output) in new[] { (256, 96, 32), (256, 160, 128) })
        {
            var options = ViewAugmentationOptions.SimClr(output);
            using var images = rand(batch, 3, input, input, device: device);
            var boxes = Enumerable.Repeat(CropBox.Whole(input, input), batch).ToArray();
            var rng = new Random(0);
            double[] seconds = BestOfEach(repeats, device, () =>
            {
                using var v = ViewAugmenter.Apply(images, boxes, options, rng);
                v.sum().item<float>();
            }, () =>
            {
                for (int i = 0; i < batch; i++)
                {
                    using var scope = NewDisposeScope();
                    ViewAugmenter.Apply(images[i..(i + 1)], boxes.AsSpan(i, 1), options, rng).sum().item<float>();
                }
            }, () =>
            {
                using var scope = NewDisposeScope();
                var views = new Tensor[batch];
                for (int i = 0; i < batch; i++) views[i] = ViewAugmenter.Apply(images[i..(i + 1)], boxes.AsSpan(i, 1), options, rng);
                cat(views, 0).sum().item<float>();
            });
            double batched = seconds[0], dropped = seconds[1], stacked = seconds[2];
            string setting = $"{batch} views {input}->{output} px, {device.type}";
            yield return new Row("views per second", setting, batch / batched, "views/s", "one image per call, each view dropped", batch / dropped);
            yield return new Row("views per second", setting, batch / batched, "views/s", "one image per call, stacked into the batch", batch / stacked);
        }
    }

    /// <summary>
    /// Views cut from the source pixels (the training path: crops resized with antialiasing on CPU threads, then the
    /// colour steps on the device): from 2048x1024 frames in an image store (where training keeps images of that size)
    /// at 128 and 32 px against the views a ResNet-18 step consumes per second, and from small 96-px images in memory
    /// against the in-memory canvas path (ViewAugmenter on a tensor of the images).
    /// </summary>
    private static IEnumerable<Row> SourceViews(Device device, int repeats, bool quick)
    {
        int batch = quick ? 64 : 256;
        string folder = Path.Combine(Path.GetTempPath(), "samclr-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var frames = ImageStore.Create(folder, RandomFrames(quick ? 8 : 32, 2048, 1024), 2048);
            foreach (var row in FrameViews(frames, batch, device, repeats, quick)) yield return row;
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        foreach (var row in SmallImageViews(batch, device, repeats)) yield return row;
    }

    /// <summary>Whole-frame views of <paramref name="frames"/> at 128 and 32 px against the views a ResNet-18 step consumes.</summary>
    private static IEnumerable<Row> FrameViews(ISourceImages frames, int batch, Device device, int repeats, bool quick)
    {
        foreach (int view in new[] { 128, 32 })
        {
            var plan = new[] { ViewAugmentationOptions.SimClr(view) };
            var indices = Enumerable.Range(0, batch).Select(i => i % frames.Count).ToArray();
            double cut = Best(repeats, () =>
            {
                using var scope = NewDisposeScope();
                var prepared = ViewCutter.Prepare(frames, indices, new WholeImageBoxSource(frames), plan, new Random(0), Environment.ProcessorCount);
                prepared.ToDevice(device)[0].sum().item<float>();
            });
            int stepBatch = view == 128 ? (quick ? 16 : 64) : batch;
            double step = StepSeconds("resnet18", stepBatch, view, device);
            yield return new Row("views per second", $"{batch} whole-frame views 2048x1024->{view} px from an image store, {Environment.ProcessorCount} threads, {device.type}",
                batch / cut, "views/s", $"views a ResNet-18 step consumes (batch {stepBatch}, 2 views)", 2 * stepBatch / step);
        }
    }

    /// <summary>32-px views of 96-px images in memory, cut from their source pixels against the in-memory canvas path.</summary>
    private static IEnumerable<Row> SmallImageViews(int batch, Device device, int repeats)
    {
        var small = RandomImages(batch, 96, 96);
        var smallPlan = new[] { ViewAugmentationOptions.SimClr(32) };
        var boxes = Enumerable.Repeat(CropBox.Whole(96, 96), batch).ToArray();
        var (source, canvas) = BestOfEach(repeats, device, () =>
        {
            using var scope = NewDisposeScope();
            ViewCutter.Prepare(small, Enumerable.Range(0, batch).ToArray(), new WholeImageBoxSource(small), smallPlan, new Random(0), Environment.ProcessorCount)
                .ToDevice(device)[0].sum().item<float>();
        }, () =>
        {
            using var scope = NewDisposeScope();
            var tensor = small.ToTensor(Enumerable.Range(0, batch).ToArray(), device);
            ViewAugmenter.Apply(tensor, boxes, ViewAugmentationOptions.SimClr(32), new Random(0)).sum().item<float>();
        });
        yield return new Row("views per second", $"{batch} views 96->32 px from source pixels, {device.type}", batch / source, "views/s",
            "in-memory canvas path", batch / canvas);
    }

    /// <summary>Seconds per SimCLR step of <paramref name="backbone"/> on <paramref name="batch"/> ready-made views.</summary>
    private static double StepSeconds(string backbone, int batch, int view, Device device)
    {
        manual_seed(0);
        using var method = new SimClrMethod(Backbones.Create(backbone), ViewAugmentationOptions.SimClr(view));
        method.to(device);
        method.train();
        using var optimizer = optim.SGD(method.parameters(), 0.01);
        void Step()
        {
            using var scope = NewDisposeScope();
            var views = new[] { rand(batch, 3, view, view, device: device), rand(batch, 3, view, view, device: device) };
            method.TrainingLoss(views).backward();
            optimizer.step();
            optimizer.zero_grad();
        }
        return Best(1, device, Step);
    }

    /// <summary><paramref name="count"/> frames of random bytes, interleaved RGB, as <see cref="ImageStore.Create"/> takes them.</summary>
    private static IEnumerable<(byte[], ImageSize, ImageSize, string)> RandomFrames(int count, int width, int height)
    {
        var rng = new Random(0);
        for (int i = 0; i < count; i++)
        {
            var rgb = new byte[checked(3 * width * height)];
            rng.NextBytes(rgb);
            yield return (rgb, new ImageSize(width, height), new ImageSize(width, height), $"random/{i}");
        }
    }

    /// <summary><paramref name="count"/> images of random bytes, at <paramref name="width"/> x <paramref name="height"/>, in memory.</summary>
    private static ImageSet RandomImages(int count, int width, int height)
    {
        int plane = width * height;
        var pixels = new byte[checked(count * 3 * plane)];
        var rng = new Random(0);
        rng.NextBytes(pixels);
        return new ImageSet(height, width, pixels);
    }

    /// <summary>A full SimCLR step (two views, head, NT-Xent, SGD) against the backbone's forward and backward on one pre-made batch.</summary>
    private static Row TrainingStep(string backbone, int batch, int canvas, int view, Device device, int repeats)
    {
        using var run = new SimClrStepRun(backbone, batch, canvas, view, device);
        var (step, backboneOnly) = BestOfEach(repeats, device, run.Step, run.BackboneOnly);
        return new Row("training step", $"SimCLR {backbone}, batch {batch}, {view} px views, {device.type}", step, "s/step",
            "backbone fwd+bwd on 2x batch", backboneOnly);
    }

    /// <summary>
    /// Our SimCLR step on the CPU against the same step written in PyTorch (<see cref="PyTorchStepBaseline"/>): the small
    /// CNN on 96-px images and ResNet-18 on 32-px images, 32-px views, torch's thread count on both sides; the script runs
    /// before and after our measurement and its better time counts. No rows, and a line saying why, where no Python
    /// with PyTorch is found.
    /// </summary>
    private static IEnumerable<Row> PyTorchComparison(int repeats, bool quick)
    {
        var baseline = PyTorchStepBaseline.Find(out string reason);
        if (baseline is null)
        {
            Console.WriteLine($"PyTorch comparison skipped: {reason}");
            yield break;
        }
        int batch = quick ? 64 : 256, threads = get_num_threads(), steps = quick ? 3 : 5;
        foreach (var (backbone, source) in new[] { ("small-cnn", 96), ("resnet18", 32) })
        {
            var before = baseline.Measure(backbone, batch, source, 32, threads, steps);
            double ours;
            using (var run = new SimClrStepRun(backbone, batch, source, 32, CPU)) ours = Best(repeats, CPU, run.Step);
            var after = baseline.Measure(backbone, batch, source, 32, threads, steps);
            yield return new Row("training step vs PyTorch", $"SimCLR {backbone}, batch {batch}, {source}->32 px views, CPU, {threads} threads", ours, "s/step",
                $"the same step in PyTorch {before.Version} (bench/pytorch/simclr_step.py)", Math.Min(before.Seconds, after.Seconds));
        }
    }

    /// <summary>
    /// One-step pre-training runs of SimCLR on <c>batch</c> random images of <c>canvas</c> px (views cut, coloured, encoded,
    /// projected, NT-Xent, SGD: the whole loop), and the backbone's forward and backward pass on a ready batch of 2 x batch views.
    /// </summary>
    private sealed class SimClrStepRun : IDisposable
    {
        private readonly SimClrMethod _method;
        private readonly ImageSet _images;
        private readonly WholeImageBoxSource _boxes;
        private readonly PretrainingOptions _options;
        private readonly Device _device;
        private readonly int _batch, _view;

        public SimClrStepRun(string backbone, int batch, int canvas, int view, Device device)
        {
            manual_seed(0);
            var pixels = new byte[batch * 3 * canvas * canvas];
            new Random(0).NextBytes(pixels);
            _images = new ImageSet(canvas, canvas, pixels);
            _method = new SimClrMethod(Backbones.Create(backbone), ViewAugmentationOptions.SimClr(view));
            _method.to(device);
            _options = new PretrainingOptions { Epochs = 1, BatchSize = batch, Device = ComputeDevice.Cpu };
            _boxes = new WholeImageBoxSource(_images);
            (_device, _batch, _view) = (device, batch, view);
        }

        public void Step() => Pretrainer.Train(_method, _images, _boxes, _options, _device);

        public void BackboneOnly()
        {
            _method.train();
            using var scope = NewDisposeScope();
            var x = rand(2 * _batch, 3, _view, _view, device: _device);
            _method.Backbone.forward(x).sum().backward();
            _method.zero_grad();
        }

        public void Dispose() => _method.Dispose();
    }

    /// <summary>The ML.NET featurizer transformer (one image per forward) against batched encoding of the same images.</summary>
    private static IEnumerable<Row> Featurization(Device device, int count)
    {
        var ml = new MLContext(0);
        var images = SyntheticSceneGenerator.GenerateObjects(count, 32, 0);
        var data = images.ToDataView(ml);
        foreach (var backbone in new[] { "small-cnn", "resnet18-cifar" })
        {
            manual_seed(0);
            using var featurizer = new ImageFeaturizerTransformer(new ImageEncoder(Backbones.Create(backbone), 32, PixelNormalization.ImageNet, device));
            var (pipeline, batched) = BestOfEach(1, device, () =>
            {
                foreach (var _ in featurizer.Transform(data).GetColumn<float[]>("Features")) { }
            }, () => featurizer.Encoder.Encode(images, 256));
            using var rowByRow = new ImageFeaturizerTransformer(featurizer.Encoder, readAheadRows: 1);
            double single = Best(1, () =>
            {
                foreach (var _ in rowByRow.Transform(data).GetColumn<float[]>("Features")) { }
            });
            yield return new Row("featurization", $"{backbone}, {count} images of 32 px, ML.NET transformer (reads ahead {featurizer.ReadAheadRows} rows), {device.type}",
                count / pipeline, "img/s", "ImageEncoder.Encode batch 256", count / batched);
            yield return new Row("featurization", $"{backbone}, {count} images of 32 px, ML.NET transformer one row at a time, {device.type}",
                count / single, "img/s", "ImageEncoder.Encode batch 256", count / batched);
            string onnx = Path.Combine(Path.GetTempPath(), $"samclr-bench-{Guid.NewGuid():N}.onnx");
            try
            {
                var exported = featurizer.ToMLNetPipeline(ml, onnx).Fit(data);
                double onnxPipeline = Best(1, () =>
                {
                    foreach (var _ in exported.Transform(data).GetColumn<float[]>("Features")) { }
                });
                yield return new Row("featurization", $"{backbone}, {count} images of 32 px, ApplyOnnxModel pipeline (saveable)", count / onnxPipeline,
                    "img/s", "TorchSharp ML.NET transformer", count / pipeline);
            }
            finally
            {
                File.Delete(onnx);
            }
        }
    }

    /// <summary>
    /// SAM's automatic mask generator on a 96 px scene with the tiny SAM models (the real decoder has the same
    /// input and output shapes whatever the encoder): a whole image (encoder, one decoder call per point, post-processing)
    /// against the model calls alone, timed in turn, so the ratio is what the post-processing adds.
    /// </summary>
    private static Row MaskGenerator(int pointsPerSide) => WithTinySam((paths, pixels) =>
    {
        using var generator = Regions.Sam.SamAutomaticMaskGenerator.Open(paths.Encoder, paths.Decoder,
            new Regions.Sam.SamAutomaticMaskGeneratorOptions { PointsPerSide = pointsPerSide, MaxParallelDecoderCalls = 1 });
        var points = Enumerable.Range(0, pointsPerSide * pointsPerSide)
            .Select(i => ((i % pointsPerSide + 0.5f) * 96 / pointsPerSide, (i / pointsPerSide + 0.5f) * 96 / pointsPerSide)).ToArray();
        var (whole, models) = BestOfEach(3, CPU, () => generator.Propose(pixels, 96, 96), () =>
        {
            using var binding = generator.Decoder.Bind(generator.Encoder.Encode(pixels, 96, 96));
            foreach (var p in points) binding.Predict(new[] { p });
        });
        return new Row("SAM mask generator", $"{pointsPerSide}x{pointsPerSide} points, 96 px scene, tiny SAM: whole image", whole, "s/image",
            $"encoder and decoder calls ({points.Length}) alone", models);
    });

    /// <summary>
    /// Whole images per second through SAM's automatic mask generator with the tiny SAM models, against the official
    /// decoder (batch dim fixed at 1) called once per point, one call after another: the same decoder's calls in
    /// parallel, and the tiny decoder with a dynamic batch axis at SAM's 64 prompts per call and at 16, alone and in parallel.
    /// </summary>
    private static IEnumerable<Row> MaskGeneratorThroughput(int pointsPerSide, int repeats) => WithTinySam((paths, pixels) =>
    {
        int cores = Environment.ProcessorCount;
        double ImagesPerSecond(string decoder, int pointsPerBatch, int parallelCalls)
        {
            using var generator = Regions.Sam.SamAutomaticMaskGenerator.Open(paths.Encoder, decoder, new Regions.Sam.SamAutomaticMaskGeneratorOptions
            {
                PointsPerSide = pointsPerSide, PointsPerBatch = pointsPerBatch, MaxParallelDecoderCalls = parallelCalls,
            });
            return 1 / Best(repeats, () => generator.Propose(pixels, 96, 96));
        }
        double single = ImagesPerSecond(paths.Decoder, 1, 1);
        string setting = $"{pointsPerSide}x{pointsPerSide} points, 96 px scene, tiny SAM";
        const string baseline = "one decoder call per point, one at a time";
        var rows = new List<Row>
        {
            new("SAM mask generator", $"{setting}: one prompt per call, {cores} calls at once", ImagesPerSecond(paths.Decoder, 1, cores), "img/s", baseline, single),
        };
        foreach (int perCall in new[] { 64, 16 })
            foreach (int parallel in new[] { 1, cores })
                rows.Add(new Row("SAM mask generator", $"{setting}: batched decoder, {perCall} prompts per call, {parallel} call(s) at once",
                    ImagesPerSecond(paths.BatchedDecoder, perCall, parallel), "img/s", baseline, single));
        return rows;
    });

    /// <summary>Runs <paramref name="measure"/> with the tiny SAM models written to a temporary folder and a 96 px scene (planar RGB).</summary>
    private static T WithTinySam<T>(Func<TinySam.TinySamModelPaths, byte[], T> measure)
    {
        string folder = Path.Combine(Path.GetTempPath(), "samclr-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var paths = TinySam.TinySamModels.WriteAll(folder);
            var scene = SyntheticSceneGenerator.Generate(new SyntheticSceneOptions { Count = 1, ImageSize = 96 }).Images;
            return measure(paths, scene.Image(0).ToArray());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The weight-free default segmenter on built-in scenes of a seed it was not tuned on: mean over objects of the best
    /// IoU with any proposed region, and its time per image, against single-level Felzenszwalb-Huttenlocher (k = 300).
    /// </summary>
    private static IEnumerable<Row> SegmenterQuality(int count)
    {
        var scenes = SyntheticSceneGenerator.Generate(new SyntheticSceneOptions { Count = count, ImageSize = 96, Seed = 2 });
        var ours = new Regions.Segmentation.FelzenszwalbSegmenter();
        var single = new Regions.Segmentation.FelzenszwalbSegmenter(new Regions.Segmentation.FelzenszwalbOptions
        {
            Scales = new double[] { 300 }, HierarchicalGrouping = false, MaxAreaFraction = 1, MinBoundaryContrast = 0,
        });
        (double Iou, double Seconds) Measure(Regions.IRegionProposer proposer)
        {
            double iou = 0, seconds = 0;
            for (int i = 0; i < count; i++)
            {
                var pixels = scenes.Images.Image(i).ToArray();
                var clock = Stopwatch.StartNew();
                var regions = proposer.Propose(pixels, 96, 96);
                seconds += clock.Elapsed.TotalSeconds;
                iou += RegionQuality.MeanBestIou(scenes.Objects[i], regions);
            }
            return (iou / count, seconds / count);
        }
        var (iou, time) = Measure(ours);
        var (baseIou, baseTime) = Measure(single);
        yield return new Row("default segmenter quality", $"{count} scenes of 96 px (seed 2): mean best IoU per object", iou, "IoU",
            "single-level FH k=300", baseIou);
        yield return new Row("default segmenter time", $"{count} scenes of 96 px", time, "s/image", "single-level FH k=300", baseTime);
    }

    /// <summary>Regions read back from a mask store (what feeds training) against writing them.</summary>
    private static Row StoreReading(int images)
    {
        string folder = Path.Combine(Path.GetTempPath(), "samclr-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var scenes = SyntheticSceneGenerator.Generate(new SyntheticSceneOptions { Count = images, ImageSize = 96 });
            var regions = scenes.Objects.Select(objects => objects
                .Select(o => new Regions.Region(Regions.CocoRle.Encode(new Regions.BinaryMask(96, 96, o.Mask.ToArray())))).ToArray()).ToArray();
            int total = regions.Sum(r => r.Length);
            var manifest = new Regions.Store.RegionStoreManifest("bench", new Dictionary<string, string>(), new Dictionary<string, string>(), 96, DateTimeOffset.UtcNow);
            // Timed once: a second run would add the same images to the store again.
            double write = Seconds(torch.CPU, () =>
            {
                using var store = Regions.Store.RegionStore.OpenOrCreate(folder, manifest);
                for (int i = 0; i < images; i++) store.Add($"scene-{i}", 96, 96, regions[i]);
            });
            double read = Best(3, () =>
            {
                using var store = Regions.Store.RegionStore.Open(folder);
                foreach (var _ in store.ReadAll()) { }
            });
            return new Row("mask store", $"{images} images, {total} regions of 96 px: read back (open + ReadAll)", total / read, "regions/s",
                "writing them", total / write);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double Best(int repeats, Action action) => Best(repeats, torch.CPU, action);

    /// <summary>The shortest of <paramref name="repeats"/> runs of <paramref name="action"/>, after <see cref="WarmUp"/>.</summary>
    private static double Best(int repeats, Device device, Action action)
    {
        WarmUp(action);
        double best = double.MaxValue;
        for (int i = 0; i < repeats; i++) best = Math.Min(best, Seconds(device, action));
        return best;
    }

    /// <summary>The shortest run of each of <paramref name="first"/> and <paramref name="second"/>, timed in turn (<see cref="BestOfEach(int, Device, Action[])"/>).</summary>
    private static (double First, double Second) BestOfEach(int repeats, Device device, Action first, Action second)
    {
        double[] seconds = BestOfEach(repeats, device, new[] { first, second });
        return (seconds[0], seconds[1]);
    }

    /// <summary>
    /// The shortest run of each of <paramref name="actions"/>, after <see cref="WarmUp"/>, run in turn, so that a change in
    /// the machine's speed during the measurement falls on all alike: <paramref name="repeats"/> rounds, and more while
    /// <see cref="PairedMeasureTime"/> has not passed (up to five times as many), since on a shared machine the ratio of
    /// two close times needs more than three tries to settle.
    /// </summary>
    private static double[] BestOfEach(int repeats, Device device, params Action[] actions)
    {
        foreach (var action in actions) WarmUp(action);
        var best = Enumerable.Repeat(double.MaxValue, actions.Length).ToArray();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < repeats || (i < 5 * repeats && clock.Elapsed < PairedMeasureTime); i++)
            for (int k = 0; k < actions.Length; k++)
                best[k] = Math.Min(best[k], Seconds(device, actions[k]));
        return best;
    }

    /// <summary>
    /// Runs <paramref name="action"/> untimed, once and then again until <see cref="WarmUpTime"/> has passed: the first
    /// calls of .NET code run unoptimised until the JIT's tiering has recompiled the hot loops (with the profile it
    /// gathered meanwhile), and the first calls of libtorch allocate its caches; neither is what a long run sees.
    /// </summary>
    private static void WarmUp(Action action)
    {
        var clock = Stopwatch.StartNew();
        do action();
        while (clock.Elapsed < WarmUpTime);
    }

    private static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan PairedMeasureTime = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Seconds one run of <paramref name="action"/> takes. On CUDA the device is synchronised before the clock starts and
    /// before it is read: kernels run asynchronously, so without it the time would be that of queueing them (and of the
    /// work left over from before).
    /// </summary>
    private static double Seconds(Device device, Action action)
    {
        Synchronize(device);
        var clock = Stopwatch.StartNew();
        action();
        Synchronize(device);
        return clock.Elapsed.TotalSeconds;
    }

    private static void Synchronize(Device device)
    {
        if (device.type == DeviceType.CUDA) torch.cuda.synchronize(device);
    }
}
