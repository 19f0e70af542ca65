using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace SamClr.MLNet.Data;

/// <summary>
/// A read-only <see cref="IDataView"/> over <see cref="ISourceImages"/> (an <see cref="ImageSet"/> or an <see cref="ImageStore"/>). ML.NET's LoadFromEnumerable cannot produce
/// getters for <see cref="MLImage"/> members, so the view is implemented directly: an "Image" column of
/// <see cref="ImageDataViewType"/> (unknown size, since valid sizes vary per image), for a labelled set a "Label"
/// text column, and when the set knows where its images came from a "Source" text column (the file path, or
/// "file#index" for a record of a binary data set file). A row's image is built the first time it is requested at that row.
/// </summary>
internal sealed class ImageSetDataView : IDataView, ISourceImagesDataView
{
    private readonly ISourceImages _set;

    public ImageSetDataView(ISourceImages set)
    {
        _set = set;
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(ImageSetDataViewExtensions.ImageColumn, new ImageDataViewType());
        if (set.Labels != null) builder.AddColumn(ImageSetDataViewExtensions.LabelColumn, TextDataViewType.Instance);
        if (set.Sources != null) builder.AddColumn(ImageSetDataViewExtensions.SourceColumn, TextDataViewType.Instance);
        Schema = builder.ToSchema();
    }

    public ISourceImages? SourceImagesOf(string columnName) => columnName == ImageSetDataViewExtensions.ImageColumn ? _set : null;

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _set.Count;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        new[] { GetRowCursor(columnsNeeded, rand) };

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly ImageSetDataView _view;
        private readonly bool[] _active;
        private long _position = -1;
        private MLImage? _image;
        private long _imagePosition = -1;

        public Cursor(ImageSetDataView view, IEnumerable<DataViewSchema.Column> columnsNeeded)
        {
            _view = view;
            _active = new bool[view.Schema.Count];
            foreach (var column in columnsNeeded) _active[column.Index] = true;
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (_position + 1 >= _view._set.Count)
            {
                _position = _view._set.Count;
                return false;
            }
            _position++;
            return true;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => _active[column.Index];

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!_active[column.Index])
                throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was created.");
            if (column.Index == 0 && typeof(TValue) == typeof(MLImage))
                return (ValueGetter<TValue>)(Delegate)(ValueGetter<MLImage>)((ref MLImage value) => value = CurrentImage());
            if (column.Name == ImageSetDataViewExtensions.LabelColumn && typeof(TValue) == typeof(ReadOnlyMemory<char>))
                return (ValueGetter<TValue>)(Delegate)(ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) =>
                    value = _view._set.ClassNames![_view._set.Labels![CheckedPosition()]].AsMemory());
            if (column.Name == ImageSetDataViewExtensions.SourceColumn && typeof(TValue) == typeof(ReadOnlyMemory<char>))
                return (ValueGetter<TValue>)(Delegate)(ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) =>
                    value = _view._set.Sources![CheckedPosition()].AsMemory());
            throw new InvalidOperationException(
                $"Column '{column.Name}' holds {column.Type}; it cannot be read as {typeof(TValue).Name}.");
        }

        private MLImage CurrentImage()
        {
            int position = CheckedPosition();
            if (_imagePosition != position)
            {
                _image = _view._set.ToMLImage(position);
                _imagePosition = position;
            }
            return _image!;
        }

        private int CheckedPosition() =>
            _position >= 0 && _position < _view._set.Count
                ? (int)_position
                : throw new InvalidOperationException("The cursor is not on a row; call MoveNext first.");
    }
}
