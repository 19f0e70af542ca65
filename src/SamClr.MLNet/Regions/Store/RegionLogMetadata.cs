using System.Text;

namespace SamClr.MLNet.Regions.Store;

/// <summary>
/// Records of <c>regions.log</c> that describe the store rather than an image. Their key starts with a NUL character,
/// which no store key (<see cref="StoreKeys"/>) does, followed by raw bytes instead of an entry:
/// <list type="bullet">
/// <item><see cref="ManifestKey"/>: a copy of <c>manifest.json</c>, written first when a store is created, so that a lost
/// or damaged manifest can be rebuilt from the log (<see cref="RegionStore.RebuildManifest"/>);</item>
/// <item><see cref="ShardKey"/>: the shard (<c>i/N</c>, <see cref="ShardSpec"/>) a run filled the store with, so that a
/// merge can tell when shards were never run.</item>
/// </list>
/// </summary>
internal static class RegionLogMetadata
{
    public const string ManifestKey = "\0manifest";

    public const string ShardKey = "\0shard";

    public static bool IsMetadata(string key) => key.Length > 0 && key[0] == '\0';

    public static byte[] Encode(string key, byte[] value)
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(key);
            writer.Write(value);
        }
        return memory.ToArray();
    }

    /// <summary>The bytes after the key of a metadata record.</summary>
    public static byte[] Value(byte[] payload)
    {
        using var reader = new BinaryReader(new MemoryStream(payload, writable: false), Encoding.UTF8);
        reader.ReadString();
        return payload[(int)reader.BaseStream.Position..];
    }
}
