using System.Reflection;
using Microsoft.ML.Runtime;

namespace Microsoft.ML;

/// <summary>
/// Reaches the ML.NET environment behind a catalog, which ML.NET 5.0.1 exposes only through an internal
/// interface: the estimators log through it (so messages reach <c>MLContext.Log</c>) and read
/// <c>MLContext.GpuDeviceId</c> from it. A test pins this against the package version.
/// </summary>
internal static class CatalogEnvironment
{
    private const string EnvironmentProperty = "Microsoft.ML.Data.IInternalCatalog.Environment";

    /// <summary>The environment (logging, GPU settings) of <paramref name="catalog"/>.</summary>
    public static IHostEnvironment Of(TransformsCatalog catalog) =>
        typeof(TransformsCatalog).GetProperty(EnvironmentProperty, BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(catalog) as IHostEnvironment
        ?? throw new InvalidOperationException(
            "Could not reach the ML.NET environment behind mlContext.Transforms. SamClr.MLNet is built for Microsoft.ML 5.0.1; use that version.");

    /// <summary>MLContext.GpuDeviceId as the environment carries it, or null when unset.</summary>
    public static int? GpuDeviceId(IHostEnvironment environment) =>
        environment.GetType().GetProperty("GpuDeviceId", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(environment) as int?;
}
