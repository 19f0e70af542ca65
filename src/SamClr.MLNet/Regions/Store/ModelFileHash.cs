using System.Security.Cryptography;

namespace SamClr.MLNet.Regions.Store;

/// <summary>SHA-256 fingerprints of model files, as a <see cref="RegionStoreManifest"/> records them.</summary>
internal static class ModelFileHash
{
    /// <summary>The SHA-256 of the file's bytes as 64 lower-case hexadecimal digits.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static string Compute(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Model file '{path}' does not exist; check the path given for the model.", path);
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// File name (without folder) to SHA-256 for each file, the form <see cref="RegionStoreManifest.ModelHashes"/> takes;
    /// the name is kept only to make the manifest readable, the hash is what identifies the model.
    /// </summary>
    /// <exception cref="ArgumentException">Two files share a file name.</exception>
    public static IReadOnlyDictionary<string, string> ComputeAll(IEnumerable<string> paths)
    {
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            string name = Path.GetFileName(path);
            if (!hashes.TryAdd(name, Compute(path)))
                throw new ArgumentException($"Two model files are named '{name}'; give them distinct file names.", nameof(paths));
        }
        return hashes;
    }
}
