using System.Globalization;
using System.Text.Json;
using PeerTriage.Data;
using PeerTriage.Scoring;

namespace PeerTriage.Tests.Scoring;

public class StreamingScorerTests
{
    private static IEnumerable<DatasetRecord> Records(int count)
    {
        var corpus = TestData.Corpus;
        for (int i = 0; i < count; i++)
            yield return new DatasetRecord(corpus[i % corpus.Count].Message with { Id = "m" + i }, null, null, i + 2, i + 1);
    }

    [Test]
    public void Tsv_has_a_header_and_one_row_per_message_in_input_order()
    {
        var model = TestData.DemoModel;
        var output = new StringWriter();
        long count = new StreamingScorer(model, blockSize: 7).Score(Records(100), output, ScoreOutputFormat.Tsv);
        count.Should().Be(100);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        lines[0].Should().Be("id\tlevel\tp_green\tp_amber\tp_red\tp_crisis");
        lines.Should().HaveCount(101);
        var records = Records(100).ToList();
        for (int i = 0; i < 100; i++)
        {
            var fields = lines[i + 1].Split('\t');
            var expected = model.Triage(records[i].Message);
            fields[0].Should().Be("m" + i);
            fields[1].Should().Be(expected.Level);
            float.Parse(fields[2 + expected.LevelIndex], CultureInfo.InvariantCulture)
                .Should().BeApproximately(expected.Probabilities[expected.LevelIndex], 1e-6f);
        }
    }

    [Test]
    public void Json_lines_parse_and_name_every_level()
    {
        var output = new StringWriter();
        new StreamingScorer(TestData.DemoModel, blockSize: 16).Score(Records(40), output, ScoreOutputFormat.JsonLines);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(40);
        using var doc = JsonDocument.Parse(lines[5]);
        doc.RootElement.GetProperty("id").GetString().Should().Be("m5");
        var p = doc.RootElement.GetProperty("probabilities");
        float sum = 0;
        foreach (var level in TestData.DemoModel.Scheme.Levels)
            sum += p.GetProperty(level).GetSingle();
        sum.Should().BeApproximately(1f, 1e-4f);
        doc.RootElement.GetProperty("level").GetString().Should().Be(TestData.DemoModel.Triage(Records(6).Last().Message).Level);
    }

    [Test]
    public void Memory_is_bounded_the_reader_never_runs_more_than_two_blocks_ahead_of_the_writer()
    {
        const int blockSize = 10;
        var output = new CountingWriter();
        long maxAhead = 0;
        IEnumerable<DatasetRecord> Watched()
        {
            long pulled = 0;
            foreach (var record in Records(500))
            {
                pulled++;
                maxAhead = Math.Max(maxAhead, pulled - output.Lines);
                yield return record;
            }
        }
        new StreamingScorer(TestData.DemoModel, blockSize: blockSize).Score(Watched(), output, ScoreOutputFormat.JsonLines);
        output.Lines.Should().Be(500);
        maxAhead.Should().BeLessThanOrEqualTo(2 * blockSize + 1);
    }

    [Test]
    public void Score_file_reads_csv_and_writes_jsonl_chosen_by_extension()
    {
        using var dir = new TempDirectory();
        string input = dir.Write("in.csv", "id,text\n1,thank you all so much :)\n2,\"I have the pills here, tonight is the night\"\n");
        string outPath = Path.Combine(dir.Path, "out.jsonl");
        long count = new StreamingScorer(TestData.DemoModel).ScoreFile(input, new DatasetColumns { Text = "text", Label = null, Id = "id" }, outPath);
        count.Should().Be(2);
        var lines = File.ReadAllLines(outPath);
        lines.Should().HaveCount(2);
        lines[1].Should().StartWith("{\"id\":\"2\",\"level\":\"");
        Directory.GetFiles(dir.Path).Should().HaveCount(2, "no temporary file is left behind");
    }

    [Test]
    public void Cancellation_stops_scoring_and_leaves_no_output_file()
    {
        using var dir = new TempDirectory();
        string input = dir.Write("in.csv", "id,text\n1,hello\n");
        string outPath = Path.Combine(dir.Path, "out.tsv");
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        FluentActions.Invoking(() => new StreamingScorer(TestData.DemoModel).ScoreFile(input, new DatasetColumns { Text = "text", Label = null }, outPath, null, cts.Token))
            .Should().Throw<OperationCanceledException>();
        File.Exists(outPath).Should().BeFalse();
        Directory.GetFiles(dir.Path).Should().HaveCount(1);
    }

    [Test]
    public void Ids_with_tabs_or_line_breaks_keep_the_tsv_shape()
    {
        var output = new StringWriter();
        var record = new DatasetRecord(new ForumMessage("hello") { Id = "a\tb\nc" }, null, null, 2, 1);
        new StreamingScorer(TestData.DemoModel).Score([record], output, ScoreOutputFormat.Tsv);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(2);
        lines[1].Split('\t')[0].Should().Be("a b c");
    }

    private sealed class CountingWriter : TextWriter
    {
        private readonly long[] _lines = new long[1]; // a field of a TextWriter cannot be passed by ref

        public long Lines => Interlocked.Read(ref _lines[0]);

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value)
        {
            if (value == '\n')
                Interlocked.Increment(ref _lines[0]);
        }
    }
}
