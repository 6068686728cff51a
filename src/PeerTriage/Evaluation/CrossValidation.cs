using PeerTriage.Features;
using PeerTriage.Learning;

namespace PeerTriage.Evaluation;

/// <summary>How <see cref="CrossValidation.Run"/> splits the data. Every property has a documented default.</summary>
public sealed record CrossValidationOptions
{
    /// <summary>Number of folds. Default 5.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Seed for the fold assignment. Default 42. The same seed gives the same folds and the same results.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// Keep each <see cref="LabeledMessage.Group"/> (for example an author) inside one fold. Default false, which
    /// stratifies by label instead. When true, every example needs a group.
    /// </summary>
    public bool Grouped { get; init; }

    /// <summary>Receives the number of folds finished. Default null.</summary>
    public IProgress<int>? Progress { get; init; }
}

/// <summary>Out-of-fold predictions and their official metrics.</summary>
public sealed class CrossValidationResult
{
    internal CrossValidationResult(TriageEvaluation evaluation, IReadOnlyList<TriageEvaluation> perFold, int[] fold, int[] gold, int[] predicted, float[] probabilities, int classes)
    {
        Evaluation = evaluation;
        PerFold = perFold;
        Fold = fold;
        Gold = gold;
        Predicted = predicted;
        _probabilities = probabilities;
        _classes = classes;
    }

    private readonly float[] _probabilities;
    private readonly int _classes;

    /// <summary>Metrics over all out-of-fold predictions pooled together (as scikit-learn's <c>cross_val_predict</c>).</summary>
    public TriageEvaluation Evaluation { get; }

    /// <summary>Metrics of each fold on its own.</summary>
    public IReadOnlyList<TriageEvaluation> PerFold { get; }

    /// <summary>The fold each example was held out in, in input order.</summary>
    public IReadOnlyList<int> Fold { get; }

    /// <summary>Gold level index of each example, in input order.</summary>
    public IReadOnlyList<int> Gold { get; }

    /// <summary>Predicted level index of each example by the model that did not see it, in input order.</summary>
    public IReadOnlyList<int> Predicted { get; }

    /// <summary>The out-of-fold probabilities of example <paramref name="index"/>, one per level.</summary>
    public ReadOnlySpan<float> ProbabilitiesOf(int index) => _probabilities.AsSpan(index * _classes, _classes);
}

/// <summary>Stratified or grouped k-fold cross-validation of <see cref="TriageModel"/>.</summary>
public static class CrossValidation
{
    /// <summary>
    /// Trains one model per fold on the other folds and predicts the held-out fold. Messages are featurized once and
    /// shared by every fold.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="examples"/> is null.</exception>
    /// <exception cref="ArgumentException">A label is not in the scheme, a group is missing when grouping, or there are too few examples or groups for the folds.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public static CrossValidationResult Run(IReadOnlyList<LabeledMessage> examples, TriageTrainingOptions? training = null,
        CrossValidationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        training ??= TriageTrainingOptions.Default;
        options ??= new CrossValidationOptions();
        training.Validate();
        var scheme = training.Scheme;
        int[] labels = TriageModel.ResolveLabels(examples, scheme);
        int[] fold = AssignFolds(examples, labels, options);

        var featurizer = new NGramFeaturizer(training.Features);
        var matrix = TriageModel.Featurize(featurizer, examples.Select(e => e.Message).ToList(), training.MaxDegreeOfParallelism, cancellationToken);

        int classes = scheme.Count;
        var predicted = new int[examples.Count];
        var probabilities = new float[examples.Count * classes];
        var perFold = new List<TriageEvaluation>();
        var softmax = TriageModel.ToSoftmaxOptions(training);
        for (int f = 0; f < options.Folds; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var trainRows = new List<int>();
            var testRows = new List<int>();
            for (int i = 0; i < fold.Length; i++)
                (fold[i] == f ? testRows : trainRows).Add(i);
            var trainLabels = trainRows.Select(i => labels[i]).ToArray();
            var solution = SoftmaxRegression.Fit(matrix.SelectRows(trainRows.ToArray()), trainLabels, classes, softmax, training.Progress, cancellationToken);

            var test = matrix.SelectRows(testRows.ToArray());
            var foldProbabilities = new float[testRows.Count * classes];
            SoftmaxRegression.PredictProbabilities(solution, test, foldProbabilities);
            var foldGold = new int[testRows.Count];
            var foldPredicted = new int[testRows.Count];
            for (int r = 0; r < testRows.Count; r++)
            {
                var p = foldProbabilities.AsSpan(r * classes, classes);
                int row = testRows[r];
                p.CopyTo(probabilities.AsSpan(row * classes, classes));
                predicted[row] = foldPredicted[r] = ArgMax(p);
                foldGold[r] = labels[row];
            }
            perFold.Add(TriageEvaluation.Compute(scheme, foldGold, foldPredicted));
            options.Progress?.Report(f + 1);
        }
        var evaluation = TriageEvaluation.Compute(scheme, labels, predicted);
        return new CrossValidationResult(evaluation, perFold, fold, labels, predicted, probabilities, classes);
    }

    private static int[] AssignFolds(IReadOnlyList<LabeledMessage> examples, int[] labels, CrossValidationOptions options)
    {
        if (!options.Grouped)
            return Folds.Stratified(labels, options.Folds, options.Seed);
        var groups = new string[examples.Count];
        for (int i = 0; i < groups.Length; i++)
        {
            groups[i] = examples[i].Group ?? throw new ArgumentException(
                $"{examples[i].Source ?? $"example {i}"}: grouped cross-validation needs a group for every example, and this one has none.", nameof(examples));
        }
        return Folds.Grouped(groups, options.Folds, options.Seed);
    }

    // Same rule as the model: the most probable level, ties to the higher one.
    private static int ArgMax(ReadOnlySpan<float> p)
    {
        int best = 0;
        for (int c = 1; c < p.Length; c++)
        {
            if (p[c] >= p[best])
                best = c;
        }
        return best;
    }
}
