using static PeerTriage.Moderation.Tests.Harness;

namespace PeerTriage.Moderation.Tests;

[TestFixture("memory")]
[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class HistoryTests(string kind)
{
    private StoreFactory _stores = null!;
    private ModerationStore _store = null!;
    private ModerationQueue _q = null!;

    [SetUp]
    public void SetUp()
    {
        _stores = new StoreFactory(kind);
        _store = _stores.Open();
        _q = new ModerationQueue(_store, new KeywordClassifier());
    }

    [TearDown]
    public void TearDown() => _stores?.Dispose(); // null when SetUp skipped the test (no PostgreSQL)

    [Test]
    public void A_store_no_queue_has_used_reads_as_empty()
    {
        using var stores = new StoreFactory(kind);
        var history = stores.Open().ReadHistory();
        history.Scheme.Should().BeNull();
        history.Messages.Should().BeEmpty();
        history.Replies.Should().BeEmpty();
    }

    [Test]
    public void Messages_come_back_with_their_levels_and_reply_times_and_no_text()
    {
        _q.Apply(Post("b", "amber", 5, author: "u2"));
        _q.Apply(Post("a", "red", 0));
        _q.Apply(Post("c", "green", 6, author: "u3"));
        _q.Apply(Correct("a", "crisis", 1));
        _q.Apply(Flag("c", 7));
        _q.Apply(Reply("a", 10, AuthorRole.Peer, replier: "u9"));
        _q.Apply(Reply("a", 12, AuthorRole.Moderator, replier: "mod1"));
        _q.Apply(Post("a-reply", "green", 15, author: "mod2", role: AuthorRole.Moderator, parent: "a"));

        var history = _store.ReadHistory();
        history.Scheme!.Levels.Should().Equal("green", "amber", "red", "crisis");
        history.Messages.Select(m => m.Id).Should().Equal("a", "b", "c", "a-reply"); // by posting time
        var a = history.Messages[0];
        a.ModelLevel.Should().Be("red");
        a.CorrectedLevel.Should().Be("crisis");
        a.Level.Should().Be("crisis");
        a.Source.Should().Be(LevelSource.Correction);
        a.AuthorId.Should().Be("u1");
        a.ThreadId.Should().Be("t-a");
        a.PostedAt.Should().Be(T(0));
        a.FirstReplyAt.Should().Be(T(10));
        a.FirstModeratorReplyAt.Should().Be(T(12));
        a.ReplyCount.Should().Be(3);
        a.ModeratorReplyCount.Should().Be(2);
        a.EscalatedAt.Should().Be(T(1));
        var c = history.Messages[2];
        (c.ModelLevel, c.Level, c.Source, c.FlagCount, c.CorrectedLevel).Should().Be(("green", "red", LevelSource.Flag, 1, (string?)null));
        history.Messages[3].ParentId.Should().Be("a");
        history.Messages[3].AuthorRole.Should().Be(AuthorRole.Moderator);

        // A history type that could carry text would be a privacy leak: none of its properties is the body or subject.
        typeof(StoredMessage).GetProperties().Select(p => p.Name).Should().NotContain(["Body", "Text", "Subject"]);
    }

    [Test]
    public void Text_less_replies_come_back_with_their_replier_and_in_time_order()
    {
        _q.Apply(Post("a", "red", 0));
        _q.Apply(new ReplyPosted("r2", T(20), "a", AuthorRole.Staff) { ReplierId = "s1", ReplyId = "msg-2" });
        _q.Apply(new ReplyPosted("r1", T(10), "a", AuthorRole.Peer) { ReplierId = "u5" });
        _q.Apply(new ReplyPosted("r-unknown", T(30), "nope", AuthorRole.Moderator)); // unknown message: not applied, not history
        _q.Apply(Post("x", "green", 40));
        _q.Apply(Delete("x", 41));
        _q.Apply(new ReplyPosted("r-deleted", T(42), "x", AuthorRole.Moderator)); // to a deleted message: not applied
        _q.Apply(new ReplyPosted("r2", T(20), "a", AuthorRole.Staff)); // a duplicate delivery changes nothing

        var replies = _store.ReadHistory().Replies;
        replies.Should().BeEquivalentTo(new[]
        {
            new StoredReply { EventId = "r1", MessageId = "a", RepliedAt = T(10), ReplierRole = AuthorRole.Peer, ReplierId = "u5" },
            new StoredReply { EventId = "r2", MessageId = "a", RepliedAt = T(20), ReplierRole = AuthorRole.Staff, ReplierId = "s1", ReplyId = "msg-2" },
        }, o => o.WithStrictOrdering());
    }

    [Test]
    public void Deleted_messages_are_left_out_unless_asked_for()
    {
        _q.Apply(Post("a", "red", 0));
        _q.Apply(Post("b", "amber", 1));
        _q.Apply(Delete("b", 2));

        _store.ReadHistory().Messages.Select(m => m.Id).Should().Equal("a");
        var all = _store.ReadHistory(includeDeleted: true).Messages;
        all.Select(m => m.Id).Should().Equal("a", "b");
        all[1].DeletedAt.Should().Be(T(2));
    }

    [Test]
    public void Both_stores_read_back_the_same_history()
    {
        using var memory = new StoreFactory("memory");
        var other = memory.Open();
        var q2 = new ModerationQueue(other, new KeywordClassifier());
        foreach (var e in new ModerationEvent[]
        {
            Post("a", "red", 0), Post("b", "amber", 1, author: "u2"), Reply("a", 5, AuthorRole.Moderator, eventId: "rep-1"),
            Flag("b", 6), Correct("b", "green", 7), Post("c", "crisis", 8, parent: "a"), Resolve("c", 9), Delete("b", 10),
        })
        {
            _q.Apply(e);
            q2.Apply(e);
        }
        _store.ReadHistory(includeDeleted: true).Should().BeEquivalentTo(other.ReadHistory(includeDeleted: true), o => o.WithStrictOrdering());
    }
}
