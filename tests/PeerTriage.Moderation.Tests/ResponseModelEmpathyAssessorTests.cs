using PeerTriage.Responses;
using static PeerTriage.Moderation.Tests.Harness;

namespace PeerTriage.Moderation.Tests;

/// <summary>
/// The adapter of a real <see cref="ResponseModel"/>, trained on the tiny synthetic set of <see cref="ResponseTestData"/>
/// (no real posts): replies built from parts that show each mechanism strongly, weakly or not at all, labelled accordingly.
/// </summary>
public sealed class ResponseModelEmpathyAssessorTests
{
    private const double WindowEnd = 360;

    private const string NoEmpathy = "Ok. Go for a run.";

    private const string Empathic = "I'm so sorry you are going through this, sending hugs. It sounds like you feel completely alone with this. What has helped you get through nights like this before?";

    // The response test set's seeker posts, and the model trained once on it (shared with the core's response tests).
    private static readonly IReadOnlyList<string> s_seeker = ResponseTestData.SeekerPosts;

    private static ResponseModel Model => ResponseTestData.Model;

    private static ResponseModelEmpathyAssessor Assessor => new(Model);

    private static ModerationQueue Queue(ModerationStore store, bool on) =>
        new(store, new KeywordClassifier(), new ModerationOptions
        {
            CommunityWindow = TimeSpan.FromHours(6),
            KeepUnderserved = on,
            EmpathyAssessor = Assessor,
        });

    // The keyword classifier reads "[amber]"; the assessor reads the rest.
    private static MessagePosted SeekerPost(string id) =>
        new(NextId(), T(0), new ForumMessage($"{s_seeker[0]} [amber]") { Id = id, ThreadId = "t-" + id, AuthorId = "seeker", AuthorRole = AuthorRole.Peer, Subject = "Rough week" });

    private static MessagePosted ReplyTo(string parent, string id, double minutes, string text) =>
        new(NextId(), T(minutes), new ForumMessage(text) { Id = id, ThreadId = "t-" + parent, ParentId = parent, AuthorId = "peer-" + id, AuthorRole = AuthorRole.Peer });

    private static ForumMessage Post(string body) => new(body) { Id = "p", Subject = "Rough week" };

    [Test]
    public void The_trained_model_tells_the_two_test_replies_apart()
    {
        Assessor.ShowsEmpathy(Post(s_seeker[1]), new ForumMessage(NoEmpathy)).Should().BeFalse();
        Assessor.ShowsEmpathy(Post(s_seeker[1]), new ForumMessage(Empathic)).Should().BeTrue();
        // The adapter answers as the model does on the same pair.
        Model.ShowsEmpathy(new ResponsePair("Rough week\n" + s_seeker[1], Empathic)).Should().BeTrue();
    }

    [Test]
    public void An_amber_post_with_a_non_empathic_community_reply_stays_on_the_list_as_underserved()
    {
        using var store = ModerationStore.CreateInMemory();
        var q = Queue(store, on: true);
        q.Apply(SeekerPost("a")).Outcome.Should().Be(ApplyOutcome.Applied);
        q.Apply(ReplyTo("a", "r1", 10, NoEmpathy)).Outcome.Should().Be(ApplyOutcome.Applied);

        q.GetToDo(T(WindowEnd - 1)).Should().BeEmpty("the community window is still open");
        var todo = q.GetToDo(T(WindowEnd + 10));
        todo.Ids().Should().Equal("a");
        todo[0].Reason.Should().Be(AttentionReason.Underserved);
        q.GetStatus("a", T(WindowEnd + 10))!.Underserved.Should().BeTrue();
        q.EmpathyAssessmentFailures.Should().Be(0);
    }

    [Test]
    public void An_empathic_community_reply_takes_the_post_off_the_list()
    {
        using var store = ModerationStore.CreateInMemory();
        var q = Queue(store, on: true);
        q.Apply(SeekerPost("a"));
        q.Apply(ReplyTo("a", "r1", 10, NoEmpathy));
        q.Apply(ReplyTo("a", "r2", 20, Empathic));

        q.GetToDo(T(WindowEnd + 10)).Should().BeEmpty();
        var status = q.GetStatus("a", T(WindowEnd + 10))!;
        status.Underserved.Should().BeFalse();
        status.NeedsAttention.Should().BeFalse();
        q.EmpathyAssessmentFailures.Should().Be(0);
    }

    [Test]
    public void With_the_option_off_the_model_is_ignored_and_any_community_reply_answers()
    {
        using var store = ModerationStore.CreateInMemory();
        var q = Queue(store, on: false);
        q.Apply(SeekerPost("a"));
        q.Apply(ReplyTo("a", "r1", 10, NoEmpathy));

        q.GetToDo(T(WindowEnd + 10)).Should().BeEmpty();
        var status = q.GetStatus("a", T(WindowEnd + 10))!;
        status.Underserved.Should().BeFalse();
        status.Reason.Should().BeNull();
    }

    [Test]
    public void The_seeker_side_is_subject_then_body_and_the_reply_side_its_body()
    {
        var pair = ResponseModelEmpathyAssessor.PairOf(new ForumMessage("body text") { Subject = "Title" }, new ForumMessage("reply text") { Subject = "Re: Title" });
        (pair.SeekerPost, pair.Response).Should().Be(("Title\nbody text", "reply text"));
        ResponseModelEmpathyAssessor.PairOf(new ForumMessage("body text") { Subject = "  " }, new ForumMessage("")).SeekerPost.Should().Be("body text");
    }

    [Test]
    public void Text_longer_than_a_pair_accepts_is_cut_not_refused()
    {
        string longPost = string.Concat(Enumerable.Repeat("I feel so alone and tired of everything. ", 3_000)); // ~123,000 chars
        longPost.Length.Should().BeGreaterThan(ResponsePair.MaxTextLength);
        string longReply = "<p>" + string.Concat(Enumerable.Repeat("Go for a run. ", 6_000)) + "</p>";

        var pair = ResponseModelEmpathyAssessor.PairOf(new ForumMessage(longPost) { Subject = "Long" }, new ForumMessage(longReply));
        pair.SeekerPost.Length.Should().Be(ResponsePair.MaxTextLength);
        pair.Response.Length.Should().Be(ResponsePair.MaxTextLength);
        pair.Response.Should().Be(longReply[..ResponsePair.MaxTextLength]);
        var act = () => Assessor.ShowsEmpathy(new ForumMessage(longPost), new ForumMessage(longReply));
        act.Should().NotThrow();

        // A cut never leaves half a surrogate pair.
        string emoji = new string('a', ResponsePair.MaxTextLength - 1) + "\U0001F49C" + "tail";
        string cut = ResponseModelEmpathyAssessor.Cut(emoji);
        cut.Length.Should().Be(ResponsePair.MaxTextLength - 1);
        char.IsHighSurrogate(cut[^1]).Should().BeFalse();
        ResponseModelEmpathyAssessor.Cut("short").Should().Be("short");
    }

    [Test]
    public void A_long_html_reply_in_the_queue_is_assessed_without_a_failure()
    {
        using var store = ModerationStore.CreateInMemory();
        var q = Queue(store, on: true);
        q.Apply(SeekerPost("a"));
        string longReply = "<blockquote>" + string.Concat(Enumerable.Repeat("I feel like a failure. ", 4_000)) + "</blockquote><p>" + NoEmpathy + "</p>";
        longReply.Length.Should().BeGreaterThan(ResponsePair.MaxTextLength);
        q.Apply(ReplyTo("a", "r1", 10, longReply)).Outcome.Should().Be(ApplyOutcome.Applied);
        q.EmpathyAssessmentFailures.Should().Be(0, "a long reply is cut, not refused");
    }

    [Test]
    public void Calls_from_many_threads_agree_with_one_thread()
    {
        var assessor = Assessor;
        string[] replies = [NoEmpathy, Empathic, "That is hard. I understand.", "Noted. Why?", "So sorry to hear this, my heart goes out to you."];
        bool[] expected = replies.Select(r => assessor.ShowsEmpathy(Post(s_seeker[2]), new ForumMessage(r))).ToArray();
        expected.Should().Contain(true).And.Contain(false);
        var results = new bool[400];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            i => results[i] = assessor.ShowsEmpathy(Post(s_seeker[2]), new ForumMessage(replies[i % replies.Length])));
        for (int i = 0; i < results.Length; i++)
            results[i].Should().Be(expected[i % replies.Length], $"call {i}");
    }

    [Test]
    public void Null_arguments_are_refused_with_their_names()
    {
        var construct = () => new ResponseModelEmpathyAssessor(null!);
        construct.Should().Throw<ArgumentNullException>().WithParameterName("model");
        Assessor.Invoking(a => a.ShowsEmpathy(null!, new ForumMessage("x"))).Should().Throw<ArgumentNullException>().WithParameterName("post");
        Assessor.Invoking(a => a.ShowsEmpathy(new ForumMessage("x"), null!)).Should().Throw<ArgumentNullException>().WithParameterName("reply");
        Assessor.Model.Should().BeSameAs(Model);
    }
}
