using System.Buffers;
using System.Text;

namespace PeerTriage.Data;

/// <summary>
/// Streams records from RFC 4180 delimited text (CSV, or TSV with the same quoting rules), tracking physical line
/// numbers across quoted fields that span lines. Reuses one <see cref="StringBuilder"/> and one field list.
/// </summary>
/// <remarks>
/// Rules: fields are separated by the separator; a field that starts with <c>"</c> is quoted, may contain separators
/// and line breaks, and writes a literal quote as <c>""</c>; after the closing quote only a separator, a line break or
/// the end of input may follow. A quote inside an unquoted field is kept literally. Records end at CRLF, LF or a lone CR.
/// A leading UTF-8 byte order mark is skipped; lines that are completely empty (outside quotes) are skipped; a final line
/// break is optional. Line breaks inside quoted fields are kept exactly as written.
/// <para>
/// A malformed record is reported through <see cref="ReadRecord"/>'s error, and with <c>resynchronise</c> the reader
/// moves past it so the next call reads the next record. When the record's trouble is a quoted field that spans lines
/// (an opening quote that is never closed, or whose closing quote is followed by text), reading resumes at the line
/// after the one where that quote opened: a single stray quote would otherwise swallow every later line into one
/// field. The lines after it are replayed from memory, so this costs as much memory as the text the field took in.
/// Any other malformed record resumes after the line where the problem was found.
/// </para>
/// </remarks>
internal sealed class DelimitedRecordReader
{
    private const int BufferSize = 64 * 1024;

    private readonly TextReader _reader;
    private readonly char _separator;
    private readonly string? _sourceName;
    private readonly bool _resynchronise;
    private readonly SearchValues<char> _unquotedStops;
    private readonly char[] _buffer = new char[BufferSize];
    private readonly StringBuilder _field = new();
    private readonly List<string> _fields = [];
    private int _pos;
    private int _len;
    private bool _eof;
    private bool _started;
    private long _line = 1;
    private string? _replay; // text to read again before the rest of the input, after resynchronising
    private int _replayPos;

    private static readonly SearchValues<char> QuotedStops = SearchValues.Create("\"\r\n");

    /// <param name="reader">The input.</param>
    /// <param name="separator">The field separator.</param>
    /// <param name="sourceName">A name for error messages, or null.</param>
    /// <param name="resynchronise">Move past malformed records so reading can go on (see remarks); without it the
    /// position after an error is unspecified, which is enough for a caller that stops at the first error.</param>
    public DelimitedRecordReader(TextReader reader, char separator, string? sourceName, bool resynchronise = false)
    {
        _reader = reader;
        _separator = separator;
        _sourceName = sourceName;
        _resynchronise = resynchronise;
        _unquotedStops = SearchValues.Create([separator, '\r', '\n']);
    }

    /// <summary>The physical line where the last record returned by <see cref="ReadRecord"/> starts.</summary>
    public long RecordLine { get; private set; }

    /// <summary>Reads the next record, or returns null at the end of input. The list is reused by the next call.</summary>
    /// <param name="error">Set when the record is malformed; its fields are then incomplete and must not be used.</param>
    public List<string>? ReadRecord(out DataFormatException? error)
    {
        error = null;
        if (!_started)
        {
            _started = true;
            if (Fill() && _buffer[_pos] == '\uFEFF')
                _pos++;
        }

        // Skip empty lines between records.
        while (true)
        {
            if (!Fill())
                return null;
            char c = _buffer[_pos];
            if (c == '\n')
            {
                _pos++;
                _line++;
            }
            else if (c == '\r')
            {
                _pos++;
                if (Fill() && _buffer[_pos] == '\n')
                    _pos++;
                _line++;
            }
            else
            {
                break;
            }
        }

        RecordLine = _line;
        _fields.Clear();
        while (true)
        {
            _field.Clear();
            if (Fill() && _buffer[_pos] == '"')
            {
                error = ReadQuoted();
                if (error is not null)
                    return _fields;
            }
            else
            {
                ReadUnquoted();
            }
            _fields.Add(_field.ToString());

            // Now at a separator, a line break or the end of input.
            if (!Fill())
                return _fields;
            char c = _buffer[_pos++];
            if (c == _separator)
                continue;
            if (c == '\r')
            {
                if (Fill() && _buffer[_pos] == '\n')
                    _pos++;
            }
            _line++;
            return _fields;
        }
    }

    private void ReadUnquoted()
    {
        while (Fill())
        {
            var span = _buffer.AsSpan(_pos, _len - _pos);
            int stop = span.IndexOfAny(_unquotedStops);
            if (stop < 0)
            {
                _field.Append(span);
                _pos = _len;
                continue;
            }
            _field.Append(span[..stop]);
            _pos += stop;
            return;
        }
    }

    /// <summary>Reads a quoted field into <see cref="_field"/>; returns the error when it is malformed.</summary>
    private DataFormatException? ReadQuoted()
    {
        long startLine = _line;
        int fieldNumber = _fields.Count + 1;
        _pos++; // opening quote
        while (true)
        {
            if (!Fill())
            {
                var unterminated = new DataFormatException(
                    $"unterminated quoted field (field {fieldNumber} opens with a quote on line {startLine} that is never closed)", _sourceName, startLine);
                Resynchronise(startLine, closingQuote: false);
                return unterminated;
            }
            var span = _buffer.AsSpan(_pos, _len - _pos);
            int stop = span.IndexOfAny(QuotedStops);
            if (stop < 0)
            {
                _field.Append(span);
                _pos = _len;
                continue;
            }
            _field.Append(span[..stop]);
            _pos += stop;
            char c = _buffer[_pos++];
            if (c == '"')
            {
                if (Fill() && _buffer[_pos] == '"')
                {
                    _field.Append('"');
                    _pos++;
                    continue;
                }
                // Closing quote: only a separator, a line break or the end of input may follow.
                if (Fill())
                {
                    char next = _buffer[_pos];
                    if (next != _separator && next != '\r' && next != '\n')
                    {
                        string reason = startLine == _line
                            ? $"unexpected character '{Printable(next)}' after the closing quote of field {fieldNumber} (a quote inside a quoted field must be doubled)"
                            : $"unexpected character '{Printable(next)}' after the closing quote of field {fieldNumber}, which opened on line {startLine} and closed on line {_line} (is a quote missing, or not doubled?)";
                        var error = new DataFormatException(reason, _sourceName, RecordLine);
                        Resynchronise(startLine, closingQuote: true);
                        return error;
                    }
                }
                return null;
            }
            _field.Append(c);
            if (c == '\r' && Fill() && _buffer[_pos] == '\n')
            {
                _field.Append('\n');
                _pos++;
            }
            _line++;
        }
    }

    /// <summary>
    /// After a malformed quoted field that opened on <paramref name="quoteLine"/>: positions the reader at the start of
    /// the next line. When the field ran past that line, the text it took in after that line is replayed, so the lines a
    /// stray quote swallowed are read again as records.
    /// </summary>
    /// <param name="quoteLine">The line where the field's opening quote is.</param>
    /// <param name="closingQuote">The field ended at a quote (just consumed) followed by text, rather than at the end of input.</param>
    private void Resynchronise(long quoteLine, bool closingQuote)
    {
        if (!_resynchronise)
            return;
        if (_line == quoteLine)
        {
            // Still on the quote's line: drop the rest of it.
            while (Fill())
            {
                char c = _buffer[_pos++];
                if (c == '\n')
                    break;
                if (c == '\r')
                {
                    if (Fill() && _buffer[_pos] == '\n')
                        _pos++;
                    break;
                }
            }
            _line = quoteLine + 1;
            return;
        }

        // The field's text is its raw text with each doubled quote read as one (line breaks are kept as written), so
        // doubling the quotes again gives back what the input held after the opening quote.
        string text = _field.ToString();
        int breakAt = text.AsSpan().IndexOfAny('\r', '\n');
        int next = breakAt + 1;
        if (text[breakAt] == '\r' && next < text.Length && text[next] == '\n')
            next++;
        var replay = new StringBuilder(text.Length - next + 1 + (_len - _pos) + (_replay is null ? 0 : _replay.Length - _replayPos));
        foreach (char c in text.AsSpan(next))
        {
            if (c == '"')
                replay.Append('"');
            replay.Append(c);
        }
        if (closingQuote)
            replay.Append('"');
        replay.Append(_buffer, _pos, _len - _pos);
        if (_replay is not null)
            replay.Append(_replay, _replayPos, _replay.Length - _replayPos);
        _replay = replay.ToString();
        _replayPos = 0;
        _pos = _len = 0;
        _line = quoteLine + 1;
    }

    private static string Printable(char c) => c switch
    {
        '\t' => "\\t",
        _ when char.IsControl(c) => $"\\u{(int)c:X4}",
        _ => c.ToString(),
    };

    /// <summary>Ensures at least one unread character is buffered; returns false at the end of input.</summary>
    private bool Fill()
    {
        if (_pos < _len)
            return true;
        if (_replay is not null)
        {
            int n = Math.Min(_buffer.Length, _replay.Length - _replayPos);
            _replay.CopyTo(_replayPos, _buffer, 0, n);
            _replayPos += n;
            if (_replayPos == _replay.Length)
                _replay = null;
            _pos = 0;
            _len = n;
            if (n > 0)
                return true;
        }
        if (_eof)
            return false;
        _len = _reader.Read(_buffer, 0, _buffer.Length);
        _pos = 0;
        if (_len <= 0)
        {
            _len = 0;
            _eof = true;
            return false;
        }
        return true;
    }
}
