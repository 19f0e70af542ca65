using System.Diagnostics;
using System.Globalization;
using SamClr.MLNet.Regions.Store;
using Xunit;

namespace SamClr.MLNet.Tests.Regions.Store;

/// <summary>The writer lock of a mask store against holders that are gone, the case a killed writer leaves behind.</summary>
public class StoreWriterLockTests
{
    [Fact]
    public void ALockOfAProcessThatIsGoneIsTakenOver()
    {
        using var folder = new StoreTestFolder();
        Directory.CreateDirectory(folder.Path);
        string path = Path.Combine(folder.Path, "writer.lock");
        using var finished = Process.Start(new ProcessStartInfo("true"))!;
        finished.WaitForExit();
        File.WriteAllText(path, LockOf(finished.Id));

        using var taken = StoreWriterLock.Acquire(path, "Test store");

        Assert.Contains($"pid={Environment.ProcessId}", File.ReadAllText(path));
    }

    /// <summary>
    /// A writer killed with SIGKILL stays a zombie until its parent reaps it; in a container without an init that reaps
    /// orphans that is forever, and its process id still answers. Made here with a shell whose child exits while the
    /// shell, replaced by sleep, never waits for it.
    /// </summary>
    [Fact]
    public void ALockOfAZombieProcessIsTakenOver()
    {
        Assert.True(OperatingSystem.IsLinux(), "The zombie state is read from /proc on Linux, the platform this test runs on.");
        using var folder = new StoreTestFolder();
        Directory.CreateDirectory(folder.Path);
        string path = Path.Combine(folder.Path, "writer.lock");
        var start = new ProcessStartInfo("bash", ["-c", "sleep 0.1 & echo $!; exec sleep 20"]) { RedirectStandardOutput = true };
        using var parent = Process.Start(start)!;
        try
        {
            int zombie = int.Parse(parent.StandardOutput.ReadLine()!, CultureInfo.InvariantCulture);
            var clock = Stopwatch.StartNew();
            while (!IsZombie(zombie) && clock.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(20);
            Assert.True(IsZombie(zombie), $"process {zombie} should have become a zombie");
            File.WriteAllText(path, LockOf(zombie));

            using var taken = StoreWriterLock.Acquire(path, "Test store");

            Assert.Contains($"pid={Environment.ProcessId}", File.ReadAllText(path));
        }
        finally
        {
            parent.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public void ALockOfALiveProcessIsRefusedWithItsHolderNamed()
    {
        using var folder = new StoreTestFolder();
        Directory.CreateDirectory(folder.Path);
        string path = Path.Combine(folder.Path, "writer.lock");
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "20"))!;
        try
        {
            File.WriteAllText(path, LockOf(sleeper.Id, sleeper.StartTime));

            var error = Assert.Throws<InvalidOperationException>(() => StoreWriterLock.Acquire(path, "Test store"));

            Assert.Contains($"process {sleeper.Id} on host '{Environment.MachineName}'", error.Message);
        }
        finally
        {
            sleeper.Kill();
        }
    }

    private static string LockOf(int pid, DateTime? started = null) =>
        string.Create(CultureInfo.InvariantCulture, $"host={Environment.MachineName}\npid={pid}\nstarted={(started?.ToUniversalTime().Ticks ?? 0)}\n");

    private static bool IsZombie(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] == 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
