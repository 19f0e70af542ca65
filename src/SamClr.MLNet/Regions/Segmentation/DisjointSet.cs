namespace SamClr.MLNet.Regions.Segmentation;

/// <summary>
/// Union-find over the elements 0 .. n-1 with union by rank and path halving, tracking each set's size.
/// Deterministic: which root survives a union depends only on the ranks and the argument order.
/// </summary>
internal sealed class DisjointSet
{
    private readonly int[] _parent;
    private readonly byte[] _rank;
    private readonly int[] _size;

    /// <summary>Creates <paramref name="count"/> singleton sets.</summary>
    public DisjointSet(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _parent = new int[count];
        _rank = new byte[count];
        _size = new int[count];
        for (int i = 0; i < count; i++)
        {
            _parent[i] = i;
            _size[i] = 1;
        }
        SetCount = count;
    }

    /// <summary>Number of elements.</summary>
    public int Count => _parent.Length;

    /// <summary>Number of disjoint sets.</summary>
    public int SetCount { get; private set; }

    /// <summary>The root (representative) of the set holding <paramref name="element"/>.</summary>
    public int Find(int element)
    {
        int[] parent = _parent;
        while (parent[element] != element)
        {
            parent[element] = parent[parent[element]];
            element = parent[element];
        }
        return element;
    }

    /// <summary>Number of elements in the set whose root is <paramref name="root"/>.</summary>
    public int Size(int root) => _size[root];

    /// <summary>
    /// Joins the sets whose roots are <paramref name="rootA"/> and <paramref name="rootB"/> (distinct roots) and returns
    /// the new root: the root of higher rank, or <paramref name="rootA"/> when the ranks are equal.
    /// </summary>
    public int Union(int rootA, int rootB)
    {
        if (rootA == rootB) throw new ArgumentException($"Elements {rootA} and {rootB} are already in one set.", nameof(rootB));
        if (_rank[rootA] < _rank[rootB]) (rootA, rootB) = (rootB, rootA);
        else if (_rank[rootA] == _rank[rootB]) _rank[rootA]++;
        _parent[rootB] = rootA;
        _size[rootA] += _size[rootB];
        SetCount--;
        return rootA;
    }
}
