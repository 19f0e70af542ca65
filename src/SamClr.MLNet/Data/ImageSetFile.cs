using System.Security.Cryptography;
using System.Text;

namespace SamClr.MLNet.Data;

/// <summary>
/// The binary file format of <see cref="DecodedImageCache"/>: magic "SCLRIMG\0", a version, the canvas, counts,
/// class names, labels, sources, valid sizes and pixels (little-endian), then a SHA-256 of everything before it.
/// Reading checks the magic, version, every length and the checksum, so a truncated or altered file is detected.
/// </summary>
internal static class ImageSetFile
{
    private const int Version = 1;
    private const int HashBytes = 32;
    private static ReadOnlySpan<byte> Magic => "SCLRIMG\0"u8;

    /// <summary>Writes <paramref name="images"/> to <paramref name="path"/> (created or overwritten).</summary>
    public static void Write(string path, ImageSet images)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var sha = SHA256.Create();
        using (var hashing = new CryptoStream(file, sha, CryptoStreamMode.Write, leaveOpen: true))
        using (var writer = new BinaryWriter(hashing, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(images.Height);
            writer.Write(images.Width);
            writer.Write(images.Count);
            writer.Write(images.Skipped);
            WriteStrings(writer, images.ClassNames);
            writer.Write(images.Labels != null);
            foreach (var label in images.Labels ?? Array.Empty<int>()) writer.Write(label);
            WriteStrings(writer, images.Sources);
            foreach (var size in images.Sizes)
            {
                writer.Write(size.Width);
                writer.Write(size.Height);
            }
            writer.Write((long)images.Pixels.Length);
            writer.Write(images.Pixels);
            writer.Flush();
            hashing.FlushFinalBlock();
        }
        file.Write(sha.Hash!);
        file.Flush(flushToDisk: true);
    }

    /// <summary>Reads a file written by <see cref="Write"/>; any inconsistency is an <see cref="InvalidDataException"/> saying what is wrong.</summary>
    public static ImageSet Read(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        long length = file.Length;
        if (length < Magic.Length + 4 + HashBytes)
            throw new InvalidDataException($"it is only {length} bytes long");
        var head = new byte[Magic.Length + 4];
        file.ReadExactly(head);
        if (!head.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new InvalidDataException("it does not start with the cache file signature");
        int version = BitConverter.ToInt32(head, Magic.Length);
        if (version != Version)
            throw new InvalidDataException($"it has format version {version}, this library reads version {Version}");
        VerifyChecksum(file, length);

        file.Position = head.Length;
        using var reader = new BinaryReader(file, Encoding.UTF8, leaveOpen: true);
        int height = Positive(reader.ReadInt32(), "height"), width = Positive(reader.ReadInt32(), "width");
        int count = NonNegative(reader.ReadInt32(), "image count"), skipped = NonNegative(reader.ReadInt32(), "skipped count");
        var classNames = ReadStrings(reader, length);
        int[]? labels = reader.ReadBoolean() ? ReadInts(reader, count, length) : null;
        var sources = ReadStrings(reader, length);
        if (8L * count > length) throw new InvalidDataException($"it declares {count} images");
        var sizes = new ImageSize[count];
        for (int i = 0; i < count; i++) sizes[i] = new ImageSize(reader.ReadInt32(), reader.ReadInt32());
        long pixelBytes = reader.ReadInt64();
        if (pixelBytes != 3L * height * width * count || file.Position + pixelBytes + HashBytes != length)
            throw new InvalidDataException($"its pixel block of {pixelBytes} bytes does not match {count} images of 3x{height}x{width} and the file length {length}");
        var pixels = new byte[pixelBytes];
        file.ReadExactly(pixels);
        try
        {
            return new ImageSet(height, width, pixels, sizes, labels, classNames, sources, skipped);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"its contents are inconsistent ({ex.Message})", ex);
        }
    }

    private static void VerifyChecksum(FileStream file, long length)
    {
        file.Position = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        for (long left = length - HashBytes; left > 0;)
        {
            int read = file.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read == 0) throw new InvalidDataException("it ended while its checksum was being computed");
            hash.AppendData(buffer, 0, read);
            left -= read;
        }
        var stored = new byte[HashBytes];
        file.ReadExactly(stored);
        if (!hash.GetHashAndReset().AsSpan().SequenceEqual(stored))
            throw new InvalidDataException("its SHA-256 checksum does not match its contents");
    }

    private static void WriteStrings(BinaryWriter writer, IReadOnlyList<string>? strings)
    {
        writer.Write(strings?.Count ?? -1);
        foreach (var s in strings ?? Array.Empty<string>()) writer.Write(s);
    }

    private static string[]? ReadStrings(BinaryReader reader, long fileLength)
    {
        int count = reader.ReadInt32();
        if (count == -1) return null;
        if (count < 0 || count > fileLength) throw new InvalidDataException($"it declares {count} strings");
        var strings = new string[count];
        for (int i = 0; i < count; i++) strings[i] = reader.ReadString();
        return strings;
    }

    private static int[] ReadInts(BinaryReader reader, int count, long fileLength)
    {
        if (4L * count > fileLength) throw new InvalidDataException($"it declares {count} labels");
        var values = new int[count];
        for (int i = 0; i < count; i++) values[i] = reader.ReadInt32();
        return values;
    }

    private static int Positive(int value, string what) =>
        value > 0 ? value : throw new InvalidDataException($"its {what} is {value}");

    private static int NonNegative(int value, string what) =>
        value >= 0 ? value : throw new InvalidDataException($"its {what} is {value}");
}
