using PeerTriage.Learning;

namespace PeerTriage.Responses;

/// <summary>How <see cref="HelpfulnessRanker.Train"/> fits a ranker.</summary>
public sealed record HelpfulnessRankerOptions
{
    /// <summary>The features; null (the default) for <see cref="BasicHelpfulnessFeaturizer.Instance"/>.</summary>
    public IHelpfulnessFeaturizer? Featurizer { get; init; }

    /// <summary>L2 penalty λ on the weights (of standardized features), added as λ/2 · ‖w‖² to the mean pair loss: 0.01.</summary>
    public double L2 { get; init; } = 0.01;

    /// <summary>
    /// Whether every question weighs the same in the loss (each pair weighted 1 / the question's pairs), as the
    /// evaluation averages over questions: true. False weighs every pair the same, so questions with many answers
    /// dominate.
    /// </summary>
    public bool WeighQuestionsEqually { get; init; } = true;

    /// <summary>The most L-BFGS iterations: 500.</summary>
    public int MaxIterations { get; init; } = 500;
}

/// <summary>
/// Ranks the answers to one question by expected helpfulness: a linear score of dense answer features, fitted pairwise
/// on weak labels such as upvotes (RankNet-style logistic loss on feature differences).
/// </summary>
/// <remarks>
/// <para>Training. Features are standardized (z-scores with the training answers' means and standard deviations; a
/// constant feature is left unscaled). Within each question, every pair of answers with different upvotes gives the
/// difference d = x(more upvoted) − x(less upvoted); the loss is the weighted mean of ln(1 + exp(−w·d)) plus λ/2 ·
/// ‖w‖², minimized by the library's deterministic L-BFGS. There is no bias: it cancels in a difference. Pairs with equal
/// upvotes are not used (most CounselChat pairs are ties, usually at zero upvotes, which say little).</para>
/// <para>Scores are only comparable within one question; their scale means nothing. Weak labels: see the tests'
/// CounselChat measurement for how little upvotes say. Never use a score to judge one answer or its author.</para>
/// <para>Immutable and thread-safe when the featurizer is.</para>
/// </remarks>
public sealed class HelpfulnessRanker
{
    private readonly double[] _weights;
    private readonly double[] _means;
    private readonly double[] _scales;

    private HelpfulnessRanker(IHelpfulnessFeaturizer featurizer, double[] weights, double[] means, double[] scales, int pairs, int questions)
    {
        Featurizer = featurizer;
        _weights = weights;
        _means = means;
        _scales = scales;
        TrainingPairs = pairs;
        TrainingQuestions = questions;
    }

    /// <summary>The featurizer the ranker was trained with.</summary>
    public IHelpfulnessFeaturizer Featurizer { get; }

    /// <summary>The weights of the standardized features, in <see cref="IHelpfulnessFeaturizer.FeatureNames"/> order:
    /// a positive weight means "more of this ranks higher", in standard deviations.</summary>
    public IReadOnlyList<double> Weights => Array.AsReadOnly(_weights);

    /// <summary>Answer pairs with different upvotes used in training.</summary>
    public int TrainingPairs { get; }

    /// <summary>Questions that gave at least one training pair.</summary>
    public int TrainingQuestions { get; }

    /// <summary>Fits a ranker on answers grouped by <see cref="HelpfulnessAnswer.QuestionId"/>.</summary>
    /// <param name="examples">Answers with their upvotes; questions with one answer, or all answers equally upvoted, give no pair.</param>
    /// <param name="options">Featurizer and fitting settings; null for the defaults.</param>
    /// <returns>The ranker.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="examples"/>, one of them, or its answer or question id is null.</exception>
    /// <exception cref="ArgumentException">An upvote count is not finite or negative, a featurizer value is not finite
    /// (the message names the example), or no question has two answers with different upvotes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static HelpfulnessRanker Train(IReadOnlyList<HelpfulnessExample> examples, HelpfulnessRankerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(examples);
        options ??= new HelpfulnessRankerOptions();
        if (!(options.L2 >= 0) || double.IsPositiveInfinity(options.L2))
            throw new ArgumentOutOfRangeException(nameof(options), options.L2, $"HelpfulnessRankerOptions.L2 must be finite and zero or more, not {options.L2}.");
        if (options.MaxIterations < 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxIterations, $"HelpfulnessRankerOptions.MaxIterations must be zero or more, not {options.MaxIterations}.");
        var featurizer = options.Featurizer ?? BasicHelpfulnessFeaturizer.Instance;
        int dim = featurizer.FeatureNames.Count;
        int n = examples.Count;

        // Features, and the questions in order of first appearance (so training does not depend on hashing).
        var x = new double[n][];
        var questionOf = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var questions = new List<List<int>>();
        for (int i = 0; i < n; i++)
        {
            var example = examples[i] ?? throw new ArgumentNullException(nameof(examples), $"Example {i} is null.");
            if (example.Answer?.QuestionId is null)
                throw new ArgumentNullException(nameof(examples), $"Example {i} has a null {(example.Answer is null ? "answer" : "question id")}.");
            if (!double.IsFinite(example.Upvotes) || example.Upvotes < 0)
                throw new ArgumentException($"Example {i}: upvotes must be finite and zero or more, not {example.Upvotes}.", nameof(examples));
            x[i] = Features(featurizer, example.Answer, dim, i);
            if (!questionOf.TryGetValue(example.Answer.QuestionId, out var members))
            {
                questionOf.Add(example.Answer.QuestionId, members = []);
                questions.Add(members);
            }
            members.Add(i);
        }

        var (means, scales) = Standardization(x, dim);
        foreach (double[] row in x)
        {
            for (int j = 0; j < dim; j++)
                row[j] = (row[j] - means[j]) / scales[j];
        }

        // Pair differences (more upvoted − less upvoted) and their weights.
        var differences = new List<double[]>();
        var weights = new List<double>();
        int usedQuestions = 0;
        foreach (var members in questions)
        {
            int before = differences.Count;
            foreach (int a in members)
            {
                foreach (int b in members)
                {
                    if (examples[a].Upvotes <= examples[b].Upvotes)
                        continue;
                    var d = new double[dim];
                    for (int j = 0; j < dim; j++)
                        d[j] = x[a][j] - x[b][j];
                    differences.Add(d);
                }
            }
            int count = differences.Count - before;
            if (count == 0)
                continue;
            usedQuestions++;
            for (int k = 0; k < count; k++)
                weights.Add(options.WeighQuestionsEqually ? 1.0 / count : 1.0);
        }
        if (differences.Count == 0)
            throw new ArgumentException("No question has two answers with different upvotes, so there is no pair to learn an order from.", nameof(examples));

        double totalWeight = 0;
        foreach (double w in weights)
            totalWeight += w;
        double l2 = options.L2;
        var theta = new double[dim];
        double Objective(ReadOnlySpan<double> w, Span<double> gradient)
        {
            double loss = 0;
            for (int j = 0; j < dim; j++)
                gradient[j] = l2 * w[j];
            for (int p = 0; p < differences.Count; p++)
            {
                double[] d = differences[p];
                double margin = 0;
                for (int j = 0; j < dim; j++)
                    margin += w[j] * d[j];
                double weight = weights[p] / totalWeight;
                // ln(1 + e^−m), computed without overflow for either sign of m.
                loss += weight * (margin > 0 ? Math.Log(1 + Math.Exp(-margin)) : -margin + Math.Log(1 + Math.Exp(margin)));
                double slope = -weight / (1 + Math.Exp(margin)); // d loss / d margin
                for (int j = 0; j < dim; j++)
                    gradient[j] += slope * d[j];
            }
            double penalty = 0;
            for (int j = 0; j < dim; j++)
                penalty += w[j] * w[j];
            return loss + (0.5 * l2 * penalty);
        }
        new Lbfgs { MaxIterations = options.MaxIterations, Tolerance = 1e-7 }.Minimize(theta, Objective);
        return new HelpfulnessRanker(featurizer, theta, means, scales, differences.Count, usedQuestions);
    }

    /// <summary>The answer's score: higher ranks first among the answers to the same question.</summary>
    /// <param name="answer">The answer.</param>
    /// <returns>A finite score, comparable only within one question.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="answer"/> is null.</exception>
    /// <exception cref="ArgumentException">The featurizer wrote a value that is not finite.</exception>
    /// <remarks>Hot path: with the built-in featurizer and up to 256 features, no allocation once its buffers fit.</remarks>
    public double Score(HelpfulnessAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        int dim = _weights.Length;
        Span<double> features = dim <= 256 ? stackalloc double[dim] : new double[dim];
        Featurizer.Featurize(answer, features);
        double score = 0;
        for (int j = 0; j < dim; j++)
        {
            if (!double.IsFinite(features[j]))
                throw new ArgumentException($"The featurizer gave feature '{Featurizer.FeatureNames[j]}' the value {features[j]}.", nameof(answer));
            score += _weights[j] * (features[j] - _means[j]) / _scales[j];
        }
        return score;
    }

    private static double[] Features(IHelpfulnessFeaturizer featurizer, HelpfulnessAnswer answer, int dim, int index)
    {
        var row = new double[dim];
        featurizer.Featurize(answer, row);
        for (int j = 0; j < dim; j++)
        {
            if (!double.IsFinite(row[j]))
                throw new ArgumentException($"Example {index}: the featurizer gave feature '{featurizer.FeatureNames[j]}' the value {row[j]}.", nameof(answer));
        }
        return row;
    }

    private static (double[] Means, double[] Scales) Standardization(double[][] x, int dim)
    {
        var means = new double[dim];
        var scales = new double[dim];
        int n = x.Length;
        foreach (double[] row in x)
        {
            for (int j = 0; j < dim; j++)
                means[j] += row[j] / n;
        }
        foreach (double[] row in x)
        {
            for (int j = 0; j < dim; j++)
                scales[j] += (row[j] - means[j]) * (row[j] - means[j]) / n;
        }
        for (int j = 0; j < dim; j++)
            scales[j] = scales[j] > 1e-12 ? Math.Sqrt(scales[j]) : 1;
        return (means, scales);
    }
}
