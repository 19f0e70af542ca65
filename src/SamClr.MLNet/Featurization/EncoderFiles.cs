using System.Text.Json;
using SamClr.MLNet.IO;
using SamClr.MLNet.Models;
using TorchSharp;

namespace SamClr.MLNet.Featurization;

/// <summary>
/// Saves a trained <see cref="ImageEncoder"/> to a folder and loads it back: <c>encoder.json</c> (architecture, input
/// size, normalisation, feature size) and <c>encoder.weights</c> (the backbone's parameters and buffers in TorchSharp's
/// format). Both files are written to temporary names and renamed, so a stopped save never leaves a half-written model.
/// </summary>
public static class EncoderFiles
{
    /// <summary>Name of the description file.</summary>
    public const string DescriptionFileName = "encoder.json";

    /// <summary>Name of the weights file.</summary>
    public const string WeightsFileName = "encoder.weights";

    private sealed record Description(int FormatVersion, string Architecture, int InputSize, float[] Mean, float[] Std, int FeatureDimension);

    /// <summary>Writes <paramref name="encoder"/> into <paramref name="directory"/> (created when missing).</summary>
    /// <exception cref="IOException">A file could not be written (e.g. a read-only directory); the message names it, and the files saved before are unchanged.</exception>
    public static void Save(ImageEncoder encoder, string directory)
    {
        Directory.CreateDirectory(directory);
        var description = new Description(1, encoder.Backbone.ArchitectureName, encoder.InputSize,
            encoder.Normalization.Mean, encoder.Normalization.Std, encoder.FeatureDimension);
        string weights = Path.Combine(directory, WeightsFileName), json = Path.Combine(directory, DescriptionFileName);
        string text = JsonSerializer.Serialize(description, new JsonSerializerOptions { WriteIndented = true });
        AtomicFile.WriteAll("encoder file",
            (weights, temp => encoder.Backbone.save(temp)),
            (json, temp => File.WriteAllText(temp, text)));
    }

    /// <summary>Loads the encoder saved in <paramref name="directory"/> onto <paramref name="device"/>.</summary>
    /// <exception cref="FileNotFoundException">A file is missing; the message names it.</exception>
    /// <exception cref="InvalidDataException">A file is damaged or describes another model; the message names it.</exception>
    public static ImageEncoder Load(string directory, torch.Device device)
    {
        string weights = Path.Combine(directory, WeightsFileName), json = Path.Combine(directory, DescriptionFileName);
        foreach (var file in new[] { json, weights })
            if (!File.Exists(file)) throw new FileNotFoundException($"'{file}' is missing: '{directory}' does not hold a saved encoder (pretrain --out writes one).", file);
        Description description;
        try
        {
            description = JsonSerializer.Deserialize<Description>(File.ReadAllText(json))
                ?? throw new InvalidDataException($"'{json}' is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{json}' is not a valid encoder description: {e.Message}", e);
        }
        if (description.FormatVersion != 1)
            throw new InvalidDataException($"'{json}' has format version {description.FormatVersion}; this library reads version 1.");
        var backbone = Backbones.Create(description.Architecture);
        try
        {
            backbone.load(weights);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            backbone.Dispose();
            throw new InvalidDataException($"'{weights}' does not hold {description.Architecture} weights: {e.Message}", e);
        }
        return new ImageEncoder(backbone, description.InputSize, new PixelNormalization(description.Mean, description.Std), device);
    }
}
