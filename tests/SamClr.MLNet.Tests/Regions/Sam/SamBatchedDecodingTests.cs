using SamClr.MLNet.Data;
using SamClr.MLNet.Regions;
using SamClr.MLNet.Regions.Sam;
using SamClr.MLNet.TinySam;
using Xunit;

namespace SamClr.MLNet.Tests.Regions.Sam;

/// <summary>
/// The automatic mask generator's ways of calling the decoder give the same regions: one prompt per call, one after
/// another (the reference), the official decoder's calls in parallel, and the tiny decoder with a dynamic batch axis
/// answering many prompts per call, sequentially or in parallel, with a last call that is not full.
/// </summary>
public sealed class SamBatchedDecodingTests : IDisposable
{
    private const int Width = 80, Height = 48;
    private readonly TinySamFiles _files = new();

    public void Dispose() => _files.Dispose();

    private TinySamModelPaths Paths => _files.Paths;

    private static byte[] Image() => TinySamFiles.Image(Width, Height);

    private IReadOnlyList<Region> Run(string decoder, int pointsPerBatch, int parallelCalls, int cropLayers)
    {
        using var amg = SamAutomaticMaskGenerator.Open(Paths.Encoder, decoder, new()
        {
            PointsPerSide = 8, CropNLayers = cropLayers, PointsPerBatch = pointsPerBatch, MaxParallelDecoderCalls = parallelCalls,
        });
        return amg.Propose(Image(), Width, Height);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void EveryWayOfCallingTheDecoderGivesTheRegionsOfOneCallPerPoint(int cropLayers)
    {
        var reference = Run(Paths.Decoder, pointsPerBatch: 64, parallelCalls: 1, cropLayers);
        // 64 points x 2 masks that pass the thresholds, fewer after NMS; crops add more.
        Assert.True(reference.Count >= 32, $"only {reference.Count} regions");

        foreach (var (decoder, batch, parallel) in new[]
                 {
                     (Paths.Decoder, 64, 4),        // official export: one prompt per call, 4 calls at once
                     (Paths.BatchedDecoder, 64, 1), // dynamic batch: 64 prompts per call
                     (Paths.BatchedDecoder, 5, 1),  // 13 calls of 5 prompts, the last with 4 (crops: other counts)
                     (Paths.BatchedDecoder, 7, 3),  // batched and parallel
                 })
        {
            var regions = Run(decoder, batch, parallel, cropLayers);
            Assert.Equal(reference.Count, regions.Count);
            for (int i = 0; i < reference.Count; i++)
            {
                Assert.Equal(reference[i].Mask.Counts, regions[i].Mask.Counts);
                Assert.Equal(reference[i].PredictedIou, regions[i].PredictedIou);
                Assert.Equal(reference[i].StabilityScore, regions[i].StabilityScore);
                Assert.Equal(reference[i].Point, regions[i].Point);
                Assert.Equal(reference[i].CropBox, regions[i].CropBox);
            }
        }
    }

    [Fact]
    public void TheBatchAxisIsReadFromTheDecodersSignature()
    {
        using var official = new SamMaskDecoder(Paths.Decoder);
        using var batched = new SamMaskDecoder(Paths.BatchedDecoder);
        Assert.Equal(1, official.MaxPromptsPerCall);
        Assert.Equal(int.MaxValue, batched.MaxPromptsPerCall);
    }

    [Fact]
    public void ABindingAnswersLikeSeparateCallsAndRebindsForAnotherBatchSize()
    {
        using var encoder = new SamImageEncoder(Paths.Encoder);
        using var decoder = new SamMaskDecoder(Paths.BatchedDecoder);
        var embedding = encoder.Encode(Image(), Width, Height);
        (float, float)[] points = [(10, 6), (30, 18), (50, 30)];
        using var binding = decoder.Bind(embedding);
        var three = binding.Predict(points);
        var one = binding.Predict(points.AsSpan(1, 1));  // another batch size: mask_input is bound again
        var again = binding.Predict(points);
        Assert.Equal(3, three.PromptCount);
        Assert.Equal(3, three.MasksPerPrompt);
        for (int k = 0; k < 3; k++)
        {
            var alone = decoder.Predict(embedding, points.AsSpan(1, 1));
            Assert.Equal(alone.Logits(0, k).ToArray(), three.Logits(1, k).ToArray());
            Assert.Equal(alone.Logits(0, k).ToArray(), one.Logits(0, k).ToArray());
            Assert.Equal(three.Logits(2, k).ToArray(), again.Logits(2, k).ToArray());
            Assert.Equal(alone.PredictedIou(0, k), three.PredictedIou(1, k));
        }
        // The disc of radius 70 (mask index 0 here: masks 1-3 of the 4) around (30, 18) contains (30, 18), not (10, 6).
        Assert.True(three.Logits(1, 0)[18 * Width + 30] > 0);
        Assert.True(three.Logits(1, 0)[6 * Width + 10] < 0);

        binding.Dispose();
        Assert.Throws<ObjectDisposedException>(() => binding.Predict(points));
    }

    [Fact]
    public void TheOfficialDecoderRefusesMoreThanOnePromptPerCall()
    {
        using var encoder = new SamImageEncoder(Paths.Encoder);
        using var decoder = new SamMaskDecoder(Paths.Decoder);
        using var binding = decoder.Bind(encoder.Encode(Image(), Width, Height));
        var error = Assert.Throws<ArgumentException>(() => binding.Predict([(10f, 6f), (30f, 18f)]));
        Assert.Contains("fixed at 1", error.Message);
    }
}
