using PeerTriage.Scoring;

namespace PeerTriage.Tests.Scoring;

public class ContextReplayTests
{
    /// <summary>Gives each message the level written in its body ("L2 ..."), and records the context it was given.</summary>
    private sealed class RecordingClassifier : ITriageClassifier
    {
        public List<(string Body, ThreadContext? Context)> Calls { get; } = [];

        public PriorityScheme Scheme => PriorityScheme.Default;

        public int Triage(ForumMessage message, ThreadContext? context, Span<float> probabilities)
        {
            Calls.Add((message.Body, context));
            int level = message.Body[1] - '0';
            probabilities.Clear();
            probabilities[level] = 1;
            return level;
        }
    }

    [Test]
    public void Each_message_sees_the_levels_given_to_its_parent_and_to_its_authors_earlier_posts()
    {
        var t = new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);
        var opening = new ForumMessage("L3 i want to end it") { Id = "1", AuthorId = "a", PostedAt = t };
        var reply = new ForumMessage("L0 we are here") { Id = "2", ParentId = "1", AuthorId = "b", PostedAt = t.AddMinutes(5) };
        var again = new ForumMessage("L2 still bad") { Id = "3", ParentId = "2", AuthorId = "a", PostedAt = t.AddMinutes(9) };
        var classifier = new RecordingClassifier();

        // Given out of time order: the replay sorts by time, and returns results in input order.
        var results = ContextReplay.Triage(classifier, [again, opening, reply]);

        results.Select(r => r.LevelIndex).Should().Equal(2, 3, 0);
        classifier.Calls.Select(c => c.Body[..2]).Should().Equal("L3", "L0", "L2");
        var last = classifier.Calls[2].Context!;
        last.Parent.Should().BeSameAs(reply);
        last.ParentLevel.Should().Be(0);
        last.Depth.Should().Be(2);
        last.EarlierPosts.Should().Equal(opening, reply);
        last.AuthorHistory.EarlierPosts.Should().Be(1);
        last.AuthorHistory.HighestRecentLevel.Should().Be(3, "author a's opening post was given crisis");
        classifier.Calls[1].Context!.ParentLevel.Should().Be(3);
        classifier.Calls[0].Context!.Parent.Should().BeNull();
    }

    [Test]
    public void History_records_the_most_probable_level_not_the_decision()
    {
        var result = new TriageResult(PriorityScheme.Default, 3, [0.5f, 0.2f, 0.1f, 0.2f]);
        result.MostProbableIndex.Should().Be(0);
        new TriageResult(PriorityScheme.Default, 0, [0.1f, 0.4f, 0.4f, 0.1f]).MostProbableIndex.Should().Be(2, "ties go to the higher level");
    }

    [Test]
    public void Untimed_messages_replay_in_input_order_with_author_keys_from_the_caller()
    {
        var classifier = new RecordingClassifier();
        ForumMessage[] posts = [new("L1 a"), new("L2 b"), new("L0 c")];
        ContextReplay.Triage(classifier, posts, ["u1", "u1", "u2"]);
        classifier.Calls.Select(c => c.Context!.AuthorHistory.HighestRecentLevel).Should().Equal(-1, 1, -1);
        FluentActions.Invoking(() => ContextReplay.Triage(classifier, posts, ["u1"])).Should().Throw<ArgumentException>().WithParameterName("authors");
        FluentActions.Invoking(() => ContextReplay.Triage(null!, posts)).Should().Throw<ArgumentNullException>().WithParameterName("classifier");
    }
}
