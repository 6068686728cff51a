using PeerTriage.Decisions;
using PeerTriage.Features;
using PeerTriage.Learning;

namespace PeerTriage.Training;

/// <summary>
/// Cross-validation's fitting, fold by fold. The examples are featurized once (their contexts' levels predicted over the
/// same folds); each fold's model is fitted by <see cref="ModelFitter"/> on the other folds (its calibration and
/// decisions on an inner cross-validation of those rows only) and then predicts the held-out fold.
/// </summary>
internal sealed class FoldFitter
{
    private readonly FeatureMatrix _matrix;
    private readonly int[] _labels;
    private readonly string?[] _groups;
    private readonly int[] _fold;
    private readonly TriageTrainingOptions _training;
    private readonly FitRun _run;
    private readonly SoftmaxWorkspace _workspace;

    /// <param name="examples">The examples, with labels checked (<paramref name="labels"/>).</param>
    /// <param name="labels">The level index of each example.</param>
    /// <param name="fold">The outer fold of each example, 0 .. <paramref name="folds"/> − 1.</param>
    /// <param name="folds">The number of outer folds.</param>
    /// <param name="training">How each fold's model is trained.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    public FoldFitter(IReadOnlyList<LabeledMessage> examples, int[] labels, int[] fold, int folds, TriageTrainingOptions training, CancellationToken cancellationToken)
    {
        _labels = labels;
        _fold = fold;
        _training = training;
        _groups = [.. examples.Select(e => e.FoldGroup)];
        // An example's level, and the levels in its history, come from a model that did not see its outer fold.
        var contexts = ModelTrainer.ContextsFor(examples, training,
            text => new FoldFitter(examples, labels, fold, folds, text, cancellationToken).Levels(folds, cancellationToken));
        var featurizer = new PipelineFeaturizer(training.Features, training.Scheme);
        _matrix = featurizer.FeaturizeAll([.. examples.Select(e => e.Message)], contexts, training.MaxDegreeOfParallelism, cancellationToken, training.Seed);
        // Identical texts share an inner fold, as in training, so the nested thresholds are fitted as training fits them.
        _run = new FitRun(training.KeepDuplicateTextsTogether ? TrainingData.SameTextOrNull(examples) : null, Reporter: null);
        // One set of fit scratch for every outer fold: each fold's own would be garbage a fold later.
        _workspace = new SoftmaxWorkspace(training.Features.TwoStage ? _matrix.Sparse : _matrix.Combined, training.Scheme.Count);
    }

    /// <summary>Fits a model on every fold but <paramref name="f"/> and predicts fold <paramref name="f"/>.</summary>
    public FoldPrediction Fit(int f, CancellationToken cancellationToken)
    {
        int classes = _training.Scheme.Count;
        var trainRows = new List<int>();
        var testRows = new List<int>();
        for (int i = 0; i < _fold.Length; i++)
            (_fold[i] == f ? testRows : trainRows).Add(i);
        var fitted = ModelFitter.Fit(_matrix, _labels, _groups, [.. trainRows], _training, cancellationToken, _workspace, _run);
        var raw = fitted.PredictRaw(_matrix, [.. testRows], classes);
        var calibrated = (float[])raw.Clone();
        DecisionFitter.ApplyInverseTemperature(calibrated, classes, fitted.InverseTemperature);
        return new FoldPrediction([.. testRows], raw, calibrated, fitted.Policy);
    }

    /// <summary>Each example's level as decided by the model of its fold.</summary>
    private int[] Levels(int folds, CancellationToken cancellationToken)
    {
        int classes = _training.Scheme.Count;
        var levels = new int[_labels.Length];
        for (int f = 0; f < folds; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var p = Fit(f, cancellationToken);
            for (int r = 0; r < p.TestRows.Length; r++)
                levels[p.TestRows[r]] = p.Policy.Decide(p.Calibrated.AsSpan(r * classes, classes));
        }
        return levels;
    }
}

/// <summary>One outer fold's predictions.</summary>
/// <param name="TestRows">The held-out examples, in input order.</param>
/// <param name="Uncalibrated">Their probabilities before calibration, row-major.</param>
/// <param name="Calibrated">Their probabilities after the fold's fitted calibration.</param>
/// <param name="Policy">The fold model's fitted decision policy.</param>
internal sealed record FoldPrediction(int[] TestRows, float[] Uncalibrated, float[] Calibrated, DecisionPolicy Policy);
