namespace MultimodalAnnotate.Validation.Ontology;

/// <summary>
/// A case-insensitive (ordinal, invariant upper-case folding) string → int table with open addressing, looked up by
/// span without allocating. Faster than a dictionary with an ignore-case comparer on the hot text paths.
/// Keys of one to sixteen ASCII characters are also kept packed (<see cref="TryPack"/>) in a second table, where a
/// short ASCII key (a label, a colour value) is found with two multiplications and one comparison instead of a
/// character-by-character hash and compare.
/// </summary>
internal sealed class FoldedTable
{
    private string[] _keys = new string[16];
    private int[] _values = new int[16];
    private int[] _hashes = new int[16];
    private bool[] _used = new bool[16];
    private ShortEntry[] _short = new ShortEntry[16];
    private int _shortShift = 64 - 4;
    private int _shortCount;

    /// <summary>A packed key (<see cref="TryPack"/>) and its value; <see cref="Low"/> is 0 only in an empty slot.</summary>
    private struct ShortEntry
    {
        public ulong Low;
        public ulong High;
        public int Value;
    }

    public int Count { get; private set; }

    /// <summary>Adds a key; returns false (and keeps the old value) when the key is already present.</summary>
    public bool TryAdd(ReadOnlySpan<char> key, int value)
    {
        if (TryGetValue(key, out _))
        {
            return false;
        }

        if ((Count + 1) * 2 > _keys.Length)
        {
            Grow();
        }

        Insert(key.ToString(), value, Hash(key));
        Count++;
        if (TryPack(key, out var low, out var high))
        {
            AddShort(low, high, value);
        }

        return true;
    }

    /// <summary>Sets a key's value, adding it when missing.</summary>
    public void Set(ReadOnlySpan<char> key, int value)
    {
        var slot = Find(key, Hash(key));
        if (slot >= 0)
        {
            _values[slot] = value;
            if (TryPack(key, out var low, out var high))
            {
                _short[FindShort(low, high)].Value = value;
            }

            return;
        }

        TryAdd(key, value);
    }

    /// <summary>
    /// Looks a key up. A key of one to sixteen ASCII characters is answered by the packed table alone: every stored key
    /// it can equal is there, since an ASCII key equals no key with a non-ASCII character ignoring case (ordinal
    /// ignore-case maps no non-ASCII character to an ASCII one) and no key of another length.
    /// </summary>
    public bool TryGetValue(ReadOnlySpan<char> key, out int value)
    {
        if (TryPack(key, out var low, out var high))
        {
            var slot = FindShort(low, high);
            var entry = _short[slot];
            value = entry.Value;
            return entry.Low != 0;
        }

        return TryGetValue(key, Hash(key), out value);
    }

    /// <summary>
    /// Packs a key of one to sixteen ASCII characters (none of them NUL) into two words, one byte per character in
    /// order, with a–z folded to A–Z: two such keys are equal ignoring case exactly when their packs are equal.
    /// False for any other key.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static bool TryPack(ReadOnlySpan<char> key, out ulong low, out ulong high)
    {
        low = 0;
        high = 0;
        if ((uint)(key.Length - 1) >= 16u)
        {
            return false;
        }

        ulong word = 0;
        for (var i = 0; i < key.Length; i++)
        {
            uint c = key[i];
            if (c - 1 >= 127u)
            {
                return false;
            }

            c -= (c - 'a') <= 'z' - 'a' ? 32u : 0u;
            if (i == 8)
            {
                low = word;
                word = 0;
            }

            word |= (ulong)c << ((i & 7) * 8);
        }

        if (key.Length > 8)
        {
            high = word;
        }
        else
        {
            low = word;
        }

        return true;
    }

    /// <summary>The slot of a packed key, or the empty slot where it would go.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private int FindShort(ulong low, ulong high)
    {
        var entries = _short;
        var mask = entries.Length - 1;
        var i = (int)(((low * 0x9E3779B97F4A7C15UL) ^ (high * 0xC2B2AE3D27D4EB4FUL)) >> _shortShift);
        while (entries[i].Low != 0 && (entries[i].Low != low || entries[i].High != high))
        {
            i = (i + 1) & mask;
        }

        return i;
    }

    private void AddShort(ulong low, ulong high, int value)
    {
        if ((_shortCount + 1) * 2 > _short.Length)
        {
            var old = _short;
            _short = new ShortEntry[old.Length * 2];
            _shortShift--;
            foreach (var entry in old)
            {
                if (entry.Low != 0)
                {
                    _short[FindShort(entry.Low, entry.High)] = entry;
                }
            }
        }

        _short[FindShort(low, high)] = new ShortEntry { Low = low, High = high, Value = value };
        _shortCount++;
    }

    /// <summary>Looks a key up with its hash already computed by <see cref="Hash"/> (or <see cref="Step"/>).</summary>
    public bool TryGetValue(ReadOnlySpan<char> key, int hash, out int value)
    {
        var slot = Find(key, hash);
        value = slot >= 0 ? _values[slot] : 0;
        return slot >= 0;
    }

    /// <summary>The seed of <see cref="Step"/>.</summary>
    public const uint Seed = 2166136261u;

    /// <summary>The case-folded hash of a key (FNV-1a over upper-cased UTF-16 code units).</summary>
    public static int Hash(ReadOnlySpan<char> key)
    {
        var hash = Seed;
        foreach (var ch in key)
        {
            hash = Step(hash, ch);
        }

        return Finish(hash);
    }

    /// <summary>Adds one character to a running hash (for hashing while tokenising).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static uint Step(uint hash, char c)
    {
        if (c < 128)
        {
            if ((uint)(c - 'a') <= 'z' - 'a')
            {
                c = (char)(c - 32);
            }
        }
        else
        {
            c = char.ToUpperInvariant(c);
        }

        return StepFolded(hash, c);
    }

    /// <summary>Adds one character already folded as <see cref="Step"/> folds it.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static uint StepFolded(uint hash, uint folded) => (hash ^ folded) * 16777619u;

    /// <summary>Turns a running hash into the table's hash.</summary>
    public static int Finish(uint hash) => (int)(hash & 0x7FFFFFFF);

    private int Find(ReadOnlySpan<char> key, int hash)
    {
        var mask = _keys.Length - 1;
        for (var i = hash & mask; _used[i]; i = (i + 1) & mask)
        {
            if (_hashes[i] == hash && SameFolded(key, _keys[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Ordinal ignore-case equality, with the common all-ASCII case compared inline (the hash already matched, so this
    /// is nearly always a match being confirmed); anything else goes to <see cref="StringComparison.OrdinalIgnoreCase"/>.
    /// </summary>
    internal static bool SameFolded(ReadOnlySpan<char> key, string stored)
    {
        if (key.Length != stored.Length)
        {
            return false;
        }

        for (var i = 0; i < key.Length; i++)
        {
            var a = key[i];
            var b = stored[i];
            if (a == b)
            {
                continue;
            }

            if ((a | b) >= 128)
            {
                return key.Equals(stored, StringComparison.OrdinalIgnoreCase);
            }

            // Two different ASCII characters are equal ignoring case only as the two cases of one letter.
            if ((a ^ b) != 0x20 || (uint)((a | 0x20) - 'a') > 'z' - 'a')
            {
                return false;
            }
        }

        return true;
    }

    private void Insert(string key, int value, int hash)
    {
        var mask = _keys.Length - 1;
        var i = hash & mask;
        while (_used[i])
        {
            i = (i + 1) & mask;
        }

        (_keys[i], _values[i], _hashes[i], _used[i]) = (key, value, hash, true);
    }

    private void Grow()
    {
        var (keys, values, hashes, used) = (_keys, _values, _hashes, _used);
        _keys = new string[keys.Length * 2];
        _values = new int[keys.Length * 2];
        _hashes = new int[keys.Length * 2];
        _used = new bool[keys.Length * 2];
        for (var i = 0; i < keys.Length; i++)
        {
            if (used[i])
            {
                Insert(keys[i], values[i], hashes[i]);
            }
        }
    }
}
