using System.Globalization;

namespace SamClr.MLNet.Samples.Commands;

/// <summary><c>--seed N</c> (default 0), and for commands that repeat their runs per seed, <c>--seeds 0,1,2</c> instead.</summary>
internal sealed class SeedOptionGroup
{
    private readonly Option<int> _seed = CliOption.Int("--seed", 0, "Random seed of the data, the views and the weights.", min: 0);
    private readonly Option<int[]?> _seeds = new("--seeds")
    {
        Description = "Repeat every run once per seed (distinct non-negative integers, e.g. 0,1,2) instead of the one --seed.",
        CustomParser = result =>
        {
            var seeds = new List<int>();
            foreach (var item in string.Join(',', result.Tokens.Select(t => t.Value)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (int.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) && seed >= 0) seeds.Add(seed);
                else result.AddError($"--seeds takes non-negative integers (e.g. 0,1,2); got '{item}'.");
            }
            if (seeds.Count == 0 || seeds.Distinct().Count() != seeds.Count) result.AddError("--seeds needs distinct seeds, e.g. 0,1,2.");
            return seeds.ToArray();
        },
    };

    private readonly bool _several;

    /// <param name="several">Whether the command takes --seeds as well as --seed.</param>
    public SeedOptionGroup(bool several) => _several = several;

    public void AddTo(Command command)
    {
        command.Add(_seed);
        if (!_several) return;
        command.Add(_seeds);
        command.Exclusive(_seeds, _seed, "give --seeds LIST or --seed N.");
    }

    /// <summary>The seeds to run, in order: those of --seeds, or the one --seed.</summary>
    public List<int> Seeds(ParseResult parse) =>
        _several && parse.GetResult(_seeds) is { Implicit: false } ? parse.GetValue(_seeds)!.ToList() : new List<int> { parse.GetValue(_seed) };

    /// <summary>The one seed (--seed).</summary>
    public int Seed(ParseResult parse) => parse.GetValue(_seed);
}
