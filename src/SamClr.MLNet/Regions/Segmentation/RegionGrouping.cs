namespace SamClr.MLNet.Regions.Segmentation;

/// <summary>
/// Selective search's hierarchical grouping (Uijlings et al., IJCV 2013, section 3.1-3.2) over a segmentation:
/// repeatedly merge the two most similar adjacent regions until one is left, and keep every region on the way.
/// Similarity is the sum of colour-histogram intersection, texture-histogram intersection, size similarity
/// 1 - (|a| + |b|) / |image| (small regions merge first) and fill 1 - (|box(a, b)| - |a| - |b|) / |image| (regions that
/// fill each other's gaps merge first), each in [0, 1].
/// </summary>
/// <remarks>
/// Every region also carries its boundary: the number of 4-neighbour pixel pairs that cross it, how many of those are
/// strong (colour distance at least a threshold), and how many of its pixel sides lie on the image frame. A merge updates
/// them from the contact between the two parts, so they cost nothing per region.
/// </remarks>
internal static class RegionGrouping
{
    /// <summary>
    /// One region: the segments it unites, its size, its bounding box (exclusive ends), its boundary length in pixel
    /// sides inside the image, how many of those are strong edges, and its pixel sides on the image frame.
    /// </summary>
    internal sealed record Group(int[] Segments, int Size, int X0, int Y0, int X1, int Y1, int Boundary, int StrongBoundary, int Frame);

    /// <summary>Pixel sides shared by two regions, and how many of them are strong edges.</summary>
    private record struct Contact(int Length, int Strong)
    {
        public static Contact operator +(Contact a, Contact b) => new(a.Length + b.Length, a.Strong + b.Strong);
    }

    /// <summary>The leaf segments of <paramref name="map"/> as groups, in label order.</summary>
    /// <param name="map">The segmentation.</param>
    /// <param name="planes">The 3 float planes (0-255) the edge strengths are measured on.</param>
    /// <param name="strongEdge">The colour distance at which a boundary pixel pair counts as strong.</param>
    public static List<Group> Leaves(SegmentMap map, float[] planes, float strongEdge) =>
        LeafGroups(map, Contacts(map, planes, strongEdge));

    /// <summary>
    /// The leaf segments of <paramref name="map"/> followed by every merged region, in merge order (the last is the whole
    /// image when the segments are connected). Ties in similarity go to the pair with the smaller region ids.
    /// </summary>
    /// <param name="map">The segmentation to group.</param>
    /// <param name="planes">The 3 float planes (0-255) of the image, for the descriptors and edge strengths.</param>
    /// <param name="strongEdge">The colour distance at which a boundary pixel pair counts as strong.</param>
    /// <param name="cancellation">Stops the grouping.</param>
    public static IReadOnlyList<Group> Run(SegmentMap map, float[] planes, float strongEdge, CancellationToken cancellation)
    {
        int n = map.Count, capacity = Math.Max(2 * n - 1, 1);
        double imageArea = (double)map.Width * map.Height;
        var contacts = new Dictionary<int, Contact>[capacity];
        Array.Copy(Contacts(map, planes, strongEdge), contacts, n);
        var groups = LeafGroups(map, contacts);
        var descriptors = new float[capacity][];
        var alive = new bool[capacity];
        float[] leafHistograms = SegmentFeatures.Histograms(map, planes);
        for (int s = 0; s < n; s++)
        {
            descriptors[s] = leafHistograms.AsSpan(s * SegmentFeatures.Length, SegmentFeatures.Length).ToArray();
            alive[s] = true;
        }
        var queue = new PriorityQueue<(int A, int B), (double NegativeSimilarity, int A, int B)>();
        for (int a = 0; a < n; a++)
            foreach (int b in contacts[a].Keys)
                if (a < b) queue.Enqueue((a, b), (-Similarity(groups[a], groups[b], descriptors[a], descriptors[b], imageArea), a, b));
        while (queue.TryDequeue(out var pair, out _))
        {
            if (!alive[pair.A] || !alive[pair.B]) continue;
            cancellation.ThrowIfCancellationRequested();
            int t = groups.Count;
            Group a = groups[pair.A], b = groups[pair.B];
            var shared = contacts[pair.A][pair.B];
            groups.Add(new Group([.. a.Segments, .. b.Segments], a.Size + b.Size,
                Math.Min(a.X0, b.X0), Math.Min(a.Y0, b.Y0), Math.Max(a.X1, b.X1), Math.Max(a.Y1, b.Y1),
                a.Boundary + b.Boundary - 2 * shared.Length, a.StrongBoundary + b.StrongBoundary - 2 * shared.Strong, a.Frame + b.Frame));
            descriptors[t] = Blend(descriptors[pair.A], a.Size, descriptors[pair.B], b.Size);
            alive[pair.A] = alive[pair.B] = false;
            alive[t] = true;
            var around = new Dictionary<int, Contact>(contacts[pair.A]);
            foreach (var (other, contact) in contacts[pair.B])
                around[other] = around.GetValueOrDefault(other) + contact;
            around.Remove(pair.A);
            around.Remove(pair.B);
            contacts[t] = around;
            foreach (int other in around.Keys.Order())
            {
                contacts[other].Remove(pair.A);
                contacts[other].Remove(pair.B);
                contacts[other][t] = around[other];
                queue.Enqueue((other, t), (-Similarity(groups[other], groups[t], descriptors[other], descriptors[t], imageArea), other, t));
            }
            descriptors[pair.A] = descriptors[pair.B] = [];
            contacts[pair.A] = contacts[pair.B] = [];
        }
        return groups;
    }

    private static double Similarity(Group a, Group b, float[] descriptorA, float[] descriptorB, double imageArea)
    {
        double boxArea = (double)(Math.Max(a.X1, b.X1) - Math.Min(a.X0, b.X0)) * (Math.Max(a.Y1, b.Y1) - Math.Min(a.Y0, b.Y0));
        double size = 1 - (a.Size + b.Size) / imageArea;
        double fill = 1 - (boxArea - a.Size - b.Size) / imageArea;
        return SegmentFeatures.ColourSimilarity(descriptorA, descriptorB) + SegmentFeatures.TextureSimilarity(descriptorA, descriptorB) + size + fill;
    }

    private static float[] Blend(float[] a, int sizeA, float[] b, int sizeB)
    {
        var result = new float[a.Length];
        float wa = (float)sizeA / (sizeA + sizeB), wb = 1f - wa;
        for (int i = 0; i < result.Length; i++) result[i] = wa * a[i] + wb * b[i];
        return result;
    }

    private static List<Group> LeafGroups(SegmentMap map, Dictionary<int, Contact>[] contacts)
    {
        int width = map.Width, height = map.Height;
        var boxes = new (int X0, int Y0, int X1, int Y1)[map.Count];
        Array.Fill(boxes, (int.MaxValue, int.MaxValue, 0, 0));
        var frame = new int[map.Count];
        var labels = map.Labels;
        for (int y = 0, p = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++, p++)
            {
                int label = labels[p];
                ref var box = ref boxes[label];
                box = (Math.Min(box.X0, x), Math.Min(box.Y0, y), Math.Max(box.X1, x + 1), Math.Max(box.Y1, y + 1));
                frame[label] += (x == 0 ? 1 : 0) + (x == width - 1 ? 1 : 0) + (y == 0 ? 1 : 0) + (y == height - 1 ? 1 : 0);
            }
        }
        var groups = new List<Group>(Math.Max(2 * map.Count - 1, 1));
        for (int s = 0; s < map.Count; s++)
        {
            var boundary = new Contact();
            foreach (var contact in contacts[s].Values) boundary += contact;
            groups.Add(new Group([s], map.Size(s), boxes[s].X0, boxes[s].Y0, boxes[s].X1, boxes[s].Y1, boundary.Length, boundary.Strong, frame[s]));
        }
        return groups;
    }

    /// <summary>Per segment, the pixel sides it shares with each 4-adjacent segment and how many are strong edges.</summary>
    private static Dictionary<int, Contact>[] Contacts(SegmentMap map, float[] planes, float strongEdge)
    {
        var contacts = new Dictionary<int, Contact>[map.Count];
        for (int s = 0; s < contacts.Length; s++) contacts[s] = [];
        var labels = map.Labels;
        int width = map.Width, plane = width * map.Height;
        for (int y = 0, p = 0; y < map.Height; y++)
        {
            for (int x = 0; x < width; x++, p++)
            {
                int label = labels[p];
                if (x + 1 < width && labels[p + 1] != label) Touch(contacts, planes, plane, strongEdge, p, p + 1, label, labels[p + 1]);
                if (y + 1 < map.Height && labels[p + width] != label) Touch(contacts, planes, plane, strongEdge, p, p + width, label, labels[p + width]);
            }
        }
        return contacts;
    }

    private static void Touch(Dictionary<int, Contact>[] contacts, float[] planes, int plane, float strongEdge, int p, int q, int a, int b)
    {
        float dr = planes[p] - planes[q], dg = planes[plane + p] - planes[plane + q], db = planes[2 * plane + p] - planes[2 * plane + q];
        var side = new Contact(1, dr * dr + dg * dg + db * db >= strongEdge * strongEdge ? 1 : 0);
        contacts[a][b] = contacts[a].GetValueOrDefault(b) + side;
        contacts[b][a] = contacts[b].GetValueOrDefault(a) + side;
    }
}
