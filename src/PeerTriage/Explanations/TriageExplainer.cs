using PeerTriage.Features;
using PeerTriage.Learning;
using PeerTriage.Lexicons;

namespace PeerTriage.Explanations;

/// <summary>
/// Builds the answer of <c>TriageModel.Explain</c>: each feature's share of the difference between the chosen level's
/// calibrated logit and a neighbouring level's. Reads the weights through the model's <see cref="LinearScorer"/> (the
/// text stage's logits come from the same kernel as scoring). Not on the hot path.
/// </summary>
internal static class TriageExplainer
{
    /// <summary>Explains <paramref name="result"/>, the model's triage of <paramref name="message"/>.</summary>
    /// <remarks>Takes the model's parts rather than the model, so explanations sit below training (which builds the
    /// vocabulary) and the façade in the dependency rule.</remarks>
    public static TriageExplanation Explain(TriageResult result, PipelineFeaturizer featurizer, LinearScorer scorer, ExplanationVocabulary vocabulary,
        ForumMessage message, ThreadContext? context, int top)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        int chosen = result.LevelIndex;
        int other = chosen > 0 ? chosen - 1 : 1;
        int k = scorer.Classes;
        float[] weights = scorer.Table;
        float[]? stage2 = scorer.Stage2;
        var trees = scorer.Trees;
        bool twoStage = stage2 is not null || trees is not null;
        var (wordLabels, charLabels) = NGramLabels(message, featurizer, vocabulary);

        var builder = new FeatureBuilder();
        int n = featurizer.Extract(message, context, builder);
        int ownFeatures = builder.MessageFeatures;
        int parentFeatures = builder.ParentFeatures;
        double beta = scorer.InverseTemperature;
        var sums = new Dictionary<(ContributionKind, string), double>();
        double rest = 0;
        double difference = 0;
        void Add(ContributionKind kind, string name, double c)
        {
            sums[(kind, name)] = sums.GetValueOrDefault((kind, name)) + c;
            difference += c;
        }

        // The hashed features: the whole model when one stage; when two, they reach the level only through the text
        // stage's probabilities, which are counted as one item below.
        for (int i = 0; i < n && !twoStage; i++)
        {
            int bucket = builder.Buckets[i];
            double contribution = beta * builder.Values[i] * ((double)weights[bucket * k + chosen] - weights[bucket * k + other]);
            if (i >= ownFeatures)
                Add(ContributionKind.Context, i < ownFeatures + parentFeatures ? "the parent post's text" : $"board: {message.Board}", contribution);
            else if (wordLabels.TryGetValue(bucket, out string? word))
                Add(ContributionKind.WordNGram, word, contribution);
            else if (charLabels.TryGetValue(bucket, out string? token))
                Add(ContributionKind.CharacterNGrams, token, contribution);
            else
            {
                rest += contribution;
                difference += contribution;
            }
        }

        ReadOnlySpan<float> dense = builder.Dense.AsSpan(0, featurizer.DenseCount);
        ReadOnlySpan<float> denseWeights = scorer.Dense;
        float[] bias = scorer.Bias;
        double[]? treeShares = null;
        double treeBias = 0;
        string textModel = "the text model's probabilities (n-grams" + (featurizer.Pipeline.Context is null ? ")" : ", parent text and board)");
        if (trees is not null)
        {
            // Saabas: along each tree's path, the split feature gets the change in the node's expected output; those
            // changes and the root expectations telescope to the leaf values, so the shares add up to the logits.
            Span<float> textLogits = stackalloc float[k];
            scorer.TextLogits(builder.Buckets.AsSpan(0, n), builder.Values.AsSpan(0, n), textLogits);
            var z = new float[k + dense.Length];
            LinearScorer.StackedInputs(textLogits, dense, z);
            var chosenShares = new double[z.Length];
            var otherShares = new double[z.Length];
            treeBias = beta * (trees.Contributions(chosen, z, chosenShares) - trees.Contributions(other, z, otherShares));
            treeShares = new double[z.Length];
            for (int j = 0; j < z.Length; j++)
                treeShares[j] = beta * (chosenShares[j] - otherShares[j]);
            double text = 0;
            for (int c = 0; c < k; c++)
                text += treeShares[c];
            Add(ContributionKind.TextModel, textModel, text);
        }
        else if (stage2 is not null)
        {
            Span<float> z = stackalloc float[k];
            scorer.TextLogits(builder.Buckets.AsSpan(0, n), builder.Values.AsSpan(0, n), z);
            Softmax.InPlace(z);
            double text = 0;
            for (int c = 0; c < k; c++)
                text += beta * LinearScorer.StackedInput(z[c]) * ((double)stage2[c * k + chosen] - stage2[c * k + other]);
            Add(ContributionKind.TextModel, textModel, text);
            denseWeights = stage2.AsSpan(k * k);
            bias = scorer.Stage2Bias!;
        }
        var names = featurizer.DenseNames;
        int lexiconFeatures = featurizer.Lexicons?.FeatureCount ?? 0;
        var terms = lexiconFeatures == 0 ? [] : LexiconTerms(featurizer.Pipeline.Lexicons!, featurizer.Lexicons!.Matches(builder.Analysis));
        for (int j = 0; j < dense.Length; j++)
        {
            double contribution;
            if (treeShares is not null)
            {
                // A tree may split on a feature that is 0 here: only features no path tested are left out.
                contribution = treeShares[k + j];
                if (contribution == 0)
                    continue;
            }
            else
            {
                if (dense[j] == 0)
                    continue;
                contribution = beta * dense[j] * ((double)denseWeights[j * k + chosen] - denseWeights[j * k + other]);
            }
            if (j < lexiconFeatures)
                Add(ContributionKind.Lexicon, terms.TryGetValue(names[j], out var found) ? $"{names[j]} ({string.Join(", ", found)})" : names[j], contribution);
            else if (context is null)
            {
                // Without a context every context feature is an "unknown" indicator: one item reads better than five.
                Add(ContributionKind.Context, "no thread context given (context.unknown and the indicators it implies)", contribution);
            }
            else
                Add(ContributionKind.Context, names[j], contribution);
        }

        var scheme = result.Scheme;
        double biasShare = trees is not null ? treeBias : beta * ((double)bias[chosen] - bias[other]);
        difference += biasShare;
        var all = sums.Select(e => new FeatureContribution(e.Key.Item2, e.Key.Item1, e.Value))
            .OrderByDescending(c => Math.Abs(c.Contribution)).ThenBy(c => c.Feature, StringComparer.Ordinal).ToList();
        var biasContribution = new FeatureContribution($"bias ({scheme.NameOf(chosen)} vs {scheme.NameOf(other)} before reading the text)", ContributionKind.Bias, biasShare);
        var otherContribution = new FeatureContribution(
            $"other features (n-grams from fewer than {vocabulary.MinAuthors} authors, or not kept)", ContributionKind.Other, rest);
        return new TriageExplanation(result, other, difference, biasContribution, otherContribution, all.Take(top).ToList(), all);
    }

    /// <summary>The readable text of the message's buckets that the vocabulary keeps: word n-grams, and the tokens whose
    /// character n-grams fill a bucket.</summary>
    private static (Dictionary<int, string> Words, Dictionary<int, string> Characters) NGramLabels(ForumMessage message, PipelineFeaturizer featurizer,
        ExplanationVocabulary vocabulary)
    {
        var ngrams = featurizer.Pipeline.NGrams;
        var tokens = NGramText.Tokens(message, featurizer.NGrams);
        var wordLabels = new Dictionary<int, string>();
        foreach (var (bucket, text) in NGramText.WordNGrams(tokens, ngrams))
        {
            if (vocabulary.Label(bucket, text) is { } kept)
                wordLabels.TryAdd(bucket, kept);
        }
        var charLabels = new Dictionary<int, string>();
        foreach (string token in tokens)
        {
            if (!vocabulary.Contains(token))
                continue;
            foreach (int bucket in NGramText.CharNGramBuckets(token, ngrams))
                charLabels.TryAdd(bucket, token);
        }
        return (wordLabels, charLabels);
    }

    /// <summary>The lexicon terms the model read (matched as its own text-analysis version reads them), grouped under the
    /// dense feature each one feeds.</summary>
    private static Dictionary<string, List<string>> LexiconTerms(LexiconOptions options, IReadOnlyList<LexiconMatch> matches)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Put(string feature, string term)
        {
            if (!result.TryGetValue(feature, out var list))
                result[feature] = list = [];
            if (!list.Contains(term))
                list.Add(term);
        }
        foreach (var m in matches)
        {
            if (options.Risk is { } risk && m.Lexicon == risk.Name)
                Put("risk." + m.Category + (m.Negated ? ".negated" : ""), m.Negated ? "not " + m.Term : m.Term);
            else if (options.Sentiment is { } sentiment && m.Lexicon == sentiment.Name)
            {
                Put(m.Weight >= 0 ? "sentiment.positive" : "sentiment.negative", m.Term);
                Put("sentiment.compound", m.Term);
                Put("sentiment.neutral", m.Term);
            }
            else
                Put(m.Lexicon + "." + m.Category, m.Term);
        }
        return result;
    }
}
