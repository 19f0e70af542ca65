using SamClr.MLNet.Compute;
using SamClr.MLNet.Training;
using Xunit;

namespace SamClr.MLNet.Tests.Gpu;

/// <summary>
/// A fact that runs only where TorchSharp can train on CUDA; elsewhere it is reported as skipped with the reason
/// <see cref="CudaProbe"/> gives (no CUDA libtorch in this build, or no GPU visible to it).
/// </summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        var availability = CudaProbe.Check();
        if (availability != CudaAvailability.Available) Skip = $"No CUDA for TorchSharp: {CudaProbe.Explain(availability)}.";
    }
}
