using SamClr.MLNet.Featurization;
using SamClr.MLNet.IO;
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
[Collection(SequentialCollection.Name)]
public class AtomicWriteTests
{
    /// <summary>
    /// Makes writing <paramref name="file"/> fail: its directory is made read-only; where that does not stop writes
    /// (root ignores permissions, as in CI) the directory is made immutable with <c>chattr +i</c> instead, which binds root too.
    /// </summary>
    private sealed class BlockedWrite : IDisposable
    {
        private readonly string _directory;
        private readonly bool _immutable;

        public BlockedWrite(string file)
        {
            _directory = Path.GetDirectoryName(Path.GetFullPath(file))!;
            File.SetUnixFileMode(_directory, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            if (CanWrite(_directory))
            {
                _immutable = true;
                Chattr("+i");
                Assert.False(CanWrite(_directory), $"Neither a read-only mode nor chattr +i stops writes into '{_directory}'.");
            }
        }

        private void Chattr(string flag)
        {
            using var process = System.Diagnostics.Process.Start("chattr", new[] { flag, _directory });
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"chattr {flag} '{_directory}' failed: this test needs a non-root user or a file system with immutable attributes.");
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
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                return false;
            }
        }

        public void Dispose()
        {
            if (_immutable) Chattr("-i");
            File.SetUnixFileMode(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void TemporaryNamesAreRandomAndNeverFollowAPlantedLink()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "results.json"), victim = Path.Combine(directory.Path, "victim.txt");
        File.WriteAllText(victim, "precious");
        File.CreateSymbolicLink(path + ".tmp", victim); // the fixed name an earlier writer used
        var seen = new List<string>();
        for (int i = 0; i < 2; i++)
            AtomicFile.Write(path, "results", temp =>
            {
                seen.Add(Path.GetFileName(temp));
                Assert.Equal(0, new FileInfo(temp).Length); // created afresh, exclusively
                File.WriteAllText(temp, $"run {i}");
            });
        Assert.Equal("precious", File.ReadAllText(victim));
        Assert.Equal("run 1", File.ReadAllText(path));
        Assert.NotEqual(seen[0], seen[1]);
        Assert.All(seen, name => Assert.Matches(@"^\.results\.json\.[0-9a-f]{16}\.tmp$", name));
        Assert.All(seen, name => Assert.True(AtomicFile.IsTemporaryName(name)));
        Assert.Equal(new[] { "results.json", "results.json.tmp", "victim.txt" },
            Directory.GetFileSystemEntries(directory.Path).Select(Path.GetFileName).Order().ToArray());
        DirectorySync.Flush(directory.Path); // a folder fsync succeeds here and is harmless
        DirectorySync.Flush(Path.Combine(directory.Path, "missing")); // and is best-effort where it cannot open the folder
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
