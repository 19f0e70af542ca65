using Xunit;

namespace SamClr.MLNet.Tests;

/// <summary>
/// Test classes that must not run beside others, so xUnit runs them one after another once the parallel classes are
/// done: they seed libtorch's process-wide random generator and expect their own draws from it (another test drawing
/// in between would change them), collect garbage without pause (which would slow every other test), or run the
/// samples apps as processes with a time limit (which two cores shared with other tests could miss). The library itself
/// draws from no process-wide state (<see cref="Methods.SeededInitializationTests"/>), so estimators fit side by side.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SequentialCollection
{
    /// <summary>The collection's name, for [Collection(SequentialCollection.Name)].</summary>
    public const string Name = "Sequential";
}
