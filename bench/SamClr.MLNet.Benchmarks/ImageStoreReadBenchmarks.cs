using BenchmarkDotNet.Attributes;
using SamClr.MLNet.Data;

namespace SamClr.MLNet.Benchmarks;

/// <summary>Reads from an image store of 2048x1024 frames: the rows one region crop needs, and a whole frame.</summary>
[MemoryDiagnoser]
public class ImageStoreReadBenchmarks
{
    private const int Width = 2048, Height = 1024, Frames = 8;
    private string _directory = "";
    private ImageStore _store = null!;
    private readonly byte[] _rows = new byte[3 * Width * Height];
    private int _next;

    /// <summary>Writes <see cref="Frames"/> random frames to a temporary store and opens it.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), $"samclr-bench-store-{Guid.NewGuid():N}");
        var random = new Random(0);
        var size = new ImageSize(Width, Height);
        IEnumerable<(byte[], ImageSize, ImageSize, string)> Frame()
        {
            for (int i = 0; i < Frames; i++)
            {
                var rgb = new byte[3 * Width * Height];
                random.NextBytes(rgb);
                yield return (rgb, size, size, $"frame-{i}.png");
            }
        }
        ImageStore.Create(_directory, Frame(), Width).Dispose();
        _store = ImageStore.Open(_directory);
    }

    /// <summary>Closes and deletes the store.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The 150 rows of a region crop, from the next frame in turn.</summary>
    [Benchmark]
    public void RegionRows() => _store.ReadRows(_next++ % Frames, 400, 550, _rows);

    /// <summary>A whole 2048x1024 frame.</summary>
    [Benchmark]
    public void WholeFrame() => _store.ReadRows(_next++ % Frames, 0, Height, _rows);
}
