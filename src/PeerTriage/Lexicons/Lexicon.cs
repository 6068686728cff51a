using System.Globalization;
using System.Text;

namespace PeerTriage.Lexicons;

/// <summary>
/// An immutable, named word list: terms (words or phrases of up to <see cref="MaxPhraseWords"/> words) mapped to one
/// or more categories, each with a weight. Sentiment lexicons use the category <see cref="SentimentScorer.ValenceCategory"/>.
/// </summary>
/// <remarks>
/// <para>
/// Terms are canonicalized when the lexicon is built, the same way text is when it is matched: lower case,
/// apostrophes inside words removed ("don't" → "dont"), runs of three or more identical letters cut to two,
/// emoticons in canonical spelling (":-)" → ":)"), and any other punctuation, hyphens and underscores split words
/// ("self-harm" → "self harm").
/// </para>
/// <para>
/// Matching runs over the words of a text from left to right; at each position the longest phrase that matches
/// wins and the words it covers are consumed. Phrases match within one clause (they do not run across . , ; : ! ?
/// or a line break).
/// </para>
/// <para>
/// Duplicates: when two entries have the same canonical term and category, an entry written exactly in canonical
/// form wins over a variant spelling (VADER lists ":-)" and ":)"); otherwise the first one wins. Categories are kept
/// in the order they first appear. The lexicon is safe to share between threads.
/// </para>
/// </remarks>
public sealed class Lexicon
{
    /// <summary>The most words a phrase may have.</summary>
    public const int MaxPhraseWords = 6;

    private readonly string[] _categories;
    private readonly LexiconEntry[] _entries;
    private readonly string[] _terms;           // term id → canonical text
    private readonly int[] _postingStart;       // term id → first posting; length terms + 1
    private readonly int[] _postingCategory;    // posting → category index
    private readonly double[] _postingWeight;   // posting → weight
    private readonly TermIndex _index1;         // terms as text-analysis version 1 reads them
    private TermIndex? _index2;                 // the same terms as version 2 reads them, built on first use
    private readonly Dictionary<string, int> _termIds;
    private string? _fingerprint;

    /// <summary>Builds a lexicon from entries, canonicalizing their terms.</summary>
    /// <param name="name">The lexicon's name, used in feature names and explanations (e.g. "empath").</param>
    /// <param name="entries">The entries; a term in several categories has one entry per category.</param>
    /// <param name="version">A version label for model manifests; empty by default.</param>
    /// <exception cref="ArgumentNullException">An argument or entry is null.</exception>
    /// <exception cref="ArgumentException">The name is empty or blank; an entry has an empty category, a weight that is
    /// not finite, a term with no word, or more than <see cref="MaxPhraseWords"/> words.</exception>
    public Lexicon(string name, IEnumerable<LexiconEntry> entries, string version = "")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(version);
        Name = name;
        Version = version;

        var categoryIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var categories = new List<string>();
        var kept = new List<(LexiconEntry Entry, bool Exact)>();
        var keptIndex = new Dictionary<(string Term, string Category), int>();
        var termWords = new Dictionary<string, ulong[]>(StringComparer.Ordinal);
        foreach (LexiconEntry entry in entries)
        {
            ArgumentNullException.ThrowIfNull(entry, nameof(entries));
            if (string.IsNullOrWhiteSpace(entry.Category))
                throw new ArgumentException($"The entry for '{entry.Term}' has no category.", nameof(entries));
            if (!double.IsFinite(entry.Weight))
                throw new ArgumentException($"The entry for '{entry.Term}' has weight {entry.Weight}; weights must be finite.", nameof(entries));
            string? error = Canonicalize(entry.Term, out string canonical, out ulong[] hashes);
            if (error is not null)
                throw new ArgumentException($"Term '{entry.Term}': {error}.", nameof(entries));
            termWords.TryAdd(canonical, hashes);
            if (!categoryIndex.ContainsKey(entry.Category))
            {
                categoryIndex.Add(entry.Category, categories.Count);
                categories.Add(entry.Category);
            }
            bool exact = string.Equals(entry.Term, canonical, StringComparison.Ordinal);
            var canonicalEntry = entry.Term == canonical ? entry : entry with { Term = canonical };
            if (keptIndex.TryGetValue((canonical, entry.Category), out int at))
            {
                if (exact && !kept[at].Exact)
                    kept[at] = (canonicalEntry, true);
            }
            else
            {
                keptIndex.Add((canonical, entry.Category), kept.Count);
                kept.Add((canonicalEntry, exact));
            }
        }

        _categories = [.. categories];
        _entries = [.. kept.Select(k => k.Entry)];

        // Terms in order of first appearance, with their postings.
        _termIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var postings = new List<List<int>>();
        for (int e = 0; e < _entries.Length; e++)
        {
            if (!_termIds.TryGetValue(_entries[e].Term, out int id))
            {
                id = _termIds.Count;
                _termIds.Add(_entries[e].Term, id);
                postings.Add([]);
            }
            postings[id].Add(e);
        }
        _terms = new string[_termIds.Count];
        foreach (var (term, id) in _termIds)
            _terms[id] = term;
        _postingStart = new int[_terms.Length + 1];
        _postingCategory = new int[_entries.Length];
        _postingWeight = new double[_entries.Length];
        int p = 0;
        for (int id = 0; id < _terms.Length; id++)
        {
            _postingStart[id] = p;
            foreach (int e in postings[id])
            {
                _postingCategory[p] = categoryIndex[_entries[e].Category];
                _postingWeight[p] = _entries[e].Weight;
                p++;
            }
        }
        _postingStart[_terms.Length] = p;

        var words = new ulong[]?[_terms.Length];
        for (int id = 0; id < _terms.Length; id++)
            words[id] = termWords[_terms[id]];
        _index1 = new TermIndex(words);
    }

    /// <summary>The lexicon's name.</summary>
    public string Name { get; }

    /// <summary>The version label (empty unless given), for model manifests.</summary>
    public string Version { get; }

    /// <summary>The categories, in the order they first appear in the entries.</summary>
    public IReadOnlyList<string> Categories => _categories;

    /// <summary>The entries with canonical terms, duplicates removed, in their original order. Passing them to
    /// <see cref="Lexicon(string, IEnumerable{LexiconEntry}, string)"/> rebuilds an equivalent lexicon.</summary>
    public IReadOnlyList<LexiconEntry> Entries => _entries;

    /// <summary>The number of distinct canonical terms.</summary>
    public int TermCount => _terms.Length;

    /// <summary>
    /// A 16-hex-digit fingerprint of the entries (terms, categories, weights, in order), stable across runs and
    /// platforms: two lexicons with the same fingerprint match the same way. Name and version are not included.
    /// </summary>
    public string Fingerprint => _fingerprint ??= ComputeFingerprint();

    /// <summary>The entries of one term, after canonicalizing it (so "Don't" finds "dont").</summary>
    /// <param name="term">A word or phrase.</param>
    /// <returns>The term's entries, one per category; empty when the term is not in the lexicon.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="term"/> is null.</exception>
    public IReadOnlyList<LexiconEntry> Lookup(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        if (Canonicalize(term, out string canonical, out _) is not null || !_termIds.TryGetValue(canonical, out int id))
            return [];
        var result = new LexiconEntry[_postingStart[id + 1] - _postingStart[id]];
        for (int p = _postingStart[id]; p < _postingStart[id + 1]; p++)
            result[p - _postingStart[id]] = new LexiconEntry(canonical, _categories[_postingCategory[p]], _postingWeight[p]);
        return result;
    }

    /// <summary>
    /// Finds every occurrence of the lexicon's terms in a text (longest phrase first), marking those in a negation
    /// scope. Meant for explanations and tests; the featurizer uses an allocation-free path.
    /// </summary>
    /// <param name="text">HTML-stripped text (case is kept; matching ignores it).</param>
    /// <param name="negationWindow">How many words before a term a negation word may stand, within the same clause,
    /// to negate it; 3 by default, 0 turns negation off.</param>
    /// <returns>The matches in text order; a term in several categories gives one match per category.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="negationWindow"/> is negative.</exception>
    public IReadOnlyList<LexiconMatch> Find(string text, int negationWindow = 3)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(negationWindow);
        return Find(ScanScratch.Scan(text, out _, out _), _index1, negationWindow);
    }

    /// <summary>The matches in lexicon tokens of either text-analysis version (allocates; explanations and tests).</summary>
    internal IReadOnlyList<LexiconMatch> Find(ReadOnlySpan<ScanToken> tokens, TermIndex index, int negationWindow)
    {
        var result = new List<LexiconMatch>();
        int floor = 0;
        for (int i = 0; i < tokens.Length;)
        {
            int words = index.MatchAt(tokens, i, out int id);
            if (words == 0)
            {
                i++;
                continue;
            }
            bool negated = IsNegated(tokens, i, negationWindow, floor);
            int start = tokens[i].Start;
            int length = tokens[i + words - 1].Start + tokens[i + words - 1].Length - start;
            for (int p = _postingStart[id]; p < _postingStart[id + 1]; p++)
                result.Add(new LexiconMatch(Name, _categories[_postingCategory[p]], _terms[id], _postingWeight[p], negated, start, length));
            i += words;
            floor = i;
        }
        return result;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name}{(Version.Length > 0 ? " v" + Version : "")} ({_terms.Length} terms, {_categories.Length} categories)");

    // ---- internal matching API (allocation-free) ----

    /// <summary>
    /// The terms keyed as text-analysis version <paramref name="textVersion"/> reads them: version 1 by the
    /// lexicon scanner's canonical words, version 2 by the canonical entries run through the tokenizer (so "1,000"
    /// is one number, not two words). Built once per version; safe to call from many threads.
    /// </summary>
    internal TermIndex Index(int textVersion) =>
        textVersion == 1 ? _index1 : LazyInitializer.EnsureInitialized(ref _index2, BuildIndex2);

    private TermIndex BuildIndex2()
    {
        var analysis = new Text.TextAnalysis();
        var tokens = new ScanToken[16];
        var words = new ulong[]?[_terms.Length];
        for (int id = 0; id < _terms.Length; id++)
        {
            analysis.AnalyzePlain(_terms[id]);
            if (tokens.Length < analysis.TokenCount)
                tokens = new ScanToken[analysis.TokenCount];
            int n = LexiconTokens.From(analysis, tokens, out _, out _);
            if (n is 0 or > MaxPhraseWords)
                continue; // a term this version cannot read as words never matches
            words[id] = new ulong[n];
            for (int k = 0; k < n; k++)
                words[id]![k] = tokens[k].Hash;
        }
        return new TermIndex(words);
    }

    /// <summary>
    /// Adds the weights of all matches to <paramref name="sums"/>: at [category] when <paramref name="splitNegated"/>
    /// is false, else at [2 × category] for plain hits and [2 × category + 1] for negated ones.
    /// </summary>
    internal void Accumulate(ReadOnlySpan<ScanToken> tokens, TermIndex index, int negationWindow, Span<double> sums, bool splitNegated)
    {
        int floor = 0;
        for (int i = 0; i < tokens.Length;)
        {
            int words = index.MatchAt(tokens, i, out int id);
            if (words == 0)
            {
                i++;
                continue;
            }
            int negated = splitNegated && IsNegated(tokens, i, negationWindow, floor) ? 1 : 0;
            for (int p = _postingStart[id]; p < _postingStart[id + 1]; p++)
            {
                int c = _postingCategory[p];
                sums[splitNegated ? (2 * c) + negated : c] += _postingWeight[p];
            }
            i += words;
            floor = i;
        }
    }

    internal int CategoryCount => _categories.Length;

    internal int PostingStart(int termId) => _postingStart[termId];

    internal int PostingEnd(int termId) => _postingStart[termId + 1];

    internal int PostingCategory(int posting) => _postingCategory[posting];

    internal double PostingWeight(int posting) => _postingWeight[posting];

    internal string TermText(int termId) => _terms[termId];

    /// <summary>Index of a category, or -1.</summary>
    internal int IndexOfCategory(string category) => Array.IndexOf(_categories, category);

    /// <summary>
    /// True when a negation word stands within <paramref name="window"/> words before token <paramref name="start"/>,
    /// in the same clause, after any earlier match (words at or after <paramref name="floor"/>) and not before a "but".
    /// </summary>
    internal static bool IsNegated(ReadOnlySpan<ScanToken> tokens, int start, int window, int floor)
    {
        int stop = Math.Max(floor, start - window);
        for (int j = start - 1; j >= stop; j--)
        {
            if (tokens[j + 1].Has(ScanFlags.ClauseStart) || tokens[j].Has(ScanFlags.But))
                return false;
            if (tokens[j].Has(ScanFlags.Negator))
                return true;
        }
        return false;
    }

    /// <summary>Canonical text and word hashes of a term; returns why it cannot be a term, or null.</summary>
    internal static string? Canonicalize(string term, out string canonical, out ulong[] hashes)
    {
        var tokens = new ScanToken[term.Length + 1];
        var canon = new char[LexiconScanner.CanonCapacity(term.Length)];
        // Underscores join the words of phrases in some formats; they split words anyway, as spaces do.
        int count = LexiconScanner.Scan(term, tokens, canon, out _, out _);
        canonical = "";
        hashes = [];
        if (count == 0)
            return "it has no word, emoticon or emoji";
        if (count > MaxPhraseWords)
            return $"it has {count} words; phrases have at most {MaxPhraseWords}";
        var sb = new StringBuilder();
        hashes = new ulong[count];
        for (int k = 0; k < count; k++)
        {
            if (k > 0)
                sb.Append(' ');
            sb.Append(canon, tokens[k].CanonStart, tokens[k].CanonLength);
            hashes[k] = tokens[k].Hash;
        }
        canonical = sb.ToString();
        return null;
    }

    private string ComputeFingerprint()
    {
        ulong h = 14695981039346656037UL;
        void Add(string s)
        {
            foreach (char c in s)
            {
                h ^= c;
                h *= 1099511628211UL;
            }
            h ^= 0x1F;
            h *= 1099511628211UL;
        }
        foreach (LexiconEntry e in _entries)
        {
            Add(e.Term);
            Add(e.Category);
            Add(e.Weight.ToString("R", CultureInfo.InvariantCulture));
        }
        return h.ToString("x16", CultureInfo.InvariantCulture);
    }
}
