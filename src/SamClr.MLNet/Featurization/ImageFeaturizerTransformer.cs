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
/// Features are computed lazily, one row at a time, each time a cursor reads them; a trainer that makes
/// many passes (L-BFGS) should follow the featurizer with <c>AppendCacheCheckpoint</c>. ML.NET's model
/// format cannot hold a third-party transformer (ModelSaveContext is internal to ML.NET), so
/// <c>mlContext.Model.Save</c> on a pipeline holding this transformer throws <see cref="NotSupportedException"/>.
/// </remarks>
public sealed class ImageFeaturizerTransformer : ITransformer, IDisposable
{
    private readonly object _forwardLock = new();

    /// <summary>Wraps <paramref name="encoder"/> (which the transformer then owns) as a transformer.</summary>
    /// <param name="encoder">The encoder to run.</param>
    /// <param name="outputColumnName">Name of the appended feature column.</param>
    /// <param name="inputColumnName">Name of the input image column (ML.NET's image type).</param>
    /// <param name="history">What pre-training recorded, when the encoder was pre-trained.</param>
    public ImageFeaturizerTransformer(ImageEncoder encoder, string outputColumnName = "Features", string inputColumnName = "Image",
        PretrainingHistory? history = null)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        ArgumentException.ThrowIfNullOrEmpty(inputColumnName);
        Encoder = encoder;
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        History = history;
    }

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
        AppendColumnsDataView.OutputSchema(inputSchema, new[] { CreateMapper(inputSchema) });

    /// <summary>Appends the feature column to <paramref name="input"/>.</summary>
    /// <exception cref="ArgumentException">The image column is missing or not of ML.NET's image type.</exception>
    public IDataView Transform(IDataView input) => new AppendColumnsDataView(input, new[] { CreateMapper(input.Schema) });

    /// <summary>Not supported: see <see cref="IsRowToRowMapper"/>.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new NotSupportedException("ImageFeaturizerTransformer maps whole IDataViews: call Transform on an IDataView of images.");

    /// <summary>Not supported: ML.NET's model format cannot hold a third-party transformer.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException(
            "ImageFeaturizerTransformer holds a TorchSharp encoder, which mlContext.Model.Save cannot store (ML.NET's " +
            "ModelSaveContext is internal to ML.NET). Keep the fitted transformer in memory for now.");

    /// <inheritdoc />
    public void Dispose() => Encoder.Dispose();

    internal ColumnMapper CreateMapper(DataViewSchema inputSchema)
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
        return new OutputColumn<VBuffer<float>>(OutputColumnName, type, new[] { InputColumnName }, row =>
        {
            var readImage = row.GetGetter<MLImage>(row.Schema[InputColumnName]);
            MLImage image = null!;
            return (ref VBuffer<float> value) =>
            {
                readImage(ref image);
                if (image is null) throw new InvalidDataException($"Row {row.Position} of column '{InputColumnName}' has no image.");
                var planar = DataViewImages.ToPlanarRgb(image);
                float[] features;
                lock (_forwardLock) features = Encoder.Encode(planar, image.Width, image.Height);
                var editor = VBufferEditor.Create(ref value, features.Length);
                features.CopyTo(editor.Values);
                value = editor.Commit();
            };
        });
    }
}
