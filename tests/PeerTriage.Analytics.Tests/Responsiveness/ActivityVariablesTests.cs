using PeerTriage.Analytics.Responsiveness;

namespace PeerTriage.Analytics.Tests.Responsiveness;

public sealed class ActivityVariablesTests
{
    private static readonly DateTimeOffset Noon = new(2016, 9, 1, 12, 0, 0, TimeSpan.Zero);

    private static ForumPost At(string id, AuthorRole role, TimeSpan offset, string? author, string? level = "green") =>
        new(id, role, Noon + offset) { AuthorId = author, Level = role == AuthorRole.Peer ? level : null };

    private static double[] ActivityOfTheCrisisMessage(IEnumerable<ForumPost> others)
    {
        var posts = others.Append(At("P", AuthorRole.Peer, TimeSpan.Zero, "C", "crisis")).ToList();
        var result = ResponsivenessStudy.Run(posts);
        var row = result.LogisticInputs.Single(r => r.Level == "crisis").Rows.Should().ContainSingle().Subject;
        return row;
    }

    [Test]
    public void Names_are_stable_and_twenty()
    {
        ActivityVariables.Names.Should().HaveCount(ActivityVariables.Count);
        ActivityVariables.Names.Take(6).Should().Equal("peer_msgs_m2", "peer_msgs_m1", "peer_msgs_p0", "peer_msgs_p1", "peer_msgs_p2", "peer_authors_m2");
        ActivityVariables.Names[^1].Should().Be("mod_authors_p2");
        ActivityVariables.Names.Should().OnlyHaveUniqueItems();
    }

    [Test]
    public void Windows_are_half_open_hours_from_two_before_to_three_after()
    {
        var h = TimeSpan.FromHours(1);
        var s = TimeSpan.FromSeconds(1);
        var row = ActivityOfTheCrisisMessage(
        [
            At("q6", AuthorRole.Peer, -2 * h - s, "Z"),   // just before the first window
            At("q1", AuthorRole.Peer, -2 * h, "A"),       // m2 starts here (inclusive)
            At("q2", AuthorRole.Peer, -h - s, "A"),       // m2, same author
            At("q3", AuthorRole.Peer, -h, "B"),           // m1 starts here
            At("q4", AuthorRole.Peer, 30 * TimeSpan.FromMinutes(1), "C"), // p0, same author as the message
            At("q7", AuthorRole.Peer, 2 * h + 10 * s, null), // p2, no author
            At("q5", AuthorRole.Peer, 3 * h, "A"),        // the end of p2 is exclusive
            At("x", AuthorRole.Unknown, 10 * s, "X"),     // unknown role: nowhere
            At("r1", AuthorRole.Moderator, h, "modX"),    // p1 starts here
            At("r2", AuthorRole.Staff, 2 * h, "modY"),    // p2
            At("r3", AuthorRole.Moderator, 3 * h - s, "modY"), // p2, same moderator
        ]);

        row.Should().Equal(
            2, 1, 2, 0, 1,   // peer messages: m2 q1 q2; m1 q3; p0 P q4; p2 q7
            1, 1, 1, 0, 0,   // peer authors: A; B; C; none (q7 has no author)
            0, 0, 0, 1, 2,   // moderator messages
            0, 0, 0, 1, 1);  // moderator authors
    }

    [Test]
    public void Unique_author_counts_do_not_leak_between_windows_or_messages()
    {
        var h = TimeSpan.FromHours(1);
        // The same two authors in every window: each window counts them afresh.
        var posts = new List<ForumPost>();
        for (int w = -2; w < 3; w++)
        {
            posts.Add(At($"a{w}", AuthorRole.Peer, (w * h) + TimeSpan.FromMinutes(10), "A"));
            posts.Add(At($"b{w}", AuthorRole.Peer, (w * h) + TimeSpan.FromMinutes(20), "B"));
        }
        var row = ActivityOfTheCrisisMessage(posts);

        row.Skip(5).Take(5).Should().Equal(2, 2, 3, 2, 2);
        row.Take(5).Should().Equal(2, 2, 3, 2, 2);
    }
}
