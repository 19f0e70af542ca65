using SamClr.MLNet.Regions.Segmentation;
using Xunit;

namespace SamClr.MLNet.Tests.Regions.Segmentation;

public class DisjointSetTests
{
    [Fact]
    public void UnionByRankKeepsTheTallerRootAndCountsSizes()
    {
        var sets = new DisjointSet(5);
        Assert.Equal(5, sets.SetCount);
        // Equal ranks (0, 0): the first argument survives and its rank becomes 1.
        Assert.Equal(0, sets.Union(0, 1));
        // Rank of 2 (0) < rank of 0 (1): root 0 survives although it is the second argument.
        Assert.Equal(0, sets.Union(2, sets.Find(1)));
        Assert.Equal(3, sets.Size(0));
        Assert.Equal(3, sets.SetCount);
        Assert.Equal(sets.Find(2), sets.Find(1));
        Assert.NotEqual(sets.Find(3), sets.Find(0));
        Assert.Equal(4, sets.Find(4));
        Assert.Equal(1, sets.Size(4));
    }

    [Fact]
    public void ChainsCollapseToOneSet()
    {
        var sets = new DisjointSet(100);
        for (int i = 1; i < 100; i++) sets.Union(sets.Find(i - 1), sets.Find(i));
        Assert.Equal(1, sets.SetCount);
        int root = sets.Find(0);
        Assert.Equal(100, sets.Size(root));
        for (int i = 0; i < 100; i++) Assert.Equal(root, sets.Find(i));
    }

    [Fact]
    public void JoiningASetWithItselfThrows()
    {
        var sets = new DisjointSet(2);
        Assert.Throws<ArgumentException>(() => sets.Union(1, 1));
    }
}
