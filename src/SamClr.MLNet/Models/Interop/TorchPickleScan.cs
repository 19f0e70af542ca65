using System.Buffers.Binary;
using System.Text;

namespace SamClr.MLNet.Models.Interop;

/// <summary>A storage a torch.save pickle declares: its archive key, element type and element count.</summary>
internal sealed record TorchStorage(string Key, string Type, long Elements);

/// <summary>A tensor a torch.save pickle declares over a storage: offset, shape and strides in elements.</summary>
internal sealed record TorchTensorView(TorchStorage Storage, long Offset, long[] Shape, long[] Stride);

/// <summary>
/// Reads what a torch.save pickle (<c>data.pkl</c>) declares, without building anything: the storages named by its
/// persistent ids (<c>('storage', torch.XStorage, key, location, numel)</c>) and the tensors
/// <c>torch._utils._rebuild_tensor_v2</c> builds over them. It runs the pickle opcodes of protocols 2 to 4 that
/// torch.save emits on a stack of placeholders; for any other opcode it gives up (returns null) rather than guess, so
/// a file it does not understand is left to the loader.
/// </summary>
internal static class TorchPickleScan
{
    private sealed class Mark;

    private sealed class Opaque;

    private sealed record Global(string Module, string Name);

    /// <summary>The storages and tensors <paramref name="pickle"/> declares, or null when it holds an opcode this scan does not know.</summary>
    /// <exception cref="InvalidDataException">The pickle is malformed (a short read, a stack underflow).</exception>
    public static (List<TorchStorage> Storages, List<TorchTensorView> Tensors)? Scan(byte[] pickle)
    {
        var stack = new List<object?>();
        var memo = new Dictionary<long, object?>();
        var storages = new List<TorchStorage>();
        var tensors = new List<TorchTensorView>();
        int at = 0;
        try
        {
            while (true)
            {
                byte op = pickle[at++];
                switch (op)
                {
                    case 0x80: at += 1; break; // PROTO
                    case 0x95: at += 8; break; // FRAME
                    case (byte)'.': return (storages, tensors); // STOP
                    case (byte)'(': stack.Add(new Mark()); break;
                    case (byte)'}' or (byte)']': stack.Add(new Opaque()); break; // EMPTY_DICT, EMPTY_LIST
                    case (byte)')': stack.Add(Array.Empty<object?>()); break; // EMPTY_TUPLE
                    case (byte)'N': stack.Add(null); break;
                    case 0x88: stack.Add(true); break;
                    case 0x89: stack.Add(false); break;
                    case (byte)'K': stack.Add((long)pickle[at]); at += 1; break;
                    case (byte)'M': stack.Add((long)BinaryPrimitives.ReadUInt16LittleEndian(pickle.AsSpan(at))); at += 2; break;
                    case (byte)'J': stack.Add((long)BinaryPrimitives.ReadInt32LittleEndian(pickle.AsSpan(at))); at += 4; break;
                    case 0x8a: // LONG1
                    {
                        int n = pickle[at++];
                        if (n > 8) return null;
                        long value = 0;
                        for (int i = n - 1; i >= 0; i--) value = (value << 8) | pickle[at + i];
                        if (n is > 0 and < 8 && (pickle[at + n - 1] & 0x80) != 0) value -= 1L << (8 * n);
                        stack.Add(value);
                        at += n;
                        break;
                    }
                    case (byte)'G': stack.Add(new Opaque()); at += 8; break; // BINFLOAT
                    case (byte)'X' or (byte)'T' or (byte)'B': // BINUNICODE, BINSTRING, BINBYTES
                    {
                        int n = BinaryPrimitives.ReadInt32LittleEndian(pickle.AsSpan(at));
                        stack.Add(Encoding.UTF8.GetString(pickle, at + 4, n));
                        at += 4 + n;
                        break;
                    }
                    case 0x8c or (byte)'U' or (byte)'C': // SHORT_BINUNICODE, SHORT_BINSTRING, SHORT_BINBYTES
                    {
                        int n = pickle[at];
                        stack.Add(Encoding.UTF8.GetString(pickle, at + 1, n));
                        at += 1 + n;
                        break;
                    }
                    case (byte)'c': // GLOBAL module\nname\n
                    {
                        string module = Line(pickle, ref at), name = Line(pickle, ref at);
                        stack.Add(new Global(module, name));
                        break;
                    }
                    case 0x93: // STACK_GLOBAL
                    {
                        var name = Pop(stack) as string;
                        var module = Pop(stack) as string;
                        stack.Add(new Global(module ?? "", name ?? ""));
                        break;
                    }
                    case (byte)'q': memo[pickle[at]] = Top(stack); at += 1; break; // BINPUT
                    case (byte)'r': memo[BinaryPrimitives.ReadUInt32LittleEndian(pickle.AsSpan(at))] = Top(stack); at += 4; break; // LONG_BINPUT
                    case 0x94: memo[memo.Count] = Top(stack); break; // MEMOIZE
                    case (byte)'h': stack.Add(memo[pickle[at]]); at += 1; break; // BINGET
                    case (byte)'j': stack.Add(memo[BinaryPrimitives.ReadUInt32LittleEndian(pickle.AsSpan(at))]); at += 4; break; // LONG_BINGET
                    case (byte)'t': stack.Add(PopToMark(stack)); break; // TUPLE
                    case 0x85: stack.Add(new[] { Pop(stack) }); break;
                    case 0x86: { var b = Pop(stack); var a = Pop(stack); stack.Add(new[] { a, b }); break; }
                    case 0x87: { var c = Pop(stack); var b = Pop(stack); var a = Pop(stack); stack.Add(new[] { a, b, c }); break; }
                    case (byte)'d' or (byte)'l': PopToMark(stack); stack.Add(new Opaque()); break; // DICT, LIST
                    case (byte)'s': Pop(stack); Pop(stack); break; // SETITEM
                    case (byte)'u' or (byte)'e': PopToMark(stack); break; // SETITEMS, APPENDS
                    case (byte)'a' or (byte)'b': Pop(stack); break; // APPEND, BUILD
                    case (byte)'0': Pop(stack); break; // POP
                    case (byte)'1': PopToMark(stack); break; // POP_MARK
                    case (byte)'2': stack.Add(Top(stack)); break; // DUP
                    case (byte)'Q': // BINPERSID
                    {
                        if (Pop(stack) is not object?[] { Length: >= 5 } pid || pid[0] is not "storage" || pid[1] is not Global type
                            || pid[2] is not string key || pid[4] is not long count)
                            return null;
                        var storage = new TorchStorage(key, type.Name, count);
                        storages.Add(storage);
                        stack.Add(storage);
                        break;
                    }
                    case (byte)'R': // REDUCE
                    {
                        var args = Pop(stack) as object?[];
                        var callable = Pop(stack);
                        if (callable is Global { Module: "torch._utils", Name: "_rebuild_tensor_v2" or "_rebuild_tensor" }
                            && args is { Length: >= 4 } && args[0] is TorchStorage storage && args[1] is long offset
                            && Longs(args[2]) is { } shape && Longs(args[3]) is { } stride)
                            tensors.Add(new TorchTensorView(storage, offset, shape, stride));
                        stack.Add(new Opaque());
                        break;
                    }
                    case 0x81: Pop(stack); Pop(stack); stack.Add(new Opaque()); break; // NEWOBJ
                    default: return null;
                }
            }
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or ArgumentException or KeyNotFoundException)
        {
            throw new InvalidDataException($"the pickle is malformed at byte {at} ({e.Message})", e);
        }
    }

    /// <summary>Bytes per element of a storage type (torch.FloatStorage ...), or null for one not known here.</summary>
    public static int? ElementSize(string storageType) => storageType switch
    {
        "DoubleStorage" or "LongStorage" or "ComplexFloatStorage" => 8,
        "FloatStorage" or "IntStorage" => 4,
        "HalfStorage" or "BFloat16Storage" or "ShortStorage" => 2,
        "CharStorage" or "ByteStorage" or "BoolStorage" => 1,
        "ComplexDoubleStorage" => 16,
        _ => null,
    };

    private static long[]? Longs(object? value) =>
        value is object?[] items && items.All(i => i is long) ? items.Select(i => (long)i!).ToArray() : null;

    private static string Line(byte[] pickle, ref int at)
    {
        int end = Array.IndexOf(pickle, (byte)'\n', at);
        if (end < 0) throw new ArgumentException("a GLOBAL opcode has no line end");
        string text = Encoding.ASCII.GetString(pickle, at, end - at);
        at = end + 1;
        return text;
    }

    private static object? Top(List<object?> stack) =>
        stack.Count > 0 ? stack[^1] : throw new ArgumentException("the stack is empty");

    private static object? Pop(List<object?> stack)
    {
        var top = Top(stack);
        stack.RemoveAt(stack.Count - 1);
        return top;
    }

    private static object?[] PopToMark(List<object?> stack)
    {
        int mark = stack.FindLastIndex(o => o is Mark);
        if (mark < 0) throw new ArgumentException("no MARK on the stack");
        var items = stack.GetRange(mark + 1, stack.Count - mark - 1).ToArray();
        stack.RemoveRange(mark, stack.Count - mark);
        return items;
    }
}
