using Microsoft.ML;
using Microsoft.ML.Data;
using SamClr.MLNet.Data;
using SamClr.MLNet.DataViews;
using SamClr.MLNet.Regions;
using SamClr.MLNet.Scenes;
using SamClr.MLNet.Views;

namespace SamClr.MLNet.Tests.Methods.Dino;

/// <summary>Scenes as an IDataView with a "Regions" column holding each scene's ground-truth object boxes.</summary>
internal static class DinoRegionData
{
    internal static IDataView ScenesWithRegions(MLContext ml, SyntheticSceneSet scenes)
    {
        var boxes = scenes.Objects
            .Select(objects => RegionBoxesColumn.Flatten(objects.Select(o => new CropBox(o.Box.X0, o.Box.Y0, o.Box.X1, o.Box.Y1)).ToArray()))
            .ToArray();
        var column = new OutputColumn<VBuffer<float>>("Regions", RegionBoxesColumn.Type, Array.Empty<string>(), row =>
            (ref VBuffer<float> value) =>
            {
                var b = boxes[row.Position];
                var editor = VBufferEditor.Create(ref value, b.Length);
                b.CopyTo(editor.Values);
                value = editor.Commit();
            });
        return new AppendColumnsDataView(scenes.Images.ToDataView(ml), new[] { column });
    }
}
