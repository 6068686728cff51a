using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using PeerTriage.Decisions;
using PeerTriage.Explanations;
using PeerTriage.Features;

namespace PeerTriage.Training;

/// <summary>
/// The steps of <see cref="TriageModel.Train"/>: check the labels, build thread contexts, featurize, fit (with
/// <see cref="ModelFitter"/>), collect the explanation vocabulary, and describe the result. Returns the model's parts,
/// so that training does not depend on the façade it serves.
/// </summary>
internal static class ModelTrainer
{
    /// <summary>Trains on labelled messages; see <see cref="TriageModel.Train"/> for the contract and exceptions.</summary>
    public static TrainedModel Train(IEnumerable<LabeledMessage> examples, TriageTrainingOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(examples);
        options ??= TriageTrainingOptions.Default;
        options.Validate();
        var rows = examples as IReadOnlyList<LabeledMessage> ?? examples.ToList();
        var labels = ResolveLabels(rows, options.Scheme);
        RequireEveryLevel(labels, options.Scheme);
        var run = new FitRun(options.KeepDuplicateTextsTogether ? TrainingData.SameTextOrNull(rows) : null, options.TrainingProgress is null ? null : new TrainingReporter(options.TrainingProgress, FitCount(options)));
        var contexts = ContextsFor(rows, options, text => InnerFoldLevels(rows, labels, text, cancellationToken, run));
        run.Reporter?.Phase(TrainingPhase.Featurizing);
        var featurizer = new PipelineFeaturizer(options.Features, options.Scheme);
        var matrix = featurizer.FeaturizeAll(rows.Select(r => r.Message).ToList(), contexts, options.MaxDegreeOfParallelism, cancellationToken, options.Seed);
        var groups = rows.Select(r => r.FoldGroup).ToArray();
        var fitted = ModelFitter.Fit(matrix, labels, groups, [.. Enumerable.Range(0, rows.Count)], options, cancellationToken, workspace: null, run);
        run.Reporter?.Phase(TrainingPhase.ExplanationVocabulary);
        var vocabulary = ExplanationVocabulary.Build(rows, featurizer.NGrams, options.ExplanationMinAuthors, options.ExplanationVocabularyLimit);
        return FromFit(fitted, featurizer, labels, rows, options, vocabulary);
    }

    /// <summary>How many fits a training run makes, for its time estimate: inner folds and final fits of each stage, and
    /// the inner folds that predict context levels.</summary>
    private static int FitCount(TriageTrainingOptions options)
    {
        int k = options.Decision.InnerFolds;
        return (options.Features.TwoStage ? 2 * (k + 1) : k + 1) + (options.Features.Context is not null ? k : 0);
    }

    /// <summary>
    /// The rows' contexts, rebuilt when the pipeline reads levels from thread history: each row's level, and the levels
    /// in its history, come from an n-gram model (argmax, uncalibrated) that did not see the row.
    /// <paramref name="predictLevels"/> makes those predictions with the options it is given: over training's inner
    /// folds, or over cross-validation's outer folds.
    /// </summary>
    public static IReadOnlyList<ThreadContext?>? ContextsFor(IReadOnlyList<LabeledMessage> rows, TriageTrainingOptions options,
        Func<TriageTrainingOptions, int[]> predictLevels) =>
        ThreadContexts.ForTraining(rows, options.Features.Context is not null || options.Features.Pairs is not null, options.Features.Context is { AuthorHistory: true } or { ParentLevel: true }, () => predictLevels(options with
        {
            Features = FeaturePipeline.NGramsOnly.WithNGrams(options.Features.NGrams),
            Decision = new DecisionOptions { Policy = DecisionPolicyKind.Argmax, Calibrate = false, InnerFolds = options.Decision.InnerFolds },
            Progress = null,
            TrainingProgress = null,
        }));

    /// <summary>Each row's level from the n-gram model of its inner fold (−1 for all when there are too few rows).</summary>
    private static int[] InnerFoldLevels(IReadOnlyList<LabeledMessage> rows, int[] labels, TriageTrainingOptions text, CancellationToken cancellationToken, FitRun run)
    {
        run.Reporter?.Phase(TrainingPhase.ContextLevels);
        int k = text.Scheme.Count;
        var levels = new int[rows.Count];
        Array.Fill(levels, -1);
        if (rows.Count < text.Decision.InnerFolds * 2)
            return levels;
        var matrix = new PipelineFeaturizer(text.Features, text.Scheme)
            .FeaturizeAll(rows.Select(r => r.Message).ToList(), null, text.MaxDegreeOfParallelism, cancellationToken);
        var groups = rows.Select(r => r.FoldGroup).ToArray();
        var oof = ModelFitter.OutOfFold(matrix.Sparse, labels, groups, [.. Enumerable.Range(0, rows.Count)], text, cancellationToken,
            run: run, phase: TrainingPhase.ContextLevels);
        var argmax = new ArgmaxPolicy(k);
        for (int i = 0; i < levels.Length; i++)
            levels[i] = argmax.Decide(oof.AsSpan(i * k, k));
        return levels;
    }

    private static TrainedModel FromFit(FittedModel fitted, PipelineFeaturizer featurizer, int[] labels, IReadOnlyList<LabeledMessage> rows, TriageTrainingOptions options, ExplanationVocabulary vocabulary)
    {
        var solution = fitted.Stage2 ?? fitted.Solution;
        var perLevel = new int[options.Scheme.Count];
        foreach (int label in labels)
            perLevel[label]++;
        var info = new ModelInfo
        {
            LibraryVersion = LibraryVersion,
            CreatedAt = DateTimeOffset.UtcNow,
            TrainingRows = labels.Length,
            RowsPerLevel = perLevel,
            TrainingDataSha256 = HashTrainingData(rows, options.Scheme),
            L2 = options.L2,
            ClassWeighting = options.ClassWeighting.ToString(),
            Iterations = solution.Iterations,
            Converged = solution.Converged,
            Metrics = fitted.Metrics,
            SecondStageKind = fitted.Trees is null ? null : options.SecondStage!.Kind,
            SecondStageSettings = fitted.Trees is null ? new Dictionary<string, string>() : new Dictionary<string, string>(options.SecondStage!.Settings, StringComparer.Ordinal),
            Warnings = WarningsFor(fitted, labels, rows, options),
        };
        var targets = options.Decision.FitsThresholds ? options.Decision.TargetsFor(options.Scheme) : [];
        var record = new DecisionRecord(options.Decision.Policy, targets, fitted.Boundaries, options.Decision.Objective, options.Decision.FBeta);
        var weights = ModelWeights.From(fitted, featurizer.Buckets, options.Scheme.Count);
        return new TrainedModel(options.Scheme, featurizer, weights, info, fitted.Policy, 1f / fitted.InverseTemperature, vocabulary, record);
    }

    /// <summary>What the caller should know about this fit: no authors, duplicate texts, missed recall targets.</summary>
    private static TrainingWarning[] WarningsFor(FittedModel fitted, int[] labels, IReadOnlyList<LabeledMessage> rows, TriageTrainingOptions options)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var warnings = new List<TrainingWarning>();
        if (rows.All(r => r.FoldGroup is null))
        {
            warnings.Add(new TrainingWarning(TrainingWarningKind.NoAuthors,
                $"No training example has an author (LabeledMessage.Group or ForumMessage.AuthorId), so explanations will name no words: a phrase is named only when at least {options.ExplanationMinAuthors} distinct authors wrote it. Give each example its author."));
        }
        int duplicates = TrainingData.DuplicateTextCount(rows);
        if (duplicates > 0)
        {
            warnings.Add(new TrainingWarning(TrainingWarningKind.DuplicateTexts,
                options.KeepDuplicateTextsTogether
                    ? string.Create(inv, $"{duplicates:N0} training rows repeat the text of an earlier row; identical texts were kept in the same inner fold so they do not inflate the model card's metrics, but they still weigh more in training.")
                    : string.Create(inv, $"{duplicates:N0} training rows repeat the text of an earlier row, and KeepDuplicateTextsTogether is off: copies in other inner folds inflate the model card's metrics."))
            {
                Count = duplicates,
            });
        }
        foreach (var b in fitted.Boundaries)
        {
            if (double.IsNaN(b.Target))
                continue;
            int atOrAbove = labels.Count(l => l >= b.Level);
            if (atOrAbove >= DecisionOptions.MinRowsForRecallTarget && b.Recall >= b.Target - 0.05)
                continue;
            string level = options.Scheme.NameOf(b.Level);
            warnings.Add(new TrainingWarning(TrainingWarningKind.UnreliableRecallTarget,
                string.Create(inv, $"The recall target {level}={b.Target:0.00} was fitted on {atOrAbove:N0} training rows at or above '{level}' and reached {b.Recall:0.00} on them out of fold; with so few, recall on new data may land far from the target. Add examples, or drop the target."))
            {
                Level = level,
                Count = atOrAbove,
                Target = b.Target,
                Reached = b.Recall,
            });
        }
        return [.. warnings];
    }

    public static int[] ResolveLabels(IReadOnlyList<LabeledMessage> rows, PriorityScheme scheme)
    {
        if (rows.Count == 0)
            throw new ArgumentException("There are no training examples.", "examples");
        var labels = new int[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            var row = rows[i] ?? throw new ArgumentNullException("examples", $"Example {i} is null.");
            ArgumentNullException.ThrowIfNull(row.Message, $"examples[{i}].Message");
            if (row.Label is null || !scheme.TryGetIndex(row.Label, out labels[i]))
            {
                string where = row.Source ?? $"example {i}";
                throw new ArgumentException($"{where}: label '{row.Label}' is not a level of the scheme ({scheme.Describe()}).", "examples");
            }
        }
        return labels;
    }

    /// <summary>Throws when a level of the scheme has no examples, naming it and counting the examples of every level.</summary>
    public static void RequireEveryLevel(int[] labels, PriorityScheme scheme)
    {
        var counts = new int[scheme.Count];
        foreach (int label in labels)
            counts[label]++;
        var empty = scheme.Levels.Where((_, i) => counts[i] == 0).Select(name => $"'{name}'").ToList();
        if (empty.Count == 0)
            return;
        string perLevel = string.Join(", ", scheme.Levels.Select((name, i) => $"{name} {counts[i]}"));
        string which = empty.Count == 1 ? $"Level {empty[0]} has" : $"Levels {string.Join(", ", empty)} have";
        throw new ArgumentException(
            $"{which} no training examples, so the model could never predict {(empty.Count == 1 ? "it" : "them")} (examples per level: {perLevel}). "
            + "Give every level at least one example, or use a PriorityScheme without the empty level" + (empty.Count == 1 ? "." : "s."),
            "examples");
    }

    private static string HashTrainingData(IReadOnlyList<LabeledMessage> rows, PriorityScheme scheme)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> separator = [0];
        foreach (var row in rows)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(scheme.NameOf(scheme.IndexOf(row.Label))));
            sha.AppendData(separator);
            sha.AppendData(Encoding.UTF8.GetBytes(row.Message.Subject ?? ""));
            sha.AppendData(separator);
            sha.AppendData(Encoding.UTF8.GetBytes(row.Message.Body));
            sha.AppendData(separator);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public static string LibraryVersion { get; } =
        typeof(ModelTrainer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(ModelTrainer).Assembly.GetName().Version?.ToString() ?? "0.0.0";
}

/// <summary>What <see cref="ModelTrainer.Train"/> produces: everything a <see cref="TriageModel"/> is built from.</summary>
internal sealed record TrainedModel(PriorityScheme Scheme, PipelineFeaturizer Featurizer, ModelWeights Weights, ModelInfo Info,
    DecisionPolicy Policy, float Temperature, ExplanationVocabulary Vocabulary, DecisionRecord Decision);
