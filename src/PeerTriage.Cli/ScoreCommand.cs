using System.CommandLine;
using PeerTriage.Data;
using PeerTriage.Scoring;

namespace PeerTriage.Cli;

internal static class ScoreCommand
{
    public static Command Create(Option<bool> quiet)
    {
        var model = new Option<FileInfo>("--model", "-m") { Description = "Trained model (.ptm).", Required = true };
        var data = Cli.DataOption();
        var text = Cli.TextColumn();
        var id = Cli.IdColumn();
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Output file (id, level, one probability per level). Default: stdout." };
        var format = new Option<string?>("--format") { Description = "Output format: tsv or jsonl. Default: from the --out extension (.jsonl/.ndjson for JSON Lines), else tsv." };
        format.AcceptOnlyFromAmong("tsv", "jsonl");
        var threads = new Option<int>("--threads") { Description = "Cores to score on; -1 for all.", DefaultValueFactory = _ => -1 };
        var skipBadRows = Cli.SkipBadRows();

        var command = new Command("score", "Triage every message in a data file with a trained model. Streams: memory stays bounded whatever the file's size.")
        {
            model, data, text, id, output, format, threads, skipBadRows,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var progress = new Cli.Progress(parse.GetValue(quiet));
            var triage = TriageModel.Load(parse.GetValue(model)!.FullName);
            var path = parse.GetValue(data)!.FullName;
            var columns = new DatasetColumns { Text = parse.GetValue(text)!, Label = null, Id = parse.GetValue(id) };
            var outFile = parse.GetValue(output);
            var options = new BatchOptions
            {
                MaxDegreeOfParallelism = parse.GetValue(threads),
                Progress = new SynchronousProgress(done => progress.Report($"scored {done:N0} messages")),
                ProgressInterval = 10_000,
            };
            var scorer = new StreamingScorer(triage, options);
            var badRows = Cli.BadRows.From(parse, skipBadRows);
            var records = DatasetReader.Read(path, columns, badRows?.ReadOptions);
            long count;
            try
            {
                if (outFile is null)
                {
                    using var writer = new StreamWriter(Console.OpenStandardOutput());
                    count = scorer.Score(records, writer, Format(parse.GetValue(format)) ?? ScoreOutputFormat.Tsv, cancellationToken);
                }
                else
                {
                    count = scorer.ScoreToFile(records, outFile.FullName, Format(parse.GetValue(format)), cancellationToken);
                }
            }
            finally
            {
                // Also when scoring fails later on: what was skipped up to then still matters.
                badRows?.Report();
            }
            progress.Report($"scored {count:N0} messages from {path}");
            return Task.FromResult(0);
        });
        return command;
    }

    private static ScoreOutputFormat? Format(string? name) => name switch
    {
        "tsv" => ScoreOutputFormat.Tsv,
        "jsonl" => ScoreOutputFormat.JsonLines,
        _ => null,
    };

    /// <summary>Reports on the calling thread (<see cref="Progress{T}"/> would post to the thread pool and could print late).</summary>
    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
