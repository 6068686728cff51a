namespace PeerTriage.Lexicons;

/// <summary>
/// The project's own word lists for negation, intensity boosters and dampeners (VADER's rule types, our words), in
/// canonical form (apostrophes removed).
/// </summary>
internal static class Modifiers
{
    /// <summary>Negation words. Any "n't" contraction as written is a negation too (see <see cref="LexiconScanner"/>).</summary>
    public static readonly string[] Negators =
    [
        "not", "no", "never", "nor", "neither", "none", "nobody", "nothing", "nowhere", "noone", "cannot", "without",
        "nope", "nah", "nvr", "aint", "cant", "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "wont",
        "wouldnt", "shouldnt", "couldnt", "havent", "hasnt", "hadnt", "mustnt", "neednt", "dnt",
    ];

    /// <summary>Words that make the next sentiment word stronger.</summary>
    public static readonly string[] Boosters =
    [
        "very", "really", "so", "soo", "extremely", "incredibly", "totally", "completely", "absolutely", "super",
        "seriously", "truly", "deeply", "utterly", "highly", "hugely", "remarkably", "especially", "exceptionally",
        "terribly", "awfully", "entirely", "particularly", "thoroughly", "insanely", "ridiculously", "unbelievably",
        "freaking", "fricking", "frickin", "fucking", "effing", "bloody", "hella", "mega", "majorly", "most", "more",
        "too", "amazingly", "enormously", "intensely", "purely", "real", "rly", "quite", "such",
    ];

    /// <summary>Words that make the next sentiment word weaker.</summary>
    public static readonly string[] Dampeners =
    [
        "slightly", "somewhat", "barely", "hardly", "scarcely", "kinda", "kindof", "sorta", "sortof", "marginally",
        "partly", "partially", "mildly", "occasionally", "little", "less", "bit", "fairly", "almost", "nearly",
        "moderately", "relatively", "reasonably", "lil",
    ];

    private static readonly HashIndex s_words = Build();
    private static readonly ulong s_butHash = TermHash.Of("but");

    private const ulong NegatorBit = 1, BoosterBit = 2, DampenerBit = 4;

    /// <summary>Flags that a canonical word carries on its own: <see cref="ScanFlags.Negator"/>, <see cref="ScanFlags.But"/>,
    /// <see cref="ScanFlags.Booster"/>, <see cref="ScanFlags.Dampener"/>; read once per token, so the sentiment rules
    /// need no further lookups.</summary>
    public static ScanFlags WordFlags(ulong hash)
    {
        if (hash == s_butHash)
            return ScanFlags.But;
        if (!s_words.TryGetValue(hash, out ulong bits))
            return ScanFlags.None;
        ScanFlags flags = (bits & NegatorBit) != 0 ? ScanFlags.Negator : ScanFlags.None;
        // As Intensity did: a booster wins over a dampener.
        return flags | ((bits & BoosterBit) != 0 ? ScanFlags.Booster : (bits & DampenerBit) != 0 ? ScanFlags.Dampener : ScanFlags.None);
    }

    /// <summary>+1 for a booster, -1 for a dampener, 0 otherwise, from a token's flags.</summary>
    public static int Intensity(ScanFlags flags) =>
        (flags & ScanFlags.Booster) != 0 ? 1 : (flags & ScanFlags.Dampener) != 0 ? -1 : 0;

    private static HashIndex Build()
    {
        var bits = new Dictionary<ulong, ulong>();
        void Add(string[] words, ulong bit)
        {
            foreach (string w in words)
            {
                ulong h = TermHash.Of(w);
                bits[h] = bits.GetValueOrDefault(h) | bit;
            }
        }
        Add(Negators, NegatorBit);
        Add(Boosters, BoosterBit);
        Add(Dampeners, DampenerBit);
        return new HashIndex(bits);
    }
}
