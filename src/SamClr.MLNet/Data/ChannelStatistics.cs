using System.Buffers;

namespace SamClr.MLNet.Data;

/// <summary>
/// Per-channel (R, G, B) mean and standard deviation of pixel values in [0, 1] over the pixels of a set of images: the
/// "data set statistics" that normalise views and featurized images in place of ImageNet's (as the CIFAR-10 and STL-10
/// recipes of many SSL code bases do).
/// </summary>
/// <param name="Mean">Red, green and blue means.</param>
/// <param name="Std">Red, green and blue standard deviations (population, over all measured pixels).</param>
internal sealed record ChannelStatistics(float[] Mean, float[] Std)
{
    /// <summary>
    /// The most images <see cref="Measure"/> reads by default (spread evenly over the set): 500, this library's choice, a
    /// sample rather than the whole set, so that measuring a large set such as Cityscapes' 2,975 training frames reads a
    /// sixth of it.
    /// </summary>
    public const int DefaultMaxImages = 500;

    /// <summary>
    /// The smallest standard deviation reported (1/255, one grey level): a channel that is constant over the measured
    /// pixels would otherwise divide by zero.
    /// </summary>
    public const float MinStd = 1f / 255f;

    /// <summary>
    /// Measures the statistics over every pixel of up to <paramref name="maxImages"/> images spread evenly over
    /// <paramref name="images"/> (all of them when there are fewer), reading the images in parallel.
    /// </summary>
    /// <param name="images">The training images.</param>
    /// <param name="maxImages">How many images to read at most (default <see cref="DefaultMaxImages"/>).</param>
    public static ChannelStatistics Measure(ISourceImages images, int maxImages = DefaultMaxImages)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0) throw new ArgumentException("There are no images to measure channel statistics on.", nameof(images));
        if (maxImages < 1) throw new ArgumentOutOfRangeException(nameof(maxImages), maxImages, "Measure at least one image.");
        int count = Math.Min(maxImages, images.Count);
        var sums = new long[6]; // sum and sum of squares of R, G, B in grey levels
        long pixels = 0;
        var gate = new object();
        Parallel.For(0, count, () => new long[7], (k, _, local) =>
        {
            int index = (int)((long)k * images.Count / count);
            var size = images.Sizes[index];
            int length = checked(3 * size.Width * size.Height);
            var buffer = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                images.ReadRows(index, 0, size.Height, buffer);
                for (int p = 0; p < length; p += 3)
                    for (int c = 0; c < 3; c++)
                    {
                        long v = buffer[p + c];
                        local[c] += v;
                        local[3 + c] += v * v;
                    }
                local[6] += (long)size.Width * size.Height;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            return local;
        }, local =>
        {
            lock (gate)
            {
                for (int i = 0; i < 6; i++) sums[i] += local[i];
                pixels += local[6];
            }
        });
        var mean = new float[3];
        var std = new float[3];
        for (int c = 0; c < 3; c++)
        {
            double m = sums[c] / 255.0 / pixels;
            double variance = sums[3 + c] / (255.0 * 255.0) / pixels - m * m;
            mean[c] = (float)m;
            std[c] = Math.Max(MinStd, (float)Math.Sqrt(Math.Max(0, variance)));
        }
        return new ChannelStatistics(mean, std);
    }
}
