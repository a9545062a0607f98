namespace MultimodalAnnotate.Validation.Rules;

/// <summary>
/// A reusable Guid → index map with open addressing. <see cref="Reset"/> starts a new generation instead of clearing, so
/// reusing it for the next item costs nothing.
/// </summary>
internal sealed class GuidIndex
{
    private Guid[] _keys = new Guid[128];
    private int[] _values = new int[128];
    private int[] _generation = new int[128];
    private int _current = 1;
    private int _count;
    private int _shift = 32 - 7;

    /// <summary>Empties the map, making room for at least <paramref name="capacity"/> keys.</summary>
    public void Reset(int capacity)
    {
        if (capacity * 2 > _keys.Length)
        {
            var size = _keys.Length;
            while (capacity * 2 > size)
            {
                size *= 2;
            }

            _keys = new Guid[size];
            _values = new int[size];
            _generation = new int[size];
            _shift = 32 - System.Numerics.BitOperations.Log2((uint)size);
            _current = 0;
        }

        _current++;
        if (_current == int.MaxValue)
        {
            Array.Clear(_generation);
            _current = 1;
        }

        _count = 0;
    }

    /// <summary>Adds a key unless present (the first index wins); the map must have room (see <see cref="Reset"/>).</summary>
    public void TryAdd(Guid key, int value)
    {
        var mask = _keys.Length - 1;
        var i = Slot(key);
        while (_generation[i] == _current)
        {
            if (_keys[i] == key)
            {
                return;
            }

            i = (i + 1) & mask;
        }

        if ((_count + 1) * 2 > _keys.Length)
        {
            return; // beyond the capacity given to Reset: ignore rather than degrade
        }

        (_keys[i], _values[i], _generation[i]) = (key, value, _current);
        _count++;
    }

    /// <summary>Fibonacci hashing of the Guid's hash: ids that differ only in some bits (sequential ids) still spread.</summary>
    private int Slot(Guid key) => (int)(((uint)key.GetHashCode() * 2654435769u) >> _shift);

    public bool TryGetValue(Guid key, out int value)
    {
        var mask = _keys.Length - 1;
        for (var i = Slot(key); _generation[i] == _current; i = (i + 1) & mask)
        {
            if (_keys[i] == key)
            {
                value = _values[i];
                return true;
            }
        }

        value = -1;
        return false;
    }
}
