using PeerTriage.Explanations;
using PeerTriage.Features;
using PeerTriage.Text;

namespace PeerTriage.Responses;

/// <summary>
/// Maps a mechanism model's evidence back to character spans of the response (not on the hot path).
/// </summary>
/// <remarks>
/// <para>Each response token gets a score: the contributions, toward the target level and against the lowest level
/// (calibrated logit units), of the hashed features that cover it. A word n-gram's contribution is shared equally
/// among its words; a word's character n-grams belong to it alone. With <see cref="RationaleOptions.PairFeatures"/>,
/// each pair feature's contribution is shared equally among the tokens of its matches (the phrases of a lexicon
/// category, the question sentences, the pronouns, the echoed words). The target is the chosen level when it is above
/// the lowest, else the highest level.</para>
/// <para>Spans are maximal runs of tokens scoring above <see cref="RationaleOptions.Threshold"/> (punctuation between
/// two such tokens does not break a run), optionally widened to their sentences, and mapped from the normalized text
/// back to the response string as given (<see cref="TextAlignment"/>). The seeker post's own n-grams and the bias are
/// not in any span: they are not words of the response.</para>
/// </remarks>
internal static class RationaleFinder
{
    public static (int Target, RationaleSpan[] Spans) Find(TriageModel model, ResponsePair pair, int level, RationaleOptions options)
    {
        var featurizer = model.Featurizer;
        var scorer = model.Scorer;
        int k = scorer.Classes;
        int target = level > 0 ? level : k - 1;
        double[] scores = TokenScores(model, pair, target, options, out TextAnalysis analysis);
        ReadOnlySpan<Token> tokens = analysis.Tokens;

        // Runs of positive tokens, in normalized-text offsets; a run ends at a sentence end ('.', '!', '?', "...",
        // a line break) so that a span never joins two sentences.
        var runs = new List<(int Start, int End, double Weight)>();
        ReadOnlySpan<char> normalized = analysis.Normalized;
        var breaks = new HashSet<int>(analysis.LineBreaks.ToArray());
        int runStart = -1, runEnd = 0, previousEnd = 0;
        double weight = 0;
        for (int i = 0; i < tokens.Length; i++)
        {
            var t = tokens[i];
            bool sentenceEnd = t.Kind == TokenKind.Punctuation || normalized[previousEnd..t.SourceStart].Contains('.');
            for (int p = previousEnd; p < t.SourceStart && !sentenceEnd; p++)
                sentenceEnd = breaks.Contains(p);
            previousEnd = t.SourceStart + t.SourceLength;
            if (sentenceEnd && runStart >= 0)
            {
                runs.Add((runStart, runEnd, weight));
                runStart = -1;
                weight = 0;
            }
            if (t.Kind != TokenKind.Punctuation && scores[i] > options.Threshold)
            {
                if (runStart < 0)
                    runStart = t.SourceStart;
                runEnd = previousEnd;
                weight += scores[i];
            }
            else if (runStart >= 0)
            {
                runs.Add((runStart, runEnd, weight));
                runStart = -1;
                weight = 0;
            }
        }
        if (runStart >= 0)
            runs.Add((runStart, runEnd, weight));
        if (options.Sentences)
            runs = ToSentences(runs, analysis);

        var alignment = new TextAlignment(pair.Response, analysis.Normalized);
        var spans = new List<RationaleSpan>();
        foreach (var (start, end, w) in runs)
        {
            if (alignment.Map(start, end, out int s, out int length))
            {
                if (spans.Count > 0 && spans[^1].Start + spans[^1].Length >= s)
                {
                    var last = spans[^1];
                    int e = Math.Max(last.Start + last.Length, s + length);
                    spans[^1] = new RationaleSpan(last.Start, e - last.Start, last.Weight + w);
                }
                else
                    spans.Add(new RationaleSpan(s, length, w));
            }
        }
        return (target, [.. spans]);
    }

    /// <summary>Each token's summed contribution toward <paramref name="target"/> versus the lowest level.</summary>
    internal static double[] TokenScores(TriageModel model, ResponsePair pair, int target, RationaleOptions options, out TextAnalysis analysis)
    {
        var featurizer = model.Featurizer;
        var scorer = model.Scorer;
        int k = scorer.Classes;
        double beta = scorer.InverseTemperature;
        float[] table = scorer.Table;
        var ngrams = featurizer.NGrams;
        var o = ngrams.Options;
        analysis = new TextAnalysis();
        ngrams.Analyze(pair.Message, analysis);
        ReadOnlySpan<Token> tokens = analysis.Tokens;
        int n = tokens.Length;
        var text = new string[n];
        for (int i = 0; i < n; i++)
            text[i] = new string(analysis.TokenText.Slice(tokens[i].Start, tokens[i].Length));
        var scores = new double[n];
        double Delta(int bucket) => (double)table[bucket * k + target] - table[bucket * k];

        // Word n-grams: occurrences with their first token and length.
        var words = new List<(int Bucket, int First, int Length)>();
        if (o.WordNGrams.IsEnabled)
        {
            // The featurizer's word hashing (NGramFeaturizer.WordKeys, NGramText.WordNGrams), with positions.
            uint mask = (1u << o.HashBits) - 1;
            var hashes = new uint[n];
            for (int i = 0; i < n; i++)
                hashes[i] = FeatureHash.Text(text[i], FeatureHash.WordSeed);
            for (int end = 0; end < n; end++)
            {
                uint running = FeatureHash.WordSeed;
                for (int len = 1; len <= o.WordNGrams.Max && len <= end + 1; len++)
                {
                    running = FeatureHash.Combine(running, hashes[end - len + 1]);
                    if (len >= o.WordNGrams.Min)
                        words.Add(((int)(FeatureHash.Finish(running ^ (uint)len) & mask), end - len + 1, len));
                }
            }
        }
        AddBlock(words, o, beta, Delta, scores);

        var chars = new List<(int Bucket, int First, int Length)>();
        if (o.CharNGrams.IsEnabled)
        {
            for (int i = 0; i < n; i++)
            {
                foreach (int bucket in NGramText.CharNGramBuckets(text[i], o))
                    chars.Add((bucket, i, 1));
            }
        }
        AddBlock(chars, o, beta, Delta, scores);

        bool twoStage = scorer.Stage2 is not null || scorer.Trees is not null;
        if (options.PairFeatures && featurizer.Pairs is { } pairs && !twoStage)
        {
            var builder = new FeatureBuilder();
            featurizer.Extract(pair.Message, pair.Context, builder);
            ReadOnlySpan<float> dense = builder.Dense.AsSpan(0, featurizer.DenseCount);
            ReadOnlySpan<float> denseWeights = scorer.Dense;
            var matches = pairs.Matches(analysis, pair.Context.Parent, ngrams);
            int offset = featurizer.PairOffset;
            for (int j = 0; j < pairs.FeatureCount; j++)
            {
                int d = offset + j;
                if (dense[d] == 0)
                    continue;
                double contribution = beta * dense[d] * ((double)denseWeights[d * k + target] - denseWeights[d * k]);
                string name = pairs.FeatureNames[j];
                var covered = new List<int>();
                foreach (var m in matches)
                {
                    if (m.Feature != name)
                        continue;
                    for (int i = 0; i < n; i++)
                    {
                        if (tokens[i].SourceStart < m.Start + m.Length && tokens[i].SourceStart + tokens[i].SourceLength > m.Start && !covered.Contains(i))
                            covered.Add(i);
                    }
                }
                foreach (int i in covered)
                    scores[i] += contribution / covered.Count;
            }
        }
        return scores;
    }

    /// <summary>Adds one block's contributions (tf weighting and L2 norm as the featurizer computes them) to the tokens.</summary>
    private static void AddBlock(List<(int Bucket, int First, int Length)> occurrences, NGramOptions o, double beta, Func<int, double> delta, double[] scores)
    {
        if (occurrences.Count == 0)
            return;
        var counts = new Dictionary<int, int>();
        foreach (var x in occurrences)
            counts[x.Bucket] = counts.GetValueOrDefault(x.Bucket) + 1;
        double Tf(int c) => o.SublinearTf ? 1 + Math.Log(c) : c;
        double norm = 1;
        if (o.L2Normalize)
        {
            double sum = 0;
            foreach (int c in counts.Values)
                sum += Tf(c) * Tf(c);
            norm = Math.Sqrt(sum);
        }
        foreach (var (bucket, first, length) in occurrences)
        {
            int c = counts[bucket];
            double contribution = beta * Tf(c) / norm / c * delta(bucket);
            for (int i = first; i < first + length; i++)
                scores[i] += contribution / length;
        }
    }

    /// <summary>Widens runs to the sentences that hold them: a sentence ends at '.', '!', '?' or a line break.</summary>
    private static List<(int Start, int End, double Weight)> ToSentences(List<(int Start, int End, double Weight)> runs, TextAnalysis analysis)
    {
        string normalized = new(analysis.Normalized);
        var breaks = new HashSet<int>(analysis.LineBreaks.ToArray());
        bool IsEnd(int p) => normalized[p] is '.' or '!' or '?' || breaks.Contains(p);
        var result = new List<(int Start, int End, double Weight)>();
        foreach (var (start, end, weight) in runs)
        {
            int s = start;
            while (s > 0 && !IsEnd(s - 1))
                s--;
            while (s < normalized.Length && normalized[s] == ' ')
                s++;
            int e = end;
            while (e < normalized.Length && !IsEnd(e))
                e++;
            while (e < normalized.Length && normalized[e] is '.' or '!' or '?')
                e++;
            while (e > s && normalized[e - 1] == ' ')
                e--;
            if (result.Count > 0 && result[^1].End >= s)
                result[^1] = (result[^1].Start, Math.Max(e, result[^1].End), result[^1].Weight + weight);
            else
                result.Add((s, e, weight));
        }
        return result;
    }
}

/// <summary>
/// Maps offsets in a text's normalized form (<see cref="TextAnalysis.Normalized"/>) back to the text as given:
/// the original is folded the way the front end reads it (tags skipped, character references decoded, lower case,
/// typographic quotes made ASCII, white space as single spaces) with each folded char remembering the original chars
/// it came from, and the normalized chars are matched to the folded ones in order. A normalized char that cannot be
/// matched (a rare NFKC rewrite) is left out; a span maps from its first to its last matched char.
/// </summary>
internal sealed class TextAlignment
{
    private readonly int[] _start;  // normalized index → original start, or -1
    private readonly int[] _end;    // normalized index → original end (exclusive)

    public TextAlignment(string original, ReadOnlySpan<char> normalized)
    {
        var folded = new List<(char C, int Start, int End)>(original.Length);
        Span<char> decoded = stackalloc char[2];
        for (int i = 0; i < original.Length;)
        {
            char c = original[i];
            if (c == '<' && i + 1 < original.Length && (char.IsAsciiLetter(original[i + 1]) || original[i + 1] is '/' or '!' or '?'))
            {
                int close = original.IndexOf('>', i + 1);
                if (close > 0)
                {
                    folded.Add((' ', i, close + 1));
                    i = close + 1;
                    continue;
                }
            }
            if (c == '&')
            {
                int written = HtmlEntities.Decode(original.AsSpan(i), decoded, out int consumed);
                if (consumed > 0)
                {
                    for (int d = 0; d < written; d++)
                        folded.Add((Fold(decoded[d]), i, i + consumed));
                    i += consumed;
                    continue;
                }
            }
            folded.Add((Fold(c), i, i + 1));
            i++;
        }
        _start = new int[normalized.Length];
        _end = new int[normalized.Length];
        int j = 0;
        for (int p = 0; p < normalized.Length; p++)
        {
            _start[p] = -1;
            char c = normalized[p];
            if (c == ' ')
                continue;
            for (int q = j; q < folded.Count && q < j + 64; q++)
            {
                if (folded[q].C == c)
                {
                    _start[p] = folded[q].Start;
                    _end[p] = folded[q].End;
                    j = q + 1;
                    break;
                }
            }
        }
    }

    private static char Fold(char c) => c switch
    {
        '\u2019' or '\u2018' or '\u201A' or '\u02BC' or '\u2032' or '`' => '\'',
        '\u201C' or '\u201D' or '\u201E' => '"',
        _ when char.IsWhiteSpace(c) || char.IsControl(c) => ' ',
        _ => char.ToLowerInvariant(c),
    };

    /// <summary>The original span of normalized chars [<paramref name="start"/>, <paramref name="end"/>); false when none of them maps.</summary>
    public bool Map(int start, int end, out int originalStart, out int length)
    {
        originalStart = length = 0;
        int first = start;
        while (first < end && _start[first] < 0)
            first++;
        int last = end - 1;
        while (last >= first && _start[last] < 0)
            last--;
        if (first >= end || last < first)
            return false;
        originalStart = _start[first];
        length = _end[last] - originalStart;
        return length > 0;
    }
}
