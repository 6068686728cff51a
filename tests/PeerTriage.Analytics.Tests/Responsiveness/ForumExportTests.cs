using PeerTriage.Analytics.Responsiveness;
using PeerTriage.Data;

namespace PeerTriage.Analytics.Tests.Responsiveness;

public sealed class ForumExportTests
{
    private const string Header = "id,thread_id,parent_id,author_id,author_role,posted_at,level\n";

    private static IReadOnlyList<ForumPost> ReadCsv(string text) =>
        ForumExport.Read(new StringReader(text), DataFormat.Csv, sourceName: "posts.csv");

    [Test]
    public void Reads_a_good_csv_export()
    {
        var posts = ReadCsv(Header
            + "m1,t1,,u1,peer,2016-08-01T10:00:00Z,RED\n"
            + "m2,t1,m1,mod_a,mod,2016-08-01 10:30:00+01:00,\n"
            + "m3,t1,gone,u2,member,2016-08-01T11:00:00,green\n");

        posts.Should().HaveCount(3);
        posts[0].Should().BeEquivalentTo(new { Id = "m1", ThreadId = "t1", ParentId = (string?)null, AuthorId = "u1", Role = AuthorRole.Peer, Level = "red", Line = 2L });
        posts[0].PostedAt.Should().Be(new DateTimeOffset(2016, 8, 1, 10, 0, 0, TimeSpan.Zero));
        posts[1].Role.Should().Be(AuthorRole.Moderator);
        posts[1].Level.Should().BeNull("a moderator's reply needs no level");
        posts[1].PostedAt.Should().Be(new DateTimeOffset(2016, 8, 1, 9, 30, 0, TimeSpan.Zero));
        posts[2].ParentId.Should().Be("gone", "a reply to a message the export does not hold is kept");
        posts[2].PostedAt.Offset.Should().Be(TimeSpan.Zero, "a time without an offset is UTC");
        posts.Should().OnlyContain(p => p.Text == null, "no text column was configured");
    }

    [Test]
    public void Reads_json_lines_with_configured_names_and_text()
    {
        var columns = new ForumExportColumns { Id = "msg", ThreadId = "topic", ParentId = null, AuthorId = "user", AuthorRole = "role", PostedAt = "created", Level = null, Text = "body" };
        var posts = ForumExport.Read(new StringReader(
            "{\"msg\": 7, \"topic\": \"t\", \"user\": \"u\", \"role\": \"staff\", \"created\": \"2016-08-01T10:00:00Z\", \"body\": \"hello\"}\n"),
            DataFormat.JsonLines, columns, sourceName: "posts.jsonl");

        posts.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Id = "7", ThreadId = "t", Role = AuthorRole.Staff, Text = "hello", Level = (string?)null });
    }

    [TestCase("m2,t1,,u1,peer,yesterday,red", "posts.csv:3: posted time 'yesterday' is not an ISO 8601 date or time")]
    [TestCase("m2,t1,,u1,peer,,red", "posts.csv:3: missing posting time: 'posted_at' is blank")]
    [TestCase("m2,t1,,u1,wizard,2016-08-01T10:00:00Z,red", "posts.csv:3: author role 'wizard' is not recognised")]
    [TestCase("m2,t1,,u1,,2016-08-01T10:00:00Z,red", "posts.csv:3: missing author role: 'author_role' is blank")]
    [TestCase("m1,t1,,u1,peer,2016-08-01T10:00:00Z,red", "posts.csv:3: duplicate id 'm1' (already used by the row on line 2)")]
    [TestCase(",t1,,u1,peer,2016-08-01T10:00:00Z,red", "posts.csv:3: missing id")]
    [TestCase("m2,t1,,u1,peer,2016-08-01T10:00:00Z,", "posts.csv:3: missing level: 'level' is blank on a peer's message")]
    [TestCase("m2,t1,,u1,peer,2016-08-01T10:00:00Z,purple", "posts.csv:3: level 'purple' is not a level of the scheme (green < amber < red < crisis)")]
    [TestCase("m2,t1,,u1,peer", "posts.csv:3: expected 7 fields (as in the header) but found 5")]
    public void A_bad_row_is_an_error_naming_the_file_and_line(string row, string expected)
    {
        var read = () => ReadCsv(Header + "m1,t1,,u1,peer,2016-08-01T10:00:00Z,green\n" + row + "\n");

        read.Should().Throw<DataFormatException>().Which.Message.Should().StartWith(expected);
    }

    [Test]
    public void A_json_line_without_an_id_says_so()
    {
        var read = () => ForumExport.Read(new StringReader(
            "{\"id\": \"m1\", \"author_role\": \"peer\", \"posted_at\": \"2016-08-01T10:00:00Z\", \"level\": \"red\"}\n"
            + "{\"author_role\": \"peer\", \"posted_at\": \"2016-08-01T10:00:00Z\", \"level\": \"red\"}\n"), DataFormat.JsonLines, sourceName: "posts.jsonl");

        read.Should().Throw<DataFormatException>().Which.Message.Should().Be("posts.jsonl:2: missing id: 'id' is absent or null");
    }

    [Test]
    public void A_missing_column_names_the_column()
    {
        var read = () => ReadCsv("id,thread_id,parent_id,author_id,posted_at,level\nm1,t1,,u1,2016-08-01T10:00:00Z,green\n");

        read.Should().Throw<DataFormatException>().WithMessage("posts.csv:1: missing required column 'author_role'*");
    }

    [Test]
    public void Written_csv_reads_back_from_a_file()
    {
        var at = new DateTimeOffset(2016, 8, 1, 10, 0, 0, 500, TimeSpan.Zero);
        ForumPost[] posts =
        [
            new("m1", AuthorRole.Peer, at) { ThreadId = "t,1", AuthorId = "u\"1", Level = "amber", Text = "secret words" },
            new("m2", AuthorRole.Staff, at.AddMinutes(5)) { ThreadId = "t,1", ParentId = "m1", AuthorId = "s" },
        ];
        using var dir = new TempDirectory();
        string path = dir.File("export.csv");
        using (var writer = new StreamWriter(path))
            ForumExport.WriteCsv(writer, posts);

        File.ReadAllText(path).Should().NotContain("secret", "text is never written");
        var back = ForumExport.Read(path);
        back.Should().BeEquivalentTo(posts.Select(p => p with { Text = null }), o => o.Excluding(p => p.Line));
        back[1].Line.Should().Be(3);
    }
}
