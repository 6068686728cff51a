using System.Text;
using PeerTriage.Data;

namespace PeerTriage.Tests.Data;

/// <summary>Files that are not UTF-8 text fail with one short reason naming the file and line, never their bytes.</summary>
public class TextEncodingTests
{
    private TempDirectory _dir = null!;

    [SetUp]
    public void SetUp() => _dir = new TempDirectory();

    [TearDown]
    public void TearDown() => _dir.Dispose();

    private string WriteBytes(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir.Path, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static DataFormatException Error(string path, DatasetReadOptions? options = null)
    {
        var act = () => DatasetReader.Read(path, new DatasetColumns(), options).ToList();
        return act.Should().Throw<DataFormatException>().Which;
    }

    [Test]
    public void A_binary_file_is_not_a_text_file_and_its_bytes_stay_out_of_the_message()
    {
        var bytes = new byte[600];
        new Random(7).NextBytes(bytes);
        bytes[0] = (byte)'M';
        bytes[1] = (byte)'Z';
        bytes[5] = 0;
        string path = WriteBytes("posts.csv", bytes);

        var ex = Error(path);

        ex.Line.Should().Be(1);
        ex.Reason.Should().Be("not a text file (it has a NUL byte on this line)");
        ex.Message.Should().Be($"{path}:1: {ex.Reason}");
    }

    [Test]
    public void A_nul_after_a_multiline_field_names_its_physical_line_even_when_skipping_bad_rows()
    {
        string path = WriteBytes("posts.csv", Encoding.UTF8.GetBytes("text,label\n\"one\ntwo\",green\nok,green\n\"a\r\nb\",\"x\0\",red\n"));
        var skipped = new List<DataFormatException>();

        var ex = Error(path, new DatasetReadOptions { OnBadRow = skipped.Add });

        ex.Line.Should().Be(6, "the record starts on line 5 and its second field, after a CRLF, holds the NUL");
        skipped.Should().BeEmpty("an encoding problem is the whole file's, so it is never skipped as one bad row");
    }

    [Test]
    public void Latin1_text_is_not_utf8_and_the_message_says_to_save_it_as_utf8()
    {
        string path = WriteBytes("posts.csv", Encoding.Latin1.GetBytes("text,label\nfine,green\ncafé,amber\n"));

        var ex = Error(path);

        ex.Line.Should().Be(3);
        ex.Reason.Should().Be("not UTF-8 text (a byte sequence on this line is not UTF-8); save the file as UTF-8");
    }

    [Test]
    public void A_noncharacter_written_in_valid_utf8_is_text()
    {
        string path = _dir.Write("posts.csv", "text,label\n\uFFFF caf\u00e9 \uFFFD,green\n");
        DatasetReader.Read(path, new DatasetColumns()).Single().Message.Body.Should().Be("\uFFFF caf\u00e9 \uFFFD");
    }

    [TestCase(false, "little-endian")]
    [TestCase(true, "big-endian")]
    public void Utf16_without_a_byte_order_mark_is_named(bool bigEndian, string endian)
    {
        string path = WriteBytes("posts.csv", new UnicodeEncoding(bigEndian, byteOrderMark: false).GetBytes("text,label\nhello,green\n"));

        var ex = Error(path);

        ex.Line.Should().Be(1);
        ex.Reason.Should().Be($"the file looks like UTF-16 ({endian}) text without a byte order mark; save it as UTF-8 (or as UTF-16 with a byte order mark)");
    }

    [TestCase("utf-16")]
    [TestCase("utf-16BE")]
    [TestCase("utf-32")]
    [TestCase("utf-8")]
    public void A_byte_order_mark_chooses_the_encoding(string name)
    {
        var encoding = Encoding.GetEncoding(name);
        string path = WriteBytes("posts.jsonl", [.. encoding.GetPreamble(), .. encoding.GetBytes("{\"text\": \"été\", \"label\": \"red\"}\n")]);
        DatasetReader.Read(path, new DatasetColumns()).Single().Message.Body.Should().Be("été");
    }

    [Test]
    public void Json_lines_get_the_same_checks()
    {
        string path = WriteBytes("posts.jsonl", [.. Encoding.UTF8.GetBytes("{\"text\": \"ok\", \"label\": \"red\"}\n{\"text\": \"caf"), 0xE9, .. "\"}\n"u8]);
        Error(path).Message.Should().Be($"{path}:2: not UTF-8 text (a byte sequence on this line is not UTF-8); save the file as UTF-8");
    }

    [Test]
    public void A_nul_from_a_text_reader_is_found_too()
    {
        var act = () => DatasetReader.Read(new StringReader("text,label\nx\0y,green\n"), DataFormat.Csv, new DatasetColumns(), "posts.csv").ToList();
        act.Should().Throw<DataFormatException>().Which.Message.Should().Be("posts.csv:2: not a text file (it has a NUL byte on this line)");
    }

    [Test]
    public void Invalid_json_gives_a_column_instead_of_the_parser_byte_position()
    {
        var act = () => DatasetReader.Read(new StringReader("{\"text\": \"é\", \"label\": gre}\n"), DataFormat.JsonLines, new DatasetColumns(), "posts.jsonl").ToList();
        act.Should().Throw<DataFormatException>().Which.Message.Should().Be("posts.jsonl:1: invalid JSON at column 24: 'g' is an invalid start of a value");
    }

    [Test]
    public void A_missing_column_lists_a_capped_header()
    {
        string header = string.Join(",", Enumerable.Range(0, 50).Select(i => new string('x', 100) + i));
        var act = () => DatasetReader.Read(new StringReader(header + "\n"), DataFormat.Csv, new DatasetColumns(), "posts.csv").ToList();
        var ex = act.Should().Throw<DataFormatException>().Which;
        ex.Reason.Should().StartWith("missing required column 'text'; the header has 'xxxx").And.EndWith("...' and 30 more");
        ex.Reason.Length.Should().BeLessThan(800);
    }
}
