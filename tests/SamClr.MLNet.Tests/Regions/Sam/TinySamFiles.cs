using SamClr.MLNet.TinySam;

namespace SamClr.MLNet.Tests.Regions.Sam;

/// <summary>The tiny SAM models written to a temporary folder that disposal deletes, and a test image.</summary>
internal sealed class TinySamFiles : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "samclr-tiny-sam-" + Guid.NewGuid().ToString("N"));

    public TinySamFiles() => Paths = TinySamModels.WriteAll(_folder);

    public TinySamModelPaths Paths { get; }

    /// <summary>A deterministic planar RGB image of <paramref name="width"/> x <paramref name="height"/> (bytes i * 7 mod 251).</summary>
    public static byte[] Image(int width, int height)
    {
        var pixels = new byte[3 * width * height];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 7 % 251);
        return pixels;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
