using PeerTriage.Data;

namespace PeerTriage.Tests.Data;

public class JsonLinesReaderTests
{
    private static List<DatasetRecord> Read(string content, DatasetColumns? columns = null, string? name = "posts.jsonl") =>
        DatasetReader.Read(new StringReader(content), DataFormat.JsonLines, columns ?? new DatasetColumns { Id = "id" }, name).ToList();

    private static DataFormatException Error(string content, DatasetColumns? columns = null, string? name = "posts.jsonl")
    {
        var act = () => Read(content, columns, name);
        return act.Should().Throw<DataFormatException>().Which;
    }

    [Test]
    public void Good_lines_are_read_and_blank_lines_skipped()
    {
        const string jsonl =
            "{\"id\": \"a1\", \"text\": \"hello\\nthere\", \"label\": \"green\"}\n" +
            "\n" +
            "   \n" +
            "{\"label\": \"red\", \"text\": \"\\u00e9t\\u00e9\", \"id\": \"a2\", \"extra\": [1, 2]}\r\n";

        var rows = Read(jsonl);

        rows.Should().HaveCount(2);
        rows[0].Message.Body.Should().Be("hello\nthere");
        rows[0].Message.Id.Should().Be("a1");
        rows[1].Message.Body.Should().Be("été");
        rows[1].Label.Should().Be("red");
        rows.Select(r => r.Line).Should().Equal(1, 4);
        rows.Select(r => r.RowNumber).Should().Equal(1, 2);
    }

    [Test]
    public void Numeric_ids_and_groups_are_accepted_as_written()
    {
        var columns = new DatasetColumns { Id = "id", Group = "user" };
        var rows = Read("{\"id\": 42, \"user\": 7, \"text\": \"x\", \"label\": \"amber\"}\n{\"id\": 1e3, \"text\": \"y\", \"label\": \"amber\"}\n", columns);
        rows[0].Message.Id.Should().Be("42");
        rows[0].Group.Should().Be("7");
        rows[1].Message.Id.Should().Be("1e3");
        rows[1].Group.Should().BeNull();
    }

    [Test]
    public void Default_ids_are_row_numbers_of_non_blank_lines()
    {
        var rows = Read("{\"text\": \"a\", \"label\": \"green\"}\n\n{\"text\": \"b\", \"label\": \"green\"}\n", new DatasetColumns());
        rows.Select(r => r.Message.Id).Should().Equal("1", "2");
        rows.Select(r => r.Line).Should().Equal(1, 3);
    }

    [Test]
    public void Invalid_json_names_the_line()
    {
        const string jsonl =
            "{\"id\": 1, \"text\": \"ok\", \"label\": \"green\"}\n" +
            "\n" +
            "{\"id\": 2, \"text\": \"broken, \"label\": \"green\"}\n";

        var ex = Error(jsonl);

        ex.Line.Should().Be(3);
        ex.Message.Should().StartWith("posts.jsonl:3: invalid JSON");
        ex.InnerException.Should().BeAssignableTo<System.Text.Json.JsonException>();
    }

    [TestCase("[1, 2]", "an array")]
    [TestCase("\"text\"", "a string")]
    [TestCase("17", "a number")]
    public void A_line_that_is_not_an_object_is_an_error(string line, string kind)
    {
        var ex = Error("{\"id\": 1, \"text\": \"ok\", \"label\": \"green\"}\n" + line + "\n");
        ex.Line.Should().Be(2);
        ex.Reason.Should().Be($"expected a JSON object but found {kind}");
    }

    [Test]
    public void Missing_or_null_text_is_an_error_but_empty_text_is_allowed()
    {
        Read("{\"id\": 1, \"text\": \"\", \"label\": \"green\"}").Single().Message.Body.Should().BeEmpty();

        Error("{\"id\": 1, \"label\": \"green\"}").Reason.Should().Contain("missing text");
        Error("{\"id\": 1, \"text\": null, \"label\": \"green\"}").Reason.Should().Contain("missing text");
    }

    [Test]
    public void Missing_label_is_an_error()
    {
        var ex = Error("{\"id\": 1, \"text\": \"a\", \"label\": \"green\"}\n{\"id\": 2, \"text\": \"b\"}\n");
        ex.Line.Should().Be(2);
        ex.Reason.Should().Contain("missing label");
    }

    [Test]
    public void Boolean_or_object_values_are_errors()
    {
        Error("{\"id\": true, \"text\": \"a\", \"label\": \"green\"}").Reason.Should().Contain("'id' must be a string or a number, not a boolean");
        Error("{\"id\": 1, \"text\": {\"a\": 1}, \"label\": \"green\"}").Reason.Should().Contain("not an object");
    }

    [Test]
    public void Duplicate_ids_are_errors_naming_both_lines()
    {
        var ex = Error("{\"id\": 5, \"text\": \"a\", \"label\": \"green\"}\n{\"id\": \"5\", \"text\": \"b\", \"label\": \"green\"}\n");
        ex.Line.Should().Be(2);
        ex.Reason.Should().Contain("duplicate id '5'").And.Contain("line 1");
    }

    [Test]
    public void Unnamed_stream_errors_have_no_file_prefix()
    {
        var ex = Error("not json\n", name: null);
        ex.FilePath.Should().BeNull();
        ex.Message.Should().StartWith("line 1: invalid JSON");
    }

    [Test]
    public void Ndjson_extension_is_json_lines()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("x.ndjson", "{\"text\": \"a\", \"label\": \"green\"}\n");
        DatasetReader.FormatFromPath(path).Should().Be(DataFormat.JsonLines);
        DatasetReader.Read(path, new DatasetColumns()).Single().Message.Body.Should().Be("a");
    }
}
