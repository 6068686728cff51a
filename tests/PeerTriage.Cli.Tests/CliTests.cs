using System.Text.Json;
using PeerTriage.Clpsych;
using PeerTriage.Data;
using PeerTriage.Evaluation;
using PeerTriage.Features;

namespace PeerTriage.Cli.Tests;

[NonParallelizable]
public class CliTests
{
    private string _dir = "";
    private string _demoCsv = "";

    [OneTimeSetUp]
    public void WriteDemoCsv()
    {
        _dir = Path.Combine(Path.GetTempPath(), "peertriage-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _demoCsv = Path.Combine(_dir, "demo.csv");
        using var file = File.Create(_demoCsv);
        DemoCorpus.OpenCsv().CopyTo(file);
    }

    [OneTimeTearDown]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Train_then_score_writes_one_row_per_message()
    {
        string model = Path.Combine(_dir, "demo.ptm");
        var train = CliRunner.Run("train", "--data", _demoCsv, "--text-column", "body", "--id-column", "id", "--out", model, "--hash-bits", "16", "-q");
        train.ExitCode.Should().Be(0, train.StdErr);
        File.Exists(model).Should().BeTrue();

        string scored = Path.Combine(_dir, "scored.tsv");
        var score = CliRunner.Run("score", "--model", model, "--data", _demoCsv, "--text-column", "body", "--id-column", "id", "--out", scored, "-q");
        score.ExitCode.Should().Be(0, score.StdErr);
        var lines = File.ReadAllLines(scored);
        lines[0].Should().Be("id\tlevel\tp_green\tp_amber\tp_red\tp_crisis");
        lines.Should().HaveCount(TestData.Corpus.Count + 1);
        lines[1].Split('\t')[0].Should().Be(TestData.Corpus[0].Message.Id);
    }

    [Test]
    public void Evaluate_json_agrees_with_its_predictions_file_scored_like_the_official_scorer()
    {
        string predictions = Path.Combine(_dir, "predictions.tsv");
        var run = CliRunner.Run("evaluate", "--data", _demoCsv, "--text-column", "body", "--folds", "5", "--group-column", "author_id",
            "--seed", "3", "--predictions", predictions, "--json", "--hash-bits", "16", "-q");
        run.ExitCode.Should().Be(0, run.StdErr);

        using var json = JsonDocument.Parse(run.StdOut);
        var root = json.RootElement;
        foreach (string key in new[] { "macroF1", "accuracy", "flagged", "urgent", "levels", "confusion", "operatingPoint", "precisionAtRecall", "calibration", "argmax" })
            root.TryGetProperty(key, out _).Should().BeTrue($"the JSON needs '{key}'");

        // Gold in the official format, ids being 1-based row numbers because no --id-column was given.
        string gold = Path.Combine(_dir, "gold.tsv");
        File.WriteAllLines(gold, TestData.Corpus.Select((e, i) => $"{i + 1}\t{e.Label}"));
        var official = ClpsychSubmission.Score(PriorityScheme.Default, gold, predictions);
        root.GetProperty("macroF1").GetDouble().Should().Be(official.MacroF1);
        root.GetProperty("accuracy").GetDouble().Should().Be(official.Accuracy);
        root.GetProperty("flagged").GetProperty("f1").GetDouble().Should().Be(official.Flagged.F1);
        root.GetProperty("urgent").GetProperty("f1").GetDouble().Should().Be(official.Urgent.F1);
        official.MacroF1.Should().BeGreaterThan(0.3, "the demo corpus is learnable");
    }

    [Test]
    public void Explain_prints_the_level_and_its_evidence()
    {
        string model = Path.Combine(_dir, "explain.ptm");
        CliRunner.Run("train", "--data", _demoCsv, "--text-column", "body", "--group-column", "author_id", "--out", model, "--hash-bits", "16", "-q")
            .ExitCode.Should().Be(0);
        var run = CliRunner.Run("explain", "--model", model, "--text", "i wrote my goodbye letters and i have the pills here");
        run.ExitCode.Should().Be(0, run.StdErr);
        run.StdOut.Should().StartWith("level: ").And.Contain("compared with").And.Contain("bias");
        var none = CliRunner.Run("explain", "--model", model);
        none.ExitCode.Should().NotBe(0);
        none.StdErr.Should().Contain("--text");
    }

    [Test]
    public void Evaluate_features_runs_an_ablation_in_one_command_each()
    {
        var results = new Dictionary<string, double>();
        foreach (string features in new[] { "ngrams", "ngrams,lexicons,history" })
        {
            var run = CliRunner.Run("evaluate", "--data", _demoCsv, "--text-column", "body", "--folds", "3", "--group-column", "author_id",
                "--features", features, "--policy", "argmax", "--no-calibration", "--json", "--hash-bits", "14", "-q");
            run.ExitCode.Should().Be(0, run.StdErr);
            using var json = JsonDocument.Parse(run.StdOut);
            json.RootElement.GetProperty("features").GetString().Should().Be(FeaturePipeline.Parse(features).Describe());
            results[features] = json.RootElement.GetProperty("macroF1").GetDouble();
        }
        results["ngrams"].Should().NotBe(results["ngrams,lexicons,history"], "the feature groups change the model");

        var bad = CliRunner.Run("evaluate", "--data", _demoCsv, "--text-column", "body", "--features", "ngrams,vibes", "-q");
        bad.ExitCode.Should().NotBe(0);
        bad.StdErr.Should().Contain("vibes").And.Contain("lexicons");
    }

    [Test]
    public void Train_with_the_fasttree_learner_writes_a_model_that_scores_and_inspects()
    {
        string model = Path.Combine(_dir, "trees.ptm");
        var train = CliRunner.Run("train", "--data", _demoCsv, "--text-column", "body", "--group-column", "author_id", "--out", model, "--hash-bits", "12",
            "--learner", "fasttree", "--trees", "10", "--leaves", "4", "--learning-rate", "0.3", "-q");
        train.ExitCode.Should().Be(0, train.StdErr);
        var run = CliRunner.Run("inspect", model);
        run.ExitCode.Should().Be(0, run.StdErr);
        run.StdOut.Should().Contain("two stages").And.Contain("second stage: fasttree trees, 40 in all").And.Contain("numberOfLeaves 4").And.Contain("learningRate 0.3");
        string scored = Path.Combine(_dir, "trees.tsv");
        var score = CliRunner.Run("score", "--model", model, "--data", _demoCsv, "--text-column", "body", "--out", scored, "-q");
        score.ExitCode.Should().Be(0, score.StdErr);
        File.ReadAllLines(scored).Should().HaveCount(TestData.Corpus.Count + 1);
    }

    [Test]
    public void Inspect_prints_the_model_card_and_rejects_a_damaged_file()
    {
        string model = Path.Combine(_dir, "inspect.ptm");
        CliRunner.Run("train", "--data", _demoCsv, "--text-column", "body", "--group-column", "author_id", "--out", model, "--hash-bits", "14", "-q")
            .ExitCode.Should().Be(0);
        var run = CliRunner.Run("inspect", model);
        run.ExitCode.Should().Be(0, run.StdErr);
        run.StdOut.Should().Contain("format 1.4").And.Contain("scheme: green < amber < red < crisis").And.Contain("features: ngrams+lexicons+context").And.Contain("text analysis v2")
            .And.Contain("≥ red: threshold").And.Contain("calibration: temperature").And.Contain("metrics (inner 5-fold");

        string damaged = Path.Combine(_dir, "damaged.ptm");
        var bytes = File.ReadAllBytes(model);
        File.WriteAllBytes(damaged, bytes[..(bytes.Length / 2)]);
        var bad = CliRunner.Run("inspect", damaged);
        bad.ExitCode.Should().NotBe(0);
        bad.StdErr.Should().Contain("damaged.ptm").And.Contain("checksum");
    }

    [Test]
    public void Evaluate_warns_when_a_level_is_decided_more_than_twice_its_base_rate_and_names_the_option()
    {
        // A 0.99 crisis recall target on the old policy floods crisis; the default policy does not.
        var flooded = CliRunner.Run("evaluate", "--data", _demoCsv, "--text-column", "body", "--group-column", "author_id", "--hash-bits", "14",
            "--policy", "recall", "--recall-target", "crisis=0.99", "-q");
        flooded.ExitCode.Should().Be(0, flooded.StdErr);
        flooded.StdErr.Should().MatchRegex(@"peertriage: warning: 'crisis' is decided for \d+\.\d% of messages out of fold but is 11\.5% of the data \(\d\.\dx\); cause: the recall target crisis=0\.99; lower it with --recall-target crisis=R");
        flooded.StdOut.Should().Contain("share of messages: predicted vs base rate").And.Contain("flooded");

        var normal = CliRunner.Run("evaluate", "--data", _demoCsv, "--text-column", "body", "--group-column", "author_id", "--hash-bits", "14", "-q");
        normal.ExitCode.Should().Be(0, normal.StdErr);
        normal.StdErr.Should().NotContain("warning");
        normal.StdOut.Should().Contain("policy: FlaggedRecallThenF1");
    }

    [Test]
    public void Train_and_inspect_report_shares_next_to_base_rates()
    {
        string model = Path.Combine(_dir, "shares.ptm");
        var train = CliRunner.Run("train", "--data", _demoCsv, "--text-column", "body", "--group-column", "author_id", "--hash-bits", "14", "--out", model);
        train.ExitCode.Should().Be(0, train.StdErr);
        train.StdErr.Should().MatchRegex(@"decided share vs base rate \(inner out-of-fold\): green 0\.\d{3} vs 0\.453, amber 0\.\d{3} vs 0\.262");
        var inspect = CliRunner.Run("inspect", model);
        inspect.ExitCode.Should().Be(0, inspect.StdErr);
        inspect.StdOut.Should().Contain("fitted for flagged recall, then F1: recall at amber 0.90; macro-F1 jointly at red, crisis")
            .And.MatchRegex(@"crisis: decided for 0\.\d{3} of messages, base rate 0\.115");
    }

    [Test]
    public void Data_whose_levels_differ_from_the_scheme_names_the_levels_found_and_the_levels_option()
    {
        string threeLevels = Path.Combine(_dir, "three.csv");
        File.WriteAllLines(threeLevels, File.ReadAllLines(_demoCsv).Select((line, i) => i == 0 ? line : (line.EndsWith(",crisis", StringComparison.Ordinal) ? line[..^7] + ",red" : line)));
        var missing = CliRunner.Run("train", "--data", threeLevels, "--text-column", "body", "--out", Path.Combine(_dir, "three.ptm"), "-q");
        missing.ExitCode.Should().NotBe(0);
        missing.StdErr.Trim().Should().Be("peertriage: error: three.csv: the data has no 'crisis' rows (levels found: green, amber, red); pass --levels green,amber,red.");

        var custom = CliRunner.Run("evaluate", "--data", _demoCsv, "--text-column", "body", "--levels", "minimum,mild,moderate,severe", "-q");
        custom.ExitCode.Should().NotBe(0);
        custom.StdErr.Trim().Should().StartWith("peertriage: error: demo.csv:2: the data has levels that are not in the scheme (minimum < mild < moderate < severe)")
            .And.MatchRegex("levels found: (green|amber|red|crisis)(, (green|amber|red|crisis)){3}\\);").And.EndWith("pass --levels with every level of the data, lowest first.");
        custom.StdErr.Should().NotContain("PriorityScheme").And.NotContain("Parameter");

        var fixedLevels = CliRunner.Run("evaluate", "--data", threeLevels, "--text-column", "body", "--levels", "green,amber,red", "--hash-bits", "14", "--json", "-q");
        fixedLevels.ExitCode.Should().Be(0, fixedLevels.StdErr);
    }

    [Test]
    [Category(TestData.RealData)]
    public void Real_data_scores_every_cssrs_post_and_a_level_mismatch_names_the_levels_found()
    {
        string posts = TestData.SharedFile("data/cssrs/posts.csv");
        string model = Path.Combine(_dir, "demo-for-cssrs.ptm");
        CliRunner.Run("train", "--data", _demoCsv, "--text-column", "body", "--group-column", "author_id", "--hash-bits", "14", "--out", model, "-q")
            .ExitCode.Should().Be(0);
        string scored = Path.Combine(_dir, "cssrs-scored.tsv");
        var score = CliRunner.Run("score", "--model", model, "--data", posts, "--out", scored, "-q");
        score.ExitCode.Should().Be(0, score.StdErr);
        File.ReadLines(scored).Count().Should().Be(9127 + 1, "one row per C-SSRS post and a header");

        var mismatch = CliRunner.Run("train", "--data", posts, "--label-column", "triage_weak", "--levels", "green,amber,red", "--out", Path.Combine(_dir, "never3.ptm"), "-q");
        mismatch.ExitCode.Should().NotBe(0);
        mismatch.StdErr.Trim().Should().MatchRegex(@"^peertriage: error: posts\.csv:\d+: the data has levels that are not in the scheme \(green < amber < red\): 'crisis' \(levels found: ")
            .And.EndWith("pass --levels with every level of the data, lowest first.");
        File.Exists(Path.Combine(_dir, "never3.ptm")).Should().BeFalse();
    }

    [Test]
    public void Bad_recall_target_is_reported_by_name()
    {
        var run = CliRunner.Run("evaluate", "--data", _demoCsv, "--text-column", "body", "--recall-target", "purple=0.9", "-q");
        run.ExitCode.Should().NotBe(0);
        run.StdErr.Should().Contain("purple");
    }

    [Test]
    public void Bad_label_fails_with_one_line_naming_file_and_line()
    {
        string bad = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(bad, "text,label\nhello,green\n\"multi\nline\",red\nbye,purple\n");
        var run = CliRunner.Run("train", "--data", bad, "--out", Path.Combine(_dir, "never.ptm"));
        run.ExitCode.Should().NotBe(0);
        run.StdErr.Trim().Should().StartWith("peertriage: error: bad.csv:5: ").And.Contain("'purple'");
        run.StdErr.Trim().Split('\n').Should().ContainSingle("no stack trace without --verbose");
        File.Exists(Path.Combine(_dir, "never.ptm")).Should().BeFalse();
    }

    [Test]
    public void Verbose_prints_the_stack_trace()
    {
        var run = CliRunner.Run("score", "--model", Path.Combine(_dir, "missing.ptm"), "--data", _demoCsv, "--verbose");
        run.ExitCode.Should().NotBe(0);
        run.StdErr.Should().Contain("   at ");
    }

    [Test]
    public void Corrupt_model_fails_cleanly()
    {
        string model = Path.Combine(_dir, "corrupt.ptm");
        File.WriteAllText(model, "not a model");
        var run = CliRunner.Run("score", "--model", model, "--data", _demoCsv);
        run.ExitCode.Should().NotBe(0);
        run.StdErr.Should().Contain("corrupt.ptm").And.NotContain("   at ");
    }

    [Test]
    public void Missing_required_option_is_a_usage_error()
    {
        var run = CliRunner.Run("train", "--data", _demoCsv);
        run.ExitCode.Should().NotBe(0);
        run.StdErr.Should().Contain("--out");
    }
}
