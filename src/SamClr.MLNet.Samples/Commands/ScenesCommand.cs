using System.Diagnostics;
using SamClr.MLNet.Scenes;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>
/// Writes built-in synthetic scenes as an image folder with their ground-truth masks, both as PNGs and as amg.py JSON
/// (what a perfect SAM would give), so every command that reads images or masks can be tried without any data set.
/// Two kinds: the square shape scenes (default) and wide street frames with many small objects.
/// </summary>
internal sealed class ScenesCommand
{
    private readonly Option<string?> _output = CliOption.OutputDirectory("--out", "The folder to write the scenes, their masks and the optional object folder to.", required: true);
    private readonly Option<string> _kind = CliOption.Choice("--kind", "shapes", "shapes (square shape scenes) or street (wide frames with many small objects).", "shapes", "street");
    private readonly Option<int> _count = CliOption.Int("--count", 200, "Scenes to write.", min: 1);
    private readonly SeedOptionGroup _seed = new(several: false);
    private readonly Option<int> _objects = CliOption.Int("--objects", 0, "Also write this many labelled single objects for training a probe (and half as many for testing) under objects/.", min: 0);
    private readonly Option<int> _objectSize = CliOption.Int("--object-size", 32, "Side of the single objects in pixels.", min: 8);
    private readonly Option<int> _size = CliOption.Int("--size", 96, "Side of the shape scenes in pixels (--kind shapes).", min: 16);
    private readonly Option<int> _width = CliOption.Int("--width", 512, "Width of the street frames in pixels (--kind street).", min: 128);
    private readonly Option<int> _height = CliOption.Int("--height", 256, "Height of the street frames in pixels (--kind street).", min: 64);

    public ScenesCommand()
    {
        Command = new Command("scenes", "Writes built-in synthetic scenes as an image folder with ground-truth masks (PNG and amg.py JSON), to try every command without a data set.");
        foreach (var option in new Option[] { _output, _kind, _count })
            Command.Add(option);
        _seed.AddTo(Command);
        foreach (var option in new Option[] { _objects, _objectSize, _size, _width, _height })
            Command.Add(option);
        Command.Requires(_objectSize, _objects, "it sets the size of the single objects; give --objects N.");
        Command.Check(result => result.ValueOf(_kind) == "street" && result.Given(_size)
            ? "--size does not apply to --kind street; street frames take --width and --height." : null);
        Command.Check(result => result.ValueOf(_kind) == "shapes" && (result.Given(_width) || result.Given(_height))
            ? $"--{(result.Given(_width) ? "width" : "height")} does not apply to --kind shapes; use --size for square shape scenes, or --kind street for --width/--height." : null);
        Command.SetAction(Run);
    }

    /// <summary>The command, with its options, checks and action.</summary>
    public Command Command { get; }

    private int Run(ParseResult parse)
    {
        string output = parse.GetValue(_output)!;
        int count = parse.GetValue(_count), seed = _seed.Seed(parse), objects = parse.GetValue(_objects), objectSize = parse.GetValue(_objectSize);
        var (scenes, description, generateObjects) = parse.GetValue(_kind) == "street" ? Street(parse, count, seed) : Shapes(parse, count, seed);
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

    private (Func<SyntheticSceneSet> Scenes, string Description, Func<int, int, int, ImageSet> Objects) Shapes(ParseResult parse, int count, int seed)
    {
        int size = parse.GetValue(_size);
        return (() => SyntheticSceneGenerator.Generate(new SyntheticSceneOptions { Count = count, ImageSize = size, Seed = seed }),
            $"scenes of {size} px", SyntheticSceneGenerator.GenerateObjects);
    }

    private (Func<SyntheticSceneSet> Scenes, string Description, Func<int, int, int, ImageSet> Objects) Street(ParseResult parse, int count, int seed)
    {
        int width = parse.GetValue(_width), height = parse.GetValue(_height);
        return (() => StreetSceneGenerator.Generate(new StreetSceneOptions { Count = count, Width = width, Height = height, Seed = seed }),
            $"street frames of {width}x{height} px", StreetSceneGenerator.GenerateObjects);
    }
}
