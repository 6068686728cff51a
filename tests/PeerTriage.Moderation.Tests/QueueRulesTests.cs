using static PeerTriage.Moderation.Tests.Harness;

namespace PeerTriage.Moderation.Tests;

/// <summary>The to-do rules, run against both stores.</summary>
[TestFixture("memory")]
[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class QueueRulesTests(string kind)
{
    private StoreFactory _stores = null!;
    private ModerationStore _store = null!;

    [SetUp]
    public void SetUp()
    {
        _stores = new StoreFactory(kind);
        _store = _stores.Open();
    }

    [TearDown]
    public void TearDown() => _stores?.Dispose(); // null when SetUp skipped the test (no PostgreSQL)

    private ModerationQueue Queue(ModerationOptions? options = null, PriorityScheme? scheme = null) =>
        new(_store, new KeywordClassifier(scheme), options ?? new ModerationOptions { CommunityWindow = TimeSpan.FromHours(6) });

    private static void ApplyAll(ModerationQueue queue, params ModerationEvent[] events)
    {
        foreach (var e in events)
            queue.Apply(e).Outcome.Should().Be(ApplyOutcome.Applied, e.ToString());
    }

    [Test]
    public void Urgent_posts_wait_until_a_moderator_replies()
    {
        var q = Queue();
        ApplyAll(q, Post("a", "red", 0), Post("b", "crisis", 1), Reply("a", 5, AuthorRole.Peer));
        q.GetToDo(T(10)).Ids().Should().Equal("b", "a");
        q.Apply(Reply("a", 20, AuthorRole.Moderator));
        q.Apply(Reply("b", 21, AuthorRole.Staff));
        q.GetToDo(T(30)).Should().BeEmpty();
    }

    [Test]
    public void The_list_is_ordered_by_level_then_by_time_waiting()
    {
        var q = Queue(new ModerationOptions { CommunityWindow = TimeSpan.Zero });
        ApplyAll(q, Post("amber1", "amber", 0), Post("red2", "red", 1), Post("crisis3", "crisis", 2), Post("red1", "red", 0.5), Post("crisis1", "crisis", 3));
        var todo = q.GetToDo(T(60));
        todo.Ids().Should().Equal("crisis3", "crisis1", "red1", "red2", "amber1");
        todo[0].Waited.Should().Be(TimeSpan.FromMinutes(58));
        todo[0].Level.Should().Be("crisis");
        todo[0].Source.Should().Be(LevelSource.Model);
    }

    [Test]
    public void Amber_enters_only_after_the_community_window_passes_without_a_reply()
    {
        var q = Queue();
        ApplyAll(q, Post("quiet", "amber", 0), Post("helped", "amber", 0), Reply("helped", 90, AuthorRole.Peer));
        q.GetToDo(T(359)).Should().BeEmpty();
        q.GetToDo(T(360)).Ids().Should().Equal("quiet");
        q.GetStatus("quiet", T(400))!.Waited.Should().Be(TimeSpan.FromMinutes(400), "waiting counts from the post, not from the window's end");
        q.GetStatus("helped", T(400))!.NeedsAttention.Should().BeFalse();
        q.GetStatus("helped", T(400))!.AttentionFrom.Should().BeNull();

        // A community reply after the window closed does not take it off again.
        q.Apply(Reply("quiet", 370, AuthorRole.Peer));
        q.GetToDo(T(400)).Ids().Should().Equal("quiet");
    }

    [Test]
    public void The_authors_own_reply_is_not_a_community_reply()
    {
        var q = Queue();
        ApplyAll(q, Post("a", "amber", 0, author: "u1"), Reply("a", 10, AuthorRole.Peer, replier: "u1"));
        q.GetToDo(T(361)).Ids().Should().Equal("a");
    }

    [Test]
    public void A_zero_window_puts_amber_on_the_list_at_once()
    {
        var q = Queue(new ModerationOptions { CommunityWindow = TimeSpan.Zero });
        ApplyAll(q, Post("a", "amber", 0));
        q.GetToDo(T(0)).Ids().Should().Equal("a");
    }

    [Test]
    public void Green_never_appears_unless_flagged_or_corrected_up()
    {
        var q = Queue(new ModerationOptions { CommunityWindow = TimeSpan.Zero });
        ApplyAll(q, Post("g1", "green", 0), Post("g2", "green", 0), Post("g3", "green", 0));
        q.GetToDo(T(10_000)).Should().BeEmpty();

        ApplyAll(q, Flag("g2", 5, "sounds like a goodbye"), Correct("g3", "amber", 6));
        var todo = q.GetToDo(T(10));
        todo.Ids().Should().Equal("g2", "g3");
        todo[0].Level.Should().Be("red", "a flag raises to the urgent level by default");
        todo[0].Source.Should().Be(LevelSource.Flag);
        todo[0].FlagReason.Should().Be("sounds like a goodbye");
        todo[0].FlagCount.Should().Be(1);
        todo[1].Source.Should().Be(LevelSource.Correction);
    }

    [Test]
    public void A_flag_puts_a_message_on_the_list_at_once_at_the_configured_level()
    {
        var q = Queue(new ModerationOptions { FlagLevel = "amber" });
        ApplyAll(q, Post("g", "green", 0), Flag("g", 1));
        var status = q.GetStatus("g", T(2))!;
        status.Level.Should().Be("amber");
        status.NeedsAttention.Should().BeTrue("a flag asks for a moderator now, without the community window");
    }

    [Test]
    public void A_flag_never_lowers_the_model_level()
    {
        var q = Queue();
        ApplyAll(q, Post("c", "crisis", 0), Flag("c", 1));
        q.GetStatus("c", T(2))!.Level.Should().Be("crisis");
        q.GetStatus("c", T(2))!.Source.Should().Be(LevelSource.Model);
    }

    [Test]
    public void A_flag_after_a_moderator_reply_reopens_the_message_from_the_flag()
    {
        var q = Queue();
        ApplyAll(q, Post("a", "red", 0), Reply("a", 10, AuthorRole.Moderator));
        q.GetToDo(T(20)).Should().BeEmpty();
        q.Apply(Flag("a", 30));
        var todo = q.GetToDo(T(40));
        todo.Ids().Should().Equal("a");
        todo[0].WaitingSince.Should().Be(T(30));
        q.Apply(Reply("a", 50, AuthorRole.Moderator));
        q.GetToDo(T(60)).Should().BeEmpty();
    }

    [Test]
    public void Resolving_takes_any_level_off_the_list()
    {
        var q = Queue(new ModerationOptions { CommunityWindow = TimeSpan.Zero });
        ApplyAll(q, Post("amber", "amber", 0), Post("crisis", "crisis", 0));
        ApplyAll(q, Resolve("amber", 5), Resolve("crisis", 6));
        q.GetToDo(T(10)).Should().BeEmpty();
        q.GetStatus("crisis", T(10))!.ResolvedAt.Should().Be(T(6));
    }

    [Test]
    public void A_correction_overrides_model_and_flag_both_ways()
    {
        var q = Queue();
        ApplyAll(q, Post("c", "crisis", 0), Post("g", "green", 0), Flag("g", 1));
        ApplyAll(q, Correct("c", "green", 2), Correct("g", "green", 3));
        q.GetToDo(T(10)).Should().BeEmpty();
        var status = q.GetStatus("c", T(10))!;
        status.Level.Should().Be("green");
        status.ModelLevel.Should().Be("crisis");
        status.Source.Should().Be(LevelSource.Correction);
    }

    [Test]
    public void An_edit_is_triaged_again()
    {
        var q = Queue();
        ApplyAll(q, Post("a", "green", 0), Post("b", "red", 0));
        ApplyAll(q, Edit("a", "red", 5), Edit("b", "green", 6));
        q.GetToDo(T(10)).Ids().Should().Equal("a");
        q.GetStatus("b", T(10))!.ModelLevel.Should().Be("green");
    }

    [Test]
    public void A_deleted_message_leaves_the_list_for_good_and_its_text_is_erased()
    {
        var q = Queue();
        ApplyAll(q, Post("a", "red", 0), Correct("a", "crisis", 1), Delete("a", 2));
        q.GetToDo(T(10)).Should().BeEmpty();
        q.GetStatus("a", T(10))!.IsDeleted.Should().BeTrue();
        q.GetCorrections().Should().BeEmpty("a deleted message is not exported for retraining");
        var result = q.Apply(Flag("a", 3));
        result.Outcome.Should().Be(ApplyOutcome.MessageDeleted);
        result.IsRecorded.Should().BeTrue();
        q.GetToDo(T(10)).Should().BeEmpty();
    }

    [Test]
    public void Posts_by_moderators_and_staff_never_need_attention()
    {
        var q = Queue(new ModerationOptions { CommunityWindow = TimeSpan.Zero });
        ApplyAll(q, Post("m", "crisis", 0, role: AuthorRole.Moderator), Post("s", "red", 0, role: AuthorRole.Staff), Post("u", "red", 0, role: AuthorRole.Unknown));
        q.GetToDo(T(10)).Ids().Should().Equal("u");
    }

    [Test]
    public void A_posted_reply_answers_its_parent_and_is_triaged_itself()
    {
        var q = Queue();
        ApplyAll(q, Post("a", "red", 0), Post("b", "crisis", 1, author: "u2", parent: "a"));
        q.GetToDo(T(5)).Ids().Should().Equal("b", "a");
        ApplyAll(q, Post("c", "green", 6, author: "mod", role: AuthorRole.Moderator, parent: "a"));
        q.GetToDo(T(7)).Ids().Should().Equal("b");
        q.GetStatus("a", T(7))!.FirstModeratorReplyAt.Should().Be(T(6));
    }

    [Test]
    public void A_post_whose_parent_is_unknown_is_still_stored()
    {
        var q = Queue();
        q.Apply(Post("child", "red", 0, parent: "never-seen")).Outcome.Should().Be(ApplyOutcome.Applied);
        q.GetToDo(T(1)).Ids().Should().Equal("child");
    }

    [Test]
    public void A_redelivered_event_is_a_no_op()
    {
        var q = Queue();
        var flag = Flag("a", 1);
        ApplyAll(q, Post("a", "green", 0), flag);
        var again = q.Apply(flag);
        again.Outcome.Should().Be(ApplyOutcome.Duplicate);
        again.IsRecorded.Should().BeTrue();
        again.Detail.Should().Contain(flag.EventId);
        again.Status!.FlagCount.Should().Be(1);
        q.GetStatus("a", T(2))!.FlagCount.Should().Be(1);
    }

    [Test]
    public void A_reused_event_id_for_a_different_event_is_a_conflict_and_changes_nothing()
    {
        var q = Queue();
        q.Apply(Post("a", "red", 0, eventId: "same"));
        var result = q.Apply(new MessageResolved("same", T(5), "a"));
        result.Outcome.Should().Be(ApplyOutcome.EventIdConflict);
        result.IsRecorded.Should().BeFalse();
        result.Detail.Should().Contain("same").And.Contain("Posted");
        q.GetToDo(T(10)).Ids().Should().Equal("a");
    }

    [Test]
    public void An_event_for_an_unknown_message_is_not_recorded_so_it_can_be_redelivered()
    {
        var q = Queue();
        var early = Reply("late-post", 5, AuthorRole.Moderator);
        var result = q.Apply(early);
        result.Outcome.Should().Be(ApplyOutcome.UnknownMessage);
        result.IsRecorded.Should().BeFalse();
        result.Status.Should().BeNull();
        result.Detail.Should().Contain(early.EventId).And.Contain("late-post");
        _store.ContainsEvent(early.EventId).Should().BeFalse();

        q.Apply(Post("late-post", "red", 0));
        q.Apply(early).Outcome.Should().Be(ApplyOutcome.Applied);
        q.GetToDo(T(10)).Should().BeEmpty();
    }

    [Test]
    public void Posting_an_id_twice_under_new_event_ids_keeps_the_first()
    {
        var q = Queue();
        q.Apply(Post("a", "red", 0));
        var again = q.Apply(Post("a", "green", 1));
        again.Outcome.Should().Be(ApplyOutcome.AlreadyPosted);
        again.IsRecorded.Should().BeTrue();
        q.GetStatus("a", T(2))!.Level.Should().Be("red");
    }

    [Test]
    public void An_older_edit_or_correction_arriving_late_is_superseded()
    {
        var q = Queue();
        ApplyAll(q, Post("a", "green", 0), Edit("a", "red", 10), Correct("a", "crisis", 20));
        q.Apply(Edit("a", "green", 5)).Outcome.Should().Be(ApplyOutcome.Superseded);
        q.Apply(Correct("a", "amber", 15)).Outcome.Should().Be(ApplyOutcome.Superseded);
        var status = q.GetStatus("a", T(30))!;
        status.ModelLevel.Should().Be("red");
        status.Level.Should().Be("crisis");
    }

    [Test]
    public void An_event_dated_before_its_post_counts_at_the_posting_time()
    {
        var q = Queue();
        ApplyAll(q, Post("a", "red", 10), Reply("a", 4, AuthorRole.Moderator));
        q.GetStatus("a", T(20))!.FirstModeratorReplyAt.Should().Be(T(10));
        q.GetMeasures(T(0), T(60))["red"].MedianLatency.Should().Be(TimeSpan.Zero);
    }

    [Test]
    public void A_correction_to_an_unknown_level_is_invalid_and_not_recorded()
    {
        var q = Queue();
        q.Apply(Post("a", "red", 0));
        var bad = Correct("a", "purple", 1);
        var result = q.Apply(bad);
        result.Outcome.Should().Be(ApplyOutcome.Invalid);
        result.Detail.Should().Contain("purple").And.Contain(bad.EventId);
        _store.ContainsEvent(bad.EventId).Should().BeFalse();
    }

    [Test]
    public void Works_with_a_custom_scheme()
    {
        var scheme = new PriorityScheme(["minimum", "mild", "moderate", "severe", "acute"], flaggedFrom: 2, urgentFrom: 3);
        var escalated = new List<string>();
        var q = Queue(new ModerationOptions { CommunityWindow = TimeSpan.FromHours(1), OnCrisis = e => escalated.Add(e.MessageId) }, scheme);
        ApplyAll(q, Post("mild", "mild", 0), Post("moderate", "moderate", 0), Post("severe", "severe", 0), Post("acute", "acute", 0), Post("min", "minimum", 0));
        q.GetToDo(T(30)).Ids().Should().Equal("acute", "severe");
        q.GetToDo(T(61)).Ids().Should().Equal("acute", "severe", "moderate");
        escalated.Should().Equal("acute");
        q.Apply(Flag("min", 70));
        q.GetToDo(T(71)).Should().Contain(i => i.MessageId == "min" && i.Level == "severe");
    }

    [Test]
    public void A_store_keeps_the_scheme_it_was_created_with()
    {
        _ = Queue();
        var other = new PriorityScheme(["low", "mid", "high"], 1, 2);
        var act = () => new ModerationQueue(_store, new KeywordClassifier(other));
        act.Should().Throw<ModerationStoreException>().WithMessage("*green,amber,red,crisis*low,mid,high*");
    }

    [Test]
    public void Invalid_options_are_refused()
    {
        var classifier = new KeywordClassifier();
        ((Action)(() => new ModerationQueue(_store, classifier, new ModerationOptions { FlagLevel = "green" }))).Should().Throw<ArgumentException>().WithMessage("*below*");
        ((Action)(() => new ModerationQueue(_store, classifier, new ModerationOptions { FlagLevel = "nope" }))).Should().Throw<ArgumentException>();
        ((Action)(() => new ModerationQueue(_store, classifier, new ModerationOptions { CommunityWindow = TimeSpan.FromMinutes(-1) }))).Should().Throw<ArgumentException>();
    }

    [Test]
    public void Status_of_an_unknown_message_is_null()
    {
        Queue().GetStatus("nope", T(0)).Should().BeNull();
    }

    [Test]
    public void The_clock_overloads_use_the_options_time_provider()
    {
        var clock = new FixedClock(T(400));
        var q = Queue(new ModerationOptions { TimeProvider = clock });
        ApplyAll(q, Post("a", "amber", 0));
        q.GetToDo().Ids().Should().Equal("a");
        q.GetStatus("a")!.Waited.Should().Be(TimeSpan.FromMinutes(400));
        clock.Now = T(100);
        q.GetToDo().Should().BeEmpty();
    }

    [Test]
    public void The_limit_caps_the_list_and_must_be_positive()
    {
        var q = Queue();
        for (int i = 0; i < 5; i++)
            q.Apply(Post("r" + i, "red", i));
        q.GetToDo(T(10), limit: 2).Ids().Should().Equal("r0", "r1");
        ((Action)(() => q.GetToDo(T(10), 0))).Should().Throw<ArgumentOutOfRangeException>();
    }

    /// <summary>Applying the same events in any order gives the same final state (no deletions in this stream).</summary>
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Out_of_order_delivery_gives_the_same_state_as_in_order(int seed)
    {
        var events = new List<ModerationEvent>();
        string[] levels = ["green", "amber", "red", "crisis"];
        for (int i = 0; i < 12; i++)
            events.Add(Post("m" + i, levels[i % 4], i, author: "u" + i));
        var rng = new Random(seed);
        for (int k = 0; k < 40; k++)
        {
            string id = "m" + rng.Next(12);
            double at = 12 + k * 15 + rng.Next(10); // distinct times: ties are broken by arrival
            events.Add(rng.Next(6) switch
            {
                0 => Reply(id, at, AuthorRole.Peer, "p" + k),
                1 => Reply(id, at, AuthorRole.Moderator, "mod"),
                2 => Flag(id, at, "r" + k),
                3 => Resolve(id, at),
                4 => Correct(id, levels[rng.Next(4)], at),
                _ => Edit(id, levels[rng.Next(4)], at),
            });
        }
        var posts = events.Take(12).ToList();
        var rest = events.Skip(12).OrderBy(_ => rng.Next()).ToList();

        var escalatedInOrder = new List<string>();
        using var inOrderStore = ModerationStore.CreateInMemory();
        var inOrder = new ModerationQueue(inOrderStore, new KeywordClassifier(), new ModerationOptions { OnCrisis = e => escalatedInOrder.Add(e.MessageId) });
        foreach (var e in events.OrderBy(e => e.OccurredAt))
            inOrder.Apply(e);

        var shuffled = Queue();
        foreach (var e in posts.Concat(rest))
            shuffled.Apply(e).Outcome.Should().BeOneOf(ApplyOutcome.Applied, ApplyOutcome.Superseded);

        foreach (double at in new[] { 30.0, 300, 700, 2000 })
        {
            shuffled.GetToDo(T(at), 1000).Should().BeEquivalentTo(inOrder.GetToDo(T(at), 1000), o => o.WithStrictOrdering());
            for (int i = 0; i < 12; i++)
            {
                shuffled.GetStatus("m" + i, T(at)).Should().BeEquivalentTo(inOrder.GetStatus("m" + i, T(at)),
                    o => o.Excluding(s => s!.IsEscalated), $"message m{i} at {at} min");
            }
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
