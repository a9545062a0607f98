namespace MultimodalAnnotate.Validation.Ontology;

/// <summary>A square bit matrix stored row by row in one flat array: row <c>r</c> is a set of class ids.</summary>
internal sealed class BitRows
{
    private readonly ulong[] _bits;

    public BitRows(int count)
    {
        Count = count;
        Words = Math.Max(1, (count + 63) >> 6);
        _bits = new ulong[Words * count];
    }

    public int Count { get; }

    public int Words { get; }

    public bool Get(int row, int column) => (_bits[(row * Words) + (column >> 6)] & (1UL << (column & 63))) != 0;

    public void Set(int row, int column) => _bits[(row * Words) + (column >> 6)] |= 1UL << (column & 63);

    public Span<ulong> Row(int row) => _bits.AsSpan(row * Words, Words);

    public ReadOnlySpan<ulong> ReadRow(int row) => _bits.AsSpan(row * Words, Words);

    /// <summary>Ors row <paramref name="source"/> of <paramref name="from"/> into row <paramref name="target"/> of this matrix.</summary>
    public void OrInto(int target, BitRows from, int source)
    {
        var t = Row(target);
        var s = from.ReadRow(source);
        for (var i = 0; i < t.Length; i++)
        {
            t[i] |= s[i];
        }
    }

    public bool Intersects(int row, BitRows other, int otherRow)
    {
        var a = ReadRow(row);
        var b = other.ReadRow(otherRow);
        for (var i = 0; i < a.Length; i++)
        {
            if ((a[i] & b[i]) != 0)
            {
                return true;
            }
        }

        return false;
    }
}
