namespace PeerTriage.Text;

/// <summary>
/// One message's text, analysed once: the HTML-stripped text as written (<see cref="Raw"/>), the normalized text,
/// the tokens with their spans in it, and what the lexicon step needs from the text as written (which chars were
/// upper case, where the line breaks were). The n-gram and lexicon featurizers both read this one result; it is
/// passed to them explicitly. Per-thread scratch: buffers grow to the largest text seen and are reused, so analysing
/// allocates nothing in steady state. Not thread-safe.
/// </summary>
internal sealed class TextAnalysis
{
    private char[] _raw = [];
    private char[] _normalized = [];
    private ulong[] _upperCase = [];
    private int[] _lineBreaks = [];
    private char[] _tokenText = [];
    private Token[] _tokens = [];

    /// <summary>The HTML-stripped text buffer (case as written); the text is its first <see cref="RawLength"/> chars.</summary>
    public char[] RawBuffer => _raw;

    /// <summary>Length of the HTML-stripped text.</summary>
    public int RawLength { get; private set; }

    /// <summary>The HTML-stripped text, case as written (subject, a line break, then body).</summary>
    public ReadOnlySpan<char> Raw => _raw.AsSpan(0, RawLength);

    /// <summary>The normalized text the tokens were read from (see <see cref="TextNormalizer"/>).</summary>
    public ReadOnlySpan<char> Normalized => _normalized.AsSpan(0, NormalizedLength);

    /// <summary>Length of the normalized text.</summary>
    public int NormalizedLength { get; private set; }

    /// <summary>Bit k set: normalized char k was lowered from an upper-case char as written.</summary>
    public ReadOnlySpan<ulong> UpperCase => _upperCase.AsSpan(0, (NormalizedLength + 63) >> 6);

    /// <summary>Offsets of the normalized text's spaces that stand for a line break, in order.</summary>
    public ReadOnlySpan<int> LineBreaks => _lineBreaks.AsSpan(0, LineBreakCount);

    /// <summary>How many line breaks were recorded.</summary>
    public int LineBreakCount { get; private set; }

    /// <summary>The tokens' canonical text, one after another (see <see cref="Token.Start"/>).</summary>
    public ReadOnlySpan<char> TokenText => _tokenText;

    /// <summary>The buffer behind <see cref="TokenText"/>.</summary>
    public char[] TokenTextBuffer => _tokenText;

    /// <summary>The tokens, in text order.</summary>
    public ReadOnlySpan<Token> Tokens => _tokens.AsSpan(0, TokenCount);

    /// <summary>How many tokens were read.</summary>
    public int TokenCount { get; private set; }

    /// <summary>
    /// Analyses a message: subject (when given) and body to text with <see cref="ForumHtml"/>, then
    /// <see cref="TextNormalizer"/> and <see cref="Tokenizer"/>. Hot path: no allocation once the buffers fit.
    /// </summary>
    /// <param name="subject">The subject, or null or empty for none; read first, followed by a line break.</param>
    /// <param name="body">The body (forum HTML or plain text).</param>
    /// <param name="maxTextLength">Chars of HTML-stripped text kept (the rest is ignored).</param>
    /// <param name="maxTokens">Tokens kept.</param>
    public void Analyze(string? subject, string body, int maxTextLength, int maxTokens)
    {
        Ensure(maxTextLength, maxTokens);
        Span<char> raw = _raw.AsSpan(0, maxTextLength);
        int length = 0;
        if (!string.IsNullOrEmpty(subject))
        {
            length = ForumHtml.ToText(subject, raw);
            if (length < raw.Length)
                raw[length++] = '\n';
        }
        length += ForumHtml.ToText(body, raw[length..]);
        RawLength = length;
        Tokenize(maxTextLength, maxTokens);
    }

    /// <summary>Analyses text that is already plain (no HTML step), such as a lexicon term.</summary>
    /// <param name="text">The text.</param>
    public void AnalyzePlain(ReadOnlySpan<char> text)
    {
        int max = Math.Max(64, text.Length);
        Ensure(max, max + 1);
        text.CopyTo(_raw);
        RawLength = text.Length;
        Tokenize(max, max + 1);
    }

    private void Tokenize(int maxTextLength, int maxTokens)
    {
        _upperCase.AsSpan(0, (NormalizedLength + 63) >> 6).Clear(); // only what the last text set
        Span<ulong> upper = _upperCase.AsSpan(0, (maxTextLength + 63) >> 6);
        NormalizedLength = TextNormalizer.Normalize(Raw, _normalized.AsSpan(0, maxTextLength), upper, _lineBreaks, out int breaks);
        LineBreakCount = breaks;
        TokenCount = Tokenizer.Tokenize(Normalized, _tokenText, _tokens.AsSpan(0, maxTokens), out _);
    }

    private void Ensure(int maxTextLength, int maxTokens)
    {
        if (_raw.Length < maxTextLength)
        {
            _raw = new char[maxTextLength];
            _normalized = new char[maxTextLength];
            _upperCase = new ulong[(maxTextLength + 63) >> 6];
            // A space stands between two chars, so at most half the text is line breaks.
            _lineBreaks = new int[(maxTextLength / 2) + 1];
            // Placeholders such as "<user>" can be longer than what they replace.
            _tokenText = new char[maxTextLength * 2];
            NormalizedLength = 0;
        }
        if (_tokens.Length < maxTokens)
            _tokens = new Token[maxTokens];
    }
}
