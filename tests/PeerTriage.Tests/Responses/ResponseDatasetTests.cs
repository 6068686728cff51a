using PeerTriage.Data;
using PeerTriage.Responses;

namespace PeerTriage.Tests.Responses;

public class ResponseDatasetTests
{
    private static readonly ResponseDatasetColumns Labelled = new() { Label = "level" };

    private static List<LabeledResponse> Load(string content, ResponseDatasetColumns? columns = null, ResponseScheme? scheme = null, string? mechanism = "explorations",
        DataFormat format = DataFormat.Csv, DatasetReadOptions? options = null) =>
        [.. ResponseDataset.LoadLabeled(new StringReader(content), format, columns ?? Labelled, scheme ?? ResponseScheme.Epitome, mechanism, "pairs.csv", options)];

    private static DataFormatException LoadError(string content, ResponseDatasetColumns? columns = null, string? mechanism = "explorations", DataFormat format = DataFormat.Csv)
    {
        var act = () => Load(content, columns, mechanism: mechanism, format: format);
        return act.Should().Throw<DataFormatException>().Which;
    }

    [Test]
    public void EPITOME_layout_loads_with_digit_labels_quoted_multiline_texts_and_file_line_sources()
    {
        const string csv = "sp_id,rp_id,seeker_post,response_post,level,rationales\n"
            + "s1,r1,\"I feel low, really low\",\"What happened?\",2,What happened?|\n"
            + "s2,r2,\"line one\nline two\",\"ok\",0,\n"
            + "s3,r1,help,\"I've been there\",1,\n";

        var rows = Load(csv, ResponseDatasetColumns.Epitome);

        rows.Select(r => r.Label).Should().Equal("strong", "none", "weak");
        rows.Should().OnlyContain(r => r.Mechanism == "explorations");
        rows.Select(r => r.Source).Should().Equal("pairs.csv:2", "pairs.csv:3", "pairs.csv:5");
        rows[0].Pair.SeekerPost.Should().Be("I feel low, really low");
        rows[1].Pair.SeekerPost.Should().Be("line one\nline two");
        rows[0].Pair.Response.Should().Be("What happened?");
        rows[0].Pair.SeekerPostId.Should().Be("s1");
        rows.Select(r => r.Group).Should().Equal(new[] { "r1", "r2", "r1" }, "rp_id repeats in EPITOME, so it is the group, not the id");
        rows.Select(r => r.Pair.Id).Should().Equal("1", "2", "3");
    }

    [Test]
    public void A_mechanism_column_names_each_rows_mechanism_and_level_names_match_case_insensitively()
    {
        const string csv = "seeker_post,response_post,mechanism,level\na,b,Explorations,STRONG\nc,d,interpretations,weak\n";

        var rows = Load(csv, Labelled with { Mechanism = "mechanism" }, mechanism: null);

        rows.Select(r => (r.Mechanism, r.Label)).Should().Equal(("explorations", "strong"), ("interpretations", "weak"));
    }

    [Test]
    public void Json_lines_read_the_same_fields_and_numbers_as_labels()
    {
        const string jsonl = "{\"seeker_post\": \"a\", \"response_post\": \"b\", \"level\": 1}\n\n{\"seeker_post\": \"\", \"response_post\": \"c\", \"level\": \"none\"}\n";

        var rows = Load(jsonl, format: DataFormat.JsonLines);

        rows.Select(r => r.Label).Should().Equal("weak", "none");
        rows[1].Pair.SeekerPost.Should().BeEmpty("an empty seeker post is allowed");
        rows.Select(r => r.Source).Should().Equal("pairs.csv:1", "pairs.csv:3");
    }

    [Test]
    public void Unlabelled_rows_carry_id_responder_board_role_and_time()
    {
        const string csv = "id,seeker_post,response_post,who,board,role,at\nx1,a,b,u1,grief,mod,2024-03-01T10:00:00Z\nx2,c,d,,,,\n";
        var columns = new ResponseDatasetColumns { Id = "id", Responder = "who", Board = "board", ReplierRole = "role", PostedAt = "at" };

        var rows = ResponseDataset.Read(new StringReader(csv), DataFormat.Csv, columns).ToList();

        rows[0].Pair.Id.Should().Be("x1");
        rows[0].Pair.ResponderId.Should().Be("u1");
        rows[0].Pair.Board.Should().Be("grief");
        rows[0].ReplierRole.Should().Be(AuthorRole.Moderator);
        rows[0].Pair.PostedAt.Should().Be(new DateTimeOffset(2024, 3, 1, 10, 0, 0, TimeSpan.Zero));
        rows[0].Label.Should().BeNull();
        rows[1].Pair.ResponderId.Should().BeNull();
        rows[1].Pair.Board.Should().BeNull();
        rows[1].ReplierRole.Should().Be(AuthorRole.Unknown);
        rows[1].Pair.PostedAt.Should().BeNull();
    }

    [TestCase("seeker_post,response_post,level\na,b,0\nc,d,7\n", "pairs.csv:3: label '7' is not a level of 'explorations' (none < weak < strong, or its index 0..2)")]
    [TestCase("seeker_post,response_post,level\na,b,\n", "pairs.csv:2: missing label: 'level' is blank")]
    [TestCase("seeker_post,response_post,level\na,b,0,extra\n", "pairs.csv:2: expected 3 fields")]
    [TestCase("seeker_post,response_post,level\n\"a,b,0\n", "pairs.csv:2: unterminated quoted field")]
    [TestCase("seeker,response_post,level\na,b,0\n", "pairs.csv:1: missing required column 'seeker_post'; the header has 'seeker', 'response_post', 'level'")]
    [TestCase("seeker_post,reply,level\na,b,0\n", "pairs.csv:1: missing required column 'response_post'")]
    [TestCase("", "pairs.csv:1: the input is empty")]
    public void Bad_rows_and_files_name_the_file_line_and_reason(string content, string expected) =>
        LoadError(content).Message.Should().StartWith(expected);

    [Test]
    public void An_unknown_mechanism_in_the_column_names_the_line()
    {
        var e = LoadError("seeker_post,response_post,m,level\na,b,explorations,0\nc,d,kindness,1\n", Labelled with { Mechanism = "m" }, mechanism: null);
        e.Message.Should().StartWith("pairs.csv:3: mechanism 'kindness' is not in the scheme");
        e.Line.Should().Be(3);
    }

    [Test]
    public void Json_lines_missing_texts_and_wrong_kinds_are_row_errors()
    {
        LoadError("{\"response_post\": \"b\", \"level\": 0}\n", format: DataFormat.JsonLines).Message.Should().Be(
            "pairs.csv:1: missing seeker post: 'seeker_post' is absent or null (an empty string is allowed)");
        LoadError("{\"seeker_post\": \"a\", \"response_post\": null, \"level\": 0}\n", format: DataFormat.JsonLines).Message.Should().StartWith("pairs.csv:1: missing response");
        LoadError("{\"seeker_post\": [1], \"response_post\": \"b\", \"level\": 0}\n", format: DataFormat.JsonLines).Message.Should().StartWith("pairs.csv:1: property 'seeker_post' must be a string or a number");
    }

    [Test]
    public void Ids_must_be_unique_roles_known_and_times_ISO_8601()
    {
        var columns = new ResponseDatasetColumns { Id = "id", ReplierRole = "role", PostedAt = "at" };
        string Error(string csv)
        {
            var act = () => ResponseDataset.Read(new StringReader(csv), DataFormat.Csv, columns, "r.csv").ToList();
            return act.Should().Throw<DataFormatException>().Which.Message;
        }

        Error("id,seeker_post,response_post,role,at\n1,a,b,,\n1,c,d,,\n").Should().Be("r.csv:3: duplicate id '1' (already used by the row on line 2)");
        Error("id,seeker_post,response_post,role,at\n1,a,b,wizard,\n").Should().StartWith("r.csv:2: replier role 'wizard' is not recognised");
        Error("id,seeker_post,response_post,role,at\n1,a,b,,last tuesday\n").Should().StartWith("r.csv:2: posted time 'last tuesday' is not an ISO 8601");
    }

    [Test]
    public void A_text_longer_than_a_pair_accepts_is_a_bad_row_not_an_exception_of_the_pair()
    {
        string csv = $"seeker_post,response_post,level\na,{new string('x', ResponsePair.MaxTextLength + 1)},0\n";
        LoadError(csv).Message.Should().StartWith("pairs.csv:2: the response is 65,537 chars long");
    }

    [Test]
    public void With_OnBadRow_bad_rows_are_reported_and_skipped_and_their_ids_stay_free()
    {
        var skipped = new List<DataFormatException>();
        const string csv = "id,seeker_post,response_post,level\n1,a,b,7\n1,c,d,0\n2,\"e,f,1\n3,g,h,2\n";

        var rows = Load(csv, Labelled with { Id = "id" }, options: new DatasetReadOptions { OnBadRow = skipped.Add });

        rows.Select(r => r.Pair.Id).Should().Equal("1", "3");
        skipped.Select(e => e.Line).Should().Equal(2, 4);
        skipped[0].Reason.Should().StartWith("label '7'");
    }

    [Test]
    public void The_mechanism_must_be_said_once_and_be_in_the_scheme()
    {
        const string csv = "seeker_post,response_post,m,level\na,b,explorations,0\n";
        var noneGiven = () => Load(csv, mechanism: null);
        noneGiven.Should().Throw<ArgumentException>().WithMessage("*which mechanism*");
        var twice = () => Load(csv, Labelled with { Mechanism = "m" }, mechanism: "explorations");
        twice.Should().Throw<ArgumentException>().WithMessage("*given twice*");
        var unknown = () => Load(csv, mechanism: "warmth");
        unknown.Should().Throw<ArgumentException>().WithMessage("'warmth' is not a mechanism*");
        var noLabel = () => Load(csv, new ResponseDatasetColumns());
        noLabel.Should().Throw<ArgumentException>().WithMessage("*label column*");

        var one = new ResponseScheme([ResponseScheme.Epitome.Mechanisms[2]]);
        Load(csv, scheme: one, mechanism: null).Should().ContainSingle().Which.Mechanism.Should().Be("explorations", "a scheme of one mechanism needs no name");
    }

    [Test]
    public void Files_are_read_by_extension_and_a_missing_file_says_so()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("pairs.tsv", "seeker_post\tresponse_post\tlevel\na\tb\t2\n");

        ResponseDataset.LoadLabeled(path, Labelled, ResponseScheme.Epitome, "interpretations").Should().ContainSingle()
            .Which.Source.Should().Be("pairs.tsv:2");
        var missing = () => ResponseDataset.Read(dir.File("nope.csv"), Labelled);
        missing.Should().Throw<FileNotFoundException>();
        var unknown = () => ResponseDataset.Read(dir.File("pairs.txt"), Labelled);
        unknown.Should().Throw<ArgumentException>().WithMessage("*extension*");
    }
}
