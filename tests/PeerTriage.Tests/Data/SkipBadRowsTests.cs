using System.Globalization;
using System.Text;
using PeerTriage.Data;

namespace PeerTriage.Tests.Data;

public class SkipBadRowsTests
{
    private static readonly DatasetColumns IdTextLabel = new() { Id = "id" };

    // Line numbers are in the comments; "bad" rows are the ones a reader must skip when asked to.
    private const string BrokenCsv =
        "id,text,label\n" +                    // 1
        "1,fine,green\n" +                     // 2
        "2,\"unterminated,amber\n" +           // 3 bad: the quote runs on to the one on line 8
        "3,ok three,red\n" +                   // 4
        "4,too,many,fields\n" +                // 5 bad: 4 fields
        "5,,crisis\n" +                        // 6 (an empty text is allowed)
        "6,hello,purple\n" +                   // 7 bad: not a level
        "7,\"multi\n" +                        // 8
        "line\",amber\n" +                     // 9
        "8,\"x\"y,green\n" +                   // 10 bad: text after the closing quote
        "1,dup,green\n" +                      // 11 bad: id 1 is on line 2
        "9,\"she said \"\"hi\"\"\",red\n" +    // 12
        "10,\"never closed,green\n" +          // 13 bad: no quote follows, so it runs to the end of the input
        "11,after,green\n" +                   // 14
        "12,last,amber\n";                     // 15

    private static readonly long[] BrokenCsvBadLines = [3, 5, 7, 10, 11, 13];

    private static (IReadOnlyList<LabeledMessage> Rows, List<DataFormatException> Skipped) LoadSkipping(string content, DataFormat format, string name)
    {
        var skipped = new List<DataFormatException>();
        var rows = DatasetReader.LoadLabeled(new StringReader(content), format, IdTextLabel, PriorityScheme.Default, name,
            new DatasetReadOptions { OnBadRow = skipped.Add });
        return (rows, skipped);
    }

    [Test]
    public void Without_the_option_the_first_bad_csv_row_throws_naming_file_and_line()
    {
        var act = () => DatasetReader.LoadLabeled(new StringReader(BrokenCsv), DataFormat.Csv, IdTextLabel, PriorityScheme.Default, "posts.csv");
        var ex = act.Should().Throw<DataFormatException>().Which;
        ex.Line.Should().Be(3);
        ex.FilePath.Should().Be("posts.csv");
        ex.Message.Should().StartWith("posts.csv:3: ");
    }

    [Test]
    public void Skipping_csv_keeps_the_good_rows_and_reports_exactly_the_bad_lines()
    {
        var (rows, skipped) = LoadSkipping(BrokenCsv, DataFormat.Csv, "posts.csv");

        rows.Select(r => r.Message.Id).Should().Equal("1", "3", "5", "7", "9", "11", "12");
        rows.Select(r => r.Message.Body).Should().Equal("fine", "ok three", "", "multi\nline", "she said \"hi\"", "after", "last");
        rows.Select(r => r.Source).Should().Equal("posts.csv:2", "posts.csv:4", "posts.csv:6", "posts.csv:8", "posts.csv:12", "posts.csv:14", "posts.csv:15");
        skipped.Select(e => e.Line).Should().Equal(BrokenCsvBadLines);
        skipped.Should().OnlyContain(e => e.FilePath == "posts.csv");
        skipped[0].Reason.Should().Contain("opened on line 3");
        skipped[1].Reason.Should().Contain("expected 3 fields").And.Contain("found 4");
        skipped[2].Reason.Should().Contain("label 'purple'");
        skipped[3].Reason.Should().Contain("after the closing quote");
        skipped[4].Reason.Should().Contain("duplicate id '1'").And.Contain("line 2");
        skipped[5].Reason.Should().Contain("unterminated quoted field").And.Contain("line 13");
        skipped[5].Message.Should().StartWith("posts.csv:13: ");
    }

    [Test]
    public void Crlf_line_breaks_resynchronise_the_same_way()
    {
        var (rows, skipped) = LoadSkipping(BrokenCsv.ReplaceLineEndings("\r\n"), DataFormat.Csv, "posts.csv");

        rows.Select(r => r.Message.Id).Should().Equal("1", "3", "5", "7", "9", "11", "12");
        rows.Single(r => r.Message.Id == "7").Message.Body.Should().Be("multi\r\nline");
        skipped.Select(e => e.Line).Should().Equal(BrokenCsvBadLines);
    }

    [Test]
    public void Tsv_uses_the_same_recovery()
    {
        string tsv = BrokenCsv.Replace(',', '\t');
        var skipped = new List<DataFormatException>();
        var records = DatasetReader.Read(new StringReader(tsv), DataFormat.Tsv, IdTextLabel, "posts.tsv", new DatasetReadOptions { OnBadRow = skipped.Add }).ToList();

        // Read does not check labels against a scheme, so the 'purple' row is kept here.
        records.Select(r => r.Message.Id).Should().Equal("1", "3", "5", "6", "7", "9", "11", "12");
        skipped.Select(e => e.Line).Should().Equal(3, 5, 10, 11, 13);
    }

    [Test]
    public void A_stray_quote_does_not_swallow_a_large_file()
    {
        // Past the reader's 64K buffer, so the replayed text is longer than one buffer.
        const int after = 5_000;
        var csv = new StringBuilder("id,text,label\n1,\"stray quote,green\n");
        for (int i = 0; i < after; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{i + 2},row number {i + 2} with some words to make it longer,amber\n");

        var skipped = new List<DataFormatException>();
        var records = DatasetReader.Read(new StringReader(csv.ToString()), DataFormat.Csv, IdTextLabel, "big.csv", new DatasetReadOptions { OnBadRow = skipped.Add }).ToList();

        skipped.Should().ContainSingle().Which.Line.Should().Be(2);
        records.Should().HaveCount(after);
        for (int i = 0; i < after; i++)
        {
            records[i].Line.Should().Be(i + 3);
            records[i].Message.Id.Should().Be((i + 2).ToString(CultureInfo.InvariantCulture));
        }
    }

    private const string BrokenJsonLines =
        "{\"id\": 1, \"text\": \"a\", \"label\": \"green\"}\n" +      // 1
        "{\"id\": 2, \"text\": \"b\", \"label\": \"amber\"\n" +       // 2 bad: invalid JSON
        "[1, 2]\n" +                                                   // 3 bad: not an object
        "\n" +                                                         // 4 blank, ignored
        "{\"id\": 3, \"label\": \"red\"}\n" +                          // 5 bad: no text
        "{\"id\": 4, \"text\": \"c\", \"label\": \"purple\"}\n" +     // 6 bad: not a level
        "{\"id\": 5, \"text\": {\"x\": 1}, \"label\": \"red\"}\n" +   // 7 bad: text is an object
        "{\"id\": 1, \"text\": \"dup\", \"label\": \"green\"}\n" +    // 8 bad: id 1 is on line 1
        "{\"id\": 6, \"text\": \"d\", \"label\": \"crisis\"}\n" +     // 9
        "{\"id\": 2, \"text\": \"e\", \"label\": \"Green\"}\n";       // 10: id 2 only belonged to a skipped row

    [Test]
    public void Without_the_option_the_first_bad_json_line_throws_naming_file_and_line()
    {
        var act = () => DatasetReader.LoadLabeled(new StringReader(BrokenJsonLines), DataFormat.JsonLines, IdTextLabel, PriorityScheme.Default, "posts.jsonl");
        var ex = act.Should().Throw<DataFormatException>().Which;
        ex.Line.Should().Be(2);
        ex.Message.Should().StartWith("posts.jsonl:2: invalid JSON");
    }

    [Test]
    public void Skipping_json_lines_keeps_the_good_rows_and_reports_exactly_the_bad_lines()
    {
        var (rows, skipped) = LoadSkipping(BrokenJsonLines, DataFormat.JsonLines, "posts.jsonl");

        rows.Select(r => r.Message.Id).Should().Equal("1", "6", "2");
        rows.Select(r => r.Label).Should().Equal("green", "crisis", "green");
        skipped.Select(e => e.Line).Should().Equal(2, 3, 5, 6, 7, 8);
        skipped.Select(e => e.Reason).Should().SatisfyRespectively(
            r => r.Should().StartWith("invalid JSON"),
            r => r.Should().Be("expected a JSON object but found an array"),
            r => r.Should().Contain("missing text"),
            r => r.Should().Contain("label 'purple'"),
            r => r.Should().Contain("'text' must be a string or a number, not an object"),
            r => r.Should().Contain("duplicate id '1'"));
    }

    [Test]
    public void Row_numbers_still_count_skipped_rows()
    {
        // Without an id column ids are row numbers: they must stay those of the file, not shift past a skipped row.
        var skipped = new List<DataFormatException>();
        var records = DatasetReader.Read(new StringReader("text,label\na,green\n\"b\"x,green\nc,red\n"), DataFormat.Csv, new DatasetColumns(), "p.csv",
            new DatasetReadOptions { OnBadRow = skipped.Add }).ToList();

        records.Select(r => r.Message.Id).Should().Equal("1", "3");
        records.Select(r => r.RowNumber).Should().Equal(1, 3);
        skipped.Should().ContainSingle().Which.Line.Should().Be(3);
    }

    [Test]
    public void Files_are_read_with_the_option_and_name_the_file()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("posts.csv", BrokenCsv);
        var skipped = new List<DataFormatException>();

        var rows = DatasetReader.LoadLabeled(path, IdTextLabel, PriorityScheme.Default, new DatasetReadOptions { OnBadRow = skipped.Add });

        rows.Should().HaveCount(7);
        rows[0].Source.Should().Be("posts.csv:2");
        skipped.Select(e => e.Line).Should().Equal(BrokenCsvBadLines);
        skipped.Should().OnlyContain(e => e.FilePath == path && e.Message.StartsWith(path + ":", StringComparison.Ordinal));
    }

    [Test]
    public void Problems_with_the_whole_file_still_throw()
    {
        var options = new DatasetReadOptions { OnBadRow = _ => Assert.Fail("a header problem is not a bad row") };
        var missingColumn = () => DatasetReader.Read(new StringReader("id,body,label\n1,a,green\n"), DataFormat.Csv, IdTextLabel, "p.csv", options).ToList();
        missingColumn.Should().Throw<DataFormatException>().Which.Reason.Should().Contain("missing required column 'text'");
        var empty = () => DatasetReader.Read(new StringReader(""), DataFormat.Csv, IdTextLabel, "p.csv", options).ToList();
        empty.Should().Throw<DataFormatException>().Which.Reason.Should().Contain("header");
    }

    [Test]
    public void Throwing_from_the_handler_stops_reading()
    {
        var seen = new List<string>();
        var options = new DatasetReadOptions { OnBadRow = e => throw new InvalidOperationException("too many", e) };
        var act = () =>
        {
            foreach (var r in DatasetReader.Read(new StringReader(BrokenCsv), DataFormat.Csv, IdTextLabel, "p.csv", options))
                seen.Add(r.Message.Id!);
        };

        act.Should().Throw<InvalidOperationException>().Which.InnerException.Should().BeOfType<DataFormatException>().Which.Line.Should().Be(3);
        seen.Should().Equal("1");
    }

    [Test]
    public void Default_options_throw()
    {
        DatasetReadOptions.Default.OnBadRow.Should().BeNull();
        var act = () => DatasetReader.Read(new StringReader(BrokenCsv), DataFormat.Csv, IdTextLabel, "p.csv", DatasetReadOptions.Default).ToList();
        act.Should().Throw<DataFormatException>().Which.Line.Should().Be(3);
    }
}
