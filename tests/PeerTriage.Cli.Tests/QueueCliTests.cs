using System.Diagnostics;
using Microsoft.Data.Sqlite;
using static PeerTriage.TestSupport.TestData;

namespace PeerTriage.Cli.Tests;

/// <summary>Runs the real <c>peertriage queue replay</c> as a child process.</summary>
public sealed class QueueCliTests
{
    private static readonly Lazy<string> s_modelDir = new(() =>
    {
        string dir = Path.Combine(Path.GetTempPath(), "peertriage-mod-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        TriageModel.Train(PeerTriage.Data.DemoCorpus.Load()).Save(Path.Combine(dir, "demo.ptm"));
        return dir;
    });

    private static string Model => Path.Combine(s_modelDir.Value, "demo.ptm");

    // The sample day's crisis post: the demo model escalates it.
    private static readonly string s_crisisPost = File.ReadLines(Path.Combine(RepoRoot, "samples", "PeerTriage.ModeratorConsole", "synthetic-day.jsonl")).First(l => l.Contains("\"day-005\"", StringComparison.Ordinal));

    private static (int Exit, string Out, string Err) Run(params string[] args) => Of(CliRunner.Run(args));

    /// <summary>Runs the CLI with its stdout sent where <paramref name="redirect"/> says (a shell fragment).</summary>
    private static (int Exit, string Out, string Err) RunWithStdout(string redirect, params string[] args)
    {
        if (!File.Exists("/bin/sh") || !File.Exists("/dev/full"))
            Assert.Ignore("needs /bin/sh and /dev/full");
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"dotnet \"$@\" {redirect}");
        info.ArgumentList.Add("sh");
        info.ArgumentList.Add(CliRunner.Dll);
        foreach (string a in args)
            info.ArgumentList.Add(a);
        return Of(CliRunner.Wait(info, "peertriage"));
    }

    private static (int Exit, string Out, string Err) Of(CliRunner.Result result) => (result.ExitCode, result.StdOut, result.StdErr);

    [OneTimeTearDown]
    public void CleanUp()
    {
        if (s_modelDir.IsValueCreated)
            Directory.Delete(s_modelDir.Value, recursive: true);
    }

    [Test]
    public void Replay_prints_outcomes_and_the_to_do_list_and_a_rerun_is_all_duplicates()
    {
        using var dir = new TempDirectory();
        string events = Path.Combine(RepoRoot, "samples", "PeerTriage.ModeratorConsole", "synthetic-day.jsonl");
        string model = Path.Combine(s_modelDir.Value, "demo.ptm");
        string db = dir.File("q.db");

        var first = Run("queue", "replay", "--events", events, "--model", model, "--db", db);
        first.Exit.Should().Be(0, first.Err);
        first.Out.Should().Contain("day-001 Applied d01").And.Contain("to-do: crisis").And.Contain("UnknownMessage d99").And.Contain("escalate d05");
        first.Err.Should().Contain("22 Applied, 1 Duplicate, 1 UnknownMessage");

        var second = Run("queue", "replay", "--events", events, "--model", model, "--db", db, "--show", "none", "-q");
        second.Exit.Should().Be(0, second.Err);
        second.Out.Should().NotContain("escalate", "crises were escalated in the first run, and that is stored");
        second.Out.Should().Contain("day-005 Duplicate d05");
    }

    /// <summary>
    /// Issue 12's repro: a crisis post, then a broken line. The failed run must still print the escalation (and record it
    /// as delivered only because it did); the rerun must not print it again.
    /// </summary>
    [Test]
    public void A_crisis_before_a_broken_line_escalates_exactly_once_across_the_failed_run_and_its_rerun()
    {
        using var dir = new TempDirectory();
        string events = dir.Write("ev.jsonl", s_crisisPost + "\n{\"type\":\"posted\", broken\n");
        string db = dir.File("fresh.db");

        var first = Run("queue", "replay", "--events", events, "--model", Model, "--db", db, "-q");
        Escalations(first.Out).Should().Equal("escalate d05: reached crisis by model at 2026-11-21 10:15");
        first.Exit.Should().Be(1);
        OneLineError(first.Err).Should().StartWith($"peertriage: error: {events}:2: invalid JSON at column 19:").And.Contain("the 1 event before it applied");
        first.Out.Should().Contain("day-005 Applied d05", "what was applied before the bad line has its output printed");
        Delivered(db).Should().Equal(["d05"], "its line was written");

        var second = Run("queue", "replay", "--events", events, "--model", Model, "--db", db, "-q");
        second.Exit.Should().Be(1);
        second.Out.Should().Contain("day-005 Duplicate d05");
        Escalations(first.Out + second.Out).Should().HaveCount(1);
    }

    /// <summary>A full disk or a reader that has gone: the escalation stays pending and the next run prints it.</summary>
    [TestCase("> /dev/full", "No space left on device")]
    [TestCase("| true", "Broken pipe")]
    public void An_escalation_whose_line_cannot_be_written_is_not_marked_delivered_and_the_next_run_prints_it(string redirect, string reason)
    {
        using var dir = new TempDirectory();
        string events = dir.Write("ev.jsonl", s_crisisPost + "\n");
        string db = dir.File("q.db");

        var lost = RunWithStdout(redirect, "queue", "replay", "--events", events, "--model", Model, "--db", db, "-q");
        OneLineError(lost.Err).Should().Be($"peertriage: error: could not print the escalation of message d05: cannot write to stdout ({reason}); it stays pending, and the next queue replay on {db} prints it");
        Delivered(db).Should().BeEmpty("the escalate line was never written");

        var next = Run("queue", "replay", "--events", events, "--model", Model, "--db", db, "-q");
        next.Exit.Should().Be(0, next.Err);
        Escalations(next.Out).Should().Equal("escalate d05: reached crisis by model at 2026-11-21 10:15 (pending from an earlier run)");
        next.Out.Should().Contain("day-005 Duplicate d05");
        Delivered(db).Should().Equal("d05");
    }

    [Test]
    public void A_bad_event_line_stops_the_run_with_the_file_and_line_and_skip_bad_rows_skips_it()
    {
        using var dir = new TempDirectory();
        string reply = """{"type":"reply","event_id":"day-006","at":"2026-11-21T10:19:00Z","message_id":"d05","role":"moderator"}""";
        string events = dir.Write("bad.jsonl", string.Join("\n", s_crisisPost, "{\"type\":\"nope\",\"event_id\":\"x\",\"at\":\"2026-11-21T10:16:00Z\"}", "", "oops", reply) + "\n");

        var strict = Run("queue", "replay", "--events", events, "--model", Model, "--db", dir.File("strict.db"), "-q");
        strict.Exit.Should().Be(1);
        OneLineError(strict.Err).Should().Be($"peertriage: error: {events}:2: Unknown event type 'nope'; expected posted, reply, edited, deleted, resolved, flagged or corrected; stopped at this line, with the 1 event before it applied (--skip-bad-rows skips bad lines)");
        strict.Out.Should().Contain("day-005 Applied d05").And.NotContain("day-006");

        var lenient = Run("queue", "replay", "--events", events, "--model", Model, "--db", dir.File("lenient.db"), "--skip-bad-rows", "--show", "none", "-q");
        lenient.Exit.Should().Be(0, lenient.Err);
        lenient.Err.Trim().Should().Be("peertriage: warning: skipped 2 bad rows: bad.jsonl:2: Unknown event type 'nope'; expected posted, reply, edited, deleted, resolved, flagged or corrected; bad.jsonl:4: invalid JSON at column 1: 'o' is an invalid start of a value");
        lenient.Out.Should().Contain("day-005 Applied d05").And.Contain("day-006 Applied d05");
        Escalations(lenient.Out).Should().HaveCount(1);
    }

    [Test]
    public void Missing_inputs_fail_in_one_line_before_any_database_file_is_created()
    {
        using var dir = new TempDirectory();
        string events = dir.Write("ev.jsonl", s_crisisPost + "\n");
        string db = dir.File("q.db");
        string missing = dir.File("nope.jsonl");
        var cases = new (string[] Args, string Error)[]
        {
            (["--events", missing, "--model", Model, "--db", db], $"--events {missing}: no such file."),
            (["--events", dir.Path, "--model", Model, "--db", db], $"--events {dir.Path} is a folder, not a file."),
            (["--events", events, "--model", dir.File("nope.ptm"), "--db", db], $"--model {dir.File("nope.ptm")}: no such file."),
            (["--events", events, "--model", Model, "--db", dir.File("no/q.db")], $"--db {dir.File("no/q.db")}: the folder {dir.File("no")} does not exist."),
            (["--events", events, "--model", Model, "--db", db, "--flag-level", "purple"], "--flag-level 'purple' is not a flagged level of the model's scheme; use one of amber, red, crisis."),
        };
        foreach (var (args, error) in cases)
        {
            var result = Run(["queue", "replay", .. args]);
            result.Exit.Should().Be(1);
            OneLineError(result.Err).Should().Be("peertriage: error: " + error);
            result.Out.Should().BeEmpty();
            Directory.GetFiles(dir.Path).Select(Path.GetFileName).Should().Equal(["ev.jsonl"], $"nothing is created for {error}");
        }
    }

    /// <summary>The one line of stderr, checked to be free of .NET's own wording.</summary>
    private static string OneLineError(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines.Should().ContainSingle($"an error is one line: {stderr}");
        lines[0].Should().NotContainAny("(Parameter", "Actual value", "LineNumber", "BytePositionInLine", "Could not find", "   at ");
        return lines[0];
    }

    private static List<string> Escalations(string stdout) =>
        stdout.Split('\n').Where(l => l.Contains("escalate", StringComparison.Ordinal)).Select(l => l.TrimEnd()).ToList();

    private static List<string> Delivered(string db)
    {
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        c.Open();
        using var command = c.CreateCommand();
        command.CommandText = "SELECT message_id FROM escalations WHERE delivered_at IS NOT NULL ORDER BY message_id";
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
            ids.Add(reader.GetString(0));
        return ids;
    }

    [Test]
    public void The_community_window_option_is_honoured_and_checked()
    {
        using var dir = new TempDirectory();
        string events = Path.Combine(RepoRoot, "samples", "PeerTriage.ModeratorConsole", "synthetic-day.jsonl");
        string model = Path.Combine(s_modelDir.Value, "demo.ptm");
        var atOnce = Run("queue", "replay", "--events", events, "--model", model, "--db", dir.File("a.db"), "--community-window", "0", "--show", "end", "-q");
        atOnce.Exit.Should().Be(0, atOnce.Err);
        atOnce.Out.Should().Contain("to-do: amber   d02", "with no community window, an amber post waits for a moderator even though peers replied");

        var bad = Run("queue", "replay", "--events", events, "--model", model, "--db", dir.File("b.db"), "--community-window", "soon");
        bad.Exit.Should().NotBe(0);
        bad.Err.Should().Contain("--community-window 'soon'");
    }
}
