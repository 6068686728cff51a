namespace PeerTriage.Lexicons;

/// <summary>
/// Scores sentiment with VADER's published rules over a sentiment lexicon (entries in category
/// <see cref="ValenceCategory"/>, valences on the −4..+4 scale). The word lists for negation, boosters and dampeners
/// are this project's own.
/// </summary>
/// <remarks>
/// <para>Rules, applied to each sentiment term (word or phrase) in the text:</para>
/// <list type="number">
/// <item><description><b>ALL-CAPS</b>: when the text mixes ALL-CAPS words with other words, a term written in
/// capitals moves ±<see cref="CapsIncrement"/> (0.733) away from zero.</description></item>
/// <item><description><b>Boosters and dampeners</b> among the 3 words before the term add ±<see cref="BoosterIncrement"/>
/// (0.293) in the term's direction (dampeners the opposite), scaled by 1, 0.95 and 0.9 for distance 1, 2 and 3; a
/// booster in capitals (in mixed-case text) adds another ±0.733.</description></item>
/// <item><description><b>Negation</b>: each negation word among the 3 words before the term multiplies its valence
/// by <see cref="NegationScalar"/> (−0.74).</description></item>
/// <item><description>Words that are themselves sentiment terms do not modify later terms, and (unlike VADER, which
/// splits on spaces only) the window stops at clause punctuation.</description></item>
/// <item><description><b>"But"</b>: valences before the text's first "but" are halved, those after it multiplied by
/// 1.5.</description></item>
/// <item><description><b>Punctuation emphasis</b>: 0.292 per '!' (at most 4) plus, for 2 or 3 '?', 0.18 each (0.96
/// for more), added to the sum in its direction and to the larger of the positive and negative mass.</description></item>
/// <item><description><b>Compound</b>: the sum s becomes s/√(s² + 15), clamped to −1..1. Positive, negative and
/// neutral shares: each positive valence v counts v + 1, each negative one |v| + 1, each other token 1.</description></item>
/// </list>
/// <para>
/// The text should be HTML-stripped (see <see cref="Text.ForumHtml"/>) but <b>not</b> lower-cased, because the
/// ALL-CAPS rule needs the case as written; words are matched in the canonical form the tokenizer uses. Like VADER,
/// the whole text is scored as one unit; only its first 131,072 chars are read. Scoring does not allocate (after a thread's first, longest text) and is
/// safe to call from many threads.
/// </para>
/// </remarks>
public sealed class SentimentScorer
{
    /// <summary>The category that holds valences in a sentiment lexicon.</summary>
    public const string ValenceCategory = "valence";

    /// <summary>VADER's booster increment (B_INCR); dampeners use its negative.</summary>
    public const double BoosterIncrement = 0.293;

    /// <summary>VADER's ALL-CAPS increment (C_INCR).</summary>
    public const double CapsIncrement = 0.733;

    /// <summary>VADER's negation scalar (N_SCALAR).</summary>
    public const double NegationScalar = -0.74;

    /// <summary>VADER's compound normalization constant (alpha).</summary>
    public const double NormalizationAlpha = 15;

    /// <summary>Words before a term that negation, boosters and dampeners look at.</summary>
    public const int Window = 3;

    private static readonly Lazy<SentimentScorer> s_default = new(() => new SentimentScorer(BuiltInLexicons.Sentiment));

    private readonly int _valence;

    /// <summary>Creates a scorer over a sentiment lexicon.</summary>
    /// <param name="lexicon">A lexicon with a <see cref="ValenceCategory"/> category, such as
    /// <see cref="BuiltInLexicons.Sentiment"/> or VADER's file read with <see cref="LexiconReader.ReadVader(string, string?)"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="lexicon"/> is null.</exception>
    /// <exception cref="ArgumentException">The lexicon has no <see cref="ValenceCategory"/> category.</exception>
    public SentimentScorer(Lexicon lexicon)
    {
        ArgumentNullException.ThrowIfNull(lexicon);
        _valence = lexicon.IndexOfCategory(ValenceCategory);
        if (_valence < 0)
            throw new ArgumentException($"Lexicon '{lexicon.Name}' has no '{ValenceCategory}' category.", nameof(lexicon));
        Lexicon = lexicon;
    }

    /// <summary>A scorer over <see cref="BuiltInLexicons.Sentiment"/>.</summary>
    public static SentimentScorer Default => s_default.Value;

    /// <summary>The sentiment lexicon.</summary>
    public Lexicon Lexicon { get; }

    /// <summary>Scores a text without allocating.</summary>
    /// <param name="text">HTML-stripped text with its original case.</param>
    /// <returns>The scores; all zero for a text without tokens.</returns>
    public SentimentScores Score(ReadOnlySpan<char> text)
    {
        ReadOnlySpan<ScanToken> tokens = ScanScratch.Scan(text, out int exclamations, out int questions);
        return Score(tokens, exclamations, questions, Lexicon.Index(1));
    }

    /// <summary>Scores a text.</summary>
    /// <param name="text">HTML-stripped text with its original case.</param>
    /// <returns>The scores; all zero for a text without tokens.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public SentimentScores Score(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Score(text.AsSpan());
    }

    /// <summary>Scores lexicon tokens of either text-analysis version, with the lexicon's index for that version.</summary>
    internal SentimentScores Score(ReadOnlySpan<ScanToken> tokens, int exclamations, int questions, TermIndex index)
    {
        if (tokens.IsEmpty)
            return default;
        int words = 0, capitals = 0, but = -1;
        for (int k = 0; k < tokens.Length; k++)
        {
            ScanFlags f = tokens[k].Flags;
            if ((f & ScanFlags.Word) != 0)
            {
                words++;
                if ((f & ScanFlags.AllCaps) != 0)
                    capitals++;
            }
            if (but < 0 && (f & ScanFlags.But) != 0)
                but = k;
        }
        bool capsDiffer = capitals > 0 && capitals < words;

        double sum = 0, positive = 0, negative = 0, neutral = 0;
        for (int i = 0; i < tokens.Length;)
        {
            int length = ValenceAt(tokens, i, index, out double valence);
            if (length == 0)
            {
                neutral++;
                i++;
                continue;
            }
            if (capsDiffer && AllCaps(tokens.Slice(i, length)))
                valence += valence > 0 ? CapsIncrement : -CapsIncrement;
            for (int k = 0; k < Window; k++)
            {
                int j = i - 1 - k;
                if (j < 0 || tokens[j + 1].Has(ScanFlags.ClauseStart))
                    break;
                if (ValenceAt(tokens, j, index, out _) > 0)
                    continue; // a sentiment word does not modify the next one
                double scalar = BoostAt(tokens[j], valence, capsDiffer);
                if (scalar != 0)
                    valence += scalar * (k == 0 ? 1.0 : k == 1 ? 0.95 : 0.9);
                if (tokens[j].Has(ScanFlags.Negator))
                    valence *= NegationScalar;
            }
            if (but >= 0)
                valence *= i < but ? 0.5 : 1.5;
            sum += valence;
            if (valence > 0)
                positive += valence + 1;
            else if (valence < 0)
                negative += valence - 1;
            else
                neutral++;
            i += length;
        }

        double emphasis = PunctuationEmphasis(exclamations, questions);
        if (sum > 0)
            sum += emphasis;
        else if (sum < 0)
            sum -= emphasis;
        double compound = Math.Clamp(sum / Math.Sqrt((sum * sum) + NormalizationAlpha), -1.0, 1.0);

        if (positive > -negative)
            positive += emphasis;
        else if (positive < -negative)
            negative -= emphasis;
        double total = positive - negative + neutral;
        return total <= 0
            ? new SentimentScores(0, 0, 0, compound)
            : new SentimentScores(positive / total, -negative / total, neutral / total, compound);
    }

    /// <summary>VADER's '!' and '?' amplifier.</summary>
    internal static double PunctuationEmphasis(int exclamations, int questions)
    {
        double emphasis = Math.Min(exclamations, 4) * 0.292;
        if (questions > 1)
            emphasis += questions <= 3 ? questions * 0.18 : 0.96;
        return emphasis;
    }

    /// <summary>Words covered by a sentiment term at <paramref name="i"/> (0 when none, or a booster/dampener).</summary>
    private int ValenceAt(ReadOnlySpan<ScanToken> tokens, int i, TermIndex index, out double valence)
    {
        valence = 0;
        if (Modifiers.Intensity(tokens[i].Flags) != 0)
            return 0;
        int length = index.MatchAt(tokens, i, out int id);
        if (length == 0)
            return 0;
        for (int p = Lexicon.PostingStart(id); p < Lexicon.PostingEnd(id); p++)
        {
            if (Lexicon.PostingCategory(p) == _valence)
            {
                valence = Lexicon.PostingWeight(p);
                return length;
            }
        }
        return 0;
    }

    private static double BoostAt(in ScanToken token, double valence, bool capsDiffer)
    {
        int intensity = Modifiers.Intensity(token.Flags);
        if (intensity == 0)
            return 0;
        double scalar = intensity * BoosterIncrement;
        if (valence < 0)
            scalar = -scalar;
        if (capsDiffer && token.Has(ScanFlags.AllCaps))
            scalar += valence > 0 ? CapsIncrement : -CapsIncrement;
        return scalar;
    }

    private static bool AllCaps(ReadOnlySpan<ScanToken> words)
    {
        foreach (ref readonly ScanToken t in words)
        {
            if (!t.Has(ScanFlags.AllCaps))
                return false;
        }
        return true;
    }
}
