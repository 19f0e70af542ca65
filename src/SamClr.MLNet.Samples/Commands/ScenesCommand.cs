using SamClr.MLNet.Data;
using SamClr.MLNet.Regions;
using SamClr.MLNet.Regions.Import;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>
/// Writes built-in synthetic scenes as an image folder with their ground-truth masks, both as PNGs and as amg.py JSON
/// (what a perfect SAM would give), so every command that reads images or masks can be tried without any data set.
/// </summary>
internal static class ScenesCommand
{
    public const string Usage = "scenes --out DIR [--count 200] [--size 96] [--seed 0]";

    public static int Run(CommandLineArguments args)
    {
        string output = args.String("out") ?? throw new UsageException("--out DIR is required.");
        int count = args.Int("count", 200), size = args.Int("size", 96), seed = args.Int("seed", 0);
        args.EnsureAllUsed();

        var scenes = SyntheticSceneGenerator.Generate(new SyntheticSceneOptions { Count = count, ImageSize = size, Seed = seed });
        scenes.SaveAsFolder(output);
        string amg = Path.Combine(output, "amg");
        Directory.CreateDirectory(amg);
        var digits = "D" + Math.Max(5, (count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        for (int i = 0; i < count; i++)
        {
            var regions = scenes.Objects[i]
                .Select(o => new Region(CocoRle.Encode(new BinaryMask(o.Mask.Width, o.Mask.Height, o.Mask.ToArray())), 1f, 1f))
                .ToArray();
            AmgJsonWriter.Write(Path.Combine(amg, $"scene-{i.ToString(digits, System.Globalization.CultureInfo.InvariantCulture)}.json"), regions);
        }
        Console.WriteLine($"Wrote {count} scenes of {size} px to {output}/images, ground-truth masks to {output}/masks (PNG) and {amg} (amg.py JSON).");
        return 0;
    }
}
