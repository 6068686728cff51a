namespace PeerTriage.Lexicons;

/// <summary>
/// A lexicon's terms keyed by the hashes of their canonical words under one text-analysis version: the first word
/// (with the longest phrase that starts with it and the single-word term) and every phrase of two or more words.
/// Immutable and safe to share between threads.
/// </summary>
internal sealed class TermIndex
{
    private readonly HashIndex _first;          // first word hash → (max phrase words << 32) | (single-word term id + 1)
    private readonly HashIndex _phrases;        // phrase key (2+ words) → term id

    /// <summary>Builds the index.</summary>
    /// <param name="termWords">For each term id, its word hashes; null for a term this version cannot match.</param>
    public TermIndex(IReadOnlyList<ulong[]?> termWords)
    {
        var first = new Dictionary<ulong, ulong>();
        var phrases = new Dictionary<ulong, ulong>();
        for (int id = 0; id < termWords.Count; id++)
        {
            if (termWords[id] is not { Length: > 0 } words)
                continue;
            ulong value = first.GetValueOrDefault(words[0]);
            ulong maxWords = Math.Max(value >> 32, (ulong)words.Length);
            ulong single = value & 0xFFFFFFFFUL;
            if (words.Length == 1)
            {
                single = (ulong)(id + 1);
            }
            else
            {
                ulong key = TermHash.PhraseSeed;
                foreach (ulong w in words)
                    key = TermHash.Combine(key, w);
                phrases[key] = (ulong)id;
            }
            first[words[0]] = (maxWords << 32) | single;
        }
        _first = new HashIndex(first);
        _phrases = new HashIndex(phrases);
    }

    /// <summary>The longest term starting at token <paramref name="i"/>: its word count (0 when none) and id.</summary>
    public int MatchAt(ReadOnlySpan<ScanToken> tokens, int i, out int termId)
    {
        termId = -1;
        if (!_first.TryGetValue(tokens[i].Hash, out ulong value))
            return 0;
        int maxWords = (int)(value >> 32);
        int single = (int)(value & 0xFFFFFFFFUL) - 1;
        if (maxWords > 1)
        {
            // Phrase keys for 1..limit words, stopping at a clause boundary; then try the longest first.
            Span<ulong> keys = stackalloc ulong[Lexicon.MaxPhraseWords];
            int limit = Math.Min(maxWords, tokens.Length - i);
            ulong key = TermHash.Combine(TermHash.PhraseSeed, tokens[i].Hash);
            keys[0] = key;
            int n = 1;
            while (n < limit && !tokens[i + n].Has(ScanFlags.ClauseStart))
            {
                key = TermHash.Combine(key, tokens[i + n].Hash);
                keys[n++] = key;
            }
            for (; n >= 2; n--)
            {
                if (_phrases.TryGetValue(keys[n - 1], out ulong id))
                {
                    termId = (int)id;
                    return n;
                }
            }
        }
        termId = single;
        return single >= 0 ? 1 : 0;
    }
}
