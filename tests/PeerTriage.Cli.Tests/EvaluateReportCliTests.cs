using PeerTriage.Data;

namespace PeerTriage.Cli.Tests;

[NonParallelizable]
public class EvaluateReportCliTests
{
    private TempDirectory _dir = null!;
    private string _demoCsv = "";

    [OneTimeSetUp]
    public void WriteDemoCsv()
    {
        _dir = new TempDirectory();
        _demoCsv = _dir.File("demo.csv");
        using var file = File.Create(_demoCsv);
        DemoCorpus.OpenCsv().CopyTo(file);
    }

    [OneTimeTearDown]
    public void Cleanup() => _dir.Dispose();

    [Test]
    public void Evaluate_with_report_writes_a_self_contained_html_file_beside_the_usual_output()
    {
        string report = _dir.File("eval.html");
        var run = CliRunner.Run("evaluate", "--data", _demoCsv, "--text-column", "body", "--group-column", "author_id", "--folds", "3",
            "--hash-bits", "16", "--report", report, "-q");
        run.ExitCode.Should().Be(0, run.StdErr);
        run.StdOut.Should().Contain("macro-F1", "the usual output is still printed");

        string html = File.ReadAllText(report);
        html.Should().StartWith("<!DOCTYPE html>");
        html.Should().NotContainAny("http://", "https://", "src=\"//", "<script");
        html.Split("<img src=\"data:image/png;base64,").Length.Should().Be(3 + 1, "heat map, precision-recall curves and reliability diagram");
        html.Split("<img ").Length.Should().Be(3 + 1, "every image is a data URI");
        foreach (string section in new[] { "Headline metrics", "Confusion matrix", "Precision–recall by boundary", "Calibration", "Scores per level" })
            html.Should().Contain($">{section}</h2>");
        html.Should().Contain("3-fold cross-validation").And.Contain("demo.csv");
        Directory.GetFiles(_dir.Path, "eval.html*").Should().ContainSingle("no temporary file is left behind");
    }

    [Test]
    public void Evaluate_a_model_with_report_writes_the_same_sections()
    {
        string model = _dir.File("demo.ptm");
        var train = CliRunner.Run("train", "--data", _demoCsv, "--text-column", "body", "--out", model, "--hash-bits", "16", "-q");
        train.ExitCode.Should().Be(0, train.StdErr);
        string report = _dir.File("model.html");
        var run = CliRunner.Run("evaluate", "--data", _demoCsv, "--text-column", "body", "--model", model, "--report", report, "-q");
        run.ExitCode.Should().Be(0, run.StdErr);
        string html = File.ReadAllText(report);
        html.Should().Contain("A trained model scored every message").And.Contain(">Calibration</h2>").And.Contain(">Confusion matrix</h2>");
        html.Split("<img src=\"data:image/png;base64,").Length.Should().Be(3 + 1);
    }

    [Test]
    public void A_report_path_in_a_missing_folder_fails_before_the_long_run_in_one_line()
    {
        string report = Path.Combine(_dir.Path, "no-such-folder", "eval.html");
        var run = CliRunner.Run("evaluate", "--data", _demoCsv, "--text-column", "body", "--report", report);
        run.ExitCode.Should().Be(1);
        run.StdErr.Trim().Should().Be($"peertriage: error: --report {report}: the folder {Path.GetDirectoryName(report)} does not exist.");
        run.StdErr.Should().NotContain("loaded", "the data was not even read");
    }

    [Test]
    public void A_report_path_that_is_a_folder_fails_clearly()
    {
        var run = CliRunner.Run("evaluate", "--data", _demoCsv, "--text-column", "body", "--report", _dir.Path);
        run.ExitCode.Should().Be(1);
        run.StdErr.Trim().Should().Be($"peertriage: error: --report {_dir.Path} is a folder; give the path of a file to write.");
    }
}
