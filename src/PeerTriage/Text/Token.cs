namespace PeerTriage.Text;

/// <summary>One token: a slice of the token-text buffer that <see cref="Tokenizer"/> wrote, and its kind.</summary>
/// <param name="Start">Offset of the token's canonical text in the token-text buffer.</param>
/// <param name="Length">Length of the token's canonical text.</param>
/// <param name="Kind">What the token stands for.</param>
internal readonly record struct Token(int Start, int Length, TokenKind Kind)
{
    /// <summary>Offset in the tokenized (normalized) text of the chars the token was read from.</summary>
    public int SourceStart { get; init; }

    /// <summary>How many chars of the tokenized text the token was read from (skipped repeats included).</summary>
    public int SourceLength { get; init; }

    /// <summary>Returns this token's text from the buffer the tokenizer wrote it to.</summary>
    /// <param name="tokenText">The token-text buffer passed to <see cref="Tokenizer.Tokenize(ReadOnlySpan{char}, Span{char}, Span{Token}, out int)"/>.</param>
    /// <returns>The token's canonical text.</returns>
    public ReadOnlySpan<char> TextIn(ReadOnlySpan<char> tokenText) => tokenText.Slice(Start, Length);
}
