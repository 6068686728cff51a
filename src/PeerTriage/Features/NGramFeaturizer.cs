using PeerTriage.Text;

namespace PeerTriage.Features;

/// <summary>
/// Turns a message into hashed word and character n-grams. Hot path: no strings, no LINQ, no allocation
/// once the per-thread <see cref="FeatureBuilder"/> has grown to fit.
/// </summary>
internal sealed class NGramFeaturizer
{
    public const int WordBlock = 0;
    public const int CharBlock = 1;

    private readonly NGramOptions _options;
    private readonly int _bucketMask;

    public NGramFeaturizer(NGramOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _bucketMask = (1 << options.HashBits) - 1;
    }

    public NGramOptions Options => _options;

    /// <summary>Analyses a message into <paramref name="builder"/>'s <see cref="FeatureBuilder.Analysis"/> and featurizes it.</summary>
    /// <returns>The number of features written.</returns>
    public int Extract(ForumMessage message, FeatureBuilder builder)
    {
        Analyze(message, builder.Analysis);
        return Extract(builder.Analysis, builder);
    }

    /// <summary>HTML → text → normalized → tokens, into <paramref name="builder"/>'s <see cref="FeatureBuilder.Analysis"/>.</summary>
    /// <returns>The number of tokens.</returns>
    public int Analyze(ForumMessage message, FeatureBuilder builder)
    {
        Analyze(message, builder.Analysis);
        return builder.Analysis.TokenCount;
    }

    /// <summary>HTML → text → normalized → tokens, with this featurizer's caps and subject rule.</summary>
    public void Analyze(ForumMessage message, TextAnalysis analysis) =>
        analysis.Analyze(_options.IncludeSubject ? message.Subject : null, message.Body, _options.MaxTextLength, _options.MaxTokens);

    /// <summary>Hashes the first <paramref name="tokenCount"/> tokens of <paramref name="builder"/>'s analysis into n-gram features.</summary>
    public int ExtractTokens(FeatureBuilder builder, int tokenCount) =>
        Extract(builder.Analysis.Tokens[..tokenCount], builder.Analysis.TokenText, builder);

    /// <summary>Hashes an analysed text's tokens into n-gram features in <paramref name="builder"/>'s output arrays.</summary>
    /// <returns>The number of features written.</returns>
    public int Extract(TextAnalysis analysis, FeatureBuilder builder) => Extract(analysis.Tokens, analysis.TokenText, builder);

    // Hot path: spans only, no allocation once the builder's buffers fit.
    private int Extract(ReadOnlySpan<Token> tokens, ReadOnlySpan<char> text, FeatureBuilder builder)
    {
        int tokenCount = tokens.Length;
        NGramRange words = _options.WordNGrams;
        NGramRange chars = _options.CharNGrams;

        int tokenChars = 0;
        for (int i = 0; i < tokens.Length; i++)
            tokenChars += tokens[i].Length;
        int maxKeys = 1;
        if (words.IsEnabled)
            maxKeys += tokenCount * (words.Max - words.Min + 1);
        if (chars.IsEnabled)
            maxKeys += (tokenChars + 2 * tokenCount) * (chars.Max - chars.Min + 1);
        Span<uint> keys = builder.BeginKeys(maxKeys);

        int written = 0;
        Span<uint> hashes = builder.WordHashes(tokens.Length);
        if (words.IsEnabled)
            written = WordKeys(tokens, text, hashes, words, keys);
        if (chars.IsEnabled)
            written = CharKeys(tokens, text, hashes, words.IsEnabled, builder, keys, written);
        return builder.Complete(written, _options.SublinearTf, _options.L2Normalize);
    }

    /// <summary>The char n-gram keys of every token, from the per-thread <see cref="CharGramCache"/> when it has them.</summary>
    private int CharKeys(ReadOnlySpan<Token> tokens, ReadOnlySpan<char> text, ReadOnlySpan<uint> wordHashes, bool haveHashes,
        FeatureBuilder builder, Span<uint> keys, int written)
    {
        NGramRange chars = _options.CharNGrams;
        CharGramCache cache = builder.CharGrams;
        cache.Use(chars, _options.HashBits);
        Span<char> padded = builder.Padded;
        for (int i = 0; i < tokens.Length; i++)
        {
            int length = tokens[i].Length;
            ReadOnlySpan<char> token = text.Slice(tokens[i].Start, length);
            int slot = -1;
            if (length <= CharGramCache.MaxChars)
            {
                uint h = haveHashes ? wordHashes[i] : FeatureHash.Text(token, FeatureHash.WordSeed);
                slot = (int)(h & (CharGramCache.Slots - 1));
                int count = CharGramCache.KeyCount(length, chars);
                if (cache.TryCopy(slot, token, keys[written..], count))
                {
                    written += count;
                    continue;
                }
            }
            // The token padded with one space either side: the n-gram loop then needs no edge tests.
            if (padded.Length < length + 2)
                padded = builder.Padded = new char[length + 2];
            padded[0] = ' ';
            token.CopyTo(padded[1..]);
            padded[length + 1] = ' ';
            int before = written;
            written = CharKeys(padded[..(length + 2)], chars, keys, written);
            if (slot >= 0)
                cache.Store(slot, token, keys[before..written]);
        }
        return written;
    }

    private int WordKeys(ReadOnlySpan<Token> tokens, ReadOnlySpan<char> text, Span<uint> hashes, NGramRange range, Span<uint> keys)
    {
        for (int i = 0; i < tokens.Length; i++)
            hashes[i] = FeatureHash.Text(text.Slice(tokens[i].Start, tokens[i].Length), FeatureHash.WordSeed);

        uint bucketMask = (uint)_bucketMask;
        int written = 0;
        for (int end = 0; end < hashes.Length; end++)
        {
            // Walk back from each token so every n-gram ending here costs one combine per extra word.
            uint running = FeatureHash.WordSeed;
            for (int n = 1; n <= range.Max && n <= end + 1; n++)
            {
                running = FeatureHash.Combine(running, hashes[end - n + 1]);
                if (n >= range.Min)
                    keys[written++] = FeatureBuilder.Key(FeatureHash.Finish(running ^ (uint)n) & bucketMask, WordBlock);
            }
        }
        return written;
    }

    /// <summary>Writes the char n-gram keys of one padded token after <paramref name="written"/> keys; returns the new count.</summary>
    private int CharKeys(ReadOnlySpan<char> padded, NGramRange range, Span<uint> keys, int written)
    {
        uint bucketMask = (uint)_bucketMask;
        int min = range.Min;
        int max = range.Max;
        for (int start = 0; start + min <= padded.Length; start++)
        {
            ReadOnlySpan<char> gram = padded.Slice(start, Math.Min(max, padded.Length - start));
            uint h = FeatureHash.CharSeed;
            for (int j = 0; j < min - 1; j++)
                h = FeatureHash.Step(h, gram[j]);
            for (int j = min - 1; j < gram.Length; j++)
            {
                h = FeatureHash.Step(h, gram[j]);
                keys[written++] = FeatureBuilder.Key(FeatureHash.Finish(h) & bucketMask, CharBlock);
            }
        }
        return written;
    }
}
