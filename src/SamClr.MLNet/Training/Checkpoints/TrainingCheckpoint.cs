using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SamClr.MLNet.Compute;
using SamClr.MLNet.Methods;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SamClr.MLNet.Training.Checkpoints;

/// <summary>What a checkpoint says about itself, readable without a method to load it into.</summary>
/// <param name="FormatVersion">The file's format version (<see cref="CheckpointFile.FormatVersion"/>).</param>
/// <param name="MethodName">The method's module name ("SimClrMethod", "MoCoMethod", ...).</param>
/// <param name="OptionsHash">Hex SHA-256 of the loop settings that shape the run (see <see cref="TrainingCheckpoint.OptionsHash"/>).</param>
/// <param name="ImageCount">Number of training images.</param>
/// <param name="Step">Optimisation steps done when the checkpoint was taken.</param>
/// <param name="TotalSteps">Steps of the whole run.</param>
/// <param name="RunId">
/// The run's identity (<see cref="CheckpointFile.NewRunId"/>), drawn when a run starts and kept when it resumes; also in
/// the file name, so that pruning removes only this run's older checkpoints.
/// </param>
internal sealed record CheckpointHeader(uint FormatVersion, string MethodName, string OptionsHash, int ImageCount, int Step, int TotalSteps, string RunId);

/// <summary>
/// The full state of a pre-training run, written by <see cref="Pretrainer"/> and read back to resume it exactly.
/// The payload inside the <see cref="CheckpointFile"/> container is, in order (BinaryWriter encoding; tensors as in
/// <see cref="CheckpointTensors"/>):
/// <list type="number">
/// <item>header: method name, options hash (strings), image count, steps done, total steps (int32), run id (string);</item>
/// <item>the loop's <see cref="CheckpointRandom"/> state (4 x uint64) and the current shuffle order (int32 count, int32 each);</item>
/// <item>history: step losses and epoch losses (int32 count, float each), the loss sum of the unfinished epoch (double),
/// the training time so far (int64 ticks);</item>
/// <item>every entry of the method's state_dict (parameters and persistent buffers of all modules: backbone, heads,
/// EMA teacher or key encoder, batch-norm statistics): int32 count, then name (string) and tensor;</item>
/// <item>optimiser state: its type name (string), int32 count, then per parameter SGD's momentum buffer or Adam's step
/// (int64) and first, second and max-second moments, each tensor preceded by a presence flag (bool);</item>
/// <item>extra state of modules implementing <see cref="ICheckpointState"/> (MoCo's memory bank and pointer, DINO's step
/// counter): int32 count, then module name (string), int32 byte count and the bytes.</item>
/// </list>
/// </summary>
internal static class TrainingCheckpoint
{
    /// <summary>Reads the header of the checkpoint at <paramref name="path"/> after verifying the file.</summary>
    /// <exception cref="InvalidDataException">Truncated, corrupt or not a checkpoint; the message names the file.</exception>
    public static CheckpointHeader ReadHeader(string path)
    {
        byte[] payload = CheckpointFile.ReadPayload(path);
        using var reader = new BinaryReader(new MemoryStream(payload));
        return Parse(path, () => ReadHeaderFields(reader));
    }

    /// <summary>
    /// Hex SHA-256 of the settings a resumed run must share with the run that wrote the checkpoint: epochs, batch size,
    /// base learning rate, optimiser, momentum, weight decay, warm-up epochs and seed (not the device and not the
    /// checkpoint settings themselves).
    /// </summary>
    public static string OptionsHash(PretrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string text = string.Create(CultureInfo.InvariantCulture,
            $"epochs={options.Epochs};batch={options.BatchSize};lr={options.BaseLearningRate:R};optimizer={options.Optimizer};momentum={options.Momentum:R};decay={options.WeightDecay:R};warmup={options.WarmupEpochs};seed={options.Seed}");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Writes the run's state to <paramref name="path"/> atomically.</summary>
    internal static void Save(string path, SelfSupervisedMethod method, optim.Optimizer optimizer, CheckpointHeader header, LoopState loop)
    {
        CheckpointFile.WriteAtomic(path, writer =>
        {
            writer.Write(header.MethodName);
            writer.Write(header.OptionsHash);
            writer.Write(header.ImageCount);
            writer.Write(header.Step);
            writer.Write(header.TotalSteps);
            writer.Write(header.RunId);
            foreach (ulong word in loop.Random.GetState()) writer.Write(word);
            WriteInts(writer, loop.Order);
            WriteFloats(writer, loop.History.StepLosses);
            WriteFloats(writer, loop.History.EpochLosses);
            writer.Write(loop.EpochLossSum);
            writer.Write(loop.Elapsed.Ticks);

            var stateDict = method.state_dict();
            writer.Write(stateDict.Count);
            foreach (var (name, tensor) in stateDict)
            {
                writer.Write(name);
                CheckpointTensors.Write(writer, tensor);
            }

            var states = OptimizerStates(optimizer);
            writer.Write(optimizer.GetType().Name);
            writer.Write(states.Count);
            foreach (var state in states)
                foreach (var (tensor, field) in StateTensors(state))
                {
                    if (state is Adam.State adam && field == "exp_avg") writer.Write(adam.step);
                    writer.Write(tensor is not null);
                    if (tensor is not null) CheckpointTensors.Write(writer, tensor);
                }

            var extras = ExtraStates(method);
            writer.Write(extras.Count);
            foreach (var (name, module) in extras)
            {
                using var buffer = new MemoryStream();
                using (var extraWriter = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true)) module.WriteCheckpointState(extraWriter);
                writer.Write(name);
                writer.Write((int)buffer.Length);
                writer.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
            }
        });
    }

    /// <summary>
    /// Restores the run's state from <paramref name="path"/>. Nothing is changed unless the file verifies and fits
    /// <paramref name="method"/> and <paramref name="expected"/> (method name, options hash, image count, total steps and
    /// every tensor's name, dtype and shape).
    /// </summary>
    /// <exception cref="InvalidDataException">Truncated or corrupt; the message names the file.</exception>
    /// <returns>The checkpoint's header (its run id is the one the resumed run keeps).</returns>
    /// <exception cref="InvalidOperationException">A checkpoint of another method, settings, data or architecture.</exception>
    internal static CheckpointHeader Load(string path, SelfSupervisedMethod method, optim.Optimizer optimizer, CheckpointHeader expected, LoopState loop)
    {
        byte[] payload = CheckpointFile.ReadPayload(path);
        using var reader = new BinaryReader(new MemoryStream(payload));
        using var scope = NewDisposeScope();
        var stored = Parse(path, () => ReadHeaderFields(reader));
        CheckFits(path, stored, expected);

        var randomState = Parse(path, () => Enumerable.Range(0, 4).Select(_ => reader.ReadUInt64()).ToArray());
        int[] order = Parse(path, () => ReadInts(reader));
        float[] stepLosses = Parse(path, () => ReadFloats(reader));
        float[] epochLosses = Parse(path, () => ReadFloats(reader));
        double epochLossSum = Parse(path, reader.ReadDouble);
        long elapsedTicks = Parse(path, reader.ReadInt64);
        if (order.Length != expected.ImageCount || !order.Order().SequenceEqual(Enumerable.Range(0, expected.ImageCount)) || stepLosses.Length != stored.Step)
            throw new InvalidDataException($"The checkpoint '{path}' is inconsistent: its shuffle order or loss history does not match its {stored.Step} steps and {expected.ImageCount} images.");

        var stateDict = method.state_dict();
        var tensors = Parse(path, () =>
        {
            int count = reader.ReadInt32();
            var list = new List<(string Name, Tensor Tensor)>();
            for (int i = 0; i < count; i++) list.Add((reader.ReadString(), CheckpointTensors.Read(reader)));
            return list;
        });
        var storedNames = tensors.Select(t => t.Name).ToArray();
        if (!storedNames.SequenceEqual(stateDict.Keys))
        {
            string missing = string.Join(", ", stateDict.Keys.Except(storedNames).Take(5));
            string extra = string.Join(", ", storedNames.Except(stateDict.Keys).Take(5));
            throw new InvalidOperationException(
                $"The checkpoint '{path}' was written by a {stored.MethodName} of another architecture: missing [{missing}], unexpected [{extra}]. Resume with the backbone and head sizes it was trained with.");
        }
        foreach (var (name, tensor) in tensors)
            if (tensor.dtype != stateDict[name].dtype || !tensor.shape.SequenceEqual(stateDict[name].shape))
                throw new InvalidOperationException(
                    $"The checkpoint '{path}' stores '{name}' as {tensor.dtype} [{string.Join(", ", tensor.shape)}] but this {stored.MethodName} has {stateDict[name].dtype} [{string.Join(", ", stateDict[name].shape)}]. Resume with the options it was trained with.");

        var states = OptimizerStates(optimizer);
        var parameters = method.parameters().ToArray();
        string optimizerName = Parse(path, reader.ReadString);
        int stateCount = Parse(path, reader.ReadInt32);
        if (optimizerName != optimizer.GetType().Name || stateCount != states.Count || stateCount != parameters.Length)
            throw new InvalidOperationException(
                $"The checkpoint '{path}' holds {optimizerName} state for {stateCount} parameters; this run uses {optimizer.GetType().Name} on {parameters.Length}. Resume with the same optimiser.");
        var optimizerTensors = Parse(path, () => states.Select(state => StateTensors(state).Select(entry =>
        {
            long? step = null;
            if (state is Adam.State && entry.Field == "exp_avg") step = reader.ReadInt64();
            return (Step: step, Tensor: reader.ReadBoolean() ? CheckpointTensors.Read(reader) : null);
        }).ToArray()).ToArray());

        var extras = ExtraStates(method);
        var extraBlobs = Parse(path, () =>
        {
            int count = reader.ReadInt32();
            var blobs = new Dictionary<string, byte[]>();
            for (int i = 0; i < count; i++)
            {
                string name = reader.ReadString();
                int length = reader.ReadInt32();
                // Checked before ReadBytes, which allocates the whole length up front.
                if (length < 0 || length > reader.BaseStream.Length - reader.BaseStream.Position)
                    throw new InvalidDataException($"The extra state of '{name}' claims {length} bytes but only {reader.BaseStream.Length - reader.BaseStream.Position} follow.");
                blobs[name] = reader.ReadBytes(length);
                if (blobs[name].Length != length) throw new EndOfStreamException();
            }
            return blobs;
        });
        if (!extraBlobs.Keys.Order().SequenceEqual(extras.Select(e => e.Name).Order()))
            throw new InvalidOperationException(
                $"The checkpoint '{path}' has extra state for [{string.Join(", ", extraBlobs.Keys)}] but this {stored.MethodName} needs [{string.Join(", ", extras.Select(e => e.Name))}].");
        if (reader.BaseStream.Position != payload.Length)
            throw new InvalidDataException($"The checkpoint '{path}' has {payload.Length - reader.BaseStream.Position} unread bytes at the end of its payload.");

        // Everything is read and fits: apply it. Extra state goes first, as its modules check their sizes only now.
        foreach (var (name, module) in extras)
        {
            using var extraReader = new BinaryReader(new MemoryStream(extraBlobs[name]));
            Parse(path, () => { module.ReadCheckpointState(extraReader); return 0; });
        }
        foreach (var (name, tensor) in tensors) CheckpointTensors.CopyInto(tensor, stateDict[name], name);
        for (int i = 0; i < states.Count; i++) RestoreOptimizerState(states[i], parameters[i], optimizerTensors[i]);
        loop.Random.Restore(randomState);
        Array.Copy(order, loop.Order, order.Length);
        loop.History.StepLosses.Clear();
        loop.History.StepLosses.AddRange(stepLosses);
        loop.History.EpochLosses.Clear();
        loop.History.EpochLosses.AddRange(epochLosses);
        loop.EpochLossSum = epochLossSum;
        loop.Elapsed = TimeSpan.FromTicks(elapsedTicks);
        loop.Step = stored.Step;
        return stored;
    }

    private static CheckpointHeader ReadHeaderFields(BinaryReader reader) =>
        new(CheckpointFile.FormatVersion, reader.ReadString(), reader.ReadString(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadString());

    private static void CheckFits(string path, CheckpointHeader stored, CheckpointHeader expected)
    {
        if (stored.MethodName != expected.MethodName)
            throw new InvalidOperationException($"The checkpoint '{path}' was written by {stored.MethodName}; this run trains {expected.MethodName}. Resume it with the method that wrote it.");
        if (stored.OptionsHash != expected.OptionsHash)
            throw new InvalidOperationException(
                $"The checkpoint '{path}' was written with other training options (epochs, batch size, learning rate, optimiser, momentum, weight decay, warm-up or seed). Resume with the options it was written with.");
        if (stored.ImageCount != expected.ImageCount || stored.TotalSteps != expected.TotalSteps)
            throw new InvalidOperationException(
                $"The checkpoint '{path}' was written for {stored.ImageCount} images and {stored.TotalSteps} steps; this run has {expected.ImageCount} images and {expected.TotalSteps} steps. Resume on the same data.");
        if (stored.Step < 0 || stored.Step > stored.TotalSteps)
            throw new InvalidDataException($"The checkpoint '{path}' claims {stored.Step} of {stored.TotalSteps} steps.");
    }

    /// <summary>Runs a read of the payload, turning a short or malformed payload into an error that names the file.</summary>
    private static T Parse<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        // IOException covers a short payload (EndOfStreamException) and a negative string length.
        catch (Exception e) when (e is IOException or InvalidDataException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"The checkpoint '{path}' is corrupt: {e.Message}", e);
        }
    }

    private static List<OptimizerState> OptimizerStates(optim.Optimizer optimizer) =>
        optimizer is OptimizerHelper helper
            ? helper.state_dict().State
            : throw new NotSupportedException($"Checkpoints support TorchSharp's managed optimisers (SGD, Adam); {optimizer.GetType().Name} is not one.");

    /// <summary>The tensors of one parameter's optimiser state, in file order, with their field names.</summary>
    private static (Tensor? Tensor, string Field)[] StateTensors(OptimizerState state) => state switch
    {
        SGD.State sgd => new[] { ((Tensor?)sgd.momentum_buffer, "momentum_buffer") },
        Adam.State adam => new[] { ((Tensor?)adam.exp_avg, "exp_avg"), (adam.exp_avg_sq, "exp_avg_sq"), (adam.max_exp_avg_sq, "max_exp_avg_sq") },
        _ => throw new NotSupportedException($"Checkpoints store SGD and Adam state; {state.GetType().FullName} is not supported."),
    };

    private static void RestoreOptimizerState(OptimizerState state, Tensor parameter, (long? Step, Tensor? Tensor)[] stored)
    {
        switch (state)
        {
            case SGD.State sgd:
                sgd.momentum_buffer = Restored(sgd.momentum_buffer, stored[0].Tensor, parameter, "SGD momentum buffer");
                break;
            case Adam.State adam:
                adam.step = stored[0].Step ?? 0;
                adam.exp_avg = Restored(adam.exp_avg, stored[0].Tensor, parameter, "Adam exp_avg");
                adam.exp_avg_sq = Restored(adam.exp_avg_sq, stored[1].Tensor, parameter, "Adam exp_avg_sq");
                adam.max_exp_avg_sq = Restored(adam.max_exp_avg_sq, stored[2].Tensor, parameter, "Adam max_exp_avg_sq");
                break;
        }
    }

    /// <summary>
    /// The optimiser tensor to keep: <paramref name="current"/> overwritten with <paramref name="stored"/>, a new tensor
    /// like <paramref name="parameter"/> (outside every dispose scope, as the optimiser's own) when there was none, or
    /// null (the current one disposed) when the checkpoint had none.
    /// </summary>
    private static Tensor Restored(Tensor? current, Tensor? stored, Tensor parameter, string name)
    {
        if (stored is null)
        {
            current?.Dispose();
            return null!;
        }
        var target = current ?? zeros_like(parameter).DetachFromDisposeScope();
        CheckpointTensors.CopyInto(stored, target, name);
        return target;
    }

    /// <summary>The modules with extra state, the method itself named "" and the others by their module path.</summary>
    private static List<(string Name, ICheckpointState Module)> ExtraStates(SelfSupervisedMethod method)
    {
        var list = new List<(string, ICheckpointState)>();
        if (method is ICheckpointState own) list.Add(("", own));
        foreach (var (name, module) in method.named_modules())
            if (module is ICheckpointState state && !ReferenceEquals(module, method)) list.Add((name, state));
        return list;
    }

    private static void WriteInts(BinaryWriter writer, IReadOnlyCollection<int> values)
    {
        writer.Write(values.Count);
        foreach (int value in values) writer.Write(value);
    }

    private static void WriteFloats(BinaryWriter writer, IReadOnlyCollection<float> values)
    {
        writer.Write(values.Count);
        foreach (float value in values) writer.Write(value);
    }

    private static int[] ReadInts(BinaryReader reader) => Enumerable.Range(0, CheckedCount(reader)).Select(_ => reader.ReadInt32()).ToArray();

    private static float[] ReadFloats(BinaryReader reader) => Enumerable.Range(0, CheckedCount(reader)).Select(_ => reader.ReadSingle()).ToArray();

    private static int CheckedCount(BinaryReader reader)
    {
        int count = reader.ReadInt32();
        if (count < 0 || count > reader.BaseStream.Length) throw new InvalidDataException($"A stored list claims {count} entries.");
        return count;
    }
}

/// <summary>The pre-training loop's own state between steps, which a checkpoint saves and restores.</summary>
internal sealed class LoopState(CheckpointRandom random, int[] order, PretrainingHistory history)
{
    /// <summary>The generator for shuffling and views.</summary>
    public CheckpointRandom Random { get; } = random;

    /// <summary>The current shuffle order (reshuffled in place at the start of each epoch).</summary>
    public int[] Order { get; } = order;

    /// <summary>Losses so far.</summary>
    public PretrainingHistory History { get; } = history;

    /// <summary>Steps done.</summary>
    public int Step { get; set; }

    /// <summary>Sum of the step losses of the unfinished epoch.</summary>
    public double EpochLossSum { get; set; }

    /// <summary>Training time before this run of the loop (when resumed) plus the time of this run so far.</summary>
    public TimeSpan Elapsed { get; set; }
}
