using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SamClr.MLNet.IO;

namespace SamClr.MLNet.Data;

/// <summary>
/// The manifest of an image store: the settings and the identity of the file list it was built from, and whether the
/// build finished. Written before the first image (incomplete) and again, atomically, when the last one is stored.
/// </summary>
internal sealed record ImageStoreManifest(int Version, int MaxSide, int FileCount, string FilesHash, IReadOnlyList<string>? ClassNames, bool Complete)
{
    internal const string FileName = "manifest.json";
    internal const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    internal static string PathIn(string directory) => Path.Combine(directory, FileName);

    internal void Write(string directory) =>
        AtomicFile.Write(PathIn(directory), "image store manifest", temp => File.WriteAllText(temp, JsonSerializer.Serialize(this, Json)));

    /// <summary>The manifest in <paramref name="directory"/>, or null when there is none.</summary>
    /// <exception cref="InvalidDataException">The manifest is unreadable; the message names it and the fix.</exception>
    internal static ImageStoreManifest? TryRead(string directory)
    {
        string path = PathIn(directory);
        if (!File.Exists(path)) return null;
        try
        {
            var manifest = JsonSerializer.Deserialize<ImageStoreManifest>(File.ReadAllText(path), Json);
            if (manifest is null || manifest.Version != CurrentVersion || manifest.FilesHash is null)
                throw new JsonException($"unsupported content (version {manifest?.Version}, this library reads version {CurrentVersion})");
            return manifest;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException(
                $"The image store manifest '{path}' is unreadable ({e.Message}). Delete the folder '{directory}' and build the store again.", e);
        }
    }

    /// <summary>A SHA-256 over the file list, labels and class names, so a store is only reused for the same inputs.</summary>
    internal static string HashOf(IReadOnlyList<string> sources, int[]? labels, IReadOnlyList<string>? classNames)
    {
        var text = new StringBuilder();
        for (int i = 0; i < sources.Count; i++)
            text.Append(sources[i]).Append('\t').Append(labels is null ? -1 : labels[i]).Append('\n');
        if (classNames != null) text.Append(string.Join('\t', classNames));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
