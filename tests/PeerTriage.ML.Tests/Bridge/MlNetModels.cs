using Microsoft.ML;
using Microsoft.ML.Data;
using PeerTriage.ML.Bridge;

namespace PeerTriage.ML.Tests.Bridge;

/// <summary>ML.NET models trained once on the demo corpus, shared by the bridge tests.</summary>
internal static class MlNetModels
{
    /// <summary>One training row as ML.NET reads it.</summary>
    public sealed class Row
    {
        public string Text { get; set; } = "";

        public string Label { get; set; } = "";
    }

    private static readonly Lazy<(MLContext Context, ITransformer Model)> s_featurizeText =
        new(() => Train(ml => ml.Transforms.Text.FeaturizeText("Features", "Text")));

    private static readonly Lazy<(MLContext Context, ITransformer Model)> s_triageFeatures =
        new(() => Train(ml => ml.Transforms.Text.FeaturizeForTriage("Features", "Text")));

    /// <summary>MapValueToKey(Label) → the featurizer → SdcaMaximumEntropy (30 iterations), trained on the demo corpus.</summary>
    private static (MLContext Context, ITransformer Model) Train(Func<MLContext, IEstimator<ITransformer>> featurizer)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Rows(TestData.Corpus));
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(featurizer(ml))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(maximumNumberOfIterations: 30));
        return (ml, pipeline.Fit(data));
    }

    /// <summary>MapValueToKey(Label) → FeaturizeText(Text) → SdcaMaximumEntropy, the usual ML.NET text classifier.</summary>
    public static (MLContext Context, ITransformer Model) FeaturizeTextSdca => s_featurizeText.Value;

    /// <summary>MapValueToKey(Label) → FeaturizeForTriage(Text) → SdcaMaximumEntropy.</summary>
    public static (MLContext Context, ITransformer Model) TriageFeaturesSdca => s_triageFeatures.Value;

    /// <summary>The model's own predicted labels (its PredictedLabel key mapped back to the label text), one per message.</summary>
    public static string[] PredictedLabels(MLContext ml, ITransformer model, IEnumerable<LabeledMessage> messages)
    {
        var data = ml.Data.LoadFromEnumerable(Rows(messages));
        var scored = ml.Transforms.Conversion.MapKeyToValue("PredictedLabel").Fit(model.Transform(data)).Transform(model.Transform(data));
        return [.. scored.GetColumn<string>("PredictedLabel")];
    }

    /// <summary>The share of the demo corpus's most common label: what always guessing it scores.</summary>
    public static double MajorityShare => TestData.Corpus.GroupBy(m => m.Label).Max(g => g.Count()) / (double)TestData.Corpus.Count;

    public static IEnumerable<Row> Rows(IEnumerable<LabeledMessage> messages) =>
        messages.Select(m => new Row { Text = m.Message.Body, Label = m.Label });
}
