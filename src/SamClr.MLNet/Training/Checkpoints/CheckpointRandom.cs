namespace SamClr.MLNet.Training.Checkpoints;

/// <summary>
/// A seeded <see cref="Random"/> whose whole state (four 64-bit words) can be read and restored, so that a training
/// checkpoint can continue the exact stream of shuffles and augmentations. The generator is xoshiro256** (Blackman and
/// Vigna, 2018); the seed is expanded into the four words with SplitMix64, as its authors recommend. Every public
/// member of <see cref="Random"/> is overridden, so <see cref="Random.Shuffle{T}(T[])"/> and the view augmenters draw
/// from this stream. Integer ranges are drawn without modulo bias (rejection sampling).
/// </summary>
internal sealed class CheckpointRandom : Random
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Creates a generator from <paramref name="seed"/>; equal seeds give equal streams on every platform.</summary>
    public CheckpointRandom(long seed)
    {
        ulong x = unchecked((ulong)seed);
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>The generator's state, four words; pass them to <see cref="Restore"/> to continue the stream from here.</summary>
    public ulong[] GetState() => new[] { _s0, _s1, _s2, _s3 };

    /// <summary>Continues the stream from a state returned by <see cref="GetState"/>.</summary>
    /// <exception cref="ArgumentException">Not four words, or all zero (a state xoshiro can never reach).</exception>
    public void Restore(IReadOnlyList<ulong> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Count != 4) throw new ArgumentException($"A {nameof(CheckpointRandom)} state has 4 words; got {state.Count}.", nameof(state));
        if (state.All(w => w == 0)) throw new ArgumentException($"An all-zero {nameof(CheckpointRandom)} state is invalid.", nameof(state));
        (_s0, _s1, _s2, _s3) = (state[0], state[1], state[2], state[3]);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <inheritdoc />
    public override int Next()
    {
        while (true)
        {
            int value = (int)(NextUInt64() >> 33);
            if (value != int.MaxValue) return value;
        }
    }

    /// <inheritdoc />
    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return (int)Below((ulong)maxValue);
    }

    /// <inheritdoc />
    public override int Next(int minValue, int maxValue)
    {
        if (minValue > maxValue) throw new ArgumentOutOfRangeException(nameof(minValue), minValue, $"Must not exceed maxValue ({maxValue}).");
        return (int)(minValue + (long)Below((ulong)((long)maxValue - minValue)));
    }

    /// <inheritdoc />
    public override long NextInt64()
    {
        while (true)
        {
            long value = (long)(NextUInt64() >> 1);
            if (value != long.MaxValue) return value;
        }
    }

    /// <inheritdoc />
    public override long NextInt64(long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return (long)Below((ulong)maxValue);
    }

    /// <inheritdoc />
    public override long NextInt64(long minValue, long maxValue)
    {
        if (minValue > maxValue) throw new ArgumentOutOfRangeException(nameof(minValue), minValue, $"Must not exceed maxValue ({maxValue}).");
        return unchecked(minValue + (long)Below(unchecked((ulong)maxValue - (ulong)minValue)));
    }

    /// <inheritdoc />
    public override double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <inheritdoc />
    public override float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <inheritdoc />
    public override void NextBytes(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        NextBytes(buffer.AsSpan());
    }

    /// <inheritdoc />
    public override void NextBytes(Span<byte> buffer)
    {
        for (int i = 0; i < buffer.Length; i += 8)
        {
            ulong bits = NextUInt64();
            for (int j = i; j < Math.Min(i + 8, buffer.Length); j++, bits >>= 8) buffer[j] = (byte)bits;
        }
    }

    /// <inheritdoc />
    protected override double Sample() => NextDouble();

    /// <summary>A uniform integer in [0, <paramref name="bound"/>); 0 when the bound is 0 or 1.</summary>
    private ulong Below(ulong bound)
    {
        if (bound <= 1) return 0;
        // Values below 2^64 mod bound would make the low residues more likely; they are redrawn.
        ulong threshold = (0 - bound) % bound;
        while (true)
        {
            ulong value = NextUInt64();
            if (value >= threshold) return value % bound;
        }
    }

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
