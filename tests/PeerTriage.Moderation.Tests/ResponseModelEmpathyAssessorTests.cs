using PeerTriage.Features;
using PeerTriage.Responses;
using static PeerTriage.Moderation.Tests.Harness;

namespace PeerTriage.Moderation.Tests;

/// <summary>
/// The adapter of a real <see cref="ResponseModel"/>, trained on a tiny synthetic set written for these tests (no real
/// posts): replies built from parts that show each mechanism strongly, weakly or not at all, labelled accordingly.
/// </summary>
public sealed class ResponseModelEmpathyAssessorTests
{
    private const double WindowEnd = 360;

    private const string NoEmpathy = "Ok. Go for a run.";

    private const string Empathic = "I'm so sorry you are going through this, sending hugs. It sounds like you feel completely alone with this. What has helped you get through nights like this before?";

    private static readonly string[] s_seeker =
    [
        "I lost my job last week and I can't stop crying. I feel like a failure.",
        "My partner left and the house is so quiet. I don't know how to get through the nights.",
        "Exams are in two weeks and I haven't slept properly in days, my chest feels tight all the time.",
        "I moved to a new city and I have no friends here. Weekends are the worst.",
    ];

    private static readonly string[][] s_emotional =
    [
        ["Ok.", "Noted.", "Right."],
        ["That is hard.", "Sorry.", "That sucks."],
        ["I'm so sorry you are going through this, sending hugs.", "Oh no, I am so sorry, that breaks my heart.", "So sorry to hear this, my heart goes out to you."],
    ];

    private static readonly string[][] s_interpretation =
    [
        ["Get a new hobby.", "Go for a run.", "Everyone has bad weeks."],
        ["I understand.", "I get it.", "Makes sense."],
        ["It sounds like you feel completely alone with this.", "I've been there too, it felt like the ground was gone.", "You must feel exhausted and scared."],
    ];

    private static readonly string[][] s_exploration =
    [
        ["", "", ""],
        ["Why?", "Really?", "And then?"],
        ["What has helped you get through nights like this before?", "How are you feeling about talking to them?", "Do you have someone you can call tonight?"],
    ];

    private static readonly string[] s_levels = ["none", "weak", "strong"];

    private static readonly Lazy<ResponseModel> s_model = new(Train);

    private static ResponseModel Train()
    {
        var random = new Random(7);
        var examples = new List<LabeledResponse>();
        for (int i = 0; i < 162; i++)
        {
            int e = i % 3, p = (i / 3) % 3, x = (i / 9) % 3;
            string reply = string.Join(" ", new[] { s_emotional[e][random.Next(3)], s_interpretation[p][random.Next(3)], s_exploration[x][random.Next(3)] }.Where(s => s.Length > 0));
            var pair = new ResponsePair(s_seeker[random.Next(s_seeker.Length)], reply) { Id = $"r{i}", ResponderId = $"peer{i % 12}" };
            examples.Add(new LabeledResponse(pair, ResponseScheme.EmotionalReactions, s_levels[e]));
            examples.Add(new LabeledResponse(pair, ResponseScheme.Interpretations, s_levels[p]));
            examples.Add(new LabeledResponse(pair, ResponseScheme.Explorations, s_levels[x]));
        }
        return ResponseModel.Train(examples, ResponseTrainingOptions.Default with
        {
            Features = ResponseTrainingOptions.DefaultPipeline.WithNGrams(NGramOptions.Default with { HashBits = 14 }),
            ExplanationMinAuthors = 2,
            Timestamp = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
        });
    }

    private static ResponseModelEmpathyAssessor Assessor => new(s_model.Value);

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
        s_model.Value.ShowsEmpathy(new ResponsePair("Rough week\n" + s_seeker[1], Empathic)).Should().BeTrue();
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
        Assessor.Model.Should().BeSameAs(s_model.Value);
    }
}
