using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Globalization;
using System.Text;

namespace PeerTriage.Text;

/// <summary>
/// Normalizes plain text for the tokenizer: Unicode NFKC, lower case, ASCII quotes, single spaces.
/// </summary>
/// <remarks>
/// <para>Steps, in order:</para>
/// <list type="number">
/// <item><description>Unpaired surrogates and the noncharacters U+FFFE and U+FFFF become U+FFFD (NFKC rejects
/// them). Runs of more than <see cref="MaxCombiningRun"/> combining marks ("zalgo" text) are cut to that length,
/// which also bounds the cost of canonical reordering.</description></item>
/// <item><description>Unicode NFKC: fullwidth and styled letters become plain ones ("ｈｅｌｌｏ" → "hello"),
/// ligatures split ("ﬁ" → "fi"), "…" becomes "...", exotic spaces become ordinary ones.</description></item>
/// <item><description>Simple (per code point, invariant) lower-casing.</description></item>
/// <item><description>Control and format characters (Unicode Cc and Cf, e.g. tabs, line breaks, zero-width
/// spaces and joiners) become a space, except the soft hyphen, word joiner and zero-width no-break space, which
/// join the text around them and are removed.</description></item>
/// <item><description>Typographic apostrophes and single quotes (’ ‘ ‚ ʼ ′ `) become ', double quotes (“ ” „)
/// become ".</description></item>
/// <item><description>Runs of white space collapse to one space; leading and trailing space is trimmed.</description></item>
/// </list>
/// <para>
/// Pure ASCII input skips the Unicode work entirely. Other input is processed in chunks of a few hundred chars cut
/// at points where NFKC cannot interact across the cut (before an ASCII char, a CJK ideograph, a Hangul syllable,
/// a kana letter or a supplementary-plane emoji), so work stops early once the destination is full and scratch
/// memory lives on the stack.
/// </para>
/// <para>
/// Allocation: a chunk whose non-ASCII chars are all ones NFKC never changes (accented Latin letters, Cyrillic,
/// curly quotes, dashes, common emoji, CJK, kana, Hangul syllables: the usual non-ASCII of forum posts) is
/// processed without allocating, and so are "…" and the no-break and typographic spaces, which are mapped directly.
/// A chunk that really needs NFKC (fullwidth or styled letters, ligatures, combining marks, ...) calls the
/// runtime's span-based NFKC, which on ICU platforms allocates about 100 bytes per call (one call per chunk of up
/// to 256 chars). A run of more than 256 chars with no safe cut point (rare: for example long Thai text with no
/// space or ASCII punctuation) uses pooled buffers, which may allocate when a larger size is first needed.
/// </para>
/// </remarks>
internal static class TextNormalizer
{
    /// <summary>The most consecutive combining marks kept; further ones are dropped.</summary>
    public const int MaxCombiningRun = 30;

    // Target chunk length for non-ASCII input; scratch buffers are sized from it.
    private const int ChunkSize = 256;

    // NFKC can expand a chunk (ligatures, "…", "㎏"...); 4x covers real text, larger cases use the pool.
    private const int NormalizedScratchSize = ChunkSize * 4;

    // The largest NFKC expansion of a single UTF-16 unit (U+FDFA becomes 18 chars).
    private const int MaxExpansion = 18;

    /// <summary>
    /// Normalizes <paramref name="text"/> into <paramref name="destination"/>.
    /// </summary>
    /// <param name="text">Any text, including unpaired surrogates and control characters.</param>
    /// <param name="destination">Receives the normalized text. Output that does not fit is dropped at a char
    /// boundary (never inside a surrogate pair, never leaving a trailing space).</param>
    /// <returns>The number of chars written.</returns>
    /// <remarks>
    /// Never throws. Does not allocate for ASCII text or for the common non-ASCII of forum posts; text that needs
    /// NFKC (fullwidth letters, ligatures, combining marks, ...) allocates about 100 bytes per 256-char chunk inside
    /// the runtime's normalizer. See <see cref="TextNormalizer"/>.
    /// </remarks>
    public static int Normalize(ReadOnlySpan<char> text, Span<char> destination) =>
        Normalize(text, destination, default, default, out _);

    /// <summary>
    /// Normalizes <paramref name="text"/> into <paramref name="destination"/> (the same chars as
    /// <see cref="Normalize(ReadOnlySpan{char}, Span{char})"/>) and records what the lexicon step needs from the text
    /// as written: which output chars were upper case, and which output spaces stand for a line break.
    /// </summary>
    /// <param name="text">Any text.</param>
    /// <param name="destination">Receives the normalized text.</param>
    /// <param name="upperCase">Zeroed bits, one per destination char (at least (length + 63) / 64 words); bit k is set
    /// when output char k was lowered from an upper-case char. Empty: not recorded.</param>
    /// <param name="lineBreaks">Receives the offsets of the output spaces that replaced white space with a '\n' or
    /// '\r', in order. Empty: not recorded.</param>
    /// <param name="lineBreakCount">How many offsets were written to <paramref name="lineBreaks"/>.</param>
    /// <returns>The number of chars written.</returns>
    public static int Normalize(ReadOnlySpan<char> text, Span<char> destination, Span<ulong> upperCase, Span<int> lineBreaks, out int lineBreakCount) =>
        Normalize(text, destination, upperCase, lineBreaks, out lineBreakCount, fastPath: true);

    /// <summary>As the public overload; without the vectorized ASCII path when <paramref name="fastPath"/> is false
    /// (for tests that prove both give the same output).</summary>
    internal static int Normalize(ReadOnlySpan<char> text, Span<char> destination, Span<ulong> upperCase, Span<int> lineBreaks,
        out int lineBreakCount, bool fastPath)
    {
        var writer = new Writer(destination, upperCase, lineBreaks, fastPath);
        lineBreakCount = 0;
        if (Ascii.IsValid(text))
        {
            writer.WriteAscii(text);
            lineBreakCount = writer.LineBreaks;
            return writer.Length;
        }

        int pos = 0;
        while (pos < text.Length && !writer.Full)
        {
            int end = ChunkEnd(text, pos);
            ReadOnlySpan<char> chunk = text[pos..end];
            if (Ascii.IsValid(chunk))
                writer.WriteAscii(chunk);
            else
                NormalizeChunk(chunk, ref writer);
            pos = end;
        }
        lineBreakCount = writer.LineBreaks;
        return writer.Length;
    }

    /// <summary>Normalizes text. See <see cref="TextNormalizer"/> for the steps.</summary>
    /// <param name="text">Any text.</param>
    /// <returns>The normalized text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
            return "";
        long maxSize = Math.Min((long)text.Length * MaxExpansion + 16, Array.MaxLength);
        long size = Math.Min(text.Length + 16L, maxSize);
        while (true)
        {
            char[] buffer = ArrayPool<char>.Shared.Rent((int)size);
            try
            {
                int written = Normalize(text.AsSpan(), buffer);
                // Spare room proves nothing was cut (a write needs at most 3 chars); else retry bigger, as NFKC expands.
                if (written < buffer.Length - 2 || size >= maxSize)
                    return new string(buffer, 0, written);
            }
            finally
            {
                ArrayPool<char>.Shared.Return(buffer);
            }
            size = Math.Min(size * 4, maxSize);
        }
    }

    /// <summary>Picks the end of the chunk starting at <paramref name="pos"/>: a safe cut, or the end of the text.</summary>
    private static int ChunkEnd(ReadOnlySpan<char> text, int pos)
    {
        if (text.Length - pos <= ChunkSize)
            return text.Length;
        for (int j = pos + ChunkSize; j > pos; j--)
        {
            if (IsSafeCut(text[j]))
                return j;
        }
        int end = pos + ChunkSize + 1;
        while (end < text.Length && !IsSafeCut(text[end]))
            end++;
        return end;
    }

    /// <summary>
    /// True when NFKC(a + b) == NFKC(a) + NFKC(b) for any a, where b starts with <paramref name="c"/>: c decomposes
    /// to a starter that is never the second half of a composition.
    /// </summary>
    private static bool IsSafeCut(char c) =>
        c < 0x80
        || c is >= '\u4E00' and <= '\u9FFF'   // CJK unified ideographs
        || c is >= '\u3400' and <= '\u4DBF'   // CJK extension A
        || c is >= '\uAC00' and <= '\uD7A3'   // Hangul syllables (only trailing jamo compose onto them)
        || c is >= '\u3041' and <= '\u3096'   // hiragana letters
        || c is >= '\u30A1' and <= '\u30FA'   // katakana letters
        || c is >= '\uD83C' and <= '\uD83E';  // high surrogates of U+1F000-U+1FBFF (emoji and symbols)

    private static void NormalizeChunk(ReadOnlySpan<char> chunk, ref Writer writer)
    {
        char[]? rentedClean = null;
        char[]? rentedNormal = null;
        // Sanitizing expands each "…" to "...".
        Span<char> clean = chunk.Length <= ChunkSize
            ? stackalloc char[ChunkSize * 3]
            : (rentedClean = ArrayPool<char>.Shared.Rent(chunk.Length + (2 * chunk.Count('\u2026'))));
        Span<char> normal = stackalloc char[NormalizedScratchSize];
        try
        {
            int cleanLength = Sanitize(chunk, clean, out bool needsNfkc);
            ReadOnlySpan<char> source = clean[..cleanLength];
            scoped ReadOnlySpan<char> result = source;
            try
            {
                // Chunks NFKC would not change skip the runtime call, which allocates a little each time.
                if (needsNfkc)
                {
                    if (source.TryNormalize(normal, out int n, NormalizationForm.FormKC))
                    {
                        result = normal[..n];
                    }
                    else
                    {
                        rentedNormal = ArrayPool<char>.Shared.Rent(source.GetNormalizedLength(NormalizationForm.FormKC));
                        if (source.TryNormalize(rentedNormal, out n, NormalizationForm.FormKC))
                            result = rentedNormal.AsSpan(0, n);
                    }
                }
            }
            catch (Exception e) when (e is ArgumentException or PlatformNotSupportedException)
            {
                // Defensive: surrogates are already repaired, but a runtime without ICU data must not break triage.
                result = source;
            }
            writer.WriteUnicode(result);
        }
        finally
        {
            if (rentedClean is not null)
                ArrayPool<char>.Shared.Return(rentedClean);
            if (rentedNormal is not null)
                ArrayPool<char>.Shared.Return(rentedNormal);
        }
    }

    /// <summary>
    /// Copies the chunk, repairing unpaired surrogates and noncharacters and cutting long runs of combining marks.
    /// </summary>
    /// <param name="chunk">The chunk to copy.</param>
    /// <param name="clean">Receives the copy; room for each "…" in <paramref name="chunk"/> to become "...".</param>
    /// <param name="needsNfkc">False when every char is known to be unchanged by NFKC whatever surrounds it.</param>
    /// <returns>Chars written to <paramref name="clean"/>.</returns>
    private static int Sanitize(ReadOnlySpan<char> chunk, Span<char> clean, out bool needsNfkc)
    {
        needsNfkc = false;
        int n = 0;
        int marks = 0;
        for (int i = 0; i < chunk.Length; i++)
        {
            char c = chunk[i];
            if (c < 0x80)
            {
                marks = 0;
                clean[n++] = c;
                continue;
            }
            // Frequent compatibility chars get their NFKC mapping here, which keeps them off the allocating path.
            if (c is '\u00A0' or (>= '\u2000' and <= '\u200A') or '\u202F' or '\u205F' or '\u3000')
            {
                marks = 0;
                clean[n++] = ' ';
                continue;
            }
            if (c == '\u2026')
            {
                marks = 0;
                clean[n++] = '.';
                clean[n++] = '.';
                clean[n++] = '.';
                continue;
            }
            int codePoint = c;
            bool pair = false;
            if (char.IsSurrogate(c))
            {
                pair = char.IsHighSurrogate(c) && i + 1 < chunk.Length && char.IsLowSurrogate(chunk[i + 1]);
                codePoint = pair ? char.ConvertToUtf32(c, chunk[i + 1]) : 0xFFFD;
            }
            else if (c >= '\uFFFE')
            {
                codePoint = 0xFFFD; // noncharacters: the runtime's NFKC rejects U+FFFE
            }

            if (IsNfkcStable(codePoint))
            {
                marks = 0;
            }
            else
            {
                needsNfkc = true;
                if (!IsMark(CharUnicodeInfo.GetUnicodeCategory(codePoint)))
                {
                    marks = 0;
                }
                else if (++marks > MaxCombiningRun)
                {
                    i += pair ? 1 : 0;
                    continue;
                }
            }

            if (pair)
            {
                clean[n++] = c;
                clean[n++] = chunk[++i];
            }
            else
            {
                clean[n++] = (char)codePoint;
            }
        }
        return n;
    }

    /// <summary>
    /// True for code points that NFKC leaves alone wherever they stand (no decomposition, never combined with a
    /// neighbour): the common non-ASCII of English forum text (accented Latin letters, curly quotes, dashes,
    /// emoji) and CJK, kana and Hangul syllables. Chunks made only of these skip the runtime's NFKC, which allocates.
    /// </summary>
    internal static bool IsNfkcStable(int c) => c switch
    {
        < 0xA0 => true,                         // ASCII and C1 controls (which become spaces later)
        0xA1 or 0xA2 or 0xA3 or 0xA4 or 0xA5 or 0xA6 or 0xA7 or 0xA9 or 0xAB or 0xAC or 0xAD or 0xAE or 0xB0
            or 0xB1 or 0xB6 or 0xB7 or 0xBB or 0xBF => true,
        >= 0xC0 and <= 0x17F => c is not (0x132 or 0x133 or 0x13F or 0x140 or 0x149 or 0x17F), // Latin-1, Extended-A
        >= 0x400 and <= 0x482 => true,          // Cyrillic letters before the combining marks
        >= 0x48A and <= 0x4FF => true,
        >= 0x200B and <= 0x200F => true,        // zero-width and direction format characters
        0x2010 or 0x2013 or 0x2014 or 0x2015 or 0x2016 or 0x2020 or 0x2021 or 0x2022 or 0x2030 or 0x2032
            or 0x2039 or 0x203A or 0x2028 or 0x2029 or 0x2060 or 0x20AC => true,
        >= 0x2018 and <= 0x201F => true,        // curly quotes
        >= 0x2600 and <= 0x27BF => true,        // miscellaneous symbols and dingbats (☺ ♥ ❤ ✨)
        0x3001 or 0x3002 => true,
        >= 0x3041 and <= 0x3096 => true,        // hiragana letters
        >= 0x30A1 and <= 0x30FA => true,        // katakana letters
        >= 0x4E00 and <= 0x9FFF => true,        // CJK unified ideographs
        >= 0xAC00 and <= 0xD7A3 => true,        // Hangul syllables
        0xFE0E or 0xFE0F or 0xFEFF or 0xFFFD => true,
        >= 0x1F1E6 and <= 0x1F1FF => true,      // regional indicators (flags)
        >= 0x1F300 and <= 0x1F64F => true,      // pictographs, skin tones, emoticons
        >= 0x1F680 and <= 0x1F6FF => true,      // transport and map
        >= 0x1F900 and <= 0x1F9FF => true,      // supplemental pictographs
        >= 0x1FA70 and <= 0x1FAFF => true,      // pictographs extended-A
        _ => false,
    };

    private static bool IsMark(UnicodeCategory c) =>
        c is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    /// <summary>Writes folded chars with collapsed, trimmed spaces; stops cleanly when the destination is full.</summary>
    private ref struct Writer
    {
        private readonly Span<char> _dest;
        private readonly Span<ulong> _upper;
        private readonly Span<int> _breaks;
        private int _length;
        private int _breakCount;
        private bool _pendingSpace;
        private bool _pendingBreak;
        private bool _full;
        private readonly bool _fastPath;

        public Writer(Span<char> dest, Span<ulong> upper, Span<int> breaks, bool fastPath)
        {
            _fastPath = fastPath && Vector128.IsHardwareAccelerated;
            _dest = dest;
            _upper = upper;
            _breaks = breaks;
        }

        public readonly int Length => _length;

        public readonly int LineBreaks => _breakCount;

        public readonly bool Full => _full;

        public void WriteAscii(scoped ReadOnlySpan<char> text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                // Vectorized: eight printable chars at a time when they need no more than lower-casing.
                while (_fastPath && i + 8 < text.Length && TryBlock(text, i))
                    i += 8;
                if (i >= text.Length || !PutAscii(text[i]))
                    return;
            }
        }

        /// <summary>Writes one ASCII char folded (white space and controls as a pending space); false when full.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private bool PutAscii(char c)
        {
            if (c <= ' ' || c == '\x7F')
            {
                Space(c);
                return true;
            }
            bool upper = char.IsAsciiLetterUpper(c);
            if (upper)
                c = (char)(c | 0x20);
            else if (c == '`')
                c = '\'';
            return Put(c, upper);
        }

        /// <summary>
        /// Writes text[i..i+8] lowered in one step when the scalar loop would write exactly that: printable chars
        /// other than '`' and DEL, spaces only single and between two such chars, and room for all of it.
        /// </summary>
        // Hot path: Vector128 classification, no branches per char.
        private bool TryBlock(scoped ReadOnlySpan<char> text, int i)
        {
            // Room for a pending space, the eight chars, and the char after a trailing space (a space is only
            // written together with the char after it, so output never ends in one).
            if (_length + 10 > _dest.Length)
                return false;
            Vector128<ushort> v = Vector128.Create(MemoryMarshal.Cast<char, ushort>(text.Slice(i, 8)));
            Vector128<ushort> bad = Vector128.LessThan(v, Vector128.Create((ushort)' ')) | Vector128.Equals(v, Vector128.Create((ushort)0x7F))
                | Vector128.Equals(v, Vector128.Create((ushort)'`'));
            if (bad != Vector128<ushort>.Zero)
                return false;
            uint spaces = Vector128.Equals(v, Vector128.Create((ushort)' ')).ExtractMostSignificantBits();
            // No two spaces in a row (across the block's end too); a leading space needs a written char before it
            // and no pending space.
            if ((spaces & (spaces >> 1)) != 0 || ((spaces & 0x80) != 0 && (text[i + 8] <= ' ' || text[i + 8] == '\x7F'))
                || ((spaces & 1) != 0 && (_pendingSpace || _length == 0)))
            {
                return false;
            }
            if (_pendingSpace)
                PutSpace();
            Vector128<ushort> upper = Vector128.GreaterThan(v, Vector128.Create((ushort)('A' - 1))) & Vector128.LessThan(v, Vector128.Create((ushort)('Z' + 1)));
            (v | (upper & Vector128.Create((ushort)0x20))).CopyTo(MemoryMarshal.Cast<char, ushort>(_dest.Slice(_length, 8)));
            uint bits = upper.ExtractMostSignificantBits();
            if (bits != 0 && !_upper.IsEmpty)
            {
                _upper[_length >> 6] |= (ulong)bits << _length;
                if ((_length & 63) > 56)
                    _upper[(_length >> 6) + 1] |= (ulong)bits >> (64 - (_length & 63));
            }
            _length += 8;
            return true;
        }

        public void WriteUnicode(scoped ReadOnlySpan<char> text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < 0x80)
                {
                    if (!PutAscii(c))
                        return;
                    continue;
                }
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    var original = new Rune(c, text[++i]);
                    var rune = Rune.ToLowerInvariant(original);
                    if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format)
                    {
                        Space(' '); // e.g. emoji tag characters
                        continue;
                    }
                    // Lower-casing keeps a supplementary code point supplementary.
                    int v = rune.Value - 0x10000;
                    if (!Put((char)(0xD800 + (v >> 10)), (char)(0xDC00 + (v & 0x3FF)), rune != original))
                        return;
                    continue;
                }
                bool lowered = false;
                switch (c)
                {
                    case '\u2019' or '\u2018' or '\u201A' or '\u02BC' or '\u2032':
                        c = '\'';
                        break;
                    case '\u201C' or '\u201D' or '\u201E':
                        c = '"';
                        break;
                    case '\u00AD' or '\u2060' or '\uFEFF':
                        continue; // soft hyphen, word joiner, zero-width no-break space: join the text around them
                    default:
                        if (char.IsSurrogate(c))
                        {
                            c = '\uFFFD';
                            break;
                        }
                        if (char.IsWhiteSpace(c)
                            || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format)
                        {
                            Space(c);
                            continue;
                        }
                        char lower = char.ToLowerInvariant(c);
                        lowered = lower != c;
                        c = lower;
                        break;
                }
                if (!Put(c, lowered))
                    return;
            }
        }

        private void Space(char c)
        {
            // A space is only written once a following char needs it, which trims both ends.
            if (_length > 0)
            {
                _pendingSpace = true;
                _pendingBreak |= c is '\n' or '\r';
            }
        }

        private bool Put(char c, bool upper)
        {
            int need = _pendingSpace ? 2 : 1;
            if (_length + need > _dest.Length)
            {
                _full = true;
                return false;
            }
            if (_pendingSpace)
                PutSpace();
            if (upper && !_upper.IsEmpty)
                _upper[_length >> 6] |= 1UL << _length;
            _dest[_length++] = c;
            return true;
        }

        private void PutSpace()
        {
            if (_pendingBreak)
            {
                if (_breakCount < _breaks.Length)
                    _breaks[_breakCount++] = _length;
                _pendingBreak = false;
            }
            _dest[_length++] = ' ';
            _pendingSpace = false;
        }

        private bool Put(char high, char low, bool upper)
        {
            int need = _pendingSpace ? 3 : 2;
            if (_length + need > _dest.Length)
            {
                _full = true;
                return false;
            }
            if (_pendingSpace)
                PutSpace();
            if (upper && !_upper.IsEmpty)
                _upper[_length >> 6] |= 1UL << _length;
            _dest[_length++] = high;
            _dest[_length++] = low;
            return true;
        }
    }
}
