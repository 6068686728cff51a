namespace PeerTriage.Lexicons;

/// <summary>
/// Which lexicons the lexicon featurizer uses, and how. The defaults: the built-in risk and sentiment lexicons, no
/// extra lexicons, a negation window of 3 words.
/// </summary>
/// <remarks>
/// To record these options in a model manifest, store each lexicon by <see cref="Lexicon.Name"/> and
/// <see cref="Lexicon.Version"/> when <see cref="BuiltInLexicons.TryGet"/> finds it, and otherwise by its
/// <see cref="Lexicon.Entries"/> (from which <see cref="Lexicon(string, IEnumerable{LexiconEntry}, string)"/>
/// rebuilds it); <see cref="Lexicon.Fingerprint"/> verifies the result. Record equality compares lexicons by reference.
/// </remarks>
public sealed record LexiconOptions
{
    private readonly int _negationWindow = 3;
    private readonly int _textAnalysisVersion = CurrentTextAnalysisVersion;
    private readonly IReadOnlyList<Lexicon> _extra = [];

    /// <summary>The default options.</summary>
    public static LexiconOptions Default { get; } = new();

    /// <summary>
    /// The risk lexicon, whose categories each give a hit feature "risk.&lt;category&gt;" and a negated-hit feature
    /// "risk.&lt;category&gt;.negated"; null for none. Default: <see cref="BuiltInLexicons.Risk"/>.
    /// </summary>
    public Lexicon? Risk { get; init; } = BuiltInLexicons.Risk;

    /// <summary>
    /// The sentiment lexicon (with a <see cref="SentimentScorer.ValenceCategory"/> category) for the features
    /// "sentiment.positive", "sentiment.negative", "sentiment.neutral" and "sentiment.compound"; null for none.
    /// Default: <see cref="BuiltInLexicons.Sentiment"/>.
    /// </summary>
    public Lexicon? Sentiment { get; init; } = BuiltInLexicons.Sentiment;

    /// <summary>
    /// Extra category lexicons (such as Empath's, read with <see cref="LexiconReader.ReadCategories(string, string?)"/>),
    /// each category giving a feature "&lt;lexicon name&gt;.&lt;category&gt;" that counts all hits, negated or not.
    /// Default: empty. Names must be distinct from each other and from "risk" and "sentiment".
    /// </summary>
    /// <exception cref="ArgumentNullException">The list or one of its lexicons is null.</exception>
    public IReadOnlyList<Lexicon> Extra
    {
        get => _extra;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            Lexicon[] copy = [.. value];
            foreach (Lexicon lexicon in copy)
                ArgumentNullException.ThrowIfNull(lexicon, nameof(value));
            _extra = copy;
        }
    }

    /// <summary>The text-analysis version that new options use: <see cref="TextAnalysisVersion"/>'s default.</summary>
    public const int CurrentTextAnalysisVersion = 2;

    /// <summary>
    /// How the lexicon step reads a message. 2 (the default, for new training): the tokenizer's own tokens of the
    /// normalized text, so a message is tokenized once and text and lexicon terms are canonicalized by the same
    /// front-end (NFKC, numbers such as "1,000" as one token, links, e-mail addresses, mentions and phone numbers
    /// skipped). 1: the lexicon scanner's own pass over the text as written, which models trained before version 2
    /// recorded; their files load as version 1 and score exactly as before.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not 1 or 2.</exception>
    public int TextAnalysisVersion
    {
        get => _textAnalysisVersion;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, CurrentTextAnalysisVersion);
            _textAnalysisVersion = value;
        }
    }

    /// <summary>
    /// How many words before a risk term a negation word ("not", "never", "don't", ...) may stand, within the same
    /// clause, for the hit to count as negated; 0 turns negation off. Default 3. The sentiment rules always use
    /// VADER's window of 3.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or above 10.</exception>
    public int NegationWindow
    {
        get => _negationWindow;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 10);
            _negationWindow = value;
        }
    }
}
