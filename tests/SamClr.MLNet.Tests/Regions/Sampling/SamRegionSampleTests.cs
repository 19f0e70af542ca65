using Microsoft.ML;
using Microsoft.ML.Data;
using SamClr.MLNet.Compute;
using SamClr.MLNet.Data;
using SamClr.MLNet.Regions;
using SamClr.MLNet.Regions.Import;
using SamClr.MLNet.Regions.Sampling;
using SamClr.MLNet.Scenes;
using SamClr.MLNet.Tests.Data;
using SamClr.MLNet.Tests.Regions.Store;
using SamClr.MLNet.Views;
using Xunit;

namespace SamClr.MLNet.Tests.Regions.Sampling;

public class SamRegionSampleTests
{
    /// <summary>
    /// One 40x20 image, black but for a red 10x10 square at (5..15, 5..15) and a green 20x10 bar at (20..40, 10..20):
    /// the threshold proposer returns the red square (area 100) and the green bar (area 200) as regions.
    /// </summary>
    private static ImageSet TwoRegionImage()
    {
        const int w = 40, h = 20;
        var pixels = new byte[3 * w * h];
        for (int y = 5; y < 15; y++) for (int x = 5; x < 15; x++) pixels[y * w + x] = 255;
        for (int y = 10; y < 20; y++) for (int x = 20; x < 40; x++) pixels[w * h + y * w + x] = 255;
        return new ImageSet(h, w, pixels);
    }

    private static float[] Boxes(IDataView data) => data.GetColumn<float[]>("Regions").Single();

    [Fact]
    public void AppendsCoarsestLargeEnoughRegionsWithEnlargedClippedBoxes()
    {
        var ml = new MLContext();
        var proposer = new ThresholdProposer();
        var estimator = ml.Transforms.SamRegionSample(proposer: proposer, minArea: 150, boxScale: 1.5);
        var data = TwoRegionImage().ToDataView(ml);
        using var transformer = estimator.Fit(data);
        // Only the green bar (200 px) has at least 150 px. Its box (20,10)-(40,20), centre (30,15), grows 1.5x to
        // 30x15: (15, 7.5)-(45, 22.5), clipped to the 40x20 image: (15, 7.5)-(40, 20).
        Assert.Equal(new float[] { 15, 7.5f, 40, 20 }, Boxes(transformer.Transform(data)));
        Assert.Equal(1, proposer.Calls);
    }

    [Fact]
    public void StoreKeepsRegionsSoASecondRunDoesNotSegmentAgain()
    {
        using var folder = new StoreTestFolder();
        var ml = new MLContext();
        var data = TwoRegionImage().ToDataView(ml);
        var first = new ThresholdProposer();
        using (var transformer = ml.Transforms.SamRegionSample(proposer: first, minArea: 50, storeDirectory: folder.Path).Fit(data))
            Boxes(transformer.Transform(data));
        var second = new ThresholdProposer();
        using (var transformer = ml.Transforms.SamRegionSample(proposer: second, minArea: 50, storeDirectory: folder.Path).Fit(data))
        {
            // Both regions pass 50 px: the bar first (larger), (20,10)-(40,20) grown 1.3x about (30,15) to (17,8.5)-(43,21.5)
            // and clipped to (17,8.5)-(40,20); then the square (5,5)-(15,15): 13 px about (10,10) gives (3.5,3.5)-(16.5,16.5).
            var boxes = Boxes(transformer.Transform(data));
            Assert.Equal(new float[] { 17, 8.5f, 40, 20, 3.5f, 3.5f, 16.5f, 16.5f }, boxes);
        }
        Assert.Equal(1, first.Calls);
        Assert.Equal(0, second.Calls);
    }

    [Fact]
    public void ExistingStoreIsReadAsItIsWhenNoProposerIsGiven()
    {
        using var folder = new StoreTestFolder();
        var ml = new MLContext();
        var data = TwoRegionImage().ToDataView(ml);
        using (var transformer = ml.Transforms.SamRegionSample(proposer: new ThresholdProposer(), minArea: 150, storeDirectory: folder.Path).Fit(data))
            Boxes(transformer.Transform(data));
        // No proposer given: the store made by the threshold proposer is used as it is.
        using (var transformer = ml.Transforms.SamRegionSample(minArea: 150, boxScale: 1.5, storeDirectory: folder.Path).Fit(data))
        {
            Assert.Equal(new float[] { 15, 7.5f, 40, 20 }, Boxes(transformer.Transform(data)));
            Assert.Equal(0, transformer.MissingFromStore);
        }
        // Two rows: the second ("row/1") is not in the store, so it gets no boxes and is counted.
        var twoImages = new ImageSet(20, 40, TwoRegionImage().Pixels.ToArray().Concat(TwoRegionImage().Pixels.ToArray()).ToArray()).ToDataView(ml);
        using (var transformer = ml.Transforms.SamRegionSample(minArea: 150, storeDirectory: folder.Path).Fit(twoImages))
        {
            var boxes = transformer.Transform(twoImages).GetColumn<float[]>("Regions").ToArray();
            Assert.NotEmpty(boxes[0]);
            Assert.Empty(boxes[1]);
            Assert.Equal(1, transformer.MissingFromStore);
        }
    }

    [Fact]
    public void StoreMadeByAnotherProposerIsRefused()
    {
        using var folder = new StoreTestFolder();
        var ml = new MLContext();
        var data = TwoRegionImage().ToDataView(ml);
        using (var transformer = ml.Transforms.SamRegionSample(proposer: new ThresholdProposer(128), storeDirectory: folder.Path).Fit(data))
            Boxes(transformer.Transform(data));
        var ex = Assert.Throws<InvalidOperationException>(() =>
            ml.Transforms.SamRegionSample(proposer: new ThresholdProposer(100), storeDirectory: folder.Path).Fit(data));
        Assert.Contains("other settings", ex.Message);
    }

    [Fact]
    public void ImportsAmgJsonMasksFoundByTheImagePath()
    {
        using var folder = new StoreTestFolder();
        string images = Directory.CreateDirectory(System.IO.Path.Combine(folder.Path, "images", "street")).FullName;
        string masks = System.IO.Path.Combine(folder.Path, "masks");
        var image = TwoRegionImage();
        TestImages.WritePng(System.IO.Path.Combine(images, "a.png"), image, 0);
        var regions = new ThresholdProposer().Propose(image.Image(0), image.Width, image.Height);
        Directory.CreateDirectory(System.IO.Path.Combine(masks, "street"));
        AmgJsonWriter.Write(System.IO.Path.Combine(masks, "street", "a.json"), regions);
        // A second image has no mask file: it must come back with no boxes (it trains on the whole image) and be counted.
        TestImages.WritePng(System.IO.Path.Combine(images, "b.png"), image, 0);

        var ml = new MLContext();
        string root = System.IO.Path.Combine(folder.Path, "images");
        var paths = ml.Data.LoadFromEnumerable(new[]
        {
            new ImagePathRow { ImagePath = System.IO.Path.Combine(images, "a.png") },
            new ImagePathRow { ImagePath = System.IO.Path.Combine(images, "b.png") },
        });
        var loaded = ml.Transforms.LoadImages("Image", null, "ImagePath").Fit(paths).Transform(paths);
        var estimator = ml.Transforms.SamRegionSample(new SamRegionSampleOptions
        {
            ImagePathColumnName = "ImagePath",
            ImageRoot = root,
            MasksDirectory = masks,
            Selection = new RegionSelectionOptions { MinArea = 150, BoxScale = 1.5 },
        });
        using var transformer = estimator.Fit(loaded);
        var boxes = transformer.Transform(loaded).GetColumn<float[]>("Regions").ToArray();
        Assert.Equal(new float[] { 15, 7.5f, 40, 20 }, boxes[0]);
        Assert.Empty(boxes[1]);
        Assert.Equal(1, transformer.ImportWarnings.MissingMaskFiles);
    }

    [Fact]
    public void MasksOfTheOriginalFileServeASmallerCopyAndMinAreaCountsPixelsOfThatCopy()
    {
        // amg.py ran on the 80x40 original (masks at 80x40); the pipeline reads the image resized to 40x20. The square
        // covers 400 mask pixels (100 of the 40x20 copy), the bar 800 (200). With MinArea 150, counted in pixels of the
        // image the pipeline reads, only the bar stays, and its box comes back in that image's pixels.
        using var folder = new StoreTestFolder();
        string images = Directory.CreateDirectory(System.IO.Path.Combine(folder.Path, "images")).FullName;
        string masks = Directory.CreateDirectory(System.IO.Path.Combine(folder.Path, "masks")).FullName;
        var small = TwoRegionImage();
        var planar = new byte[3 * 80 * 40];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < 40; y++)
                for (int x = 0; x < 80; x++)
                    planar[(c * 40 + y) * 80 + x] = small.Image(0)[(c * 20 + y / 2) * 40 + x / 2];
        var original = new ImageSet(40, 80, planar);
        TestImages.WritePng(System.IO.Path.Combine(images, "a.png"), original, 0);
        AmgJsonWriter.Write(System.IO.Path.Combine(masks, "a.json"), new ThresholdProposer().Propose(planar, 80, 40));

        var ml = new MLContext();
        var paths = ml.Data.LoadFromEnumerable(new[] { new ImagePathRow { ImagePath = System.IO.Path.Combine(images, "a.png") } });
        var loaded = ml.Transforms.LoadImages("Original", null, "ImagePath")
            .Append(ml.Transforms.ResizeImages("Image", 40, 20, "Original"))
            .Fit(paths).Transform(paths);
        using var transformer = ml.Transforms.SamRegionSample(new SamRegionSampleOptions
        {
            ImagePathColumnName = "ImagePath", ImageRoot = images, MasksDirectory = masks,
            Selection = new RegionSelectionOptions { MinArea = 150, BoxScale = 1.5 },
        }).Fit(loaded);
        Assert.Equal(new float[] { 15, 7.5f, 40, 20 }, transformer.Transform(loaded).GetColumn<float[]>("Regions").Single());
    }

    [Fact]
    public void AStoreFolderWithoutAStoreIsAnErrorUnlessAProposerIsGiven()
    {
        using var folder = new StoreTestFolder();
        var ml = new MLContext();
        var data = TwoRegionImage().ToDataView(ml);
        string mistyped = System.IO.Path.Combine(folder.Path, "cityscapes.stroe");
        var ex = Assert.Throws<DirectoryNotFoundException>(() => ml.Transforms.SamRegionSample(storeDirectory: mistyped).Fit(data));
        Assert.Contains(mistyped, ex.Message);
        Assert.Contains("samclr segment", ex.Message);
        Assert.False(Directory.Exists(mistyped));
        using (ml.Transforms.SamRegionSample(proposer: new ThresholdProposer(), storeDirectory: mistyped).Fit(data)) { }
        Assert.True(Directory.Exists(mistyped));
    }

    [Fact]
    public void TheProposerSeesLargeImagesShrunkAndTheBoxesComeBackInImagePixels()
    {
        // The weight-free segmenter's default limit is 512 px; here a 1024x512 image with one bright 200x100 block.
        const int w = 1024, h = 512;
        var pixels = new byte[3 * w * h];
        for (int y = 100; y < 200; y++) for (int x = 400; x < 600; x++) pixels[y * w + x] = 255;
        var ml = new MLContext();
        var data = new ImageSet(h, w, pixels).ToDataView(ml);
        var proposer = new ThresholdProposer();
        using var transformer = ml.Transforms.SamRegionSample(new SamRegionSampleOptions
        {
            Proposer = proposer, ProposerMaxSide = 512, Selection = new RegionSelectionOptions { MinArea = 1000, BoxScale = 1.0 },
        }).Fit(data);
        var box = transformer.Transform(data).GetColumn<float[]>("Regions").Single();
        Assert.Equal(new ImageSize(512, 256), proposer.LastSize);
        Assert.Equal(new float[] { 400, 100, 600, 200 }, box);
    }

    [Fact]
    public void MasksWithoutImageRootAreRefusedUpFront()
    {
        var ex = Assert.Throws<ArgumentException>(() => new MLContext().Transforms.SamRegionSample(new SamRegionSampleOptions { MasksDirectory = "/tmp" }));
        Assert.Contains("ImageRoot", ex.Message);
    }

    [Fact]
    public void FeedsSamClrPretrainInOnePipeline()
    {
        var ml = new MLContext(seed: 1);
        var scenes = SyntheticSceneGenerator.Generate(new SyntheticSceneOptions { Count = 8, ImageSize = 32, Seed = 2 });
        var pipeline = ml.Transforms.SamRegionSample(minArea: 20)
            .Append(ml.Transforms.SamClrPretrain(backbone: "small-cnn", viewSize: 16, epochs: 1, batchSize: 8, device: SamClr.MLNet.Compute.ComputeDevice.Cpu));
        var model = pipeline.Fit(scenes.Images.ToDataView(ml));
        var features = model.Transform(scenes.Images.ToDataView(ml)).Schema["Features"].Type as VectorDataViewType;
        Assert.Equal(256, features!.Size);
        model.LastTransformer.Dispose();
    }

    private sealed class ImagePathRow
    {
        public string ImagePath { get; set; } = "";
    }
}
