using SamClr.MLNet.Training.Checkpoints;
using Xunit;

namespace SamClr.MLNet.Tests.Training.Checkpoints;

public class CheckpointRandomTests
{
    [Fact]
    public void SeedZeroExpandsToTheSplitMix64ReferenceSequence()
    {
        // SplitMix64 from state 0: the first four outputs of the reference implementation (Vigna's splitmix64.c).
        Assert.Equal(new[] { 0xE220A8397B1DCDAFUL, 0x6E789E6AA1B965F4UL, 0x06C45D188009454FUL, 0xF88BB8A8724C81ECUL },
            new CheckpointRandom(0).GetState());
    }

    [Fact]
    public void FirstOutputsAreXoshiro256StarStar()
    {
        // Computed independently (Python, from the xoshiro256** definition) for the seed-0 state above.
        var random = new CheckpointRandom(0);
        Assert.Equal(0x99EC5F36CB75F2B4UL, random.NextUInt64());
        Assert.Equal(0xBF6E1F784956452AUL, random.NextUInt64());
        Assert.Equal(0x1A5F849D4933E6E0UL, random.NextUInt64());
    }

    [Fact]
    public void RestoredStateContinuesTheSameStream()
    {
        var random = new CheckpointRandom(42);
        var order = Enumerable.Range(0, 20).ToArray();
        random.Shuffle(order);
        random.NextDouble();
        var saved = random.GetState();
        var expected = Draws(random);

        var other = new CheckpointRandom(7);
        other.Restore(saved);
        Assert.Equal(expected, Draws(other));
    }

    [Fact]
    public void RangesAreRespected()
    {
        var random = new CheckpointRandom(1);
        for (int i = 0; i < 2000; i++)
        {
            Assert.InRange(random.Next(3), 0, 2);
            Assert.InRange(random.Next(-5, 5), -5, 4);
            Assert.InRange(random.NextDouble(), 0.0, Math.BitDecrement(1.0));
            Assert.InRange(random.NextSingle(), 0f, MathF.BitDecrement(1f));
            Assert.InRange(random.NextInt64(long.MinValue, long.MaxValue), long.MinValue, long.MaxValue - 1);
        }
        Assert.Equal(0, random.Next(0));
        Assert.Equal(9, random.Next(9, 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.Next(-1));
        Assert.Throws<ArgumentException>(() => random.Restore(new ulong[4]));
    }

    [Fact]
    public void SmallRangesAreRoughlyUniform()
    {
        var random = new CheckpointRandom(3);
        var counts = new int[3];
        for (int i = 0; i < 30000; i++) counts[random.Next(3)]++;
        Assert.All(counts, c => Assert.InRange(c, 9500, 10500));
    }

    private static double[] Draws(Random random) =>
        new double[] { random.Next(), random.Next(100), random.Next(-3, 3), random.NextDouble(), random.NextSingle(), random.NextInt64(1000) };
}
