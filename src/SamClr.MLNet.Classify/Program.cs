using System.Security.Cryptography;
using Microsoft.ML;
using Microsoft.ML.Data;

// samclr-classify --model MODEL.zip IMAGE...
// Loads a model zip saved by `samclr pretrain --save-model` and prints, for each image, the predicted class and its score.
// An ML.NET model zip can name assemblies to load, so it is code: the SHA-256 in MODEL.zip.sha256 (sha256sum's format,
// written beside it by --save-model) is checked before loading, and a model without one is loaded with a warning.
if (args.Length < 3 || args[0] != "--model")
{
    Console.Error.WriteLine("usage: samclr-classify --model MODEL.zip IMAGE...");
    return 2;
}
string modelPath = args[1];
var images = args.Skip(2).ToArray();
foreach (var image in images)
    if (!File.Exists(image))
    {
        Console.Error.WriteLine($"error: image '{image}' does not exist.");
        return 1;
    }

string checksumPath = modelPath + ".sha256";
if (File.Exists(modelPath) && File.Exists(checksumPath))
{
    string expected = File.ReadAllText(checksumPath).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
    using var stream = File.OpenRead(modelPath);
    string actual = Convert.ToHexString(SHA256.HashData(stream));
    if (!actual.Equals(expected, StringComparison.OrdinalIgnoreCase))
    {
        Console.Error.WriteLine($"error: '{modelPath}' does not match its SHA-256 in '{checksumPath}' (file {actual.ToLowerInvariant()}, recorded '{expected}'): " +
            "it was changed or damaged after it was saved. Nothing was loaded.");
        return 1;
    }
}
else if (File.Exists(modelPath))
{
    Console.Error.WriteLine($"warning: '{checksumPath}' is missing, so the model is unverified. An ML.NET model zip can name assemblies to load: " +
        "it is code, load only models you trust (samclr pretrain --save-model writes the checksum file).");
}

var ml = new MLContext();
ITransformer model;
try
{
    model = ml.Model.Load(modelPath, out _);
}
catch (Exception e) when (e is IOException or InvalidDataException or FormatException or InvalidOperationException)
{
    Console.Error.WriteLine($"error: '{modelPath}' is not a readable model zip ({e.Message}). Write one with `samclr pretrain ... --save-model FILE`.");
    return 1;
}
var input = ml.Data.LoadFromEnumerable(images.Select(path => new ImageInput { ImagePath = Path.GetFullPath(path) }));
var output = model.Transform(input);
var predicted = output.GetColumn<ReadOnlyMemory<char>>("PredictedClass").ToArray();
var scores = output.GetColumn<float[]>("Score").ToArray();
for (int i = 0; i < images.Length; i++)
    Console.WriteLine($"{images[i]}\t{predicted[i]}\t{scores[i].Max():F4}");
return 0;

internal sealed class ImageInput
{
    public string ImagePath { get; set; } = "";

    /// <summary>Unknown at prediction time; the model's label mapping still expects the column (an empty label maps to "missing").</summary>
    public string Label { get; set; } = "";
}
