using Microsoft.ML;
using Microsoft.ML.Data;
using SamClr.MLNet.Compute;
using SamClr.MLNet.Data;
using SamClr.MLNet.DataViews;
using SamClr.MLNet.Methods;
using SamClr.MLNet.Pretraining;
using SamClr.MLNet.Regions;
using SamClr.MLNet.Scenes;
using SamClr.MLNet.Training;
using SamClr.MLNet.Views;
using Xunit;

namespace SamClr.MLNet.Tests.Methods;

public class SamClrPretrainTests
{
    /// <summary>Scenes as an IDataView with a "Regions" column holding each scene's ground-truth object boxes.</summary>
    private static IDataView ScenesWithRegions(MLContext ml, SyntheticSceneSet scenes, int emptyEvery = 0)
    {
        var boxes = scenes.Objects.Select((objects, i) => emptyEvery > 0 && i % emptyEvery == 0
            ? Array.Empty<float>()
            : RegionBoxesColumn.Flatten(objects.Select(o => new CropBox(o.Box.X0, o.Box.Y0, o.Box.X1, o.Box.Y1)).ToArray())).ToArray();
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

    [Fact]
    public void TrainsOnRegionViewsWithFallingLossAndLogsImagesWithoutRegions()
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<string>();
        ml.Log += (_, e) => { lock (messages) messages.Add(e.Message); };
        var scenes = TinyTraining.Scenes();
        var options = new SimClrOptions
        {
            Backbone = "small-cnn",
            ViewSize = 16,
            RegionsColumnName = "Regions",
            Temperature = 0.2,
            Augmentation = new ViewAugmentationOptions { OutputSize = 16, MinScale = 0.5, ColorJitterStrength = 0.2, BlurProbability = 0 },
            Training = new PretrainingOptions { Epochs = 8, BatchSize = 16, BaseLearningRate = 0.1, Seed = 2, Device = ComputeDevice.Cpu },
        };
        using var featurizer = ml.Transforms.SimClr(options).Fit(ScenesWithRegions(ml, scenes, emptyEvery: 8));
        var losses = featurizer.History!.EpochLosses;
        Assert.True(losses.TakeLast(2).Average() < losses.Take(2).Average(), $"Loss should fall: {string.Join(", ", losses)}");
        Assert.Contains(messages, m => m.Contains("Source=SAMCLR") && m.Contains("4 of 32 images have no region"));
    }

    [Fact]
    public void CatalogEntryNeedsTheRegionColumn()
    {
        var ml = new MLContext(seed: 1);
        var estimator = ml.Transforms.SamClrPretrain(backbone: "small-cnn", viewSize: 16, epochs: 1, batchSize: 4);
        var scenes = SyntheticSceneGenerator.Generate(new SyntheticSceneOptions { Count = 4, ImageSize = 32, Seed = 5 });
        var ex = Assert.Throws<ArgumentException>(() => estimator.Fit(scenes.Images.ToDataView(ml)));
        Assert.Contains("'Regions'", ex.Message);
    }
}
