namespace PeerTriage.Features;

/// <summary>
/// How message text becomes features: hashed word and character n-grams with sublinear term frequency and
/// L2 normalization, as in a scikit-learn <c>TfidfVectorizer(sublinear_tf=True)</c> without IDF.
/// </summary>
/// <remarks>
/// Every property has a documented default; <see cref="Default"/> is the configuration the published figures use.
/// The options are stored in the model file, so a loaded model featurizes exactly as it did when trained.
/// </remarks>
public sealed record NGramOptions
{
    /// <summary>The default options.</summary>
    public static NGramOptions Default { get; } = new();

    /// <summary>
    /// Number of hash bits; the model has 2^HashBits buckets, shared by all n-gram families. Default 20 (1,048,576 buckets).
    /// Allowed 10–24. More bits mean fewer collisions and a larger model.
    /// </summary>
    public int HashBits { get; init; } = 20;

    /// <summary>Word n-gram lengths. Default 1–2 (unigrams and bigrams). Maximum length 5.</summary>
    public NGramRange WordNGrams { get; init; } = new(1, 2);

    /// <summary>
    /// Character n-gram lengths, taken inside each token padded with a space on both sides (scikit-learn's <c>char_wb</c>).
    /// Default 3–5. Maximum length 8.
    /// </summary>
    public NGramRange CharNGrams { get; init; } = new(3, 5);

    /// <summary>Use 1 + ln(tf) instead of raw term counts. Default true.</summary>
    public bool SublinearTf { get; init; } = true;

    /// <summary>Scale the word and the character block each to unit L2 length. Default true.</summary>
    public bool L2Normalize { get; init; } = true;

    /// <summary>
    /// Cap on the plain text taken from one message (subject plus body, after HTML is removed), in UTF-16 chars.
    /// Text past the cap is ignored, which bounds the work per message. Default 16,384.
    /// </summary>
    public int MaxTextLength { get; init; } = 16_384;

    /// <summary>
    /// Cap on tokens taken from one message for its n-grams; later tokens are ignored. Default 4,096. Lexicon features
    /// read the whole text kept by <see cref="MaxTextLength"/>, so a message of more tokens than this still feeds them
    /// past the token cap.
    /// </summary>
    public int MaxTokens { get; init; } = 4_096;

    /// <summary>Include the message's subject line in its text. Default true.</summary>
    public bool IncludeSubject { get; init; } = true;

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (HashBits is < 10 or > 24)
            throw new ArgumentOutOfRangeException(nameof(HashBits), HashBits, "HashBits must be between 10 and 24.");
        WordNGrams.Validate(nameof(WordNGrams), 5);
        CharNGrams.Validate(nameof(CharNGrams), 8);
        if (!WordNGrams.IsEnabled && !CharNGrams.IsEnabled)
            throw new ArgumentOutOfRangeException(nameof(WordNGrams), "At least one of WordNGrams and CharNGrams must be enabled.");
        if (MaxTextLength is < 64 or > 1 << 20)
            throw new ArgumentOutOfRangeException(nameof(MaxTextLength), MaxTextLength, "MaxTextLength must be between 64 and 1,048,576.");
        if (MaxTokens is < 16 or > 1 << 18)
            throw new ArgumentOutOfRangeException(nameof(MaxTokens), MaxTokens, "MaxTokens must be between 16 and 262,144.");
    }
}
