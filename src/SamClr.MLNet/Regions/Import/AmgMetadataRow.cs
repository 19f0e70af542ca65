using SamClr.MLNet.Data;

namespace SamClr.MLNet.Regions.Import;

/// <summary>One row of amg.py's <c>metadata.csv</c>.</summary>
internal sealed record AmgMetadataRow(int Id, long Area, (float X, float Y) Point, float PredictedIou, float StabilityScore, CropBox CropBox);
