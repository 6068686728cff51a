using System.Globalization;

namespace PeerTriage.TestSupport;

/// <summary>Helpers shared by the golden-file writers and the steady-state allocation tests.</summary>
public static class Goldens
{
    /// <summary>
    /// Writes the expected scores of a golden model, as GoldenModelTests reads them: for each row of the embedded demo
    /// corpus its level and probabilities (float32 bit patterns), without and with its thread context.
    /// </summary>
    public static void WriteExpectedScores(TriageModel loaded, string path)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        var corpus = TestData.Corpus;
        var threads = new ForumThreads(corpus.Select(e => e.Message));
        using var writer = new StreamWriter(path) { NewLine = "\n" };
        writer.WriteLine("# row of the embedded demo corpus\tlevel\tprobabilities as float32 bit patterns (hex)\tlevel with thread context\tprobabilities with thread context");
        for (int row = 0; row < corpus.Count; row++)
        {
            var plain = loaded.Triage(corpus[row].Message);
            var withContext = loaded.Triage(corpus[row].Message, threads.ContextOf(corpus[row].Message));
            writer.WriteLine(string.Join('\t', row.ToString(CultureInfo.InvariantCulture), plain.Level, Hex(plain.Probabilities.ToArray()),
                withContext.Level, Hex(withContext.Probabilities.ToArray())));
        }
    }

    private static string Hex(float[] values) =>
        string.Join(',', values.Select(v => BitConverter.SingleToInt32Bits(v).ToString("x8", CultureInfo.InvariantCulture)));

    /// <summary>Bytes allocated by <paramref name="calls"/> span-API triage calls over the demo corpus, after one warm-up pass.</summary>
    public static long SteadyStateAllocation(ITriageClassifier model, int calls)
    {
        ArgumentNullException.ThrowIfNull(model);
        var messages = TestData.Corpus.Select(e => e.Message).ToArray();
        var buffer = new float[model.Scheme.Count];
        foreach (var m in messages)
            model.Triage(m, null, buffer); // warm up: buffers grow to the largest message
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < calls; i++)
            model.Triage(messages[i % messages.Length], null, buffer);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
