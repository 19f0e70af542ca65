using System.Globalization;
using System.Text;

namespace SamClr.MLNet.Regions.Store;

/// <summary>
/// One slice of a data set when segmentation is spread over several machines or GPUs: shard
/// <see cref="Index"/> of <see cref="Count"/>. An image belongs to the shard whose index equals a stable
/// hash of its store key modulo <see cref="Count"/> (<see cref="Contains"/>), so every machine that sees the
/// same list of images agrees on the split without talking to the others, and the shards' stores merge
/// with <see cref="RegionStore.Merge"/>.
/// </summary>
internal readonly record struct ShardSpec
{
    /// <summary>
    /// The variable that holds the shard count for a Kubernetes indexed Job. Kubernetes sets
    /// <c>JOB_COMPLETION_INDEX</c> in every pod but does not expose the Job's <c>completions</c>, so the Job spec
    /// must set this variable to the same number as <c>completions</c>.
    /// </summary>
    public const string KubernetesCountVariable = "SAMCLR_SHARD_COUNT";

    /// <summary>Creates shard <paramref name="index"/> of <paramref name="count"/>.</summary>
    /// <param name="index">Zero-based shard index, 0 &lt;= index &lt; count.</param>
    /// <param name="count">Number of shards, at least 1.</param>
    public ShardSpec(int index, int count)
    {
        if (count < 1)
            throw new ArgumentOutOfRangeException(nameof(count), $"A shard count must be at least 1, got {count}.");
        if (index < 0 || index >= count)
            throw new ArgumentOutOfRangeException(nameof(index), $"Shard index {index} is outside 0..{count - 1} for {count} shards.");
        Index = index;
        Count = count;
    }

    /// <summary>Zero-based index of this shard.</summary>
    public int Index { get; }

    /// <summary>Number of shards the data set is split into.</summary>
    public int Count { get; }

    /// <summary>The whole data set as a single shard, 0/1.</summary>
    public static ShardSpec All => new(0, 1);

    /// <summary>True when the image with store key <paramref name="key"/> belongs to this shard: <see cref="StableHash"/>(key) mod Count == Index.</summary>
    public bool Contains(string key) => StableHash(key) % (ulong)Count == (ulong)Index;

    /// <summary>
    /// The 64-bit FNV-1a hash of the key's UTF-8 bytes (offset basis 14695981039346656037, prime 1099511628211, as
    /// the FNV specification defines them). It never changes between runs, processes or .NET versions, unlike
    /// <see cref="string.GetHashCode()"/>.
    /// </summary>
    public static ulong StableHash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ulong hash = 14695981039346656037UL;
        foreach (byte b in Encoding.UTF8.GetBytes(key))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return hash;
    }

    /// <summary>Parses <c>"i/N"</c> (for example <c>"2/8"</c>): zero-based index i of N shards.</summary>
    /// <exception cref="FormatException">The text is not two integers separated by '/', or i is not in 0..N-1.</exception>
    public static ShardSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int count))
            throw new FormatException($"Shard '{text}' is not of the form i/N (for example 0/4: the first of four shards, indices 0..3).");
        if (count < 1 || index >= count)
            throw new FormatException($"Shard '{text}' is invalid: N must be at least 1 and the zero-based index i must be in 0..N-1.");
        return new ShardSpec(index, count);
    }

    /// <summary>Reads the shard from this process's environment variables; see <see cref="FromEnvironment(IReadOnlyDictionary{string, string?})"/>.</summary>
    public static ShardSpec FromEnvironment()
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
            variables[(string)entry.Key] = entry.Value as string;
        return FromEnvironment(variables);
    }

    /// <summary>
    /// Works out the shard from a scheduler's environment variables (what <c>--shard auto</c> does):
    /// <list type="bullet">
    /// <item>Slurm job array: index = (<c>SLURM_ARRAY_TASK_ID</c> - <c>SLURM_ARRAY_TASK_MIN</c>) / <c>SLURM_ARRAY_TASK_STEP</c>
    /// (step 1 when unset), count = <c>SLURM_ARRAY_TASK_COUNT</c>. Arrays given as an evenly spaced range
    /// (<c>--array=0-15</c>, <c>--array=1-31:2</c>) work; an irregular list (<c>--array=1,4,9</c>) does not map onto
    /// 0..N-1 and is refused.</item>
    /// <item>Kubernetes indexed Job: index = <c>JOB_COMPLETION_INDEX</c>, count = <see cref="KubernetesCountVariable"/>
    /// (set it to the Job's <c>completions</c>).</item>
    /// </list>
    /// Slurm is checked first.
    /// </summary>
    /// <param name="variables">The environment, name to value (tests pass a dictionary instead of the real environment).</param>
    /// <exception cref="InvalidOperationException">Neither scheduler's variables are present, or they are inconsistent.</exception>
    public static ShardSpec FromEnvironment(IReadOnlyDictionary<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        if (Get(variables, "SLURM_ARRAY_TASK_ID") is { } slurmId)
            return FromSlurm(variables, slurmId);
        if (Get(variables, "JOB_COMPLETION_INDEX") is { } jobIndex)
            return FromKubernetes(variables, jobIndex);
        throw new InvalidOperationException(
            "--shard auto found no scheduler variables: expected SLURM_ARRAY_TASK_ID with SLURM_ARRAY_TASK_COUNT (a Slurm job array) " +
            $"or JOB_COMPLETION_INDEX with {KubernetesCountVariable} (a Kubernetes indexed Job). Pass --shard i/N explicitly instead.");
    }

    private static ShardSpec FromSlurm(IReadOnlyDictionary<string, string?> variables, string id)
    {
        int taskId = Integer("SLURM_ARRAY_TASK_ID", id);
        int count = Integer("SLURM_ARRAY_TASK_COUNT", Get(variables, "SLURM_ARRAY_TASK_COUNT")
            ?? throw new InvalidOperationException("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not; run inside a Slurm job array (sbatch --array=0-N) or pass --shard i/N."));
        int min = Get(variables, "SLURM_ARRAY_TASK_MIN") is { } minText ? Integer("SLURM_ARRAY_TASK_MIN", minText) : 0;
        int step = Get(variables, "SLURM_ARRAY_TASK_STEP") is { } stepText ? Integer("SLURM_ARRAY_TASK_STEP", stepText) : 1;
        if (step < 1 || (taskId - min) % step != 0)
            throw new InvalidOperationException($"Slurm task {taskId} (min {min}, step {step}) is not on an evenly spaced array; use --array=A-B[:S] or pass --shard i/N.");
        int index = (taskId - min) / step;
        if (count < 1 || index < 0 || index >= count)
            throw new InvalidOperationException(
                $"Slurm task {taskId} maps to shard {index} of {count} (SLURM_ARRAY_TASK_MIN {min}, step {step}), outside 0..{count - 1}; " +
                "an array given as an irregular list cannot be sharded automatically: use a range (--array=0-N) or pass --shard i/N.");
        return new ShardSpec(index, count);
    }

    private static ShardSpec FromKubernetes(IReadOnlyDictionary<string, string?> variables, string indexText)
    {
        int index = Integer("JOB_COMPLETION_INDEX", indexText);
        int count = Integer(KubernetesCountVariable, Get(variables, KubernetesCountVariable)
            ?? throw new InvalidOperationException(
                $"JOB_COMPLETION_INDEX is set but {KubernetesCountVariable} is not: add an env entry {KubernetesCountVariable} equal to the Job's completions, or pass --shard i/N."));
        if (count < 1 || index < 0 || index >= count)
            throw new InvalidOperationException($"JOB_COMPLETION_INDEX {index} is outside 0..{count - 1} for {KubernetesCountVariable}={count}; set it to the Job's completions.");
        return new ShardSpec(index, count);
    }

    private static string? Get(IReadOnlyDictionary<string, string?> variables, string name) =>
        variables.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static int Integer(string name, string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new InvalidOperationException($"Environment variable {name}='{text}' is not an integer.");

    /// <summary>Writes the shard as <c>"i/N"</c>, the form <see cref="Parse"/> reads.</summary>
    public override string ToString() => $"{Index}/{Count}";
}
