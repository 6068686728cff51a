using System.Text;

namespace PeerTriage.Text;

/// <summary>Decodes one HTML character reference (<c>&amp;name;</c>, <c>&amp;#NNN;</c>, <c>&amp;#xHH;</c>).</summary>
internal static class HtmlEntities
{
    // Longest name in the table below; anything longer cannot match, so the scan stays O(1) per '&'.
    private const int MaxNameLength = 8;

    /// <summary>
    /// Decodes the reference starting at <paramref name="s"/>[0] (which must be '&amp;') into
    /// <paramref name="decoded"/> (at least 2 chars).
    /// </summary>
    /// <returns>
    /// Chars written to <paramref name="decoded"/> (0, 1 or 2). <paramref name="consumed"/> is 0 when this is not a
    /// known reference, in which case the '&amp;' is literal text.
    /// </returns>
    public static int Decode(ReadOnlySpan<char> s, Span<char> decoded, out int consumed)
    {
        consumed = 0;
        if (s.Length < 3)
            return 0;
        return s[1] == '#' ? DecodeNumeric(s, decoded, out consumed) : DecodeNamed(s, decoded, out consumed);
    }

    private static int DecodeNumeric(ReadOnlySpan<char> s, Span<char> decoded, out int consumed)
    {
        consumed = 0;
        int i = 2;
        bool hex = s[i] is 'x' or 'X';
        if (hex)
            i++;
        int digitsStart = i;
        int value = 0;
        for (; i < s.Length; i++)
        {
            int d = DigitValue(s[i], hex);
            if (d < 0)
                break;
            // Clamp instead of overflowing; the digits are still consumed so a long run is one (invalid) reference.
            value = value > 0x10FFFF ? value : value * (hex ? 16 : 10) + d;
        }
        if (i == digitsStart)
            return 0;
        if (i < s.Length && s[i] == ';')
            i++;
        consumed = i;
        return Write(MapCodePoint(value), decoded);
    }

    private static int DigitValue(char c, bool hex)
    {
        if (char.IsAsciiDigit(c))
            return c - '0';
        if (!hex)
            return -1;
        int lower = c | 0x20;
        return lower is >= 'a' and <= 'f' ? lower - 'a' + 10 : -1;
    }

    // Browsers read &#128;-&#159; as windows-1252 (old forum posts are full of &#146; for an apostrophe).
    private static ReadOnlySpan<char> Windows1252 =>
        "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F" +
        "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";

    private static int MapCodePoint(int value)
    {
        if (value is >= 0x80 and <= 0x9F)
            return Windows1252[value - 0x80];
        if (value == 0 || value > 0x10FFFF || value is >= 0xD800 and <= 0xDFFF)
            return 0xFFFD;
        return value;
    }

    private static int Write(int codePoint, Span<char> decoded)
    {
        if (codePoint < 0x10000)
        {
            decoded[0] = (char)codePoint;
            return 1;
        }
        return new Rune(codePoint).EncodeToUtf16(decoded);
    }

    private static int DecodeNamed(ReadOnlySpan<char> s, Span<char> decoded, out int consumed)
    {
        consumed = 0;
        int end = 1;
        int limit = Math.Min(s.Length, 1 + MaxNameLength + 1);
        while (end < limit && char.IsAsciiLetterOrDigit(s[end]))
            end++;
        if (end >= s.Length || s[end] != ';' || end == 1)
            return 0;
        int c = Lookup(s[1..end]);
        if (c < 0)
            return 0;
        consumed = end + 1;
        if (c == 0)
            return 0; // &shy; decodes to nothing
        decoded[0] = (char)c;
        return 1;
    }

    /// <summary>Returns the char for a named reference, 0 for one that decodes to nothing, -1 when unknown.</summary>
    private static int Lookup(ReadOnlySpan<char> name) => name switch
    {
        "amp" or "AMP" => '&',
        "lt" or "LT" => '<',
        "gt" or "GT" => '>',
        "quot" or "QUOT" => '"',
        "apos" => '\'',
        // A plain space: after tags are stripped a no-break space carries no meaning, and ASCII keeps the fast path.
        "nbsp" or "ensp" or "emsp" or "thinsp" => ' ',
        "shy" => 0,
        "zwj" => '\u200D',
        "zwnj" => '\u200C',
        "hellip" => '\u2026',
        "mdash" => '\u2014',
        "ndash" => '\u2013',
        "minus" => '\u2212',
        "lsquo" => '\u2018',
        "rsquo" => '\u2019',
        "sbquo" => '\u201A',
        "ldquo" => '\u201C',
        "rdquo" => '\u201D',
        "bdquo" => '\u201E',
        "laquo" => '\u00AB',
        "raquo" => '\u00BB',
        "prime" => '\u2032',
        "bull" => '\u2022',
        "middot" => '\u00B7',
        "hearts" => '\u2665',
        "copy" => '\u00A9',
        "reg" => '\u00AE',
        "trade" => '\u2122',
        "deg" => '\u00B0',
        "euro" => '\u20AC',
        "pound" => '\u00A3',
        "cent" => '\u00A2',
        "yen" => '\u00A5',
        "sect" => '\u00A7',
        "para" => '\u00B6',
        "times" => '\u00D7',
        "divide" => '\u00F7',
        "frac12" => '\u00BD',
        "frac14" => '\u00BC',
        "frac34" => '\u00BE',
        "iexcl" => '\u00A1',
        "iquest" => '\u00BF',
        "larr" => '\u2190',
        "rarr" => '\u2192',
        "agrave" => '\u00E0',
        "aacute" => '\u00E1',
        "acirc" => '\u00E2',
        "auml" => '\u00E4',
        "ccedil" => '\u00E7',
        "egrave" => '\u00E8',
        "eacute" => '\u00E9',
        "Eacute" => '\u00C9',
        "ecirc" => '\u00EA',
        "euml" => '\u00EB',
        "iacute" => '\u00ED',
        "icirc" => '\u00EE',
        "iuml" => '\u00EF',
        "ntilde" => '\u00F1',
        "oacute" => '\u00F3',
        "ocirc" => '\u00F4',
        "ouml" => '\u00F6',
        "uacute" => '\u00FA',
        "ugrave" => '\u00F9',
        "ucirc" => '\u00FB',
        "uuml" => '\u00FC',
        "szlig" => '\u00DF',
        _ => -1,
    };
}
