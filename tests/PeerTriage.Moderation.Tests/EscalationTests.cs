using static PeerTriage.Moderation.Tests.Harness;

namespace PeerTriage.Moderation.Tests;

[TestFixture("memory")]
[TestFixture("sqlite")]
public sealed class EscalationTests(string kind)
{
    private StoreFactory _stores = null!;

    [SetUp]
    public void SetUp() => _stores = new StoreFactory(kind);

    [TearDown]
    public void TearDown() => _stores.Dispose();

    [Test]
    public void The_handler_is_called_once_per_crisis_message_whatever_raises_it()
    {
        var calls = new List<CrisisEscalation>();
        var q = new ModerationQueue(_stores.Open(), new KeywordClassifier(), new ModerationOptions { OnCrisis = calls.Add });
        q.Apply(Post("model", "crisis", 0));
        q.Apply(Post("edited", "green", 1));
        q.Apply(Post("corrected", "amber", 2));
        q.Apply(Post("red", "red", 3));
        q.Apply(Edit("edited", "crisis", 4));
        q.Apply(Correct("corrected", "crisis", 5));
        // Repeats: a flag, another edit, a correction down and up again, a redelivery.
        q.Apply(Flag("model", 6));
        q.Apply(Edit("edited", "crisis", 7));
        q.Apply(Correct("corrected", "red", 8));
        q.Apply(Correct("corrected", "crisis", 9));
        q.Apply(Reply("model", 10, AuthorRole.Moderator));

        calls.Select(c => c.MessageId).Should().Equal("model", "edited", "corrected");
        calls[0].Level.Should().Be("crisis");
        calls[0].Source.Should().Be(LevelSource.Model);
        calls[0].EscalatedAt.Should().Be(T(0));
        calls[0].Message.Body.Should().Contain("[crisis]");
        calls[2].Source.Should().Be(LevelSource.Correction);
        q.GetStatus("red", T(11))!.IsEscalated.Should().BeFalse();
        q.GetStatus("model", T(11))!.IsEscalated.Should().BeTrue();
    }

    [Test]
    public void A_flag_at_the_highest_level_escalates()
    {
        var calls = new List<string>();
        var q = new ModerationQueue(_stores.Open(), new KeywordClassifier(), new ModerationOptions { FlagLevel = "crisis", OnCrisis = e => calls.Add(e.MessageId) });
        q.Apply(Post("g", "green", 0));
        q.Apply(Flag("g", 1));
        calls.Should().Equal("g");
    }

    [Test]
    public void A_failing_handler_leaves_the_event_recorded_and_the_escalation_pending_until_it_succeeds()
    {
        bool fail = true;
        var calls = new List<string>();
        var store = _stores.Open();
        var q = new ModerationQueue(store, new KeywordClassifier(), new ModerationOptions
        {
            OnCrisis = e =>
            {
                calls.Add(e.MessageId);
                if (fail)
                    throw new InvalidOperationException("pager down");
            },
        });
        var post = Post("c", "crisis", 0);
        var act = () => q.Apply(post);
        act.Should().Throw<CrisisEscalationException>().Where(x => x.MessageId == "c" && x.InnerException!.Message == "pager down");
        store.ContainsEvent(post.EventId).Should().BeTrue("the event was committed before the handler ran");
        q.GetToDo(T(1)).Ids().Should().Equal("c");

        fail = false;
        q.Apply(Post("g", "green", 1)); // the next event retries the pending escalation
        q.Apply(Post("g2", "green", 2));
        q.DeliverPendingEscalations().Should().Be(0);
        calls.Should().Equal("c", "c");
    }

    [Test]
    public void Staff_posts_and_deleted_messages_are_not_escalated()
    {
        var calls = new List<string>();
        var q = new ModerationQueue(_stores.Open(), new KeywordClassifier(), new ModerationOptions { OnCrisis = e => calls.Add(e.MessageId) });
        q.Apply(Post("s", "crisis", 0, role: AuthorRole.Staff));
        q.Apply(Post("d", "red", 1));
        q.Apply(Delete("d", 2));
        q.Apply(Correct("d", "crisis", 3)).Outcome.Should().Be(ApplyOutcome.MessageDeleted);
        calls.Should().BeEmpty();
    }
}

/// <summary>Escalation state survives a restart of the process (SQLite only).</summary>
public sealed class EscalationRestartTests
{
    [Test]
    public void An_escalated_message_is_not_escalated_again_after_a_restart()
    {
        using var stores = new StoreFactory("sqlite");
        var calls = new List<string>();
        var options = new ModerationOptions { OnCrisis = e => calls.Add(e.MessageId) };
        using (var store = ModerationStore.OpenSqlite(stores.DbPath))
        {
            var q = new ModerationQueue(store, new KeywordClassifier(), options);
            q.Apply(Post("c", "crisis", 0));
        }
        using (var store = ModerationStore.OpenSqlite(stores.DbPath))
        {
            var q = new ModerationQueue(store, new KeywordClassifier(), options);
            q.DeliverPendingEscalations().Should().Be(0);
            q.Apply(Edit("c", "crisis", 1));
            q.Apply(Correct("c", "crisis", 2));
            q.Apply(Flag("c", 3));
        }
        calls.Should().Equal("c");
    }

    [Test]
    public void An_escalation_the_handler_never_completed_is_delivered_after_a_restart()
    {
        using var stores = new StoreFactory("sqlite");
        using (var store = ModerationStore.OpenSqlite(stores.DbPath))
        {
            var q = new ModerationQueue(store, new KeywordClassifier(), new ModerationOptions { OnCrisis = _ => throw new IOException("process dying") });
            ((Action)(() => q.Apply(Post("c", "crisis", 0)))).Should().Throw<CrisisEscalationException>();
        }
        var calls = new List<string>();
        using (var store = ModerationStore.OpenSqlite(stores.DbPath))
        {
            var q = new ModerationQueue(store, new KeywordClassifier(), new ModerationOptions { OnCrisis = e => calls.Add(e.MessageId) });
            q.DeliverPendingEscalations().Should().Be(1);
            q.DeliverPendingEscalations().Should().Be(0);
            q.Apply(Post("g", "green", 1));
        }
        calls.Should().Equal("c");
    }
}
