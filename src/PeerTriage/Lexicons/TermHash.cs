namespace PeerTriage.Lexicons;

/// <summary>
/// 64-bit hashes of canonical words and of phrases (sequences of word hashes). Lexicons are looked up by hash so that
/// the hot path never builds a string; with 64-bit keys a false match needs a hash collision (about 2^-64 per pair).
/// </summary>
internal static class TermHash
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    /// <summary>The accumulator a phrase key starts from.</summary>
    public const ulong PhraseSeed = 0x243F6A8885A308D3UL;

    /// <summary>Hash of one canonical word (never 0, which hash tables use for "empty").</summary>
    public static ulong Of(ReadOnlySpan<char> canonical)
    {
        ulong h = FnvOffset;
        foreach (char c in canonical)
        {
            h ^= c;
            h *= FnvPrime;
        }
        h = Mix(h);
        return h == 0 ? 1 : h;
    }

    /// <summary>Extends a phrase key by one more word hash; the result depends on the order of the words.</summary>
    public static ulong Combine(ulong accumulator, ulong wordHash)
    {
        ulong h = Mix(accumulator + (wordHash * Golden));
        return h == 0 ? 1 : h;
    }

    /// <summary>The SplitMix64 finalizer.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
