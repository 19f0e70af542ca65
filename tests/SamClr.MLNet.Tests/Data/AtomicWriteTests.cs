using SamClr.MLNet.Featurization;
using SamClr.MLNet.Models;
using SamClr.MLNet.Regions.Store;
using SamClr.MLNet.Training.Checkpoints;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Data;

/// <summary>
/// Encoder files, checkpoints and the region store manifest are written to a temporary name and renamed: when the
/// write fails the error names the file and the previous file is left as it was.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class AtomicWriteTests
{
    /// <summary>
    /// Makes writing <paramref name="file"/> fail: its directory is made read-only; where that does not stop writes
    /// (root ignores permissions, as in CI) the file's temporary name is taken by a directory instead.
    /// </summary>
    private sealed class BlockedWrite : IDisposable
    {
        private readonly string _directory;
        private readonly bool _readOnly;

        public BlockedWrite(string file)
        {
            _directory = Path.GetDirectoryName(Path.GetFullPath(file))!;
            File.SetUnixFileMode(_directory, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            _readOnly = !CanWrite(_directory);
            if (!_readOnly)
            {
                File.SetUnixFileMode(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                Directory.CreateDirectory(Path.GetFullPath(file) + ".tmp");
            }
        }

        private static bool CanWrite(string directory)
        {
            string probe = Path.Combine(directory, "probe-" + Guid.NewGuid().ToString("N"));
            try
            {
                File.WriteAllText(probe, "");
                File.Delete(probe);
                return true;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        }

        public void Dispose() =>
            File.SetUnixFileMode(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    [Fact]
    public void CheckpointWriteIntoABlockedDirectoryNamesThePathAndKeepsThePreviousFile()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, CheckpointFile.FileNameFor(3, "00000000000a"));
        CheckpointFile.WriteAtomic(path, w => w.Write(1));
        byte[] before = File.ReadAllBytes(path);

        IOException error;
        using (new BlockedWrite(path))
            error = Assert.Throws<IOException>(() => CheckpointFile.WriteAtomic(path, w => w.Write(2)));

        Assert.Contains(path, error.Message);
        Assert.Contains("checkpoint", error.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Empty(Directory.GetFiles(directory.Path, "*.tmp"));
    }

    [Fact]
    public void EncoderSaveIntoABlockedDirectoryNamesThePathAndKeepsBothPreviousFiles()
    {
        using var directory = new TempDirectory();
        manual_seed(1);
        using (var first = new ImageEncoder(Backbones.Create("small-cnn"), 16, PixelNormalization.ImageNet, CPU))
            EncoderFiles.Save(first, directory.Path);
        string weights = Path.Combine(directory.Path, EncoderFiles.WeightsFileName), json = Path.Combine(directory.Path, EncoderFiles.DescriptionFileName);
        byte[] weightsBefore = File.ReadAllBytes(weights), jsonBefore = File.ReadAllBytes(json);

        manual_seed(2);
        using var second = new ImageEncoder(Backbones.Create("small-cnn"), 24, PixelNormalization.ImageNet, CPU);
        IOException error;
        // The description is written second: blocking it must keep the new weights from replacing the old ones too.
        using (new BlockedWrite(json))
            error = Assert.Throws<IOException>(() => EncoderFiles.Save(second, directory.Path));

        Assert.Contains(directory.Path, error.Message);
        Assert.Contains("encoder", error.Message);
        Assert.Equal(weightsBefore, File.ReadAllBytes(weights));
        Assert.Equal(jsonBefore, File.ReadAllBytes(json));
        Assert.Empty(Directory.GetFiles(directory.Path, "*.tmp"));
        using var loaded = EncoderFiles.Load(directory.Path, CPU);
        Assert.Equal(16, loaded.InputSize);
    }

    [Fact]
    public void ManifestWriteIntoABlockedDirectoryNamesThePathAndKeepsThePreviousFile()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "manifest.json");
        var parameters = new Dictionary<string, string> { ["k"] = "1" };
        RegionStoreManifestFile.Write(path, new RegionStoreManifest("grid", parameters, new Dictionary<string, string>(), 96, DateTimeOffset.UnixEpoch));
        byte[] before = File.ReadAllBytes(path);

        IOException error;
        using (new BlockedWrite(path))
            error = Assert.Throws<IOException>(() =>
                RegionStoreManifestFile.Write(path, new RegionStoreManifest("other", parameters, new Dictionary<string, string>(), 64, DateTimeOffset.UnixEpoch)));

        Assert.Contains(path, error.Message);
        Assert.Contains("manifest", error.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal("grid", RegionStoreManifestFile.Read(path).Proposer);
    }
}
