using SamClr.MLNet.Methods;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Methods.MoCo;

[Collection(SequentialCollection.Name)]
public class MemoryBankTests
{
    /// <summary>Unit key number <paramref name="id"/>: (cos(id x 20 deg), sin(id x 20 deg)), distinct for ids 0..8.</summary>
    private static float[] Key(int id) => new[] { (float)Math.Cos(id * Math.PI / 9), (float)Math.Sin(id * Math.PI / 9) };

    private static Tensor Batch(params int[] ids) => tensor(ids.SelectMany(Key).ToArray(), new long[] { ids.Length, 2 });

    private static float[] Row(MemoryBank bank, int row) => bank.Keys[row].data<float>().ToArray();

    [Fact]
    public void QueueIsFirstInFirstOutAndWraps()
    {
        torch.random.manual_seed(1);
        using var bank = new MemoryBank(capacity: 4, dimension: 2);
        Assert.Equal(0, bank.Pointer);
        var initialLastRow = Row(bank, 3);
        using (var b1 = Batch(1, 2, 3)) bank.Enqueue(b1);
        // Keys 1, 2, 3 fill rows 0-2; row 3 still holds its random initial key; the next write goes to row 3.
        Assert.Equal(3, bank.Pointer);
        Assert.Equal(Key(1), Row(bank, 0));
        Assert.Equal(Key(3), Row(bank, 2));
        Assert.Equal(initialLastRow, Row(bank, 3));
        using (var b2 = Batch(4, 5, 6)) bank.Enqueue(b2);
        // Key 4 -> row 3, then wrap: 5 -> row 0, 6 -> row 1. Queue [5, 6, 3, 4], pointer 2 (key 3 is now the oldest).
        Assert.Equal(2, bank.Pointer);
        using (var b3 = Batch(7, 8, 0)) bank.Enqueue(b3);
        // 7 -> row 2, 8 -> row 3, 0 -> row 0. Queue [0, 6, 7, 8], pointer 1.
        Assert.Equal(1, bank.Pointer);
        int[] expected = { 0, 6, 7, 8 };
        for (int row = 0; row < 4; row++)
            Assert.Equal(Key(expected[row]), Row(bank, row));
    }

    [Fact]
    public void StoresUnitKeysAndKeepsTheNewestOfAnOversizedBatch()
    {
        torch.random.manual_seed(1);
        using var bank = new MemoryBank(capacity: 2, dimension: 2);
        // Random initial keys are unit length.
        using (var norms = bank.Keys.norm(1)) Assert.All(norms.data<float>().ToArray(), n => Assert.Equal(1f, n, 5));
        // Pushing (3,4), (0,2), (5,0) one by one into 2 rows: (3,4) is overwritten by (5,0), which goes to row 0.
        using (var keys = tensor(new float[] { 3, 4, 0, 2, 5, 0 }, new long[] { 3, 2 })) bank.Enqueue(keys);
        Assert.Equal(new[] { 1f, 0f }, Row(bank, 0));
        Assert.Equal(new[] { 0f, 1f }, Row(bank, 1));
        Assert.Equal(1, bank.Pointer);
        using (var one = tensor(new float[] { 3, 4 }, new long[] { 1, 2 })) bank.Enqueue(one);
        Assert.Equal(new[] { 0.6f, 0.8f }, Row(bank, 1));
        Assert.Equal(0, bank.Pointer);
    }

    [Fact]
    public void NegativesAreASnapshot()
    {
        using var bank = new MemoryBank(3, 2);
        using var negatives = bank.Negatives(torch.CPU);
        var before = negatives.data<float>().ToArray();
        using (var keys = tensor(new float[] { 3, 4 }, new long[] { 1, 2 })) bank.Enqueue(keys);
        Assert.Equal(before, negatives.data<float>().ToArray());
        Assert.Equal(new[] { 0.6f, 0.8f }, Row(bank, 0));
    }

    [Fact]
    public void RejectsKeysOfTheWrongSize()
    {
        using var bank = new MemoryBank(4, 3);
        using var keys = zeros(2, 2);
        Assert.Throws<ArgumentException>(() => bank.Enqueue(keys));
    }
}
