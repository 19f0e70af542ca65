namespace SamClr.MLNet.Scenes;

/// <summary>What a random stream is used for; each image draws from separate streams so that, for example,
/// the background stays the same whatever the object placement draws.</summary>
internal enum SyntheticSceneStream
{
    SceneBackground = 1,
    SceneObjects = 2,
    SceneNoise = 3,
    SingleBackground = 4,
    SingleObject = 5,
    SingleNoise = 6,
    StreetBackground = 7,
    StreetObjects = 8,
    StreetNoise = 9,
    StreetSingleBackground = 10,
    StreetSingleObject = 11,
    StreetSingleNoise = 12,
}

/// <summary>The three streams one labelled single-object image draws from.</summary>
internal sealed record SingleObjectStreams(SyntheticSceneStream Background, SyntheticSceneStream Object, SyntheticSceneStream Noise)
{
    /// <summary>The streams of the shape scenes' evaluation set.</summary>
    public static SingleObjectStreams Shapes { get; } = new(SyntheticSceneStream.SingleBackground, SyntheticSceneStream.SingleObject, SyntheticSceneStream.SingleNoise);

    /// <summary>The streams of the street scenes' evaluation set, so equal seeds give unrelated objects in the two sets.</summary>
    public static SingleObjectStreams Street { get; } = new(SyntheticSceneStream.StreetSingleBackground, SyntheticSceneStream.StreetSingleObject, SyntheticSceneStream.StreetSingleNoise);
}

/// <summary>
/// Derives the seed of one image's random stream from (seed, image index, stream) with SplitMix64 mixing, so
/// every image is reproducible on its own, whatever order worker threads take the images in.
/// </summary>
internal static class SyntheticSceneSeeds
{
    /// <summary>A fresh generator for image <paramref name="index"/>'s <paramref name="stream"/>.</summary>
    public static Random Stream(int seed, int index, SyntheticSceneStream stream)
    {
        ulong state = unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL + (ulong)(uint)index * 0xD1B54A32D192ED03UL + (ulong)stream * 0x8CB92BA72F3D8DD7UL);
        state = Mix(Mix(state));
        return new Random((int)(state >> 33));
    }

    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
