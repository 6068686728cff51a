using PeerTriage.Decisions;
using PeerTriage.Features;
using PeerTriage.Learning;

namespace PeerTriage.Training;

/// <summary>
/// Fits weights on some rows, and — on out-of-fold predictions of those same rows only — the calibration and the
/// decision policy. Used by <see cref="TriageModel.Train"/> (all rows) and by cross-validation (each outer fold's
/// training rows), which makes the cross-validated operating point an honest, nested estimate.
/// </summary>
internal static class ModelFitter
{
    /// <summary>
    /// Fits the model on <paramref name="rows"/>. <paramref name="workspace"/> holds the scratch of the fits on the first
    /// stage's matrix, to share with other calls on the same matrix (cross-validation's outer folds); null for a new one.
    /// The run (<see cref="FitRun"/>) says which rows share a text, to keep them in one inner fold, and where progress goes.
    /// </summary>
    public static FittedModel Fit(FeatureMatrix m, int[] labels, string?[] groups, int[] rows, TriageTrainingOptions options, CancellationToken cancellationToken,
        SoftmaxWorkspace? workspace = null, FitRun? run = null)
    {
        int levels = options.Scheme.Count;
        if (!options.Features.TwoStage)
        {
            var x = m.Combined;
            workspace ??= new SoftmaxWorkspace(x, levels);
            var (beta, policy, boundaries, card) = FitDecisions(() => OutOfFold(x, labels, groups, rows, options, cancellationToken, m.Copies, workspace, run), labels, groups, rows, options, run);
            return new FittedModel(FinalFit(x, labels, rows, options, cancellationToken, m.Copies, workspace, run), null, beta, policy, boundaries) { Metrics = card };
        }

        // Two stages: the second stage learns from text probabilities of rows the text model did not see.
        var textWorkspace = workspace ?? new SoftmaxWorkspace(m.Sparse, levels);
        var stage1 = FinalFit(m.Sparse, labels, rows, options, cancellationToken, m.Copies, textWorkspace, run);
        float[] text;
        if (rows.Length >= options.Decision.InnerFolds * 2)
            text = OutOfFold(m.Sparse, labels, groups, rows, options, cancellationToken, m.Copies, textWorkspace, run);
        else
        {
            text = new float[rows.Length * levels];
            SoftmaxRegression.PredictProbabilities(stage1, m.Sparse, rows, text);
        }
        // Local row space: the rows, then the context-free copies of those that have one (each with its original's
        // text probabilities: the copy differs in its context features only).
        var stackedRows = new List<int>(rows);
        var textOf = new List<int>();
        for (int i = 0; i < rows.Length; i++)
            textOf.Add(i);
        var localCopies = new int[rows.Length];
        Array.Fill(localCopies, -1);
        for (int i = 0; i < rows.Length && m.Copies is not null; i++)
        {
            if (m.Copies[rows[i]] >= 0)
            {
                localCopies[i] = stackedRows.Count;
                stackedRows.Add(m.Copies[rows[i]]);
                textOf.Add(i);
            }
        }
        var stacked = StackDense(text, m, [.. stackedRows], levels, [.. textOf]);
        var local = new int[rows.Length];
        var localLabels = new int[stackedRows.Count];
        var localGroups = new string?[stackedRows.Count];
        for (int i = 0; i < stackedRows.Count; i++)
        {
            localLabels[i] = labels[rows[textOf[i]]];
            localGroups[i] = groups[rows[textOf[i]]];
        }
        for (int i = 0; i < rows.Length; i++)
            local[i] = i;
        // Identical texts stay together in the second stage's folds too: each local row keeps its original's text key.
        var localRun = run?.SameText is { } sameText ? run with { SameText = [.. textOf.Select(i => sameText[rows[i]])] } : run;
        if (options.SecondStage is { } learner)
        {
            // A learner's stage: its inner folds are the linear stage's, so each row's out-of-fold prediction comes from
            // trees that did not see it (nor its context-free copy).
            int width = levels + m.DenseCount;
            var (betaT, policyT, boundariesT, metricsT) = FitDecisions(
                () => TreeOutOfFold(learner, stacked, width, localLabels, localGroups, local, options, cancellationToken, localCopies, localRun),
                localLabels, localGroups, local, options, run);
            run?.Reporter?.Phase(TrainingPhase.FinalFit);
            run?.Reporter?.FitStarted();
            var trees = FitTrees(learner, stacked, width, localLabels, local, localCopies, options, cancellationToken);
            run?.Reporter?.FitDone(TrainingPhase.FinalFit, 1, 1);
            return new FittedModel(stage1, null, betaT, policyT, boundariesT) { Trees = trees, Metrics = metricsT };
        }
        var z = SparseMatrix.FromDense(stacked, stackedRows.Count, levels + m.DenseCount);
        var (beta2, policy2, boundaries2, metrics) = FitDecisions(() => OutOfFold(z, localLabels, localGroups, local, options, cancellationToken, localCopies, null, localRun),
            localLabels, localGroups, local, options, run);
        var stage2 = FinalFit(z, localLabels, local, options, cancellationToken, localCopies, null, run);
        return new FittedModel(stage1, stage2, beta2, policy2, boundaries2) { Metrics = metrics };
    }

    /// <summary>
    /// The second stage's input: ln of each text probability (clipped), then the row's dense features. Row i reads text
    /// probabilities at <c>textOf[i]</c> (default i).
    /// </summary>
    public static SparseMatrix Stack(float[] textProbabilities, FeatureMatrix m, int[] rows, int classes, int[]? textOf = null) =>
        SparseMatrix.FromDense(StackDense(textProbabilities, m, rows, classes, textOf), rows.Length, classes + m.DenseCount);

    /// <summary><see cref="Stack"/>, row-major dense (rows × (classes + dense features)).</summary>
    public static float[] StackDense(float[] textProbabilities, FeatureMatrix m, int[] rows, int classes, int[]? textOf = null)
    {
        int d = m.DenseCount;
        int width = classes + d;
        var z = new float[rows.Length * width];
        for (int i = 0; i < rows.Length; i++)
        {
            for (int k = 0; k < classes; k++)
                z[i * width + k] = LinearScorer.StackedInput(textProbabilities[(textOf?[i] ?? i) * classes + k]);
            m.Dense.AsSpan(rows[i] * d, d).CopyTo(z.AsSpan(i * width + classes, d));
        }
        return z;
    }

    /// <summary>
    /// Out-of-fold probabilities of a learner's stage for <paramref name="rows"/> (local rows of <paramref name="stacked"/>),
    /// uncalibrated, from an inner cross-validation with the same folds as the linear stage's.
    /// </summary>
    private static float[] TreeOutOfFold(SecondStageLearner learner, float[] stacked, int width, int[] labels, string?[] groups, int[] rows,
        TriageTrainingOptions options, CancellationToken cancellationToken, int[] copies, FitRun? run)
    {
        int levels = options.Scheme.Count;
        int k = options.Decision.InnerFolds;
        var result = new float[rows.Length * levels];
        foreach (var (f, train, test) in InnerFolds(labels, groups, rows, options, run, cancellationToken))
        {
            run?.Reporter?.FitStarted();
            var trees = FitTrees(learner, stacked, width, labels, [.. train.Select(i => rows[i])], copies, options, cancellationToken);
            foreach (int i in test)
                PredictTrees(trees, stacked.AsSpan(rows[i] * width, width), result.AsSpan(i * levels, levels));
            run?.Reporter?.FitDone(TrainingPhase.InnerFold, f + 1, k);
        }
        return result;
    }

    /// <summary>
    /// The inner folds of <paramref name="rows"/> (grouped, stratified, identical texts together): for each fold with rows
    /// on both sides, its number and the positions in <paramref name="rows"/> it trains on and holds out.
    /// </summary>
    private static IEnumerable<(int Fold, List<int> Train, List<int> Test)> InnerFolds(int[] labels, string?[] groups, int[] rows, TriageTrainingOptions options,
        FitRun? run, CancellationToken cancellationToken)
    {
        int k = options.Decision.InnerFolds;
        int[] fold = FoldAssignment.Assign(labels, groups, rows, k, options.Seed, run?.SameText);
        for (int f = 0; f < k; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var train = new List<int>();
            var test = new List<int>();
            for (int i = 0; i < rows.Length; i++)
                (fold[i] == f ? test : train).Add(i);
            if (test.Count > 0 && train.Count > 0)
                yield return (f, train, test);
        }
    }

    /// <summary>Uncalibrated probabilities of one stacked row under a tree stage.</summary>
    public static void PredictTrees(TreeEnsemble trees, ReadOnlySpan<float> z, Span<float> probabilities)
    {
        trees.Evaluate(z, probabilities);
        Softmax.InPlace(probabilities);
    }

    /// <summary>Fits a learner's stage on <paramref name="rows"/> of <paramref name="stacked"/> and their context-free copies.</summary>
    private static TreeEnsemble FitTrees(SecondStageLearner learner, float[] stacked, int width, int[] labels, int[] rows, int[] copies,
        TriageTrainingOptions options, CancellationToken cancellationToken)
    {
        var (all, y) = WithCopies(labels, rows, copies);
        var x = new float[all.Length * width];
        for (int i = 0; i < all.Length; i++)
            stacked.AsSpan(all[i] * width, width).CopyTo(x.AsSpan(i * width, width));
        int levels = options.Scheme.Count;
        var classWeights = SoftmaxRegression.ClassWeights(y, levels, options.ClassWeighting);
        var trees = learner.Fit(new SecondStageTrainingSet(levels, width, x, y, classWeights, options.Seed), cancellationToken)
            ?? throw new InvalidOperationException($"The second-stage learner '{learner.Kind}' returned no ensemble.");
        if (trees.Classes != levels || trees.Inputs != width)
        {
            throw new InvalidOperationException(
                $"The second-stage learner '{learner.Kind}' returned an ensemble for {trees.Classes} levels and {trees.Inputs} inputs; training needs {levels} and {width}.");
        }
        return trees;
    }

    private static (float Beta, DecisionPolicy Policy, BoundaryFit[] Boundaries, ModelCardMetrics? Metrics) FitDecisions(Func<float[]> outOfFold,
        int[] labels, string?[] groups, int[] rows, TriageTrainingOptions options, FitRun? run)
    {
        int levels = options.Scheme.Count;
        var decision = options.Decision;
        float beta = 1f;
        DecisionPolicy policy = decision.Policy == DecisionPolicyKind.CostMatrix ? new CostMatrixPolicy(decision.Costs!) : new ArgmaxPolicy(levels);
        BoundaryFit[] boundaries = [];
        if (decision.NeedsOutOfFold && rows.Length >= decision.InnerFolds * 2)
        {
            var gold = new int[rows.Length];
            for (int i = 0; i < rows.Length; i++)
                gold[i] = labels[rows[i]];
            var oof = outOfFold();
            var argmax = new ArgmaxPolicy(levels);
            var argmaxLevels = new int[rows.Length];
            for (int i = 0; i < rows.Length; i++)
                argmaxLevels[i] = argmax.Decide(oof.AsSpan(i * levels, levels));
            run?.Reporter?.Phase(TrainingPhase.Decisions);
            if (decision.Calibrate)
            {
                beta = DecisionFitter.FitInverseTemperature(oof, gold, levels);
                DecisionFitter.ApplyInverseTemperature(oof, levels, beta);
            }
            if (decision.FitsThresholds)
                (policy, boundaries) = DecisionFitter.Fit(oof, gold, levels, decision.TargetsFor(options.Scheme), decision);
            var decided = new int[rows.Length];
            for (int i = 0; i < rows.Length; i++)
                decided[i] = policy.Decide(oof.AsSpan(i * levels, levels));
            bool grouped = rows.All(r => groups[r] is not null);
            var metrics = Card(options.Scheme, gold, decided, argmaxLevels,
                $"inner {decision.InnerFolds}-fold out-of-fold predictions on the training data, {(grouped ? "grouped by author" : "stratified by level")}");
            return (beta, policy, boundaries, metrics);
        }
        return (beta, policy, boundaries, null);
    }

    private static ModelCardMetrics Card(PriorityScheme scheme, int[] gold, int[] decided, int[] argmax, string method)
    {
        var e = ConfusionScores.Of(scheme, gold, decided);
        var a = ConfusionScores.Of(scheme, gold, argmax);
        return new ModelCardMetrics
        {
            Method = method,
            Rows = gold.Length,
            MacroF1 = e.MacroF1,
            Accuracy = e.Accuracy,
            FlaggedF1 = e.Flagged.F1,
            FlaggedRecall = e.Flagged.Recall,
            FlaggedPrecision = e.Flagged.Precision,
            UrgentF1 = e.Urgent.F1,
            UrgentRecall = e.Urgent.Recall,
            UrgentPrecision = e.Urgent.Precision,
            ArgmaxMacroF1 = a.MacroF1,
            ArgmaxFlaggedF1 = a.Flagged.F1,
            ArgmaxUrgentF1 = a.Urgent.F1,
            PredictedShares = e.PredictedShares,
            BaseRates = e.BaseRates,
        };
    }

    /// <summary>
    /// Fits on <paramref name="rows"/> and, when <paramref name="copies"/> is given (for each original row, the row index
    /// of its copy without context, or -1), on their context-free copies too. <paramref name="workspace"/> lends the
    /// fit its scratch arrays, to share them with the other fits on <paramref name="x"/>.
    /// </summary>
    public static SoftmaxSolution FitWeights(SparseMatrix x, int[] labels, int[] rows, TriageTrainingOptions options, CancellationToken cancellationToken,
        int[]? copies = null, SoftmaxWorkspace? workspace = null)
    {
        var (all, y) = WithCopies(labels, rows, copies);
        // The rows are read in place: a copy of the selected rows would be most of the matrix, once per fit.
        return SoftmaxRegression.Fit(x, all, y, options.Scheme.Count, ToSoftmaxOptions(options), options.Progress, cancellationToken, workspace);
    }

    /// <summary>The solver options a training run asks for.</summary>
    internal static SoftmaxOptions ToSoftmaxOptions(TriageTrainingOptions options) => new()
    {
        L2 = options.L2,
        MaxIterations = options.MaxIterations,
        Tolerance = options.Tolerance,
        ClassWeighting = options.ClassWeighting,
        MaxDegreeOfParallelism = options.MaxDegreeOfParallelism,
    };

    /// <summary>The rows and, when <paramref name="copies"/> is given, their context-free copies; with their labels.</summary>
    private static (int[] Rows, int[] Labels) WithCopies(int[] labels, int[] rows, int[]? copies)
    {
        var all = new List<int>(rows);
        var y = new List<int>(rows.Length);
        foreach (int r in rows)
            y.Add(labels[r]);
        if (copies is not null)
        {
            foreach (int r in rows)
            {
                if (copies[r] >= 0)
                {
                    all.Add(copies[r]);
                    y.Add(labels[r]);
                }
            }
        }
        return (all.ToArray(), y.ToArray());
    }

    /// <summary>Out-of-fold probabilities for <paramref name="rows"/>, in that order, from an inner cross-validation.</summary>
    public static float[] OutOfFold(SparseMatrix x, int[] labels, string?[] groups, int[] rows, TriageTrainingOptions options, CancellationToken cancellationToken,
        int[]? copies = null, SoftmaxWorkspace? workspace = null, FitRun? run = null, TrainingPhase phase = TrainingPhase.InnerFold)
    {
        int levels = options.Scheme.Count;
        workspace ??= new SoftmaxWorkspace(x, levels);
        int k = options.Decision.InnerFolds;
        var result = new float[rows.Length * levels];
        foreach (var (f, train, test) in InnerFolds(labels, groups, rows, options, run, cancellationToken))
        {
            var (fitRows, fitLabels) = WithCopies(labels, [.. train.Select(i => rows[i])], copies);
            var probabilities = new float[test.Count * levels];
            run?.Reporter?.FitStarted();
            // Only the fold's probabilities are kept, so no full-width weight table is built for each fold.
            SoftmaxRegression.FitAndPredict(x, fitRows, fitLabels, levels, ToSoftmaxOptions(options), [.. test.Select(i => rows[i])],
                probabilities, options.Progress, cancellationToken, workspace);
            for (int t = 0; t < test.Count; t++)
                probabilities.AsSpan(t * levels, levels).CopyTo(result.AsSpan(test[t] * levels, levels));
            run?.Reporter?.FitDone(phase, f + 1, k);
        }
        return result;
    }

    private static SoftmaxSolution FinalFit(SparseMatrix x, int[] labels, int[] rows, TriageTrainingOptions options, CancellationToken cancellationToken,
        int[]? copies, SoftmaxWorkspace? workspace, FitRun? run)
    {
        run?.Reporter?.Phase(TrainingPhase.FinalFit);
        run?.Reporter?.FitStarted();
        var solution = FitWeights(x, labels, rows, options, cancellationToken, copies, workspace);
        run?.Reporter?.FitDone(TrainingPhase.FinalFit, 1, 1);
        return solution;
    }
}

/// <summary>What one training run shares across its fits: which rows have the same text, and where progress goes.</summary>
/// <param name="SameText">Per row, a key equal for identical texts (<see cref="TrainingData.SameTextAs"/>); null to ignore duplicates.</param>
/// <param name="Reporter">Progress of the run; null for none.</param>
internal sealed record FitRun(int[]? SameText, TrainingReporter? Reporter);
