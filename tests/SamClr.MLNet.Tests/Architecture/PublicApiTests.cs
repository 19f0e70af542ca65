using SamClr.MLNet.Data;
using Xunit;

namespace SamClr.MLNet.Tests.Architecture;

/// <summary>
/// The library's public surface is what an ML.NET user calls or gets back; everything else is internal
/// (docs/ARCHITECTURE.md, "Public API"). Microsoft.CodeAnalysis.PublicApiAnalyzers pins every public member in
/// src/SamClr.MLNet/PublicAPI.Shipped.txt; this test pins the number of public top-level types.
/// </summary>
public class PublicApiTests
{
    /// <summary>The public top-level types of SamClr.MLNet (171 before issue 12 made the machinery internal).</summary>
    private const int RecordedPublicTopLevelTypes = 90;

    [Fact]
    public void TheLibraryHasTheRecordedNumberOfPublicTopLevelTypes()
    {
        string[] types = typeof(ImageSet).Assembly.GetExportedTypes().Where(type => !type.IsNested)
            .Select(type => type.FullName!).Order(StringComparer.Ordinal).ToArray();
        Assert.True(types.Length == RecordedPublicTopLevelTypes,
            $"SamClr.MLNet has {types.Length} public top-level types; {RecordedPublicTopLevelTypes} are recorded. " +
            "A type made public or internal changes the library's public API: keep a type public only if an ML.NET user " +
            "calls it or gets it back, list its members in src/SamClr.MLNet/PublicAPI.Shipped.txt (the build's RS0016 and " +
            "RS0017 errors name each missing or stale line, and the analyzer's code fix writes them), then update " +
            "RecordedPublicTopLevelTypes here and the count in docs/ARCHITECTURE.md (Public API). The public types now:\n" +
            string.Join("\n", types));
    }
}
