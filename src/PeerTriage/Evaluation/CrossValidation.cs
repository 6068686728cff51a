using PeerTriage.Decisions;
using PeerTriage.Training;

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

/// <summary>Out-of-fold predictions, their official metrics, and the operating point and calibration they reached.</summary>
public sealed class CrossValidationResult
{
    private readonly float[] _probabilities;
    private readonly float[] _uncalibrated;
    private readonly int _classes;

    internal CrossValidationResult(PriorityScheme scheme, IReadOnlyList<TriageEvaluation> perFold, int[] fold, int[] gold, int[] predicted,
        int[] argmax, float[] probabilities, float[] uncalibrated, IReadOnlyList<OperatingPoint> operatingPoints)
    {
        _classes = scheme.Count;
        Evaluation = TriageEvaluation.Compute(scheme, gold, predicted);
        ArgmaxEvaluation = TriageEvaluation.Compute(scheme, gold, argmax);
        PerFold = perFold;
        Fold = fold;
        Gold = gold;
        Predicted = predicted;
        _probabilities = probabilities;
        _uncalibrated = uncalibrated;
        OperatingPoints = operatingPoints;
        CalibrationBefore = CalibrationReport.Compute(uncalibrated, gold, _classes);
        CalibrationAfter = CalibrationReport.Compute(probabilities, gold, _classes);
        PrecisionAtFlaggedRecall90 = PeerTriage.Evaluation.OperatingPoints.PrecisionAtRecall(probabilities, gold, _classes, scheme.FlaggedFrom, 0.90);
        PrecisionAtUrgentRecall80 = PeerTriage.Evaluation.OperatingPoints.PrecisionAtRecall(probabilities, gold, _classes, scheme.UrgentFrom, 0.80);
    }

    /// <summary>
    /// Metrics of the model's own decisions (its fitted policy on calibrated probabilities) over all out-of-fold
    /// predictions pooled together. Policies and calibration were fitted inside each training fold only.
    /// </summary>
    public TriageEvaluation Evaluation { get; }

    /// <summary>Metrics of plain argmax on uncalibrated probabilities, the baseline the policy is compared with.</summary>
    public TriageEvaluation ArgmaxEvaluation { get; }

    /// <summary>Metrics of each fold on its own.</summary>
    public IReadOnlyList<TriageEvaluation> PerFold { get; }

    /// <summary>Recall and precision reached at each boundary "at least level j" (j ≥ 1), pooled over folds.</summary>
    public IReadOnlyList<OperatingPoint> OperatingPoints { get; }

    /// <summary>Reliability of the uncalibrated out-of-fold probabilities.</summary>
    public CalibrationReport CalibrationBefore { get; }

    /// <summary>Reliability after each fold's fitted calibration.</summary>
    public CalibrationReport CalibrationAfter { get; }

    /// <summary>Best flagged precision at flagged recall ≥ 0.90 over thresholds on the calibrated out-of-fold P(≥ flagged).</summary>
    public double PrecisionAtFlaggedRecall90 { get; }

    /// <summary>Best urgent precision at urgent recall ≥ 0.80 over thresholds on the calibrated out-of-fold P(≥ urgent).</summary>
    public double PrecisionAtUrgentRecall80 { get; }

    /// <summary>The fold each example was held out in, in input order.</summary>
    public IReadOnlyList<int> Fold { get; }

    /// <summary>Gold level index of each example, in input order.</summary>
    public IReadOnlyList<int> Gold { get; }

    /// <summary>Level each example got from the model that did not see it, in input order.</summary>
    public IReadOnlyList<int> Predicted { get; }

    /// <summary>The calibrated out-of-fold probabilities of example <paramref name="index"/>, one per level.</summary>
    public ReadOnlySpan<float> ProbabilitiesOf(int index) => _probabilities.AsSpan(index * _classes, _classes);

    /// <summary>The uncalibrated out-of-fold probabilities of example <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> UncalibratedProbabilitiesOf(int index) => _uncalibrated.AsSpan(index * _classes, _classes);
}

/// <summary>Stratified or grouped k-fold cross-validation of <see cref="TriageModel"/>, nested for decisions and calibration.</summary>
public static class CrossValidation
{
    /// <summary>
    /// Trains one model per fold on the other folds — fitting its calibration and decision thresholds on an inner
    /// cross-validation of those training folds only — and predicts the held-out fold. Messages are featurized once.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="examples"/> is null.</exception>
    /// <exception cref="ArgumentException">A label is not in the scheme, a level of the scheme has no examples at all, a group
    /// is missing when grouping, or there are too few examples or groups for the folds.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public static CrossValidationResult Run(IReadOnlyList<LabeledMessage> examples, TriageTrainingOptions? training = null,
        CrossValidationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        training ??= TriageTrainingOptions.Default;
        options ??= new CrossValidationOptions();
        training.Validate();
        var scheme = training.Scheme;
        int[] labels = ModelTrainer.ResolveLabels(examples, scheme);
        ModelTrainer.RequireEveryLevel(labels, scheme);
        int[] fold = AssignFolds(examples, labels, options);
        var fitter = new FoldFitter(examples, labels, fold, options.Folds, training, cancellationToken);

        int classes = scheme.Count;
        var predicted = new int[examples.Count];
        var argmax = new int[examples.Count];
        var calibrated = new float[examples.Count * classes];
        var uncalibrated = new float[examples.Count * classes];
        var perFold = new List<TriageEvaluation>();
        var thresholdSums = new double[classes];
        int thresholdFolds = 0;
        var baseline = new ArgmaxPolicy(classes);
        for (int f = 0; f < options.Folds; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fit = fitter.Fit(f, cancellationToken);
            if (fit.Policy is ThresholdPolicy thresholds)
            {
                thresholdFolds++;
                for (int j = 1; j < classes; j++)
                    thresholdSums[j] += thresholds.Thresholds[j];
            }

            var foldGold = new int[fit.TestRows.Length];
            var foldPredicted = new int[fit.TestRows.Length];
            for (int r = 0; r < fit.TestRows.Length; r++)
            {
                int row = fit.TestRows[r];
                var raw = fit.Uncalibrated.AsSpan(r * classes, classes);
                raw.CopyTo(uncalibrated.AsSpan(row * classes, classes));
                var p = fit.Calibrated.AsSpan(r * classes, classes);
                p.CopyTo(calibrated.AsSpan(row * classes, classes));
                predicted[row] = foldPredicted[r] = fit.Policy.Decide(p);
                argmax[row] = baseline.Decide(raw);
                foldGold[r] = labels[row];
            }
            perFold.Add(TriageEvaluation.Compute(scheme, foldGold, foldPredicted));
            options.Progress?.Report(f + 1);
        }

        double[] targets = training.Decision.FitsThresholds ? training.Decision.TargetsFor(scheme) : [];
        double[]? meanThresholds = thresholdFolds > 0 ? thresholdSums.Select(t => t / thresholdFolds).ToArray() : null;
        var points = OperatingPoints.Of(scheme, labels, predicted, targets, meanThresholds);
        return new CrossValidationResult(scheme, perFold, fold, labels, predicted, argmax, calibrated, uncalibrated, points);
    }

    private static int[] AssignFolds(IReadOnlyList<LabeledMessage> examples, int[] labels, CrossValidationOptions options)
    {
        string[]? groups = null;
        if (options.Grouped)
        {
            groups = new string[examples.Count];
            for (int i = 0; i < groups.Length; i++)
            {
                groups[i] = examples[i].Group ?? throw new ArgumentException(
                    $"{examples[i].Source ?? $"example {i}"}: grouped cross-validation needs a group for every example, and this one has none.", nameof(examples));
            }
        }
        // The outer folds are exactly the ones asked for: no fallback to stratified folds and, as always, no merging of
        // identical texts (that is the inner folds' rule), so the published figures keep their folds.
        return FoldAssignment.Assign(labels, groups, [.. Enumerable.Range(0, examples.Count)], options.Folds, options.Seed, sameText: null, fallBack: false);
    }
}
