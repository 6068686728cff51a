using System.Globalization;

namespace PeerTriage.Text;

/// <summary>
/// The character classes every text step shares: word chars, emoji, the ignorable parts of emoji sequences, and
/// clause punctuation. One definition, so the tokenizer and the lexicon step cannot drift apart.
/// </summary>
internal static class CharClasses
{
    /// <summary>1 or 2 (surrogate pair) when a word char (letter, digit, combining mark) starts at <paramref name="j"/>, else 0.</summary>
    /// <remarks>No emoji code point has a word category (a test enumerates them), so emoji are never word chars.</remarks>
    public static int WordCharWidth(ReadOnlySpan<char> s, int j)
    {
        char c = s[j];
        if (c < 0x80)
            return char.IsAsciiLetterOrDigit(c) ? 1 : 0;
        if (char.IsHighSurrogate(c))
        {
            if (j + 1 >= s.Length || !char.IsLowSurrogate(s[j + 1]))
                return 0;
            int codePoint = char.ConvertToUtf32(c, s[j + 1]);
            return !IsIgnorable(codePoint) && IsWordCategory(CharUnicodeInfo.GetUnicodeCategory(codePoint)) ? 2 : 0;
        }
        if (char.IsLowSurrogate(c) || IsIgnorable(c))
            return 0;
        return IsWordCategory(CharUnicodeInfo.GetUnicodeCategory(c)) ? 1 : 0;
    }

    /// <summary>Letters, digits, letter numbers and combining marks.</summary>
    public static bool IsWordCategory(UnicodeCategory category) => category
        is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
        or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
        or UnicodeCategory.LetterNumber or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
        or UnicodeCategory.EnclosingMark;

    /// <summary>Parts of emoji sequences that carry no meaning on their own.</summary>
    public static bool IsIgnorable(int codePoint) =>
        codePoint is 0xFE0E or 0xFE0F      // text / emoji presentation selectors
            or 0x200D                      // zero-width joiner
            or 0x20E3                      // combining keycap
            or (>= 0x1F3FB and <= 0x1F3FF) // skin-tone modifiers
            or (>= 0xE0020 and <= 0xE007F); // tag characters of subdivision flags

    /// <summary>Code points read as one emoji token each.</summary>
    public static bool IsEmoji(int codePoint) =>
        codePoint is (>= 0x1F000 and <= 0x1FAFF) // emoticons, pictographs, transport, flags (regional indicators)...
            or (>= 0x2600 and <= 0x27BF)         // miscellaneous symbols and dingbats: ☹ ☺ ♥ ❤ ✨
            or (>= 0x2300 and <= 0x23FF)         // ⌛ ⏰ ...
            or (>= 0x2B00 and <= 0x2BFF);        // ⭐ ⬛ ...

    /// <summary>Punctuation that ends a clause: negation scopes and lexicon phrases do not run across it.</summary>
    public static bool IsClausePunctuation(char c) =>
        c is '.' or ',' or ';' or ':' or '!' or '?' or '(' or ')' or '[' or ']' or '\u2026' or '\u2014' or '\u2013';

    /// <summary>ASCII upper-case letters lowered, everything else as is.</summary>
    public static char ToLowerAscii(char c) => char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;
}
