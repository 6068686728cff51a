using System.Diagnostics;
using static PeerTriage.Moderation.Tests.Harness;

namespace PeerTriage.Moderation.Tests;

[TestFixture("memory")]
[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class EscalationTests(string kind)
{
    private StoreFactory _stores = null!;

    [SetUp]
    public void SetUp() => _stores = new StoreFactory(kind);

    [TearDown]
    public void TearDown() => _stores?.Dispose(); // null when SetUp skipped the test (no PostgreSQL)

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
    public void An_escalation_is_marked_delivered_only_after_the_handler_returns()
    {
        var store = _stores.Open();
        var seenWhileHandling = new List<string>();
        var q = new ModerationQueue(store, new KeywordClassifier(), new ModerationOptions
        {
            OnCrisis = e => seenWhileHandling.AddRange(store.PendingEscalations().Select(p => p.MessageId)),
        });
        q.Apply(Post("c", "crisis", 0));
        seenWhileHandling.Should().Equal(["c"], "while the handler runs, its escalation is still pending");
        store.PendingEscalations().Should().BeEmpty("the handler returned");
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

    /// <summary>
    /// The crash-test child's crisis handler prints its escalation and then waits; the test kills it there (SIGKILL), so
    /// the handler's effect is out but the store never heard it returned, as when the process dies between the handler
    /// and the delivery's commit. The next start must deliver it again: at least once, never lost.
    /// </summary>
    [Test]
    public void Killing_the_process_after_the_handler_acted_and_before_the_delivery_was_recorded_redelivers_at_the_next_start()
    {
        using var stores = new StoreFactory("sqlite");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { Path.Combine(TestContext.CurrentContext.TestDirectory, "PeerTriage.Moderation.CrashWriter.dll"), stores.DbPath, "full", "1000", "stop-in-crisis-handler" })
            info.ArgumentList.Add(arg);
        var acknowledged = new List<string>();
        string? escalated = null;
        using (var child = Process.Start(info)!)
        {
            var stderr = child.StandardError.ReadToEndAsync();
            var deadline = Stopwatch.StartNew();
            while (escalated is null && deadline.Elapsed < TimeSpan.FromMinutes(2))
            {
                string? line = child.StandardOutput.ReadLine();
                if (line is null)
                    Assert.Fail($"The writer exited before escalating ({child.ExitCode}): {stderr.Result}");
                if (line!.StartsWith("escalate ", StringComparison.Ordinal))
                    escalated = line["escalate ".Length..];
                else
                    acknowledged.Add(line);
            }
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }
        escalated.Should().NotBeNull("the scenario reaches crisis within its first events");
        var applying = CrashScenario.Event(acknowledged.Count);

        var calls = new List<string>();
        using var store = ModerationStore.OpenSqlite(stores.DbPath);
        store.ContainsEvent(applying.EventId).Should().BeTrue("the event was committed before its handler ran");
        store.PendingEscalations().Select(p => p.MessageId).Should().Equal(escalated);
        var q = new ModerationQueue(store, new KeywordClassifier(), CrashScenario.Options with { OnCrisis = e => calls.Add(e.MessageId) });
        q.DeliverPendingEscalations().Should().Be(1);
        calls.Should().Equal(escalated);
        q.DeliverPendingEscalations().Should().Be(0, "once the handler has returned, the delivery is recorded");
        q.Apply(applying).Outcome.Should().Be(ApplyOutcome.Duplicate);
        calls.Should().HaveCount(1);
    }
}
