using PeerTriage.Data;
using static PeerTriage.Moderation.Tests.Harness;

namespace PeerTriage.Moderation.Tests;

[TestFixture("memory")]
[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class MeasuresAndCorrectionsTests(string kind)
{
    private StoreFactory _stores = null!;
    private ModerationQueue _q = null!;

    [SetUp]
    public void SetUp()
    {
        _stores = new StoreFactory(kind);
        _q = new ModerationQueue(_stores.Open(), new KeywordClassifier());
    }

    [TearDown]
    public void TearDown() => _stores?.Dispose(); // null when SetUp skipped the test (no PostgreSQL)

    [Test]
    public void Response_ratio_and_latency_quartiles_per_level()
    {
        // Red: latencies 10, 20, 30, 40 minutes and one unanswered; crisis: one at 5 minutes; amber: none answered.
        for (int i = 0; i < 5; i++)
            _q.Apply(Post("r" + i, "red", i * 100));
        for (int i = 0; i < 4; i++)
            _q.Apply(Reply("r" + i, i * 100 + (i + 1) * 10, AuthorRole.Moderator));
        _q.Apply(Reply("r4", 405, AuthorRole.Peer));
        _q.Apply(Post("c", "crisis", 50));
        _q.Apply(Reply("c", 55, AuthorRole.Staff));
        _q.Apply(Reply("c", 60, AuthorRole.Moderator));
        _q.Apply(Post("a", "amber", 60));
        _q.Apply(Post("mod-post", "red", 70, role: AuthorRole.Moderator));

        var m = _q.GetMeasures(T(0), T(1000));
        m.Levels.Select(l => l.Level).Should().Equal("green", "amber", "red", "crisis");
        var red = m["red"];
        red.Messages.Should().Be(5);
        red.Responded.Should().Be(4);
        red.ResponseRatio.Should().Be(0.8);
        red.MedianLatency.Should().Be(TimeSpan.FromMinutes(25));
        red.LowerQuartileLatency.Should().Be(TimeSpan.FromMinutes(17.5));
        red.UpperQuartileLatency.Should().Be(TimeSpan.FromMinutes(32.5));
        red.InterquartileRange.Should().Be(TimeSpan.FromMinutes(15));
        m["crisis"].MedianLatency.Should().Be(TimeSpan.FromMinutes(5));
        m["crisis"].InterquartileRange.Should().Be(TimeSpan.Zero);
        m["amber"].ResponseRatio.Should().Be(0);
        m["amber"].MedianLatency.Should().BeNull();
        m["green"].ResponseRatio.Should().BeNull();
        m["green"].Messages.Should().Be(0);
    }

    [Test]
    public void The_window_selects_posts_and_counts_replies_made_by_its_end()
    {
        _q.Apply(Post("before", "red", 0));
        _q.Apply(Post("inside", "red", 100));
        _q.Apply(Post("after", "red", 200));
        _q.Apply(Reply("inside", 180, AuthorRole.Moderator));
        _q.GetMeasures(T(50), T(150))["red"].Should().Match<LevelMeasures>(l => l.Messages == 1 && l.Responded == 0);
        _q.GetMeasures(T(50), T(180))["red"].Should().Match<LevelMeasures>(l => l.Messages == 1 && l.Responded == 1);
        ((Action)(() => _q.GetMeasures(T(10), T(0)))).Should().Throw<ArgumentException>();
    }

    [Test]
    public void Corrections_become_labelled_examples_that_DatasetReader_reads_back()
    {
        var tricky = new MessagePosted(NextId(), T(0), new ForumMessage("line one, with \"quotes\"\nline two [green]")
        {
            Id = "q,1", ThreadId = "t1", AuthorId = "u\"x", AuthorRole = AuthorRole.Peer, Board = "b", Subject = " padded ",
        });
        _q.Apply(tricky);
        _q.Apply(Post("p2", "red", 1, author: "u2", parent: "q,1"));
        _q.Apply(Post("p3", "amber", 2));
        _q.Apply(Correct("q,1", "crisis", 3));
        _q.Apply(Correct("p2", "amber", 4));
        _q.Apply(Correct("p2", "green", 5));

        var corrections = _q.GetCorrections();
        corrections.Select(c => (c.Message.Id, c.Label)).Should().Equal(("p2", "green"), ("q,1", "crisis"));
        corrections[1].Group.Should().Be("u\"x");

        var writer = new StringWriter();
        _q.ExportCorrections(writer).Should().Be(2);
        string csv = writer.ToString();
        csv.Should().StartWith("id,thread_id,parent_id,author_id,author_role,board,posted_at,subject,body,label\n");
        var read = DatasetReader.LoadLabeled(new StringReader(csv), DataFormat.Csv, DatasetColumns.ForumDefaults, PriorityScheme.Default);
        read.Should().HaveCount(2);
        read[1].Label.Should().Be("crisis");
        read[1].Message.Should().BeEquivalentTo(corrections[1].Message);
        read[0].Message.ParentId.Should().Be("q,1");
        read[0].Message.PostedAt.Should().Be(T(1));
    }
}

public sealed class RetrainingTests
{
    [Test]
    public void Merge_replaces_base_examples_by_id_and_appends_new_ones()
    {
        LabeledMessage L(string id, string label) => new(new ForumMessage("x") { Id = id }, label);
        var merged = Retraining.Merge([L("a", "green"), L("b", "green"), L("c", "red")], [L("d", "amber"), L("b", "red"), L("b", "crisis"), L("e", "red")]);
        merged.Select(m => (m.Message.Id, m.Label)).Should().Equal(("a", "green"), ("b", "crisis"), ("c", "red"), ("d", "amber"), ("e", "red"));
    }

    [Test]
    public void Retrain_learns_from_corrections()
    {
        var corpus = DemoCorpus.Load();
        using var store = ModerationStore.CreateInMemory();
        var model = TriageModel.Train(corpus);
        var q = new ModerationQueue(store, model);
        // A made-up forum slang for a crisis that the demo corpus never saw, corrected by moderators several times.
        string[] posts = ["zorblax tonight, zorblax for real", "going full zorblax, zorblax is the plan", "zorblax zorblax, cant wait anymore", "the zorblax plan is set for tonight zorblax"];
        for (int i = 0; i < posts.Length; i++)
        {
            q.Apply(new MessagePosted(NextId(), T(i), new ForumMessage(posts[i]) { Id = "z" + i, AuthorRole = AuthorRole.Peer }));
            q.Apply(Correct("z" + i, "crisis", i + 0.5));
        }
        var probe = new ForumMessage("zorblax zorblax tonight");
        float before = model.Triage(probe).ProbabilityOf("crisis");

        var retrained = Retraining.Retrain(corpus, q.GetCorrections());
        retrained.Info.TrainingRows.Should().Be(corpus.Count + posts.Length);
        retrained.Triage(probe).ProbabilityOf("crisis").Should().BeGreaterThan(before + 0.1f);
    }
}
