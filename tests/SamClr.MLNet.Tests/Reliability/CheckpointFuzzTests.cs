using SamClr.MLNet.Compute;
using SamClr.MLNet.Training.Checkpoints;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Reliability;

/// <summary>
/// Issue 7 item 5: the training checkpoint reader under mutated files either reads the header or throws
/// <see cref="InvalidDataException"/> (<see cref="FileNotFoundException"/> for a missing file), and a mutated stored
/// tensor either reads or throws <see cref="InvalidDataException"/> / <see cref="EndOfStreamException"/> without
/// allocating what a corrupt size claims.
/// </summary>
public class CheckpointFuzzTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "samclr-fuzz-" + Guid.NewGuid().ToString("N"));

    public CheckpointFuzzTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void ReadHeader_MutatedFiles_ReadOrThrowInvalidData()
    {
        var random = new Random(741);
        string valid = Path.Combine(_root, "valid.samclrckpt"), path = Path.Combine(_root, "fuzz.samclrckpt");
        CheckpointFile.WriteAtomic(valid, writer => WritePayload(writer, random));
        byte[] original = File.ReadAllBytes(valid);
        for (int i = 0; i < 1000; i++)
        {
            File.WriteAllBytes(path, FuzzInputs.Mutate(original, random));
            FuzzCase.Run($"seed 741, case {i}", () => TrainingCheckpoint.ReadHeader(path), typeof(InvalidDataException));
        }
        File.Delete(path);
        FuzzCase.Run("missing file", () => TrainingCheckpoint.ReadHeader(path), typeof(FileNotFoundException));
    }

    [Fact]
    public void ReadHeader_MutatedPayloadsWithValidChecksum_ReadOrThrowInvalidData()
    {
        var random = new Random(742);
        string path = Path.Combine(_root, "fuzz.samclrckpt");
        int read = 0, rejected = 0;
        for (int i = 0; i < 1000; i++)
        {
            using var payload = new MemoryStream();
            using (var writer = new BinaryWriter(payload, System.Text.Encoding.UTF8, leaveOpen: true)) WritePayload(writer, random);
            // Mutate the header region (the first 100 bytes) so the fields ReadHeader parses are hit.
            byte[] bytes = payload.ToArray();
            byte[] mutated = FuzzInputs.Mutate(bytes[..100], random).Concat(bytes[100..]).ToArray();
            CheckpointFile.WriteAtomic(path, writer => writer.Write(mutated));
            var error = FuzzCase.Run($"seed 742, case {i}", () => TrainingCheckpoint.ReadHeader(path), typeof(InvalidDataException));
            if (error == null) read++; else rejected++;
        }
        Assert.True(read > 0 && rejected > 0, $"read {read}, rejected {rejected}");
    }

    [Fact]
    public void CheckpointTensorsRead_MutatedTensors_ReadOrThrowDocumented()
    {
        var random = new Random(743);
        for (int i = 0; i < 1500; i++)
        {
            using var scope = NewDisposeScope();
            using var stored = new MemoryStream();
            using (var writer = new BinaryWriter(stored, System.Text.Encoding.UTF8, leaveOpen: true))
                CheckpointTensors.Write(writer, RandomTensor(random));
            byte[] input = FuzzInputs.Mutate(stored.ToArray(), random);
            FuzzCase.Run($"seed 743, case {i}", () =>
            {
                using var reader = new BinaryReader(new MemoryStream(input, writable: false));
                using var tensor = CheckpointTensors.Read(reader);
                Assert.Equal(tensor.NumberOfElements * tensor.ElementSize, tensor.bytes.Length);
            }, typeof(InvalidDataException), typeof(EndOfStreamException));
        }
    }

    [Theory]
    [InlineData(100_000_000L, 400_000_000L)]   // 400 MB claimed, consistent with the shape, but nothing follows.
    [InlineData(1L << 40, 1L << 42)]           // 4 TiB: over int.MaxValue bytes.
    [InlineData(1L << 62, 0L)]                 // An element count that overflows when multiplied by the element size.
    public void CheckpointTensorsRead_HugeSizes_AreRejectedBeforeAllocating(long elements, long byteCount)
    {
        using var stored = new MemoryStream();
        using (var writer = new BinaryWriter(stored, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write((int)ScalarType.Float32);
            writer.Write(2);
            writer.Write(elements);
            writer.Write(4L);
            writer.Write(byteCount);
        }
        byte[] input = stored.ToArray();
        var error = FuzzCase.Run($"{elements} x 4 elements, {byteCount} bytes", () =>
        {
            using var reader = new BinaryReader(new MemoryStream(input, writable: false));
            CheckpointTensors.Read(reader);
        }, typeof(InvalidDataException), typeof(EndOfStreamException));
        Assert.NotNull(error);
    }

    [Fact]
    public void ReadHeader_NegativeStringLength_ThrowsInvalidData()
    {
        // The method name's 7-bit length prefix FF FF FF FF 0F decodes to -1.
        string path = Path.Combine(_root, "negative.samclrckpt");
        CheckpointFile.WriteAtomic(path, writer => writer.Write(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0, 0, 0 }));
        Assert.NotNull(FuzzCase.Run("negative string length", () => TrainingCheckpoint.ReadHeader(path), typeof(InvalidDataException)));
    }

    /// <summary>A payload that starts like a real one: header fields, the random state, a shuffle order, then two tensors.</summary>
    private static void WritePayload(BinaryWriter writer, Random random)
    {
        writer.Write("SimClrMethod");
        writer.Write(new string('a', 64));
        writer.Write(random.Next(1, 100));
        writer.Write(random.Next(0, 10));
        writer.Write(random.Next(10, 20));
        for (int i = 0; i < 4; i++) writer.Write((ulong)random.NextInt64());
        writer.Write(3);
        for (int i = 0; i < 3; i++) writer.Write(i);
        using var scope = NewDisposeScope();
        CheckpointTensors.Write(writer, RandomTensor(random));
        CheckpointTensors.Write(writer, RandomTensor(random));
    }

    private static Tensor RandomTensor(Random random)
    {
        var shape = Enumerable.Range(0, random.Next(0, 4)).Select(_ => (long)random.Next(0, 4)).ToArray();
        var dtype = random.Next(3) switch { 0 => ScalarType.Float32, 1 => ScalarType.Int64, _ => ScalarType.Bool };
        return ones(shape, dtype);
    }
}
