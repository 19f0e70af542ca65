using System.Diagnostics;
using Microsoft.Win32.SafeHandles;

namespace SamClr.MLNet.Data;

/// <summary>
/// A data set decoded once into a folder on disk: every image upright, at its own size (no square canvas, no padding;
/// shrunk only beyond <see cref="ImageStoreOptions.MaxSide"/>), as interleaved RGB bytes in one pixel file, with an
/// index of sizes, labels and sources. Training, segmentation and featurization read images from it on demand with
/// positional reads, so the operating system's page cache holds what is hot and the process's resident memory does
/// not grow with the data set (a memory map would count every touched page as resident). Building is parallel, shows
/// progress, and resumes after a crash: pixels are flushed before the index records that point at them, and the
/// manifest marks the store complete only when the last image is stored.
/// </summary>
/// <remarks>
/// Folder layout: <c>pixels.bin</c> (images back to back), <c>index.bin</c> (one CRC-framed record per source, in
/// order), <c>manifest.json</c> (settings, a hash of the file list, and whether the build finished).
/// </remarks>
public sealed class ImageStore : ISourceImages, IDisposable
{
    private readonly SafeFileHandle _pixels;
    private readonly long[] _offsets;
    private readonly ImageSize[] _sizes;

    private ImageStore(string directory, ImageStoreManifest manifest, List<ImageStoreRecord> records, SafeFileHandle pixels)
    {
        Directory = directory;
        MaxSide = manifest.MaxSide;
        ClassNames = manifest.ClassNames;
        var kept = records.Where(r => !r.IsSkipped).ToArray();
        _offsets = kept.Select(r => r.Offset).ToArray();
        _sizes = kept.Select(r => r.Size).ToArray();
        OriginalSizes = kept.Select(r => r.OriginalSize).ToArray();
        Sources = kept.Select(r => r.Source).ToArray();
        Labels = manifest.ClassNames is null ? null : kept.Select(r => r.Label).ToArray();
        Skipped = records.Count - kept.Length;
        _pixels = pixels;
    }

    /// <summary>The store's folder.</summary>
    public string Directory { get; }

    /// <summary>The longest side images were capped at when the store was built.</summary>
    public int MaxSide { get; }

    /// <inheritdoc />
    public int Count => _sizes.Length;

    /// <inheritdoc />
    public IReadOnlyList<ImageSize> Sizes => _sizes;

    /// <summary>Each image's size in its source file (upright), before the <see cref="MaxSide"/> cap.</summary>
    public IReadOnlyList<ImageSize> OriginalSizes { get; }

    /// <inheritdoc />
    public int[]? Labels { get; }

    /// <inheritdoc />
    public IReadOnlyList<string>? ClassNames { get; }

    /// <inheritdoc />
    public IReadOnlyList<string>? Sources { get; }

    /// <inheritdoc />
    public int Skipped { get; }

    /// <summary>Whether <paramref name="directory"/> holds a complete image store.</summary>
    public static bool Exists(string directory) => ImageStoreManifest.TryRead(directory)?.Complete == true;

    /// <summary>
    /// Decodes <paramref name="files"/> into a store in <paramref name="directory"/>, or opens the store already there when
    /// it was built from the same files with the same settings; an unfinished build is resumed where it stopped.
    /// Unreadable files are skipped with a warning that names them and counted in <see cref="Skipped"/>.
    /// </summary>
    /// <param name="directory">The store's folder (created when missing).</param>
    /// <param name="files">Image files, in the order the store keeps them.</param>
    /// <param name="labels">Class index per file, or null for an unlabelled store.</param>
    /// <param name="classNames">Class names; required with <paramref name="labels"/>.</param>
    /// <param name="options">Settings; null uses the defaults (longest side 2048).</param>
    /// <param name="progress">Receives a report after every batch of images; may be null.</param>
    /// <param name="warn">Receives one line per skipped file; may be null.</param>
    /// <param name="cancellation">Stops after the current batch, which is kept: building again resumes there.</param>
    /// <exception cref="InvalidOperationException">The folder holds a store built from other files or settings; the message names the fix.</exception>
    public static ImageStore Build(string directory, IReadOnlyList<string> files, int[]? labels = null, IReadOnlyList<string>? classNames = null,
        ImageStoreOptions? options = null, IProgress<ImageStoreProgress>? progress = null, Action<string>? warn = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(files);
        options ??= new ImageStoreOptions();
        options.Validate();
        if (labels != null && (labels.Length != files.Count || classNames is null))
            throw new ArgumentException($"A labelled store needs one label per file ({labels.Length} labels for {files.Count} files) and the class names.", nameof(labels));
        var manifest = new ImageStoreManifest(ImageStoreManifest.CurrentVersion, options.MaxSide, files.Count,
            ImageStoreManifest.HashOf(files, labels, classNames), classNames, Complete: false);
        if (!PrepareFolder(directory, manifest)) return Open(directory);

        var clock = Stopwatch.StartNew();
        using (var writer = ImageStoreWriter.Open(directory))
        {
            int degree = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount;
            int skipped = 0, batch = Math.Max(4, 2 * degree);
            var decoded = new (byte[] Rgb, ImageSize Size, ImageSize Original)?[batch];
            var errors = new string?[batch];
            for (int start = writer.Count; start < files.Count; start += batch)
            {
                cancellation.ThrowIfCancellationRequested();
                int count = Math.Min(batch, files.Count - start);
                Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = degree }, i =>
                {
                    try
                    {
                        decoded[i] = ImageDecoder.DecodeRgb(files[start + i], options.MaxSide);
                        errors[i] = null;
                    }
                    catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
                    {
                        decoded[i] = null;
                        errors[i] = e.Message;
                    }
                });
                for (int i = 0; i < count; i++)
                {
                    int label = labels?[start + i] ?? -1;
                    if (decoded[i] is { } image) writer.Append(image.Rgb, image.Size, image.Original, label, files[start + i]);
                    else
                    {
                        writer.AppendSkipped(files[start + i], label);
                        skipped++;
                        warn?.Invoke($"Skipped: {errors[i]}");
                    }
                    decoded[i] = null;
                }
                writer.Commit();
                progress?.Report(new ImageStoreProgress(start + count, files.Count, skipped, clock.Elapsed));
            }
        }
        (manifest with { Complete = true }).Write(directory);
        return Open(directory);
    }

    /// <summary>
    /// Writes images made in memory (rows of an IDataView, generated data) into a new store in <paramref name="directory"/>,
    /// in order, and opens it. The folder must not hold a store yet.
    /// </summary>
    /// <param name="directory">The new store's folder.</param>
    /// <param name="images">Each image as interleaved RGB bytes with its size, original size and source name.</param>
    /// <param name="maxSide">The longest side the images were capped at (recorded in the manifest).</param>
    internal static ImageStore Create(string directory, IEnumerable<(byte[] Rgb, ImageSize Size, ImageSize OriginalSize, string Source)> images, int maxSide)
    {
        if (ImageStoreManifest.TryRead(directory) != null)
            throw new InvalidOperationException($"'{directory}' already holds an image store; choose a new folder.");
        var sources = new List<string>();
        using (var writer = ImageStoreWriter.Open(directory))
        {
            foreach (var (rgb, size, original, source) in images)
            {
                writer.Append(rgb, size, original, -1, source);
                sources.Add(source);
                if (sources.Count % 64 == 0) writer.Commit();
            }
            writer.Commit();
        }
        new ImageStoreManifest(ImageStoreManifest.CurrentVersion, maxSide, sources.Count, ImageStoreManifest.HashOf(sources, null, null), null, Complete: true)
            .Write(directory);
        return Open(directory);
    }

    /// <summary>Opens the complete store in <paramref name="directory"/> for reading.</summary>
    /// <exception cref="DirectoryNotFoundException">There is no store there; the message names the path and how to build one.</exception>
    /// <exception cref="InvalidDataException">The store is unfinished or damaged; the message names the file and the fix.</exception>
    public static ImageStore Open(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var manifest = ImageStoreManifest.TryRead(directory)
            ?? throw new DirectoryNotFoundException(
                $"No image store in '{directory}' ({ImageStoreManifest.FileName} is missing). Build one with ImageStore.Build (samples: `samclr pretrain --images DIR` builds it).");
        if (!manifest.Complete)
            throw new InvalidDataException(
                $"The image store '{directory}' is unfinished: its build stopped before the last image. Run the same build again to resume it.");
        string indexPath = Path.Combine(directory, ImageStoreWriter.IndexFileName), pixelsPath = Path.Combine(directory, ImageStoreWriter.PixelsFileName);
        var bytes = File.Exists(indexPath) ? File.ReadAllBytes(indexPath) : Array.Empty<byte>();
        var (records, intact) = ImageStoreRecord.ReadAll(bytes);
        if (intact != bytes.Length || records.Count != manifest.FileCount)
            throw new InvalidDataException(
                $"The image store index '{indexPath}' is damaged: {records.Count} intact records of {manifest.FileCount} (intact up to byte {intact} of {bytes.Length}). Delete '{directory}' and build the store again.");
        var handle = File.OpenHandle(pixelsPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        long length = RandomAccess.GetLength(handle);
        var beyond = records.FirstOrDefault(r => r.Offset < 0 || r.Offset + r.ByteCount > length);
        if (beyond.Source != null)
        {
            handle.Dispose();
            throw new InvalidDataException(
                $"The image store '{directory}' is damaged: the pixels of '{beyond.Source}' lie beyond the end of '{pixelsPath}' ({length} bytes). Delete the folder and build the store again.");
        }
        return new ImageStore(directory, manifest, records, handle);
    }

    /// <inheritdoc />
    public void ReadRows(int index, int firstRow, int endRow, Span<byte> destination)
    {
        SourceImages.CheckRows(this, index, firstRow, endRow, destination.Length);
        long rowBytes = 3L * _sizes[index].Width;
        var target = destination[..checked((int)(rowBytes * (endRow - firstRow)))];
        long offset = _offsets[index] + rowBytes * firstRow;
        while (!target.IsEmpty)
        {
            int read = RandomAccess.Read(_pixels, target, offset);
            if (read <= 0)
                throw new EndOfStreamException($"The image store '{Directory}' ends inside the pixels of image {index} ('{Sources![index]}').");
            target = target[read..];
            offset += read;
        }
    }

    /// <summary>Closes the pixel file.</summary>
    public void Dispose() => _pixels.Dispose();

    /// <summary>
    /// Checks the folder against <paramref name="manifest"/>: returns false when it already holds the complete store,
    /// true when building must start or resume; writes the incomplete manifest for a fresh build.
    /// </summary>
    private static bool PrepareFolder(string directory, ImageStoreManifest manifest)
    {
        var existing = ImageStoreManifest.TryRead(directory);
        if (existing is null)
        {
            System.IO.Directory.CreateDirectory(directory);
            foreach (var name in new[] { ImageStoreWriter.PixelsFileName, ImageStoreWriter.IndexFileName })
                File.Delete(Path.Combine(directory, name));
            manifest.Write(directory);
            return true;
        }
        if (existing.FilesHash != manifest.FilesHash || existing.MaxSide != manifest.MaxSide)
            throw new InvalidOperationException(
                $"The image store '{directory}' was built from other images or settings ({existing.FileCount} files, longest side {existing.MaxSide}; " +
                $"now {manifest.FileCount} files, longest side {manifest.MaxSide}). Choose another folder for this data set, or delete '{directory}' to rebuild it.");
        return !existing.Complete;
    }
}
