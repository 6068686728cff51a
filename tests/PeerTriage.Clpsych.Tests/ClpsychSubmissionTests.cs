using PeerTriage.Data;
using PeerTriage.Evaluation;

namespace PeerTriage.Clpsych.Tests;

public class ClpsychSubmissionTests
{
    private static string Write(IEnumerable<(string Id, string Level)> rows)
    {
        using var w = new StringWriter();
        ClpsychSubmission.Write(w, rows);
        return w.ToString();
    }

    [Test]
    public void Write_produces_the_official_tab_separated_format()
    {
        Write([("67", "green"), ("68", "crisis")]).Should().Be("67\tgreen\n68\tcrisis\n");
    }

    [TestCase("a\tb")]
    [TestCase("a\nb")]
    [TestCase("a\rb")]
    [TestCase("")]
    [TestCase(" a")]
    public void Write_rejects_ids_the_format_cannot_hold(string id)
    {
        FluentActions.Invoking(() => Write([(id, "green")])).Should().Throw<ArgumentException>();
    }

    [Test]
    public void Write_rejects_duplicate_ids()
    {
        FluentActions.Invoking(() => Write([("1", "green"), ("1", "red")])).Should().Throw<ArgumentException>().WithMessage("*'1'*more than once*");
    }

    [Test]
    public void Read_parses_rows_and_tolerates_crlf_and_a_final_blank_line()
    {
        var rows = ClpsychSubmission.Read(new StringReader("67\tgreen\r\n68\tcrisis\r\n\r\n"), "test.tsv");
        rows.Should().Equal(("67", "green"), ("68", "crisis"));
    }

    [TestCase("1\tgreen\n2 green\n", 2, "found 1")]
    [TestCase("1\tgreen\n2\tred\n3\tred\textra\n", 3, "found 3")]
    [TestCase("1\tgreen\n\tred\n", 2, "found 1")] // lines are trimmed first, as the official scorer strips them
    [TestCase("1\tgreen\n2\tred\n1\tamber\n", 3, "duplicate id '1' (already on line 1)")]
    public void Read_rejects_bad_lines_with_their_line_number(string text, int line, string reason)
    {
        var ex = FluentActions.Invoking(() => ClpsychSubmission.Read(new StringReader(text), "run1.tsv")).Should().Throw<DataFormatException>().Which;
        ex.Line.Should().Be(line);
        ex.FilePath.Should().Be("run1.tsv");
        ex.Reason.Should().Contain(reason);
    }

    [Test]
    public void Write_read_score_round_trip_equals_compute_for_random_data()
    {
        var scheme = PriorityScheme.Default;
        for (int seed = 0; seed < 10; seed++)
        {
            var rng = new Random(seed);
            int n = rng.Next(5, 300);
            var ids = Enumerable.Range(0, n).Select(i => $"post-{i * 7 + seed}").ToArray();
            var gold = Enumerable.Range(0, n).Select(_ => rng.Next(4)).ToArray();
            var pred = gold.Select(g => rng.NextDouble() < 0.6 ? g : rng.Next(4)).ToArray();

            string goldText = Write(ids.Select((id, i) => (id, scheme.NameOf(gold[i]))));
            // Predictions in a different order, upper case: pairing is by id and levels are case-insensitive.
            var order = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).ToArray();
            string predText = Write(order.Select(i => (ids[i], scheme.NameOf(pred[i]).ToUpperInvariant())));

            var scored = ClpsychSubmission.Score(scheme, new StringReader(goldText), new StringReader(predText));
            var direct = TriageEvaluation.Compute(scheme, gold, pred);

            scored.ToJson().Should().Be(direct.ToJson(), $"seed {seed}");
            scored.MacroF1.Should().Be(direct.MacroF1);
            scored.Accuracy.Should().Be(direct.Accuracy);
            ClpsychSubmission.Read(new StringReader(goldText)).Select(r => r.Id).Should().Equal(ids);
        }
    }

    [Test]
    public void Score_from_files_matches_compute()
    {
        var dir = Path.Combine(Path.GetTempPath(), "peertriage-sub-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string goldPath = Path.Combine(dir, "gold.tsv");
            string predPath = Path.Combine(dir, "pred.tsv");
            ClpsychSubmission.Write(goldPath, [("1", "green"), ("2", "amber"), ("3", "red"), ("4", "crisis")]);
            ClpsychSubmission.Write(predPath, [("1", "green"), ("2", "red"), ("3", "red"), ("4", "crisis")]);

            var scored = ClpsychSubmission.Score(PriorityScheme.Default, goldPath, predPath);

            scored.ToJson().Should().Be(TriageEvaluation.Compute(PriorityScheme.Default, [0, 1, 2, 3], [0, 2, 2, 3]).ToJson());
            ClpsychSubmission.Read(goldPath).Should().HaveCount(4);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Write_to_a_file_writes_the_same_bytes_as_the_text_writer_without_a_byte_order_mark()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "run1.tsv");
        (string, string)[] rows = [("67", "green"), ("68", "crisis"), ("é1", "amber")];

        ClpsychSubmission.Write(path, rows);

        File.ReadAllBytes(path).Should().Equal(new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(Write(rows)));
        Directory.GetFiles(dir.Path).Should().ContainSingle("no temporary file is left beside it");
    }

    [Test]
    public void Write_to_a_file_replaces_it_whole_or_not_at_all()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "run1.tsv");
        ClpsychSubmission.Write(path, [("1", "green")]);

        // The second row is invalid after the first was written: the earlier file stays as it was, with no temporary file.
        FluentActions.Invoking(() => ClpsychSubmission.Write(path, [("2", "red"), ("2", "amber")])).Should().Throw<ArgumentException>();

        File.ReadAllText(path).Should().Be("1\tgreen\n");
        Directory.GetFiles(dir.Path).Should().ContainSingle();
    }

    [Test]
    public void Score_requires_the_same_count_and_ids_like_the_official_scorer()
    {
        var s = PriorityScheme.Default;
        FluentActions.Invoking(() => ClpsychSubmission.Score(s, new StringReader("1\tgreen\n2\tred\n"), new StringReader("1\tgreen\n"), "gold.tsv", "pred.tsv"))
            .Should().Throw<DataFormatException>().WithMessage("pred.tsv: has 1 rows but the gold input (gold.tsv) has 2*");
        FluentActions.Invoking(() => ClpsychSubmission.Score(s, new StringReader("1\tgreen\n2\tred\n"), new StringReader("1\tgreen\n3\tred\n"), "gold.tsv", "pred.tsv"))
            .Should().Throw<DataFormatException>().WithMessage("gold.tsv:2: id '2' has no prediction in pred.tsv");
        FluentActions.Invoking(() => ClpsychSubmission.Score(s, new StringReader("1\tgreen\n2\tred\n"), new StringReader("1\tgreen\n2\tpurple\n"), "gold.tsv", "pred.tsv"))
            .Should().Throw<DataFormatException>().WithMessage("pred.tsv:2: level 'purple' is not a level of the scheme (green < amber < red < crisis)");
    }
}
