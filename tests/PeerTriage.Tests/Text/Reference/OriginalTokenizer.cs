using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

using PeerTriage.Text;

namespace PeerTriage.Tests.Text.Reference;

/// <summary>
/// A verbatim copy of the tokenizer as it was before the one text front-end (commit 8e992cd), with its own character
/// classes and emoticon table and no ASCII fast path: the reference that proves the tokenizer still gives the same
/// tokens. Never edit it.
/// </summary>
internal static class OriginalTokenizer
{
    /// <summary>The longest token text written; longer words and numbers are cut to this many chars.</summary>
    public const int MaxTokenLength = 64;

    /// <summary>
    /// Tokenizes normalized text, writing each token's canonical text contiguously into it.
    /// </summary>
    /// <param name="normalized">Text from it (lower case, single spaces). Any other text is
    /// accepted too, but is not folded.</param>
    /// <param name="tokenText">Receives the tokens' canonical text, one after another without separators.</param>
    /// <param name="tokens">Receives the tokens, whose offsets point into it.</param>
    /// <param name="charsWritten">The number of chars written to it.</param>
    /// <returns>The number of tokens written to it.</returns>
    public static int Tokenize(ReadOnlySpan<char> normalized, Span<char> tokenText, Span<Token> tokens, out int charsWritten)
    {
        var scanner = new Scanner(normalized, tokenText, tokens);
        scanner.Run();
        charsWritten = scanner.TextLength;
        return scanner.Count;
    }

    /// <summary>
    /// Converts forum HTML or plain text to token strings: it, then
    /// it, then tokenization with buffers large enough for every token.
    /// Meant for debugging, tests and explanations; the classifier uses the span APIs.
    /// </summary>
    /// <param name="text">Forum HTML or plain text.</param>
    /// <returns>The canonical token texts in order.</returns>
    /// <exception cref="ArgumentNullException">it is null.</exception>
    public static IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string normalized = TextNormalizer.Normalize(ForumHtml.ToText(text));
        // Every token consumes at least one char and its text is at most 3x what it consumes ("@a" → "<user>").
        var tokens = new Token[normalized.Length + 1];
        var buffer = new char[(normalized.Length * 3) + 16];
        int count = Tokenize(normalized, buffer, tokens, out _);
        var result = new string[count];
        for (int k = 0; k < count; k++)
            result[k] = new string(buffer, tokens[k].Start, tokens[k].Length);
        return result;
    }

    private ref struct Scanner
    {
        private readonly ReadOnlySpan<char> _src;
        private readonly Span<char> _text;
        private readonly Span<Token> _tokens;
        private int _textLength;
        private int _count;
        private bool _full;

        // Left ends of scans known to fail, so a failed e-mail or domain scan is never repeated from inside its own
        // run (which would make "a.a.a.a..." quadratic).
        private int _noEmailUntil;
        private int _noDomainUntil;

        // The previous token's code point when it was an emoji (else -1), and how many in a row.
        private int _lastEmoji;
        private int _emojiRepeat;

        public Scanner(ReadOnlySpan<char> src, Span<char> text, Span<Token> tokens)
        {
            _src = src;
            _text = text;
            _tokens = tokens;
            _lastEmoji = -1;
        }

        public readonly int TextLength => _textLength;

        public readonly int Count => _count;

        public void Run()
        {
            int i = 0;
            while (i < _src.Length && !_full)
                i = _src[i] < 0x80 ? AsciiToken(i) : OtherToken(i);
        }

        /// <summary>Reads the token starting with an ASCII char at it; returns where to go on.</summary>
        private int AsciiToken(int i)
        {
            char c = _src[i];
            if (c <= ' ')
                return i + 1;
            if (IsPlainWord(i))
                return Word(i);
            int end;
            if ((c | 0x20) is 'h' or 'w' && TryUrl(i, out end))
                return Placeholder(Placeholders.Url, end);
            if (IsEmailLocalChar(c) && TryAddress(i, out end, out string? placeholder))
                return Placeholder(placeholder, end);
            if (c == '@')
                return Mention(i);
            if ((char.IsAsciiDigit(c) || c is '+' or '(') && TryPhone(i, out end))
                return Placeholder(Placeholders.Phone, end);
            if (TryEmoticon(i, out end, out string? canonical))
            {
                Emit(canonical, TokenKind.Emoticon);
                return end;
            }
            if (char.IsAsciiDigit(c))
                return Number(i);
            if (char.IsAsciiLetter(c))
                return Word(i);
            if (c is '!' or '?')
                return Exclamation(i);
            if (c == '.')
                return Dots(i);
            return i + 1;
        }

        /// <summary>
        /// Fast path for the common case: letters and digits led by a letter and followed by a char that cannot
        /// continue a URL, address, mention or emoticon. Such a run can only be a word ("x" is excluded for "xd").
        /// </summary>
        private readonly bool IsPlainWord(int i)
        {
            ReadOnlySpan<char> src = _src;
            char c = src[i];
            if (!char.IsAsciiLetter(c) || (c | 0x20) == 'x')
                return false;
            int k = i + 1;
            while (k < src.Length && char.IsAsciiLetterOrDigit(src[k]))
                k++;
            return k == src.Length || src[k] is ' ' or ',' or '!' or '?' or ';' or ')' or '"' or '\'' or '\n' or '\t';
        }

        /// <summary>Reads the token starting with a non-ASCII char at it.</summary>
        private int OtherToken(int i)
        {
            char c = _src[i];
            int codePoint = c;
            int width = 1;
            if (char.IsHighSurrogate(c) && i + 1 < _src.Length && char.IsLowSurrogate(_src[i + 1]))
            {
                codePoint = char.ConvertToUtf32(c, _src[i + 1]);
                width = 2;
            }
            else if (char.IsSurrogate(c))
            {
                return i + 1;
            }

            if (IsIgnorable(codePoint))
                return i + width;
            if (IsEmoji(codePoint))
                return Emoji(i, codePoint, width);
            if (c == '\u2026')
            {
                Emit("...", TokenKind.Punctuation);
                return i + 1;
            }
            if (WordCharWidth(i) > 0)
                return Word(i);
            return i + width;
        }

        private int Placeholder(string placeholder, int end)
        {
            Emit(placeholder, TokenKind.Placeholder);
            return end;
        }

        private int Word(int i)
        {
            ReadOnlySpan<char> src = _src;
            int start = _textLength;
            int room = _text.Length - start;
            bool roomLimited = room < MaxTokenLength;
            if (_count >= _tokens.Length || room <= 0)
            {
                _full = true;
                return src.Length;
            }
            Span<char> dest = _text.Slice(start, roomLimited ? room : MaxTokenLength);
            int length = 0;
            char last = '\0';
            int run = 0;
            int j = i;
            while (j < src.Length)
            {
                char c = src[j];
                int width = c < 0x80 ? (char.IsAsciiLetterOrDigit(c) ? 1 : 0) : WordCharWidth(j);
                if (width == 0)
                {
                    // "don't" → "dont": an apostrophe inside a word is dropped, not a split.
                    if (c is '\'' or '\u2019' && j + 1 < src.Length && WordCharWidth(j + 1) > 0)
                    {
                        j++;
                        continue;
                    }
                    break;
                }
                if (width == 1 && c == last)
                {
                    if (run >= 2 && char.IsLetter(c))
                    {
                        j++;
                        continue; // "sooooo" → "soo"
                    }
                    run++;
                }
                else
                {
                    last = width == 1 ? c : '\0';
                    run = 1;
                }
                if (length + width <= dest.Length)
                {
                    dest[length] = c;
                    if (width == 2)
                        dest[length + 1] = src[j + 1];
                    length += width;
                }
                else if (roomLimited)
                {
                    _full = true; // the word does not fit: stop without a partial token
                    return src.Length;
                }
                j += width; // past MaxTokenLength the rest of the word is skipped
            }
            Commit(start, length, TokenKind.Word);
            return j;
        }

        private int Number(int i)
        {
            ReadOnlySpan<char> src = _src;
            int j = i;
            bool separated = false;
            while (true)
            {
                while (j < src.Length && char.IsAsciiDigit(src[j]))
                    j++;
                if (j + 1 < src.Length && src[j] is '.' or ',' && char.IsAsciiDigit(src[j + 1]))
                {
                    j++;
                    separated = true;
                    continue;
                }
                // A time: exactly two digits after the colon, so "3:30" is one number and ":3" is not eaten.
                if (j + 2 < src.Length && src[j] == ':' && char.IsAsciiDigit(src[j + 1]) && char.IsAsciiDigit(src[j + 2])
                    && (j + 3 == src.Length || !char.IsAsciiDigit(src[j + 3])))
                {
                    j += 3;
                    separated = true;
                    continue;
                }
                break;
            }
            if (!separated && j < src.Length && WordCharWidth(j) > 0)
                return Word(i);
            Emit(src[i..Math.Min(j, i + MaxTokenLength)], TokenKind.Number);
            return j;
        }

        private int Exclamation(int i)
        {
            ReadOnlySpan<char> src = _src;
            bool bang = false, question = false;
            int j = i;
            while (j < src.Length && src[j] is '!' or '?')
            {
                if (src[j] == '!')
                    bang = true;
                else
                    question = true;
                j++;
            }
            string text = (bang, question, j - i) switch
            {
                (true, true, _) => "?!",
                (true, _, 1) => "!",
                (true, _, _) => "!!",
                (_, _, 1) => "?",
                _ => "??",
            };
            Emit(text, TokenKind.Punctuation);
            return j;
        }

        private int Dots(int i)
        {
            int j = i;
            while (j < _src.Length && _src[j] == '.')
                j++;
            if (j - i >= 2)
                Emit("...", TokenKind.Punctuation);
            return j;
        }

        private int Emoji(int i, int codePoint, int width)
        {
            if (codePoint == _lastEmoji)
            {
                if (++_emojiRepeat > 2)
                    return i + width;
            }
            else
            {
                _emojiRepeat = 1;
            }
            if (Emit(_src.Slice(i, width), TokenKind.Emoji))
                _lastEmoji = codePoint;
            return i + width;
        }

        private int Mention(int i)
        {
            ReadOnlySpan<char> src = _src;
            int j = i + 1;
            while (j < src.Length && (char.IsLetterOrDigit(src[j]) || src[j] is '_' or '.' or '-'))
                j++;
            while (j > i + 1 && src[j - 1] is '.' or '-')
                j--;
            if (j == i + 1)
                return i + 1; // a lone '@' is punctuation
            return Placeholder(Placeholders.Mention, j);
        }

        private readonly bool TryUrl(int i, out int end)
        {
            ReadOnlySpan<char> src = _src;
            ReadOnlySpan<char> rest = src[i..];
            int prefix = rest.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? 8
                : rest.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? 7
                : rest.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? 4
                : 0;
            end = i;
            if (prefix == 0)
                return false;
            int j = i + prefix;
            while (j < src.Length && !char.IsWhiteSpace(src[j]) && src[j] is not ('<' or '>' or '"'))
                j++;
            j = TrimUrlEnd(i + prefix, j);
            if (j == i + prefix)
                return false;
            end = j;
            return true;
        }

        private readonly int TrimUrlEnd(int min, int end)
        {
            // Sentence punctuation after a link is not part of it: "see www.x.org!" keeps its "!".
            while (end > min && _src[end - 1] is '.' or ',' or ';' or ':' or '!' or '?' or ')' or ']' or '}' or '\'' or '"')
                end--;
            return end;
        }

        /// <summary>
        /// Recognizes an e-mail address, or a bare domain such as "example.com/page" when it holds
        /// a letter, with one scan of the run of address chars in the common case of an ordinary word.
        /// </summary>
        private bool TryAddress(int i, out int end, [NotNullWhen(true)] out string? placeholder)
        {
            ReadOnlySpan<char> src = _src;
            end = i;
            placeholder = null;
            bool tryEmail = i >= _noEmailUntil;
            bool tryDomain = i >= _noDomainUntil && char.IsAsciiLetter(src[i]);
            if (!tryEmail && !tryDomain)
                return false;

            int runEnd = i;
            bool dot = false;
            while (runEnd < src.Length && IsEmailLocalChar(src[runEnd]))
            {
                dot |= src[runEnd] == '.';
                runEnd++;
            }

            // Every later start inside the run ends its scan at the same place and fails the same way.
            if (tryEmail)
            {
                if (runEnd < src.Length && src[runEnd] == '@' && runEnd > i)
                {
                    int domainEnd = DomainEnd(runEnd + 1);
                    if (HasTopLevelDomain(src[(runEnd + 1)..domainEnd], out _))
                    {
                        end = domainEnd;
                        placeholder = Placeholders.Email;
                        return true;
                    }
                }
                _noEmailUntil = Math.Max(runEnd, i + 1);
            }
            if (tryDomain)
            {
                int domainEnd = dot ? DomainEnd(i) : runEnd;
                if (dot && (domainEnd >= src.Length || src[domainEnd] != '@')
                    && HasTopLevelDomain(src[i..domainEnd], out ReadOnlySpan<char> tld) && IsCommonTld(tld))
                {
                    end = domainEnd;
                    if (end < src.Length && src[end] == '/')
                    {
                        while (end < src.Length && !char.IsWhiteSpace(src[end]) && src[end] is not ('<' or '>' or '"'))
                            end++;
                        end = TrimUrlEnd(domainEnd, end);
                    }
                    placeholder = Placeholders.Url;
                    return true;
                }
                _noDomainUntil = Math.Max(domainEnd, i + 1);
            }
            return false;
        }

        /// <summary>True for "label.tld" with a top-level domain of two or more chars.</summary>
        private static bool HasTopLevelDomain(ReadOnlySpan<char> host, out ReadOnlySpan<char> tld)
        {
            int dot = host.LastIndexOf('.');
            tld = dot > 0 ? host[(dot + 1)..] : default;
            return tld.Length >= 2;
        }

        /// <summary>End of a run of host-name chars from it, without trailing dots or dashes.</summary>
        private readonly int DomainEnd(int start)
        {
            ReadOnlySpan<char> src = _src;
            int j = start;
            while (j < src.Length && (char.IsAsciiLetterOrDigit(src[j]) || src[j] is '-' or '.'))
                j++;
            while (j > start && src[j - 1] is '.' or '-')
                j--;
            return j;
        }

        private static bool IsCommonTld(ReadOnlySpan<char> tld) =>
            tld is "com" or "org" or "net" or "edu" or "gov" or "io" or "co" or "uk" or "au" or "nz" or "ca" or "ie"
                or "info" or "ly";

        private readonly bool TryPhone(int i, out int end)
        {
            ReadOnlySpan<char> src = _src;
            end = i;
            int j = src[i] == '+' ? i + 1 : i;
            int digits = 0, groups = 0, groupLength = 0, lastDigitEnd = -1, separators = 0;
            bool spaceInSeparators = false;
            Span<int> firstGroups = stackalloc int[3];
            while (j < src.Length)
            {
                char c = src[j];
                if (char.IsAsciiDigit(c))
                {
                    digits++;
                    groupLength++;
                    lastDigitEnd = ++j;
                    separators = 0;
                    spaceInSeparators = false;
                    continue;
                }
                // Between digit groups: at most two of " -.()" and one space, e.g. ") " in "(555) 123-4567".
                if (c is not (' ' or '-' or '.' or '(' or ')') || ++separators > 2 || (c == ' ' && spaceInSeparators))
                    break;
                spaceInSeparators |= c == ' ';
                if (groupLength > 0)
                {
                    if (groups < 3)
                        firstGroups[groups] = groupLength;
                    groups++;
                    groupLength = 0;
                }
                j++;
            }
            if (groupLength > 0)
            {
                if (groups < 3)
                    firstGroups[groups] = groupLength;
                groups++;
            }
            if (digits < 7 || (lastDigitEnd < src.Length && WordCharWidth(lastDigitEnd) > 0))
                return false;
            if (groups == 3 && IsDateShaped(firstGroups[0], firstGroups[1], firstGroups[2]))
                return false;
            end = lastDigitEnd;
            return true;
        }

        private static bool IsDateShaped(int a, int b, int c) =>
            (a == 4 && b <= 2 && c <= 2) || (c == 4 && a <= 2 && b <= 2);

        private readonly bool TryEmoticon(int i, out int end, [NotNullWhen(true)] out string? canonical)
        {
            end = i;
            canonical = null;
            ReadOnlySpan<Emoticon> group = EmoticonsStartingWith(_src[i]);
            foreach (ref readonly Emoticon e in group)
            {
                if (Matches(i, e, out end))
                {
                    canonical = e.Canonical;
                    return true;
                }
            }
            return false;
        }

        private readonly bool Matches(int i, in Emoticon e, out int end)
        {
            ReadOnlySpan<char> src = _src;
            ReadOnlySpan<char> pattern = e.Pattern;
            end = i;
            if (src.Length - i < pattern.Length)
                return false;
            for (int k = 0; k < pattern.Length; k++)
            {
                if (ToLowerAscii(src[i + k]) != pattern[k])
                    return false;
            }
            if (e.BoundaryBefore && i > 0 && WordCharWidth(i - 1) > 0)
                return false;
            int j = i + pattern.Length;
            if (e.AbsorbRepeats)
            {
                while (j < src.Length && ToLowerAscii(src[j]) == pattern[^1])
                    j++;
            }
            if (j < src.Length && (src[j] is '/' or '\\' || WordCharWidth(j) > 0))
                return false;
            end = j;
            return true;
        }

        /// <summary>1 or 2 (surrogate pair) when a word char starts at it, else 0.</summary>
        private readonly int WordCharWidth(int j)
        {
            ReadOnlySpan<char> src = _src;
            char c = src[j];
            if (c < 0x80)
                return char.IsAsciiLetterOrDigit(c) ? 1 : 0;
            if (char.IsHighSurrogate(c))
            {
                if (j + 1 >= src.Length || !char.IsLowSurrogate(src[j + 1]))
                    return 0;
                int codePoint = char.ConvertToUtf32(c, src[j + 1]);
                return !IsIgnorable(codePoint) && IsWordCategory(CharUnicodeInfo.GetUnicodeCategory(codePoint)) ? 2 : 0;
            }
            if (char.IsLowSurrogate(c) || IsIgnorable(c))
                return 0;
            return IsWordCategory(CharUnicodeInfo.GetUnicodeCategory(c)) ? 1 : 0;
        }

        private bool Emit(scoped ReadOnlySpan<char> text, TokenKind kind)
        {
            if (_count >= _tokens.Length || _textLength + text.Length > _text.Length)
            {
                _full = true;
                return false;
            }
            text.CopyTo(_text[_textLength..]);
            Commit(_textLength, text.Length, kind);
            return true;
        }

        private void Commit(int start, int length, TokenKind kind)
        {
            _tokens[_count++] = new Token(start, length, kind);
            _textLength = start + length;
            if (kind != TokenKind.Emoji)
                _lastEmoji = -1;
        }
    }

    private static char ToLowerAscii(char c) => char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;

    private static bool IsEmailLocalChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-';

    private static bool IsWordCategory(UnicodeCategory category) => category
        is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
        or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
        or UnicodeCategory.LetterNumber or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
        or UnicodeCategory.EnclosingMark;

    /// <summary>Parts of emoji sequences that carry no meaning on their own.</summary>
    private static bool IsIgnorable(int codePoint) =>
        codePoint is 0xFE0E or 0xFE0F      // text / emoji presentation selectors
            or 0x200D                      // zero-width joiner
            or 0x20E3                      // combining keycap
            or (>= 0x1F3FB and <= 0x1F3FF) // skin-tone modifiers
            or (>= 0xE0020 and <= 0xE007F); // tag characters of subdivision flags

    private static bool IsEmoji(int codePoint) =>
        codePoint is (>= 0x1F000 and <= 0x1FAFF) // emoticons, pictographs, transport, flags (regional indicators)...
            or (>= 0x2600 and <= 0x27BF)         // miscellaneous symbols and dingbats: ☹ ☺ ♥ ❤ ✨
            or (>= 0x2300 and <= 0x23FF)         // ⌛ ⏰ ...
            or (>= 0x2B00 and <= 0x2BFF);        // ⭐ ⬛ ...

    private readonly struct Emoticon(string pattern, string canonical, bool boundaryBefore = false, bool absorbRepeats = false)
    {
        public string Pattern { get; } = pattern;

        public string Canonical { get; } = canonical;

        /// <summary>Must not follow a word char: "(like this):" is not a sad face.</summary>
        public bool BoundaryBefore { get; } = boundaryBefore;

        /// <summary>Repeats of the last char belong to the emoticon: ":)))".</summary>
        public bool AbsorbRepeats { get; } = absorbRepeats;
    }

    private static ReadOnlySpan<Emoticon> EmoticonsStartingWith(char c) => ToLowerAscii(c) switch
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
        new(":-/", ":/"), new(":/", ":/"), new(":-\\", ":/"), new(":\\", ":/"),
        new(":-|", ":|"), new(":|", ":|"),
        new(":-o", ":o", absorbRepeats: true), new(":o", ":o", absorbRepeats: true),
    ];

    private static readonly Emoticon[] Semicolon =
    [
        new(";-)", ";)", absorbRepeats: true), new(";)", ";)", absorbRepeats: true),
        new(";-p", ":p", absorbRepeats: true), new(";p", ":p", absorbRepeats: true),
    ];

    private static readonly Emoticon[] EqualsSign =
    [
        new("=)", ":)", true, true), new("=]", ":)", true), new("=(", ":(", true, true), new("=d", ":d", true, true),
        new("=p", ":p", true, true), new("=/", ":/", true),
    ];

    private static readonly Emoticon[] OpenParen = [new("(-:", ":)", true), new("(:", ":)", true)];

    private static readonly Emoticon[] CloseParen = [new(")-:", ":(", true), new("):", ":(", true)];

    private static readonly Emoticon[] LessThan =
    [
        new("</3", "</3", absorbRepeats: true), new("<\\3", "</3", absorbRepeats: true), new("<3", "<3", absorbRepeats: true),
    ];

    private static readonly Emoticon[] Dash = [new("-_-", "-_-", true)];

    private static readonly Emoticon[] LetterX = [new("xd", ":d", true, true)];

    private static readonly Emoticon[] LetterT = [new("t_t", "t_t", true)];

    private static readonly Emoticon[] Caret = [new("^_^", "^_^"), new("^^", "^_^")];
}
