using System.Globalization;
using PeerTriage.Serialization;

namespace PeerTriage.Tests.Serialization;

/// <summary>
/// Model files written by earlier format versions, committed under Fixtures/golden. Every later version must load
/// each of them and score the embedded demo corpus to the same bits.
/// </summary>
public class GoldenModelTests
{
    private static IEnumerable<string> Goldens() =>
        Directory.EnumerateFiles(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "golden"), "*.ptm")
            .Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    [Test]
    public void There_is_a_golden_file_for_every_format_version_so_far() =>
        Goldens().Should().Contain(["demo-v1.0", "demo-v1.1", "demo-v1.1-two-stage-float16"])
            .And.Contain(n => n == $"demo-v{ModelFile.CurrentVersion}" || n.StartsWith($"demo-v{ModelFile.CurrentVersion}-", StringComparison.Ordinal));

    [TestCaseSource(nameof(Goldens))]
    public void Golden_model_loads_and_scores_the_demo_corpus_identically(string name)
    {
        string dir = Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "golden");
        var model = TriageModel.Load(Path.Combine(dir, name + ".ptm"));
        model.Info.FormatVersion.Should().Be(name.Split('-')[1][1..]);
        var corpus = TestData.Corpus;
        var threads = new ForumThreads(corpus.Select(e => e.Message));
        int checkedRows = 0;
        foreach (string line in File.ReadLines(Path.Combine(dir, name + ".expected.tsv")))
        {
            if (line.StartsWith('#'))
                continue;
            string[] fields = line.Split('\t');
            int row = int.Parse(fields[0], CultureInfo.InvariantCulture);
            float[] expected = Parse(fields[2]);
            var result = model.Triage(corpus[row].Message);
            result.Level.Should().Be(fields[1], "row {0} of {1}", row, name);
            result.Probabilities.ToArray().Should().Equal(expected, "row {0} of {1} must score to the same bits", row, name);
            if (fields.Length > 3)
            {
                // Written since 1.1: the same message scored with its thread context.
                var context = threads.ContextOf(corpus[row].Message);
                var withContext = model.Triage(corpus[row].Message, context);
                withContext.Level.Should().Be(fields[3]);
                withContext.Probabilities.ToArray().Should().Equal(Parse(fields[4]), "row {0} of {1} with context must score to the same bits", row, name);
            }
            checkedRows++;
        }
        checkedRows.Should().Be(corpus.Count);
    }

    private static float[] Parse(string hex) =>
        [.. hex.Split(',').Select(h => BitConverter.Int32BitsToSingle(int.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture)))];
}
