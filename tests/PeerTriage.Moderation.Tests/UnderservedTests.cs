using static PeerTriage.Moderation.Tests.Harness;

namespace PeerTriage.Moderation.Tests;

/// <summary>
/// A fake assessor for hand-built threads: a reply shows empathy when its text contains <c>[empathy]</c>; <c>[throw]</c>
/// makes it throw. Counts its calls.
/// </summary>
internal sealed class KeywordEmpathyAssessor : IReplyEmpathyAssessor
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public bool ShowsEmpathy(ForumMessage post, ForumMessage reply)
    {
        ArgumentNullException.ThrowIfNull(post);
        ArgumentNullException.ThrowIfNull(reply);
        post.Body.Should().NotBeNullOrEmpty("the assessor is given the post's stored text");
        Interlocked.Increment(ref _calls);
        if (reply.Body.Contains("[throw]", StringComparison.Ordinal))
            throw new InvalidOperationException("the assessor broke on " + reply.Body);
        return reply.Body.Contains("[empathy]", StringComparison.Ordinal);
    }
}

/// <summary>The underserved rule (<see cref="ModerationOptions.KeepUnderserved"/>) on hand-built threads, against both stores.</summary>
[TestFixture("memory")]
[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class UnderservedTests(string kind)
{
    // The community window is 6 hours: an amber post at minute 0 enters the list at minute 360.
    private const double WindowEnd = 360;

    private StoreFactory _stores = null!;
    private ModerationStore _store = null!;
    private KeywordEmpathyAssessor _assessor = null!;

    [SetUp]
    public void SetUp()
    {
        _stores = new StoreFactory(kind);
        _store = _stores.Open();
        _assessor = new KeywordEmpathyAssessor();
    }

    [TearDown]
    public void TearDown() => _stores?.Dispose(); // null when SetUp skipped the test (no PostgreSQL)

    private ModerationQueue Queue(bool on = true, Action<CrisisEscalation>? onCrisis = null) =>
        new(_store, new KeywordClassifier(), new ModerationOptions
        {
            CommunityWindow = TimeSpan.FromHours(6),
            KeepUnderserved = on,
            EmpathyAssessor = _assessor,
            OnCrisis = onCrisis,
        });

    internal static MessagePosted ReplyTo(string parent, string id, double minutes, string text, string author = "peer", AuthorRole role = AuthorRole.Peer, string? eventId = null) =>
        new(eventId ?? NextId(), T(minutes), new ForumMessage($"reply {id}: {text}")
        {
            Id = id, ThreadId = "t-" + parent, ParentId = parent, AuthorId = author, AuthorRole = role, Board = "general",
        });

    internal static MessageEdited EditReply(string id, double minutes, string text) => new(NextId(), T(minutes), id, $"reply {id}: {text}");

    private static void ApplyAll(ModerationQueue queue, params ModerationEvent[] events)
    {
        foreach (var e in events)
            queue.Apply(e).Outcome.Should().Be(ApplyOutcome.Applied, e.ToString());
    }

    [Test]
    public void With_the_rule_off_any_community_reply_answers_and_the_assessor_is_never_called()
    {
        var q = Queue(on: false);
        ApplyAll(q, Post("a", "amber", 0), ReplyTo("a", "r1", 10, "just cheer up", author: "p1"));
        q.GetToDo(T(WindowEnd + 60)).Should().BeEmpty();
        _assessor.Calls.Should().Be(0);
        var status = q.GetStatus("a", T(WindowEnd + 60))!;
        status.Underserved.Should().BeFalse();
        status.Reason.Should().BeNull();
        q.GetMeasures(T(0), T(1000))["amber"].Underserved.Should().Be(0);
    }

    [Test]
    public void With_the_rule_on_an_amber_post_whose_community_replies_all_show_no_empathy_stays_on_the_list_as_underserved()
    {
        var q = Queue();
        ApplyAll(q, Post("a", "amber", 0), Post("quiet", "amber", 1),
            ReplyTo("a", "r1", 10, "just cheer up", author: "p1"), ReplyTo("a", "r2", 20, "others have it worse", author: "p2"));
        _assessor.Calls.Should().Be(2);

        // Within the window the community may still answer it: not on the list yet, but the reason is known.
        q.GetToDo(T(WindowEnd - 1)).Should().BeEmpty();
        var early = q.GetStatus("a", T(100))!;
        early.NeedsAttention.Should().BeFalse();
        early.AttentionFrom.Should().Be(T(WindowEnd));
        early.Reason.Should().Be(AttentionReason.Underserved);
        early.Underserved.Should().BeFalse("the window is still open");

        var todo = q.GetToDo(T(WindowEnd + 10));
        todo.Ids().Should().Equal("a", "quiet");
        todo[0].Reason.Should().Be(AttentionReason.Underserved);
        todo[1].Reason.Should().Be(AttentionReason.Unanswered);
        var status = q.GetStatus("a", T(WindowEnd + 10))!;
        status.Underserved.Should().BeTrue();
        status.NeedsAttention.Should().BeTrue();
        status.Waited.Should().Be(TimeSpan.FromMinutes(WindowEnd + 10), "it waits from the post, like any amber post");
        q.GetStatus("quiet", T(WindowEnd + 10))!.Underserved.Should().BeFalse("no reply at all is unanswered, not underserved");

        // A moderator answers: off the list, and the widget still says the community's replies lacked empathy.
        q.Apply(Reply("a", 400, AuthorRole.Moderator));
        q.GetToDo(T(410)).Ids().Should().Equal("quiet");
        status = q.GetStatus("a", T(410))!;
        status.NeedsAttention.Should().BeFalse();
        status.Underserved.Should().BeTrue();

        q.GetMeasures(T(0), T(1000))["amber"].Underserved.Should().Be(1, "counted whether or not a moderator answered later");
        q.GetMeasures(T(0), T(WindowEnd - 1))["amber"].Underserved.Should().Be(0, "its window had not closed by then");
        q.GetMeasures(T(0), T(1000))["green"].Underserved.Should().Be(0, "the replies themselves are green");
    }

    [TestCase(true)]
    [TestCase(false)]
    public void A_thread_with_one_empathic_and_one_unempathic_reply_is_answered(bool empathicFirst)
    {
        var q = Queue();
        var empathic = ReplyTo("a", "warm", empathicFirst ? 10 : 20, "that sounds so hard [empathy]", author: "p1");
        var cold = ReplyTo("a", "cold", empathicFirst ? 20 : 10, "just cheer up", author: "p2");
        ApplyAll(q, Post("a", "amber", 0), empathicFirst ? empathic : cold, empathicFirst ? cold : empathic);
        q.GetToDo(T(WindowEnd + 10)).Should().BeEmpty();
        var status = q.GetStatus("a", T(WindowEnd + 10))!;
        status.Underserved.Should().BeFalse();
        status.AttentionFrom.Should().BeNull();
    }

    [Test]
    public void An_edit_of_a_reply_is_assessed_again_and_moves_the_post_off_and_back_on_the_list()
    {
        var q = Queue();
        ApplyAll(q, Post("a", "amber", 0), ReplyTo("a", "r1", 10, "just cheer up"));
        q.GetToDo(T(400)).Ids().Should().Equal("a");

        // No empathy -> empathy: the reply (posted within the window) now answers the post.
        var warmer = q.Apply(EditReply("r1", 420, "I'm sorry, that sounds exhausting [empathy]"));
        warmer.Outcome.Should().Be(ApplyOutcome.Applied);
        warmer.Detail.Should().Contain("shows empathy").And.NotContain("exhausting", "the detail line carries no text");
        q.GetToDo(T(430)).Should().BeEmpty();
        q.GetStatus("a", T(430))!.Underserved.Should().BeFalse();

        // Empathy -> no empathy: back on the list, underserved again, still waiting from the post.
        ApplyAll(q, EditReply("r1", 500, "whatever"));
        var todo = q.GetToDo(T(510));
        todo.Ids().Should().Equal("a");
        todo[0].Reason.Should().Be(AttentionReason.Underserved);
        todo[0].WaitingSince.Should().Be(T(0));

        // An older edit arriving late is superseded: not assessed, nothing moves.
        int calls = _assessor.Calls;
        q.Apply(EditReply("r1", 450, "so sorry [empathy]")).Outcome.Should().Be(ApplyOutcome.Superseded);
        _assessor.Calls.Should().Be(calls);
        q.GetToDo(T(520)).Ids().Should().Equal("a");
    }

    [Test]
    public void A_deleted_reply_no_longer_counts_with_the_rule_on()
    {
        var q = Queue();
        ApplyAll(q, Post("a", "amber", 0), ReplyTo("a", "warm", 10, "that sounds hard [empathy]", author: "p1"), ReplyTo("a", "cold", 20, "cheer up", author: "p2"));
        q.GetToDo(T(400)).Should().BeEmpty();

        ApplyAll(q, Delete("warm", 30));
        var todo = q.GetToDo(T(400));
        todo.Ids().Should().Equal("a");
        todo[0].Reason.Should().Be(AttentionReason.Underserved);

        ApplyAll(q, Delete("cold", 40));
        todo = q.GetToDo(T(400));
        todo.Ids().Should().Equal("a");
        todo[0].Reason.Should().Be(AttentionReason.Unanswered, "no community reply is left");
        q.GetStatus("a", T(400))!.Underserved.Should().BeFalse();
    }

    [Test]
    public void A_deleted_reply_still_answers_with_the_rule_off_as_before()
    {
        var q = Queue(on: false);
        ApplyAll(q, Post("a", "amber", 0), ReplyTo("a", "r1", 10, "cheer up"), Delete("r1", 30));
        q.GetToDo(T(400)).Should().BeEmpty();
    }

    [Test]
    public void A_reply_without_text_cannot_be_assessed_and_answers()
    {
        var q = Queue();
        ApplyAll(q, Post("a", "amber", 0), ReplyTo("a", "cold", 5, "cheer up", author: "p1"), Reply("a", 10, AuthorRole.Peer, replier: "p2"));
        _assessor.Calls.Should().Be(1, "only the reply with text is assessed");
        q.GetToDo(T(400)).Should().BeEmpty();
        q.GetStatus("a", T(400))!.Underserved.Should().BeFalse();
    }

    [Test]
    public void Moderator_replies_answer_and_the_authors_own_replies_do_not_count_and_neither_is_assessed()
    {
        var q = Queue();
        ApplyAll(q, Post("a", "amber", 0, author: "u1"), ReplyTo("a", "bump", 10, "anyone?", author: "u1"));
        var todo = q.GetToDo(T(400));
        todo.Ids().Should().Equal("a");
        todo[0].Reason.Should().Be(AttentionReason.Unanswered, "the author's own reply is not a community reply");

        ApplyAll(q, Post("b", "amber", 0, author: "u2"), ReplyTo("b", "mod", 10, "please read the rules", author: "m1", role: AuthorRole.Moderator));
        q.GetToDo(T(400)).Ids().Should().Equal("a");
        _assessor.Calls.Should().Be(0);
    }

    [Test]
    public void Urgent_posts_and_replies_after_the_window_are_not_affected()
    {
        var q = Queue();
        ApplyAll(q, Post("red", "red", 0), ReplyTo("red", "r1", 10, "cheer up"),
            Post("late", "amber", 0), ReplyTo("late", "r2", WindowEnd + 20, "cheer up"));
        var todo = q.GetToDo(T(WindowEnd + 30));
        todo.Ids().Should().Equal("red", "late");
        todo[0].Reason.Should().Be(AttentionReason.Urgent);
        todo[1].Reason.Should().Be(AttentionReason.Unanswered, "the window had closed before the reply");
        q.GetStatus("red", T(WindowEnd + 30))!.Underserved.Should().BeFalse();
        q.GetStatus("late", T(WindowEnd + 30))!.Underserved.Should().BeFalse();
    }

    [Test]
    public void Redelivered_replies_and_edits_change_nothing_and_are_not_assessed_again()
    {
        var q = Queue();
        var reply = ReplyTo("a", "r1", 10, "cheer up");
        var edit = EditReply("r1", 20, "so sorry [empathy]");
        ApplyAll(q, Post("a", "amber", 0), reply, edit);
        int calls = _assessor.Calls;
        calls.Should().Be(2);
        var before = q.GetStatus("a", T(400));

        q.Apply(reply).Outcome.Should().Be(ApplyOutcome.Duplicate);
        q.Apply(edit).Outcome.Should().Be(ApplyOutcome.Duplicate);
        _assessor.Calls.Should().Be(calls);
        q.GetStatus("a", T(400)).Should().BeEquivalentTo(before);
        q.GetToDo(T(400)).Should().BeEmpty();
    }

    [Test]
    public void A_throwing_assessor_does_not_block_the_event_and_its_reply_counts_as_answering()
    {
        var crises = new List<string>();
        var q = Queue(onCrisis: e => crises.Add(e.MessageId));
        ApplyAll(q, Post("a", "amber", 0));
        var result = q.Apply(ReplyTo("a", "r1", 10, "[throw] [crisis] I feel the same, tonight is the night"));
        result.Outcome.Should().Be(ApplyOutcome.Applied);
        result.Detail.Should().Contain("assessment failed").And.NotContain("tonight").And.NotContain("broke");
        q.EmpathyAssessmentFailures.Should().Be(1);
        crises.Should().Equal("r1"); // the reply itself was triaged and escalated as usual
        q.GetStatus("r1", T(11))!.Level.Should().Be("crisis");

        // Unknown counts as answering, also next to a reply assessed as showing no empathy.
        ApplyAll(q, ReplyTo("a", "r2", 20, "cheer up", author: "p2"));
        q.GetToDo(T(400)).Ids().Should().Equal("r1");
        q.GetStatus("a", T(400))!.Underserved.Should().BeFalse();
    }

    [Test]
    public void Turning_the_rule_on_later_keeps_replies_recorded_while_it_was_off_as_answering()
    {
        var off = Queue(on: false);
        ApplyAll(off, Post("a", "amber", 0), ReplyTo("a", "r1", 10, "cheer up", author: "p1"));
        var on = Queue();
        ApplyAll(on, ReplyTo("a", "r2", 20, "whatever", author: "p2"));
        on.GetToDo(T(400)).Should().BeEmpty("r1 was never assessed, so it answers");

        // Until it is edited under the rule: then it is assessed like any other.
        ApplyAll(on, EditReply("r1", 30, "cheer up, really"));
        on.GetToDo(T(400)).Ids().Should().Equal("a");
    }

    [Test]
    public void Every_entry_says_why_it_is_on_the_list()
    {
        var q = new ModerationQueue(_store, new KeywordClassifier(), new ModerationOptions { FlagLevel = "amber" });
        ApplyAll(q, Post("red", "red", 0), Post("flagged", "green", 0), Flag("flagged", 1), Post("amber", "amber", 0));
        var todo = q.GetToDo(T(400));
        todo.Select(t => (t.MessageId, t.Reason)).Should().Equal(
            ("red", AttentionReason.Urgent), ("amber", AttentionReason.Unanswered), ("flagged", AttentionReason.Flagged)); // same level and wait: by id
        q.GetStatus("amber", T(400))!.Reason.Should().Be(AttentionReason.Unanswered);
    }

    [Test]
    public void The_rule_needs_an_assessor()
    {
        var act = () => new ModerationQueue(_store, new KeywordClassifier(), new ModerationOptions { KeepUnderserved = true });
        act.Should().Throw<ArgumentException>().WithMessage("*KeepUnderserved*EmpathyAssessor*");
        ((Action)(() => new ModerationQueue(_store, new KeywordClassifier(), new ModerationOptions { EmpathyAssessor = _assessor })))
            .Should().NotThrow("an assessor without the rule is allowed and never called");
    }

    /// <summary>Posts, replies and reply edits applied in any order (posts first) give the same state as in order.</summary>
    [TestCase(1)]
    [TestCase(2)]
    public void Out_of_order_reply_edits_give_the_same_state_as_in_order(int seed)
    {
        var rng = new Random(seed);
        var posts = new List<ModerationEvent>();
        var replies = new List<ModerationEvent>();
        var edits = new List<ModerationEvent>();
        for (int i = 0; i < 6; i++)
        {
            posts.Add(Post("m" + i, i % 3 == 0 ? "red" : "amber", i, author: "u" + i));
            for (int j = 0; j < 3; j++)
                replies.Add(ReplyTo("m" + i, $"m{i}r{j}", 10 + i + j * 100, rng.Next(2) == 0 ? "cheer up" : "so sorry [empathy]", author: $"p{j}"));
        }
        for (int k = 0; k < 30; k++)
            edits.Add(EditReply($"m{rng.Next(6)}r{rng.Next(3)}", 400 + k * 7, rng.Next(2) == 0 ? "cheer up" : "so sorry [empathy]"));

        using var inOrderStore = ModerationStore.CreateInMemory();
        var inOrder = new ModerationQueue(inOrderStore, new KeywordClassifier(), Queue().Options);
        foreach (var e in posts.Concat(replies).Concat(edits).OrderBy(e => e.OccurredAt))
            inOrder.Apply(e);

        var shuffled = Queue();
        foreach (var e in posts.Concat(replies.OrderBy(_ => rng.Next())).Concat(edits.OrderBy(_ => rng.Next())))
            shuffled.Apply(e).Outcome.Should().BeOneOf(ApplyOutcome.Applied, ApplyOutcome.Superseded);

        foreach (double at in new[] { 30.0, 361, 700 })
        {
            shuffled.GetToDo(T(at), 1000).Should().BeEquivalentTo(inOrder.GetToDo(T(at), 1000), o => o.WithStrictOrdering());
            for (int i = 0; i < 6; i++)
                shuffled.GetStatus("m" + i, T(at)).Should().BeEquivalentTo(inOrder.GetStatus("m" + i, T(at)));
        }
        inOrder.GetToDo(T(700), 1000).Should().Contain(t => t.Reason == AttentionReason.Underserved, "the seed gives at least one underserved post, or the test proves little");
    }
}
