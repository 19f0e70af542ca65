using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SamClr.MLNet.IO;

namespace SamClr.MLNet.Data;

/// <summary>
/// Decode once: keeps decoded image sets in binary files under a cache directory, so a second run loads the pixels
/// instead of decoding every image again. A cache file is keyed by a SHA-256 of the absolute image paths, their sizes
/// and last-write times, the labels and class names, and the canvas size; changing any of them makes a new key (old
/// files are left in place and can be deleted at any time). Files are written to a temporary name and then renamed, so
/// a crash never leaves a half-written cache file under the real name. A cache file that is truncated or altered is
/// detected (signature, version, lengths, SHA-256 checksum), reported through the warning callback and rebuilt.
/// </summary>
internal sealed class DecodedImageCache
{
    private const string KeyVersion = "SamClr.MLNet decoded image cache 1";
    private readonly Action<string>? _warn;

    /// <summary>Creates a cache that stores its files in <paramref name="directory"/> (created when first written).</summary>
    /// <param name="directory">The cache directory.</param>
    /// <param name="warn">Receives a message when a cache file is unusable and is rebuilt, or cannot be written; null ignores them.</param>
    public DecodedImageCache(string directory, Action<string>? warn = null)
    {
        if (string.IsNullOrWhiteSpace(directory)) throw new ArgumentException("A cache directory is required.", nameof(directory));
        Directory = Path.GetFullPath(directory);
        _warn = warn;
    }

    /// <summary>The absolute path of the cache directory.</summary>
    public string Directory { get; }

    /// <summary>
    /// The image set for <paramref name="files"/> on a canvas of <paramref name="canvasSize"/>: loaded from the cache
    /// when a valid cache file exists, otherwise built by <paramref name="decode"/> and stored.
    /// </summary>
    /// <param name="files">The image files the set is decoded from, in order.</param>
    /// <param name="canvasSize">Side of the square canvas.</param>
    /// <param name="labels">Class index of each file (part of the key), or null for unlabelled images.</param>
    /// <param name="classNames">Class names (part of the key), or null.</param>
    /// <param name="decode">Decodes the files; called only on a cache miss. Its result must be on a <paramref name="canvasSize"/> canvas.</param>
    public ImageSet GetOrAdd(IReadOnlyList<string> files, int canvasSize, int[]? labels, IReadOnlyList<string>? classNames, Func<ImageSet> decode)
    {
        var path = CacheFilePath(files, canvasSize, labels, classNames);
        if (File.Exists(path))
        {
            try
            {
                var cached = ImageSetFile.Read(path);
                if (cached.Height == canvasSize && cached.Width == canvasSize) return cached;
                _warn?.Invoke($"Decoded-image cache '{path}' holds a {cached.Width}x{cached.Height} canvas, not {canvasSize}x{canvasSize}; decoding the images again and rewriting it.");
            }
            catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
            {
                _warn?.Invoke($"Decoded-image cache '{path}' is unusable ({ex.Message}); decoding the images again and rewriting it.");
            }
        }
        var images = decode();
        if (images.Height != canvasSize || images.Width != canvasSize)
            throw new InvalidOperationException($"The decode function returned a {images.Width}x{images.Height} canvas for a {canvasSize}x{canvasSize} cache entry.");
        Store(path, images);
        return images;
    }

    /// <summary>The cache file that holds (or would hold) the set described by the arguments of <see cref="GetOrAdd"/>.</summary>
    /// <param name="files">The image files, in order.</param>
    /// <param name="canvasSize">Side of the square canvas.</param>
    /// <param name="labels">Class index of each file, or null.</param>
    /// <param name="classNames">Class names, or null.</param>
    public string CacheFilePath(IReadOnlyList<string> files, int canvasSize, int[]? labels, IReadOnlyList<string>? classNames)
    {
        if (labels != null && labels.Length != files.Count)
            throw new ArgumentException($"{labels.Length} labels for {files.Count} files.", nameof(labels));
        var key = new StringBuilder(KeyVersion).Append('\n').Append(canvasSize.ToString(CultureInfo.InvariantCulture)).Append('\n');
        key.Append(classNames == null ? "-" : string.Join("\u001f", classNames)).Append('\n');
        for (int i = 0; i < files.Count; i++)
        {
            var info = new FileInfo(files[i]);
            long length = info.Exists ? info.Length : -1, ticks = info.Exists ? info.LastWriteTimeUtc.Ticks : -1;
            key.Append(info.FullName).Append('\u001f').Append(length.ToString(CultureInfo.InvariantCulture))
               .Append('\u001f').Append(ticks.ToString(CultureInfo.InvariantCulture))
               .Append('\u001f').Append(labels == null ? "-" : labels[i].ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key.ToString())));
        return Path.Combine(Directory, $"images-{canvasSize}-{hash[..32].ToLowerInvariant()}.bin");
    }

    private void Store(string path, ImageSet images)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            AtomicFile.Write(path, "decoded-image cache", temp => ImageSetFile.Write(temp, images));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _warn?.Invoke($"Could not write decoded-image cache '{path}' ({ex.Message}); the images were decoded but will be decoded again next time. Check that the cache directory is writable and has free space.");
        }
    }
}
