using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MultimodalAnnotate.Validation.Ontology;

/// <summary>
/// Classifies all-ASCII text sixteen characters at a time into bit sets, so that the lexicon scan finds words and
/// sentence ends with bit operations instead of a branch per character. It reads words as <see cref="Tokenizer"/>
/// does: a word is a maximal run of ASCII letters and digits; a sentence ends at a line break, or at <c>.</c>,
/// <c>!</c> or <c>?</c> followed by white space or the end of the text.
/// </summary>
internal static class AsciiWords
{
    /// <summary>
    /// For every character i of <paramref name="text"/> (all ASCII): bit i of <paramref name="wordBits"/> when it is a
    /// letter or digit, bit i of <paramref name="breakBits"/> when it ends a sentence, and in <paramref name="folded"/>[i]
    /// the character as <see cref="Tokenizer.AsciiFold"/> folds it (letters upper-cased; other bytes are unspecified).
    /// The bit sets must be cleared and hold (length + 63) / 64 entries; <paramref name="folded"/> must hold length + 8
    /// bytes (<see cref="ShortKey"/> reads eight bytes from a word's start).
    /// </summary>
    public static void Classify(ReadOnlySpan<char> text, Span<ulong> wordBits, Span<ulong> breakBits, Span<byte> folded)
    {
        var n = text.Length;
        var i = 0;
        if (folded.Length < n + 8)
        {
            throw new ArgumentException("The folded buffer must hold the text's length plus eight bytes.", nameof(folded));
        }

        if (Vector128.IsHardwareAccelerated)
        {
            ref var chars = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
            ref var bytes = ref MemoryMarshal.GetReference(folded);
            var space = Vector128.Create((byte)' ');
            var lowA = Vector128.Create((byte)'a');
            var caseBit = Vector128.Create((byte)0x20);

            // The block's sixteen characters and the sixteen after each one (for "followed by white space"), so a
            // block needs one character beyond it; the rest goes through the loop below.
            for (; i + 17 <= n; i += 16)
            {
                var b = Vector128.Narrow(Vector128.LoadUnsafe(ref chars, (nuint)i), Vector128.LoadUnsafe(ref chars, (nuint)(i + 8)));
                var next = Vector128.Narrow(Vector128.LoadUnsafe(ref chars, (nuint)(i + 1)), Vector128.LoadUnsafe(ref chars, (nuint)(i + 9)));
                var letter = Vector128.LessThanOrEqual((b | caseBit) - lowA, Vector128.Create((byte)('z' - 'a')));
                var digit = Vector128.LessThanOrEqual(b - Vector128.Create((byte)'0'), Vector128.Create((byte)9));
                (b - (Vector128.GreaterThanOrEqual(b, lowA) & caseBit)).StoreUnsafe(ref bytes, (nuint)i);

                var nextIsSpace = Vector128.Equals(next, space) | Vector128.LessThanOrEqual(next - Vector128.Create((byte)'\t'), Vector128.Create((byte)('\r' - '\t')));
                var stop = Vector128.Equals(b, Vector128.Create((byte)'.')) | Vector128.Equals(b, Vector128.Create((byte)'!')) |
                           Vector128.Equals(b, Vector128.Create((byte)'?'));
                var lineBreak = Vector128.Equals(b, Vector128.Create((byte)'\n')) | Vector128.Equals(b, Vector128.Create((byte)'\r'));

                // i is a multiple of 16, so a block's sixteen bits never straddle two entries.
                wordBits[i >> 6] |= (ulong)(letter | digit).ExtractMostSignificantBits() << (i & 63);
                breakBits[i >> 6] |= (ulong)(lineBreak | (stop & nextIsSpace)).ExtractMostSignificantBits() << (i & 63);
            }
        }

        var fold = Tokenizer.AsciiFold;
        for (; i < n; i++)
        {
            var c = text[i];
            var f = fold[c];
            folded[i] = f;

            if (f != 0)
            {
                wordBits[i >> 6] |= 1UL << i;
            }
            else if (c is '\n' or '\r' || (c is '.' or '!' or '?' && (i + 1 >= n || IsSpace(text[i + 1]))))
            {
                breakBits[i >> 6] |= 1UL << i;
            }
        }
    }

    /// <summary>The first set bit at or after <paramref name="from"/>, or <paramref name="length"/> when there is none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int NextSet(ReadOnlySpan<ulong> bits, int from, int length)
    {
        var k = from >> 6;
        if (k >= bits.Length)
        {
            return length;
        }

        var w = bits[k] & (ulong.MaxValue << from);
        while (w == 0)
        {
            if (++k >= bits.Length)
            {
                return length;
            }

            w = bits[k];
        }

        return Math.Min(length, (k << 6) + BitOperations.TrailingZeroCount(w));
    }

    /// <summary>The first clear bit at or after <paramref name="from"/>, or <paramref name="length"/> when every later bit is set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int NextClear(ReadOnlySpan<ulong> bits, int from, int length)
    {
        var k = from >> 6;
        if (k >= bits.Length)
        {
            return length;
        }

        var w = ~bits[k] & (ulong.MaxValue << from);
        while (w == 0)
        {
            if (++k >= bits.Length)
            {
                return length;
            }

            w = ~bits[k];
        }

        return Math.Min(length, (k << 6) + BitOperations.TrailingZeroCount(w));
    }

    /// <summary>True when a bit in [<paramref name="from"/>, <paramref name="to"/>) is set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnySet(ReadOnlySpan<ulong> bits, int from, int to)
    {
        if (from >= to)
        {
            return false;
        }

        var first = from >> 6;
        var last = (to - 1) >> 6;
        var head = ulong.MaxValue << from;
        var tail = ulong.MaxValue >> (63 - ((to - 1) & 63));
        if (first == last)
        {
            return (bits[first] & head & tail) != 0;
        }

        if ((bits[first] & head) != 0 || (bits[last] & tail) != 0)
        {
            return true;
        }

        for (var k = first + 1; k < last; k++)
        {
            if (bits[k] != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The key of a folded word of at most eight bytes starting at <paramref name="start"/>: its bytes in the low
    /// bytes of a little-endian word. <paramref name="folded"/> must hold eight bytes from <paramref name="start"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ShortKey(ReadOnlySpan<byte> folded, int start, int length) =>
        Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref MemoryMarshal.GetReference(folded), start)) & (ulong.MaxValue >> ((8 - length) * 8));

    /// <summary>True when every byte of a <see cref="ShortKey"/> is a digit (folded letters have bit 0x40, digits do not).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AllDigits(ulong key) => (key & 0x4040404040404040UL) == 0;

    /// <summary>ASCII white space as <see cref="char.IsWhiteSpace(char)"/> reads it: tab to carriage return, and space.</summary>
    public static bool IsSpace(char c) => c == ' ' || (uint)(c - '\t') <= '\r' - '\t';
}

/// <summary>
/// The lexicon's words of one to eight ASCII letters and digits, keyed by their folded bytes (<see cref="AsciiWords.ShortKey"/>):
/// a short text word is looked up with one multiplication and one comparison, without hashing its characters.
/// </summary>
internal sealed class ShortWordTable
{
    private ulong[] _keys = new ulong[16];
    private int[] _values = new int[16];
    private int _shift = 64 - 4;
    private int _count;

    /// <summary>
    /// The key of a lexicon word that a short ASCII text word can equal: the word upper-cased character by character
    /// (<see cref="char.ToUpperInvariant"/>), when that is one to eight ASCII letters or digits and still equals the
    /// word ignoring case. False for any other word (it stays in the lexicon's general table only).
    /// </summary>
    public static bool TryKey(ReadOnlySpan<char> word, out ulong key)
    {
        key = 0;
        if (word.Length is 0 or > 8)
        {
            return false;
        }

        Span<char> upper = stackalloc char[8];
        for (var i = 0; i < word.Length; i++)
        {
            var u = char.ToUpperInvariant(word[i]);
            if (u >= 128 || Tokenizer.AsciiFold[u] != u)
            {
                return false;
            }

            upper[i] = u;
            key |= (ulong)u << (8 * i);
        }

        return word.Equals(upper[..word.Length], StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Adds a key; keeps the old value when it is already present.</summary>
    public void TryAdd(ulong key, int value)
    {
        if (TryGetValue(key, out _))
        {
            return;
        }

        if ((_count + 1) * 2 > _keys.Length)
        {
            var (keys, values) = (_keys, _values);
            _keys = new ulong[keys.Length * 2];
            _values = new int[keys.Length * 2];
            _shift--;
            for (var i = 0; i < keys.Length; i++)
            {
                if (keys[i] != 0)
                {
                    Insert(keys[i], values[i]);
                }
            }
        }

        Insert(key, value);
        _count++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetValue(ulong key, out int value)
    {
        var keys = _keys;
        var mask = keys.Length - 1;
        for (var i = Slot(key); ; i = (i + 1) & mask)
        {
            var k = keys[i];
            if (k == key)
            {
                value = _values[i];
                return true;
            }

            if (k == 0)
            {
                value = 0;
                return false;
            }
        }
    }

    private void Insert(ulong key, int value)
    {
        var mask = _keys.Length - 1;
        var i = Slot(key);
        while (_keys[i] != 0)
        {
            i = (i + 1) & mask;
        }

        (_keys[i], _values[i]) = (key, value);
    }

    private int Slot(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);
}
