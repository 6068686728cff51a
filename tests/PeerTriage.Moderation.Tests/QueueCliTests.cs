using System.Diagnostics;
using static PeerTriage.Moderation.Tests.Harness;

namespace PeerTriage.Moderation.Tests;

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

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "PeerTriage.Cli.dll"));
        foreach (string a in args)
            info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("peertriage did not finish in 3 minutes.");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

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

    [Test]
    public void A_bad_event_line_fails_with_the_file_and_line()
    {
        using var dir = new TempDirectory();
        string events = dir.Write("bad.jsonl", """{"type":"deleted","event_id":"e1","at":"2026-03-02T08:00:00Z","message_id":"m1"}""" + "\n{\"type\":\"nope\"}\n");
        var result = Run("queue", "replay", "--events", events, "--model", Path.Combine(s_modelDir.Value, "demo.ptm"), "--db", dir.File("q.db"));
        result.Exit.Should().NotBe(0);
        result.Err.Should().Contain("bad.jsonl").And.Contain("2");
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
