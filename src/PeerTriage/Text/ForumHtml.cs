using System.Buffers;
using System.Text;

namespace PeerTriage.Text;

/// <summary>
/// Turns forum HTML (or plain text) into the plain text that was written by the message's author.
/// </summary>
/// <remarks>
/// <para>The conversion is a single forward pass in linear time that never throws and never allocates:</para>
/// <list type="bullet">
/// <item><description>Tags are stripped. A '&lt;' starts a tag only when followed by an ASCII letter, by '/' and an
/// ASCII letter, by '!' or by '?'; otherwise it is text, so "&lt;3", "&lt;/3" and "a &lt; b" survive. A tag that is
/// never closed by '&gt;' is also text.</description></item>
/// <item><description><c>&lt;blockquote&gt;</c> regions are dropped, nested ones included, because they quote other
/// people's posts. An unclosed blockquote drops everything to the end.</description></item>
/// <item><description>The contents of <c>&lt;script&gt;</c> and <c>&lt;style&gt;</c> and HTML comments are
/// dropped (an unclosed comment drops to the end).</description></item>
/// <item><description><c>&lt;img&gt;</c> is replaced by its <c>title</c> attribute (else its <c>alt</c>)
/// surrounded by spaces, because forum emoticon images carry meaning.</description></item>
/// <item><description>Block-level tags (p, br, div, li, tr, h1-h6, blockquote boundaries, ...) become a line break,
/// and table cells a space, so words do not glue together; no separator is written after existing
/// white space.</description></item>
/// <item><description>Character references are decoded: common named ones (amp, lt, gt, quot, apos, nbsp, hellip,
/// mdash, ndash, curly quotes, common accented letters, ...) and numeric ones. Numeric references to invalid code
/// points become U+FFFD, references 128-159 are read as windows-1252 like browsers do, and <c>&amp;nbsp;</c> becomes
/// an ordinary space. Unknown references stay literal.</description></item>
/// </list>
/// </remarks>
internal static class ForumHtml
{
    /// <summary>
    /// Converts forum HTML to plain text, writing at most <paramref name="destination"/>.Length chars.
    /// </summary>
    /// <param name="html">Forum HTML or plain text; any content, including broken markup, is accepted.</param>
    /// <param name="destination">Receives the text. Output that does not fit is silently dropped, and a surrogate
    /// pair is never split.</param>
    /// <returns>The number of chars written to <paramref name="destination"/>.</returns>
    /// <remarks>Never throws and never allocates. The output is never longer than <paramref name="html"/>.</remarks>
    public static int ToText(ReadOnlySpan<char> html, Span<char> destination)
    {
        var parser = new Parser(html, destination);
        parser.Run();
        return parser.Written;
    }

    /// <summary>Converts forum HTML to plain text. See <see cref="ForumHtml"/> for the rules.</summary>
    /// <param name="html">Forum HTML or plain text.</param>
    /// <returns>The plain text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="html"/> is null.</exception>
    public static string ToText(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        if (html.Length == 0)
            return "";
        // The output never exceeds the input: every construct decodes to at most as many chars as it spans.
        char[] buffer = ArrayPool<char>.Shared.Rent(html.Length);
        try
        {
            int written = ToText(html.AsSpan(), buffer);
            return new string(buffer, 0, written);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private enum TagKind : byte
    {
        Inline,
        Block,
        Cell,
        Blockquote,
        RawText,
        Image,
    }

    private ref struct Parser
    {
        private readonly ReadOnlySpan<char> _src;
        private readonly Span<char> _dest;
        private int _written;
        private bool _full;
        private int _quoteDepth;

        // Set once a quote-aware tag scan has run off the end of the input. From then on tags end at the next '>',
        // which keeps the pass linear on inputs like "<a x='<a x='<a x='...".
        private bool _lenient;

        // Cached index of the next '>' (-2 = unknown, -1 = none left), so repeated searches never rescan.
        private int _nextGt;

        public Parser(ReadOnlySpan<char> src, Span<char> dest)
        {
            _src = src;
            _dest = dest;
            _nextGt = -2;
        }

        public readonly int Written => _written;

        public void Run()
        {
            ReadOnlySpan<char> src = _src;
            int i = 0;
            while (i < src.Length && !_full)
            {
                if (_quoteDepth > 0)
                {
                    // Inside a quote only tags matter: jump straight to the next one.
                    int lt = src[i..].IndexOf('<');
                    if (lt < 0)
                        return;
                    i += lt;
                }
                else
                {
                    int special = src[i..].IndexOfAny('<', '&');
                    if (special != 0)
                    {
                        int end = special < 0 ? src.Length : i + special;
                        Append(src[i..end]);
                        i = end;
                        continue;
                    }
                    if (src[i] == '&')
                    {
                        i += DecodeEntity(src[i..]);
                        continue;
                    }
                }
                i = Markup(i);
            }
        }

        /// <summary>Handles the '&lt;' at <paramref name="i"/>; returns the index to continue from.</summary>
        private int Markup(int i)
        {
            ReadOnlySpan<char> src = _src;
            char next = i + 1 < src.Length ? src[i + 1] : '\0';
            if (char.IsAsciiLetter(next))
                return Tag(i, i + 1, isEnd: false);
            if (next == '/' && i + 2 < src.Length && char.IsAsciiLetter(src[i + 2]))
                return Tag(i, i + 2, isEnd: true);
            if (next == '!' && src[i..].StartsWith("<!--"))
            {
                int close = src[(i + 4)..].IndexOf("-->");
                return close < 0 ? src.Length : i + 4 + close + 3;
            }
            if (next is '!' or '?')
            {
                int gt = NextGt(i + 2);
                if (gt >= 0)
                    return gt + 1;
            }
            return Literal(i);
        }

        private int Literal(int i)
        {
            if (_quoteDepth == 0)
                Append('<');
            return i + 1;
        }

        private int Tag(int i, int nameStart, bool isEnd)
        {
            ReadOnlySpan<char> src = _src;
            int nameEnd = 0, end = 0;
            Range title = default, alt = default;
            if (!_lenient)
            {
                nameEnd = TagNameEnd(nameStart, src.Length);
                if (!TryScanAttributes(nameEnd, src.Length, out end, out title, out alt))
                    _lenient = true;
            }
            if (_lenient)
            {
                // Everything up to the next '>' is this tag; no '>' left means no tag can close, so '<' is text.
                int gt = NextGt(nameStart);
                if (gt < 0)
                    return Literal(i);
                nameEnd = TagNameEnd(nameStart, gt);
                TryScanAttributes(nameEnd, gt, out _, out title, out alt);
                end = gt + 1;
            }

            switch (Classify(src[nameStart..nameEnd]))
            {
                case TagKind.Blockquote:
                    if (isEnd)
                    {
                        if (_quoteDepth > 0 && --_quoteDepth == 0)
                            Separator('\n');
                    }
                    else
                    {
                        if (_quoteDepth++ == 0)
                            Separator('\n');
                    }
                    break;
                case TagKind.RawText when !isEnd:
                    return SkipRawText(end, src[nameStart..nameEnd]);
                case TagKind.Block when _quoteDepth == 0:
                    Separator('\n');
                    break;
                case TagKind.Cell when _quoteDepth == 0:
                    Separator(' ');
                    break;
                case TagKind.Image when !isEnd && _quoteDepth == 0:
                    Image(src[title].IsWhiteSpace() ? src[alt] : src[title]);
                    break;
            }
            return end;
        }

        /// <summary>
        /// Scans attributes from <paramref name="start"/> up to the '&gt;' that closes the tag, honouring quoted
        /// values. With <paramref name="limit"/> short of the input's end (lenient mode), the tag is known to end at
        /// <paramref name="limit"/> and an unclosed quote is cut there.
        /// </summary>
        /// <returns>False when the input ended before the tag did (strict mode only).</returns>
        private readonly bool TryScanAttributes(int start, int limit, out int end, out Range title, out Range alt)
        {
            ReadOnlySpan<char> src = _src;
            bool lenient = limit < src.Length;
            title = default;
            alt = default;
            end = 0;
            bool haveTitle = false, haveAlt = false;
            int j = start;
            while (true)
            {
                while (j < limit && (IsHtmlSpace(src[j]) || src[j] == '/'))
                    j++;
                if (j >= limit)
                    return lenient;
                if (src[j] == '>')
                {
                    end = j + 1;
                    return true;
                }

                int nameStart = j++;
                while (j < limit && !IsHtmlSpace(src[j]) && src[j] is not ('/' or '>' or '='))
                    j++;
                ReadOnlySpan<char> name = src[nameStart..j];
                while (j < limit && IsHtmlSpace(src[j]))
                    j++;
                if (j >= limit || src[j] != '=')
                    continue;

                j++;
                while (j < limit && IsHtmlSpace(src[j]))
                    j++;
                Range value;
                if (j < limit && src[j] is '"' or '\'')
                {
                    int valueStart = j + 1;
                    int close = src[valueStart..limit].IndexOf(src[j]);
                    if (close < 0)
                    {
                        if (!lenient)
                            return false;
                        close = limit - valueStart;
                    }
                    value = valueStart..(valueStart + close);
                    j = Math.Min(valueStart + close + 1, limit);
                }
                else
                {
                    int valueStart = j;
                    while (j < limit && !IsHtmlSpace(src[j]) && src[j] != '>')
                        j++;
                    value = valueStart..j;
                }

                if (!haveTitle && name.Equals("title", StringComparison.OrdinalIgnoreCase))
                {
                    title = value;
                    haveTitle = true;
                }
                else if (!haveAlt && name.Equals("alt", StringComparison.OrdinalIgnoreCase))
                {
                    alt = value;
                    haveAlt = true;
                }
            }
        }

        /// <summary>Skips script/style content up to its end tag (or the end of the input).</summary>
        private readonly int SkipRawText(int from, ReadOnlySpan<char> name)
        {
            ReadOnlySpan<char> src = _src;
            int j = from;
            while (j < src.Length)
            {
                int open = src[j..].IndexOf("</");
                if (open < 0)
                    break;
                int k = j + open + 2;
                if (src[k..].StartsWith(name, StringComparison.OrdinalIgnoreCase)
                    && (k + name.Length == src.Length || IsTagNameEnd(src[k + name.Length])))
                {
                    return j + open; // the end tag itself is parsed as an ordinary tag
                }
                j = k;
            }
            return src.Length;
        }

        private readonly int TagNameEnd(int start, int limit)
        {
            int j = start;
            while (j < limit && !IsTagNameEnd(_src[j]))
                j++;
            return j;
        }

        private int NextGt(int from)
        {
            if (_nextGt == -1 || _nextGt >= from)
                return _nextGt;
            int idx = _src[from..].IndexOf('>');
            _nextGt = idx < 0 ? -1 : from + idx;
            return _nextGt;
        }

        private int DecodeEntity(scoped ReadOnlySpan<char> s)
        {
            Span<char> decoded = stackalloc char[2];
            int n = HtmlEntities.Decode(s, decoded, out int consumed);
            if (consumed == 0)
            {
                Append('&');
                return 1;
            }
            Append(decoded[..n]);
            return consumed;
        }

        private void Image(scoped ReadOnlySpan<char> text)
        {
            // A space before the title even at the very start, so "<img title=Sad>" reads " Sad ".
            if (_written == 0 || !IsHtmlSpace(_dest[_written - 1]))
                Append(' ');
            if (text.IsWhiteSpace())
                return;
            int i = 0;
            while (i < text.Length && !_full)
            {
                int amp = text[i..].IndexOf('&');
                int end = amp < 0 ? text.Length : i + amp;
                Append(text[i..end]);
                i = end;
                if (i < text.Length)
                    i += DecodeEntity(text[i..]);
            }
            Append(' ');
        }

        private void Separator(char c)
        {
            if (_written > 0 && !IsHtmlSpace(_dest[_written - 1]))
                Append(c);
        }

        // Once anything has been cut, nothing more is written: a pair dropped at the cut leaves one free slot, and a
        // later space in it would make the output something other than a prefix of the full text.
        private void Append(char c)
        {
            if (!_full && _written < _dest.Length)
                _dest[_written++] = c;
            else
                _full = true;
        }

        private void Append(scoped ReadOnlySpan<char> text)
        {
            if (_full)
                return;
            int room = _dest.Length - _written;
            if (text.Length > room)
            {
                // Never leave half a surrogate pair at the cut.
                if (room > 0 && char.IsHighSurrogate(text[room - 1]) && char.IsLowSurrogate(text[room]))
                    room--;
                text = text[..room];
                _full = true;
            }
            text.CopyTo(_dest[_written..]);
            _written += text.Length;
        }

        private static bool IsHtmlSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f';

        private static bool IsTagNameEnd(char c) => IsHtmlSpace(c) || c is '/' or '>';

        private static TagKind Classify(ReadOnlySpan<char> name)
        {
            Span<char> lower = stackalloc char[10];
            if (name.Length > lower.Length || Ascii.ToLower(name, lower, out int n) != OperationStatus.Done)
                return TagKind.Inline;
            return lower[..n] switch
            {
                "blockquote" => TagKind.Blockquote,
                "script" or "style" => TagKind.RawText,
                "img" => TagKind.Image,
                "td" or "th" => TagKind.Cell,
                "p" or "br" or "div" or "li" or "tr" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "ul" or "ol"
                    or "dl" or "dt" or "dd" or "table" or "thead" or "tbody" or "tfoot" or "caption" or "hr" or "pre"
                    or "section" or "article" or "header" or "footer" or "aside" or "nav" or "main" or "figure"
                    or "figcaption" or "address" or "center" or "details" or "summary" or "form" or "fieldset"
                    or "hgroup" => TagKind.Block,
                _ => TagKind.Inline,
            };
        }
    }
}
