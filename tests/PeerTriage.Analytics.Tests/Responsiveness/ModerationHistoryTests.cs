using PeerTriage.Analytics.Responsiveness;
using PeerTriage.Analytics.Simulation;
using PeerTriage.Moderation;
using PeerTriage.TestSupport;

namespace PeerTriage.Analytics.Tests.Responsiveness;

public sealed class ModerationHistoryTests
{
    [Test]
    public void Events_become_posts_with_replies_and_corrected_levels()
    {
        var t0 = new DateTimeOffset(2016, 6, 1, 9, 0, 0, TimeSpan.Zero);
        ModerationEvent[] events =
        [
            new MessagePosted("e1", t0, new ForumMessage("help") { Id = "m1", ThreadId = "t1", AuthorId = "u1", AuthorRole = AuthorRole.Peer }),
            new ReplyPosted("e2", t0.AddMinutes(40), "m1", AuthorRole.Moderator) { ReplierId = "mod_a", ReplyId = "m2" },
            new LevelCorrected("e3", t0.AddMinutes(50), "m1", "red"),
            new MessagePosted("e4", t0.AddMinutes(60), new ForumMessage("same reply") { Id = "m2", ThreadId = "t1", ParentId = "m1", AuthorId = "mod_a", AuthorRole = AuthorRole.Moderator }),
            new ReplyPosted("e5", t0.AddMinutes(70), "m1", AuthorRole.Staff),
        ];

        var posts = ModerationHistory.FromEvents(events);

        posts.Select(p => p.Id).Should().Equal("m1", "m2", "e5");
        posts[0].Should().BeEquivalentTo(new { Role = AuthorRole.Peer, Level = "red", Text = "help", PostedAt = t0 });
        posts[1].Should().BeEquivalentTo(new { Role = AuthorRole.Moderator, ParentId = "m1", ThreadId = "t1", PostedAt = t0.AddMinutes(60) }, "the posted message wins over the reply event");
        posts[2].Should().BeEquivalentTo(new { Role = AuthorRole.Staff, ParentId = "m1", ThreadId = "t1" });
        var result = ResponsivenessStudy.Run(posts);
        result.ResponseRatios.Single(c => c.Level == "red").Responded.Should().Be(1);
    }

    [TestCase("sqlite")]
    [TestCase("memory")]
    public void A_forum_run_through_a_moderation_store_reads_back_to_the_same_study(string kind)
    {
        var simulation = new SimulationOptions
        {
            Seed = 7,
            Start = new DateTimeOffset(2016, 7, 1, 0, 0, 0, TimeSpan.Zero),
            End = new DateTimeOffset(2016, 9, 10, 0, 0, 0, TimeSpan.Zero),
            LaunchDate = new DateTimeOffset(2016, 8, 5, 0, 0, 0, TimeSpan.Zero),
            TrainingDate = new DateTimeOffset(2016, 8, 25, 0, 0, 0, TimeSpan.Zero),
            PeerMessagesPerDay = 25,
        };
        var forum = ForumSimulator.Generate(simulation);
        var options = new ResponsivenessOptions { Boundaries = [simulation.LaunchDate, simulation.TrainingDate] };

        using var dir = new TempDirectory();
        using var store = kind == "sqlite" ? ModerationStore.OpenSqlite(dir.File("m.db")) : ModerationStore.CreateInMemory();
        var queue = new ModerationQueue(store, new KeywordClassifier());
        int n = 0, textless = 0;
        foreach (var p in forum.OrderBy(p => p.PostedAt))
        {
            string eventId = "e" + n++;
            // Every other moderator reply arrives without its text, as a ReplyPosted.
            if (p.ParentId is not null && p.Role is AuthorRole.Moderator && n % 2 == 0)
            {
                queue.Apply(new ReplyPosted(eventId, p.PostedAt, p.ParentId, p.Role) { ReplierId = p.AuthorId, ReplyId = p.Id });
                textless++;
                continue;
            }
            var message = new ForumMessage($"post [{p.Level ?? "green"}]")
            {
                Id = p.Id, ThreadId = p.ThreadId, ParentId = p.ParentId, AuthorId = p.AuthorId, AuthorRole = p.Role, PostedAt = p.PostedAt,
            };
            queue.Apply(new MessagePosted(eventId, p.PostedAt, message)).Outcome.Should().Be(ApplyOutcome.Applied);
        }
        textless.Should().BeGreaterThan(100, "the test covers text-less replies");

        var history = store.ReadHistory();
        var fromStore = ModerationHistory.FromStore(history);

        fromStore.Should().HaveCount(forum.Count);
        history.Scheme!.Levels.Should().Equal(PriorityScheme.Default.Levels);
        ResponsivenessStudy.Run(fromStore, options).ToJson().Should().Be(ResponsivenessStudy.Run(forum, options).ToJson(),
            "the store keeps everything the study needs: levels, roles, authors, threads, replies and their times");
    }

    [Test]
    public void Store_levels_are_the_moderators_corrections_else_the_models_never_the_flags()
    {
        var t0 = new DateTimeOffset(2016, 6, 1, 9, 0, 0, TimeSpan.Zero);
        using var store = ModerationStore.CreateInMemory();
        var queue = new ModerationQueue(store, new KeywordClassifier());
        queue.Apply(new MessagePosted("e1", t0, new ForumMessage("[amber]") { Id = "a", AuthorRole = AuthorRole.Peer }));
        queue.Apply(new MessagePosted("e2", t0, new ForumMessage("[green]") { Id = "b", AuthorRole = AuthorRole.Peer }));
        queue.Apply(new MessagePosted("e3", t0, new ForumMessage("[green]") { Id = "c", AuthorRole = AuthorRole.Peer }));
        queue.Apply(new LevelCorrected("e4", t0.AddMinutes(1), "a", "crisis"));
        queue.Apply(new MessageFlagged("e5", t0.AddMinutes(1), "b"));

        var levels = ModerationHistory.FromStore(store.ReadHistory()).ToDictionary(p => p.Id, p => p.Level);

        levels.Should().Equal(new Dictionary<string, string?> { ["a"] = "crisis", ["b"] = "green", ["c"] = "green" });
    }

    [Test]
    public void A_first_moderator_reply_the_history_cannot_show_gets_a_stand_in_so_the_study_agrees_with_the_store()
    {
        var t0 = new DateTimeOffset(2016, 6, 1, 9, 0, 0, TimeSpan.Zero);
        // As a store migrated from schema 3 reads: the message knows its first moderator reply; no reply row shows it.
        var history = new ModerationStoreHistory
        {
            Scheme = PriorityScheme.Default,
            Messages =
            [
                Stored("old", t0, firstModeratorReply: t0.AddMinutes(30)),
                Stored("new", t0.AddMinutes(1), firstModeratorReply: t0.AddMinutes(21)),
                Stored("quiet", t0.AddMinutes(2), firstModeratorReply: null),
            ],
            Replies = [new StoredReply { EventId = "r", MessageId = "new", RepliedAt = t0.AddMinutes(21), ReplierRole = AuthorRole.Moderator, ReplierId = "mod" }],
        };

        var posts = ModerationHistory.FromStore(history);

        posts.Select(p => p.Id).Should().Equal("old", "new", "quiet", "r", "old#first-moderator-reply");
        posts[^1].Should().BeEquivalentTo(new { Role = AuthorRole.Moderator, ParentId = "old", PostedAt = t0.AddMinutes(30), AuthorId = (string?)null });
        var red = ResponsivenessStudy.Run(posts).ResponseRatios.Single(c => c.Level == "red");
        (red.Messages, red.Responded).Should().Be((3, 2));
    }

    private static StoredMessage Stored(string id, DateTimeOffset at, DateTimeOffset? firstModeratorReply) => new()
    {
        Id = id, ThreadId = "t-" + id, AuthorId = "peer-" + id, AuthorRole = AuthorRole.Peer, PostedAt = at,
        ModelLevel = "red", Level = "red", Source = LevelSource.Model, FirstModeratorReplyAt = firstModeratorReply,
    };
}
