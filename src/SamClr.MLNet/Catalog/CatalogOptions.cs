using SamClr.MLNet.Compute;
using SamClr.MLNet.Methods;
using SamClr.MLNet.Pretraining;
using SamClr.MLNet.Training;

namespace Microsoft.ML;

/// <summary>What the simple catalog overloads of every pre-training method set in the same way.</summary>
internal static class CatalogOptions
{
    /// <summary>
    /// Sets the columns, backbone, view size and the loop's epochs, batch, seed and device on <paramref name="options"/>,
    /// keeping the method's own training defaults (for example SwAV's Adam settings), and returns it.
    /// </summary>
    public static T Common<T>(T options, string outputColumnName, string inputColumnName, string? regionsColumnName, string backbone,
        int viewSize, int epochs, int batchSize, int seed, ComputeDevice device)
        where T : SelfSupervisedOptions
    {
        options.OutputColumnName = outputColumnName;
        options.InputColumnName = inputColumnName;
        options.RegionsColumnName = regionsColumnName;
        options.Backbone = backbone;
        options.ViewSize = viewSize;
        options.Training.Epochs = epochs;
        options.Training.BatchSize = batchSize;
        options.Training.Seed = seed;
        options.Training.Device = device;
        return options;
    }
}
