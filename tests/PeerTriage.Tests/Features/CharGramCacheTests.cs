using PeerTriage.Features;
using PeerTriage.Tests.Text;

namespace PeerTriage.Tests.Features;

/// <summary>The per-thread memo of char n-gram keys changes no feature: a warm cache gives what a cold one gives.</summary>
public class CharGramCacheTests
{
    [TestCase(20, 3, 5)]
    [TestCase(12, 2, 4)]
    [TestCase(16, 1, 6)]
    public void Warm_and_cold_caches_give_the_same_features(int hashBits, int min, int max)
    {
        var featurizer = new NGramFeaturizer(NGramOptions.Default with { HashBits = hashBits, CharNGrams = new(min, max) });
        var other = new NGramFeaturizer(NGramOptions.Default with { HashBits = 14, CharNGrams = new(3, 3) });
        var warm = new FeatureBuilder();
        var random = new Random(hashBits);
        var messages = TestData.Corpus.Select(e => e.Message)
            .Concat(Enumerable.Range(0, 300).Select(_ => new ForumMessage(HostileText.Next(random, 60)))).ToList();
        foreach (var message in messages.Concat(messages))
        {
            var cold = new FeatureBuilder();
            int n = featurizer.Extract(message, cold);
            featurizer.Extract(message, warm).Should().Be(n);
            warm.Buckets.AsSpan(0, n).ToArray().Should().Equal(cold.Buckets.AsSpan(0, n).ToArray());
            warm.Values.AsSpan(0, n).ToArray().Should().Equal(cold.Values.AsSpan(0, n).ToArray());
            // Another featurizer on the same thread's builder resets the memo rather than reading foreign keys.
            if (message.Body.Length % 5 == 0)
                other.Extract(message, warm);
        }
    }
}
