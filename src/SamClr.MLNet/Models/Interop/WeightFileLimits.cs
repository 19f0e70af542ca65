using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using static TorchSharp.torch;

namespace SamClr.MLNet.Models.Interop;

/// <summary>
/// Checks a weight file's declared sizes before anything is allocated for it, and the weights after reading: a
/// safetensors header or a torch.save archive may declare far more bytes than the file holds or than the model
/// needs, and a file may carry NaN or infinite weights that would silently poison training.
/// </summary>
internal static class WeightFileLimits
{
    /// <summary>The largest safetensors JSON header accepted: 100,000,000 bytes, the limit of the reference safetensors implementation.</summary>
    public const long MaxSafetensorsHeader = 100_000_000;

    /// <summary>The largest pickle (data.pkl) accepted in a torch.save archive: 64 MiB; a state_dict's pickle is a few hundred kB.</summary>
    public const long MaxPickleBytes = 64L << 20;

    /// <summary>Tensor bytes a file may hold for a model of <paramref name="expected"/> state-dict bytes: twice that plus 64 MiB (room for a classifier head and buffers).</summary>
    public static long AllowedTensorBytes(long expected) => 2 * expected + (64L << 20);

    /// <summary>The bytes of <paramref name="stateDict"/>'s tensors.</summary>
    public static long Bytes(IEnumerable<Tensor> stateDict) => stateDict.Sum(t => t.numel() * t.ElementSize);

    /// <summary>Refuses a safetensors file whose header, offsets or shapes do not fit the file, or whose tensors exceed <paramref name="maxTensorBytes"/>.</summary>
    public static void CheckSafetensors(string path, long maxTensorBytes)
    {
        using var stream = File.OpenRead(path);
        long fileLength = stream.Length;
        Span<byte> prefix = stackalloc byte[8];
        if (stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8) throw Invalid(path, $"it is {fileLength} bytes, shorter than the 8-byte header length");
        long headerLength = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(prefix), long.MaxValue);
        if (headerLength > MaxSafetensorsHeader || headerLength > fileLength - 8)
            throw Invalid(path, $"its header declares {headerLength} bytes of JSON but the file holds {fileLength - 8} after the length (at most {MaxSafetensorsHeader} allowed)");
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        long dataLength = fileLength - 8 - headerLength, total = 0;
        try
        {
            using var document = JsonDocument.Parse(header);
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__") continue;
                long elementSize = ElementSize(entry.Value.GetProperty("dtype").GetString() ?? "");
                long elements = 1;
                foreach (var dimension in entry.Value.GetProperty("shape").EnumerateArray())
                    elements = checked(elements * dimension.GetInt64());
                var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(o => o.GetInt64()).ToArray();
                long bytes = checked(elements * elementSize);
                if (elements < 0 || offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > dataLength || offsets[1] - offsets[0] != bytes)
                    throw Invalid(path, $"tensor '{entry.Name}' declares {bytes} bytes at offsets [{string.Join(", ", offsets)}] but the data section holds {dataLength}");
                total = checked(total + bytes);
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or OverflowException)
        {
            throw Invalid(path, $"its header is not a valid safetensors header ({e.Message})");
        }
        if (total > maxTensorBytes)
            throw Invalid(path, $"it declares {total} bytes of tensors, more than the {maxTensorBytes} a state dict of this model may hold");
    }

    /// <summary>
    /// Refuses a torch.save archive whose entries declare more than <paramref name="maxTensorBytes"/> bytes in all once
    /// expanded (so a zip bomb, or storages far beyond what the model holds, is refused from the central directory), or
    /// a pickle over <see cref="MaxPickleBytes"/>. Deflated entries are allowed: TorchSharp.PyBridge writes them, and a
    /// zero-initialised layer legitimately shrinks a thousandfold.
    /// </summary>
    public static void CheckPyTorchArchive(string path, long maxTensorBytes)
    {
        long total = 0;
        try
        {
            using var archive = ZipFile.OpenRead(path);
            foreach (var entry in archive.Entries)
            {
                if (entry.FullName.EndsWith("data.pkl", StringComparison.Ordinal) && entry.Length > MaxPickleBytes)
                    throw Invalid(path, $"its pickle '{entry.FullName}' is {entry.Length} bytes, more than the {MaxPickleBytes} allowed");
                total += entry.Length;
            }
            if (total <= maxTensorBytes) CheckPickleDeclarations(path, archive);
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith("Weight file", StringComparison.Ordinal))
        {
            throw Invalid(path, $"it is not a readable zip archive ({e.Message})");
        }
        if (total > maxTensorBytes)
            throw Invalid(path, $"its entries declare {total} bytes, more than the {maxTensorBytes} a state dict of this model may hold");
    }

    /// <summary>
    /// Refuses storages that declare more elements than their archive entry holds and tensors whose shape and strides
    /// reach past their storage: TorchSharp.PyBridge allocates what the pickle declares, not what the entry holds.
    /// </summary>
    private static void CheckPickleDeclarations(string path, ZipArchive archive)
    {
        var pickleEntry = archive.Entries.FirstOrDefault(e => e.FullName.EndsWith("data.pkl", StringComparison.Ordinal));
        if (pickleEntry is null) return;
        var pickle = new byte[pickleEntry.Length];
        using (var stream = pickleEntry.Open()) stream.ReadExactly(pickle);
        (List<TorchStorage> Storages, List<TorchTensorView> Tensors)? declared;
        try { declared = TorchPickleScan.Scan(pickle); }
        catch (InvalidDataException e) { throw Invalid(path, e.Message); }
        if (declared is not { } found) return;
        try
        {
            foreach (var storage in found.Storages)
            {
                if (TorchPickleScan.ElementSize(storage.Type) is not { } size) continue;
                var entry = archive.Entries.FirstOrDefault(e => e.FullName.EndsWith($"data/{storage.Key}", StringComparison.Ordinal));
                long bytes = checked(storage.Elements * size);
                if (storage.Elements < 0 || entry is null || bytes > entry.Length)
                    throw Invalid(path, $"storage '{storage.Key}' declares {storage.Elements} elements ({bytes} bytes) but its entry holds {entry?.Length ?? 0}");
            }
            foreach (var tensor in found.Tensors)
            {
                if (tensor.Shape.Length != tensor.Stride.Length || tensor.Offset < 0 || tensor.Shape.Any(d => d < 0) || tensor.Stride.Any(d => d < 0))
                    throw Invalid(path, $"a tensor over storage '{tensor.Storage.Key}' declares shape [{string.Join(", ", tensor.Shape)}], strides [{string.Join(", ", tensor.Stride)}]");
                if (tensor.Shape.Any(d => d == 0)) continue;
                long last = tensor.Offset;
                for (int i = 0; i < tensor.Shape.Length; i++) last = checked(last + (tensor.Shape[i] - 1) * tensor.Stride[i]);
                if (last >= tensor.Storage.Elements)
                    throw Invalid(path, $"a tensor of shape [{string.Join(", ", tensor.Shape)}] reaches element {last} of storage '{tensor.Storage.Key}', which holds {tensor.Storage.Elements}");
            }
        }
        catch (OverflowException)
        {
            throw Invalid(path, "its pickle declares sizes that overflow 64 bits");
        }
    }

    /// <summary>Refuses weights with a NaN or infinite value, naming the first such tensor.</summary>
    public static void CheckFinite(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        foreach (var (name, tensor) in tensors)
        {
            if (!tensor.is_floating_point()) continue;
            using var finite = isfinite(tensor).all();
            if (!finite.item<bool>())
                throw Invalid(path, $"tensor '{name}' holds NaN or infinite values; such weights would make every loss NaN");
        }
    }

    private static long ElementSize(string dtype) => dtype switch
    {
        "F64" or "I64" or "U64" => 8,
        "F32" or "I32" or "U32" => 4,
        "F16" or "BF16" or "I16" or "U16" => 2,
        "I8" or "U8" or "BOOL" or "F8_E4M3" or "F8_E5M2" => 1,
        _ => throw new FormatException($"unknown dtype '{dtype}'"),
    };

    private static InvalidDataException Invalid(string path, string why) => new($"Weight file '{path}' was refused before loading: {why}.");
}
