using System.Globalization;

using PeerTriage.Lexicons;

namespace PeerTriage.Tests.Text.Reference;

/// <summary>
/// A verbatim copy of the lexicon scanner as it was before the one text front-end (commit 8e992cd), with its own
/// character classes and emoticon table: the reference that proves text-analysis version 1 still reads every text
/// exactly as it did. Never edit it.
/// </summary>
internal static class OriginalLexiconScanner
{
    /// <summary>Longest canonical word kept; the rest of a longer word is skipped.</summary>
    public const int MaxWordLength = 64;

    /// <summary>Canonical-text chars needed for any text of <paramref name="textLength"/> chars.</summary>
    public static int CanonCapacity(int textLength) => (textLength * 2) + 8;

    /// <summary>
    /// Scans <paramref name="text"/>; stops cleanly when <paramref name="tokens"/> or <paramref name="canon"/> is full.
    /// </summary>
    /// <returns>The number of tokens written.</returns>
    public static int Scan(ReadOnlySpan<char> text, Span<ScanToken> tokens, Span<char> canon, out int exclamations, out int questions)
    {
        int count = 0, canonLength = 0;
        exclamations = 0;
        questions = 0;
        bool clauseStart = true;
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c <= ' ')
            {
                if (c is '\n' or '\r')
                    clauseStart = true;
                i++;
                continue;
            }
            if ((c | 0x20) is 'h' or 'w' && IsLinkStart(text[i..]))
            {
                while (i < text.Length && !char.IsWhiteSpace(text[i]))
                    i++;
                continue;
            }
            if (count >= tokens.Length)
                break;
            ref ScanToken token = ref tokens[count];
            if (TryEmoticon(text, i, out int end, out string? emoticon))
            {
                if (canonLength + emoticon.Length > canon.Length)
                    break;
                emoticon.AsSpan().CopyTo(canon[canonLength..]);
                Set(ref token, i, end - i, canon, canonLength, emoticon.Length, ScanFlags.None, ref clauseStart);
                canonLength += emoticon.Length;
                count++;
                i = end;
                continue;
            }
            int width = WordCharWidth(text, i);
            if (width > 0)
            {
                // A canonical word is never longer than the text it was read from, nor than MaxWordLength.
                if (canonLength + Math.Min(MaxWordLength, text.Length - i) > canon.Length)
                    break;
                end = Word(text, i, canon[canonLength..], out int length, out ScanFlags flags);
                Set(ref token, i, end - i, canon, canonLength, length, flags, ref clauseStart);
                token.Flags |= Modifiers.WordFlags(token.Hash);
                canonLength += length;
                count++;
                i = end;
                continue;
            }
            int codePoint = c;
            width = 1;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                codePoint = char.ConvertToUtf32(c, text[i + 1]);
                width = 2;
            }
            if (IsEmoji(codePoint) && !IsIgnorable(codePoint))
            {
                if (canonLength + width > canon.Length)
                    break;
                text.Slice(i, width).CopyTo(canon[canonLength..]);
                Set(ref token, i, width, canon, canonLength, width, ScanFlags.None, ref clauseStart);
                canonLength += width;
                count++;
                i += width;
                continue;
            }
            if (c == '!')
                exclamations++;
            else if (c == '?')
                questions++;
            if (IsClausePunctuation(c))
                clauseStart = true;
            i += width;
        }
        return count;
    }

    private static void Set(ref ScanToken token, int start, int length, Span<char> canon, int canonStart, int canonLength,
        ScanFlags flags, ref bool clauseStart)
    {
        token.Start = start;
        token.Length = length;
        token.CanonStart = canonStart;
        token.CanonLength = canonLength;
        token.Hash = TermHash.Of(canon.Slice(canonStart, canonLength));
        token.Flags = clauseStart ? flags | ScanFlags.ClauseStart : flags;
        clauseStart = false;
    }

    /// <summary>Reads a word at <paramref name="i"/>; returns its end in the text.</summary>
    private static int Word(ReadOnlySpan<char> text, int i, Span<char> dest, out int length, out ScanFlags flags)
    {
        bool upper = false, lower = false;
        length = 0;
        char last = '\0';
        int run = 0;
        int j = i;
        int limit = Math.Min(dest.Length, MaxWordLength);
        while (j < text.Length)
        {
            int width = WordCharWidth(text, j);
            char c = text[j];
            if (width == 0)
            {
                // "don't" → "dont": an apostrophe inside a word is dropped, not a split.
                if (c is '\'' or '\u2019' && j > i && j + 1 < text.Length && WordCharWidth(text, j + 1) > 0)
                {
                    j++;
                    continue;
                }
                break;
            }
            if (width == 2)
            {
                if (length + 2 <= limit)
                {
                    dest[length] = c;
                    dest[length + 1] = text[j + 1];
                    length += 2;
                }
                last = '\0';
                j += 2;
                continue;
            }
            char l;
            if (c < 0x80)
            {
                bool isUpper = char.IsAsciiLetterUpper(c);
                upper |= isUpper;
                lower |= char.IsAsciiLetterLower(c);
                l = isUpper ? (char)(c | 0x20) : c;
            }
            else
            {
                upper |= char.IsUpper(c);
                lower |= char.IsLower(c);
                l = char.ToLowerInvariant(c);
            }
            if (l == last)
            {
                if (run >= 2 && char.IsLetter(l))
                {
                    j++;
                    continue; // "sooooo" → "soo"
                }
                run++;
            }
            else
            {
                last = l;
                run = 1;
            }
            if (length < limit)
                dest[length++] = l;
            j++;
        }
        flags = ScanFlags.Word;
        if (upper && !lower)
            flags |= ScanFlags.AllCaps;
        // A "n't" contraction as written ("didn't", "WOULDN’T") is a negation even when not in the word list.
        if (j - i >= 3 && (text[j - 1] | 0x20) == 't' && text[j - 2] is '\'' or '\u2019' && (text[j - 3] | 0x20) == 'n')
            flags |= ScanFlags.Negator;
        return j;
    }

    private static bool IsLinkStart(ReadOnlySpan<char> s) =>
        s.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || s.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || s.StartsWith("www.", StringComparison.OrdinalIgnoreCase);

    private static bool IsClausePunctuation(char c) =>
        c is '.' or ',' or ';' or ':' or '!' or '?' or '(' or ')' or '[' or ']' or '\u2026' or '\u2014' or '\u2013';

    /// <summary>1 or 2 (surrogate pair) when a word char starts at <paramref name="j"/>, else 0.</summary>
    internal static int WordCharWidth(ReadOnlySpan<char> s, int j)
    {
        char c = s[j];
        if (c < 0x80)
            return char.IsAsciiLetterOrDigit(c) ? 1 : 0;
        if (char.IsHighSurrogate(c))
        {
            if (j + 1 >= s.Length || !char.IsLowSurrogate(s[j + 1]))
                return 0;
            int codePoint = char.ConvertToUtf32(c, s[j + 1]);
            return !IsIgnorable(codePoint) && !IsEmoji(codePoint) && IsWordCategory(CharUnicodeInfo.GetUnicodeCategory(codePoint)) ? 2 : 0;
        }
        if (char.IsLowSurrogate(c) || IsIgnorable(c))
            return 0;
        return IsWordCategory(CharUnicodeInfo.GetUnicodeCategory(c)) ? 1 : 0;
    }

    private static bool IsWordCategory(UnicodeCategory category) => category
        is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
        or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
        or UnicodeCategory.LetterNumber or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
        or UnicodeCategory.EnclosingMark;

    /// <summary>Parts of emoji sequences that carry no meaning on their own (selectors, joiners, skin tones).</summary>
    private static bool IsIgnorable(int codePoint) =>
        codePoint is 0xFE0E or 0xFE0F or 0x200D or 0x20E3 or (>= 0x1F3FB and <= 0x1F3FF) or (>= 0xE0020 and <= 0xE007F);

    private static bool IsEmoji(int codePoint) =>
        codePoint is (>= 0x1F000 and <= 0x1FAFF) or (>= 0x2600 and <= 0x27BF) or (>= 0x2300 and <= 0x23FF) or (>= 0x2B00 and <= 0x2BFF);

    // ---- emoticons: the tokenizer's canonical spellings; the table is this project's own ----

    private readonly record struct Emoticon(string Pattern, string Canonical, bool BoundaryBefore, bool AbsorbRepeats);

    private static readonly Emoticon[] s_emoticons =
    [
        new(":'-(", ":'(", false, true), new(":'(", ":'(", false, true), new(":,(", ":'(", false, true),
        new(":-)", ":)", false, true), new(":)", ":)", false, true), new(":]", ":)", false, false),
        new(":-(", ":(", false, true), new(":(", ":(", false, true), new(":[", ":(", false, false),
        new(":-d", ":d", false, true), new(":d", ":d", false, true),
        new(":-p", ":p", false, true), new(":p", ":p", false, true),
        new(":-/", ":/", false, false), new(":/", ":/", false, false), new(":\\", ":/", false, false),
        new(":-|", ":|", false, false), new(":|", ":|", false, false),
        new(":-o", ":o", false, true), new(":o", ":o", false, true),
        new(";-)", ";)", false, true), new(";)", ";)", false, true), new(";p", ":p", false, true),
        new("=)", ":)", true, true), new("=(", ":(", true, true), new("=d", ":d", true, true), new("=/", ":/", true, false),
        new("(-:", ":)", true, false), new("(:", ":)", true, false),
        new(")-:", ":(", true, false), new("):", ":(", true, false),
        new("</3", "</3", false, true), new("<3", "<3", false, true),
        new("-_-", "-_-", true, false), new("t_t", "t_t", true, false), new("xd", ":d", true, true),
        new("^_^", "^_^", false, false), new("^^", "^_^", false, false),
    ];

    private static bool TryEmoticon(ReadOnlySpan<char> text, int i, out int end, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? canonical)
    {
        end = i;
        canonical = null;
        char c = text[i];
        if (c is not (':' or ';' or '=' or '(' or ')' or '<' or '-' or '^'))
        {
            // Only "xd" and "t_t" start with a letter: most words leave here at once.
            char next = i + 1 < text.Length ? text[i + 1] : '\0';
            if (!((c | 0x20) == 'x' && (next | 0x20) == 'd') && !((c | 0x20) == 't' && next == '_'))
                return false;
        }
        foreach (Emoticon e in s_emoticons)
        {
            string p = e.Pattern;
            if (text.Length - i < p.Length || ToLowerAscii(text[i]) != p[0])
                continue;
            int k = 1;
            while (k < p.Length && ToLowerAscii(text[i + k]) == p[k])
                k++;
            if (k < p.Length)
                continue;
            if (e.BoundaryBefore && i > 0 && WordCharWidth(text, i - 1) > 0)
                continue;
            int j = i + p.Length;
            if (e.AbsorbRepeats)
            {
                while (j < text.Length && ToLowerAscii(text[j]) == p[^1])
                    j++;
            }
            if (j < text.Length && (text[j] is '/' or '\\' || WordCharWidth(text, j) > 0))
                continue;
            end = j;
            canonical = e.Canonical;
            return true;
        }
        return false;
    }

    private static char ToLowerAscii(char c) => char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;
}
