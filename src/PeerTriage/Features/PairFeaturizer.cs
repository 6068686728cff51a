using PeerTriage.Lexicons;
using PeerTriage.Text;

namespace PeerTriage.Features;

/// <summary>
/// Computes the dense pair features of <see cref="PairFeatureOptions"/> from a response's <see cref="TextAnalysis"/>
/// and its seeker post, and lists the matches behind them with their spans (for rationales). Featurizing is a hot
/// path: hash lookups over the tokens, no allocation in steady state (per-thread scratch; the seeker post's content
/// words are cached per thread, so replies to one post pay for it once). Safe to use from many threads.
/// </summary>
internal sealed class PairFeaturizer
{
    // Canonical forms (the tokenizer drops apostrophes: "you're" → "youre").
    private static readonly string[] s_secondPerson = ["you", "your", "yours", "yourself", "yourselves", "youre", "youve", "youll", "youd", "u", "ur", "ya", "yall"];
    private static readonly string[] s_firstPerson = ["i", "me", "my", "mine", "myself", "im", "ive", "id"];

    // Function words that say nothing about what the seeker wrote; short words (under 3 chars) are skipped anyway.
    private static readonly string[] s_stopWords =
    [
        "the", "and", "but", "for", "nor", "not", "yet", "was", "were", "are", "been", "being", "have", "has", "had", "having",
        "does", "did", "doing", "done", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "this",
        "that", "these", "those", "there", "here", "then", "than", "what", "which", "who", "whom", "whose", "when", "where",
        "why", "how", "all", "any", "both", "each", "few", "more", "most", "other", "some", "such", "only", "own", "same",
        "very", "just", "too", "also", "with", "without", "from", "into", "onto", "about", "above", "below", "over", "under",
        "again", "once", "off", "out", "its", "his", "her", "hers", "him", "she", "they", "them", "their", "theirs", "our",
        "ours", "ourselves", "themselves", "himself", "herself", "itself", "because", "while", "until", "after", "before",
        "through", "during", "get", "got", "getting", "like", "really", "even", "still", "much", "many", "one", "thing",
        "things", "know", "think", "dont", "cant", "wont", "didnt", "doesnt", "isnt", "wasnt", "arent", "thats", "its",
        "theres", "whats", "going", "want", "make", "made", "way", "well", "now", "lot", "something", "anything", "nothing",
        "everything", "someone", "anyone", "everyone", "people", "time", "feel", "feeling", "say", "said", "see", "let",
        .. s_secondPerson, .. s_firstPerson,
    ];

    private static readonly HashSet<ulong> s_second = [.. s_secondPerson.Select(w => TermHash.Of(w))];
    private static readonly HashSet<ulong> s_first = [.. s_firstPerson.Select(w => TermHash.Of(w))];
    private static readonly HashSet<ulong> s_stop = [.. s_stopWords.Select(w => TermHash.Of(w))];

    private readonly Lexicon _lexicon;
    private readonly TermIndex _index;
    private readonly string[] _names;
    private readonly long _id = Interlocked.Increment(ref s_lastId);

    private static long s_lastId;

    [ThreadStatic]
    private static Scratch? t_scratch;

    public PairFeaturizer(PairFeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _lexicon = options.Lexicon;
        _index = _lexicon.Index(LexiconOptions.CurrentTextAnalysisVersion);
        var names = new List<string>();
        foreach (string c in _lexicon.Categories)
            names.Add("pair." + c);
        if (options.Structure)
            names.AddRange(["pair.question_to_seeker", "pair.questions", "pair.second_person", "pair.first_person", "pair.length"]);
        if (options.SeekerEcho)
            names.AddRange(["pair.seeker_echo", "pair.no_seeker"]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            if (!seen.Add(name))
                throw new ArgumentException($"Two pair features would be named '{name}'; a lexicon category must not be named like a structure feature.", nameof(options));
        }
        _names = [.. names];
    }

    public PairFeatureOptions Options { get; }

    public IReadOnlyList<string> FeatureNames => _names;

    public int FeatureCount => _names.Length;

    /// <summary>
    /// Writes the pair features to the first <see cref="FeatureCount"/> floats of <paramref name="destination"/>.
    /// Hot path: no allocation once the per-thread buffers fit.
    /// </summary>
    /// <param name="response">The response's analysis (the one its n-grams were read from).</param>
    /// <param name="seeker">The seeker post, or null for none.</param>
    /// <param name="seekerScratch">An analysis the seeker post may be read into (on a cache miss).</param>
    /// <param name="ngrams">The pipeline's n-gram featurizer, whose text caps the seeker post is read with.</param>
    /// <param name="destination">Receives the features.</param>
    public void Featurize(TextAnalysis response, ForumMessage? seeker, TextAnalysis seekerScratch, NGramFeaturizer ngrams, Span<float> destination)
    {
        var scratch = t_scratch ??= new Scratch();
        Span<float> d = destination[.._names.Length];
        d.Clear();
        // The seeker first: reading it on a miss reuses the thread's lexicon-token buffer.
        ReadOnlySpan<ulong> seekerWords = Options.SeekerEcho && seeker is not null ? scratch.SeekerWords(_id, seeker, seekerScratch, ngrams) : default;
        ReadOnlySpan<ScanToken> tokens = ScanScratch.From(response, out _, out _);
        int at = 0;
        int categories = _lexicon.CategoryCount;
        Span<double> sums = ScanScratch.Sums(categories);
        _lexicon.Accumulate(tokens, _index, 0, sums, splitNegated: false);
        for (int k = 0; k < categories; k++)
            d[at++] = sums[k] == 0 ? 0f : (float)Math.Log(1 + sums[k]);
        if (Options.Structure)
        {
            int words = 0, second = 0, first = 0;
            foreach (ref readonly ScanToken t in tokens)
            {
                if (!t.Has(ScanFlags.Word))
                    continue;
                words++;
                if (s_second.Contains(t.Hash))
                    second++;
                else if (s_first.Contains(t.Hash))
                    first++;
            }
            CountQuestions(response, out int questions, out int toSeeker);
            d[at++] = MathF.Log(1 + toSeeker);
            d[at++] = MathF.Log(1 + questions);
            d[at++] = words == 0 ? 0 : (float)second / words;
            d[at++] = words == 0 ? 0 : (float)first / words;
            d[at++] = MathF.Log(1 + words) / 4;
        }
        if (Options.SeekerEcho)
        {
            if (seeker is null)
                d[at + 1] = 1;
            else if (seekerWords.Length > 0)
            {
                Span<ulong> own = scratch.Words(tokens.Length);
                int n = ContentWords(tokens, own);
                int echoed = 0;
                foreach (ulong w in seekerWords)
                {
                    if (own[..n].BinarySearch(w) >= 0)
                        echoed++;
                }
                d[at] = (float)echoed / seekerWords.Length;
            }
        }
    }

    /// <summary>Sorted distinct content-word hashes of lexicon tokens into <paramref name="destination"/>; returns the count.</summary>
    private static int ContentWords(ReadOnlySpan<ScanToken> tokens, Span<ulong> destination)
    {
        int n = 0;
        foreach (ref readonly ScanToken t in tokens)
        {
            if (t.Has(ScanFlags.Word) && t.CanonLength >= 3 && !s_stop.Contains(t.Hash))
                destination[n++] = t.Hash;
        }
        Span<ulong> words = destination[..n];
        words.Sort();
        int w = 0;
        for (int r = 0; r < n; r++)
        {
            if (w == 0 || words[w - 1] != words[r])
                words[w++] = words[r];
        }
        return w;
    }

    /// <summary>
    /// Question sentences of the response, and those that address the reader (a second-person word in the sentence).
    /// A sentence ends at a punctuation token ("!", "?", "..."), at a '.' between tokens, or at a line break.
    /// </summary>
    private static void CountQuestions(TextAnalysis analysis, out int questions, out int toSeeker)
    {
        questions = 0;
        toSeeker = 0;
        bool second = false;
        ReadOnlySpan<Token> tokens = analysis.Tokens;
        ReadOnlySpan<char> text = analysis.TokenText;
        ReadOnlySpan<char> normalized = analysis.Normalized;
        ReadOnlySpan<int> breaks = analysis.LineBreaks;
        int previousEnd = 0, nextBreak = 0;
        for (int k = 0; k < tokens.Length; k++)
        {
            Token t = tokens[k];
            if (SentenceBreak(normalized, breaks, ref nextBreak, previousEnd, t.SourceStart))
                second = false;
            previousEnd = t.SourceStart + t.SourceLength;
            if (t.Kind == TokenKind.Punctuation)
            {
                if (normalized.Slice(t.SourceStart, t.SourceLength).Contains('?'))
                {
                    questions++;
                    toSeeker += second ? 1 : 0;
                }
                second = false;
            }
            else if (t.Kind == TokenKind.Word && s_second.Contains(TermHash.Of(t.TextIn(text))))
                second = true;
        }
    }

    /// <summary>True when a '.' or a line break stands between the previous token's end and <paramref name="start"/>.</summary>
    private static bool SentenceBreak(ReadOnlySpan<char> normalized, ReadOnlySpan<int> breaks, ref int nextBreak, int previousEnd, int start)
    {
        bool result = start > previousEnd && normalized[previousEnd..start].Contains('.');
        while (nextBreak < breaks.Length && breaks[nextBreak] < start)
        {
            result |= breaks[nextBreak] >= previousEnd;
            nextBreak++;
        }
        return result;
    }

    /// <summary>
    /// The matches behind the features of a response, for rationales and explanations (allocates): each with the
    /// feature it feeds and its span in the response's normalized text (<see cref="TextAnalysis.Normalized"/>).
    /// </summary>
    public List<PairMatch> Matches(TextAnalysis response, ForumMessage? seeker, NGramFeaturizer ngrams)
    {
        var result = new List<PairMatch>();
        HashSet<ulong>? seekerWords = null;
        if (Options.SeekerEcho && seeker is not null)
        {
            var seekerAnalysis = new TextAnalysis();
            ngrams.Analyze(seeker, seekerAnalysis);
            var seekerTokens = ScanScratch.From(seekerAnalysis, out _, out _);
            var words = new ulong[seekerTokens.Length];
            seekerWords = [.. words.AsSpan(0, ContentWords(seekerTokens, words)).ToArray()];
        }
        var tokens = ScanScratch.From(response, out _, out _).ToArray();
        foreach (var m in _lexicon.Find(tokens, _index, 0))
            result.Add(new PairMatch("pair." + m.Category, m.Term, m.Start, m.Length));
        if (Options.Structure)
        {
            foreach (var t in tokens)
            {
                if (!t.Has(ScanFlags.Word))
                    continue;
                if (s_second.Contains(t.Hash))
                    result.Add(new PairMatch("pair.second_person", Canon(response, t), t.Start, t.Length));
                else if (s_first.Contains(t.Hash))
                    result.Add(new PairMatch("pair.first_person", Canon(response, t), t.Start, t.Length));
            }
            AddQuestions(response, result);
        }
        if (seekerWords is not null)
        {
            foreach (var t in tokens)
            {
                if (t.Has(ScanFlags.Word) && t.CanonLength >= 3 && !s_stop.Contains(t.Hash) && seekerWords.Contains(t.Hash))
                    result.Add(new PairMatch("pair.seeker_echo", Canon(response, t), t.Start, t.Length));
            }
        }
        return result;
    }

    private static string Canon(TextAnalysis analysis, ScanToken t) => new(analysis.TokenText.Slice(t.CanonStart, t.CanonLength));

    /// <summary>Each question sentence as a match of "pair.questions", and of "pair.question_to_seeker" when it addresses the reader.</summary>
    private static void AddQuestions(TextAnalysis analysis, List<PairMatch> result)
    {
        ReadOnlySpan<Token> tokens = analysis.Tokens;
        ReadOnlySpan<char> text = analysis.TokenText;
        ReadOnlySpan<char> normalized = analysis.Normalized;
        ReadOnlySpan<int> breaks = analysis.LineBreaks;
        int previousEnd = 0, nextBreak = 0, sentenceStart = -1;
        bool second = false;
        for (int k = 0; k < tokens.Length; k++)
        {
            Token t = tokens[k];
            if (SentenceBreak(normalized, breaks, ref nextBreak, previousEnd, t.SourceStart))
            {
                second = false;
                sentenceStart = -1;
            }
            previousEnd = t.SourceStart + t.SourceLength;
            if (t.Kind == TokenKind.Punctuation)
            {
                if (sentenceStart >= 0 && normalized.Slice(t.SourceStart, t.SourceLength).Contains('?'))
                {
                    int length = previousEnd - sentenceStart;
                    string sentence = new(normalized.Slice(sentenceStart, length));
                    result.Add(new PairMatch("pair.questions", sentence, sentenceStart, length));
                    if (second)
                        result.Add(new PairMatch("pair.question_to_seeker", sentence, sentenceStart, length));
                }
                second = false;
                sentenceStart = -1;
                continue;
            }
            if (sentenceStart < 0)
                sentenceStart = t.SourceStart;
            if (t.Kind == TokenKind.Word && s_second.Contains(TermHash.Of(t.TextIn(text))))
                second = true;
        }
    }

    /// <summary>Per-thread buffers: the response's content words, and a small cache of seeker posts' content words.</summary>
    private sealed class Scratch
    {
        private const int Slots = 4;
        private ulong[] _words = new ulong[256];
        private readonly long[] _owner = new long[Slots];
        private readonly string?[] _body = new string?[Slots];
        private readonly string?[] _subject = new string?[Slots];
        private readonly ulong[][] _seeker = [new ulong[64], new ulong[64], new ulong[64], new ulong[64]];
        private readonly int[] _count = new int[Slots];

        public Span<ulong> Words(int count)
        {
            if (_words.Length < count)
                _words = new ulong[Math.Max(count, _words.Length * 2)];
            return _words.AsSpan(0, count);
        }

        /// <summary>The seeker post's sorted distinct content words; read and cached on a miss. Hot path.</summary>
        public ReadOnlySpan<ulong> SeekerWords(long owner, ForumMessage seeker, TextAnalysis analysis, NGramFeaturizer ngrams)
        {
            int slot = (int)((seeker.Body.Length ^ owner) & (Slots - 1));
            if (_owner[slot] == owner && Same(_body[slot], seeker.Body) && Same(_subject[slot], seeker.Subject))
                return _seeker[slot].AsSpan(0, _count[slot]);
            _owner[slot] = 0; // not valid while being filled
            ngrams.Analyze(seeker, analysis);
            ReadOnlySpan<ScanToken> tokens = ScanScratch.From(analysis, out _, out _);
            if (_seeker[slot].Length < tokens.Length)
                _seeker[slot] = new ulong[Math.Max(tokens.Length, _seeker[slot].Length * 2)];
            _count[slot] = ContentWords(tokens, _seeker[slot]);
            _body[slot] = seeker.Body;
            _subject[slot] = seeker.Subject;
            _owner[slot] = owner;
            return _seeker[slot].AsSpan(0, _count[slot]);
        }

        private static bool Same(string? a, string? b) => ReferenceEquals(a, b) || string.Equals(a, b, StringComparison.Ordinal);
    }
}

/// <summary>One match behind a pair feature: the feature's name, the matched text (canonical) and its span in the
/// response's normalized text.</summary>
internal readonly record struct PairMatch(string Feature, string Text, int Start, int Length);
