using PeerTriage.Data;

namespace PeerTriage.Clpsych.Tests;

public class ClpsychBadInputTests
{
    private TempDirectory _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(_dir.Path, "posts"));
    }

    [TearDown]
    public void TearDown() => _dir.Dispose();

    private static string Post(string id, string? parent = null, string extra = "") =>
        $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <response status="success">
        <message type="message" href="/messages/id/{id}">
          <id type="int">{id}</id>
          <subject type="string">Subject {id}</subject>
          <body type="string">&lt;p&gt;Body {id}&lt;/p&gt;</body>
          <board type="board" href="/boards/id/b"/>
          <thread type="thread" href="/threads/id/1"/>
          {(parent is null ? "<parent type=\"message\" null=\"true\"/>" : $"<parent type=\"message\" href=\"/messages/id/{parent}\"/>")}
          <author type="user" href="/users/id/u{id}"/>
          <post_time type="date_time">2015-03-10T09:0{id.Length % 10}:00+00:00</post_time>
        {extra}</message>
        </response>
        """;

    private void WritePost(string id, string xml) => _dir.Write(Path.Combine("posts", $"post-{id}.xml"), xml);

    private void WriteGoodForum()
    {
        WritePost("1", Post("1"));
        WritePost("2", Post("2", parent: "1"));
        _dir.Write("labels.tsv", "1\tamber\tpastDistress\n2\tgreen\tsupporting\n");
    }

    private ClpsychForum Load(ClpsychLoadOptions? options = null) => ClpsychForum.Load(_dir.Path, options ?? ClpsychLoadOptions.Default);

    private DataFormatException LoadFails()
    {
        var act = () => Load();
        return act.Should().Throw<DataFormatException>().Which;
    }

    [Test]
    public void A_minimal_forum_loads_without_rankings()
    {
        WriteGoodForum();
        var forum = Load();
        forum.Posts.Should().HaveCount(2);
        forum.Posts.Should().OnlyContain(p => p.AuthorRole == AuthorRole.Unknown, "there is no author_rankings.tsv");
        forum.AuthorRankings.Should().BeEmpty();
        forum.Posts[1].ParentId.Should().Be("1");
        forum.Posts[1].AuthorId.Should().Be("u2");
    }

    [Test]
    public void Malformed_xml_names_the_file_and_line()
    {
        WriteGoodForum();
        WritePost("2", "<?xml version=\"1.0\"?>\n<message>\n  <id>2</id>\n  <body>unclosed\n</message>\n");
        var ex = LoadFails();
        ex.FilePath.Should().EndWith("post-2.xml");
        ex.Line.Should().Be(5);
        ex.Message.Should().Contain("post-2.xml:5:").And.Contain("malformed XML");
    }

    [Test]
    public void Dtd_and_entity_expansion_are_refused()
    {
        WriteGoodForum();
        string laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE message [\n <!ENTITY a \"aaaaaaaaaa\">\n" +
            string.Concat(Enumerable.Range(1, 9).Select(i => $" <!ENTITY {(char)('a' + i)} \"{string.Concat(Enumerable.Repeat($"&{(char)('a' + i - 1)};", 10))}\">\n")) +
            "]>\n<message><id>2</id><body>&j;</body></message>\n";
        WritePost("2", laughs);
        var ex = LoadFails();
        ex.FilePath.Should().EndWith("post-2.xml");
        ex.Line.Should().Be(2);
        ex.Reason.Should().Contain("DTD");
    }

    [Test]
    public void External_entities_are_refused()
    {
        WriteGoodForum();
        WritePost("2", "<?xml version=\"1.0\"?>\n<!DOCTYPE message [ <!ENTITY x SYSTEM \"file:///etc/passwd\"> ]>\n<message><id>2</id><body>&x;</body></message>\n");
        var ex = LoadFails();
        ex.Reason.Should().Contain("DTD");
    }

    [Test]
    public void Oversized_and_deeply_nested_posts_are_refused()
    {
        WriteGoodForum();
        var small = () => Load(new ClpsychLoadOptions { MaxPostBytes = 100 });
        small.Should().Throw<DataFormatException>().Which.Reason.Should().Contain("more than the limit of 100");

        WritePost("2", "<message><id>2</id>\n<body>" + string.Concat(Enumerable.Repeat("<b>", 400)) + string.Concat(Enumerable.Repeat("</b>", 400)) + "</body></message>");
        var ex = LoadFails();
        ex.Reason.Should().Contain("nested more than 256");
        ex.Line.Should().Be(2);
    }

    [Test]
    public void Missing_labels_file_is_reported_and_can_be_opted_out_of()
    {
        WritePost("1", Post("1"));
        var act = () => Load();
        act.Should().Throw<FileNotFoundException>().WithMessage("*labels.tsv*");

        var forum = Load(new ClpsychLoadOptions { LabelsFile = null });
        forum.Posts.Should().ContainSingle();
        forum.Labels.Should().BeEmpty();
        forum.LabeledMessages().Should().BeEmpty();
    }

    [Test]
    public void Missing_directory_or_posts_folder_is_reported()
    {
        var missing = () => ClpsychForum.Load(Path.Combine(_dir.Path, "nope"));
        missing.Should().Throw<DirectoryNotFoundException>();
        Directory.Delete(Path.Combine(_dir.Path, "posts"));
        var noPosts = () => Load();
        noPosts.Should().Throw<DirectoryNotFoundException>().WithMessage("*posts/*");
    }

    [Test]
    public void Label_for_an_unknown_post_names_the_labels_line()
    {
        WriteGoodForum();
        _dir.Write("labels.tsv", "1\tamber\tpastDistress\n\n99\tred\tfollowupWorse\n");
        var ex = LoadFails();
        ex.FilePath.Should().EndWith("labels.tsv");
        ex.Line.Should().Be(3);
        ex.Reason.Should().Contain("'99'").And.Contain("post-99.xml does not exist");
    }

    [TestCase("1\tpurple\tcrisis", "label 'purple' is not a CLPsych level")]
    [TestCase("1\tamber\tsadness", "fine label 'sadness' is not one of the twelve")]
    [TestCase("1\tred\tallClear", "fine label 'allClear' belongs to level 'green', not 'red'")]
    [TestCase("1\tcrisis\tfollowupWorse", "fine label 'followupWorse' belongs to level 'red', not 'crisis'")]
    [TestCase("1", "got 1 column")]
    [TestCase("\tgreen\tallClear", "the post id is blank")]
    public void Bad_label_lines_name_file_line_and_reason(string line, string reason)
    {
        WriteGoodForum();
        _dir.Write("labels.tsv", "2\tgreen\tsupporting\n" + line + "\n");
        var ex = LoadFails();
        ex.FilePath.Should().EndWith("labels.tsv");
        ex.Line.Should().Be(2);
        ex.Reason.Should().Contain(reason);
    }

    [Test]
    public void A_bad_first_line_with_a_numeric_id_is_not_mistaken_for_a_header()
    {
        WriteGoodForum();
        _dir.Write("labels.tsv", "99\tpurple\n1\tamber\tpastDistress\n");
        var ex = LoadFails();
        ex.Line.Should().Be(1);
        ex.Reason.Should().Contain("'purple'");
    }

    [Test]
    public void A_post_labelled_twice_is_an_error()
    {
        WriteGoodForum();
        _dir.Write("labels.tsv", "1\tamber\tpastDistress\n1\tamber\tpastDistress\n");
        var ex = LoadFails();
        ex.Line.Should().Be(2);
        ex.Reason.Should().Contain("labelled twice (first on line 1)");
    }

    [Test]
    public void Labels_accept_a_header_case_differences_and_a_missing_fine_label()
    {
        WriteGoodForum();
        _dir.Write("labels.tsv", "\uFEFFpost_id\tlabel\tfine_label\r\n1\tAMBER\tPASTDISTRESS\r\n2\t green \r\n");
        var forum = Load();
        forum.Labels["1"].Should().Be(new ClpsychLabel("amber", "pastDistress"));
        forum.Labels["1"].FineLabel.Should().Be("pastDistress");
        forum.Labels["2"].Label.Should().Be("green");
        forum.Labels["2"].FineLabel.Should().BeNull();
    }

    [Test]
    public void Message_id_must_match_the_file_name()
    {
        WriteGoodForum();
        WritePost("2", Post("3", parent: "1"));
        var ex = LoadFails();
        ex.FilePath.Should().EndWith("post-2.xml");
        ex.Line.Should().Be(4);
        ex.Reason.Should().Contain("'3' does not match the file name");
    }

    [Test]
    public void Bad_time_and_counts_name_their_line()
    {
        WriteGoodForum();
        WritePost("2", "<message>\n<id>2</id>\n<post_time>yesterday</post_time>\n</message>");
        var ex = LoadFails();
        ex.Line.Should().Be(3);
        ex.Reason.Should().Contain("post_time 'yesterday'");

        WritePost("2", "<message>\n<id>2</id>\n<kudos>\n<count>-4</count>\n</kudos>\n</message>");
        ex = LoadFails();
        ex.Line.Should().Be(4);
        ex.Reason.Should().Contain("kudos count '-4'");

        WritePost("2", "<message>\n<id>2</id>\n<views>many</views>\n</message>");
        ex = LoadFails();
        ex.Line.Should().Be(3);
        ex.Reason.Should().Contain("views count 'many'");
    }

    [Test]
    public void A_file_without_a_message_element_is_an_error()
    {
        WriteGoodForum();
        WritePost("2", "<response status=\"error\">\n<error code=\"101\"/>\n</response>");
        var ex = LoadFails();
        ex.Reason.Should().Be("no <message> element");
        ex.Line.Should().Be(1);
    }

    [Test]
    public void Empty_file_is_an_error_not_a_crash()
    {
        WriteGoodForum();
        WritePost("2", "");
        var ex = LoadFails();
        ex.FilePath.Should().EndWith("post-2.xml");
        ex.Reason.Should().Contain("malformed XML");
    }

    [Test]
    public void Two_files_with_the_same_id_are_an_error()
    {
        WriteGoodForum();
        _dir.Write(Path.Combine("posts", "POST-2.xml"), Post("2", parent: "1"));
        if (Directory.GetFiles(Path.Combine(_dir.Path, "posts")).Length < 3)
            Assert.Ignore("The file system is case-insensitive.");
        var ex = LoadFails();
        ex.Reason.Should().Contain("post id '2' is also used by posts/");
    }

    [Test]
    public void Other_files_in_posts_are_ignored()
    {
        WriteGoodForum();
        _dir.Write(Path.Combine("posts", "README.txt"), "not a post");
        _dir.Write(Path.Combine("posts", "post-.xml"), "<broken");
        _dir.Write(Path.Combine("posts", "post-3.xml.bak"), "<broken");
        Load().Posts.Should().HaveCount(2);
    }

    [Test]
    public void Tolerant_field_encodings_are_read()
    {
        WriteGoodForum();
        WritePost("2", """
            <message>
              <id>2</id>
              <board><id>getting-help</id></board>
              <root>1</root>
              <parent href="/messages/id/1/"/>
              <author><id> u7 </id><login>someone</login></author>
              <author_rank href="/ranks/name/Senior%20Moderator"/>
              <post_time> 2015-03-10T20:00:00+11:00 </post_time>
              <kudos>3</kudos>
              <views><count null="true"/></views>
              <body>  plain text body  </body>
              <subject>  </subject>
            </message>
            """);
        _dir.Write("author_rankings.tsv", "Senior Moderator\tyes\nPeer Supporter\tno\n");
        var forum = Load();
        var post = forum.Posts[1];
        post.Id.Should().Be("2");
        post.Board.Should().Be("getting-help");
        post.ThreadId.Should().Be("1", "thread falls back to root");
        post.ParentId.Should().Be("1", "a trailing slash in an href is ignored");
        post.AuthorId.Should().Be("u7");
        post.AuthorRole.Should().Be(AuthorRole.Moderator);
        post.PostedAt.Should().Be(new DateTimeOffset(2015, 3, 10, 9, 0, 0, TimeSpan.Zero));
        post.PostedAt!.Value.Offset.Should().Be(TimeSpan.FromHours(11));
        post.Body.Should().Be("  plain text body  ");
        post.Subject.Should().BeNull();
        forum.Metadata["2"].Kudos.Should().Be(3);
        forum.Metadata["2"].Views.Should().BeNull();
        forum.Metadata["2"].AuthorRank.Should().Be("Senior Moderator");
        forum.AuthorRankings["Peer Supporter"].Should().BeFalse();
    }

    [Test]
    public void A_parent_equal_to_the_own_id_is_dropped()
    {
        WriteGoodForum();
        WritePost("2", Post("2", parent: "2"));
        Load().Posts[1].ParentId.Should().BeNull();
    }

    [TestCase("Mod Squad\tmaybe\n", 1, "staff flag 'maybe'")]
    [TestCase("rank\tstaff\nMod Squad\t1\nMod Squad\t0\n", 3, "listed twice with different staff flags")]
    [TestCase("rank\tstaff\nlonely\n", 2, "got 1 column")]
    public void Bad_rankings_lines_name_file_line_and_reason(string content, int line, string reason)
    {
        WriteGoodForum();
        // The first line is a header only when its flag does not parse, so "maybe" on line 2 is an error.
        _dir.Write("author_rankings.tsv", line == 1 ? "rank\tis_staff\n" + content : content);
        var ex = LoadFails();
        ex.FilePath.Should().EndWith("author_rankings.tsv");
        ex.Line.Should().Be(line == 1 ? 2 : line);
        ex.Reason.Should().Contain(reason);
    }

    [Test]
    public void Staff_ranks_become_staff_or_moderator_and_others_peer_or_unknown()
    {
        WritePost("1", Post("1", extra: "  <author_rank>Community Manager</author_rank>\n"));
        WritePost("2", Post("2", parent: "1", extra: "  <author_rank>Mods</author_rank>\n"));
        WritePost("3", Post("3", parent: "1", extra: "  <author_rank>Regular</author_rank>\n"));
        WritePost("4", Post("4", parent: "1", extra: "  <author_rank>Unlisted</author_rank>\n"));
        WritePost("5", Post("5", parent: "1", extra: "  <author_rank>Modern Poet</author_rank>\n"));
        _dir.Write("labels.tsv", "");
        _dir.Write("author_rankings.tsv", "Community Manager\t1\nMods\tTRUE\nRegular\t0\nModern Poet\t1\n");
        var roles = Load().Posts.Select(p => p.AuthorRole);
        roles.Should().Equal(AuthorRole.Staff, AuthorRole.Moderator, AuthorRole.Peer, AuthorRole.Unknown, AuthorRole.Staff);
    }

    [Test]
    public void Invalid_options_and_labels_are_rejected()
    {
        var act = () => ClpsychForum.Load(_dir.Path, new ClpsychLoadOptions { MaxXmlDepth = 0 });
        act.Should().Throw<ArgumentOutOfRangeException>();
        var nul = () => ClpsychForum.Load(null!);
        nul.Should().Throw<ArgumentNullException>();
        var bad = () => new ClpsychLabel("amber", "crisis");
        bad.Should().Throw<ArgumentException>().WithMessage("*belongs to level 'crisis'*");
        new ClpsychLabel(" RED ").Label.Should().Be("red");
        ClpsychLabel.FineLabels.Should().HaveCount(12);
        ClpsychLabel.FineLabels["currentacutedistress"].Should().Be("red");
    }
}
