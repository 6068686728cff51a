namespace PeerTriage.Tests.Threads;

public class ThreadContextsTests
{
    [Test]
    public void History_replays_each_authors_posts_in_input_order_with_the_given_levels()
    {
        LabeledMessage Post(string user, string text, string label) => new(new ForumMessage(text), label) { Group = user };
        var rows = new[]
        {
            Post("u1", "a", "crisis"), Post("u2", "b", "green"), Post("u1", "c", "crisis"), Post("u1", "d", "crisis"),
        };
        int[] predicted = [1, 0, 2, -1];
        var attached = ThreadContexts.Attach(rows, predicted);
        attached.Select(r => r.Context!.AuthorHistory.EarlierPosts).Should().Equal(0, 0, 1, 2);
        attached.Select(r => r.Context!.AuthorHistory.HighestRecentLevel).Should().Equal(-1, -1, 1, 2);
        attached.Select(r => r.Label).Should().Equal(rows.Select(r => r.Label), "labels are untouched");
        attached[2].Context!.AuthorHistory.HighestRecentLevel.Should().NotBe(3, "the gold label (crisis) is never used");
    }

    [Test]
    public void Timed_posts_use_time_order_and_unlabelled_posts_give_threads_their_parents()
    {
        var t = new DateTimeOffset(2017, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var opening = new ForumMessage("help") { Id = "1", AuthorId = "a", PostedAt = t };
        var reply = new ForumMessage("here") { Id = "2", ParentId = "1", AuthorId = "b", PostedAt = t.AddHours(1) };
        var later = new ForumMessage("still here") { Id = "3", ParentId = "2", AuthorId = "a", PostedAt = t.AddHours(2) };
        // The labelled rows are given out of time order; the opening post is unlabelled.
        var rows = new[] { new LabeledMessage(later, "amber"), new LabeledMessage(reply, "green") };
        var attached = ThreadContexts.Attach(rows, [2, 0], [opening]);
        var c0 = attached[0].Context!;
        c0.Parent.Should().BeSameAs(reply);
        c0.ParentLevel.Should().Be(0);
        c0.Depth.Should().Be(2);
        c0.EarlierPosts.Should().Equal(opening, reply);
        c0.AuthorHistory.EarlierPosts.Should().Be(1, "author a posted the unlabelled opening earlier");
        c0.AuthorHistory.HighestRecentLevel.Should().Be(-1, "the opening post's level is unknown");
        var c1 = attached[1].Context!;
        c1.Parent.Should().BeSameAs(opening);
        c1.ParentLevel.Should().Be(-1);
        c1.AuthorHistory.EarlierPosts.Should().Be(0);
    }

    [Test]
    public void Bad_arguments_are_named()
    {
        FluentActions.Invoking(() => ThreadContexts.Attach([new LabeledMessage(new ForumMessage("x"), "green")], [])).Should()
            .Throw<ArgumentException>().WithParameterName("levels");
        FluentActions.Invoking(() => ThreadContexts.Attach(null!, [])).Should().Throw<ArgumentNullException>();
    }
}
