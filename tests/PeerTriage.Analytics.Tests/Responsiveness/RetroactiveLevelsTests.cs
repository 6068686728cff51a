using PeerTriage.Analytics.Responsiveness;
using PeerTriage.Scoring;

namespace PeerTriage.Analytics.Tests.Responsiveness;

public sealed class RetroactiveLevelsTests
{
    private static readonly DateTimeOffset T0 = new(2016, 6, 1, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public void The_demo_model_assigns_its_own_levels_to_posts_without_one()
    {
        var model = TestData.DemoModel;
        var examples = TestData.Corpus.Take(40).ToList();
        var posts = examples.Select((e, i) => new ForumPost("m" + i, AuthorRole.Peer, T0.AddMinutes(i)) { Text = e.Message.Body, ThreadId = "t" + (i % 5) }).ToList();
        posts[3] = posts[3] with { Level = "amber" };

        var assigned = RetroactiveLevels.Assign(posts, model);

        assigned.Should().HaveCount(posts.Count);
        assigned[3].Level.Should().Be("amber", "a given level is kept");
        assigned.Select(p => p.Text).Should().Equal(posts.Select(p => p.Text));
        var expected = ContextReplay.Triage(model, posts.Select(p => new ForumMessage(p.Text!) { Id = p.Id, ThreadId = p.ThreadId, AuthorRole = p.Role, PostedAt = p.PostedAt }).ToList());
        for (int i = 0; i < posts.Count; i++)
        {
            if (i != 3)
                assigned[i].Level.Should().Be(expected[i].Level);
        }
        assigned.Select(p => p.Level).Distinct().Should().HaveCountGreaterThan(1, "the demo corpus spans levels");
        RetroactiveLevels.Assign(posts, model, overwrite: true)[3].Level.Should().Be(expected[3].Level);
    }

    [Test]
    public void Levels_use_the_thread_as_it_was_when_each_message_was_posted()
    {
        // A reply is one level above its parent's level; the chain is given out of time order.
        ForumPost[] posts =
        [
            new("c", AuthorRole.Peer, T0.AddMinutes(20)) { ThreadId = "t", ParentId = "b" },
            new("a", AuthorRole.Peer, T0) { ThreadId = "t" },
            new("b", AuthorRole.Moderator, T0.AddMinutes(10)) { ThreadId = "t", ParentId = "a" },
            new("d", AuthorRole.Peer, T0.AddMinutes(30)) { ThreadId = "t", ParentId = "c" },
            new("e", AuthorRole.Peer, T0.AddMinutes(5)) { ThreadId = "u", ParentId = "unseen" },
        ];

        var assigned = RetroactiveLevels.Assign(posts, new ParentPlusOne());

        assigned.Select(p => p.Level).Should().Equal("red", "green", "amber", "crisis", "green");
    }

    /// <summary>Green for a message without a known parent; otherwise one level above the parent's.</summary>
    private sealed class ParentPlusOne : ITriageClassifier
    {
        public PriorityScheme Scheme => PriorityScheme.Default;

        public int Triage(ForumMessage message, ThreadContext? context, Span<float> probabilities)
        {
            int level = context is { Parent: not null, ParentLevel: >= 0 } c ? Math.Min(c.ParentLevel + 1, 3) : 0;
            probabilities[..4].Clear();
            probabilities[level] = 1;
            return level;
        }
    }
}
