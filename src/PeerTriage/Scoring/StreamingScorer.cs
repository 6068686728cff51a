using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using PeerTriage.Data;
using PeerTriage.Shared;

namespace PeerTriage.Scoring;

/// <summary>
/// Triages a dataset of any size with bounded memory: records are read in blocks, each block is scored on all cores
/// (<see cref="BatchScorer"/>), and the results are written in input order while the next block is read.
/// At most two blocks are held at a time, so memory depends on the block size, not on the file.
/// </summary>
public sealed class StreamingScorer
{
    private readonly ITriageClassifier _classifier;
    private readonly BatchOptions _options;
    private readonly int _blockSize;

    /// <summary>Creates a scorer.</summary>
    /// <param name="classifier">The model.</param>
    /// <param name="options">Threads and progress (reported as the total written so far); null for <see cref="BatchOptions.Default"/>.</param>
    /// <param name="blockSize">Records per block. Default 4,096: enough to keep every core busy, small enough that two
    /// blocks of long posts take a few megabytes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="classifier"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="blockSize"/> is less than 1, or an option is out of range.</exception>
    public StreamingScorer(ITriageClassifier classifier, BatchOptions? options = null, int blockSize = 4096)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        options ??= BatchOptions.Default;
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        _classifier = classifier;
        _options = options;
        _blockSize = blockSize;
    }

    /// <summary>Picks the output format from a file name: <c>.jsonl</c> and <c>.ndjson</c> are JSON Lines, anything else TSV.</summary>
    /// <param name="path">A file name or path.</param>
    /// <returns>The format.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    public static ScoreOutputFormat FormatFromPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        // The dataset reader's rule, so a file this writes as JSON Lines is one it reads as JSON Lines.
        return DatasetReader.FormatOrNull(path) == DataFormat.JsonLines ? ScoreOutputFormat.JsonLines : ScoreOutputFormat.Tsv;
    }

    /// <summary>
    /// Scores a dataset file (CSV, TSV or JSON Lines, see <see cref="DatasetReader"/>) into an output file, written to a
    /// temporary name and moved into place when complete.
    /// </summary>
    /// <param name="inputPath">The dataset.</param>
    /// <param name="columns">Which columns hold the text and the id.</param>
    /// <param name="outputPath">The output file.</param>
    /// <param name="format">The output format; null to choose it from <paramref name="outputPath"/> (see <see cref="FormatFromPath"/>).</param>
    /// <param name="cancellationToken">Stops scoring; no output file is left behind.</param>
    /// <returns>The number of messages scored.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="FileNotFoundException">The input does not exist.</exception>
    /// <exception cref="DataFormatException">The input is malformed; the message names the file and line.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public long ScoreFile(string inputPath, DatasetColumns columns, string outputPath, ScoreOutputFormat? format = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputPath);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(outputPath);
        return ScoreToFile(DatasetReader.Read(inputPath, columns), outputPath, format, cancellationToken);
    }

    /// <summary>
    /// Scores records into an output file, written to a temporary name and moved into place when complete. Use it to
    /// score a dataset read with options, such as <see cref="DatasetReadOptions.OnBadRow"/> to skip malformed rows.
    /// </summary>
    /// <param name="records">The records, read lazily; <see cref="DatasetReader.Read(string, DatasetColumns, DatasetReadOptions?)"/> streams a file.</param>
    /// <param name="outputPath">The output file.</param>
    /// <param name="format">The output format; null to choose it from <paramref name="outputPath"/> (see <see cref="FormatFromPath"/>).</param>
    /// <param name="cancellationToken">Stops scoring; no output file is left behind.</param>
    /// <returns>The number of messages scored.</returns>
    /// <exception cref="ArgumentNullException">An argument or a record is null.</exception>
    /// <exception cref="DataFormatException">Reading the records failed; the message names the file and line.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public long ScoreToFile(IEnumerable<DatasetRecord> records, string outputPath, ScoreOutputFormat? format = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(outputPath);
        long count = 0;
        AtomicFile.WriteText(outputPath, writer => count = Score(records, writer, format ?? FormatFromPath(outputPath), cancellationToken));
        return count;
    }

    /// <summary>Scores records into a writer, which is flushed but not closed.</summary>
    /// <param name="records">The records, read lazily; <see cref="DatasetReader.Read(string, DatasetColumns, DatasetReadOptions?)"/> streams a file.</param>
    /// <param name="output">Receives a header (TSV) and one line per record, in input order.</param>
    /// <param name="format">The output format.</param>
    /// <param name="cancellationToken">Stops scoring after the current block.</param>
    /// <returns>The number of messages scored.</returns>
    /// <exception cref="ArgumentNullException">An argument or a record is null.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public long Score(IEnumerable<DatasetRecord> records, TextWriter output, ScoreOutputFormat format, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(output);
        if (!Enum.IsDefined(format))
            throw new ArgumentException($"Unknown output format {format}.", nameof(format));
        var scheme = _classifier.Scheme;
        var lineWriter = new LineWriter(output, scheme, format);
        lineWriter.WriteHeader();

        // Two blocks: one is written (on a pool thread) while the other is read and scored.
        var blocks = new[] { new Block(_blockSize, scheme.Count), new Block(_blockSize, scheme.Count) };
        var inner = _options with { Progress = null };
        Task writing = Task.CompletedTask;
        long total = 0;
        long nextReport = _options.ProgressInterval;
        int current = 0;
        try
        {
            using var enumerator = records.GetEnumerator();
            while (true)
            {
                var block = blocks[current];
                block.Count = 0;
                while (block.Count < _blockSize && enumerator.MoveNext())
                {
                    var record = enumerator.Current ?? throw new ArgumentNullException(nameof(records), $"Record {total + block.Count} is null.");
                    block.Messages[block.Count++] = record.Message;
                }
                if (block.Count == 0)
                    break;
                cancellationToken.ThrowIfCancellationRequested();
                BatchScorer.Run(block.Count, inner, cancellationToken, (from, to, token) =>
                {
                    int k = scheme.Count;
                    for (int i = from; i < to && !token.IsCancellationRequested; i++)
                        block.Levels[i] = _classifier.Triage(block.Messages[i], null, block.Probabilities.AsSpan(i * k, k));
                });
                writing.GetAwaiter().GetResult(); // the other block is free again, and write errors surface here
                writing = Task.Run(() => lineWriter.Write(block), CancellationToken.None);
                total += block.Count;
                if (_options.Progress is not null && total >= nextReport)
                {
                    _options.Progress.Report(total);
                    nextReport = total - (total % _options.ProgressInterval) + _options.ProgressInterval;
                }
                current ^= 1;
            }
            writing.GetAwaiter().GetResult();
        }
        catch
        {
            // Never leave a write running on the caller's writer after returning, even when failing.
            try
            {
                writing.Wait(CancellationToken.None);
            }
            catch (AggregateException)
            {
                // The original exception is the one to report.
            }
            throw;
        }
        output.Flush();
        _options.Progress?.Report(total);
        return total;
    }

    private sealed class Block(int size, int levels)
    {
        public readonly ForumMessage[] Messages = new ForumMessage[size];
        public readonly int[] Levels = new int[size];
        public readonly float[] Probabilities = new float[size * levels];
        public int Count;
    }

    /// <summary>Formats result lines; used by one thread at a time.</summary>
    private sealed class LineWriter(TextWriter output, PriorityScheme scheme, ScoreOutputFormat format)
    {
        private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        private readonly string[] _jsonLevels = scheme.Levels.Select(l => JsonEncodedText.Encode(l, Encoder).ToString()).ToArray();
        private readonly char[] _number = new char[32];

        public void WriteHeader()
        {
            if (format != ScoreOutputFormat.Tsv)
                return;
            output.Write("id\tlevel");
            foreach (var level in scheme.Levels)
            {
                output.Write("\tp_");
                output.Write(level);
            }
            output.WriteLine();
        }

        public void Write(Block block)
        {
            int k = scheme.Count;
            for (int i = 0; i < block.Count; i++)
            {
                string id = block.Messages[i].Id ?? "";
                ReadOnlySpan<float> p = block.Probabilities.AsSpan(i * k, k);
                if (format == ScoreOutputFormat.Tsv)
                {
                    output.Write(id.AsSpan().IndexOfAny('\t', '\r', '\n') < 0 ? id : id.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' '));
                    output.Write('\t');
                    output.Write(scheme.Levels[block.Levels[i]]);
                    for (int c = 0; c < k; c++)
                    {
                        output.Write('\t');
                        WriteNumber(p[c]);
                    }
                }
                else
                {
                    output.Write("{\"id\":\"");
                    output.Write(JsonEncodedText.Encode(id, Encoder).ToString());
                    output.Write("\",\"level\":\"");
                    output.Write(_jsonLevels[block.Levels[i]]);
                    output.Write("\",\"probabilities\":{");
                    for (int c = 0; c < k; c++)
                    {
                        output.Write(c == 0 ? "\"" : ",\"");
                        output.Write(_jsonLevels[c]);
                        output.Write("\":");
                        WriteNumber(p[c]);
                    }
                    output.Write("}}");
                }
                output.WriteLine();
            }
        }

        private void WriteNumber(float value)
        {
            // Fixed-point with up to six decimals, as the CLI has always written: valid in TSV and JSON alike.
            value.TryFormat(_number, out int written, "0.######", CultureInfo.InvariantCulture);
            output.Write(_number, 0, written);
        }
    }
}
