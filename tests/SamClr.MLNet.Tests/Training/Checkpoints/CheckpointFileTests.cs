using SamClr.MLNet.Training.Checkpoints;
using Xunit;

namespace SamClr.MLNet.Tests.Training.Checkpoints;

public sealed class CheckpointFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("samclr-ckpt-file-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void PayloadRoundTripsWithHeaderAndChecksum()
    {
        string path = Path.Combine(_directory, "a.samclrckpt");
        CheckpointFile.WriteAtomic(path, w => w.Write(new byte[] { 1, 2, 3 }));
        Assert.Equal(new byte[] { 1, 2, 3 }, CheckpointFile.ReadPayload(path));
        // 8 magic + 4 version + 8 length + 3 payload + 32 SHA-256.
        Assert.Equal(55, new FileInfo(path).Length);
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void TruncatedFileIsRejectedNamingIt()
    {
        string path = Path.Combine(_directory, "t.samclrckpt");
        CheckpointFile.WriteAtomic(path, w => w.Write(new byte[100]));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^10]);
        var error = Assert.Throws<InvalidDataException>(() => CheckpointFile.ReadPayload(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
        File.WriteAllBytes(path, bytes[..5]);
        Assert.Contains(path, Assert.Throws<InvalidDataException>(() => CheckpointFile.ReadPayload(path)).Message);
    }

    [Fact]
    public void FlippedByteIsRejectedByTheChecksum()
    {
        string path = Path.Combine(_directory, "c.samclrckpt");
        CheckpointFile.WriteAtomic(path, w => w.Write(new byte[100]));
        var bytes = File.ReadAllBytes(path);
        bytes[50] ^= 0x10;
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<InvalidDataException>(() => CheckpointFile.ReadPayload(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("checksum", error.Message);
    }

    [Fact]
    public void AWriteThatFailsMidwayLeavesThePreviousCheckpoint()
    {
        string path = Path.Combine(_directory, "p.samclrckpt");
        CheckpointFile.WriteAtomic(path, w => w.Write(new byte[] { 7, 7 }));
        var before = File.ReadAllBytes(path);
        Assert.Throws<IOException>(() => CheckpointFile.WriteAtomic(path, w =>
        {
            w.Write(new byte[4096]);
            throw new IOException("disk full (simulated)");
        }));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(new byte[] { 7, 7 }, CheckpointFile.ReadPayload(path));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void DirectoryResolvesToTheMostStepsAndPruneKeepsTwo()
    {
        const string run = "0123456789ab";
        foreach (int step in new[] { 2, 10, 4 })
            CheckpointFile.WriteAtomic(Path.Combine(_directory, CheckpointFile.FileNameFor(step, run)), w => w.Write(step));
        File.WriteAllText(Path.Combine(_directory, "step-99.txt"), "not a checkpoint");
        Assert.Equal(Path.Combine(_directory, "step-000000010.0123456789ab.samclrckpt"), CheckpointFile.Resolve(_directory));
        CheckpointFile.Prune(_directory, run);
        Assert.Equal(new[] { "step-000000004.0123456789ab.samclrckpt", "step-000000010.0123456789ab.samclrckpt" },
            Directory.GetFiles(_directory, "*.samclrckpt").Select(Path.GetFileName).Order().ToArray());
        Assert.Throws<FileNotFoundException>(() => CheckpointFile.Resolve(Path.Combine(_directory, "missing")));
        Assert.Throws<FileNotFoundException>(() => CheckpointFile.Resolve(Directory.CreateDirectory(Path.Combine(_directory, "empty")).FullName));
        Assert.Throws<ArgumentException>(() => CheckpointFile.FileNameFor(1, "../evil"));
    }

    [Fact]
    public void PruningKeepsEveryCheckpointOfAnotherRunEvenAtHigherSteps()
    {
        const string old = "aaaaaaaaaaaa", current = "bbbbbbbbbbbb";
        foreach (int step in new[] { 18, 27 }) Write(step, old);
        foreach (int step in new[] { 3, 6, 9 }) Write(step, current);
        CheckpointFile.Prune(_directory, current);
        Assert.Equal(new[] { "step-000000006.bbbbbbbbbbbb", "step-000000009.bbbbbbbbbbbb", "step-000000018.aaaaaaaaaaaa", "step-000000027.aaaaaaaaaaaa" },
            Directory.GetFiles(_directory, "*.samclrckpt").Select(Path.GetFileNameWithoutExtension).Order().ToArray());
        Assert.Equal(new Dictionary<string, int> { [old] = 27, [current] = 9 }, CheckpointFile.Runs(_directory));
        // The run written last is the one a directory resumes, whatever its step numbers.
        File.SetLastWriteTimeUtc(Path.Combine(_directory, CheckpointFile.FileNameFor(9, current)), DateTime.UtcNow.AddMinutes(1));
        Assert.Equal(Path.Combine(_directory, CheckpointFile.FileNameFor(9, current)), CheckpointFile.Resolve(_directory));
    }

    [Fact]
    public void ATruncatedNewestCheckpointIsPassedOverForThePreviousIntactOneAndNamed()
    {
        const string run = "0123456789ab";
        Write(2, run);
        string newest = Write(4, run);
        File.WriteAllBytes(newest, File.ReadAllBytes(newest)[..^10]);
        Assert.Equal(Path.Combine(_directory, CheckpointFile.FileNameFor(2, run)), CheckpointFile.Resolve(_directory, out var skipped));
        Assert.Contains(newest, Assert.Single(skipped));
        Assert.Contains("truncated", skipped[0]);

        File.WriteAllBytes(Path.Combine(_directory, CheckpointFile.FileNameFor(2, run)), new byte[10]);
        var error = Assert.Throws<InvalidDataException>(() => CheckpointFile.Resolve(_directory));
        Assert.Contains(newest, error.Message);
        Assert.Contains(CheckpointFile.FileNameFor(2, run), error.Message);
    }

    private string Write(int step, string run)
    {
        string path = Path.Combine(_directory, CheckpointFile.FileNameFor(step, run));
        CheckpointFile.WriteAtomic(path, w => w.Write(new byte[64]));
        return path;
    }
}
