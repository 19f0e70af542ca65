using SamClr.MLNet.Compute;
using SamClr.MLNet.Data;
using SamClr.MLNet.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Featurization;

/// <summary>
/// Runs a trained backbone in evaluation mode on whole images: of each image (its valid extent) the centred square
/// of its shorter side is resized to <see cref="InputSize"/> x <see cref="InputSize"/> (bilinear, antialiased), the
/// evaluation protocol of the SAMCLR authors' code (resize the shorter side, centre crop; nothing is stretched),
/// normalised and encoded into a <see cref="FeatureDimension"/>-long feature vector.
/// </summary>
public sealed class ImageEncoder : IDisposable
{
    private readonly Backbone _backbone;
    private readonly Device _device;
    private readonly bool _ownsBackbone;

    /// <summary>Creates an encoder; it takes ownership of <paramref name="backbone"/> and moves it to <paramref name="device"/>.</summary>
    /// <param name="backbone">The trained (or random-init) backbone.</param>
    /// <param name="inputSize">Side of the square input the backbone was trained on (the view size).</param>
    /// <param name="normalization">Normalisation used for the training views.</param>
    /// <param name="device">Where to run.</param>
    public ImageEncoder(Backbone backbone, int inputSize, PixelNormalization normalization, Device device)
        : this(backbone, inputSize, normalization, device, ownsBackbone: true) { }

    /// <summary>
    /// Creates an encoder that disposes <paramref name="backbone"/> only when <paramref name="ownsBackbone"/> is true;
    /// a borrowed backbone (one still being trained) must already be on <paramref name="device"/> and in evaluation mode.
    /// </summary>
    internal ImageEncoder(Backbone backbone, int inputSize, PixelNormalization normalization, Device device, bool ownsBackbone)
    {
        if (inputSize <= 0) throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "Input size must be positive.");
        _backbone = backbone;
        _device = device;
        _ownsBackbone = ownsBackbone;
        InputSize = inputSize;
        Normalization = normalization;
        if (!ownsBackbone) return;
        _backbone.to(device);
        _backbone.eval();
    }

    /// <summary>Side of the square input, in pixels.</summary>
    public int InputSize { get; }

    /// <summary>Normalisation applied before the backbone.</summary>
    public PixelNormalization Normalization { get; }

    /// <summary>Length of the feature vectors.</summary>
    public int FeatureDimension => _backbone.FeatureDimension;

    /// <summary>The backbone (evaluation mode).</summary>
    public Backbone Backbone => _backbone;

    /// <summary>Encodes every image of <paramref name="images"/>, <paramref name="batchSize"/> at a time.</summary>
    public float[][] Encode(ImageSet images, int batchSize = 256)
    {
        var result = new float[images.Count][];
        var indices = Enumerable.Range(0, images.Count).ToArray();
        for (int start = 0; start < images.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, images.Count - start);
            using var scope = NewDisposeScope();
            var batch = images.ToTensor(new ReadOnlySpan<int>(indices, start, count));
            var resized = ResizeValidExtents(batch, images.Sizes.Skip(start).Take(count).ToArray());
            var features = Forward(resized);
            for (int i = 0; i < count; i++) result[start + i] = features[i].data<float>().ToArray();
        }
        return result;
    }

    /// <summary>Encodes one image given as planar RGB bytes (3 x height x width).</summary>
    public float[] Encode(ReadOnlySpan<byte> planarRgb, int width, int height) => Encode([Prepare(planarRgb, width, height)])[0];

    /// <summary>
    /// One image's backbone input: planar RGB bytes scaled to [0, 1] and resized to <see cref="InputSize"/> square
    /// (bilinear, antialiased), as 3 x InputSize x InputSize floats on the CPU. Safe to call from any thread.
    /// </summary>
    internal float[] Prepare(ReadOnlySpan<byte> planarRgb, int width, int height)
    {
        if (planarRgb.Length != 3 * width * height)
            throw new ArgumentException($"Expected {3 * width * height} bytes for a {width}x{height} RGB image, got {planarRgb.Length}.", nameof(planarRgb));
        using var scope = NewDisposeScope();
        var image = tensor(planarRgb.ToArray(), new long[] { 1, 3, height, width }, ScalarType.Byte).to(ScalarType.Float32).div_(Scalars.Of(255.0));
        return Resize(image).contiguous().data<float>().ToArray();
    }

    /// <summary>
    /// Features of images made by <see cref="Prepare"/>, in one forward pass. In evaluation mode the result equals
    /// encoding them one by one, within float rounding.
    /// </summary>
    internal float[][] Encode(IReadOnlyList<float[]> prepared)
    {
        if (prepared.Count == 0) return [];
        int size = 3 * InputSize * InputSize;
        var pixels = new float[prepared.Count * size];
        for (int i = 0; i < prepared.Count; i++) prepared[i].CopyTo(pixels, i * size);
        using var scope = NewDisposeScope();
        var features = Forward(tensor(pixels, new long[] { prepared.Count, 3, InputSize, InputSize }));
        var values = features.data<float>().ToArray();
        int dimension = (int)features.shape[1];
        return Enumerable.Range(0, prepared.Count).Select(i => values.AsSpan(i * dimension, dimension).ToArray()).ToArray();
    }

    /// <summary>Features [B, D] (on the CPU) for images [B, 3, InputSize, InputSize] in [0, 1].</summary>
    internal Tensor Forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var features = _backbone.forward(Normalization.Apply(images.to(_device)));
        return features.cpu().contiguous().MoveToOuterDisposeScope();
    }

    private Tensor ResizeValidExtents(Tensor batch, IReadOnlyList<ImageSize> sizes)
    {
        long h = batch.shape[2], w = batch.shape[3];
        if (sizes.All(s => s.Width == w && s.Height == h)) return Resize(batch);
        var parts = new List<Tensor>(sizes.Count);
        for (int i = 0; i < sizes.Count; i++)
            parts.Add(Resize(batch[i..(i + 1), .., ..sizes[i].Height, ..sizes[i].Width]));
        return cat(parts, 0);
    }

    /// <summary>The centred square of the shorter side of [B, 3, H, W] images, resized to InputSize.</summary>
    private Tensor Resize(Tensor images)
    {
        long height = images.shape[2], width = images.shape[3], side = Math.Min(height, width);
        long top = (height - side) / 2, left = (width - side) / 2;
        var square = side == height && side == width ? images : images.narrow(2, top, side).narrow(3, left, side);
        return side == InputSize
            ? square
            : nn.functional.interpolate(square, new long[] { InputSize, InputSize }, mode: InterpolationMode.Bilinear, align_corners: false, antialias: true);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsBackbone) _backbone.Dispose();
    }
}
