namespace PeerTriage.Tests.Threads;

public class AuthorHistoryTests
{
    private static readonly DateTimeOffset T0 = new(2015, 3, 10, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public void Default_is_none_with_no_level()
    {
        default(AuthorHistory).Should().Be(AuthorHistory.None);
        AuthorHistory.None.EarlierPosts.Should().Be(0);
        AuthorHistory.None.HighestRecentLevel.Should().Be(-1);
        new AuthorHistory(3, 2).Should().Be(new AuthorHistory(3, 2));
        new AuthorHistory(3, 2).HighestRecentLevel.Should().Be(2);
        var negative = () => new AuthorHistory(-1, 0);
        negative.Should().Throw<ArgumentOutOfRangeException>();
        var belowNone = () => new AuthorHistory(0, -2);
        belowNone.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Test]
    public void Counts_only_posts_strictly_before_the_time()
    {
        var history = new InMemoryAuthorHistory();
        history.Record("u1", T0, 1);
        history.Record("u1", T0.AddHours(1), 3);
        history.Record("u1", T0.AddHours(2), 0);
        history.Record("u2", T0, 2);

        history.Get("u1", T0).Should().Be(AuthorHistory.None, "a post at the same moment is not earlier");
        history.Get("u1", T0.AddMinutes(1)).Should().Be(new AuthorHistory(1, 1));
        history.Get("u1", T0.AddHours(1)).Should().Be(new AuthorHistory(1, 1), "the crisis post at exactly 1h must not leak");
        history.Get("u1", T0.AddHours(1).AddTicks(1)).Should().Be(new AuthorHistory(2, 3));
        history.Get("u1", T0.AddDays(1)).Should().Be(new AuthorHistory(3, 3));
        history.Get("nobody", T0.AddDays(1)).Should().Be(AuthorHistory.None);
        history.Count.Should().Be(4);
    }

    [Test]
    public void Highest_level_looks_only_at_the_last_n_posts()
    {
        var history = new InMemoryAuthorHistory(recentWindow: 2);
        history.RecentWindow.Should().Be(2);
        history.Record("u", T0.AddMinutes(1), 3); // crisis, oldest
        history.Record("u", T0.AddMinutes(2), 0);
        history.Record("u", T0.AddMinutes(3), 1);

        history.Get("u", T0.AddMinutes(10)).Should().Be(new AuthorHistory(3, 1), "the crisis post is outside the last 2");
        history.Get("u", T0.AddMinutes(3)).Should().Be(new AuthorHistory(2, 3));
        new InMemoryAuthorHistory().RecentWindow.Should().Be(5);
    }

    [Test]
    public void Posts_recorded_out_of_time_order_are_ordered_by_time()
    {
        var history = new InMemoryAuthorHistory(recentWindow: 1);
        history.Record("u", T0.AddMinutes(30), 0);
        history.Record("u", T0.AddMinutes(10), 2);
        history.Record("u", T0.AddMinutes(20), 1);

        history.Get("u", T0.AddMinutes(25)).Should().Be(new AuthorHistory(2, 1), "the latest post before 25 min is the one at 20 min");
        history.Get("u", T0.AddMinutes(15)).Should().Be(new AuthorHistory(1, 2));
    }

    [Test]
    public void Without_a_time_every_recorded_post_counts_in_recording_order()
    {
        var history = new InMemoryAuthorHistory(recentWindow: 2);
        history.Record("u", null, 2);
        history.Record("u", T0, 0);
        history.Record("u", null, -1);

        history.Get("u", null).Should().Be(new AuthorHistory(3, 0), "the last two recorded are levels 0 and unknown");
        history.Get("u", T0.AddDays(1)).Should().Be(new AuthorHistory(1, 0), "untimed posts cannot be shown to be earlier");
    }

    [Test]
    public void Unknown_levels_count_as_posts_but_not_as_levels()
    {
        var history = new InMemoryAuthorHistory();
        history.Record("u", T0, -1);
        history.Get("u", T0.AddMinutes(1)).Should().Be(new AuthorHistory(1, -1));
    }

    [Test]
    public void Arguments_are_validated()
    {
        var history = new InMemoryAuthorHistory();
        var nullAuthor = () => history.Record(null!, T0, 0);
        nullAuthor.Should().Throw<ArgumentNullException>();
        var badLevel = () => history.Record("u", T0, -2);
        badLevel.Should().Throw<ArgumentOutOfRangeException>();
        var nullGet = () => history.Get(null!, T0);
        nullGet.Should().Throw<ArgumentNullException>();
        var badWindow = () => new InMemoryAuthorHistory(0);
        badWindow.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Test]
    public void Recording_and_reading_from_many_threads_is_safe()
    {
        var history = new InMemoryAuthorHistory();
        Parallel.For(0, 8, worker =>
        {
            for (int i = 0; i < 2_000; i++)
            {
                history.Record($"u{i % 10}", T0.AddSeconds(i), worker % 4);
                _ = history.Get($"u{(i + 3) % 10}", T0.AddSeconds(i));
            }
        });

        history.Count.Should().Be(16_000);
        var all = history.Get("u0", T0.AddDays(1));
        all.EarlierPosts.Should().Be(1_600);
        all.HighestRecentLevel.Should().BeInRange(0, 3);
        ((IAuthorHistory)history).Get("u1", null).EarlierPosts.Should().Be(1_600);
    }
}
