using SamClr.MLNet.Data;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>
/// Writes built-in synthetic scenes as an image folder with their ground-truth masks, both as PNGs and as amg.py JSON
/// (what a perfect SAM would give), so every command that reads images or masks can be tried without any data set.
/// </summary>
internal static class ScenesCommand
{
    public const string Usage = "scenes --out DIR [--count 200] [--size 96] [--seed 0] [--objects N [--object-size 32]]";

    public static int Run(CommandLineArguments args)
    {
        string output = args.String("out") ?? throw new UsageException("--out DIR is required.");
        int count = args.Int("count", 200), size = args.Int("size", 96), seed = args.Int("seed", 0);
        int objects = args.Int("objects", 0), objectSize = args.Int("object-size", 32);
        args.EnsureAllUsed();
        var (images, masks) = SceneFolder.Write(
            SyntheticSceneGenerator.Generate(new SyntheticSceneOptions { Count = count, ImageSize = size, Seed = seed }), output);
        Console.WriteLine($"Wrote {count} scenes of {size} px to {images}, ground-truth masks to {output}/masks (PNG) and {masks} (amg.py JSON).");
        if (objects > 0)
        {
            string folder = SceneFolder.WriteObjects(output, objects, objects / 2, objectSize, seed);
            Console.WriteLine($"Wrote {objects} + {objects / 2} labelled single objects of {objectSize} px to {folder} (train/ and val/, one folder per class).");
        }
        return 0;
    }
}
