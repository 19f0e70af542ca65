using System.Security.Cryptography;

namespace SamClr.MLNet.IO;

/// <summary>
/// The one way this library and its samples replace a file: a reader sees the previous file or the complete new one,
/// never half of one, and after the call returns the new file survives a power cut.
/// <para>Each file is first written under a random temporary name beside it (<c>.NAME.RANDOM.tmp</c>, created with
/// <see cref="FileMode.CreateNew"/>, so a file or link planted under a predictable name in a shared folder is never
/// followed), flushed to the disk (<c>fsync</c>), then renamed over the final name once every file of the set is
/// written; last the folder itself is flushed, so that the rename is durable too (<see cref="DirectorySync"/>; on
/// Windows that step is left to the file system). A failure deletes the temporary files, leaves the previous files as
/// they were, and is reported as an <see cref="IOException"/> naming the file that could not be written.</para>
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes one file: <paramref name="write"/> gets the temporary path to fill.</summary>
    /// <param name="path">The final file.</param>
    /// <param name="what">What the file is, for the error message (e.g. "checkpoint").</param>
    /// <param name="write">Writes the whole file to the path it is given (the file exists, empty).</param>
    /// <exception cref="IOException">The file could not be written; the message names it and the previous file is unchanged.</exception>
    public static void Write(string path, string what, Action<string> write) => WriteAll(what, (path, write));

    /// <summary>Writes <paramref name="text"/> (UTF-8, no byte-order mark) to <paramref name="path"/>.</summary>
    /// <inheritdoc cref="Write(string, string, Action{string})"/>
    public static void WriteAllText(string path, string what, string text) =>
        Write(path, what, temp => File.WriteAllText(temp, text));

    /// <summary>Writes a set of files: all temporary files first, then the renames, so a failed write replaces none.</summary>
    /// <param name="what">What the files are, for the error message.</param>
    /// <param name="files">Each final path and the function that fills its temporary file.</param>
    /// <exception cref="IOException">A file could not be written; the message names it and no file was replaced.</exception>
    public static void WriteAll(string what, params (string Path, Action<string> Write)[] files)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Length == 0) return;
        var full = files.Select(f => Path.GetFullPath(f.Path)).ToArray();
        var temporary = new string?[files.Length];
        string current = full[0];
        try
        {
            for (int i = 0; i < files.Length; i++)
            {
                current = full[i];
                temporary[i] = CreateTemporary(full[i]);
                files[i].Write(temporary[i]!);
                FlushToDisk(temporary[i]!);
            }
            for (int i = 0; i < files.Length; i++)
            {
                current = full[i];
                File.Move(temporary[i]!, full[i], overwrite: true);
                temporary[i] = null;
            }
            foreach (string directory in full.Select(f => Path.GetDirectoryName(f)!).Distinct()) DirectorySync.Flush(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            DeleteAll(temporary);
            throw new IOException(
                $"Could not write the {what} '{current}': {e.Message} Check that '{Path.GetDirectoryName(current)}' exists, is writable and has free space; " +
                "the previous file, if there was one, is unchanged.", e);
        }
        catch
        {
            DeleteAll(temporary);
            throw;
        }
    }

    /// <summary>True for a name this class gives its temporary files (<c>.NAME.RANDOM.tmp</c>), which a crash may leave behind.</summary>
    public static bool IsTemporaryName(string fileName) =>
        fileName.StartsWith('.') && fileName.EndsWith(".tmp", StringComparison.Ordinal);

    /// <summary>Creates an empty file with a random name beside <paramref name="path"/>, failing rather than opening an existing one.</summary>
    internal static string CreateTemporary(string path)
    {
        string directory = Path.GetDirectoryName(path)!, name = Path.GetFileName(path);
        for (int attempt = 0; ; attempt++)
        {
            string candidate = Path.Combine(directory, $".{name}.{Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant()}.tmp");
            try
            {
                new FileStream(candidate, FileMode.CreateNew, FileAccess.Write, FileShare.None).Dispose();
                return candidate;
            }
            catch (IOException) when (attempt < 3 && File.Exists(candidate))
            {
                // 64 random bits collided, or someone planted this exact name: draw another.
            }
        }
    }

    /// <summary>Forces the written bytes of <paramref name="path"/> to the disk (<c>fsync</c>).</summary>
    internal static void FlushToDisk(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        stream.Flush(flushToDisk: true);
    }

    private static void DeleteAll(IEnumerable<string?> paths)
    {
        foreach (string? path in paths)
        {
            if (path is null) continue;
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The original error is the one worth reporting; a leftover temporary file is harmless and recognisable.
            }
        }
    }
}
