namespace PeerTriage.Lexicons;

/// <summary>
/// A frozen open-addressing map from non-zero 64-bit keys to 64-bit values, built once and then only read (safe for
/// concurrent readers). Linear probing in a power-of-two table kept at most half full.
/// </summary>
internal sealed class HashIndex
{
    private readonly ulong[] _keys;
    private readonly ulong[] _values;
    private readonly int _mask;

    public HashIndex(IReadOnlyCollection<KeyValuePair<ulong, ulong>> items)
    {
        int capacity = 8;
        while (capacity < items.Count * 2)
            capacity *= 2;
        _keys = new ulong[capacity];
        _values = new ulong[capacity];
        _mask = capacity - 1;
        foreach (var (key, value) in items)
        {
            if (key == 0)
                throw new ArgumentException("Key 0 is reserved.", nameof(items));
            int slot = (int)(key & (ulong)_mask);
            while (_keys[slot] != 0 && _keys[slot] != key)
                slot = (slot + 1) & _mask;
            _keys[slot] = key;
            _values[slot] = value;
        }
    }

    public bool TryGetValue(ulong key, out ulong value)
    {
        ulong[] keys = _keys;
        int slot = (int)(key & (ulong)_mask);
        while (true)
        {
            ulong k = keys[slot];
            if (k == key)
            {
                value = _values[slot];
                return true;
            }
            if (k == 0)
            {
                value = 0;
                return false;
            }
            slot = (slot + 1) & _mask;
        }
    }
}
