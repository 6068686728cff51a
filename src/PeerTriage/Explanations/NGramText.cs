using PeerTriage.Features;
using PeerTriage.Text;

namespace PeerTriage.Explanations;

/// <summary>
/// Recovers the text behind hashed n-gram buckets for one analyzed message, by hashing its tokens exactly as
/// <see cref="NGramFeaturizer"/> does. Not on the scoring hot path: explanations and vocabulary building only.
/// A test checks that it yields the same buckets as the featurizer.
/// </summary>
internal static class NGramText
{
    /// <summary>Every word n-gram of the message: its bucket and its text (tokens joined by one space).</summary>
    public static IEnumerable<(int Bucket, string Text)> WordNGrams(string[] tokens, NGramOptions options)
    {
        var range = options.WordNGrams;
        if (!range.IsEnabled)
            yield break;
        uint mask = (1u << options.HashBits) - 1;
        var hashes = new uint[tokens.Length];
        for (int i = 0; i < tokens.Length; i++)
            hashes[i] = FeatureHash.Text(tokens[i], FeatureHash.WordSeed);
        for (int end = 0; end < tokens.Length; end++)
        {
            uint running = FeatureHash.WordSeed;
            for (int n = 1; n <= range.Max && n <= end + 1; n++)
            {
                running = FeatureHash.Combine(running, hashes[end - n + 1]);
                if (n >= range.Min)
                    yield return ((int)(FeatureHash.Finish(running ^ (uint)n) & mask), string.Join(' ', tokens, end - n + 1, n));
            }
        }
    }

    /// <summary>Every character n-gram bucket of one token.</summary>
    public static IEnumerable<int> CharNGramBuckets(string token, NGramOptions options)
    {
        var range = options.CharNGrams;
        if (!range.IsEnabled)
            yield break;
        uint mask = (1u << options.HashBits) - 1;
        int padded = token.Length + 2;
        for (int start = 0; start + range.Min <= padded; start++)
        {
            uint h = FeatureHash.CharSeed;
            int limit = Math.Min(range.Max, padded - start);
            for (int j = 0; j < limit; j++)
            {
                int p = start + j;
                h = FeatureHash.Step(h, p == 0 || p == padded - 1 ? ' ' : token[p - 1]);
                if (j + 1 >= range.Min)
                    yield return (int)(FeatureHash.Finish(h) & mask);
            }
        }
    }

    /// <summary>The message's canonical tokens, as the featurizer sees them (same caps).</summary>
    /// <param name="message">The message.</param>
    /// <param name="featurizer">The featurizer whose analysis to repeat.</param>
    /// <param name="builder">Scratch to reuse across messages (its text buffers take about 200 KB); null for a new one.</param>
    public static string[] Tokens(ForumMessage message, NGramFeaturizer featurizer, FeatureBuilder? builder = null)
    {
        builder ??= new FeatureBuilder();
        int count = featurizer.Analyze(message, builder);
        var tokens = new string[count];
        for (int i = 0; i < count; i++)
        {
            Token t = builder.Analysis.Tokens[i];
            tokens[i] = new string(builder.Analysis.TokenTextBuffer, t.Start, t.Length);
        }
        return tokens;
    }
}
