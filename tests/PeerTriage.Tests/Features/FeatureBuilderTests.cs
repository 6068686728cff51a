using PeerTriage.Features;
using PeerTriage.Learning;

namespace PeerTriage.Tests.Features;

/// <summary>
/// The optimized featurizer and scorer against plain reference implementations: same features in the same order,
/// same floats bit for bit. Guards the hot path's tricks (key table, register-held sums, Vector128 rows).
/// </summary>
public class FeatureBuilderTests
{
    private static IEnumerable<ForumMessage> Messages()
    {
        foreach (var example in TestData.Corpus)
            yield return example.Message;
        yield return new ForumMessage(string.Concat(Enumerable.Repeat("so so so tired tired of everything. ", 200)));
        yield return new ForumMessage("") { Subject = "help" };
        yield return new ForumMessage("👍🏽👍 :( <3 @someone www.example.com 0123 456 789");
    }

    [TestCase(20, true, true)]
    [TestCase(12, false, true)]
    [TestCase(16, true, false)]
    public void Features_match_a_dictionary_based_reference(int hashBits, bool sublinear, bool l2)
    {
        var options = NGramOptions.Default with { HashBits = hashBits, SublinearTf = sublinear, L2Normalize = l2, WordNGrams = new(1, 3), CharNGrams = new(2, 5) };
        var featurizer = new NGramFeaturizer(options);
        var builder = FeatureBuilder.ForCurrentThread();
        foreach (var message in Messages())
        {
            int tokens = featurizer.Analyze(message, builder);
            var (buckets, values) = Reference(builder, tokens, options);
            int n = featurizer.ExtractTokens(builder, tokens);
            builder.Buckets.AsSpan(0, n).ToArray().Should().Equal(buckets);
            builder.Values.AsSpan(0, n).ToArray().Should().Equal(values);
        }
    }

    [Test]
    public void Vector_scoring_matches_the_scalar_formula_bit_for_bit()
    {
        var model = TestData.DemoModel;
        model.Features.TwoStage.Should().BeFalse("this test spells out the one-stage formula");
        var featurizer = model.Featurizer;
        var builder = FeatureBuilder.ForCurrentThread();
        var actual = new float[4];
        foreach (var message in Messages())
        {
            int n = featurizer.Extract(message, null, builder);
            var dense = builder.Dense.AsSpan(0, featurizer.DenseCount).ToArray();
            int level = model.Score(builder.Buckets.AsSpan(0, n), builder.Values.AsSpan(0, n), dense, actual);
            var logits = model.Bias.ToArray();
            for (int i = 0; i < n; i++)
            {
                for (int c = 0; c < 4; c++)
                    logits[c] += builder.Values[i] * model.Weights[(builder.Buckets[i] * 4) + c];
            }
            var denseWeights = model.WeightSet.Dense;
            for (int j = 0; j < dense.Length; j++)
            {
                if (dense[j] == 0)
                    continue;
                for (int c = 0; c < 4; c++)
                    logits[c] += dense[j] * denseWeights[(j * 4) + c];
            }
            float beta = 1f / model.Temperature;
            if (beta != 1f)
            {
                for (int c = 0; c < 4; c++)
                    logits[c] *= beta;
            }
            Softmax.InPlace(logits);
            level.Should().Be(model.Policy.Decide(logits));
            actual.Should().Equal(logits);
        }
    }

    /// <summary>The featurization spelled out with a dictionary and strings-free hashing, as the format defines it.</summary>
    private static (int[] Buckets, float[] Values) Reference(FeatureBuilder builder, int tokenCount, NGramOptions options)
    {
        uint mask = (1u << options.HashBits) - 1;
        var order = new List<(int Bucket, int Block)>();
        var counts = new Dictionary<(int, int), int>();
        void Add(uint bucket, int block)
        {
            var key = ((int)bucket, block);
            if (counts.TryGetValue(key, out int c))
                counts[key] = c + 1;
            else
            {
                counts[key] = 1;
                order.Add(key);
            }
        }

        var tokens = builder.Analysis.Tokens[..tokenCount].ToArray();
        string text = new(builder.Analysis.TokenTextBuffer);
        var hashes = tokens.Select(t => FeatureHash.Text(text.AsSpan(t.Start, t.Length), FeatureHash.WordSeed)).ToArray();
        for (int end = 0; end < hashes.Length; end++)
        {
            uint running = FeatureHash.WordSeed;
            for (int n = 1; n <= options.WordNGrams.Max && n <= end + 1; n++)
            {
                running = FeatureHash.Combine(running, hashes[end - n + 1]);
                if (n >= options.WordNGrams.Min)
                    Add(FeatureHash.Finish(running ^ (uint)n) & mask, NGramFeaturizer.WordBlock);
            }
        }
        foreach (var token in tokens)
        {
            string padded = " " + text.Substring(token.Start, token.Length) + " ";
            for (int start = 0; start < padded.Length; start++)
            {
                for (int length = options.CharNGrams.Min; length <= options.CharNGrams.Max && start + length <= padded.Length; length++)
                    Add(FeatureHash.Text(padded.AsSpan(start, length), FeatureHash.CharSeed) & mask, NGramFeaturizer.CharBlock);
            }
        }

        var values = new float[order.Count];
        var sumSquares = new float[FeatureBuilder.MaxBlocks];
        for (int i = 0; i < order.Count; i++)
        {
            int count = counts[order[i]];
            values[i] = count == 1 ? 1f : options.SublinearTf ? 1f + MathF.Log(count) : count;
            sumSquares[order[i].Block] += values[i] * values[i];
        }
        if (options.L2Normalize)
        {
            for (int i = 0; i < order.Count; i++)
                values[i] *= 1f / MathF.Sqrt(sumSquares[order[i].Block]);
        }
        return (order.Select(o => o.Bucket).ToArray(), values);
    }
}
