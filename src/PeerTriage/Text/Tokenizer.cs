using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace PeerTriage.Text;

/// <summary>
/// Splits normalized text (see <see cref="TextNormalizer"/>) into canonical tokens for the classifier.
/// </summary>
/// <remarks>
/// <para>Canonicalization rules:</para>
/// <list type="bullet">
/// <item><description><b>Words</b> (<see cref="TokenKind.Word"/>): runs of letters, digits and combining marks.
/// An apostrophe between two word chars is removed, so "don't" and "dont" are the same token ("i'm" → "im",
/// "can't" → "cant"); other punctuation, including hyphens, splits words. Runs of three or more identical letters
/// collapse to two ("sooooo" → "soo"). Text longer than <see cref="MaxTokenLength"/> is cut to that length (the rest
/// of the word is skipped).</description></item>
/// <item><description><b>Numbers</b> (<see cref="TokenKind.Number"/>): ASCII digit runs with internal '.' or ','
/// ("3.5", "1,000") or a ":mm" time part ("3:30"), kept as written. Digits followed by letters ("20mg") are a
/// word.</description></item>
/// <item><description><b>Placeholders</b> (<see cref="TokenKind.Placeholder"/>), see <see cref="Placeholders"/>:
/// URLs (http://, https://, www. and bare domains ending in a common top-level domain such as .com, .org or .co.uk,
/// with their path) → "&lt;url&gt;"; e-mail addresses → "&lt;email&gt;"; 7 or more digits separated only by single
/// spaces, dashes, dots or parentheses, optionally led by '+', → "&lt;phone&gt;" (except three groups shaped like a
/// date, such as 2024-05-12); "@name" → "&lt;user&gt;". The original text is never written to the token
/// buffer.</description></item>
/// <item><description><b>Emoticons</b> (<see cref="TokenKind.Emoticon"/>) in canonical form: ":)" (also ":-)",
/// "=)", "(:", ":]"), ":(" (also ":-(", "):", "=(", ":["), ":'(" (also ":,("), ":d" (also ":-d", "=d", "xd"), ";)",
/// ":p" (also ":-p", ";p", "=p"), "&lt;3", "&lt;/3", ":/" (also ":\"), ":|", ":o", "-_-", "t_t", "^_^" (also "^^").
/// A repeated last char is absorbed (":)))" → ":)", "&lt;333" → "&lt;3"). An emoticon must not be followed by a
/// letter, digit or slash, and those starting with a letter, '(', ')', '=' or '-' must not follow a letter or
/// digit, so "3:30", "http://", ":pizza" and "(like this):" stay text.</description></item>
/// <item><description><b>Emoji</b> (<see cref="TokenKind.Emoji"/>): each emoji code point is one token whose text
/// is the emoji; skin-tone modifiers, variation selectors, keycap marks and joiners are dropped, so sequences split
/// into their parts ("👍🏽" → "👍"). More than two identical emoji in a row (spaces between them allowed) collapse
/// to two.</description></item>
/// <item><description><b>Punctuation</b> (<see cref="TokenKind.Punctuation"/>): a run of '!' and '?' becomes "!",
/// "?", "!!", "??" or, when mixed, "?!"; a run of two or more dots becomes "...". Other punctuation and symbols
/// are dropped.</description></item>
/// </list>
/// <para>
/// The span API runs in linear time, never throws and never allocates. It stops cleanly, without a partial token,
/// at the first token that does not fit in the token or token-text buffer: their sizes are the token cap.
/// </para>
/// </remarks>
internal static class Tokenizer
{
    /// <summary>The longest token text written; longer words and numbers are cut to this many chars.</summary>
    public const int MaxTokenLength = 64;

    /// <summary>
    /// Tokenizes normalized text, writing each token's canonical text contiguously into <paramref name="tokenText"/>.
    /// </summary>
    /// <param name="normalized">Text from <see cref="TextNormalizer"/> (lower case, single spaces). Any other text is
    /// accepted too, but is not folded.</param>
    /// <param name="tokenText">Receives the tokens' canonical text, one after another without separators.</param>
    /// <param name="tokens">Receives the tokens, whose offsets point into <paramref name="tokenText"/>.</param>
    /// <param name="charsWritten">The number of chars written to <paramref name="tokenText"/>.</param>
    /// <returns>The number of tokens written to <paramref name="tokens"/>.</returns>
    public static int Tokenize(ReadOnlySpan<char> normalized, Span<char> tokenText, Span<Token> tokens, out int charsWritten) =>
        Tokenize(normalized, tokenText, tokens, out charsWritten, fastPath: true);

    /// <summary>As <see cref="Tokenize(ReadOnlySpan{char}, Span{char}, Span{Token}, out int)"/>; without the ASCII
    /// fast path when <paramref name="fastPath"/> is false (for tests that prove both give the same tokens).</summary>
    internal static int Tokenize(ReadOnlySpan<char> normalized, Span<char> tokenText, Span<Token> tokens, out int charsWritten, bool fastPath)
    {
        var scanner = new Scanner(normalized, tokenText, tokens, fastPath);
        scanner.Run();
        charsWritten = scanner.TextLength;
        return scanner.Count;
    }

    /// <summary>
    /// Converts forum HTML or plain text to token strings: <see cref="ForumHtml.ToText(string)"/>, then
    /// <see cref="TextNormalizer.Normalize(string)"/>, then tokenization with buffers large enough for every token.
    /// Meant for debugging, tests and explanations; the classifier uses the span APIs.
    /// </summary>
    /// <param name="text">Forum HTML or plain text.</param>
    /// <returns>The canonical token texts in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
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
        private readonly bool _fastPath;
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

        public Scanner(ReadOnlySpan<char> src, Span<char> text, Span<Token> tokens, bool fastPath)
        {
            _fastPath = fastPath;
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
            {
                int count = _count;
                int next = _src[i] < 0x80 ? AsciiToken(i) : OtherToken(i);
                if (_count != count)
                    _tokens[count] = _tokens[count] with { SourceStart = i, SourceLength = next - i }; // at most one token per step
                i = next;
            }
        }

        /// <summary>Reads the token starting with an ASCII char at <paramref name="i"/>; returns where to go on.</summary>
        private int AsciiToken(int i)
        {
            char c = _src[i];
            if (c <= ' ')
                return i + 1;
            if (IsPlainWord(i, out int wordEnd))
                return _fastPath ? PlainWord(i, wordEnd) : Word(i);
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
        /// The common case: letters and digits led by a letter and followed by a char that cannot continue a URL,
        /// address, mention or emoticon. Such a run can only be a word ("x" is excluded for "xd"); it ends at
        /// <paramref name="end"/>.
        /// </summary>
        private readonly bool IsPlainWord(int i, out int end)
        {
            ReadOnlySpan<char> src = _src;
            char c = src[i];
            end = i;
            if (!char.IsAsciiLetter(c) || (c | 0x20) == 'x')
                return false;
            // Vectorized: the run of ASCII letters and digits.
            int run = src[(i + 1)..].IndexOfAnyExcept(s_asciiLetterOrDigit);
            int k = run < 0 ? src.Length : i + 1 + run;
            end = k;
            return k == src.Length || src[k] is ' ' or ',' or '!' or '?' or ';' or ')' or '"' or '\'' or '\n' or '\t';
        }

        /// <summary>
        /// ASCII fast path of <see cref="Word"/> for a plain word [<paramref name="i"/>, <paramref name="end"/>): one
        /// copy when it has no run of three identical chars, no apostrophe joining it to more word chars, and fits.
        /// Gives exactly what <see cref="Word"/> gives (a property test compares them); otherwise it defers to it.
        /// </summary>
        private int PlainWord(int i, int end)
        {
            ReadOnlySpan<char> src = _src;
            int length = end - i;
            int start = _textLength;
            if (length > MaxTokenLength || _count >= _tokens.Length || _text.Length - start < length
                || (end + 1 < src.Length && src[end] == '\'' && WordCharWidth(end + 1) > 0))
            {
                return Word(i);
            }
            ReadOnlySpan<char> word = src.Slice(i, length);
            for (int k = 2; k < word.Length; k++)
            {
                if (word[k] == word[k - 1] && word[k] == word[k - 2])
                    return Word(i); // "sooo": the general path collapses letter runs
            }
            word.CopyTo(_text[start..]);
            Commit(start, length, TokenKind.Word);
            return end;
        }

        /// <summary>Reads the token starting with a non-ASCII char at <paramref name="i"/>.</summary>
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

            if (CharClasses.IsIgnorable(codePoint))
                return i + width;
            if (CharClasses.IsEmoji(codePoint))
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
        /// Recognizes an e-mail address, or a bare domain such as "example.com/page" when <paramref name="i"/> holds
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

        /// <summary>End of a run of host-name chars from <paramref name="start"/>, without trailing dots or dashes.</summary>
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

        private readonly bool TryEmoticon(int i, out int end, [NotNullWhen(true)] out string? canonical) =>
            Emoticons.TryMatch(_src, i, version1: false, out end, out canonical);

        /// <summary>1 or 2 (surrogate pair) when a word char starts at <paramref name="j"/>, else 0.</summary>
        private readonly int WordCharWidth(int j) => CharClasses.WordCharWidth(_src, j);

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

    private static readonly SearchValues<char> s_asciiLetterOrDigit =
        SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static bool IsEmailLocalChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-';
}
