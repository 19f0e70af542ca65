using System.Runtime.InteropServices;

namespace SamClr.MLNet.IO;

/// <summary>
/// Flushes a folder's entries (new names, renames) to the disk: on Linux and macOS the folder is opened read-only and
/// <c>fsync</c>ed, as POSIX requires for a rename to survive a power cut; on Windows NTFS journals renames itself and
/// .NET offers no handle to a folder, so nothing is done. A file system that refuses <c>fsync</c> on a folder (some
/// network mounts) is tolerated: the data itself was already flushed.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0;

    /// <summary>Flushes <paramref name="directory"/>'s entries to the disk where the platform allows it.</summary>
    public static void Flush(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        int descriptor = Open(directory, ReadOnly);
        if (descriptor < 0) return;
        try
        {
            Fsync(descriptor);
        }
        finally
        {
            Close(descriptor);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
