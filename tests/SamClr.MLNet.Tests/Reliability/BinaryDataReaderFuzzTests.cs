using SamClr.MLNet.Data;
using Xunit;

namespace SamClr.MLNet.Tests.Reliability;

/// <summary>
/// Issue 7 item 5: the CIFAR-10 and STL-10 readers, given a valid data set (written by their writers) with one file
/// mutated, truncated or deleted, either read it or throw <see cref="InvalidDataException"/> (bad data) or
/// <see cref="FileNotFoundException"/> (missing file).
/// </summary>
public class BinaryDataReaderFuzzTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "samclr-fuzz-" + Guid.NewGuid().ToString("N"));

    public BinaryDataReaderFuzzTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Cifar10Reader_MutatedFiles_ReadOrThrowDocumented()
    {
        var random = new Random(721);
        string valid = Path.Combine(_root, "valid");
        // 5 training images (one per batch file) and 2 test images, 3 classes.
        Cifar10Writer.Write(valid, Labelled(random, 5, Cifar10Reader.Side, 3), Labelled(random, 2, Cifar10Reader.Side, 3));
        var files = Directory.GetFiles(valid).Select(Path.GetFileName).ToArray();
        var originals = files.ToDictionary(f => f!, f => File.ReadAllBytes(Path.Combine(valid, f!)));
        string work = Path.Combine(_root, "work");
        Directory.CreateDirectory(work);

        int read = 0, rejected = 0;
        for (int i = 0; i < 1000; i++)
        {
            Restore(work, originals);
            string mutated = MutateOne(work, files!, random);
            var split = random.Next(2) == 0 ? DataSplit.Train : DataSplit.Test;
            int? maxImages = random.Next(3) == 0 ? random.Next(0, 8) : null;
            var error = FuzzCase.Run($"seed 721, case {i}, {mutated}, {split}, maxImages {maxImages}",
                () => CheckRead(Cifar10Reader.Read(work, split, maxImages), maxImages),
                typeof(InvalidDataException), typeof(FileNotFoundException));
            if (error == null) read++; else rejected++;
        }
        Assert.True(read > 0 && rejected > 0, $"read {read}, rejected {rejected}");
    }

    [Fact]
    public void Stl10Reader_MutatedFiles_ReadOrThrowDocumented()
    {
        var random = new Random(722);
        string valid = Path.Combine(_root, "valid");
        Directory.CreateDirectory(valid);
        // 2 images per split; 4 classes (so labels 5..255 are out of range).
        var classes = Labelled(random, 2, Stl10Reader.Side, 4);
        Stl10Writer.WriteSplit(valid, DataSplit.Train, classes);
        Stl10Writer.WriteSplit(valid, DataSplit.Test, Labelled(random, 2, Stl10Reader.Side, 4));
        Stl10Writer.WriteSplit(valid, DataSplit.Unlabeled, Labelled(random, 2, Stl10Reader.Side, 4));
        Stl10Writer.WriteClassNames(valid, classes.ClassNames!);
        var files = Directory.GetFiles(valid).Select(Path.GetFileName).ToArray();
        var originals = files.ToDictionary(f => f!, f => File.ReadAllBytes(Path.Combine(valid, f!)));
        string work = Path.Combine(_root, "work");
        Directory.CreateDirectory(work);

        int read = 0, rejected = 0;
        for (int i = 0; i < 600; i++)
        {
            Restore(work, originals);
            string mutated = MutateOne(work, files!, random);
            var split = (DataSplit)random.Next(3);
            int? maxImages = random.Next(3) == 0 ? random.Next(0, 4) : null;
            var error = FuzzCase.Run($"seed 722, case {i}, {mutated}, {split}, maxImages {maxImages}",
                () => CheckRead(Stl10Reader.Read(work, split, maxImages), maxImages),
                typeof(InvalidDataException), typeof(FileNotFoundException));
            if (error == null) read++; else rejected++;
        }
        Assert.True(read > 0 && rejected > 0, $"read {read}, rejected {rejected}");
    }

    /// <summary>A labelled set of <paramref name="count"/> random <paramref name="side"/>-pixel images over <paramref name="classes"/> classes.</summary>
    private static ImageSet Labelled(Random random, int count, int side, int classes) =>
        new(side, side, FuzzInputs.RandomBytes(random, count * 3 * side * side),
            labels: Enumerable.Range(0, count).Select(_ => random.Next(classes)).ToArray(),
            classNames: Enumerable.Range(0, classes).Select(c => $"class{c}").ToArray());

    private static void Restore(string work, Dictionary<string, byte[]> originals)
    {
        foreach (var file in Directory.GetFiles(work)) File.Delete(file);
        foreach (var (name, bytes) in originals) File.WriteAllBytes(Path.Combine(work, name), bytes);
    }

    /// <summary>Mutates, truncates or (1 in 20) deletes one file; returns what it did, for messages.</summary>
    private static string MutateOne(string work, string[] files, Random random)
    {
        string path = Path.Combine(work, files[random.Next(files.Length)]);
        if (random.Next(20) == 0)
        {
            File.Delete(path);
            return $"deleted {Path.GetFileName(path)}";
        }
        byte[] bytes = File.ReadAllBytes(path);
        // Binary files: edit near the start (labels, first record) as often as anywhere, so label bytes get hit.
        byte[] mutated = random.Next(2) == 0 && bytes.Length > 64
            ? FuzzInputs.Mutate(bytes[..64], random).Concat(bytes[64..]).ToArray()
            : FuzzInputs.Mutate(bytes, random);
        File.WriteAllBytes(path, mutated);
        return $"mutated {Path.GetFileName(path)} ({bytes.Length} -> {mutated.Length} bytes)";
    }

    private static void CheckRead(ImageSet images, int? maxImages)
    {
        Assert.True(maxImages is null || images.Count <= maxImages);
        if (images.Labels is { } labels)
            Assert.All(labels, l => Assert.InRange(l, 0, images.ClassNames!.Count - 1));
    }
}
