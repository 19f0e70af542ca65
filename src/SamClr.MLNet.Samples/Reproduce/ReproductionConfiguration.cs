namespace SamClr.MLNet.Samples.Reproduce;

/// <summary>One labelled evaluation data set: a short name (its folder's name), its path and its format.</summary>
internal sealed record EvaluationSet(string Name, string Path, string Format);

/// <summary>
/// Everything that decides what a reproduction computes. A run that continues in the same output folder must have the
/// same settings; it may add methods and evaluation sets.
/// </summary>
internal sealed record ReproductionConfiguration
{
    public int? Table { get; init; }

    public string Pretrain { get; init; } = "";

    public string PretrainFormat { get; init; } = "";

    public string? Masks { get; init; }

    public string? Store { get; init; }

    public List<string> Methods { get; init; } = new();

    public List<EvaluationSet> EvaluationSets { get; init; } = new();

    public int Epochs { get; init; }

    public int BatchSize { get; init; }

    public int ViewSize { get; init; }

    public string Backbone { get; init; } = "";

    /// <summary>Every cell is computed once per seed (pre-training, random init and probes); the report shows mean and sd.</summary>
    public List<int> Seeds { get; init; } = new();

    public double? LearningRate { get; init; }

    /// <summary>The smallest crop of SimCLR's and SAMCLR's views (--crop-scale), or null for the paper's 0.08.</summary>
    public double? CropScale { get; init; }

    /// <summary>The temperature each method trains with (after --temperature, the table's preset and the method's default).</summary>
    public Dictionary<string, double> Temperatures { get; init; } = new();

    /// <summary>The evaluation protocols, in column order: knn, linear-sgd (the authors' linear probe), linear-lbfgs (the fast probe).</summary>
    public List<string> Protocols { get; init; } = new();

    /// <summary>Epochs of the SGD linear probe.</summary>
    public int ProbeEpochs { get; init; }

    public int? MaxImages { get; init; }

    public int? EvalMax { get; init; }

    /// <summary>
    /// The settings that must match for a run to continue another one's work: all but the lists of methods, evaluation
    /// sets, seeds and protocols (which may grow), and the temperatures of methods only one of the runs has.
    /// </summary>
    public string Differences(ReproductionConfiguration other)
    {
        var changes = new List<string>();
        void Check<T>(string name, T mine, T theirs)
        {
            if (!EqualityComparer<T>.Default.Equals(mine, theirs)) changes.Add($"{name} {theirs} -> {mine}");
        }
        Check("--pretrain", Pretrain, other.Pretrain);
        Check("--format", PretrainFormat, other.PretrainFormat);
        Check("--masks", Masks, other.Masks);
        Check("--store", Store, other.Store);
        Check("--epochs", Epochs, other.Epochs);
        Check("--batch", BatchSize, other.BatchSize);
        Check("--view-size", ViewSize, other.ViewSize);
        Check("--backbone", Backbone, other.Backbone);
        Check("--lr", LearningRate, other.LearningRate);
        Check("--crop-scale", CropScale, other.CropScale);
        Check("--probe-epochs", ProbeEpochs, other.ProbeEpochs);
        foreach (var (method, temperature) in Temperatures)
            if (other.Temperatures.TryGetValue(method, out var earlier)) Check($"the temperature of {method}", temperature, earlier);
        Check("--max-images", MaxImages, other.MaxImages);
        Check("--eval-max", EvalMax, other.EvalMax);
        return string.Join(", ", changes);
    }
}

/// <summary>The paper's settings for one table (SAMCLR, section 3 and the appendix): what <c>--table N</c> fills in.</summary>
internal sealed record TableDefaults(int Table, string PretrainedOn, int Epochs, string Methods, string Evaluation)
{
    /// <summary>
    /// The SAMCLR authors' temperatures: 0.07 for SimCLR and SAMCLR (their configs; Lightly's SimCLR default would be 0.5).
    /// MoCo, DINO and SwAV keep Lightly's values (0.1, student 0.1, 0.1).
    /// </summary>
    public const string Temperatures = "simclr=0.07,samclr=0.07";

    /// <summary>The linear protocols of a table: Lightly's SGD probe (the paper's numbers) and the fast L-BFGS probe beside it.</summary>
    public const string LinearProtocols = "sgd,lbfgs";

    /// <summary>ResNet-18, batch 256 and 128 px views in every table.</summary>
    public const string Backbone = "resnet18";

    public const int BatchSize = 256;

    public const int ViewSize = 128;

    public static TableDefaults For(int table) => table switch
    {
        1 => new TableDefaults(1, "Cityscapes", 1600, "moco,dino,simclr,samclr", "CIFAR-10, STL10, ImageNette"),
        2 => new TableDefaults(2, "ADE20K", 250, "moco,dino,simclr,samclr", "CIFAR-10, STL10, ImageNette"),
        3 => new TableDefaults(3, "ImageNette", 800, "swav,dino,simclr,samclr", "ImageNette"),
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "The paper has tables 1, 2 and 3."),
    };
}
