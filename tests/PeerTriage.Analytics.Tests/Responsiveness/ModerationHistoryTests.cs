using PeerTriage.Analytics.Responsiveness;
using PeerTriage.Moderation;

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
}
