using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Transforms.Text;
using Microsoft.ML.Trainers.LightGbm;
using PeerTriage.Data;
using PeerTriage.Evaluation;
using PeerTriage.Features;
using PeerTriage.ML.Bridge;

namespace PeerTriage.ML.Tests.Bridge;

/// <summary>
/// ML.NET's text pipeline beside PeerTriage's featurization on the C-SSRS posts (docs/results.md, "ML.NET's text pipeline
/// beside PeerTriage on C-SSRS"): 5 folds grouped by user, the folds PeerTriage's cross-validation uses
/// (<see cref="Folds.Grouped"/>, seed 42), scored with the official metrics (<see cref="TriageEvaluation"/>). Explicit:
/// each learner takes minutes. Run one with
/// <c>dotnet test tests/PeerTriage.ML.Tests --filter "Name~Cssrs_learner" --logger "console;verbosity=detailed"</c>.
/// </summary>
[Explicit("Minutes per learner on the C-SSRS posts; run by hand to refresh docs/results.md.")]
[Category(TestData.RealData)]
public sealed class CssrsMlNetComparisonTests
{
    /// <summary>SDCA's iteration limit: with ML.NET's default (automatic) limit SDCA ran over 10 minutes for 5 folds here.</summary>
    private const int SdcaIterations = 30;

    private const int FoldCount = 5;
    private const int FoldSeed = 42;

    private static readonly PriorityScheme s_scheme = PriorityScheme.Default;

    [TestCase("sdca-triage-default")]
    [TestCase("sdca-triage-ngrams")]
    [TestCase("sdca-featurizetext")]
    [TestCase("lightgbm-featurizetext")]
    [TestCase("lightgbm-featurizetext-min20")]
    [TestCase("fasttree-ova-featurizetext")]
    [TestCase("fasttree-ova-featurizetext-min20")]
    [TestCase("lightgbm-featurizetext-words")]
    [TestCase("fasttree-ova-featurizetext-words")]
    [TestCase("lightgbm-triage-default")]
    [TestCase("sdca-triage-default-it100")]
    [TestCase("sdca-featurizetext-it100")]
    public void Cssrs_learner(string learner)
    {
        string path = TestData.SharedFile("data/cssrs/posts.csv");
        var rows = DatasetReader.LoadLabeled(path, new DatasetColumns { Label = "triage_weak", Group = "user" }, s_scheme);
        var folds = Folds.Grouped([.. rows.Select(r => r.Group!)], FoldCount, FoldSeed);
        int levels = s_scheme.Count;
        var gold = rows.Select(r => s_scheme.IndexOf(r.Label)).ToArray();
        var argmax = new int[rows.Count];
        var decided = new int[rows.Count];
        var probabilities = new float[rows.Count * levels];
        bool fitsDecisions = learner.StartsWith("sdca", StringComparison.Ordinal);
        var clock = Stopwatch.StartNew();
        for (int f = 0; f < FoldCount; f++)
        {
            var train = rows.Where((_, i) => folds[i] != f).ToList();
            var test = Enumerable.Range(0, rows.Count).Where(i => folds[i] == f).ToArray();
            var ml = new MLContext(seed: 1);
            var model = Fit(ml, learner, train);
            using var classifier = new MlNetTriageClassifier(ml, model);
            var messages = test.Select(i => rows[i].Message).ToList();
            var results = classifier.TriageBatch(messages);
            if (fitsDecisions)
            {
                // PeerTriage's calibration and default policy need predictions the model did not train on: one inner grouped
                // split of the training fold (a fifth of its users) fits them, on a model trained on the other four fifths,
                // and they are then applied to the model trained on the whole training fold.
                var fitted = InnerDecisions(learner, train);
                using var withDecisions = new MlNetTriageClassifier(ml, model, classifier.Options with { InverseTemperature = fitted.InverseTemperature, Policy = fitted.Policy });
                var policyResults = withDecisions.TriageBatch(messages);
                for (int k = 0; k < test.Length; k++)
                    decided[test[k]] = policyResults[k].LevelIndex;
            }
            for (int k = 0; k < test.Length; k++)
            {
                int i = test[k];
                var p = probabilities.AsSpan(i * levels, levels);
                for (int j = 0; j < levels; j++)
                    p[j] = results[k].Probabilities[j];
                argmax[i] = results[k].LevelIndex;
            }
            TestContext.Out.WriteLine($"{learner}: fold {f} done after {clock.Elapsed.TotalSeconds:0} s");
        }

        var e = TriageEvaluation.Compute(s_scheme, gold, argmax);
        double flaggedAt90 = OperatingPoints.PrecisionAtRecall(probabilities, gold, levels, s_scheme.FlaggedFrom, 0.90);
        double urgentAt80 = OperatingPoints.PrecisionAtRecall(probabilities, gold, levels, s_scheme.UrgentFrom, 0.80);
        string policy = "";
        if (fitsDecisions)
        {
            var d = TriageEvaluation.Compute(s_scheme, gold, decided);
            policy = $" | policy macro-F1 {F(d.MacroF1)}, flagged R {F(d.Flagged.Recall)}";
        }
        string line = $"| {learner} | {F(e.MacroF1)} | {F(e.Accuracy)} | {F(e.Flagged.F1)} (P {F(e.Flagged.Precision)} / R {F(e.Flagged.Recall)}) | {F(e.Urgent.F1)} | {F(flaggedAt90)} | {F(urgentAt80)} | {clock.Elapsed.TotalSeconds:0} s{policy} |";
        TestContext.Out.WriteLine(line);
        File.AppendAllText(Path.Combine(Path.GetTempPath(), "peertriage-mlnet-cssrs.md"), line + Environment.NewLine);
        e.MacroF1.Should().BeGreaterThan(0.2, "every learner does better than chance (0.25 accuracy, ~0.2 macro-F1)");
    }

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static MlNetClassifierOptions InnerDecisions(string learner, IReadOnlyList<LabeledMessage> train)
    {
        var inner = Folds.Grouped([.. train.Select(r => r.Group!)], FoldCount, FoldSeed);
        var fit = train.Where((_, i) => inner[i] != 0).ToList();
        var heldOut = train.Where((_, i) => inner[i] == 0).ToList();
        var ml = new MLContext(seed: 1);
        using var classifier = new MlNetTriageClassifier(ml, Fit(ml, learner, fit));
        using var decided = classifier.WithDecisions(heldOut);
        TestContext.Out.WriteLine($"  decisions: beta {decided.Options.InverseTemperature:0.000}, {decided.Options.Policy?.Describe(s_scheme)}");
        return decided.Options;
    }

    private static ITransformer Fit(MLContext ml, string learner, IReadOnlyList<LabeledMessage> train)
    {
        var data = ml.Data.LoadFromEnumerable(MlNetModels.Rows(train));
        var label = ml.Transforms.Conversion.MapValueToKey("Label");
        var trainers = ml.MulticlassClassification.Trainers;
        // "-itN": SDCA with N iterations instead of SdcaIterations (a convergence check).
        int iterations = SdcaIterations;
        if (learner.LastIndexOf("-it", StringComparison.Ordinal) is int at and > 0)
        {
            iterations = int.Parse(learner[(at + 3)..], CultureInfo.InvariantCulture);
            learner = learner[..at];
        }
        // "-min20": only the FeaturizeText slots that are non-zero in at least 20 training rows (trees over the full
        // vocabulary did not finish a fold in 10 minutes here).
        var text = ml.Transforms.Text.FeaturizeText("Features", "Text");
        var selected = text.Append(ml.Transforms.FeatureSelection.SelectFeaturesBasedOnCount("Features", count: 20));
        // "-words": FeaturizeText's word unigrams and bigrams only (no character trigrams), slots seen in at least 10
        // training rows: a vocabulary small enough for ML.NET's tree learners to finish on this box.
        var words = ml.Transforms.Text.FeaturizeText("Features", new TextFeaturizingEstimator.Options
        {
            CharFeatureExtractor = null,
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
        }, "Text").Append(ml.Transforms.FeatureSelection.SelectFeaturesBasedOnCount("Features", count: 10));
        IEstimator<ITransformer> pipeline = learner switch
        {
            "sdca-triage-default" => label.Append(ml.Transforms.Text.FeaturizeForTriage("Features", "Text"))
                .Append(trainers.SdcaMaximumEntropy(maximumNumberOfIterations: iterations)),
            "sdca-triage-ngrams" => label.Append(ml.Transforms.Text.FeaturizeForTriage("Features", "Text", FeaturePipeline.NGramsOnly))
                .Append(trainers.SdcaMaximumEntropy(maximumNumberOfIterations: iterations)),
            "sdca-featurizetext" => label.Append(ml.Transforms.Text.FeaturizeText("Features", "Text"))
                .Append(trainers.SdcaMaximumEntropy(maximumNumberOfIterations: iterations)),
            "lightgbm-featurizetext" => label.Append(ml.Transforms.Text.FeaturizeText("Features", "Text"))
                .Append(trainers.LightGbm(new LightGbmMulticlassTrainer.Options { Seed = 1, NumberOfThreads = 2 })),
            "lightgbm-triage-default" => label.Append(ml.Transforms.Text.FeaturizeForTriage("Features", "Text"))
                .Append(trainers.LightGbm(new LightGbmMulticlassTrainer.Options { Seed = 1, NumberOfThreads = 2 })),
            "lightgbm-featurizetext-min20" => label.Append(selected)
                .Append(trainers.LightGbm(new LightGbmMulticlassTrainer.Options { Seed = 1, NumberOfThreads = 2 })),
            "fasttree-ova-featurizetext-min20" => label.Append(selected)
                .Append(trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree())),
            "lightgbm-featurizetext-words" => label.Append(words)
                .Append(trainers.LightGbm(new LightGbmMulticlassTrainer.Options { Seed = 1, NumberOfThreads = 2 })),
            "fasttree-ova-featurizetext-words" => label.Append(words)
                .Append(trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree())),
            "fasttree-ova-featurizetext" => label.Append(ml.Transforms.Text.FeaturizeText("Features", "Text"))
                .Append(trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree())),
            _ => throw new ArgumentException($"Unknown learner '{learner}'.", nameof(learner)),
        };
        return pipeline.Fit(data);
    }
}
