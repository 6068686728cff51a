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

    private readonly FeatureOptions _options;
    private readonly int _bucketMask;

    public NGramFeaturizer(FeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _bucketMask = (1 << options.HashBits) - 1;
    }

    public FeatureOptions Options => _options;

    /// <summary>Featurizes a message into <paramref name="builder"/>'s output arrays.</summary>
    /// <returns>The number of features written.</returns>
    public int Extract(ForumMessage message, FeatureBuilder builder)
    {
        int tokenCount = Analyze(message, builder);
        return ExtractTokens(builder, tokenCount);
    }

    /// <summary>HTML → text → normalized → tokens, into the builder's text buffers.</summary>
    /// <returns>The number of tokens.</returns>
    public int Analyze(ForumMessage message, FeatureBuilder builder)
    {
        builder.EnsureText(_options.MaxTextLength, _options.MaxTokens);
        Span<char> raw = builder.Raw.AsSpan(0, _options.MaxTextLength);
        int length = 0;
        string? subject = message.Subject;
        if (_options.IncludeSubject && !string.IsNullOrEmpty(subject))
        {
            length = ForumHtml.ToText(subject, raw);
            if (length < raw.Length)
                raw[length++] = '\n';
        }
        length += ForumHtml.ToText(message.Body, raw[length..]);
        Span<char> normalized = builder.Normalized.AsSpan(0, _options.MaxTextLength);
        int normalizedLength = TextNormalizer.Normalize(raw[..length], normalized);
        return Tokenizer.Tokenize(normalized[..normalizedLength], builder.TokenText,
            builder.Tokens.AsSpan(0, _options.MaxTokens), out _);
    }

    /// <summary>Hashes the analyzed tokens into n-gram features.</summary>
    public int ExtractTokens(FeatureBuilder builder, int tokenCount)
    {
        ReadOnlySpan<Token> tokens = builder.Tokens.AsSpan(0, tokenCount);
        ReadOnlySpan<char> text = builder.TokenText;
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
        builder.Begin(maxKeys);

        if (words.IsEnabled)
            AddWordNGrams(builder, tokens, text, words);
        if (chars.IsEnabled)
        {
            for (int i = 0; i < tokens.Length; i++)
                AddCharNGrams(builder, text.Slice(tokens[i].Start, tokens[i].Length), chars);
        }
        return builder.Complete(_options.SublinearTf, _options.L2Normalize);
    }

    private void AddWordNGrams(FeatureBuilder builder, ReadOnlySpan<Token> tokens, ReadOnlySpan<char> text, NGramRange range)
    {
        Span<uint> hashes = builder.TokenHashes.AsSpan(0, tokens.Length);
        for (int i = 0; i < tokens.Length; i++)
            hashes[i] = FeatureHash.Text(text.Slice(tokens[i].Start, tokens[i].Length), FeatureHash.WordSeed);

        for (int end = 0; end < hashes.Length; end++)
        {
            // Walk back from each token so every n-gram ending here costs one combine per extra word.
            uint running = FeatureHash.WordSeed;
            for (int n = 1; n <= range.Max && n <= end + 1; n++)
            {
                running = FeatureHash.Combine(running, hashes[end - n + 1]);
                if (n >= range.Min)
                    builder.Add((int)(FeatureHash.Finish(running ^ (uint)n) & (uint)_bucketMask), WordBlock);
            }
        }
    }

    private void AddCharNGrams(FeatureBuilder builder, ReadOnlySpan<char> token, NGramRange range)
    {
        // The token padded with one space either side, without copying it.
        int padded = token.Length + 2;
        for (int start = 0; start + range.Min <= padded; start++)
        {
            uint h = FeatureHash.CharSeed;
            int limit = Math.Min(range.Max, padded - start);
            for (int j = 0; j < limit; j++)
            {
                int p = start + j;
                char c = p == 0 || p == padded - 1 ? ' ' : token[p - 1];
                h = FeatureHash.Step(h, c);
                if (j + 1 >= range.Min)
                    builder.Add((int)(FeatureHash.Finish(h) & (uint)_bucketMask), CharBlock);
            }
        }
    }
}
