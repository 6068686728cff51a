namespace PeerTriage.Clpsych.Tests;

/// <summary>Loads the synthetic fixture under Fixtures/clpsych and checks every field of every post.</summary>
public class ClpsychFixtureTests
{
    private static readonly Lazy<ClpsychForum> s_forum = new(() => ClpsychForum.Load(FixtureDirectory));

    internal static string FixtureDirectory => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "clpsych");

    private static ClpsychForum Forum => s_forum.Value;

    // id, thread, root, parent, author, role, board, time (UTC), subject, kudos, views, rank, label, fine label
    private static readonly object?[][] s_expected =
    [
        ["1001", "1001", "1001", null, "101", AuthorRole.Peer, "tough-times", "2015-03-10T09:00", "Can't sleep, everything feels heavy", 3, 41, "New Member", "amber", "currentMildDistress"],
        ["1002", "1001", "1001", "1001", "202", AuthorRole.Moderator, "tough-times", "2015-03-10T09:30", "Re: Can't sleep, everything feels heavy", 1, 30, "Mod Squad", "green", "supporting"],
        ["1003", "1001", "1001", "1002", "101", AuthorRole.Peer, "tough-times", "2015-03-10T10:15", "Re: Can't sleep, everything feels heavy", 0, 22, "New Member", "amber", "followupOk"],
        ["1004", "1001", "1001", "1001", "103", AuthorRole.Peer, "tough-times", "2015-03-10T11:00", "Re: Can't sleep, everything feels heavy", 2, 19, "Super Contributor", null, null],
        ["1005", "1001", "1001", "1003", "101", AuthorRole.Peer, "tough-times", "2015-03-11T02:00", "Re: Can't sleep, everything feels heavy", 0, 25, "New Member", "red", "currentAcuteDistress"],
        ["1010", "1010", "1010", null, "102", AuthorRole.Peer, "getting-help", "2015-03-12T08:00", "Feeling hopeless", 0, 60, "Frequent Visitor", "crisis", "crisis"],
        ["1011", "1010", "1010", "1010", "201", AuthorRole.Staff, "getting-help", "2015-03-12T08:05", "Re: Feeling hopeless", 4, 58, "ReachOut Staff", "green", "supporting"],
        ["1012", "1010", "1010", "1011", "102", AuthorRole.Peer, "getting-help", "2015-03-12T08:40", "Re: Feeling hopeless", 0, 50, "Frequent Visitor", "red", "followupWorse"],
        ["1013", "1010", "1010", "1012", "201", AuthorRole.Staff, "getting-help", "2015-03-12T08:45", "Re: Feeling hopeless", 2, 49, "ReachOut Staff", null, null],
        ["1014", "1010", "1010", "1010", "103", AuthorRole.Peer, "getting-help", "2015-03-12T09:10", "Re: Feeling hopeless", 1, 40, "Super Contributor", "green", "supporting"],
        ["1020", "1020", "1020", null, "103", AuthorRole.Peer, "hang-out", "2015-03-13T18:00", "What are you cooking tonight?", 5, 33, "Super Contributor", "green", "allClear"],
        ["1021", "1020", "1020", "1020", "104", AuthorRole.Unknown, "hang-out", "2015-03-13T18:20", "Re: What are you cooking tonight?", 1, 20, null, "green", "allClear"],
        ["1022", "1020", "1020", "1021", "105", AuthorRole.Unknown, "hang-out", "2015-03-13T18:20", "Re: What are you cooking tonight?", 2, 21, "Retired Rank", "amber", "pastDistress"],
        ["1023", "1020", "1020", "1020", "102", AuthorRole.Peer, "hang-out", "2015-03-13T19:00", "Re: What are you cooking tonight?", 0, 18, "Frequent Visitor", "red", "angryWithForumMember"],
        ["1024", "1020", "1020", "1023", "202", AuthorRole.Moderator, "hang-out", "2015-03-13T19:30", "Re: What are you cooking tonight?", 0, 17, "Mod Squad", "green", "followupBye"],
        ["1030", "1030", "1030", null, "101", AuthorRole.Peer, "tough-times", "2015-03-14T22:00", "This site is useless", 0, 44, "New Member", "red", "angryWithReachout"],
        ["1031", "1030", "1030", "1030", "201", AuthorRole.Staff, "tough-times", "2015-03-14T22:30", "Re: This site is useless", 1, 40, "ReachOut Staff", null, null],
        ["1032", "1030", "1030", "1031", "101", AuthorRole.Peer, "tough-times", "2015-03-14T23:00", "Re: This site is useless", 0, 35, "New Member", "amber", "underserved"],
        ["1033", "1030", "1030", "1030", "102", AuthorRole.Peer, "tough-times", "2015-03-15T07:00", "Re: This site is useless", null, null, "Frequent Visitor", "green", "allClear"],
        ["1034", "1030", "1030", "1032", "202", AuthorRole.Moderator, "tough-times", "2015-03-15T08:00", "Re: This site is useless", 3, 12, "Mod Squad", "green", null],
    ];

    private static IEnumerable<TestCaseData> Expected() =>
        s_expected.Select(row => new TestCaseData(new object[] { row }).SetName($"Post_{row[0]}_has_every_field"));

    [TestCaseSource(nameof(Expected))]
    public void Post_fields_match(object?[] row)
    {
        string id = (string)row[0]!;
        Forum.TryGetPost(id, out var post).Should().BeTrue();
        post!.Id.Should().Be(id);
        post.ThreadId.Should().Be((string?)row[1]);
        post.ParentId.Should().Be((string?)row[3]);
        post.AuthorId.Should().Be((string?)row[4]);
        post.AuthorRole.Should().Be((AuthorRole)row[5]!);
        post.Board.Should().Be((string?)row[6]);
        post.PostedAt.Should().Be(DateTimeOffset.Parse((string)row[7]! + ":00+00:00", System.Globalization.CultureInfo.InvariantCulture));
        post.PostedAt!.Value.Offset.Should().Be(TimeSpan.Zero);
        post.Subject.Should().Be((string?)row[8]);
        post.Body.Should().StartWith("<").And.EndWith("</p>");

        var meta = Forum.Metadata[id];
        meta.PostId.Should().Be(id);
        meta.Source.Should().Be($"posts/post-{id}.xml");
        meta.RootId.Should().Be((string?)row[2]);
        meta.Kudos.Should().Be((int?)row[9]);
        meta.Views.Should().Be((int?)row[10]);
        meta.AuthorRank.Should().Be((string?)row[11]);

        if (row[12] is string label)
        {
            Forum.Labels[id].Should().Be(new ClpsychLabel(label, (string?)row[13]));
            Forum.Labels[id].FineLabel.Should().Be((string?)row[13]);
        }
        else
        {
            Forum.Labels.Should().NotContainKey(id);
        }
    }

    [Test]
    public void All_posts_load_in_id_order_labelled_or_not()
    {
        Forum.Posts.Select(p => p.Id).Should().Equal(s_expected.Select(r => (string)r[0]!));
        Forum.Labels.Should().HaveCount(17);
        Forum.Posts.Where(p => !Forum.Labels.ContainsKey(p.Id!)).Select(p => p.Id).Should().Equal("1004", "1013", "1031");
        Forum.Labels.Values.Select(l => l.FineLabel).Where(f => f is not null).Distinct()
            .Should().BeEquivalentTo(ClpsychLabel.FineLabelNames, "the fixture uses all twelve fine labels");
    }

    [Test]
    public void Author_rankings_map_rank_names_to_staff_flags()
    {
        Forum.AuthorRankings.Should().BeEquivalentTo(new Dictionary<string, bool>
        {
            ["New Member"] = false,
            ["Frequent Visitor"] = false,
            ["Super Contributor"] = false,
            ["ReachOut Staff"] = true,
            ["Mod Squad"] = true,
        });
        Forum.AuthorRankings.Should().ContainKey("mod squad", "rank names are case-insensitive");
    }

    [Test]
    public void Labeled_messages_carry_coarse_label_author_group_and_source_file()
    {
        var rows = Forum.LabeledMessages();
        rows.Should().HaveCount(17);
        rows.Select(r => r.Message.Id).Should().NotContain(["1004", "1013", "1031"]);
        var first = rows[0];
        first.Message.Should().BeSameAs(Forum.Posts[0]);
        first.Label.Should().Be("amber");
        first.Group.Should().Be("101");
        first.Source.Should().Be("posts/post-1001.xml");
        rows.Single(r => r.Message.Id == "1010").Label.Should().Be("crisis");
        rows.Select(r => r.Label).Distinct().Should().BeEquivalentTo(["green", "amber", "red", "crisis"]);
        rows.Select(r => r.Group).Should().Equal(rows.Select(r => r.Message.AuthorId));
        Forum.LabeledMessages().Should().BeSameAs(rows);
    }

    [Test]
    public void Bodies_keep_their_html_in_every_encoding_variant()
    {
        Body("1002").Should().Contain("<a href=\"/t5/user/viewprofilepage/user-id/101\" target=\"_self\">@sleepless_owl</a>")
            .And.Contain("title=\"Smiley Happy\"");
        Body("1003").Should().StartWith("<blockquote><hr />").And.EndWith("<p>I tried it last night and it helped a little.</p>");
        Body("1011").Should().StartWith("<p>Hi <a href=\"/t5/user/viewprofilepage/user-id/102\"", "CDATA bodies are kept as written");
        Body("1014").Should().Be(
            "<p>Sending you a big hug <img class=\"emoticon emoticon-hug\" src=\"/i/smilies/16x16_hug.png\" alt=\"Hug\" title=\"Hug\" /> we are here for you.</p>",
            "inline XHTML bodies are serialized back to HTML");
    }

    /// <summary>
    /// The bodies as loaded go to triage as they are, and its HTML handling (core tests pin it) reads them as their
    /// author wrote them: the quoted post is dropped and the emoticon's title counts as a word. Checked through the public
    /// pipeline with a text-only model (the context features also note that a post quotes): each body scores exactly as
    /// the text it should read as.
    /// </summary>
    [Test]
    public void Triage_reads_bodies_without_the_quote_and_with_emoticon_titles()
    {
        var model = TriageModel.Train(TestData.Corpus, new TriageTrainingOptions
        {
            Features = PeerTriage.Features.FeaturePipeline.NGramsOnly.WithNGrams(PeerTriage.Features.NGramOptions.Default with { HashBits = 12 }),
        });
        float[] Probabilities(string body) => model.Triage(new ForumMessage(body)).Probabilities.ToArray();

        Probabilities(Body("1003")).Should().Equal(Probabilities("<p>I tried it last night and it helped a little.</p>"));
        Probabilities(Body("1003")).Should().NotEqual(Probabilities(Body("1003").Replace("<blockquote>", "<div>").Replace("</blockquote>", "</div>")),
            "the quoted text would change the scores if it were read");
        Probabilities(Body("1014")).Should().Equal(Probabilities("<p>Sending you a big hug <b>Hug</b> we are here for you.</p>"));
    }

    [Test]
    public void Kudos_and_views_are_not_on_the_message()
    {
        typeof(ForumMessage).GetProperties().Select(p => p.Name).Should().NotContain(["Kudos", "Views"]);
        Forum.Metadata.Values.Sum(m => m.Kudos ?? 0).Should().Be(25);
        Forum.Metadata.Values.Sum(m => m.Views ?? 0).Should().Be(634);
    }

    [Test]
    public void Threads_give_context_known_at_posting_time_including_unlabelled_posts()
    {
        var threads = Forum.Threads;
        threads.ThreadCount.Should().Be(4);
        Post("1005").Should().NotBeNull();
        var ctx = threads.ContextOf(Post("1005"));
        ctx.Parent.Should().BeSameAs(Post("1003"));
        ctx.EarlierPosts.Select(p => p.Id).Should().Equal("1001", "1002", "1003", "1004");
        threads.DepthOf(Post("1005")).Should().Be(3);
        threads.RootOf(Post("1005")).Should().BeSameAs(Post("1001"));

        threads.ContextOf(Post("1012")).EarlierPosts.Select(p => p.Id).Should().Equal("1010", "1011");
        threads.ContextOf(Post("1022")).EarlierPosts.Select(p => p.Id).Should().Equal(["1020", "1021"], "equal times keep id order");
        threads.ThreadIdOf(Post("1033")).Should().Be("1030", "a missing <thread> falls back to <root>");
        threads.PositionOf(Post("1034")).Should().Be(4);
        threads.ContextOf(Post("1034")).EarlierPosts.Select(p => p.Id).Should().Equal("1030", "1031", "1032", "1033");
    }

    private static ForumMessage Post(string id) => Forum.TryGetPost(id, out var p) ? p : throw new AssertionException($"no post {id}");

    private static string Body(string id) => Post(id).Body;
}

/// <summary>The fixture through the context features: unlabelled posts feed context for labelled ones.</summary>
public class ClpsychContextTests
{
    [Test]
    public void Attached_contexts_use_unlabelled_parents_and_the_given_levels()
    {
        var forum = ClpsychForum.Load(ClpsychFixtureTests.FixtureDirectory);
        var labelled = forum.LabeledMessages();
        var levels = labelled.Select(_ => 1).ToArray();
        var attached = ThreadContexts.Attach(labelled, levels, forum.Posts);

        // 1032 replies to 1031, an unlabelled staff post: the parent is there, its level unknown, and a staff member has replied.
        var underserved = attached.Single(r => r.Message.Id == "1032");
        underserved.Context!.Parent!.Id.Should().Be("1031");
        underserved.Context.ParentLevel.Should().Be(-1);
        underserved.Context.Depth.Should().Be(2);
        underserved.Context.Parent.AuthorRole.Should().Be(AuthorRole.Staff);
        // Author 101 posted 1001, 1003 and 1005 (labelled) and 1030 before 1032.
        underserved.Context.AuthorHistory.EarlierPosts.Should().Be(4);
        underserved.Context.AuthorHistory.HighestRecentLevel.Should().Be(1);

        var model = TriageModel.Train(attached, new TriageTrainingOptions
        {
            Features = PeerTriage.Features.FeaturePipeline.Default.WithNGrams(PeerTriage.Features.NGramOptions.Default with { HashBits = 12 }),
        });
        model.Triage(underserved.Message, underserved.Context).Probabilities.Sum().Should().BeApproximately(1f, 1e-4f);
        // The context feature that the staff reply sets (the explanation names every context feature that is not 0).
        model.Explain(underserved.Message, underserved.Context).All
            .Should().Contain(c => c.Kind == PeerTriage.Explanations.ContributionKind.Context && c.Feature == "context.moderator_replied");
    }
}
