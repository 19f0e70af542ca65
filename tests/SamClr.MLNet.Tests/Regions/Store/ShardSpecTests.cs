using SamClr.MLNet.Regions.Store;
using Xunit;

namespace SamClr.MLNet.Tests.Regions.Store;

public class ShardSpecTests
{
    [Theory]
    [InlineData("0/1", 0, 1)]
    [InlineData("2/8", 2, 8)]
    [InlineData(" 3 / 4 ", 3, 4)]
    public void ParsesIndexSlashCount(string text, int index, int count)
    {
        var shard = ShardSpec.Parse(text);
        Assert.Equal(index, shard.Index);
        Assert.Equal(count, shard.Count);
        Assert.Equal($"{index}/{count}", shard.ToString());
    }

    [Theory]
    [InlineData("4/4")]
    [InlineData("-1/4")]
    [InlineData("1/0")]
    [InlineData("1")]
    [InlineData("a/b")]
    [InlineData("1/2/3")]
    public void RejectsBadShardText(string text) => Assert.Throws<FormatException>(() => ShardSpec.Parse(text));

    [Fact]
    public void ReadsASlurmArray()
    {
        // --array=3-6: tasks 3..6, count 4, min 3 -> task 5 is shard 5 - 3 = 2 of 4.
        var shard = ShardSpec.FromEnvironment(new Dictionary<string, string?>
        {
            ["SLURM_ARRAY_TASK_ID"] = "5", ["SLURM_ARRAY_TASK_COUNT"] = "4", ["SLURM_ARRAY_TASK_MIN"] = "3",
        });
        Assert.Equal(new ShardSpec(2, 4), shard);

        // --array=1-7:2: tasks 1, 3, 5, 7, count 4 -> task 7 is shard (7 - 1) / 2 = 3.
        var stepped = ShardSpec.FromEnvironment(new Dictionary<string, string?>
        {
            ["SLURM_ARRAY_TASK_ID"] = "7", ["SLURM_ARRAY_TASK_COUNT"] = "4", ["SLURM_ARRAY_TASK_MIN"] = "1", ["SLURM_ARRAY_TASK_STEP"] = "2",
        });
        Assert.Equal(new ShardSpec(3, 4), stepped);

        // --array=1,4,9: count 3, min 1 -> task 9 maps to 8, outside 0..2: refused.
        Assert.Throws<InvalidOperationException>(() => ShardSpec.FromEnvironment(new Dictionary<string, string?>
        {
            ["SLURM_ARRAY_TASK_ID"] = "9", ["SLURM_ARRAY_TASK_COUNT"] = "3", ["SLURM_ARRAY_TASK_MIN"] = "1",
        }));
    }

    [Fact]
    public void ReadsAKubernetesIndexedJob()
    {
        var shard = ShardSpec.FromEnvironment(new Dictionary<string, string?>
        {
            ["JOB_COMPLETION_INDEX"] = "1", [ShardSpec.KubernetesCountVariable] = "3",
        });
        Assert.Equal(new ShardSpec(1, 3), shard);

        var noCount = Assert.Throws<InvalidOperationException>(() => ShardSpec.FromEnvironment(new Dictionary<string, string?> { ["JOB_COMPLETION_INDEX"] = "1" }));
        Assert.Contains(ShardSpec.KubernetesCountVariable, noCount.Message);
    }

    [Fact]
    public void NoSchedulerVariablesIsAnError()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ShardSpec.FromEnvironment(new Dictionary<string, string?> { ["HOME"] = "/root" }));
        Assert.Contains("--shard i/N", error.Message);
    }

    [Fact]
    public void StableHashIsFnv1a64AndShardsPartitionTheKeys()
    {
        // FNV-1a 64 of "" is the offset basis; of "a": (14695981039346656037 ^ 0x61) * 1099511628211 mod 2^64 = 0xAF63DC4C8601EC8C
        // (the published FNV test vector).
        Assert.Equal(14695981039346656037UL, ShardSpec.StableHash(""));
        Assert.Equal(0xAF63DC4C8601EC8CUL, ShardSpec.StableHash("a"));

        var keys = Enumerable.Range(0, 300).Select(i => $"train/{i}.png").ToArray();
        var shards = Enumerable.Range(0, 3).Select(i => new ShardSpec(i, 3)).ToArray();
        foreach (var key in keys)
            Assert.Single(shards, s => s.Contains(key));
        // Roughly even: each of 3 shards gets 100 +- 30 of 300 keys.
        Assert.All(shards, s => Assert.InRange(keys.Count(s.Contains), 70, 130));
    }
}
