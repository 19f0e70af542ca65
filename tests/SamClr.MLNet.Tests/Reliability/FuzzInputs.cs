using System.Text;

namespace SamClr.MLNet.Tests.Reliability;

/// <summary>
/// Seeded mutations of valid inputs for the parser fuzz tests: each call applies one to four edits chosen from flipping a
/// bit, overwriting, inserting or deleting a byte (or character), duplicating a slice, and truncating. The same seed
/// always gives the same inputs, so a failing case can be replayed from the seed and case number in its message.
/// </summary>
internal static class FuzzInputs
{
    /// <summary>A mutated copy of <paramref name="valid"/>.</summary>
    public static byte[] Mutate(byte[] valid, Random random)
    {
        var bytes = new List<byte>(valid);
        int edits = random.Next(1, 5);
        for (int e = 0; e < edits; e++)
        {
            int at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes[at] = InterestingByte(random);
                    break;
                case 2:
                    bytes.Insert(at, InterestingByte(random));
                    break;
                case 3 when bytes.Count > 0:
                    bytes.RemoveAt(at);
                    break;
                case 4 when bytes.Count > 0:
                    int length = random.Next(1, Math.Min(16, bytes.Count - at) + 1);
                    bytes.InsertRange(random.Next(bytes.Count + 1), bytes.GetRange(at, length));
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }
        return bytes.ToArray();
    }

    /// <summary>A mutated copy of <paramref name="valid"/>, edited as characters (ASCII text stays mostly printable).</summary>
    public static string Mutate(string valid, Random random)
    {
        var text = new StringBuilder(valid);
        int edits = random.Next(1, 5);
        for (int e = 0; e < edits; e++)
        {
            int at = text.Length == 0 ? 0 : random.Next(text.Length);
            switch (random.Next(5))
            {
                case 0 when text.Length > 0:
                    text[at] = (char)(text[at] ^ (1 << random.Next(7)));
                    break;
                case 1 when text.Length > 0:
                    text[at] = InterestingChar(random);
                    break;
                case 2:
                    text.Insert(at, InterestingChar(random));
                    break;
                case 3 when text.Length > 0:
                    text.Remove(at, 1);
                    break;
                default:
                    text.Length = at;
                    break;
            }
        }
        return text.ToString();
    }

    /// <summary><paramref name="length"/> random bytes.</summary>
    public static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Values that hit boundaries: 0, 0xFF, 0x7F, 0x80 and a random byte.</summary>
    private static byte InterestingByte(Random random) => random.Next(5) switch
    {
        0 => 0,
        1 => 0xFF,
        2 => 0x7F,
        3 => 0x80,
        _ => (byte)random.Next(256),
    };

    /// <summary>JSON punctuation, digits, a minus sign, a quote, the COCO alphabet's ends and a random printable character.</summary>
    private static char InterestingChar(Random random)
    {
        const string special = "[]{}\",:-0123456789eE.oO/\\ \u0000\u00ff";
        return random.Next(3) == 0 ? (char)random.Next(32, 127) : special[random.Next(special.Length)];
    }
}
