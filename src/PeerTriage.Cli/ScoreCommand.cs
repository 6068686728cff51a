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
        var format = Cli.OneOf(new Option<string?>("--format") { Description = "Output format: tsv or jsonl. Default: from the --out extension (.jsonl/.ndjson for JSON Lines), else tsv." },
            "tsv", "jsonl");
        var threads = Cli.Check(new Option<int>("--threads") { Description = "Cores to score on; -1 for all.", DefaultValueFactory = _ => -1 },
            n => n == -1 || n >= 1, "must be -1 (all cores) or at least 1");
        var skipBadRows = Cli.SkipBadRows();

        var command = new Command("score", "Triage every message in a data file with a trained model. Streams: memory stays bounded whatever the file's size. "
            + "The file is read once to check it before anything is written, so a bad row leaves no partial output.")
        {
            model, data, text, id, output, format, threads, skipBadRows,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var progress = new Cli.Progress(parse.GetValue(quiet));
            var path = Cli.RequireDataFile("--data", parse.GetValue(data)!);
            Cli.RequireColumns(parse, text);
            string? outPath = parse.GetValue(output) is { } o ? Cli.RequireOutputFile("--out", o) : null;
            var triage = Cli.LoadModel("--model", parse.GetValue(model)!);
            var columns = new DatasetColumns { Text = parse.GetValue(text)!, Label = null, Id = parse.GetValue(id) };
            var options = new BatchOptions
            {
                MaxDegreeOfParallelism = parse.GetValue(threads),
                Progress = new SynchronousProgress(done => progress.Report($"scored {done:N0} messages")),
                ProgressInterval = 10_000,
            };
            var scorer = new StreamingScorer(triage, options);
            var badRows = Cli.BadRows.From(parse, skipBadRows);
            // Reading is cheap next to scoring, and stdout cannot be taken back: a first pass finds a bad row (or, when
            // skipping them, a bad file) before anything is written.
            var ignore = badRows is null ? null : new DatasetReadOptions { OnBadRow = _ => { } };
            foreach (var record in DatasetReader.Read(path, columns, ignore))
                cancellationToken.ThrowIfCancellationRequested();
            var records = DatasetReader.Read(path, columns, badRows?.ReadOptions);
            long count;
            try
            {
                if (outPath is null)
                {
                    using var writer = new StreamWriter(Console.OpenStandardOutput());
                    count = scorer.Score(records, writer, Format(parse.GetValue(format)) ?? ScoreOutputFormat.Tsv, cancellationToken);
                }
                else
                {
                    count = Cli.Writing("--out", outPath, () => scorer.ScoreToFile(records, outPath, Format(parse.GetValue(format)), cancellationToken));
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
