using System.Diagnostics.CodeAnalysis;

namespace PeerTriage.Text;

/// <summary>
/// The one table of text emoticons and their canonical spellings (see <see cref="Tokenizer"/>), and its matcher.
/// </summary>
internal static class Emoticons
{
    /// <summary>
    /// Matches an emoticon at <paramref name="i"/>: the pattern (ASCII case ignored), repeats of its last char when it
    /// absorbs them, not followed by a word char or a slash, and (for some) not after a word char.
    /// </summary>
    /// <param name="src">The text.</param>
    /// <param name="i">Where the emoticon would start.</param>
    /// <param name="version1">Only the patterns that text-analysis version 1's lexicon scanner knew (five fewer).</param>
    /// <param name="end">Where the emoticon ends.</param>
    /// <param name="canonical">Its canonical spelling.</param>
    public static bool TryMatch(ReadOnlySpan<char> src, int i, bool version1, out int end, [NotNullWhen(true)] out string? canonical)
    {
        end = i;
        canonical = null;
        // No pattern is a prefix of another one with the same first char, so at most one matches and order is free.
        foreach (ref readonly Emoticon e in StartingWith(src[i]))
        {
            if ((!version1 || e.Version1) && Matches(src, i, e, out end))
            {
                canonical = e.Canonical;
                return true;
            }
        }
        return false;
    }

    private static bool Matches(ReadOnlySpan<char> src, int i, in Emoticon e, out int end)
    {
        ReadOnlySpan<char> pattern = e.Pattern;
        end = i;
        if (src.Length - i < pattern.Length)
            return false;
        for (int k = 0; k < pattern.Length; k++)
        {
            if (CharClasses.ToLowerAscii(src[i + k]) != pattern[k])
                return false;
        }
        if (e.BoundaryBefore && i > 0 && CharClasses.WordCharWidth(src, i - 1) > 0)
            return false;
        int j = i + pattern.Length;
        if (e.AbsorbRepeats)
        {
            while (j < src.Length && CharClasses.ToLowerAscii(src[j]) == pattern[^1])
                j++;
        }
        if (j < src.Length && (src[j] is '/' or '\\' || CharClasses.WordCharWidth(src, j) > 0))
            return false;
        end = j;
        return true;
    }

    private readonly struct Emoticon(string pattern, string canonical, bool boundaryBefore = false, bool absorbRepeats = false, bool version1 = true)
    {
        public string Pattern { get; } = pattern;

        public string Canonical { get; } = canonical;

        /// <summary>Must not follow a word char: "(like this):" is not a sad face.</summary>
        public bool BoundaryBefore { get; } = boundaryBefore;

        /// <summary>Repeats of the last char belong to the emoticon: ":)))".</summary>
        public bool AbsorbRepeats { get; } = absorbRepeats;

        /// <summary>In the lexicon scanner's table of text-analysis version 1.</summary>
        public bool Version1 { get; } = version1;
    }

    private static ReadOnlySpan<Emoticon> StartingWith(char c) => CharClasses.ToLowerAscii(c) switch
    {
        ':' => Colon,
        ';' => Semicolon,
        '=' => EqualsSign,
        '(' => OpenParen,
        ')' => CloseParen,
        '<' => LessThan,
        '-' => Dash,
        'x' => LetterX,
        't' => LetterT,
        '^' => Caret,
        _ => default,
    };

    private static readonly Emoticon[] Colon =
    [
        new(":-)", ":)", absorbRepeats: true), new(":)", ":)", absorbRepeats: true), new(":]", ":)"),
        new(":-(", ":(", absorbRepeats: true), new(":(", ":(", absorbRepeats: true), new(":[", ":("),
        new(":'-(", ":'(", absorbRepeats: true), new(":'(", ":'(", absorbRepeats: true), new(":,(", ":'(", absorbRepeats: true),
        new(":-d", ":d", absorbRepeats: true), new(":d", ":d", absorbRepeats: true),
        new(":-p", ":p", absorbRepeats: true), new(":p", ":p", absorbRepeats: true),
        new(":-/", ":/"), new(":/", ":/"), new(":-\\", ":/", version1: false), new(":\\", ":/"),
        new(":-|", ":|"), new(":|", ":|"),
        new(":-o", ":o", absorbRepeats: true), new(":o", ":o", absorbRepeats: true),
    ];

    private static readonly Emoticon[] Semicolon =
    [
        new(";-)", ";)", absorbRepeats: true), new(";)", ";)", absorbRepeats: true),
        new(";-p", ":p", absorbRepeats: true, version1: false), new(";p", ":p", absorbRepeats: true),
    ];

    private static readonly Emoticon[] EqualsSign =
    [
        new("=)", ":)", true, true), new("=]", ":)", true, version1: false), new("=(", ":(", true, true), new("=d", ":d", true, true),
        new("=p", ":p", true, true, version1: false), new("=/", ":/", true),
    ];

    private static readonly Emoticon[] OpenParen = [new("(-:", ":)", true), new("(:", ":)", true)];

    private static readonly Emoticon[] CloseParen = [new(")-:", ":(", true), new("):", ":(", true)];

    private static readonly Emoticon[] LessThan =
    [
        new("</3", "</3", absorbRepeats: true), new("<\\3", "</3", absorbRepeats: true, version1: false), new("<3", "<3", absorbRepeats: true),
    ];

    private static readonly Emoticon[] Dash = [new("-_-", "-_-", true)];

    private static readonly Emoticon[] LetterX = [new("xd", ":d", true, true)];

    private static readonly Emoticon[] LetterT = [new("t_t", "t_t", true)];

    private static readonly Emoticon[] Caret = [new("^_^", "^_^"), new("^^", "^_^")];
}
