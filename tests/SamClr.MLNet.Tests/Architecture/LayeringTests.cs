using System.Text.RegularExpressions;
using Xunit;

namespace SamClr.MLNet.Tests.Architecture;

/// <summary>
/// The library's folders are its layers, and data flows one way: a source file may use the namespaces of its own layer
/// and of the layers before it, never one after it (docs/ARCHITECTURE.md has the order and what each layer holds).
/// </summary>
public class LayeringTests
{
    /// <summary>The layers in data-flow order: each top-level folder of src/SamClr.MLNet (and its namespace).</summary>
    internal static readonly string[] Layers =
    {
        "IO", "Compute", "Data", "DataViews", "Regions", "Views", "Models", "Methods", "Training", "Featurization",
        "Pretraining", "Evaluation", "Onnx", "Catalog",
    };

    private static readonly Regex UsingDirective = new(@"^\s*(?:global\s+)?using\s+(?:static\s+)?SamClr\.MLNet\.(\w+)", RegexOptions.Multiline);

    [Fact]
    public void EveryFolderOfTheLibraryIsALayer()
    {
        var folders = Directory.GetDirectories(LibraryRoot()).Select(Path.GetFileName)
            .Where(name => name is not ("bin" or "obj")).Order().ToArray();
        Assert.Equal(Layers.Order().ToArray(), folders);
        Assert.Empty(Directory.GetFiles(LibraryRoot(), "*.cs")); // every source file sits in a layer
    }

    [Fact]
    public void NoSourceFileUsesALayerAfterItsOwn()
    {
        var backward = new List<string>();
        foreach (string file in Directory.EnumerateFiles(LibraryRoot(), "*.cs", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(LibraryRoot(), file);
            string layer = relative.Split(Path.DirectorySeparatorChar)[0];
            if (layer is "bin" or "obj") continue;
            int own = Array.IndexOf(Layers, layer);
            foreach (Match used in UsingDirective.Matches(File.ReadAllText(file)))
            {
                int other = Array.IndexOf(Layers, used.Groups[1].Value);
                if (other > own) backward.Add($"{relative} uses SamClr.MLNet.{used.Groups[1].Value}");
            }
        }
        Assert.True(backward.Count == 0, "Backward edges (a layer using one after it):\n" + string.Join("\n", backward));
    }

    [Fact]
    public void EveryFileDeclaresTheNamespaceOfItsLayer()
    {
        // A layer is one namespace, SamClr.MLNet.LAYER (a subfolder may add a segment, e.g. Regions.Sam); the catalog
        // extensions live in Microsoft.ML, where ML.NET users look for them (mlContext.Transforms.SimClr(...)).
        var wrong = new List<string>();
        foreach (string file in Directory.EnumerateFiles(LibraryRoot(), "*.cs", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(LibraryRoot(), file);
            string layer = relative.Split(Path.DirectorySeparatorChar)[0];
            if (layer is "bin" or "obj") continue;
            var declared = Regex.Match(File.ReadAllText(file), @"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline);
            string ns = declared.Success ? declared.Groups[1].Value : "(none)";
            bool ok = layer == "Catalog" ? ns == "Microsoft.ML" : ns == "SamClr.MLNet." + layer || ns.StartsWith("SamClr.MLNet." + layer + ".", StringComparison.Ordinal);
            if (!ok) wrong.Add($"{relative}: namespace {ns}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>src/SamClr.MLNet, found from the test assembly's folder (tests/SamClr.MLNet.Tests/bin/CONFIG/TFM).</summary>
    internal static string LibraryRoot()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string root = here.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        return Path.Combine(root, "src", "SamClr.MLNet");
    }
}
