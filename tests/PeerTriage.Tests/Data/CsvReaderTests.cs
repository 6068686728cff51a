using System.Text;
using PeerTriage.Data;

namespace PeerTriage.Tests.Data;

public class CsvReaderTests
{
    private TempDirectory _dir = null!;

    [SetUp]
    public void SetUp() => _dir = new TempDirectory();

    [TearDown]
    public void TearDown() => _dir.Dispose();

    private static readonly DatasetColumns IdTextLabel = new() { Id = "id" };

    private static List<DatasetRecord> ReadString(string content, DatasetColumns? columns = null, DataFormat format = DataFormat.Csv, string? name = "posts.csv") =>
        DatasetReader.Read(new StringReader(content), format, columns ?? IdTextLabel, name).ToList();

    private static DataFormatException ReadError(string content, DatasetColumns? columns = null, DataFormat format = DataFormat.Csv, string? name = "posts.csv")
    {
        var act = () => ReadString(content, columns, format, name);
        return act.Should().Throw<DataFormatException>().Which;
    }

    [Test]
    public void Quotes_escaped_quotes_commas_and_multiline_fields_are_parsed_with_physical_line_numbers()
    {
        const string csv =
            "id,text,label\n" +
            "1,\"hello, world\",green\n" +
            "2,\"she said \"\"hi\"\"\",amber\n" +
            "3,\"line one\nline two\nline three\",red\n" +
            "4,plain,crisis\n";

        var rows = ReadString(csv);

        rows.Select(r => r.Message.Body).Should().Equal("hello, world", "she said \"hi\"", "line one\nline two\nline three", "plain");
        rows.Select(r => r.Label).Should().Equal("green", "amber", "red", "crisis");
        rows.Select(r => r.Message.Id).Should().Equal("1", "2", "3", "4");
        rows.Select(r => r.Line).Should().Equal(2, 3, 4, 7);
        rows.Select(r => r.RowNumber).Should().Equal(1, 2, 3, 4);
    }

    [Test]
    public void Error_after_a_multiline_field_reports_the_physical_line()
    {
        const string csv =
            "id,text,label\n" +
            "1,\"a\nb\nc\",green\n" +   // lines 2-4
            "2,\"x\r\ny\",amber\n" +    // lines 5-6
            "3,too,many,fields\n";      // line 7

        var ex = ReadError(csv);

        ex.Line.Should().Be(7);
        ex.FilePath.Should().Be("posts.csv");
        ex.Reason.Should().Contain("expected 3 fields").And.Contain("found 4");
        ex.Message.Should().StartWith("posts.csv:7: ");
    }

    [Test]
    public void Too_few_fields_is_an_error_naming_the_line()
    {
        var ex = ReadError("id,text,label\n1,ok,green\n2,short\n");
        ex.Line.Should().Be(3);
        ex.Reason.Should().Contain("found 2");
    }

    [Test]
    public void Crlf_line_endings_work_and_crlf_inside_quotes_is_kept()
    {
        const string csv = "id,text,label\r\n1,\"first\r\nsecond\",green\r\n2,next,red\r\n";

        var rows = ReadString(csv);

        rows.Should().HaveCount(2);
        rows[0].Message.Body.Should().Be("first\r\nsecond");
        rows[0].Label.Should().Be("green");
        rows[1].Message.Body.Should().Be("next");
        rows[1].Label.Should().Be("red", "the CR of CRLF must not leak into the last field");
        rows.Select(r => r.Line).Should().Equal(2, 4);
    }

    [Test]
    public void Lone_cr_line_endings_are_accepted()
    {
        var rows = ReadString("id,text,label\r1,a,green\r2,b,red");
        rows.Select(r => r.Label).Should().Equal("green", "red");
        rows.Select(r => r.Line).Should().Equal(2, 3);
    }

    [Test]
    public void Utf8_bom_is_skipped_so_the_first_header_matches()
    {
        string path = _dir.Write("bom.csv", "text,label\nhéllo,green\n", bom: true);
        File.ReadAllBytes(path).Take(3).Should().Equal(0xEF, 0xBB, 0xBF);

        var rows = DatasetReader.Read(path, new DatasetColumns()).ToList();

        rows.Should().ContainSingle().Which.Message.Body.Should().Be("héllo");
    }

    [Test]
    public void Bom_char_in_a_text_reader_is_skipped_too()
    {
        var rows = ReadString("\uFEFFtext,label\nx,green\n", new DatasetColumns());
        rows.Should().ContainSingle().Which.Message.Body.Should().Be("x");
    }

    [Test]
    public void Empty_fields_give_empty_text_and_null_optional_values()
    {
        var columns = new DatasetColumns { Group = "user", Subject = "subject", ThreadId = "thread" };
        var rows = ReadString("text,label,user,subject,thread\n,green,,,\n\"\",amber,u1,,t\n", columns);

        rows.Should().HaveCount(2);
        rows[0].Message.Body.Should().BeEmpty();
        rows[0].Group.Should().BeNull();
        rows[0].Message.Subject.Should().BeNull();
        rows[0].Message.ThreadId.Should().BeNull();
        rows[1].Message.Body.Should().BeEmpty();
        rows[1].Group.Should().Be("u1");
        rows[1].Message.ThreadId.Should().Be("t");
    }

    [Test]
    public void Trailing_newline_and_missing_final_newline_are_both_fine()
    {
        ReadString("id,text,label\n1,a,green\n").Should().HaveCount(1);
        ReadString("id,text,label\n1,a,green").Should().HaveCount(1);
        ReadString("id,text,label\n1,\"a\",green").Single().Message.Body.Should().Be("a");
        ReadString("id,text,label\n1,a,green\n\n\n").Should().HaveCount(1, "blank lines are skipped");
    }

    [Test]
    public void Unterminated_quote_reports_the_line_where_the_field_started()
    {
        const string csv =
            "id,text,label\n" +
            "1,ok,green\n" +
            "2,\"never closed,amber\n" +   // line 3
            "3,more,red\n" +
            "4,still more,red\n";

        var ex = ReadError(csv);

        ex.Line.Should().Be(3);
        ex.Reason.Should().Contain("unterminated quoted field").And.Contain("line 3");
        ex.Message.Should().StartWith("posts.csv:3:");
    }

    [Test]
    public void Unterminated_quote_in_a_file_names_the_file_path()
    {
        string path = _dir.Write("broken.csv", "text,label\n\"oops,green\n");
        var act = () => DatasetReader.Read(path, new DatasetColumns()).ToList();
        var ex = act.Should().Throw<DataFormatException>().Which;
        ex.FilePath.Should().Be(path);
        ex.Line.Should().Be(2);
        ex.Message.Should().Be($"{path}:2: {ex.Reason}");
    }

    [Test]
    public void Text_after_a_closing_quote_is_an_error()
    {
        var ex = ReadError("id,text,label\n1,\"abc\"def,green\n");
        ex.Line.Should().Be(2);
        ex.Reason.Should().Contain("after the closing quote");
    }

    [Test]
    public void Quote_inside_an_unquoted_field_is_kept_literally()
    {
        ReadString("id,text,label\n1,5\" tall,green\n").Single().Message.Body.Should().Be("5\" tall");
    }

    [Test]
    public void Missing_column_lists_the_columns_found()
    {
        var ex = ReadError("id,body,label\n1,a,green\n");
        ex.Line.Should().Be(1);
        ex.Reason.Should().Contain("missing required column 'text'").And.Contain("'id', 'body', 'label'");
    }

    [Test]
    public void Empty_input_is_an_error()
    {
        ReadError("").Reason.Should().Contain("header");
    }

    [Test]
    public void Column_names_match_case_insensitively_and_ignore_surrounding_spaces()
    {
        var rows = ReadString(" ID , Text ,LABEL\n1,a,green\n");
        rows.Single().Message.Body.Should().Be("a");
    }

    [Test]
    public void Default_ids_are_one_based_data_row_numbers()
    {
        var rows = ReadString("text,label\n\"multi\nline\",green\nb,red\nc,amber\n", new DatasetColumns());
        rows.Select(r => r.Message.Id).Should().Equal("1", "2", "3");
        rows.Select(r => r.Line).Should().Equal(2, 4, 5);
    }

    [Test]
    public void Duplicate_ids_name_both_lines()
    {
        var ex = ReadError("id,text,label\n7,a,green\n8,b,green\n7,c,red\n");
        ex.Line.Should().Be(4);
        ex.Reason.Should().Contain("duplicate id '7'").And.Contain("line 2");
    }

    [Test]
    public void Blank_label_is_an_error_when_a_label_column_is_configured()
    {
        var ex = ReadError("id,text,label\n1,a,green\n2,b,  \n");
        ex.Line.Should().Be(3);
        ex.Reason.Should().Contain("missing label");
    }

    [Test]
    public void Unlabeled_data_reads_with_a_null_label_column()
    {
        var rows = ReadString("text\nhello\n", new DatasetColumns { Label = null });
        rows.Single().Label.Should().BeNull();
        rows.Single().Message.Id.Should().Be("1");
    }

    [Test]
    public void Forum_defaults_map_every_field()
    {
        const string csv =
            "id,thread_id,parent_id,author_id,author_role,board,posted_at,subject,body,label\n" +
            "m1,t1,,a1,Member,wellbeing,2016-03-01T14:05:00+11:00,Hi there,\"I feel <b>ok</b>\",green\n" +
            "m2,t1,m1,a2,mod,wellbeing,2016-03-01,,\"reply\",amber\n";

        var rows = ReadString(csv, DatasetColumns.ForumDefaults);

        var m1 = rows[0].Message;
        m1.Id.Should().Be("m1");
        m1.ThreadId.Should().Be("t1");
        m1.ParentId.Should().BeNull();
        m1.AuthorId.Should().Be("a1");
        m1.AuthorRole.Should().Be(AuthorRole.Peer);
        m1.Board.Should().Be("wellbeing");
        m1.PostedAt.Should().Be(new DateTimeOffset(2016, 3, 1, 14, 5, 0, TimeSpan.FromHours(11)));
        m1.Subject.Should().Be("Hi there");
        m1.Body.Should().Be("I feel <b>ok</b>");
        rows[0].Label.Should().Be("green");

        var m2 = rows[1].Message;
        m2.ParentId.Should().Be("m1");
        m2.AuthorRole.Should().Be(AuthorRole.Moderator);
        m2.PostedAt.Should().Be(new DateTimeOffset(2016, 3, 1, 0, 0, 0, TimeSpan.Zero), "times without an offset are UTC");
        m2.Subject.Should().BeNull();
    }

    [TestCase("01/03/2016")]
    [TestCase("yesterday")]
    [TestCase("2016-13-01")]
    [TestCase("2016-03-01T25:00")]
    public void Bad_posted_at_is_an_error(string value)
    {
        var columns = new DatasetColumns { PostedAt = "when" };
        var ex = ReadError($"text,label,when\na,green,2016-03-01T10:00:00Z\nb,green,{value}\n", columns);
        ex.Line.Should().Be(3);
        ex.Reason.Should().Contain("ISO 8601").And.Contain(value);
    }

    [Test]
    public void Unrecognised_author_role_is_an_error()
    {
        var columns = new DatasetColumns { AuthorRole = "role" };
        var ex = ReadError("text,label,role\na,green,staff\nb,green,wizard\n", columns);
        ex.Line.Should().Be(3);
        ex.Reason.Should().Contain("author role 'wizard'");
    }

    [Test]
    public void Tsv_uses_tabs_and_the_same_quoting()
    {
        var rows = ReadString("id\ttext\tlabel\n1\t\"a\tb\nc\"\tred\n2\tcomma, fine\tgreen\n", format: DataFormat.Tsv, name: "x.tsv");
        rows.Select(r => r.Message.Body).Should().Equal("a\tb\nc", "comma, fine");
        rows.Select(r => r.Line).Should().Equal(2, 4);
    }

    [Test]
    public void Tsv_file_is_chosen_by_extension()
    {
        string path = _dir.Write("data.TSV", "text\tlabel\nhello, world\tgreen\n");
        DatasetReader.Read(path, new DatasetColumns()).Single().Message.Body.Should().Be("hello, world");
    }

    [Test]
    public void Unsupported_extension_lists_the_supported_ones()
    {
        string path = _dir.Write("data.xlsx", "x");
        var act = () => DatasetReader.Read(path, new DatasetColumns());
        act.Should().Throw<ArgumentException>().WithMessage("*.xlsx*.csv*.tsv*.jsonl*.ndjson*");
    }

    [Test]
    public void Missing_file_names_the_path_before_enumeration()
    {
        string path = Path.Combine(_dir.Path, "nope.csv");
        var act = () => DatasetReader.Read(path, new DatasetColumns());
        act.Should().Throw<FileNotFoundException>().WithMessage($"*{path}*");
    }

    [Test]
    public void Reading_is_lazy_and_streams()
    {
        // Rows before a broken row are delivered before the error is raised.
        var seen = new List<string>();
        var act = () =>
        {
            foreach (var r in DatasetReader.Read(new StringReader("text,label\na,green\nb,red\n\"c,amber\n"), DataFormat.Csv, new DatasetColumns()))
                seen.Add(r.Message.Body);
        };
        act.Should().Throw<DataFormatException>().Which.Line.Should().Be(4);
        seen.Should().Equal("a", "b");
    }

    [Test]
    public void Large_input_with_30kb_multiline_fields_streams_with_correct_line_numbers()
    {
        const int rows = 9_000;
        using var reader = new GeneratedCsvReader(rows, fieldLength: 30_000, linesPerField: 5);

        long count = 0;
        long expectedLine = 2;
        foreach (var r in DatasetReader.Read(reader, DataFormat.Csv, new DatasetColumns { Id = "id", Group = "user" }, "big.csv"))
        {
            count++;
            r.Line.Should().Be(expectedLine);
            if (count == 1 || count == rows)
            {
                r.Message.Body.Length.Should().Be(30_000);
                r.Message.Body.Should().Contain("\"quoted\"");
                r.Message.Id.Should().Be(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            expectedLine += 5;
        }

        count.Should().Be(rows);
        reader.LargestRequest.Should().BeLessThanOrEqualTo(1 << 20, "the reader must read in bounded chunks, not the whole input");
    }

    /// <summary>Produces a big CSV on the fly (never held in memory as a whole): id,user,text,label.</summary>
    private sealed class GeneratedCsvReader : TextReader
    {
        private readonly int _rows;
        private readonly int _fieldLength;
        private readonly int _linesPerField;
        private string _pending = "id,user,text,label\n";
        private int _pendingPos;
        private int _row;

        public GeneratedCsvReader(int rows, int fieldLength, int linesPerField)
        {
            _rows = rows;
            _fieldLength = fieldLength;
            _linesPerField = linesPerField;
        }

        public int LargestRequest { get; private set; }

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            LargestRequest = Math.Max(LargestRequest, buffer.Length);
            if (_pendingPos == _pending.Length)
            {
                if (_row == _rows)
                    return 0;
                _row++;
                _pending = MakeRow(_row);
                _pendingPos = 0;
            }
            int n = Math.Min(buffer.Length, _pending.Length - _pendingPos);
            _pending.AsSpan(_pendingPos, n).CopyTo(buffer);
            _pendingPos += n;
            return n;
        }

        public override int Peek() => throw new NotSupportedException();

        public override string ReadToEnd() => throw new NotSupportedException("must stream");

        private string MakeRow(int row)
        {
            // The text: "quoted" (escaped as ""quoted""), then filler with (linesPerField - 1) line breaks in total.
            var text = new StringBuilder(_fieldLength);
            text.Append("\"quoted\"");
            int breaks = _linesPerField - 1;
            int chunk = (_fieldLength - text.Length - breaks) / _linesPerField;
            for (int i = 0; i < _linesPerField; i++)
            {
                if (i > 0)
                    text.Append('\n');
                int n = i == _linesPerField - 1 ? _fieldLength - text.Length : chunk;
                for (int j = 0; j < n; j++)
                    text.Append((char)('a' + ((row + j) % 26)));
            }
            string escaped = text.ToString().Replace("\"", "\"\"", StringComparison.Ordinal);
            return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{row},user-{row % 37},\"{escaped}\",green\n");
        }
    }
}
