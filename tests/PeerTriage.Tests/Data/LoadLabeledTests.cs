using PeerTriage.Data;

namespace PeerTriage.Tests.Data;

public class LoadLabeledTests
{
    private TempDirectory _dir = null!;

    [SetUp]
    public void SetUp() => _dir = new TempDirectory();

    [TearDown]
    public void TearDown() => _dir.Dispose();

    [Test]
    public void Labels_are_validated_and_canonicalised_with_source_and_group()
    {
        string path = _dir.Write("posts.csv", "user,text,label\nu1,\"two\nlines\",RED\nu2,fine, Green \n");

        var rows = DatasetReader.LoadLabeled(path, new DatasetColumns { Group = "user" }, PriorityScheme.Default);

        rows.Select(r => r.Label).Should().Equal("red", "green");
        rows.Select(r => r.Source).Should().Equal("posts.csv:2", "posts.csv:4");
        rows.Select(r => r.Group).Should().Equal("u1", "u2");
        rows.Select(r => r.Message.Id).Should().Equal("1", "2");
        rows[0].Message.Body.Should().Be("two\nlines");
    }

    [Test]
    public void Unknown_label_error_names_file_line_label_and_scheme()
    {
        var lines = new List<string> { "id,text,label" };
        for (int i = 1; i <= 14; i++)
            lines.Add($"{i},message {i},green");
        lines.Add("15,\"a message\nover two lines\",amber"); // lines 16-17
        lines.Add("16,the odd one,purple");                  // line 18
        string path = _dir.Write("posts.csv", string.Join("\n", lines) + "\n");

        var act = () => DatasetReader.LoadLabeled(path, new DatasetColumns { Id = "id" }, PriorityScheme.Default);

        var ex = act.Should().Throw<DataFormatException>().Which;
        ex.Line.Should().Be(18);
        ex.Message.Should().Be($"{path}:18: label 'purple' is not a level of the scheme (green < amber < red < crisis)");
        ex.Message.Should().Contain("posts.csv").And.Contain("18").And.Contain("purple");
    }

    [Test]
    public void Custom_scheme_labels_are_validated_against_that_scheme()
    {
        var scheme = new PriorityScheme(["minimum", "mild", "moderate", "severe"], 1, 2);
        var rows = DatasetReader.LoadLabeled(new StringReader("text,label\na,Severe\nb,mild\n"), DataFormat.Csv, new DatasetColumns(), scheme, "phq.csv");
        rows.Select(r => r.Label).Should().Equal("severe", "mild");
        rows[0].Source.Should().Be("phq.csv:2");

        var act = () => DatasetReader.LoadLabeled(new StringReader("text,label\na,red\n"), DataFormat.Csv, new DatasetColumns(), scheme, "phq.csv");
        act.Should().Throw<DataFormatException>().WithMessage("phq.csv:2: label 'red' is not a level of the scheme (minimum < mild < moderate < severe)");
    }

    [Test]
    public void Unnamed_streams_use_line_sources()
    {
        var rows = DatasetReader.LoadLabeled(new StringReader("text,label\na,amber\n"), DataFormat.Csv, new DatasetColumns(), PriorityScheme.Default);
        rows.Single().Source.Should().Be("line 2");
    }

    [Test]
    public void Blank_label_is_an_error()
    {
        string path = _dir.Write("posts.jsonl", "{\"text\": \"a\", \"label\": \"green\"}\n{\"text\": \"b\", \"label\": \" \"}\n");
        var act = () => DatasetReader.LoadLabeled(path, new DatasetColumns(), PriorityScheme.Default);
        act.Should().Throw<DataFormatException>().Which.Message.Should().Be($"{path}:2: missing label: 'label' is blank");
    }

    [Test]
    public void A_label_column_is_required()
    {
        var act = () => DatasetReader.LoadLabeled(new StringReader("text\na\n"), DataFormat.Csv, new DatasetColumns { Label = null }, PriorityScheme.Default);
        act.Should().Throw<ArgumentException>().WithMessage("*label column*");
    }

    [Test]
    public void Missing_label_column_in_header_is_an_error()
    {
        string path = _dir.Write("posts.csv", "text,triage\na,green\n");
        var act = () => DatasetReader.LoadLabeled(path, new DatasetColumns(), PriorityScheme.Default);
        act.Should().Throw<DataFormatException>().WithMessage($"{path}:1: missing required column 'label'; the header has 'text', 'triage'");
    }
}
