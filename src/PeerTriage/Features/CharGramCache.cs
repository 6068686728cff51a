namespace PeerTriage.Features;

/// <summary>
/// Per-thread memo of a token's character n-gram keys. The keys depend only on the token's text and the n-gram
/// options, so a repeated word ("i", "the", "feel") is hashed once and then copied: the same keys in the same order,
/// so features are bit-identical. Direct-mapped, <see cref="Slots"/> entries of tokens up to
/// <see cref="MaxChars"/> chars (longer ones are always hashed); a slot is overwritten by the next token that maps to
/// it. About 320 KB per thread with the default options; holds token texts in memory only.
/// </summary>
internal sealed class CharGramCache
{
    /// <summary>Entries (a power of two).</summary>
    public const int Slots = 2048;

    /// <summary>Longest token kept.</summary>
    public const int MaxChars = 12;

    // Allocated on first use, so a builder that never hashes char n-grams (or an explanation's) does not pay for it.
    private char[] _text = [];
    private byte[] _length = [];
    private uint[] _keys = [];
    private int _stride;
    private long _owner = -1;

    /// <summary>Keys of a token of <paramref name="length"/> chars (padded with a space either side) for n in min..max.</summary>
    public static int KeyCount(int length, NGramRange range)
    {
        int padded = length + 2, count = 0;
        for (int n = range.Min; n <= range.Max; n++)
            count += Math.Max(0, padded - n + 1);
        return count;
    }

    /// <summary>Makes the cache hold keys of <paramref name="range"/> and <paramref name="hashBits"/>; clears it when they change.</summary>
    public void Use(NGramRange range, int hashBits)
    {
        long owner = ((long)range.Min << 40) | ((long)range.Max << 32) | (uint)hashBits;
        if (owner == _owner)
            return;
        _owner = owner;
        _stride = KeyCount(MaxChars, range);
        if (_keys.Length < Slots * _stride)
            _keys = new uint[Slots * _stride];
        if (_text.Length == 0)
        {
            _text = new char[Slots * MaxChars];
            _length = new byte[Slots];
        }
        Array.Clear(_length);
    }

    /// <summary>Copies the cached keys of <paramref name="token"/> to <paramref name="keys"/>; false when not cached.</summary>
    // Hot path: one compare of at most 12 chars and one copy.
    public bool TryCopy(int slot, ReadOnlySpan<char> token, Span<uint> keys, int count)
    {
        if (_length[slot] != token.Length || !token.SequenceEqual(_text.AsSpan(slot * MaxChars, token.Length)))
            return false;
        _keys.AsSpan(slot * _stride, count).CopyTo(keys);
        return true;
    }

    /// <summary>Remembers the keys of <paramref name="token"/> (at most <see cref="MaxChars"/> chars) in <paramref name="slot"/>.</summary>
    public void Store(int slot, ReadOnlySpan<char> token, ReadOnlySpan<uint> keys)
    {
        token.CopyTo(_text.AsSpan(slot * MaxChars));
        keys.CopyTo(_keys.AsSpan(slot * _stride));
        _length[slot] = (byte)token.Length;
    }
}
