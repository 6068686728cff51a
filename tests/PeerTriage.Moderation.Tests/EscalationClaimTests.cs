using System.Collections.Concurrent;
using static PeerTriage.Moderation.Tests.Harness;

namespace PeerTriage.Moderation.Tests;

/// <summary>
/// Escalation claims between queues that share one store's data, each standing in for a server (docs/moderation.md,
/// "Several servers"): the same queue logic on every store. In memory both queues share one store instance; SQLite and
/// PostgreSQL open a store each over the same database.
/// </summary>
[TestFixture("memory")]
[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class EscalationClaimTests(string kind)
{
    private StoreFactory _stores = null!;

    [SetUp]
    public void SetUp() => _stores = new StoreFactory(kind);

    [TearDown]
    public void TearDown() => _stores?.Dispose(); // null when SetUp skipped the test (no PostgreSQL)

    [Test]
    public void Another_node_does_not_deliver_an_escalation_while_the_node_that_raised_it_is_delivering()
    {
        var storeA = _stores.Open();
        var storeB = _stores.OpenAnother();
        var calls = new List<string>();
        ModerationQueue b = null!;
        int sweptByB = -1;
        var a = new ModerationQueue(storeA, new KeywordClassifier(), new ModerationOptions
        {
            NodeId = "node-a",
            OnCrisis = e =>
            {
                calls.Add("a:" + e.MessageId);
                sweptByB = b.DeliverPendingEscalations(); // another server's sweep, while A's handler runs
            },
        });
        b = new ModerationQueue(storeB, new KeywordClassifier(), new ModerationOptions { NodeId = "node-b", OnCrisis = e => calls.Add("b:" + e.MessageId) });

        a.Apply(Post("c", "crisis", 0));

        sweptByB.Should().Be(0, "A claimed the escalation in the transaction that recorded it");
        calls.Should().Equal("a:c");
        b.DeliverPendingEscalations().Should().Be(0, "A recorded the delivery after its handler returned");
        storeB.PendingEscalations().Should().BeEmpty();
    }

    [Test]
    public void A_claim_held_by_a_node_that_died_is_taken_over_once_it_expires()
    {
        var storeA = _stores.Open();
        var storeB = _stores.OpenAnother();
        var a = new ModerationQueue(storeA, new KeywordClassifier(), new ModerationOptions { NodeId = "node-a", OnCrisis = _ => throw new IOException("pager down") });
        ((Action)(() => a.Apply(Post("c", "crisis", 0)))).Should().Throw<CrisisEscalationException>();
        // A node claims it and dies before its handler returns: the claim stays until its lease ends.
        storeA.ClaimEscalation("dead-node", TimeSpan.FromMinutes(10))!.MessageId.Should().Be("c");
        var calls = new List<string>();
        var b = new ModerationQueue(storeB, new KeywordClassifier(), new ModerationOptions { NodeId = "node-b", OnCrisis = e => calls.Add(e.MessageId) });

        b.DeliverPendingEscalations().Should().Be(0, "the dead node's claim has not expired");
        storeB.PendingEscalations().Select(p => p.MessageId).Should().Equal("c");
        storeA.ClaimEscalation("dead-node", TimeSpan.FromSeconds(-1)); // its lease ends (a claim already expired)
        b.DeliverPendingEscalations().Should().Be(1);
        calls.Should().Equal("c");
        b.DeliverPendingEscalations().Should().Be(0);
    }

    [Test]
    public void A_handler_that_throws_releases_its_claim_so_another_node_retries_at_once()
    {
        var storeA = _stores.Open();
        var storeB = _stores.OpenAnother();
        var a = new ModerationQueue(storeA, new KeywordClassifier(), new ModerationOptions { NodeId = "node-a", OnCrisis = _ => throw new IOException("pager down") });
        ((Action)(() => a.Apply(Post("c", "crisis", 0)))).Should().Throw<CrisisEscalationException>();
        var calls = new List<string>();
        var b = new ModerationQueue(storeB, new KeywordClassifier(), new ModerationOptions { NodeId = "node-b", OnCrisis = e => calls.Add(e.MessageId) });
        b.DeliverPendingEscalations().Should().Be(1);
        calls.Should().Equal("c");
    }

    /// <summary>The documented duplicate: a node that stalls past its lease between calling the handler and recording the delivery.</summary>
    [Test]
    public void A_node_that_stalls_past_its_lease_lets_another_deliver_again()
    {
        var storeA = _stores.Open();
        var storeB = _stores.OpenAnother();
        var calls = new List<string>();
        ModerationQueue b = null!;
        var a = new ModerationQueue(storeA, new KeywordClassifier(), new ModerationOptions
        {
            NodeId = "node-a",
            EscalationLease = TimeSpan.FromMilliseconds(1),
            OnCrisis = e =>
            {
                calls.Add("a:" + e.MessageId);
                Thread.Sleep(50); // the stall: far past the 1 ms lease
                b.DeliverPendingEscalations();
            },
        });
        b = new ModerationQueue(storeB, new KeywordClassifier(), new ModerationOptions { NodeId = "node-b", OnCrisis = e => calls.Add("b:" + e.MessageId) });

        a.Apply(Post("c", "crisis", 0));

        calls.Should().Equal("a:c", "b:c");
        b.DeliverPendingEscalations().Should().Be(0);
        a.DeliverPendingEscalations().Should().Be(0, "recording the same delivery twice is harmless");
    }

    [Test]
    public void Concurrent_sweeps_on_four_nodes_deliver_every_pending_escalation_exactly_once()
    {
        const int nodes = 4, crises = 30;
        var writer = new ModerationQueue(_stores.Open(), new KeywordClassifier(), new ModerationOptions { NodeId = "writer", OnCrisis = _ => throw new IOException("pager down") });
        for (int i = 0; i < crises; i++)
            ((Action)(() => writer.Apply(Post("c" + i, "crisis", i)))).Should().Throw<CrisisEscalationException>();
        var calls = new ConcurrentBag<string>();
        var queues = Enumerable.Range(0, nodes).Select(n => new ModerationQueue(_stores.OpenAnother(), new KeywordClassifier(),
            new ModerationOptions { NodeId = "node-" + n, OnCrisis = e => calls.Add(e.MessageId) })).ToList();
        using var start = new Barrier(nodes);
        var delivered = new int[nodes];
        var threads = Enumerable.Range(0, nodes).Select(n => new Thread(() =>
        {
            start.SignalAndWait();
            delivered[n] = queues[n].DeliverPendingEscalations();
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        calls.Should().OnlyHaveUniqueItems().And.HaveCount(crises);
        delivered.Sum().Should().Be(crises);
        queues[0].DeliverPendingEscalations().Should().Be(0);
    }
}
