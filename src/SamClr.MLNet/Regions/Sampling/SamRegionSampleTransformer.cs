using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using SamClr.MLNet.Data;
using SamClr.MLNet.DataViews;
using SamClr.MLNet.Regions.Import;
using SamClr.MLNet.Regions.Store;

namespace SamClr.MLNet.Regions.Sampling;

/// <summary>
/// Appends each image's SAMCLR candidate boxes (coarsest regions, minimum area, enlarged boxes; see
/// <see cref="RegionBoxesColumn"/> for the layout) computed from stored, imported or freshly proposed regions.
/// Regions are computed once per image and kept (in memory, and in the mask store when one is configured).
/// </summary>
/// <remarks>
/// ML.NET's model format cannot hold a third-party transformer, so this transformer is used in memory; the mask store
/// is what persists its work.
/// </remarks>
public sealed class SamRegionSampleTransformer : ITransformer, IDisposable
{
    private readonly SamRegionSampleOptions _options;
    private readonly RegionLookup _lookup;

    internal SamRegionSampleTransformer(SamRegionSampleOptions options, RegionLookup lookup)
    {
        _options = options;
        _lookup = lookup;
    }

    /// <summary>
    /// What importing masks from <see cref="SamRegionSampleOptions.MasksDirectory"/> met so far: images without a mask
    /// file or with an empty region list (they train on the whole image), and tolerated area mismatches.
    /// </summary>
    public ImportWarnings ImportWarnings => _lookup.Warnings;

    /// <summary>Images not found in a store that is used as it is (no proposer or masks given); they train on the whole image.</summary>
    public int MissingFromStore => _lookup.MissingFromStore;

    /// <summary>False: the transformer maps whole IDataViews.</summary>
    public bool IsRowToRowMapper => false;

    /// <summary>The input schema plus the region box column.</summary>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) =>
        AppendColumnsDataView.OutputSchema(inputSchema, new[] { CreateMapper(inputSchema) });

    /// <summary>Appends the region box column to <paramref name="input"/>; regions are found or computed when a row is read.</summary>
    public IDataView Transform(IDataView input) => new AppendColumnsDataView(input, new[] { CreateMapper(input.Schema) });

    /// <summary>Not supported: see <see cref="IsRowToRowMapper"/>.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new NotSupportedException("SamRegionSampleTransformer maps whole IDataViews: call Transform on an IDataView of images.");

    /// <summary>Not supported: ML.NET's model format cannot hold a third-party transformer; the mask store keeps the regions.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException(
            "SamRegionSampleTransformer cannot be saved with mlContext.Model.Save (ML.NET's ModelSaveContext is internal to ML.NET). " +
            "Set SamRegionSampleOptions.StoreDirectory so the regions persist, and create the transformer again from the store.");

    /// <summary>Closes the mask store.</summary>
    public void Dispose() => _lookup.Dispose();

    private ColumnMapper CreateMapper(DataViewSchema inputSchema)
    {
        var image = inputSchema.GetColumnOrNull(_options.InputColumnName)
            ?? throw new ArgumentException(
                $"SamRegionSample input column '{_options.InputColumnName}' was not found; the data has: {string.Join(", ", inputSchema.Select(c => c.Name))}.",
                nameof(inputSchema));
        if (image.Type is not ImageDataViewType)
            throw new ArgumentException(
                $"SamRegionSample input column '{_options.InputColumnName}' holds {image.Type}, not images. Load images first with mlContext.Transforms.LoadImages.",
                nameof(inputSchema));
        var inputs = new List<string> { _options.InputColumnName };
        if (_options.ImagePathColumnName != null)
        {
            var path = inputSchema.GetColumnOrNull(_options.ImagePathColumnName)
                ?? throw new ArgumentException($"Image path column '{_options.ImagePathColumnName}' was not found.", nameof(inputSchema));
            if (path.Type is not TextDataViewType)
                throw new ArgumentException($"Image path column '{_options.ImagePathColumnName}' must be text, not {path.Type}.", nameof(inputSchema));
            inputs.Add(_options.ImagePathColumnName);
        }
        return new OutputColumn<VBuffer<float>>(_options.OutputColumnName, RegionBoxesColumn.Type, inputs, row =>
        {
            var readImage = row.GetGetter<MLImage>(row.Schema[_options.InputColumnName]);
            var readPath = _options.ImagePathColumnName is null ? null : row.GetGetter<ReadOnlyMemory<char>>(row.Schema[_options.ImagePathColumnName]);
            MLImage picture = null!;
            ReadOnlyMemory<char> path = default;
            return (ref VBuffer<float> value) =>
            {
                readImage(ref picture);
                if (picture is null) throw new InvalidDataException($"Row {row.Position} of column '{_options.InputColumnName}' has no image.");
                string key;
                if (readPath is null) key = $"row/{row.Position}";
                else
                {
                    readPath(ref path);
                    key = _options.ImageRoot is null ? path.ToString().Replace('\\', '/') : StoreKeys.FromSource(_options.ImageRoot, path.ToString());
                }
                var current = picture;
                var found = _lookup.Find(key, current.Width, current.Height, () => PixelLayout.ToPlanarRgb(current));
                if (found.Regions.Count > _options.Selection.MaxRegions)
                    throw new InvalidDataException($"Image '{key}' has {found.Regions.Count} regions, more than RegionSelectionOptions.MaxRegions ({_options.Selection.MaxRegions}); check its masks or raise MaxRegions.");
                var boxes = RegionBoxesColumn.Flatten(RegionSelection.CandidateBoxesInImage(
                    found.Regions, found.Width, found.Height, current.Width, current.Height, _options.Selection));
                var editor = VBufferEditor.Create(ref value, boxes.Length);
                boxes.CopyTo(editor.Values);
                value = editor.Commit();
            };
        });
    }
}
