namespace SamClr.MLNet.Data;

/// <summary>
/// An IDataView whose image column reads from <see cref="ISourceImages"/> row for row, so the pre-training estimators
/// can cut views from those images directly instead of copying every row's image. Views that pass rows through one
/// to one (the library's appended-column views) forward it.
/// </summary>
internal interface ISourceImagesDataView
{
    /// <summary>The images behind <paramref name="columnName"/>, or null when that column is not such a column.</summary>
    ISourceImages? SourceImagesOf(string columnName);
}
