namespace PeerTriage.Lexicons;

/// <summary>
/// Per-thread scan buffers for the hot path. They grow to the longest text seen on the thread (the only allocation)
/// and are reused afterwards.
/// </summary>
internal static class ScanScratch
{
    [ThreadStatic]
    private static ScanToken[]? t_tokens;

    [ThreadStatic]
    private static char[]? t_canon;

    [ThreadStatic]
    private static double[]? t_sums;

    [ThreadStatic]
    private static Text.TextAnalysis? t_analysis;

    /// <summary>The most chars of a text that are scanned; the rest is ignored, which bounds per-thread memory.</summary>
    public const int MaxChars = 1 << 17;

    /// <summary>Scans the first <see cref="MaxChars"/> chars of <paramref name="text"/> into this thread's buffers.</summary>
    public static ReadOnlySpan<ScanToken> Scan(ReadOnlySpan<char> text, out int exclamations, out int questions)
    {
        if (text.Length > MaxChars)
            text = text[..MaxChars];
        int tokenCapacity = text.Length + 1;
        int canonCapacity = LexiconScanner.CanonCapacity(text.Length);
        ScanToken[] tokens = t_tokens is { } t && t.Length >= tokenCapacity ? t : (t_tokens = new ScanToken[Grow(tokenCapacity)]);
        char[] canon = t_canon is { } c && c.Length >= canonCapacity ? c : (t_canon = new char[Grow(canonCapacity)]);
        int count = LexiconScanner.Scan(text, tokens, canon, out exclamations, out questions);
        return tokens.AsSpan(0, count);
    }

    /// <summary>The version-2 lexicon tokens of an analysed text (<see cref="LexiconTokens"/>), in this thread's buffer.</summary>
    public static ReadOnlySpan<ScanToken> From(Text.TextAnalysis analysis, out int exclamations, out int questions)
    {
        int capacity = analysis.TokenCount + 1;
        ScanToken[] tokens = t_tokens is { } t && t.Length >= capacity ? t : (t_tokens = new ScanToken[Grow(capacity)]);
        int count = LexiconTokens.From(analysis, tokens, out exclamations, out questions);
        return tokens.AsSpan(0, count);
    }

    /// <summary>This thread's analysis of a plain text, for the text-based APIs of version 2 (not the pipeline's).</summary>
    public static Text.TextAnalysis AnalyzePlain(ReadOnlySpan<char> text)
    {
        var analysis = t_analysis ??= new Text.TextAnalysis();
        analysis.AnalyzePlain(text.Length > MaxChars ? text[..MaxChars] : text);
        return analysis;
    }

    /// <summary>A zeroed buffer of at least <paramref name="length"/> doubles for per-category sums.</summary>
    public static Span<double> Sums(int length)
    {
        double[] sums = t_sums is { } s && s.Length >= length ? s : (t_sums = new double[Grow(length)]);
        Span<double> span = sums.AsSpan(0, length);
        span.Clear();
        return span;
    }

    private static int Grow(int needed) => Math.Max(256, (int)Math.Min(int.MaxValue, (long)needed * 3 / 2));
}
