using System.Buffers;
using System.Text;

namespace PeerTriage.Data;

/// <summary>
/// Opens data files as text, and finds what shows a file is not text: NUL characters (a binary file, or UTF-16
/// without a byte order mark) and bytes that are not UTF-8. Such input would otherwise be decoded into garbage that
/// ends up in error messages (a binary file's "header") or, worse, silently in the training data.
/// </summary>
internal static class TextFile
{
    /// <summary>What invalid UTF-8 decodes to: a noncharacter, so it stands out from the text around it.</summary>
    private const char InvalidMark = '\uFFFF';

    private static readonly SearchValues<char> Nul = SearchValues.Create("\0");
    private static readonly SearchValues<char> Invalid = SearchValues.Create([InvalidMark]);
    private static readonly SearchValues<char> Either = SearchValues.Create(['\0', InvalidMark]);

    /// <summary>
    /// Opens a file for reading: a UTF-8, UTF-16 or UTF-32 byte order mark chooses the encoding, else UTF-8. UTF-16
    /// without a byte order mark is recognised from its NUL bytes and rejected with a message that says so.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="decoder">For UTF-8 files, the decoder's record of invalid bytes; pass it to <see cref="Problem(List{string}, long, InvalidUtf8Fallback?)"/>.</param>
    /// <exception cref="DataFormatException">The file looks like UTF-16 without a byte order mark.</exception>
    public static StreamReader Open(string path, out InvalidUtf8Fallback? decoder)
    {
        var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            BufferSize = 0, // the StreamReader's buffer is enough
            Options = FileOptions.SequentialScan,
        });
        try
        {
            Span<byte> start = stackalloc byte[512];
            int n = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
            start = start[..n];
            var (encoding, bom) = FromByteOrderMark(start);
            InvalidUtf8Fallback? fallback = null;
            if (encoding is null)
            {
                if (Utf16WithoutByteOrderMark(start) is { } endian)
                {
                    throw new DataFormatException(
                        $"the file looks like UTF-16 ({endian}) text without a byte order mark; save it as UTF-8 (or as UTF-16 with a byte order mark)",
                        path, 1);
                }
                fallback = new InvalidUtf8Fallback();
                encoding = Encoding.GetEncoding(Encoding.UTF8.CodePage, EncoderFallback.ReplacementFallback, fallback);
            }
            stream.Position = bom;
            decoder = fallback;
            return new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The reason <paramref name="text"/> (a line or a record, starting on line <paramref name="line"/>) is not text,
    /// and the line where that shows; null when it is text. A NUL wins over invalid UTF-8: a binary file has both.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="line">The line where the text starts.</param>
    /// <param name="decoder">From <see cref="Open"/>, to find invalid UTF-8; null for a reader the caller made.</param>
    public static (string Reason, long Line)? Problem(string text, long line, InvalidUtf8Fallback? decoder) =>
        text.AsSpan().IndexOfAny(Either) < 0 ? null : Problem([text], line, decoder);

    /// <summary>Like <see cref="Problem(string, long, InvalidUtf8Fallback?)"/> for a record's fields.</summary>
    public static (string Reason, long Line)? Problem(List<string> fields, long line, InvalidUtf8Fallback? decoder)
    {
        if (Find(fields, Nul, line) is { } nul)
            return ("not a text file (it has a NUL byte on this line)", nul);
        // The mark only means invalid UTF-8 once the decoder has made one; before that, a U+FFFF is the text's own.
        if (decoder is { Seen: true } && Find(fields, Invalid, line) is { } invalid)
            return ("not UTF-8 text (a byte sequence on this line is not UTF-8); save the file as UTF-8", invalid);
        return null;
    }

    /// <summary>The line of the first <paramref name="stop"/> in the fields, which start on <paramref name="line"/>.</summary>
    private static long? Find(List<string> fields, SearchValues<char> stop, long line)
    {
        for (int i = 0; i < fields.Count; i++)
        {
            int at = fields[i].AsSpan().IndexOfAny(stop);
            if (at < 0)
                continue;
            // Rare: count the line breaks before it, in the earlier fields (quoted fields may hold some) and this one.
            for (int j = 0; j < i; j++)
                line += LineBreaks(fields[j]);
            return line + LineBreaks(fields[i].AsSpan(0, at));
        }
        return null;
    }

    /// <summary>CRLF, LF and a lone CR each count as one, as the readers count lines.</summary>
    private static long LineBreaks(ReadOnlySpan<char> text)
    {
        long count = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
                count++;
        }
        return count;
    }

    private static (Encoding? Encoding, int Length) FromByteOrderMark(ReadOnlySpan<byte> start) => start switch
    {
        [0xEF, 0xBB, 0xBF, ..] => (null, 3), // UTF-8: decoded below, with the check for invalid bytes
        [0xFF, 0xFE, 0x00, 0x00, ..] => (new UTF32Encoding(bigEndian: false, byteOrderMark: false), 4),
        [0x00, 0x00, 0xFE, 0xFF, ..] => (new UTF32Encoding(bigEndian: true, byteOrderMark: false), 4),
        [0xFF, 0xFE, ..] => (new UnicodeEncoding(bigEndian: false, byteOrderMark: false), 2),
        [0xFE, 0xFF, ..] => (new UnicodeEncoding(bigEndian: true, byteOrderMark: false), 2),
        _ => (null, 0),
    };

    /// <summary>
    /// "little-endian" or "big-endian" when the start of a file has NUL bytes at only odd (or only even) offsets and in
    /// at least a quarter of its bytes, as UTF-16 text in Latin script has; null otherwise (a binary file has them at both).
    /// </summary>
    private static string? Utf16WithoutByteOrderMark(ReadOnlySpan<byte> start)
    {
        int even = 0, odd = 0;
        for (int i = 0; i + 1 < start.Length; i += 2)
        {
            even += start[i] == 0 ? 1 : 0;
            odd += start[i + 1] == 0 ? 1 : 0;
        }
        int pairs = start.Length / 2;
        if (pairs < 2)
            return null;
        if (even == 0 && odd * 2 >= pairs)
            return "little-endian";
        if (odd == 0 && even * 2 >= pairs)
            return "big-endian";
        return null;
    }

    /// <summary>Decodes each invalid UTF-8 sequence to <see cref="InvalidMark"/> and remembers that it did.</summary>
    internal sealed class InvalidUtf8Fallback : DecoderFallback
    {
        public bool Seen { get; private set; }

        public override int MaxCharCount => 1;

        public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer(this);

        private sealed class Buffer(InvalidUtf8Fallback owner) : DecoderFallbackBuffer
        {
            private int _remaining;

            public override int Remaining => _remaining;

            public override bool Fallback(byte[] bytesUnknown, int index)
            {
                owner.Seen = true;
                _remaining = 1;
                return true;
            }

            public override char GetNextChar()
            {
                if (_remaining == 0)
                    return '\0';
                _remaining--;
                return InvalidMark;
            }

            public override bool MovePrevious()
            {
                if (_remaining != 0)
                    return false;
                _remaining = 1;
                return true;
            }

            public override void Reset() => _remaining = 0;
        }
    }
}
