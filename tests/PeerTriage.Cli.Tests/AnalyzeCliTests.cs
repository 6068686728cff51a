using System.Globalization;
using System.Text;
using System.Text.Json;
using PeerTriage.Analytics.Responsiveness;
using PeerTriage.Analytics.Simulation;
using PeerTriage.Data;
using PeerTriage.Moderation;

namespace PeerTriage.Cli.Tests;

/// <summary><c>peertriage analyze responsiveness</c> on a simulated export written by the test.</summary>
[NonParallelizable]
public class AnalyzeCliTests
{
    private TempDirectory _dir = null!;
    private string _posts = "";
    private IReadOnlyList<ForumPost> _forum = [];

    [OneTimeSetUp]
    public void WriteExport()
    {
        _dir = new TempDirectory();
        _forum = ForumSimulator.Generate(new SimulationOptions
        {
            Start = new DateTimeOffset(2016, 7, 1, 0, 0, 0, TimeSpan.Zero),
            End = new DateTimeOffset(2016, 12, 31, 0, 0, 0, TimeSpan.Zero),
            PeerMessagesPerDay = 30,
        });
        _posts = _dir.File("forum.csv");
        using var writer = new StreamWriter(_posts);
        ForumExport.WriteCsv(writer, _forum);
    }

    [OneTimeTearDown]
    public void Cleanup() => _dir.Dispose();

    private string[] Args(params string[] more) => ["analyze", "responsiveness", "--posts", _posts, "--periods", "2016-08-05,2016-11-27", .. more];

    [Test]
    public void Writes_the_report_and_json_with_every_table_and_model()
    {
        string html = _dir.File("report.html"), json = _dir.File("report.json");

        var run = CliRunner.Run(Args("--out", html, "--json", json));

        run.ExitCode.Should().Be(0, run.StdErr);
        run.StdErr.Should().Contain("read ").And.Contain("models: done").And.Contain("wrote the report");
        File.ReadAllText(html).Should().StartWith("<!DOCTYPE html>").And.Contain("forum.csv").And.NotContain("<script");
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        root.GetProperty("alpha").GetDouble().Should().Be(0.004);
        root.GetProperty("periods").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Should().Equal("prelaunch", "postlaunch", "post-training");
        int peers = _forum.Count(p => p.Role == AuthorRole.Peer);
        root.GetProperty("volume").EnumerateArray().Sum(c => c.GetProperty("count").GetInt32()).Should().Be(peers);
        root.GetProperty("responseRatios").GetArrayLength().Should().Be(4 * 3);
        root.GetProperty("latencies").GetArrayLength().Should().Be(4 * 3);
        root.GetProperty("weeks").GetArrayLength().Should().BeGreaterThan(20);
        root.GetProperty("comparisons").GetArrayLength().Should().Be(4 * 3);
        var red = root.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("level").GetString() == "red");
        red.GetProperty("logistic").GetProperty("coefficients").GetArrayLength().Should().Be(1 + 2 + 20);
        red.GetProperty("linear").GetProperty("coefficients").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == "period_postlaunch").GetProperty("estimate").GetDouble().Should().BeNegative();
        red.GetProperty("logLatencyNormality").GetProperty("d").GetDouble().Should().BePositive();
    }

    [Test]
    public void Quiet_alpha_and_linear_percentiles_reach_the_result()
    {
        string html = _dir.File("quiet.html"), json = _dir.File("quiet.json");

        var run = CliRunner.Run(Args("--out", html, "--json", json, "--alpha", "0.01", "--percentiles", "linear", "--period-names", "before,during,after", "-q"));

        run.ExitCode.Should().Be(0, run.StdErr);
        run.StdErr.Should().NotContain("read ").And.NotContain("wrote", "no progress with -q (warnings still show)");
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        doc.RootElement.GetProperty("alpha").GetDouble().Should().Be(0.01);
        doc.RootElement.GetProperty("inputs").GetProperty("percentiles").GetString().Should().Contain("type 7");
        doc.RootElement.GetProperty("comparisons")[0].GetProperty("from").GetString().Should().Be("before");
    }

    [Test]
    public void Without_a_level_column_a_model_assigns_levels_from_the_text()
    {
        string model = _dir.File("demo.ptm");
        string demo = _dir.File("demo.csv");
        using (var file = File.Create(demo))
            DemoCorpus.OpenCsv().CopyTo(file);
        var train = CliRunner.Run("train", "--data", demo, "--text-column", "body", "--out", model, "--hash-bits", "16", "-q");
        train.ExitCode.Should().Be(0, train.StdErr);
        string[] texts = ["I feel so alone and I can't stop crying", "thanks everyone for the help with exams", "I want to end it all tonight", "anyone watching the game?"];
        var csv = new StringBuilder("id,thread_id,parent_id,author_id,author_role,posted_at,text\n");
        int i = 0;
        foreach (var p in _forum.Take(3000))
        {
            string role = p.Role == AuthorRole.Peer ? "peer" : "moderator";
            csv.Append(CultureInfo.InvariantCulture, $"{p.Id},{p.ThreadId},{p.ParentId},{p.AuthorId},{role},{p.PostedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ},{texts[i++ % texts.Length]}\n");
        }
        string posts = _dir.Write("texts.csv", csv.ToString());
        string json = _dir.File("model.json");

        var run = CliRunner.Run("analyze", "responsiveness", "--posts", posts, "--model", model, "--periods", "2016-08-05", "--out", _dir.File("model.html"), "--json", json);

        run.ExitCode.Should().Be(0, run.StdErr);
        run.StdErr.Should().Contain("assigning levels with demo.ptm");
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        doc.RootElement.GetProperty("volume").EnumerateArray().Sum(c => c.GetProperty("count").GetInt32())
            .Should().Be(_forum.Take(3000).Count(p => p.Role == AuthorRole.Peer), "every peer's message got a level");
        File.ReadAllText(json).Should().NotContain("alone", "no message text in the output");
    }

    [Test]
    public void A_moderation_event_log_is_a_forum_and_moderators_corrections_outrank_the_model()
    {
        string model = _dir.File("events-demo.ptm");
        string demo = _dir.File("events-demo.csv");
        using (var file = File.Create(demo))
            DemoCorpus.OpenCsv().CopyTo(file);
        CliRunner.Run("train", "--data", demo, "--text-column", "body", "--out", model, "--hash-bits", "16", "-q").ExitCode.Should().Be(0);
        // Two peers' posts before the launch and two after; a moderator answers one of each; one post's level is corrected
        // to crisis, which the model would not give "anyone watching the game?".
        var t0 = new DateTimeOffset(2016, 8, 1, 10, 0, 0, TimeSpan.Zero);
        var t1 = new DateTimeOffset(2016, 8, 10, 10, 0, 0, TimeSpan.Zero);
        ForumMessage Post(string id, string body, DateTimeOffset at, AuthorRole role = AuthorRole.Peer, string? parent = null) =>
            new(body) { Id = id, ThreadId = parent ?? id, ParentId = parent, AuthorId = id + "-author", AuthorRole = role, PostedAt = at };
        ModerationEvent[] log =
        [
            new MessagePosted("e1", t0, Post("m1", "I feel so alone and I can't stop crying", t0)),
            new MessagePosted("e2", t0.AddMinutes(5), Post("m2", "anyone watching the game?", t0.AddMinutes(5))),
            new MessagePosted("e3", t0.AddMinutes(50), Post("r1", "We're here for you.", t0.AddMinutes(50), AuthorRole.Moderator, parent: "m1")),
            new LevelCorrected("e4", t0.AddMinutes(60), "m2", "crisis"),
            new MessagePosted("e5", t1, Post("m3", "I feel so alone and I can't stop crying", t1)),
            new MessagePosted("e6", t1.AddMinutes(1), Post("m4", "thanks everyone for the help with exams", t1.AddMinutes(1))),
            new ReplyPosted("e7", t1.AddMinutes(10), "m3", AuthorRole.Staff) { ReplyId = "r2" },
        ];
        string events = _dir.File("events.jsonl");
        using (var writer = new StreamWriter(events))
            ModerationEventJson.Write(writer, log);
        string json = _dir.File("events.json");

        var run = CliRunner.Run("analyze", "responsiveness", "--events", events, "--model", model, "--periods", "2016-08-05", "--out", _dir.File("events.html"), "--json", json);

        run.ExitCode.Should().Be(0, run.StdErr);
        run.StdErr.Should().Contain("read 6 messages from").And.Contain("assigning levels with events-demo.ptm");
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        root.GetProperty("inputs").GetProperty("peerMessages").GetInt32().Should().Be(4);
        root.GetProperty("inputs").GetProperty("moderatorReplies").GetInt32().Should().Be(2);
        string first = root.GetProperty("periods")[0].GetProperty("name").GetString()!;
        var crisisBefore = root.GetProperty("volume").EnumerateArray().Single(c => c.GetProperty("level").GetString() == "crisis" && c.GetProperty("period").GetString() == first);
        crisisBefore.GetProperty("count").GetInt32().Should().BeGreaterThanOrEqualTo(1, "the moderator's correction of m2 to crisis stands");
        root.GetProperty("responseRatios").EnumerateArray().Sum(c => c.GetProperty("responded").GetInt32()).Should().Be(2);
        File.ReadAllText(json).Should().NotContain("alone", "no message text in the output");
    }

    [Test]
    public void A_moderation_store_is_a_forum_read_beside_its_writer_and_gives_the_same_study_as_the_export()
    {
        var forum = ForumSimulator.Generate(new SimulationOptions
        {
            Seed = 3,
            Start = new DateTimeOffset(2016, 7, 15, 0, 0, 0, TimeSpan.Zero),
            End = new DateTimeOffset(2016, 9, 1, 0, 0, 0, TimeSpan.Zero),
            PeerMessagesPerDay = 12,
        });
        string export = _dir.File("store-forum.csv");
        using (var writer = new StreamWriter(export))
            ForumExport.WriteCsv(writer, forum);
        string db = _dir.File("forum.db");
        // The forum keeps its store open (a queue writing it) while the study reads it.
        using var store = ModerationStore.OpenSqlite(db, new SqliteStoreOptions { Durability = SqliteDurability.Normal });
        var queue = new ModerationQueue(store, new KeywordClassifier());
        int n = 0;
        foreach (var p in forum.OrderBy(p => p.PostedAt))
        {
            var message = new ForumMessage($"post [{p.Level ?? "green"}]")
            {
                Id = p.Id, ThreadId = p.ThreadId, ParentId = p.ParentId, AuthorId = p.AuthorId, AuthorRole = p.Role, PostedAt = p.PostedAt,
            };
            queue.Apply(new MessagePosted("e" + n++, p.PostedAt, message));
        }
        string fromDb = _dir.File("db.json"), fromExport = _dir.File("export.json");

        var run = CliRunner.Run("analyze", "responsiveness", "--db", db, "--periods", "2016-08-05", "--out", _dir.File("db.html"), "--json", fromDb);
        var reference = CliRunner.Run("analyze", "responsiveness", "--posts", export, "--periods", "2016-08-05", "--out", _dir.File("export.html"), "--json", fromExport);

        run.ExitCode.Should().Be(0, run.StdErr);
        reference.ExitCode.Should().Be(0, reference.StdErr);
        run.StdErr.Should().Contain($"read {forum.Count:N0} messages from");
        File.ReadAllText(fromDb).Should().Be(File.ReadAllText(fromExport));
        File.ReadAllText(fromDb).Should().NotContain("post [", "no message text in the output");
        store.MessageCount.Should().Be(forum.Count, "reading did not disturb the writer's store");
    }

    [Test]
    public void The_forum_is_given_exactly_once_and_an_event_log_needs_a_model()
    {
        string html = _dir.File("never.html");
        string events = _dir.Write("empty-events.jsonl", "");
        const string Sources = "--posts FILE (an export), --events FILE (a moderation event log) or --db FILE (a moderation store)";
        CliRunner.Run("analyze", "responsiveness", "--periods", "2016-08-05", "--out", html).StdErr.Trim()
            .Should().Be($"peertriage: error: give the forum: {Sources}.");
        CliRunner.Run("analyze", "responsiveness", "--posts", _posts, "--events", events, "--periods", "2016-08-05", "--out", html).StdErr.Trim()
            .Should().Be($"peertriage: error: give the forum once: {Sources}, not several.");
        CliRunner.Run("analyze", "responsiveness", "--events", events, "--periods", "2016-08-05", "--out", html).StdErr.Trim()
            .Should().StartWith("peertriage: error: --events needs --model");
        File.Exists(html).Should().BeFalse();
    }

    [Test]
    public void A_bad_store_gets_one_line_naming_it()
    {
        string html = _dir.File("never-db.html");
        string empty = _dir.File("empty.db");
        using (ModerationStore.OpenSqlite(empty))
        {
        }
        string notAStore = _dir.Write("not-a-store.db", new string('x', 5000));
        string[] Run(params string[] more) => ["analyze", "responsiveness", "--periods", "2016-08-05", "--out", html, .. more];

        CliRunner.Run(Run("--db", empty)).StdErr.Trim().Should().Be($"peertriage: error: --db {empty}: the moderation store is empty (no queue has used it yet).");
        CliRunner.Run(Run("--db", notAStore)).StdErr.Trim().Should().StartWith($"peertriage: error: --db {notAStore}: ").And.Contain("not a SQLite database");
        CliRunner.Run(Run("--db", _dir.File("missing.db"))).StdErr.Trim().Should().StartWith("peertriage: error: --db").And.Contain("missing.db");
        CliRunner.Run(Run("--db", empty, "--model", "x.ptm")).StdErr.Trim().Should().StartWith("peertriage: error: --db uses the store's own levels");
        File.Exists(html).Should().BeFalse();
        File.Exists(_dir.File("missing.db")).Should().BeFalse("reading never creates a store");
    }

    private static IEnumerable<TestCaseData> Mistakes()
    {
        yield return new TestCaseData(new[] { "--periods", "2016-08-05,2016-13-01" }, "--periods '2016-08-05,2016-13-01': '2016-13-01' is not a date (yyyy-mm-dd) or an ISO 8601 time.").SetName("a month 13");
        yield return new TestCaseData(new[] { "--periods", "2016-11-27,2016-08-05" }, "--periods '2016-11-27,2016-08-05': the boundaries must increase, and '2016-08-05' does not come after '2016-11-27'.").SetName("boundaries out of order");
        yield return new TestCaseData(new[] { "--periods", "2016-08-05", "--alpha", "0" }, "--alpha must be between 0 and 1 (exclusive) (got 0) (see peertriage analyze responsiveness --help)").SetName("alpha 0");
        yield return new TestCaseData(new[] { "--periods", "2016-08-05", "--period-names", "a,b,c" }, "--period-names 'a,b,c' has 3 names, but 1 boundary makes 2 periods.").SetName("too many names");
        yield return new TestCaseData(new[] { "--periods", "2016-08-05", "--percentiles", "r" }, "--percentiles 'r' is not one of weighted, linear (see peertriage analyze responsiveness --help)").SetName("unknown percentiles");
        yield return new TestCaseData(new[] { "--periods", "2016-08-05", "--level-column", "lvl" }, "{posts}:1: missing required column 'lvl'; the header has 'id', 'thread_id', 'parent_id', 'author_id', 'author_role', 'posted_at', 'level'").SetName("missing level column");
        yield return new TestCaseData(new[] { "--periods", "2016-08-05", "--model", "{dir}/none.ptm" }, "--model {dir}/none.ptm: no such file.").SetName("missing model");
        yield return new TestCaseData(new[] { "--periods", "2016-08-05", "--json", "{dir}/no-such-folder/x.json" }, "--json {dir}/no-such-folder/x.json: the folder {dir}/no-such-folder does not exist.").SetName("json folder missing");
    }

    [TestCaseSource(nameof(Mistakes))]
    public void A_mistake_gives_one_line_and_writes_nothing(string[] args, string expected)
    {
        string html = _dir.File("never.html");
        string[] resolved = [.. args.Select(a => a.Replace("{dir}", _dir.Path, StringComparison.Ordinal))];

        var run = CliRunner.Run(["analyze", "responsiveness", "--posts", _posts, "--out", html, .. resolved]);

        run.ExitCode.Should().NotBe(0);
        run.StdErr.Trim().Should().Be("peertriage: error: " + expected.Replace("{posts}", _posts, StringComparison.Ordinal).Replace("{dir}", _dir.Path, StringComparison.Ordinal));
        File.Exists(html).Should().BeFalse();
    }

    [Test]
    public void A_bad_row_names_the_file_and_line()
    {
        var lines = File.ReadAllLines(_posts);
        lines[4] = lines[4].Replace(",peer,", ",wizard,", StringComparison.Ordinal);
        string bad = _dir.Write("bad.csv", string.Join('\n', lines) + "\n");

        var run = CliRunner.Run("analyze", "responsiveness", "--posts", bad, "--periods", "2016-08-05", "--out", _dir.File("never.html"));

        run.ExitCode.Should().Be(1);
        run.StdErr.Trim().Should().StartWith($"peertriage: error: {bad}:5: author role 'wizard' is not recognised");
    }
}
