namespace SamClr.MLNet;

/// <summary>
/// Writes files so that a reader sees the previous file or the complete new one, never half of one: each file is
/// written to <c>name.tmp</c> beside it and renamed over the final name only once every file of the set is written.
/// A failure deletes the temporary files, leaves the previous files as they were, and is reported as an
/// <see cref="IOException"/> naming the file that could not be written.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes one file: <paramref name="write"/> gets the temporary path to fill.</summary>
    /// <param name="path">The final file.</param>
    /// <param name="what">What the file is, for the error message (e.g. "checkpoint").</param>
    /// <param name="write">Writes the whole file to the path it is given.</param>
    public static void Write(string path, string what, Action<string> write) => WriteAll(what, (path, write));

    /// <summary>Writes a set of files: all temporary files first, then the renames, so a failed write replaces none.</summary>
    public static void WriteAll(string what, params (string Path, Action<string> Write)[] files)
    {
        var full = files.Select(f => Path.GetFullPath(f.Path)).ToArray();
        string current = full[0];
        try
        {
            for (int i = 0; i < files.Length; i++)
            {
                current = full[i];
                files[i].Write(TempPath(full[i]));
            }
            for (int i = 0; i < files.Length; i++)
            {
                current = full[i];
                File.Move(TempPath(full[i]), full[i], overwrite: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            foreach (var f in full) TryDelete(TempPath(f));
            throw new IOException(
                $"Could not write the {what} '{current}': {e.Message} Check that '{Path.GetDirectoryName(current)}' exists, is writable and has free space; " +
                "the previous file, if there was one, is unchanged.", e);
        }
        catch
        {
            foreach (var f in full) TryDelete(TempPath(f));
            throw;
        }
    }

    /// <summary>The temporary name a file is written under before it is renamed.</summary>
    public static string TempPath(string path) => path + ".tmp";

    private static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path)) File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The original error is the one worth reporting; a leftover .tmp file is overwritten by the next write.
        }
    }
}
