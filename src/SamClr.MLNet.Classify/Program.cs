using Microsoft.ML;
using Microsoft.ML.Data;

// samclr-classify --model MODEL.zip IMAGE...
// Loads a model zip saved by `samclr pretrain --save-model` and prints, for each image, the predicted class and its score.
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
