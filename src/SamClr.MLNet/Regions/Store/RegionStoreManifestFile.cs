using System.Text.Json;
using SamClr.MLNet.IO;

namespace SamClr.MLNet.Regions.Store;

/// <summary>
/// Reads and writes <c>manifest.json</c> (through <see cref="AtomicFile"/>, so a reader never sees half a manifest) and
/// the same JSON as bytes, the copy kept in the log (<see cref="RegionLogMetadata.ManifestKey"/>).
/// </summary>
internal static class RegionStoreManifestFile
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true };

    public static void Write(string path, RegionStoreManifest manifest)
    {
        byte[] json = ToJson(manifest);
        AtomicFile.Write(path, "region store manifest", temporary => File.WriteAllBytes(temporary, json));
    }

    public static byte[] ToJson(RegionStoreManifest manifest)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("formatVersion", manifest.FormatVersion);
            writer.WriteString("proposer", manifest.Proposer);
            WriteMap(writer, "parameters", manifest.Parameters);
            WriteMap(writer, "modelHashes", manifest.ModelHashes);
            if (manifest.CanvasSize is { } canvas) writer.WriteNumber("canvasSize", canvas);
            else writer.WriteNull("canvasSize");
            writer.WriteString("createdUtc", manifest.CreatedUtc);
            writer.WriteEndObject();
        }
        return stream.ToArray();
    }

    public static RegionStoreManifest Read(string path) => FromJson(File.ReadAllBytes(path), path);

    /// <summary>Parses manifest JSON; <paramref name="source"/> names where it came from in the error.</summary>
    public static RegionStoreManifest FromJson(byte[] json, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var canvas = root.GetProperty("canvasSize");
            return new RegionStoreManifest(
                root.GetProperty("proposer").GetString()!,
                ReadMap(root.GetProperty("parameters")),
                ReadMap(root.GetProperty("modelHashes")),
                canvas.ValueKind == JsonValueKind.Null ? null : canvas.GetInt32(),
                root.GetProperty("createdUtc").GetDateTimeOffset(),
                root.GetProperty("formatVersion").GetInt32());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException(
                $"Region store manifest '{source}' is damaged or not a manifest ({e.Message}); rebuild it from the log with " +
                "'samclr segment --rebuild-manifest --out STORE' (RegionStore.RebuildManifest).", e);
        }
    }

    private static void WriteMap(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, string> map)
    {
        writer.WriteStartObject(name);
        foreach (var (key, value) in map) writer.WriteString(key, value);
        writer.WriteEndObject();
    }

    private static Dictionary<string, string> ReadMap(JsonElement element) =>
        element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);
}
