using System.Collections;
using SamClr.MLNet.IO;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace SamClr.MLNet.Models.Interop;

/// <summary>Reads and writes a name -> tensor table in either <see cref="WeightFileFormat"/>, through TorchSharp.PyBridge.</summary>
internal static class WeightFiles
{
    /// <summary>The first bytes of a zip archive's first local file header ("PK\x03\x04"), which every torch.save file starts with.</summary>
    private static readonly byte[] ZipSignature = { 0x50, 0x4B, 0x03, 0x04 };

    /// <summary>
    /// Writes <paramref name="tensors"/> to <paramref name="path"/> through a temporary file in the same folder that is
    /// renamed over the target only once complete, so an interrupted write never replaces a good file.
    /// </summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, WeightFileFormat format)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        AtomicFile.Write(full, "weight file", temporary =>
        {
            using var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None);
            var table = tensors.ToDictionary(p => p.Key, p => p.Value);
            if (format == WeightFileFormat.PyTorch) PyTorchPickler.PickleStateDict(stream, table, leaveOpen: true);
            else Safetensors.SaveStateDict(stream, table, leaveOpen: true);
        });
    }

    /// <summary>
    /// Reads every tensor in <paramref name="path"/>. The tensors are created in the caller's dispose scope.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <param name="path">The weight file.</param>
    /// <param name="format">Its format.</param>
    /// <param name="maxTensorBytes">The most tensor bytes the file may declare (<see cref="WeightFileLimits.AllowedTensorBytes"/>), checked before reading.</param>
    /// <exception cref="InvalidDataException">
    /// The file is not a readable state_dict in <paramref name="format"/>, declares more than it holds or than
    /// <paramref name="maxTensorBytes"/>, or holds NaN or infinite weights.
    /// </exception>
    public static Dictionary<string, Tensor> Read(string path, WeightFileFormat format, long maxTensorBytes)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Weight file '{path}' does not exist.", path);
        if (format == WeightFileFormat.Safetensors) WeightFileLimits.CheckSafetensors(path, maxTensorBytes);
        else WeightFileLimits.CheckPyTorchArchive(path, maxTensorBytes);
        var tensors = ReadUnchecked(path, format);
        WeightFileLimits.CheckFinite(path, tensors);
        return tensors;
    }

    private static Dictionary<string, Tensor> ReadUnchecked(string path, WeightFileFormat format)
    {
        Hashtable table;
        try
        {
            using var stream = File.OpenRead(path);
            if (format == WeightFileFormat.Safetensors) return Safetensors.LoadStateDict(stream, leaveOpen: true, keysToKeep: null);
            table = PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: true, skipTensorRead: false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            string writer = format == WeightFileFormat.PyTorch ? "torch.save(model.state_dict(), path)" : "safetensors.torch.save_file(model.state_dict(), path)";
            throw new InvalidDataException(
                $"'{path}' could not be read as a {format} weight file ({e.GetType().Name}: {e.Message}). " +
                $"The file may be truncated or in another format; write it with {writer}.", e);
        }
        return Tensors(path, table);
    }

    /// <summary>Tells a torch.save zip archive from a safetensors file by their first bytes.</summary>
    /// <exception cref="InvalidDataException">The file is neither; the message names it.</exception>
    public static WeightFileFormat Detect(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Weight file '{path}' does not exist.", path);
        var head = new byte[9];
        int read;
        using (var stream = File.OpenRead(path)) read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read >= ZipSignature.Length && head.AsSpan(0, ZipSignature.Length).SequenceEqual(ZipSignature)) return WeightFileFormat.PyTorch;
        // safetensors: a little-endian 64-bit header length, then the JSON header, which opens with '{'.
        if (read == head.Length && head[8] == (byte)'{') return WeightFileFormat.Safetensors;
        throw new InvalidDataException(
            $"'{path}' is neither a PyTorch state_dict (a zip archive written by torch.save) nor a safetensors file. " +
            "Legacy non-zip torch.save files (PyTorch before 1.6) are not supported: load and re-save them with a current PyTorch.");
    }

    private static Dictionary<string, Tensor> Tensors(string path, Hashtable table)
    {
        var tensors = new Dictionary<string, Tensor>(table.Count, StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table)
        {
            if (entry.Key is not string name || entry.Value is not Tensor tensor)
                throw new InvalidDataException(
                    $"'{path}' holds a dict whose entry '{entry.Key}' is a {entry.Value?.GetType().Name ?? "null"}, not a tensor: " +
                    "it is a training checkpoint rather than a state_dict. Save only the weights, e.g. torch.save(checkpoint['state_dict'], path).");
            tensors.Add(name, tensor);
        }
        return tensors;
    }
}
