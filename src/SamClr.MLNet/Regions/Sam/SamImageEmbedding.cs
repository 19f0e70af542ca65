namespace SamClr.MLNet.Regions.Sam;

/// <summary>
/// What SAM's image encoder computed for one image: the [1, 256, 64, 64] image embedding, HQ-SAM's intermediate
/// embeddings when the encoder has them, and the size of the image that was encoded (the decoder's
/// <c>orig_im_size</c>). Immutable.
/// </summary>
internal sealed class SamImageEmbedding
{
    /// <summary>The shape of <see cref="ImageEmbeddings"/>: [1, 256, 64, 64], fixed by SAM's architecture.</summary>
    public static IReadOnlyList<long> ImageEmbeddingShape { get; } = [1, 256, 64, 64];

    internal SamImageEmbedding(int width, int height, float[] imageEmbeddings, float[]? intermEmbeddings, long[]? intermShape)
    {
        Width = width;
        Height = height;
        ImageEmbeddingArray = imageEmbeddings;
        IntermEmbeddingArray = intermEmbeddings;
        IntermShapeArray = intermShape;
    }

    /// <summary>Width in pixels of the encoded image.</summary>
    public int Width { get; }

    /// <summary>Height in pixels of the encoded image.</summary>
    public int Height { get; }

    /// <summary>The image embedding, [1, 256, 64, 64] row-major.</summary>
    public ReadOnlyMemory<float> ImageEmbeddings => ImageEmbeddingArray;

    /// <summary>HQ-SAM's intermediate embeddings (e.g. [4, 1, 64, 64, 1280] for vit_h); null for plain SAM encoders.</summary>
    public ReadOnlyMemory<float>? IntermEmbeddings => IntermEmbeddingArray;

    /// <summary>The shape of <see cref="IntermEmbeddings"/>; null for plain SAM encoders.</summary>
    public IReadOnlyList<long>? IntermShape => IntermShapeArray;

    internal float[] ImageEmbeddingArray { get; }

    internal float[]? IntermEmbeddingArray { get; }

    internal long[]? IntermShapeArray { get; }
}
