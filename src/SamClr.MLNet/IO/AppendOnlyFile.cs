using System.Runtime.InteropServices;

namespace SamClr.MLNet.IO;

/// <summary>
/// A file opened for appending only, so that every write lands at the end of the file as it is at that moment, never
/// at an offset remembered earlier. On Linux and macOS the file is opened with <c>O_APPEND</c> (through libc: .NET's
/// <see cref="FileMode.Append"/> seeks to the end once and then writes at remembered offsets) and each record goes to
/// the kernel in <c>write</c> calls, so two writers that ignore each other's lock still never overwrite each other's
/// records. Elsewhere <see cref="FileMode.Append"/> is the best available.
/// </summary>
internal sealed partial class AppendOnlyFile : IDisposable
{
    private readonly int _descriptor = -1;
    private readonly FileStream? _stream;

    private AppendOnlyFile(int descriptor, FileStream? stream)
    {
        _descriptor = descriptor;
        _stream = stream;
    }

    /// <summary>Opens (creating when missing) <paramref name="path"/> for appending.</summary>
    /// <exception cref="IOException">The file cannot be opened; the message names it.</exception>
    public static AppendOnlyFile Open(string path)
    {
        if (Flags() is { } flags)
        {
            int descriptor = OpenFile(path, flags, Convert.ToInt32("644", 8));
            if (descriptor < 0)
                throw new IOException($"Cannot open '{path}' for appending: {Marshal.GetLastPInvokeErrorMessage()} (errno {Marshal.GetLastPInvokeError()}).");
            return new AppendOnlyFile(descriptor, null);
        }
        return new AppendOnlyFile(-1, new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1));
    }

    /// <summary>Appends <paramref name="bytes"/> and returns the offset they start at; they reach the operating system before this returns.</summary>
    /// <exception cref="IOException">The write failed (e.g. the disk is full).</exception>
    public long Append(ReadOnlySpan<byte> bytes)
    {
        if (_stream is not null)
        {
            _stream.Write(bytes);
            _stream.Flush();
            return _stream.Position - bytes.Length;
        }
        int done = 0;
        while (done < bytes.Length)
        {
            nint written = Write(_descriptor, ref MemoryMarshal.GetReference(bytes[done..]), bytes.Length - done);
            if (written < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == 4) continue; // EINTR
                throw new IOException($"Appending {bytes.Length} bytes failed: {Marshal.GetLastPInvokeErrorMessage()} (errno {errno}).");
            }
            done += (int)written;
        }
        // With O_APPEND the file offset is the end of what was just written.
        return Seek(_descriptor, 0, 1) - bytes.Length;
    }

    /// <summary>Forces the appended bytes to the disk (<c>fsync</c>).</summary>
    public void FlushToDisk()
    {
        if (_stream is not null) _stream.Flush(flushToDisk: true);
        else if (Fsync(_descriptor) != 0) throw new IOException($"fsync failed: {Marshal.GetLastPInvokeErrorMessage()}.");
    }

    public void Dispose()
    {
        if (_stream is not null) _stream.Dispose();
        else if (_descriptor >= 0) Close(_descriptor);
    }

    /// <summary>O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC for this platform, or null where libc is not used.</summary>
    private static int? Flags()
    {
        if (OperatingSystem.IsLinux()) return 0x1 | 0x40 | 0x400 | 0x80000;
        if (OperatingSystem.IsMacOS()) return 0x1 | 0x200 | 0x8 | 0x1000000;
        return null;
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenFile(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(int descriptor, ref byte buffer, nint count);

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static partial long Seek(int descriptor, long offset, int whence);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
