using PeerTriage.Evaluation;
using PeerTriage.Training;

namespace PeerTriage.Responses;

/// <summary>Cross-validation of response models, per mechanism, with EPITOME's metrics (macro-F1 over all levels).</summary>
public static class ResponseEvaluation
{
    /// <summary>
    /// Stratified k-fold cross-validation of each mechanism on its own examples: folds are stratified by level (the rows
    /// of each level shuffled with <paramref name="seed"/> and dealt round-robin, <see cref="Folds.Stratified"/>); each
    /// fold's model is trained on the other folds exactly as <see cref="ResponseModel.Train"/> would, its calibration and
    /// thresholds fitted on an inner cross-validation of those folds only.
    /// </summary>
    /// <param name="examples">Labelled pairs (each labels one mechanism).</param>
    /// <param name="options">Training options; null for <see cref="ResponseTrainingOptions.Default"/>.</param>
    /// <param name="folds">Number of folds. Default 5.</param>
    /// <param name="seed">Fold shuffle seed. Default 42; the same seed gives the same folds and results.</param>
    /// <param name="progress">Receives (mechanism index × folds + folds finished) as folds finish. Default null.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>One evaluation per mechanism that has examples, in scheme order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="examples"/> is null.</exception>
    /// <exception cref="ArgumentException">An example's mechanism or label is not in the scheme, a mechanism lacks a level,
    /// no mechanism has examples, or there are too few examples for the folds.</exception>
    public static ResponseEvaluationResult CrossValidate(IReadOnlyList<LabeledResponse> examples, ResponseTrainingOptions? options = null,
        int folds = 5, int seed = 42, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        options ??= ResponseTrainingOptions.Default;
        options.Validate();
        if (folds < 2)
            throw new ArgumentOutOfRangeException(nameof(folds), folds, "Cross-validation needs at least 2 folds.");
        var rows = ResponseModel.ByMechanism(examples, options.Scheme);
        var results = new List<MechanismEvaluation>();
        for (int m = 0; m < rows.Length; m++)
        {
            if (rows[m].Count == 0)
                continue;
            var mechanism = options.Scheme.Mechanisms[m];
            int done = m * folds;
            var cv = CrossValidation.Run(rows[m], options.ForMechanism(mechanism, m) with { TrainingProgress = null },
                new CrossValidationOptions { Folds = folds, Seed = seed, Progress = progress is null ? null : new Offset(progress, done) }, cancellationToken);
            var gold = cv.Gold.ToArray();
            var evaluation = MechanismEvaluation.Compute(mechanism.Name, mechanism.Levels, gold, cv.Predicted.ToArray());
            var argmax = MechanismEvaluation.Compute(mechanism.Name, mechanism.Levels, gold, ArgmaxOf(cv, mechanism.Levels.Count));
            results.Add(evaluation with { Fold = cv.Fold, Gold = gold, Predicted = cv.Predicted, ArgmaxAccuracy = argmax.Accuracy, ArgmaxMacroF1 = argmax.MacroF1 });
        }
        if (results.Count == 0)
            throw new ArgumentException("There are no examples to evaluate.", nameof(examples));
        return new ResponseEvaluationResult(results);
    }

    private static int[] ArgmaxOf(CrossValidationResult cv, int levels)
    {
        var result = new int[cv.Gold.Count];
        for (int i = 0; i < result.Length; i++)
        {
            var p = cv.UncalibratedProbabilitiesOf(i);
            int best = 0;
            for (int j = 1; j < levels; j++)
            {
                if (p[j] > p[best])
                    best = j;
            }
            result[i] = best;
        }
        return result;
    }

    private sealed class Offset(IProgress<int> target, int offset) : IProgress<int>
    {
        public void Report(int value) => target.Report(offset + value);
    }
}

/// <summary>Cross-validated metrics of every mechanism, in scheme order.</summary>
public sealed class ResponseEvaluationResult
{
    internal ResponseEvaluationResult(IReadOnlyList<MechanismEvaluation> mechanisms) => Mechanisms = mechanisms;

    /// <summary>One evaluation per evaluated mechanism, in scheme order.</summary>
    public IReadOnlyList<MechanismEvaluation> Mechanisms { get; }

    /// <summary>A mechanism's evaluation by name (case-insensitive).</summary>
    /// <param name="mechanism">The mechanism's name.</param>
    /// <exception cref="KeyNotFoundException">The mechanism was not evaluated.</exception>
    public MechanismEvaluation this[string mechanism] =>
        Mechanisms.FirstOrDefault(m => string.Equals(m.Mechanism, mechanism, StringComparison.OrdinalIgnoreCase))
        ?? throw new KeyNotFoundException($"'{mechanism}' was not evaluated ({string.Join(", ", Mechanisms.Select(m => m.Mechanism))}).");
}

/// <summary>Precision, recall, F1 and support (gold count) of one level.</summary>
/// <param name="Level">The level's name.</param>
/// <param name="Precision">Precision (0 when nothing was predicted at the level).</param>
/// <param name="Recall">Recall (0 when the level has no gold examples).</param>
/// <param name="F1">F1 (0 when precision and recall are both 0).</param>
/// <param name="Support">Gold examples at the level.</param>
public readonly record struct LevelScores(string Level, double Precision, double Recall, double F1, int Support);

/// <summary>One mechanism's metrics: accuracy, macro-F1 over all levels (as EPITOME reports it), per-level scores and
/// the confusion matrix; for cross-validation also the folds and out-of-fold predictions.</summary>
public sealed record MechanismEvaluation
{
    /// <summary>The mechanism's name.</summary>
    public required string Mechanism { get; init; }

    /// <summary>Its level names, lowest first.</summary>
    public required IReadOnlyList<string> Levels { get; init; }

    /// <summary>Examples evaluated.</summary>
    public required int Count { get; init; }

    /// <summary>Share of examples whose predicted level is the gold level.</summary>
    public required double Accuracy { get; init; }

    /// <summary>Mean F1 over all levels, the lowest included (unlike triage's macro-F1 over flagged levels).</summary>
    public required double MacroF1 { get; init; }

    /// <summary>Per-level scores, lowest first.</summary>
    public required IReadOnlyList<LevelScores> PerLevel { get; init; }

    /// <summary><c>Confusion[gold][predicted]</c> counts examples.</summary>
    public required IReadOnlyList<IReadOnlyList<int>> Confusion { get; init; }

    /// <summary>Cross-validation: the fold each example (of this mechanism, in input order) was held out in; empty otherwise.</summary>
    public IReadOnlyList<int> Fold { get; init; } = [];

    /// <summary>Gold level index of each example, in input order.</summary>
    public IReadOnlyList<int> Gold { get; init; } = [];

    /// <summary>Predicted level index of each example, in input order.</summary>
    public IReadOnlyList<int> Predicted { get; init; } = [];

    /// <summary>Cross-validation: accuracy of plain argmax on uncalibrated out-of-fold probabilities (the baseline of the fitted policy); NaN otherwise.</summary>
    public double ArgmaxAccuracy { get; init; } = double.NaN;

    /// <summary>Cross-validation: macro-F1 (all levels) of plain argmax; NaN otherwise.</summary>
    public double ArgmaxMacroF1 { get; init; } = double.NaN;

    /// <summary>Scores predicted against gold level indices of one mechanism.</summary>
    /// <param name="mechanism">The mechanism's name.</param>
    /// <param name="levels">Its levels.</param>
    /// <param name="gold">Gold level indices.</param>
    /// <param name="predicted">Predicted level indices, paired with <paramref name="gold"/>.</param>
    /// <exception cref="ArgumentException">The lists are empty or of different lengths, or an index is not a level.</exception>
    public static MechanismEvaluation Compute(string mechanism, PriorityScheme levels, ReadOnlySpan<int> gold, ReadOnlySpan<int> predicted)
    {
        ArgumentNullException.ThrowIfNull(levels);
        var scores = ConfusionScores.Of(levels, gold, predicted);
        var perLevel = new LevelScores[levels.Count];
        double sum = 0;
        for (int j = 0; j < perLevel.Length; j++)
        {
            var s = scores.Levels[j];
            perLevel[j] = new LevelScores(levels.NameOf(j), s.Precision, s.Recall, s.F1, s.Support);
            sum += s.F1;
        }
        return new MechanismEvaluation
        {
            Mechanism = mechanism,
            Levels = levels.Levels,
            Count = gold.Length,
            Accuracy = scores.Accuracy,
            MacroF1 = sum / perLevel.Length,
            PerLevel = perLevel,
            Confusion = scores.Confusion,
        };
    }
}
