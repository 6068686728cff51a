namespace PeerTriage.Lexicons;

/// <summary>Properties of a <see cref="ScanToken"/>.</summary>
[Flags]
internal enum ScanFlags : byte
{
    None = 0,

    /// <summary>A word (letters, digits, marks); otherwise an emoticon or an emoji.</summary>
    Word = 1,

    /// <summary>A word with an upper-case letter and no lower-case letter, as written ("GOOD", "I").</summary>
    AllCaps = 2,

    /// <summary>Clause punctuation or a line break comes between the previous token and this one (or this is the first).</summary>
    ClauseStart = 4,

    /// <summary>A negation word ("not", "never", "dont", any "n't" contraction).</summary>
    Negator = 8,

    /// <summary>The word "but".</summary>
    But = 16,

    /// <summary>A booster ("very", "really"): the next sentiment word is stronger.</summary>
    Booster = 32,

    /// <summary>A dampener ("kinda", "barely"): the next sentiment word is weaker.</summary>
    Dampener = 64,
}

/// <summary>One token found by <see cref="LexiconScanner"/>.</summary>
internal struct ScanToken
{
    /// <summary><see cref="TermHash.Of"/> of the canonical text.</summary>
    public ulong Hash;

    /// <summary>Offset of the token in the scanned text.</summary>
    public int Start;

    /// <summary>Length of the token in the scanned text.</summary>
    public int Length;

    /// <summary>Offset of the canonical text in the canonical-text buffer.</summary>
    public int CanonStart;

    /// <summary>Length of the canonical text.</summary>
    public int CanonLength;

    /// <summary>What the token is.</summary>
    public ScanFlags Flags;

    public readonly bool Has(ScanFlags flag) => (Flags & flag) != 0;
}
