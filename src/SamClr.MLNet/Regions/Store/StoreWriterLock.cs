using System.Diagnostics;
using System.Globalization;
using SamClr.MLNet.IO;

namespace SamClr.MLNet.Regions.Store;

/// <summary>
/// The lock of a store's single writer: a file <c>writer.lock</c> that names the holder's host, process id and the
/// process's start time. It is created complete and exclusively (written under a temporary name, then linked into place
/// without overwriting, which is atomic on local file systems and on NFS), so unlike an advisory lock it cannot silently
/// do nothing on a file system without lock support. A lock whose holder is on this host and no longer running (a
/// killed run, a zombie not yet reaped included; a recycled process id is told apart by its start time) is stale and
/// taken over; a lock named by a live process, or by another host, is refused with its holder named. An empty lock file
/// (left by earlier versions) is stale.
/// </summary>
internal sealed class StoreWriterLock : IDisposable
{
    private readonly string _path;
    private readonly string _content;

    private StoreWriterLock(string path, string content)
    {
        _path = path;
        _content = content;
    }

    /// <summary>Takes the lock at <paramref name="path"/> for this process.</summary>
    /// <param name="path">The lock file.</param>
    /// <param name="what">What is locked, for the message (e.g. "Region store '/data/store'").</param>
    /// <exception cref="InvalidOperationException">Another live writer holds it; the message names host, process and the fix.</exception>
    public static StoreWriterLock Acquire(string path, string what)
    {
        using var self = Process.GetCurrentProcess();
        string content = string.Create(CultureInfo.InvariantCulture,
            $"host={Environment.MachineName}\npid={Environment.ProcessId}\nstarted={self.StartTime.ToUniversalTime().Ticks}\n");
        for (int attempt = 0; ; attempt++)
        {
            string temporary = AtomicFile.CreateTemporary(path);
            try
            {
                File.WriteAllText(temporary, content);
                AtomicFile.FlushToDisk(temporary);
                File.Move(temporary, path, overwrite: false);
                return new StoreWriterLock(path, content);
            }
            catch (IOException) when (File.Exists(path) && attempt == 0)
            {
                var holder = Holder.Read(path);
                if (!holder.IsStale)
                    throw new InvalidOperationException(
                        $"{what} is already open for writing by process {holder.Pid} on host '{holder.Host}' (lock file '{path}'). Wait for that run to finish, " +
                        "or give each shard its own --out folder and merge them afterwards. If that process is gone (a crashed machine), delete the lock file.");
                File.Delete(path);
            }
            finally
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Releases the lock: deletes the file if it is still this process's.</summary>
    public void Dispose()
    {
        try
        {
            if (File.Exists(_path) && File.ReadAllText(_path) == _content) File.Delete(_path);
        }
        catch (IOException)
        {
            // A lock file that cannot be removed is stale once this process is gone, and is taken over then.
        }
    }

    /// <summary>Who a lock file names.</summary>
    private sealed record Holder(string Host, int Pid, long StartedTicks)
    {
        public static Holder Read(string path)
        {
            string text;
            try { text = File.ReadAllText(path); }
            catch (FileNotFoundException) { return new Holder("", 0, 0); }
            var fields = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].Trim());
            return new Holder(
                fields.GetValueOrDefault("host", ""),
                int.TryParse(fields.GetValueOrDefault("pid"), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? pid : 0,
                long.TryParse(fields.GetValueOrDefault("started"), NumberStyles.None, CultureInfo.InvariantCulture, out long ticks) ? ticks : 0);
        }

        /// <summary>True for an unreadable lock, or one whose holder ran on this host and is no longer running.</summary>
        public bool IsStale => Pid <= 0 || (Host == Environment.MachineName && !IsRunning());

        private bool IsRunning()
        {
            try
            {
                using var process = Process.GetProcessById(Pid);
                if (process.HasExited || IsZombie(Pid)) return false;
                // Another process that got the same id later started at another time.
                return StartedTicks == 0 || Math.Abs(process.StartTime.ToUniversalTime().Ticks - StartedTicks) < TimeSpan.TicksPerSecond;
            }
            catch (ArgumentException)
            {
                return false;
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
            {
                return true; // exists but cannot be inspected: assume it is the holder
            }
        }

        /// <summary>
        /// Whether the process is a zombie: killed, but not yet reaped by its parent. Its id stays taken until then, and
        /// in a container whose first process does not reap orphans (no init) that is until the container stops; a
        /// writer killed there would block every restart. Linux tells it by the state field of /proc/PID/stat.
        /// </summary>
        private static bool IsZombie(int pid)
        {
            try
            {
                string stat = File.ReadAllText($"/proc/{pid}/stat");
                int end = stat.LastIndexOf(')'); // the command name in parentheses may itself hold spaces and parentheses
                return end > 0 && end + 2 < stat.Length && stat[end + 2] is 'Z' or 'X';
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false; // no /proc (not Linux) or no access: rely on the process API alone
            }
        }
    }
}
