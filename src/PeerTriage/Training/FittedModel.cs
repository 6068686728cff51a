using PeerTriage.Decisions;
using PeerTriage.Features;
using PeerTriage.Learning;

namespace PeerTriage.Training;

/// <summary>A fitted model's parts before they become a <see cref="TriageModel"/>.</summary>
/// <param name="Solution">The one-stage model over hashed and dense features, or the first (text) stage.</param>
/// <param name="Stage2">The second stage over [log text probabilities, dense features], or null for one stage.</param>
/// <param name="InverseTemperature">The fitted calibration factor 1/T.</param>
/// <param name="Policy">The fitted decision policy.</param>
/// <param name="Boundaries">What the policy reached on the out-of-fold predictions it was fitted on.</param>
internal sealed record FittedModel(SoftmaxSolution Solution, SoftmaxSolution? Stage2, float InverseTemperature, DecisionPolicy Policy, BoundaryFit[] Boundaries)
{
    /// <summary>Scores of the out-of-fold predictions the decisions were fitted on; null when none were made.</summary>
    public ModelCardMetrics? Metrics { get; init; }

    /// <summary>A learner's second stage (<see cref="TriageTrainingOptions.SecondStage"/>) instead of <see cref="Stage2"/>; null otherwise.</summary>
    public TreeEnsemble? Trees { get; init; }

    /// <summary>Uncalibrated probabilities of the given rows, row-major.</summary>
    public float[] PredictRaw(FeatureMatrix m, int[] rows, int classes)
    {
        var result = new float[rows.Length * classes];
        if (Trees is { } trees)
        {
            var textProbabilities = new float[rows.Length * classes];
            SoftmaxRegression.PredictProbabilities(Solution, m.Sparse, rows, textProbabilities);
            var z = ModelFitter.StackDense(textProbabilities, m, rows, classes);
            int width = classes + m.DenseCount;
            for (int r = 0; r < rows.Length; r++)
                ModelFitter.PredictTrees(trees, z.AsSpan(r * width, width), result.AsSpan(r * classes, classes));
            return result;
        }
        if (Stage2 is null)
        {
            SoftmaxRegression.PredictProbabilities(Solution, m.Combined, rows, result);
            return result;
        }
        var text = new float[rows.Length * classes];
        SoftmaxRegression.PredictProbabilities(Solution, m.Sparse, rows, text);
        SoftmaxRegression.PredictProbabilities(Stage2, ModelFitter.Stack(text, m, rows, classes), result);
        return result;
    }
}
