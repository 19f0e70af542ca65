using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using SamClr.MLNet.Data;
using SamClr.MLNet.DataViews;
using SamClr.MLNet.Training;

namespace SamClr.MLNet.Featurization;

/// <summary>
/// The trained encoder as an ML.NET transformer: appends a fixed-size Vector&lt;Single&gt; feature column
/// computed from an image column, so ML.NET's linear trainers and <c>KNearestNeighbors</c> accept it.
/// Every estimator of this library returns one from <c>Fit</c>.
/// </summary>
/// <remarks>
/// Features are computed lazily when a cursor reads them, a block of <see cref="ReadAheadRows"/> rows at a time: the
/// cursor reads that many rows ahead of its caller and encodes their images in one batched forward pass, while the
/// caller still sees an ordinary ML.NET cursor (one row at a time, the input's values, ids and order, shuffled or
/// filtered upstream as it is). A trainer that makes many passes (L-BFGS) should follow the featurizer with
/// <c>AppendCacheCheckpoint</c>. ML.NET's model
/// format cannot hold a third-party transformer (ModelSaveContext is internal to ML.NET), so
/// <c>mlContext.Model.Save</c> on a pipeline holding this transformer throws <see cref="NotSupportedException"/>;
/// <c>ToMLNetPipeline</c> (an extension method in namespace Microsoft.ML) gives the same featurizer built from ML.NET's
/// own transformers, which does save.
/// </remarks>
public sealed class ImageFeaturizerTransformer : ITransformer, IDisposable
{
    /// <summary>Rows a cursor reads ahead and encodes together by default (256, the batch size of <see cref="ImageEncoder.Encode(ImageSet, int)"/>).</summary>
    public const int DefaultReadAheadRows = 256;

    private readonly object _forwardLock = new();

    /// <summary>Wraps <paramref name="encoder"/> (which the transformer then owns) as a transformer.</summary>
    /// <param name="encoder">The encoder to run.</param>
    /// <param name="outputColumnName">Name of the appended feature column.</param>
    /// <param name="inputColumnName">Name of the input image column (ML.NET's image type).</param>
    /// <param name="history">What pre-training recorded, when the encoder was pre-trained.</param>
    /// <param name="readAheadRows">Rows a cursor reads ahead and encodes in one batch (default <see cref="DefaultReadAheadRows"/>; 1 encodes row by row).</param>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="readAheadRows"/> is less than 1.</exception>
    public ImageFeaturizerTransformer(ImageEncoder encoder, string outputColumnName = "Features", string inputColumnName = "Image",
        PretrainingHistory? history = null, int readAheadRows = DefaultReadAheadRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(readAheadRows, 1);
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        ArgumentException.ThrowIfNullOrEmpty(inputColumnName);
        Encoder = encoder;
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        History = history;
        ReadAheadRows = readAheadRows;
    }

    /// <summary>Rows a cursor reads ahead and encodes in one batch.</summary>
    public int ReadAheadRows { get; }

    /// <summary>The encoder this transformer runs.</summary>
    public ImageEncoder Encoder { get; }

    /// <summary>Name of the appended feature column.</summary>
    public string OutputColumnName { get; }

    /// <summary>Name of the input image column.</summary>
    public string InputColumnName { get; }

    /// <summary>Length of the feature vector (512 for ResNet-18).</summary>
    public int FeatureDimension => Encoder.FeatureDimension;

    /// <summary>The pre-training record (losses, speed), or null for an encoder that was not pre-trained here.</summary>
    public PretrainingHistory? History { get; }

    /// <summary>False: the transformer maps whole IDataViews.</summary>
    public bool IsRowToRowMapper => false;

    /// <summary>The input schema plus the feature column.</summary>
    /// <exception cref="ArgumentException">The image column is missing or not of ML.NET's image type.</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) =>
        ReadAheadDataView<float[], VBuffer<float>>.OutputSchema(inputSchema, CreateColumn(inputSchema).Column);

    /// <summary>Appends the feature column to <paramref name="input"/>.</summary>
    /// <exception cref="ArgumentException">The image column is missing or not of ML.NET's image type.</exception>
    public IDataView Transform(IDataView input) =>
        new ReadAheadDataView<float[], VBuffer<float>>(input, CreateColumn(input.Schema), ReadAheadRows);

    /// <summary>Not supported: see <see cref="IsRowToRowMapper"/>.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new NotSupportedException("ImageFeaturizerTransformer maps whole IDataViews: call Transform on an IDataView of images.");

    /// <summary>Not supported: ML.NET's model format cannot hold a third-party transformer.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException(
            "ImageFeaturizerTransformer holds a TorchSharp encoder, which mlContext.Model.Save cannot store (ML.NET's " +
            "ModelSaveContext is internal to ML.NET). Use ToMLNetPipeline(mlContext, onnxPath): the same featurizer built from " +
            "ML.NET's own transformers (ApplyOnnxModel), which saves and loads with mlContext.Model.");

    /// <inheritdoc />
    public void Dispose() => Encoder.Dispose();

    private BlockComputedColumn<float[], VBuffer<float>> CreateColumn(DataViewSchema inputSchema)
    {
        var column = inputSchema.GetColumnOrNull(InputColumnName)
            ?? throw new ArgumentException(
                $"Featurizer input column '{InputColumnName}' was not found; the data has: {string.Join(", ", inputSchema.Select(c => c.Name))}.",
                nameof(inputSchema));
        if (column.Type is not ImageDataViewType)
            throw new ArgumentException(
                $"Featurizer input column '{InputColumnName}' holds {column.Type}, not images. Load images first with mlContext.Transforms.LoadImages.",
                nameof(inputSchema));
        var type = new VectorDataViewType(NumberDataViewType.Single, FeatureDimension);
        return new BlockComputedColumn<float[], VBuffer<float>>(
            new DataViewSchema.DetachedColumn(OutputColumnName, type),
            InputColumnName,
            row =>
            {
                var readImage = row.GetGetter<MLImage>(row.Schema[InputColumnName]);
                return () =>
                {
                    // Each row's image is decoded to bytes and resized to the input size at once (what is kept per
                    // row ahead is 3 x InputSize^2 floats, whatever the image size); a fresh variable per row.
                    MLImage image = null!;
                    readImage(ref image);
                    return image is null ? null : Encoder.Prepare(PixelLayout.ToPlanarRgb(image), image.Width, image.Height);
                };
            },
            EncodeBlock,
            position => $"Row {position} of column '{InputColumnName}' has no image.");
    }

    private VBuffer<float>[] EncodeBlock(IReadOnlyList<float[]> images)
    {
        float[][] features;
        lock (_forwardLock) features = Encoder.Encode(images);
        return features.Select(f => new VBuffer<float>(f.Length, f)).ToArray();
    }
}
