using System.Buffers;
using PeerTriage.Text;

namespace PeerTriage.Lexicons;

/// <summary>
/// Text-analysis version 2 of the lexicon step: the lexicon's view of the tokenizer's own tokens, so a message is
/// tokenized once. Words, numbers, emoticons and emoji become <see cref="ScanToken"/>s keyed by
/// <see cref="TermHash"/> of their canonical text; punctuation tokens and clause punctuation or a line break between
/// two tokens mark a <see cref="ScanFlags.ClauseStart"/>; placeholders (links, e-mail addresses, mentions, phone
/// numbers) are skipped; ALL-CAPS is read from the case the text was written in; '!' and '?' are counted.
/// </summary>
internal static class LexiconTokens
{
    private static readonly SearchValues<char> s_clausePunctuation = SearchValues.Create(".,;:!?()[]\u2026\u2014\u2013");

    /// <summary>Writes the lexicon tokens of <paramref name="analysis"/> to <paramref name="destination"/>
    /// (room for one per token is enough).</summary>
    /// <returns>The number of lexicon tokens.</returns>
    // Hot path: one pass over the tokens, no allocation.
    public static int From(TextAnalysis analysis, Span<ScanToken> destination, out int exclamations, out int questions)
    {
        ReadOnlySpan<Token> tokens = analysis.Tokens;
        ReadOnlySpan<char> text = analysis.TokenText;
        ReadOnlySpan<char> normalized = analysis.Normalized;
        ReadOnlySpan<ulong> upper = analysis.UpperCase;
        ReadOnlySpan<int> breaks = analysis.LineBreaks;
        exclamations = 0;
        questions = 0;
        int count = 0, nextBreak = 0, previousEnd = 0;
        bool clauseStart = true;
        for (int k = 0; k < tokens.Length; k++)
        {
            Token t = tokens[k];
            int start = t.SourceStart;
            int gap = start - previousEnd;
            if (!clauseStart && gap > 0 && !(gap == 1 && normalized[previousEnd] == ' ') && normalized[previousEnd..start].ContainsAny(s_clausePunctuation))
                clauseStart = true;
            while (nextBreak < breaks.Length && breaks[nextBreak] < start)
            {
                clauseStart |= breaks[nextBreak] >= previousEnd;
                nextBreak++;
            }
            previousEnd = start + t.SourceLength;
            ScanFlags flags;
            switch (t.Kind)
            {
                case TokenKind.Punctuation:
                    ReadOnlySpan<char> marks = normalized.Slice(start, t.SourceLength);
                    exclamations += marks.Count('!');
                    questions += marks.Count('?');
                    clauseStart = true;
                    continue;
                case TokenKind.Placeholder:
                    continue;
                case TokenKind.Word or TokenKind.Number:
                    flags = ScanFlags.Word | WordCase(normalized, upper, start, previousEnd);
                    break;
                default:
                    flags = ScanFlags.None;
                    break;
            }
            ulong hash = TermHash.Of(text.Slice(t.Start, t.Length));
            if ((flags & ScanFlags.Word) != 0)
            {
                flags |= Modifiers.WordFlags(hash);
                // A "n't" contraction as written is a negation even when not in the word list.
                if (t.SourceLength >= 3 && normalized[previousEnd - 1] == 't' && normalized[previousEnd - 2] == '\'' && normalized[previousEnd - 3] == 'n')
                    flags |= ScanFlags.Negator;
            }
            destination[count++] = new ScanToken
            {
                Hash = hash,
                Start = start,
                Length = t.SourceLength,
                CanonStart = t.Start,
                CanonLength = t.Length,
                Flags = clauseStart ? flags | ScanFlags.ClauseStart : flags,
            };
            clauseStart = false;
        }
        return count;
    }

    /// <summary><see cref="ScanFlags.AllCaps"/> when the word was written with an upper-case letter and no lower-case one.</summary>
    private static ScanFlags WordCase(ReadOnlySpan<char> normalized, ReadOnlySpan<ulong> upper, int start, int end)
    {
        if (!AnyBit(upper, start, end))
            return ScanFlags.None;
        for (int i = start; i < end; i++)
        {
            char c = normalized[i];
            if ((upper[i >> 6] & (1UL << i)) == 0 && (c < 0x80 ? char.IsAsciiLetterLower(c) : char.IsLower(c)))
                return ScanFlags.None;
        }
        return ScanFlags.AllCaps;
    }

    private static bool AnyBit(ReadOnlySpan<ulong> bits, int start, int end)
    {
        for (int w = start >> 6; w <= (end - 1) >> 6; w++)
        {
            ulong word = bits[w];
            if (w == start >> 6)
                word &= ~0UL << start;
            if (w == (end - 1) >> 6)
                word &= ~0UL >> (63 - ((end - 1) & 63));
            if (word != 0)
                return true;
        }
        return false;
    }
}
