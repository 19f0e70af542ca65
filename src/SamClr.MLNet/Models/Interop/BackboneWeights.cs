using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Models.Interop;

/// <summary>
/// Exchanges backbone weights with PyTorch. <see cref="ResNet"/> already uses torchvision's parameter and buffer names
/// (conv1, bn1, layer1.0.conv1, ..., layer2.0.downsample.0/1), so a ResNet-18/34/50 written here loads into
/// <c>torchvision.models.resnet18/34/50()</c> and torchvision's ImageNet weights load into our ResNets. Files hold
/// every parameter plus the BatchNorm buffers (running_mean, running_var as float32, num_batches_tracked as a 0-d
/// int64), as PyTorch's own state_dict does. The CIFAR-stem variants keep the names but their 3x3 conv1 does not fit
/// torchvision's 7x7; "small-cnn" has names of its own (features.conv0, ...).
/// </summary>
/// <remarks>
/// torchvision's ResNet also has the 1000-class ImageNet classifier <c>fc</c>, which a backbone does not. With
/// <c>withClassifier: true</c> the file also holds a zero <c>fc.weight</c> [1000, FeatureDimension] and <c>fc.bias</c>
/// [1000], so that <c>torchvision.models.resnet18().load_state_dict(torch.load(path), strict=True)</c> succeeds; without
/// it, load with <c>strict=False</c> (the only missing keys reported are fc.weight and fc.bias). The loaders here ignore
/// fc.* so either kind of file, and torchvision's own checkpoints, initialise a backbone.
/// </remarks>
public static class BackboneWeights
{
    /// <summary>Classes of torchvision's ImageNet classifier, the size of the optional zero <c>fc</c> layer.</summary>
    public const int TorchvisionClassCount = 1000;

    /// <summary>
    /// Writes <paramref name="backbone"/>'s state_dict as a PyTorch file (.pt/.pth) that <c>torch.load</c> reads
    /// (through TorchSharp.PyBridge's pickler). The file is written to a temporary name and renamed, so an interrupted
    /// write never replaces an existing file.
    /// </summary>
    /// <param name="backbone">The backbone to export; its tensors are copied to the CPU for writing.</param>
    /// <param name="path">The file to write; its folder is created when missing.</param>
    /// <param name="withClassifier">Default false. True adds a zero 1000-class <c>fc</c> (see the class remarks).</param>
    public static void SaveStateDict(Backbone backbone, string path, bool withClassifier = false) =>
        Save(backbone, path, WeightFileFormat.PyTorch, withClassifier);

    /// <summary>
    /// Writes <paramref name="backbone"/>'s state_dict as a safetensors file that <c>safetensors.torch.load_file</c>
    /// reads, atomically like <see cref="SaveStateDict"/>.
    /// </summary>
    /// <param name="backbone">The backbone to export.</param>
    /// <param name="path">The file to write; its folder is created when missing.</param>
    /// <param name="withClassifier">Default false. True adds a zero 1000-class <c>fc</c> (see the class remarks).</param>
    public static void SaveSafetensors(Backbone backbone, string path, bool withClassifier = false) =>
        Save(backbone, path, WeightFileFormat.Safetensors, withClassifier);

    /// <summary>Writes <paramref name="backbone"/>'s state_dict in <paramref name="format"/>; see <see cref="SaveStateDict"/>.</summary>
    /// <param name="backbone">The backbone to export.</param>
    /// <param name="path">The file to write; its folder is created when missing.</param>
    /// <param name="format">PyTorch (torch.save) or safetensors.</param>
    /// <param name="withClassifier">Default false. True adds a zero 1000-class <c>fc</c> (see the class remarks).</param>
    public static void Save(Backbone backbone, string path, WeightFileFormat format, bool withClassifier = false)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in backbone.state_dict())
            tensors.Add(name, tensor.detach().cpu().contiguous());
        if (withClassifier)
        {
            foreach (var key in StateDictMatcher.ClassifierKeys)
                if (tensors.ContainsKey(key))
                    throw new ArgumentException($"{backbone.ArchitectureName} already has a tensor named '{key}'; it cannot take a torchvision classifier.", nameof(withClassifier));
            tensors.Add("fc.weight", zeros(TorchvisionClassCount, backbone.FeatureDimension));
            tensors.Add("fc.bias", zeros(TorchvisionClassCount));
        }
        WeightFiles.Write(path, tensors, format);
    }

    /// <summary>
    /// Initialises <paramref name="backbone"/> from a PyTorch state_dict file written by <c>torch.save</c> or
    /// <see cref="SaveStateDict"/>. Strict: every parameter and buffer must be present with the same shape (a missing
    /// BatchNorm num_batches_tracked, absent from pre-0.4.1 checkpoints, is set to 0); keys the backbone lacks are an
    /// error, except torchvision's classifier fc.weight and fc.bias, which are ignored. On any error the backbone is
    /// left unchanged.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is unreadable, or its keys or shapes do not match; the message lists every missing key, unexpected key and shape mismatch.</exception>
    public static void LoadStateDict(Backbone backbone, string path) => Load(backbone, path, WeightFileFormat.PyTorch);

    /// <summary>Initialises <paramref name="backbone"/> from a safetensors file, with the checks of <see cref="LoadStateDict"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is unreadable, or its keys or shapes do not match; the message lists them.</exception>
    public static void LoadSafetensors(Backbone backbone, string path) => Load(backbone, path, WeightFileFormat.Safetensors);

    /// <summary>
    /// Initialises <paramref name="backbone"/> from a weight file in either format, told apart by its first bytes (a
    /// torch.save zip archive or a safetensors header), with the checks of <see cref="LoadStateDict"/>. This is the
    /// entry point for "start pre-training from these weights".
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is in neither format, unreadable, or does not match; the message says which.</exception>
    public static void LoadInto(Backbone backbone, string path) => Load(backbone, path, WeightFiles.Detect(path));

    private static void Load(Backbone backbone, string path, WeightFileFormat format)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var scope = NewDisposeScope();
        long expected = WeightFileLimits.Bytes(backbone.state_dict().Values);
        var loaded = WeightFiles.Read(path, format, WeightFileLimits.AllowedTensorBytes(expected));
        StateDictMatcher.CopyInto(backbone, loaded, path);
    }
}
