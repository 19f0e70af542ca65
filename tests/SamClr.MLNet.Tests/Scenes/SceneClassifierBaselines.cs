using SamClr.MLNet.Data;

namespace SamClr.MLNet.Tests.Scenes;

/// <summary>Non-learned classifiers that show what the evaluation images give away without training.</summary>
internal static class SceneClassifierBaselines
{
    /// <summary>Mean red, green and blue of the image, each in [0, 1].</summary>
    public static float[] MeanColour(ImageSet set, int index)
    {
        var image = set.Image(index);
        int plane = image.Length / 3;
        var mean = new float[3];
        for (int c = 0; c < 3; c++)
        {
            long sum = 0;
            for (int p = 0; p < plane; p++) sum += image[c * plane + p];
            mean[c] = sum / (255f * plane);
        }
        return mean;
    }

    /// <summary>All pixel values in [0, 1].</summary>
    public static float[] RawPixels(ImageSet set, int index)
    {
        var image = set.Image(index);
        var values = new float[image.Length];
        for (int i = 0; i < image.Length; i++) values[i] = image[i] / 255f;
        return values;
    }

    /// <summary>
    /// A hand-made, rotation-invariant shape feature: the fraction of pixels in each of 12 rings around the image
    /// centre whose colour is far (L1 distance over 60) from the mean border colour, i.e. that look like object.
    /// </summary>
    public static float[] RadialObjectProfile(ImageSet set, int index)
    {
        var image = set.Image(index);
        int size = set.Width, plane = size * size;
        var border = new float[3];
        int borderCount = 0;
        for (int p = 0; p < plane; p++)
        {
            int x = p % size, y = p / size;
            if (x != 0 && y != 0 && x != size - 1 && y != size - 1) continue;
            for (int c = 0; c < 3; c++) border[c] += image[c * plane + p];
            borderCount++;
        }
        for (int c = 0; c < 3; c++) border[c] /= borderCount;
        const int rings = 12;
        var hits = new float[rings];
        var counts = new int[rings];
        for (int p = 0; p < plane; p++)
        {
            float dx = p % size + 0.5f - size / 2f, dy = p / size + 0.5f - size / 2f;
            int ring = Math.Min(rings - 1, (int)(MathF.Sqrt(dx * dx + dy * dy) / (size / 2f) * rings));
            float distance = 0;
            for (int c = 0; c < 3; c++) distance += MathF.Abs(image[c * plane + p] - border[c]);
            if (distance > 60) hits[ring]++;
            counts[ring]++;
        }
        for (int r = 0; r < rings; r++) hits[r] /= Math.Max(1, counts[r]);
        return hits;
    }

    /// <summary>Accuracy on <paramref name="test"/> of the nearest class mean (Euclidean) fitted on <paramref name="train"/>.</summary>
    public static double NearestClassMeanAccuracy(ImageSet train, ImageSet test, Func<ImageSet, int, float[]> feature)
    {
        int classes = train.ClassNames!.Count;
        var means = new double[classes][];
        var counts = new int[classes];
        for (int i = 0; i < train.Count; i++)
        {
            var f = feature(train, i);
            int label = train.Labels![i];
            means[label] ??= new double[f.Length];
            for (int j = 0; j < f.Length; j++) means[label][j] += f[j];
            counts[label]++;
        }
        for (int k = 0; k < classes; k++)
            for (int j = 0; j < means[k].Length; j++) means[k][j] /= counts[k];
        int correct = 0;
        for (int i = 0; i < test.Count; i++)
        {
            var f = feature(test, i);
            int best = -1;
            double bestDistance = double.MaxValue;
            for (int k = 0; k < classes; k++)
            {
                double distance = 0;
                for (int j = 0; j < f.Length; j++) distance += (f[j] - means[k][j]) * (f[j] - means[k][j]);
                if (distance < bestDistance) (best, bestDistance) = (k, distance);
            }
            if (best == test.Labels![i]) correct++;
        }
        return correct / (double)test.Count;
    }
}
