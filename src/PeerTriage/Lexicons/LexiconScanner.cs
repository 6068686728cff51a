using System.Diagnostics.CodeAnalysis;
using PeerTriage.Text;

namespace PeerTriage.Lexicons;

/// <summary>
/// Text-analysis version 1 of the lexicon step, kept so that models trained with it score exactly as before: a
/// second, case-preserving pass over the HTML-stripped text (not normalized, so ALL-CAPS stays visible) that gives
/// each token the canonical form <see cref="Text.Tokenizer"/> gives it after <see cref="Text.TextNormalizer"/> in the
/// common case: lower case, apostrophes inside words removed ("Don't" → "dont"), runs of three or more identical
/// letters cut to two, emoticons in canonical spelling, emoji as their code point. It shares
/// <see cref="CharClasses"/> and the <see cref="Emoticons"/> table (its version-1 subset) with the tokenizer.
/// Version 2 reads the tokenizer's own tokens instead (<see cref="LexiconTokens"/>).
/// </summary>
/// <remarks>
/// Links (http://, https://, www.) are skipped. Clause punctuation and line breaks are not tokens but mark the next
/// token as <see cref="ScanFlags.ClauseStart"/>; '!' and '?' are counted for VADER's punctuation emphasis. No NFKC
/// folding is done (fullwidth letters are not matched), numbers split at '.' and ',', and e-mail addresses and
/// mentions are read as words. Linear time, no allocation.
/// </remarks>
internal static class LexiconScanner
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
            if (CharClasses.IsEmoji(codePoint) && !CharClasses.IsIgnorable(codePoint))
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
            if (CharClasses.IsClausePunctuation(c))
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

    private static int WordCharWidth(ReadOnlySpan<char> s, int j) => CharClasses.WordCharWidth(s, j);

    private static bool TryEmoticon(ReadOnlySpan<char> text, int i, out int end, [NotNullWhen(true)] out string? canonical) =>
        Emoticons.TryMatch(text, i, version1: true, out end, out canonical);
}
