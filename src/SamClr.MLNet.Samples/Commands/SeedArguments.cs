using System.Globalization;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>Reads <c>--seeds 0,1,2</c> (every run repeated per seed) or the single <c>--seed N</c> (default 0).</summary>
internal static class SeedArguments
{
    public static List<int> Parse(CommandLineArguments args)
    {
        string? list = args.String("seeds");
        bool single = args.String("seed") != null;
        if (list != null && single) throw new UsageException("Give --seeds LIST or --seed N, not both.");
        if (list is null) return new List<int> { args.Int("seed", 0) };
        var seeds = new List<int>();
        foreach (var item in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            seeds.Add(int.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) && seed >= 0
                ? seed : throw new UsageException($"--seeds takes non-negative integers (e.g. 0,1,2); got '{item}'."));
        if (seeds.Count == 0 || seeds.Distinct().Count() != seeds.Count) throw new UsageException("--seeds needs distinct seeds, e.g. 0,1,2.");
        return seeds;
    }
}
