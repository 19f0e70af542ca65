using System.Text;

namespace SamClr.MLNet.Regions;

/// <summary>
/// pycocotools' compressed counts string (the COCO API's maskApi.c, <c>rleToString</c> / <c>rleFrString</c>); the format
/// is described on <see cref="CocoRle.ToCompressedString"/>.
/// </summary>
internal static class CocoRleString
{
    private const int Offset = 48;       // '0': a group of value g is written as (char)(g + 48).
    private const int GroupBits = 0x1F;  // The five payload bits of a group.
    private const int More = 0x20;       // Set on every group but a value's last.
    private const int Sign = 0x10;       // The top payload bit; on the last group it makes the value negative.
    private const int MaxGroups = 7;     // 35 bits: more than any run of an int-sized mask (or difference of two) needs.

    public static string Format(IReadOnlyList<int> counts)
    {
        var text = new StringBuilder(counts.Count * 2);
        for (int i = 0; i < counts.Count; i++)
        {
            long value = counts[i];
            if (i > 2)
                value -= counts[i - 2];
            bool more = true;
            while (more)
            {
                int group = (int)(value & GroupBits);
                value >>= 5;
                more = (group & Sign) != 0 ? value != -1 : value != 0;
                if (more)
                    group |= More;
                text.Append((char)(group + Offset));
            }
        }
        return text.ToString();
    }

    public static int[] Parse(string counts)
    {
        var runs = new List<int>(counts.Length);
        int p = 0;
        while (p < counts.Length)
        {
            int start = p;
            long value = 0;
            int k = 0;
            bool more = true;
            while (more)
            {
                if (p >= counts.Length)
                    throw new InvalidDataException(
                        $"Invalid compressed COCO RLE counts: the string ends inside run {runs.Count} (its last character, at {p - 1}, has the 'more' flag 0x20). The string is truncated; re-export the mask.");
                if (k == MaxGroups)
                    throw new InvalidDataException(
                        $"Invalid compressed COCO RLE counts: run {runs.Count} starting at character {start} has more than {MaxGroups} groups, too large for any mask.");
                int c = counts[p] - Offset;
                if (c < 0 || c > 63)
                    throw new InvalidDataException(
                        $"Invalid compressed COCO RLE counts: character '{counts[p]}' (code {(int)counts[p]}) at {p} lies outside '0'..'o'. Compressed counts use only characters 48..111; check the string was not altered (e.g. JSON-escaped twice).");
                value |= (long)(c & GroupBits) << (5 * k);
                more = (c & More) != 0;
                p++;
                k++;
                if (!more && (c & Sign) != 0)
                    value |= -1L << (5 * k);
            }
            if (runs.Count > 2)
                value += runs[runs.Count - 2];
            if (value < 0 || value > int.MaxValue)
                throw new InvalidDataException(
                    $"Invalid compressed COCO RLE counts: run {runs.Count} (characters {start}..{p - 1}) decodes to {value}, outside 0..{int.MaxValue}.");
            runs.Add((int)value);
        }
        return runs.ToArray();
    }
}
