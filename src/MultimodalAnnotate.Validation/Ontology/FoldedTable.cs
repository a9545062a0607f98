namespace MultimodalAnnotate.Validation.Ontology;

/// <summary>
/// A case-insensitive (ordinal, invariant upper-case folding) string → int table with open addressing, looked up by
/// span without allocating. Faster than a dictionary with an ignore-case comparer on the hot text paths.
/// </summary>
internal sealed class FoldedTable
{
    private string[] _keys = new string[16];
    private int[] _values = new int[16];
    private int[] _hashes = new int[16];
    private bool[] _used = new bool[16];

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
        return true;
    }

    /// <summary>Sets a key's value, adding it when missing.</summary>
    public void Set(ReadOnlySpan<char> key, int value)
    {
        var slot = Find(key, Hash(key));
        if (slot >= 0)
        {
            _values[slot] = value;
            return;
        }

        TryAdd(key, value);
    }

    public bool TryGetValue(ReadOnlySpan<char> key, out int value) => TryGetValue(key, Hash(key), out value);

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
