using Microsoft.ML;
using Microsoft.ML.Data;
using SamClr.MLNet.Data;
using SamClr.MLNet.Featurization;
using SamClr.MLNet.Models;
using SamClr.MLNet.Scenes;
using SamClr.MLNet.Training;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Featurization;

/// <summary>
/// The featurizer reads ahead in blocks and encodes each block as one batch; to its caller it must still be ML.NET's
/// cursor of its input, row by row: the same features (within float rounding) as encoding each row's own image alone,
/// the input's values, ids and order, under shuffling and filtering upstream, with cursors abandoned mid-block or
/// interleaved.
/// </summary>
[Collection(SequentialCollection.Name)]
public sealed class FeaturizerReadAheadTests : IDisposable
{
    private const int Rows = 70, Block = 16; // 4 full blocks and one of 6
    private const float Tolerance = 1e-4f;
    private readonly MLContext _ml = new(seed: 0);
    private readonly IDataView _data;
    private readonly ImageFeaturizerTransformer _featurizer;

    public FeaturizerReadAheadTests()
    {
        _data = SyntheticSceneGenerator.GenerateObjects(Rows, 32, seed: 3).ToDataView(_ml);
        manual_seed(0);
        _featurizer = new ImageFeaturizerTransformer(new ImageEncoder(Backbones.Create("small-cnn"), 24, PixelNormalization.ImageNet, CPU),
            readAheadRows: Block);
    }

    public void Dispose() => _featurizer.Dispose();

    /// <summary>Reads every row of <paramref name="view"/>: label, features, and the features of the row's own image encoded alone.</summary>
    private List<(string Label, float[] Features, float[] Alone, long Position, DataViewRowId Id)> ReadAll(IDataView view, Random? rand = null)
    {
        var rows = new List<(string, float[], float[], long, DataViewRowId)>();
        using var cursor = view.GetRowCursor(view.Schema, rand);
        var image = cursor.GetGetter<MLImage>(view.Schema["Image"]);
        var label = cursor.GetGetter<ReadOnlyMemory<char>>(view.Schema["Label"]);
        var features = cursor.GetGetter<VBuffer<float>>(view.Schema["Features"]);
        var id = cursor.GetIdGetter();
        MLImage picture = null!;
        ReadOnlyMemory<char> text = default;
        VBuffer<float> vector = default;
        DataViewRowId rowId = default;
        while (cursor.MoveNext())
        {
            label(ref text);
            features(ref vector);
            image(ref picture);
            id(ref rowId);
            var alone = _featurizer.Encoder.Encode(PixelLayout.ToPlanarRgb(picture), picture.Width, picture.Height);
            rows.Add((text.ToString(), vector.DenseValues().ToArray(), alone, cursor.Position, rowId));
        }
        Assert.Equal(-1, cursor.Position);
        Assert.False(cursor.MoveNext());
        return rows;
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], Tolerance);
    }

    [Fact]
    public void BlockFeaturesEqualEachImageEncodedAloneAndTheInputPassesThrough()
    {
        var rows = ReadAll(_featurizer.Transform(_data));
        var input = _data.GetColumn<ReadOnlyMemory<char>>("Label").Select(l => l.ToString()).ToArray();
        Assert.Equal(Rows, rows.Count);
        Assert.Equal(input, rows.Select(r => r.Label));
        Assert.Equal(Enumerable.Range(0, Rows).Select(i => (long)i), rows.Select(r => r.Position));
        Assert.Equal(Rows, rows.Select(r => r.Id).Distinct().Count());
        foreach (var row in rows) AssertClose(row.Alone, row.Features);
        // Not a constant: different images give different features.
        Assert.True(rows.Select(r => r.Features[0]).Distinct().Count() > Rows / 2);

        // Row by row (a block of 1) gives the same features in the same order.
        using var single = new ImageFeaturizerTransformer(_featurizer.Encoder, readAheadRows: 1);
        var oneByOne = single.Transform(_data).GetColumn<float[]>("Features").ToArray();
        for (int i = 0; i < Rows; i++) AssertClose(oneByOne[i], rows[i].Features);
    }

    [Fact]
    public void ShuffledAndFilteredInputsKeepEachRowWithItsOwnFeatures()
    {
        // ML.NET's ShuffleRows and Cache cannot carry an image column, so the input is shuffled where it is made: the
        // same images in a random order.
        var images = SyntheticSceneGenerator.GenerateObjects(Rows, 32, seed: 3);
        var order = Enumerable.Range(0, Rows).OrderBy(_ => Random.Shared.Next()).ToArray();
        var shuffled = images.Subset(order).ToDataView(_ml);
        var labels = _data.GetColumn<ReadOnlyMemory<char>>("Label").Select(l => l.ToString()).ToArray();
        var rows = ReadAll(_featurizer.Transform(shuffled));
        Assert.Equal(order.Select(i => labels[i]), rows.Select(r => r.Label));
        foreach (var row in rows) AssertClose(row.Alone, row.Features);

        // Keep the rows of some label keys only: holes in the input's row numbers, blocks filled across them.
        var keyed = _ml.Transforms.Conversion.MapValueToKey("Key", "Label").Fit(_data).Transform(_data);
        var filtered = _ml.Data.FilterRowsByKeyColumnFraction(keyed, "Key", lowerBound: 0, upperBound: 0.45);
        var kept = ReadAll(_featurizer.Transform(filtered));
        Assert.InRange(kept.Count, 1, Rows - 1);
        Assert.Equal(filtered.GetColumn<ReadOnlyMemory<char>>("Label").Select(l => l.ToString()), kept.Select(r => r.Label));
        foreach (var row in kept) AssertClose(row.Alone, row.Features);
    }

    [Fact]
    public void AbandonedAndInterleavedCursorsStayCorrect()
    {
        var view = _featurizer.Transform(_data);
        var expected = ReadAll(view);

        // Abandon a cursor in the middle of its first block, then read everything with a new one.
        using (var abandoned = view.GetRowCursor(view.Schema))
        {
            var features = abandoned.GetGetter<VBuffer<float>>(view.Schema["Features"]);
            VBuffer<float> value = default;
            for (int i = 0; i < 5; i++)
            {
                Assert.True(abandoned.MoveNext());
                features(ref value);
            }
            AssertClose(expected[4].Features, value.DenseValues().ToArray());
        }
        var again = view.GetColumn<float[]>("Features").ToArray();
        for (int i = 0; i < Rows; i++) AssertClose(expected[i].Features, again[i]);

        // Two cursors moving in turn, one a block and a half ahead of the other, each read only some rows.
        using var first = view.GetRowCursor([view.Schema["Features"]]);
        using var second = view.GetRowCursor([view.Schema["Features"], view.Schema["Label"]]);
        var getFirst = first.GetGetter<VBuffer<float>>(view.Schema["Features"]);
        var getSecond = second.GetGetter<VBuffer<float>>(view.Schema["Features"]);
        for (int i = 0; i < 24; i++) Assert.True(second.MoveNext());
        VBuffer<float> a = default, b = default;
        for (int i = 0; i < Rows - 24; i++)
        {
            Assert.True(first.MoveNext());
            Assert.True(second.MoveNext());
            if (i % 3 == 0) continue; // rows skipped without reading their features
            getFirst(ref a);
            getSecond(ref b);
            AssertClose(expected[i].Features, a.DenseValues().ToArray());
            AssertClose(expected[i + 24].Features, b.DenseValues().ToArray());
        }
        Assert.False(second.MoveNext());
    }

    [Fact]
    public void CursorRulesAreML_NETs()
    {
        var view = _featurizer.Transform(_data);
        Assert.Equal(_data.GetRowCount(), view.GetRowCount());
        Assert.Equal(["Image", "Label", "Features"], view.Schema.Select(c => c.Name));
        Assert.Equal(_featurizer.GetOutputSchema(_data.Schema).Select(c => (c.Name, c.Type)), view.Schema.Select(c => (c.Name, c.Type)));

        using var cursor = view.GetRowCursor([view.Schema["Features"]]);
        Assert.True(cursor.IsColumnActive(view.Schema["Features"]));
        Assert.False(cursor.IsColumnActive(view.Schema["Label"]));
        Assert.Throws<InvalidOperationException>(() => cursor.GetGetter<ReadOnlyMemory<char>>(view.Schema["Label"]));
        Assert.Throws<InvalidOperationException>(() => cursor.GetGetter<float[]>(view.Schema["Features"]));
        var features = cursor.GetGetter<VBuffer<float>>(view.Schema["Features"]);
        VBuffer<float> value = default;
        Assert.Throws<InvalidOperationException>(() => features(ref value)); // before MoveNext
        Assert.True(cursor.MoveNext());
        features(ref value);
        var kept = value.DenseValues().ToArray();
        features(ref value); // read twice: the same values, a buffer the caller owns
        Assert.Equal(kept, value.DenseValues().ToArray());
        Assert.Equal(0, cursor.Position);

        // Only the label: no image is read or encoded, and rows still come in order.
        using var labels = view.GetRowCursor([view.Schema["Label"]]);
        Assert.False(labels.IsColumnActive(view.Schema["Features"]));
        int count = 0;
        while (labels.MoveNext()) count++;
        Assert.Equal(Rows, count);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageFeaturizerTransformer(_featurizer.Encoder, readAheadRows: 0));
    }
}
