using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PeerTriage.Data;

namespace PeerTriage.Cli.Tests;

[NonParallelizable]
public partial class SkipBadRowsCliTests
{
    private const int BadLabels = 11;

    private string _dir = "";
    private string _csv = "";
    private int _firstBadLine;
    private int _shortRowLine;

    [OneTimeSetUp]
    public void WriteBrokenCsv()
    {
        _dir = Path.Combine(Path.GetTempPath(), "peertriage-skip-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _csv = Path.Combine(_dir, "bad.csv");
        string demo;
        using (var reader = new StreamReader(DemoCorpus.OpenCsv()))
            demo = reader.ReadToEnd();
        if (!demo.EndsWith('\n'))
            demo += "\n";
        var csv = new StringBuilder(demo);
        _firstBadLine = demo.Count(c => c == '\n') + 1;
        for (int i = 0; i < BadLabels; i++)
            csv.Append(CultureInfo.InvariantCulture, $"x{i},tx,,ux{i},peer,general,,,some ordinary words,purple\n");
        _shortRowLine = _firstBadLine + BadLabels;
        csv.Append("x-short,tx,only three fields\n");
        File.WriteAllText(_csv, csv.ToString());
    }

    [OneTimeTearDown]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Commands_skip_bad_rows_only_when_asked_and_list_them_on_stderr()
    {
        string model = Path.Combine(_dir, "skip.ptm");
        string[] train = ["train", "--data", _csv, "--text-column", "body", "--id-column", "id", "--group-column", "author_id", "--out", model, "--hash-bits", "12", "-q"];

        var strict = CliRunner.Run(train);
        strict.ExitCode.Should().Be(1);
        strict.StdErr.Should().Contain($"bad.csv:{_firstBadLine}: the data has levels that are not in the scheme").And.Contain("'purple'");
        File.Exists(model).Should().BeFalse();

        var lenient = CliRunner.Run([.. train, "--skip-bad-rows"]);
        lenient.ExitCode.Should().Be(0, lenient.StdErr);
        File.Exists(model).Should().BeTrue();
        lenient.StdErr.Should().Contain($"skipped {BadLabels + 1} bad rows: bad.csv:{_firstBadLine}: label 'purple'");
        // The listing stops at ten and counts the rest; --quiet does not hide it.
        ListedLines(lenient.StdErr).Should().Equal(Enumerable.Range(_firstBadLine, 10));
        lenient.StdErr.Should().Contain("; and 2 more");

        // Scoring reads no labels: only the short row is bad.
        string scored = Path.Combine(_dir, "scored.tsv");
        string[] score = ["score", "--model", model, "--data", _csv, "--text-column", "body", "--id-column", "id", "--out", scored, "-q"];
        CliRunner.Run(score).StdErr.Should().Contain($"bad.csv:{_shortRowLine}: expected 10 fields");
        var scoring = CliRunner.Run([.. score, "--skip-bad-rows"]);
        scoring.ExitCode.Should().Be(0, scoring.StdErr);
        scoring.StdErr.Should().Contain($"skipped 1 bad row: bad.csv:{_shortRowLine}: expected 10 fields (as in the header) but found 3");
        File.ReadAllLines(scored).Should().HaveCount(TestData.Corpus.Count + BadLabels + 1);

        var evaluate = CliRunner.Run("evaluate", "--model", model, "--data", _csv, "--text-column", "body", "--id-column", "id", "--skip-bad-rows", "-q");
        evaluate.ExitCode.Should().Be(0, evaluate.StdErr);
        evaluate.StdErr.Should().Contain($"skipped {BadLabels + 1} bad rows");

        var explain = CliRunner.Run("explain", "--model", model, "--data", _csv, "--text-column", "body", "--id-column", "id", "--limit", "1000", "--skip-bad-rows");
        explain.ExitCode.Should().Be(0, explain.StdErr);
        explain.StdErr.Should().Contain($"skipped 1 bad row: bad.csv:{_shortRowLine}:");
        explain.StdOut.Should().Contain("== x10");
    }

    private static List<int> ListedLines(string stderr) =>
        [.. ListedLine().Matches(stderr).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];

    [GeneratedRegex(@"bad\.csv:(\d+):")]
    private static partial Regex ListedLine();
}
