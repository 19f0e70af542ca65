namespace SamClr.MLNet.Samples.Commands;

/// <summary>
/// The options of the built-in comparisons of SimCLR and SAMCLR (demo, curves): how many scenes, the pre-training
/// budget and encoder, both methods' temperatures, the held-out evaluation objects and the work folder.
/// </summary>
internal sealed class ComparisonOptionGroup
{
    private readonly Option<int?> _scenes;
    private readonly int? _defaultScenes;
    private readonly Option<int> _epochs;
    private readonly Option<int> _batch = CliOption.Int("--batch", 256, "Images per pre-training step.", min: 1);
    private readonly Option<string> _backbone = MethodOptionGroup.BackboneOption("small-cnn");
    private readonly Option<int> _viewSize = CliOption.Int("--view-size", 32, "Side of the square views in pixels (and of the evaluation objects).", min: 8);
    private readonly Option<double> _temperature = CliOption.Double("--temperature", 0.5, "SimCLR's temperature.", above: 0);
    private readonly Option<double> _samclrTemperature = CliOption.Double("--samclr-temperature", 0.5, "SAMCLR's temperature.", above: 0);
    private readonly Option<double> _rate = CliOption.Double("--lr", 0.06, "Base learning rate.", above: 0);
    private readonly Option<int> _evalTrain;
    private readonly Option<int> _evalTest;
    private readonly Option<string?> _work = CliOption.OutputDirectory("--work", "Folder the scenes are written to (default: a folder in the temporary folder named after the settings).");

    /// <param name="scenes">The default number of scenes; null when it depends on other options, described by <paramref name="scenesNote"/>.</param>
    /// <param name="scenesNote">Where the default number of scenes comes from when <paramref name="scenes"/> is null.</param>
    /// <param name="epochs">The default number of epochs.</param>
    /// <param name="evalTrain">The default number of labelled objects the probes train on.</param>
    /// <param name="evalTest">The default number of held-out objects they are measured on.</param>
    public ComparisonOptionGroup(int? scenes, string? scenesNote, int epochs, int evalTrain, int evalTest)
    {
        _defaultScenes = scenes;
        _scenes = CliOption.OptionalInt("--scenes", $"Built-in scenes to pre-train on{(scenesNote is null ? "" : $" (default: {scenesNote})")}.", min: 2);
        if (scenes is int count) _scenes.DefaultValueFactory = _ => count;
        _epochs = CliOption.Int("--epochs", epochs, "Pre-training epochs.", min: 1);
        _evalTrain = CliOption.Int("--eval-train", evalTrain, "Labelled objects the kNN and linear probes train on.", min: 1);
        _evalTest = CliOption.Int("--eval-test", evalTest, "Held-out objects the probes are measured on.", min: 1);
    }

    public void AddTo(Command command)
    {
        foreach (var option in TrainingOptions) command.Add(option);
    }

    /// <summary>The settings given (or defaulted); <paramref name="scenes"/> stands in for a default that depends on other options.</summary>
    public ComparisonSettings Read(ParseResult parse, int? scenes = null) => new(
        parse.GetValue(_scenes) ?? scenes ?? _defaultScenes!.Value, parse.GetValue(_epochs), parse.GetValue(_batch), parse.GetValue(_backbone)!,
        parse.GetValue(_viewSize), parse.GetValue(_temperature), parse.GetValue(_samclrTemperature), parse.GetValue(_rate),
        parse.GetValue(_evalTrain), parse.GetValue(_evalTest), parse.GetValue(_work));

    /// <summary>Every option of the group; they only matter when the command trains (curves --from-csv refuses them).</summary>
    public IEnumerable<Option> TrainingOptions => new Option[] { _scenes, _epochs, _batch, _backbone, _viewSize, _temperature, _samclrTemperature, _rate, _evalTrain, _evalTest, _work };
}

/// <summary>The values of a <see cref="ComparisonOptionGroup"/>; <see cref="Work"/> is null when not given.</summary>
internal sealed record ComparisonSettings(int Scenes, int Epochs, int Batch, string Backbone, int ViewSize, double Temperature, double SamClrTemperature,
    double LearningRate, int EvalTrain, int EvalTest, string? Work);
