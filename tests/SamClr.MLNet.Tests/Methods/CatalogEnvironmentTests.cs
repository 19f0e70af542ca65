using Microsoft.ML;
using Xunit;

namespace SamClr.MLNet.Tests.Methods;

public class CatalogEnvironmentTests
{
    [Fact]
    public void ReachesTheEnvironmentAndGpuSettingOfMlContext()
    {
        // Pins the reflection on Microsoft.ML 5.0.1's internal catalog environment.
        var ml = new MLContext { GpuDeviceId = 3 };
        var environment = CatalogEnvironment.Of(ml.Transforms);
        Assert.Equal(3, CatalogEnvironment.GpuDeviceId(environment));
        Assert.Null(CatalogEnvironment.GpuDeviceId(CatalogEnvironment.Of(new MLContext().Transforms)));
    }
}
