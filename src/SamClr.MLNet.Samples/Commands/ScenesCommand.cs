using System.Diagnostics;
using SamClr.MLNet.Data;
using SamClr.MLNet.Scenes;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>
/// Writes built-in synthetic scenes as an image folder with their ground-truth masks, both as PNGs and as amg.py JSON
/// (what a perfect SAM would give), so every command that reads images or masks can be tried without any data set.
/// Two kinds: the square shape scenes (default) and wide street frames with many small objects.
/// </summary>
internal static class ScenesCommand
{
    public const string Usage =
        "scenes --out DIR [--kind shapes|street] [--count 200] [--seed 0] [--objects N [--object-size 32]] " +
        "(shapes: [--size 96]; street: [--width 512] [--height 256])";

    public static int Run(CommandLineArguments args)
    {
        string output = args.String("out") ?? throw new UsageException("--out DIR is required.");
        string kind = args.String("kind", "shapes");
        int count = args.Int("count", 200), seed = args.Int("seed", 0);
        int objects = args.Int("objects", 0), objectSize = args.Int("object-size", 32);
        var (scenes, description, generateObjects) = kind switch
        {
            "shapes" => Shapes(args, count, seed),
            "street" => Street(args, count, seed),
            _ => throw new UsageException($"--kind must be shapes or street (got '{kind}')."),
        };
        args.EnsureAllUsed();
        var clock = Stopwatch.StartNew();
        var set = scenes();
        var generation = clock.Elapsed;
        var (images, masks) = SceneFolder.Write(set, output);
        Console.WriteLine($"Generated {count} {description} in {generation.TotalSeconds:0.00} s ({count / Math.Max(generation.TotalSeconds, 1e-9):0} per second on {Environment.ProcessorCount} cores), " +
            $"then wrote them in {(clock.Elapsed - generation).TotalSeconds:0.0} s.");
        Console.WriteLine($"Wrote {count} {description} to {images}, ground-truth masks to {output}/masks (PNG) and {masks} (amg.py JSON).");
        if (objects > 0)
        {
            string folder = SceneFolder.WriteObjects(output, objects, objects / 2, objectSize, seed, generateObjects);
            Console.WriteLine($"Wrote {objects} + {objects / 2} labelled single objects of {objectSize} px to {folder} (train/ and val/, one folder per class).");
        }
        return 0;
    }

    private static (Func<SyntheticSceneSet> Scenes, string Description, Func<int, int, int, ImageSet> Objects) Shapes(CommandLineArguments args, int count, int seed)
    {
        RefuseOptionsOfTheOtherKind(args, "shapes", "width", "height");
        int size = args.Int("size", 96);
        return (() => SyntheticSceneGenerator.Generate(new SyntheticSceneOptions { Count = count, ImageSize = size, Seed = seed }),
            $"scenes of {size} px", SyntheticSceneGenerator.GenerateObjects);
    }

    private static (Func<SyntheticSceneSet> Scenes, string Description, Func<int, int, int, ImageSet> Objects) Street(CommandLineArguments args, int count, int seed)
    {
        RefuseOptionsOfTheOtherKind(args, "street", "size");
        int width = args.Int("width", 512), height = args.Int("height", 256);
        return (() => StreetSceneGenerator.Generate(new StreetSceneOptions { Count = count, Width = width, Height = height, Seed = seed }),
            $"street frames of {width}x{height} px", StreetSceneGenerator.GenerateObjects);
    }

    private static void RefuseOptionsOfTheOtherKind(CommandLineArguments args, string kind, params string[] options)
    {
        foreach (var option in options)
            if (args.String(option) != null)
                throw new UsageException($"--{option} does not apply to --kind {kind}; " +
                    (kind == "shapes" ? "use --size for square shape scenes, or --kind street for --width/--height." : "street frames take --width and --height."));
    }
}
