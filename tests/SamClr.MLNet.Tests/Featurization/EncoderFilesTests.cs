using SamClr.MLNet.Featurization;
using SamClr.MLNet.Models;
using SamClr.MLNet.Scenes;
using TorchSharp;
using Xunit;

namespace SamClr.MLNet.Tests.Featurization;

[Collection(SequentialCollection.Name)]
public class EncoderFilesTests
{
    [Fact]
    public void SavedEncoderLoadsAndGivesTheSameFeatures()
    {
        string folder = Path.Combine(Path.GetTempPath(), "samclr-encoder-" + Guid.NewGuid().ToString("N"));
        try
        {
            torch.random.manual_seed(4);
            using var encoder = new ImageEncoder(new SmallCnn(), 16, PixelNormalization.ImageNet, torch.CPU);
            var images = SyntheticSceneGenerator.GenerateObjects(4, 16, 1);
            var expected = encoder.Encode(images);
            EncoderFiles.Save(encoder, folder);
            Assert.Equal(new[] { EncoderFiles.DescriptionFileName, EncoderFiles.WeightsFileName }, Directory.GetFiles(folder).Select(Path.GetFileName).Order().ToArray());
            using var loaded = EncoderFiles.Load(folder, torch.CPU);
            Assert.Equal(16, loaded.InputSize);
            Assert.Equal("small-cnn", loaded.Backbone.ArchitectureName);
            var actual = loaded.Encode(images);
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i]);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void TruncatedWeightsGiveAClearError()
    {
        string folder = Path.Combine(Path.GetTempPath(), "samclr-encoder-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var encoder = new ImageEncoder(new SmallCnn(), 16, PixelNormalization.ImageNet, torch.CPU)) EncoderFiles.Save(encoder, folder);
            string weights = Path.Combine(folder, EncoderFiles.WeightsFileName);
            var bytes = File.ReadAllBytes(weights);
            File.WriteAllBytes(weights, bytes[..(bytes.Length / 2)]);
            var ex = Assert.Throws<InvalidDataException>(() => EncoderFiles.Load(folder, torch.CPU));
            Assert.Contains(EncoderFiles.WeightsFileName, ex.Message);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
    }
}
