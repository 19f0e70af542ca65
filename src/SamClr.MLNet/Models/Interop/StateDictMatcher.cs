using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Models.Interop;

/// <summary>
/// Checks a loaded name -> tensor table against a backbone's state_dict (same names, same shapes) and copies it in.
/// Nothing is copied unless everything matches, so a failed load leaves the backbone as it was.
/// </summary>
internal static class StateDictMatcher
{
    /// <summary>torchvision's classifier keys: present in ImageNet checkpoints, never part of a backbone, so ignored.</summary>
    public static readonly IReadOnlyList<string> ClassifierKeys = new[] { "fc.weight", "fc.bias" };

    /// <summary>The suffix of BatchNorm's step counter, which PyTorch before 0.4.1 did not save.</summary>
    private const string BatchCounterSuffix = ".num_batches_tracked";

    /// <summary>
    /// Copies <paramref name="loaded"/> into <paramref name="backbone"/>. Classifier keys (fc.weight, fc.bias) are
    /// skipped; a missing BatchNorm <c>num_batches_tracked</c> counter is set to 0, as PyTorch does for checkpoints
    /// older than the counter. Values are cast to the backbone's dtype and moved to its device.
    /// </summary>
    /// <exception cref="InvalidDataException">Missing keys, unexpected keys or shape mismatches; the message lists them all.</exception>
    public static void CopyInto(Backbone backbone, IReadOnlyDictionary<string, Tensor> loaded, string path)
    {
        var expected = backbone.state_dict();
        var missing = expected.Keys.Where(k => !loaded.ContainsKey(k) && !k.EndsWith(BatchCounterSuffix, StringComparison.Ordinal)).ToList();
        var unexpected = loaded.Keys.Where(k => !expected.ContainsKey(k) && !ClassifierKeys.Contains(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        var mismatched = expected.Where(p => loaded.TryGetValue(p.Key, out var t) && !t.shape.SequenceEqual(p.Value.shape))
            .Select(p => $"{p.Key}: file {Shape(loaded[p.Key])}, backbone {Shape(p.Value)}").ToList();
        if (missing.Count + unexpected.Count + mismatched.Count > 0)
            throw new InvalidDataException(Describe(backbone, path, missing, unexpected, mismatched));

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var (name, target) in expected)
        {
            if (loaded.TryGetValue(name, out var source)) target.copy_(source);
            else target.zero_();
        }
    }

    private static string Describe(Backbone backbone, string path, List<string> missing, List<string> unexpected, List<string> mismatched)
    {
        var message = new StringBuilder($"'{path}' does not hold {backbone.ArchitectureName} weights with torchvision's names and shapes.");
        Append(message, "missing keys", missing);
        Append(message, "unexpected keys", unexpected);
        Append(message, "shape mismatches", mismatched);
        message.Append(" Export the weights from the same architecture (for a torchvision model: torch.save(model.state_dict(), path)), " +
                       "or create the backbone that matches the file.");
        return message.ToString();
    }

    private static void Append(StringBuilder message, string what, List<string> items)
    {
        if (items.Count > 0) message.Append($" {items.Count} {what}: {string.Join(", ", items)}.");
    }

    private static string Shape(Tensor tensor) => $"[{string.Join(", ", tensor.shape)}]";
}
