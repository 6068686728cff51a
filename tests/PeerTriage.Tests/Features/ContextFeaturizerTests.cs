using PeerTriage.Features;

namespace PeerTriage.Tests.Features;

/// <summary>Every context feature, pinned on small hand-built threads.</summary>
public class ContextFeaturizerTests
{
    private static readonly DateTimeOffset T0 = new(2016, 3, 1, 12, 0, 0, TimeSpan.Zero);

    // A thread: a peer opens it, another peer replies, a moderator replies, then the opener posts again.
    private static readonly ForumMessage Opening = new("I can't cope any more") { Id = "1", ThreadId = "t", AuthorId = "ann", AuthorRole = AuthorRole.Peer, Board = "Tough Times", PostedAt = T0 };
    private static readonly ForumMessage PeerReply = new("hang in there") { Id = "2", ThreadId = "t", ParentId = "1", AuthorId = "bob", AuthorRole = AuthorRole.Peer, PostedAt = T0.AddHours(1) };
    private static readonly ForumMessage ModReply = new("<blockquote>hang in there</blockquote> we are here for you") { Id = "3", ThreadId = "t", ParentId = "2", AuthorId = "mo", AuthorRole = AuthorRole.Moderator, PostedAt = T0.AddHours(3) };
    private static readonly ForumMessage FollowUp = new("thanks, still bad though") { Id = "4", ThreadId = "t", ParentId = "3", AuthorId = "ann", AuthorRole = AuthorRole.Peer, Board = "Tough Times", PostedAt = T0.AddHours(7) };

    private static readonly ForumThreads Threads = new([Opening, PeerReply, ModReply, FollowUp]);

    private static Dictionary<string, float> Features(ForumMessage message, ThreadContext? context, ContextFeatureOptions? options = null)
    {
        var featurizer = new ContextFeaturizer(options ?? ContextFeatureOptions.Default, PriorityScheme.Default);
        var values = new float[featurizer.FeatureCount];
        featurizer.Featurize(message, context, values);
        return featurizer.FeatureNames.Select((n, i) => (n, values[i])).ToDictionary(p => p.n, p => p.Item2);
    }

    [Test]
    public void No_context_sets_only_the_unknown_indicators()
    {
        var f = Features(new ForumMessage("hello"), null);
        f["context.unknown"].Should().Be(1);
        f["context.time_unknown"].Should().Be(1);
        f["context.role.unknown"].Should().Be(1);
        f["context.parent_level.none"].Should().Be(1);
        f["context.history.highest.none"].Should().Be(1);
        f.Where(p => p.Value != 0).Select(p => p.Key).Should().BeEquivalentTo(
            ["context.unknown", "context.time_unknown", "context.role.unknown", "context.parent_level.none", "context.history.highest.none"]);
    }

    [Test]
    public void First_post_of_a_thread()
    {
        var f = Features(Opening, Threads.ContextOf(Opening));
        f["context.unknown"].Should().Be(0);
        f["context.first_post"].Should().Be(1);
        f["context.position"].Should().Be(0);
        f["context.depth"].Should().Be(0);
        f["context.replies_by_others"].Should().Be(0);
        f["context.moderator_replied"].Should().Be(0);
        f["context.quotes"].Should().Be(0);
        f["context.role.peer"].Should().Be(1);
        f["context.role.unknown"].Should().Be(0);
        f["context.hours_since_parent"].Should().Be(0);
        f["context.time_unknown"].Should().Be(0, "a first post needs no earlier time");
    }

    [Test]
    public void Reply_position_depth_timing_and_quoting()
    {
        var f = Features(ModReply, Threads.ContextOf(ModReply));
        f["context.first_post"].Should().Be(0);
        f["context.position"].Should().BeApproximately(MathF.Log(3), 1e-6f, "two posts came before it");
        f["context.depth"].Should().BeApproximately(MathF.Log(3), 1e-6f, "it replies to a reply: depth 2");
        f["context.replies_by_others"].Should().BeApproximately(MathF.Log(3), 1e-6f);
        f["context.quotes"].Should().Be(1);
        f["context.role.moderator"].Should().Be(1);
        f["context.hours_since_parent"].Should().BeApproximately(MathF.Log(1 + 2), 1e-6f);
        f["context.hours_since_thread_start"].Should().BeApproximately(MathF.Log(1 + 3), 1e-6f);
        f["context.moderator_replied"].Should().Be(0, "no moderator posted before it");
    }

    [Test]
    public void Follow_up_sees_the_moderator_reply_and_counts_only_other_authors()
    {
        var f = Features(FollowUp, Threads.ContextOf(FollowUp));
        f["context.moderator_replied"].Should().Be(1);
        f["context.position"].Should().BeApproximately(MathF.Log(4), 1e-6f);
        f["context.replies_by_others"].Should().BeApproximately(MathF.Log(3), 1e-6f, "ann's own opening post is not a reply by others");
        f["context.hours_since_parent"].Should().BeApproximately(MathF.Log(1 + 4), 1e-6f);
        f["context.hours_since_thread_start"].Should().BeApproximately(MathF.Log(1 + 7), 1e-6f);
    }

    [Test]
    public void Context_never_contains_later_posts()
    {
        var context = Threads.ContextOf(PeerReply);
        context.EarlierPosts.Should().Equal(Opening);
        Features(PeerReply, context)["context.moderator_replied"].Should().Be(0, "the moderator replied later");
    }

    [Test]
    public void Missing_times_raise_the_time_unknown_indicator()
    {
        var parent = new ForumMessage("p") { Id = "a" };
        var reply = new ForumMessage("r") { Id = "b", ParentId = "a", PostedAt = T0 };
        var threads = new ForumThreads([parent, reply]);
        var f = Features(reply, threads.ContextOf(reply));
        f["context.time_unknown"].Should().Be(1);
        f["context.hours_since_parent"].Should().Be(0);
    }

    [Test]
    public void Parent_level_is_one_hot_and_needs_a_parent()
    {
        var context = new ThreadContext(Opening, [Opening]) { ParentLevel = 3 };
        var f = Features(PeerReply, context);
        f["context.parent_level.crisis"].Should().Be(1);
        f["context.parent_level.none"].Should().Be(0);
        f.Keys.Where(k => k.StartsWith("context.parent_level.", StringComparison.Ordinal)).Sum(k => f[k]).Should().Be(1);

        var unknown = Features(PeerReply, new ThreadContext(Opening, [Opening]));
        unknown["context.parent_level.none"].Should().Be(1, "ParentLevel defaults to -1, unknown");
        var orphan = Features(PeerReply, new ThreadContext(null, []) { ParentLevel = 2 });
        orphan["context.parent_level.none"].Should().Be(1, "a level without a parent is ignored");
    }

    [Test]
    public void Author_history_counts_posts_and_one_hot_encodes_the_highest_recent_level()
    {
        var context = new ThreadContext(null, []) { AuthorHistory = new AuthorHistory(4, 2) };
        var f = Features(Opening, context);
        f["context.history.posts"].Should().BeApproximately(MathF.Log(5), 1e-6f);
        f["context.history.highest.red"].Should().Be(1);
        f["context.history.highest.none"].Should().Be(0);
        Features(Opening, ThreadContext.None)["context.history.highest.none"].Should().Be(1);
    }

    [Test]
    public void Options_switch_groups_off_and_the_layout_follows()
    {
        var history = new ContextFeaturizer(ContextFeatureOptions.HistoryOnly, PriorityScheme.Default);
        history.FeatureNames.Should().Equal("context.unknown", "context.history.posts", "context.history.highest.none",
            "context.history.highest.green", "context.history.highest.amber", "context.history.highest.red", "context.history.highest.crisis");
        new ContextFeaturizer(ContextFeatureOptions.Default, PriorityScheme.Default).FeatureCount.Should().Be(1 + 13 + (1 + 4) + (2 + 4));
    }

    [Test]
    public void Board_is_hashed_case_insensitively_in_its_own_namespace()
    {
        var featurizer = new ContextFeaturizer(ContextFeatureOptions.Default, PriorityScheme.Default);
        int mask = (1 << 20) - 1;
        int a = featurizer.BoardBucket(new ForumMessage("x") { Board = "Tough Times" }, mask);
        a.Should().BeInRange(0, mask);
        featurizer.BoardBucket(new ForumMessage("x") { Board = " tough times " }, mask).Should().Be(a);
        featurizer.BoardBucket(new ForumMessage("x") { Board = "Everyday life" }, mask).Should().NotBe(a);
        featurizer.BoardBucket(new ForumMessage("x"), mask).Should().Be(-1);
        new ContextFeaturizer(ContextFeatureOptions.Default with { Board = false }, PriorityScheme.Default)
            .BoardBucket(new ForumMessage("x") { Board = "Tough Times" }, mask).Should().Be(-1);
    }

    [Test]
    public void Parent_text_is_hashed_in_its_own_namespace_and_scaled()
    {
        var pipeline = FeaturePipeline.NGramsOnly with { Context = ContextFeatureOptions.Default with { Board = false } };
        var featurizer = new PipelineFeaturizer(pipeline, PriorityScheme.Default);
        var builder = new FeatureBuilder();
        var reply = new ForumMessage("me too");
        int alone = featurizer.Extract(reply, new ThreadContext(null, []), builder);
        var own = builder.Buckets.AsSpan(0, alone).ToArray();
        var ownValues = builder.Values.AsSpan(0, alone).ToArray();

        var parent = new ForumMessage("me too");
        int n = featurizer.Extract(reply, new ThreadContext(parent, [parent]), builder);
        n.Should().Be(2 * alone);
        builder.MessageFeatures.Should().Be(alone);
        builder.ParentFeatures.Should().Be(alone);
        builder.Buckets.AsSpan(0, alone).ToArray().Should().Equal(own);
        var parentBuckets = builder.Buckets.AsSpan(alone, alone).ToArray();
        parentBuckets.Should().Equal(own.Select(featurizer.ParentBucket), "the same text lands in the parent namespace");
        parentBuckets.Intersect(own).Count().Should().BeLessThan(alone / 10 + 1, "namespaces barely collide");
        builder.Values.AsSpan(alone, alone).ToArray().Should().Equal(ownValues.Select(v => v * 0.5f));
    }

    [Test]
    public void The_quote_test_reads_a_bounded_prefix_of_the_body()
    {
        string filler = new('x', ContextFeaturizer.QuoteScanLength);
        Features(new ForumMessage("[QUOTE=ann]hi[/QUOTE] me too"), ThreadContext.None)["context.quotes"].Should().Be(1);
        Features(new ForumMessage(filler[..^5] + "<blockquote>x</blockquote>"), ThreadContext.None)["context.quotes"].Should().Be(0,
            "the marker starts inside the scanned prefix but ends past it");
        Features(new ForumMessage(filler + "<blockquote>x</blockquote>"), ThreadContext.None)["context.quotes"].Should().Be(0);
        Features(new ForumMessage(filler[..^20] + "<blockquote>x</blockquote>"), ThreadContext.None)["context.quotes"].Should().Be(1, "it fits in the prefix");
        Features(new ForumMessage("plain text, no quote"), ThreadContext.None)["context.quotes"].Should().Be(0);
    }
}
