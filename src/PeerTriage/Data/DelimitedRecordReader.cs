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
/// </remarks>
internal sealed class DelimitedRecordReader
{
    private const int BufferSize = 64 * 1024;

    private readonly TextReader _reader;
    private readonly char _separator;
    private readonly string? _sourceName;
    private readonly SearchValues<char> _unquotedStops;
    private readonly char[] _buffer = new char[BufferSize];
    private readonly StringBuilder _field = new();
    private readonly List<string> _fields = [];
    private int _pos;
    private int _len;
    private bool _eof;
    private bool _started;
    private long _line = 1;

    private static readonly SearchValues<char> QuotedStops = SearchValues.Create("\"\r\n");

    public DelimitedRecordReader(TextReader reader, char separator, string? sourceName)
    {
        _reader = reader;
        _separator = separator;
        _sourceName = sourceName;
        _unquotedStops = SearchValues.Create([separator, '\r', '\n']);
    }

    /// <summary>The physical line where the last record returned by <see cref="ReadRecord"/> starts.</summary>
    public long RecordLine { get; private set; }

    /// <summary>Reads the next record, or returns null at the end of input. The list is reused by the next call.</summary>
    public List<string>? ReadRecord()
    {
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
                ReadQuoted();
            else
                ReadUnquoted();
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

    private void ReadQuoted()
    {
        long startLine = _line;
        int fieldNumber = _fields.Count + 1;
        _pos++; // opening quote
        while (true)
        {
            if (!Fill())
                throw new DataFormatException($"unterminated quoted field (field {fieldNumber} opens with a quote on line {startLine} that is never closed)", _sourceName, startLine);
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
                        throw new DataFormatException(
                            $"unexpected character '{Printable(next)}' after the closing quote of field {fieldNumber} (a quote inside a quoted field must be doubled)",
                            _sourceName, RecordLine);
                }
                return;
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
