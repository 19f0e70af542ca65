using SamClr.MLNet.Data.Shapes;

namespace SamClr.MLNet.Data;

/// <summary>
/// Composes one labelled evaluation image: a single object, roughly centred, on the same kind of clutter as the
/// scenes. The object's diameter is 60-90% of the image and its centre moves up to 8% of the image from the middle,
/// so it looks like a view cropped around one scene object. One instance holds one worker's canvas.
/// </summary>
internal sealed class SyntheticSceneSingleObject(int imageSize, int seed)
{
    private const double MinDiameter = 0.6;
    private const double MaxDiameter = 0.9;
    private const double CentreJitter = 0.08;

    private readonly Canvas _canvas = new(imageSize);

    /// <summary>
    /// Clutter unit: a tenth of the mean object diameter (0.75 x size), matching the scenes' clutter relative to their objects.
    /// </summary>
    private float ClutterUnit => 0.075f * imageSize;

    /// <summary>Composes image <paramref name="index"/> showing class <paramref name="classIndex"/> into planar RGB bytes.</summary>
    public void Compose(int index, int classIndex, Span<byte> destination)
    {
        Background.Paint(_canvas, ClutterUnit, SyntheticSceneSeeds.Stream(seed, index, SyntheticSceneStream.SingleBackground));
        var random = SyntheticSceneSeeds.Stream(seed, index, SyntheticSceneStream.SingleObject);
        float diameter = (float)((MinDiameter + (MaxDiameter - MinDiameter) * random.NextDouble()) * imageSize);
        float Centre() => Math.Clamp(imageSize / 2f + (float)((2 * random.NextDouble() - 1) * CentreJitter * imageSize), diameter / 2, imageSize - diameter / 2);
        float centreX = Centre(), centreY = Centre();
        var instance = PlacedObject.Create(classIndex, diameter, centreX, centreY, random);
        instance.Paint(_canvas, Coverage.Of(instance, imageSize));
        _canvas.WriteBytes(destination, SyntheticSceneSeeds.Stream(seed, index, SyntheticSceneStream.SingleNoise), SyntheticSceneComposer.NoiseAmplitude);
    }
}
