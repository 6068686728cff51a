using System.Diagnostics.CodeAnalysis;

namespace PeerTriage.Lexicons;

/// <summary>
/// The lexicons that ship inside the package, written by the PeerTriage authors (MIT, like the code; no third-party
/// word list is embedded). Each is loaded on first use and then shared; both are immutable. A model manifest can
/// record a built-in lexicon by <see cref="Lexicon.Name"/> and <see cref="Lexicon.Version"/> and get it back with
/// <see cref="TryGet"/>. See docs/lexicons.md for where each category's terms come from.
/// </summary>
public static class BuiltInLexicons
{
    /// <summary>The name of <see cref="Sentiment"/>.</summary>
    public const string SentimentName = "peertriage-sentiment";

    /// <summary>The name of <see cref="Risk"/>.</summary>
    public const string RiskName = "peertriage-risk";

    /// <summary>The version of <see cref="Sentiment"/>; it changes whenever the word list changes.</summary>
    public const string SentimentVersion = "1";

    /// <summary>The version of <see cref="Risk"/>; it changes whenever the word list changes.</summary>
    public const string RiskVersion = "1";

    private static readonly Lazy<Lexicon> s_sentiment = new(() => Load("sentiment.tsv", SentimentName, SentimentVersion));
    private static readonly Lazy<Lexicon> s_risk = new(() => Load("risk.tsv", RiskName, RiskVersion));

    /// <summary>
    /// A compact general sentiment lexicon: common English words and phrases, forum slang, emoticons and emoji,
    /// each with a valence on VADER's −4..+4 scale in category <see cref="SentimentScorer.ValenceCategory"/>.
    /// </summary>
    public static Lexicon Sentiment => s_sentiment.Value;

    /// <summary>
    /// The crisis and risk lexicon, with the categories of <see cref="RiskCategories"/> (in that order), including
    /// slang and evasive spellings ("kms", "unalive", "sewerslide"). Weights below 1 mark ambiguous cues.
    /// </summary>
    public static Lexicon Risk => s_risk.Value;

    /// <summary>Both built-in lexicons.</summary>
    public static IReadOnlyList<Lexicon> All => [Sentiment, Risk];

    /// <summary>Finds a built-in lexicon by name and version, as recorded in a model manifest.</summary>
    /// <param name="name">The lexicon's name.</param>
    /// <param name="version">The lexicon's version.</param>
    /// <param name="lexicon">The lexicon, when found.</param>
    /// <returns>True when this package ships that lexicon in that version.</returns>
    public static bool TryGet(string name, string version, [NotNullWhen(true)] out Lexicon? lexicon)
    {
        lexicon = (name, version) switch
        {
            (SentimentName, SentimentVersion) => Sentiment,
            (RiskName, RiskVersion) => Risk,
            _ => null,
        };
        return lexicon is not null;
    }

    private static Lexicon Load(string file, string name, string version)
    {
        string resource = "PeerTriage.Lexicons.BuiltIn." + file;
        using Stream stream = typeof(BuiltInLexicons).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource {resource} is missing from the PeerTriage assembly.");
        using var reader = new StreamReader(stream);
        return LexiconReader.ReadTermCategory(reader, name, file, version);
    }
}
