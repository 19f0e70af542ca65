using Microsoft.ML;
using Microsoft.ML.Data;

namespace SamClr.MLNet.Evaluation;

/// <summary>
/// The annotations ML.NET's multiclass scorers put on their output columns, so that tools which find the
/// score columns by annotation (rather than by name) find ours too.
/// </summary>
internal static class ScoringAnnotations
{
    /// <summary>ML.NET's annotation kind naming the kind of scorer ("ScoreColumnKind").</summary>
    public const string ScoreColumnKind = "ScoreColumnKind";

    /// <summary>ML.NET's annotation kind naming what a score column holds ("ScoreValueKind").</summary>
    public const string ScoreValueKind = "ScoreValueKind";

    /// <summary>The ScoreColumnKind value of multiclass classifiers.</summary>
    public const string MulticlassClassification = "MulticlassClassification";

    /// <summary>The ScoreValueKind value of the score column.</summary>
    public const string ScoreValue = "Score";

    /// <summary>The ScoreValueKind value of the predicted-label column.</summary>
    public const string PredictedLabelValue = "PredictedLabel";

    /// <summary>Adds ScoreColumnKind = MulticlassClassification and ScoreValueKind = <paramref name="valueKind"/>.</summary>
    /// <param name="builder">The column's annotations.</param>
    /// <param name="valueKind"><see cref="ScoreValue"/> or <see cref="PredictedLabelValue"/>.</param>
    public static void Add(DataViewSchema.Annotations.Builder builder, string valueKind)
    {
        builder.AddPrimitiveValue(ScoreColumnKind, TextDataViewType.Instance, MulticlassClassification.AsMemory());
        builder.AddPrimitiveValue(ScoreValueKind, TextDataViewType.Instance, valueKind.AsMemory());
    }
}
