using Microsoft.ML;
using Microsoft.ML.Data;
using PeerTriage.Features;
using PeerTriage.ML.Bridge;

namespace PeerTriage.ML.Tests.Bridge;

public sealed class TriageFeaturizingEstimatorTests
{
    private sealed class Prediction
    {
        public string PredictedLabel { get; set; } = "";
    }

    private sealed class Threaded
    {
        public string Text { get; set; } = "";

        public string Parent { get; set; } = "";
    }

    private static VBuffer<float> Featurize(TriageFeaturizingEstimator estimator, IDataView data, int row = 0)
    {
        var transformed = estimator.Fit(data).Transform(data);
        var column = transformed.Schema[estimator.OutputColumnName];
        using var cursor = transformed.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        VBuffer<float> vector = default;
        for (int i = 0; i <= row; i++)
            cursor.MoveNext().Should().BeTrue();
        getter(ref vector);
        return vector;
    }

    [Test]
    public void Writes_a_sparse_vector_of_hashed_buckets_then_the_dense_features()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(MlNetModels.Rows(TestData.Corpus.Take(5)));
        var estimator = ml.Transforms.Text.FeaturizeForTriage("Features", "Text");
        estimator.Pipeline.Should().Be(FeaturePipeline.Default);
        estimator.OutputLength.Should().Be((1 << FeaturePipeline.Default.NGrams.HashBits) + estimator.DenseFeatureNames.Count);
        estimator.DenseFeatureNames.Should().Contain("context.unknown");

        var type = estimator.Fit(data).GetOutputSchema(data.Schema)["Features"].Type;
        type.Should().Be(new VectorDataViewType(NumberDataViewType.Single, estimator.OutputLength));

        var vector = Featurize(estimator, data);
        vector.IsDense.Should().BeFalse();
        vector.Length.Should().Be(estimator.OutputLength);
        var indices = vector.GetIndices().ToArray();
        indices.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        indices.Count(i => i < 1 << 20).Should().BeGreaterThan(20, "a message has many n-grams");
        // No context column: every context is unknown, and that feature is set (scaled by DenseScale).
        int unknown = (1 << 20) + estimator.DenseFeatureNames.ToList().IndexOf("context.unknown");
        vector.GetItemOrDefault(unknown).Should().Be(FeaturePipeline.Default.DenseScale);
    }

    [Test]
    public void The_vector_is_the_cores_feature_space_a_linear_map_with_the_models_weights_gives_its_probabilities()
    {
        // Independent of how the transformer builds the vector: PeerTriage's own weights applied to it must reproduce
        // the core's calibrated probabilities for the same text, for a one-stage default model.
        var model = TestData.DemoModel;
        model.Features.TwoStage.Should().BeFalse();
        var messages = TestData.Corpus.Take(25).Select(m => m with { Message = new ForumMessage(m.Message.Body) }).ToList();
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(MlNetModels.Rows(messages));
        var estimator = ml.Transforms.Text.FeaturizeForTriage("Features", "Text", model.Features);
        int classes = model.Scheme.Count;
        int buckets = 1 << model.Features.NGrams.HashBits;
        var table = model.Weights.ToArray();
        var dense = model.WeightSet.Dense;
        Span<float> expected = stackalloc float[classes];
        for (int row = 0; row < messages.Count; row++)
        {
            var vector = Featurize(estimator, data, row);
            var logits = model.Bias.ToArray().Select(b => (double)b).ToArray();
            var indices = vector.GetIndices();
            var values = vector.GetValues();
            for (int i = 0; i < indices.Length; i++)
            {
                int at = indices[i];
                for (int c = 0; c < classes; c++)
                    logits[c] += values[i] * (at < buckets ? table[at * classes + c] : dense[(at - buckets) * classes + c]);
            }
            var scaled = logits.Select(l => l / model.Temperature).ToArray();
            double max = scaled.Max();
            double sum = scaled.Sum(l => Math.Exp(l - max));
            model.Triage(messages[row].Message, null, expected);
            for (int c = 0; c < classes; c++)
                (Math.Exp(scaled[c] - max) / sum).Should().BeApproximately(expected[c], 1e-5, $"row {row}, level {c}");
        }
    }

    [Test]
    public void The_ngrams_only_pipeline_has_no_dense_features()
    {
        var ml = new MLContext(seed: 1);
        var pipeline = FeaturePipeline.NGramsOnly.WithNGrams(NGramOptions.Default with { HashBits = 16 });
        var estimator = ml.Transforms.Text.FeaturizeForTriage("Features", "Text", pipeline);
        estimator.OutputLength.Should().Be(1 << 16);
        estimator.DenseFeatureNames.Should().BeEmpty();
        var data = ml.Data.LoadFromEnumerable(MlNetModels.Rows(TestData.Corpus.Take(3)));
        Featurize(estimator, data).GetIndices().ToArray().Should().OnlyContain(i => i < 1 << 16);
    }

    [Test]
    public void Sdca_on_our_features_trains_and_predicts_the_demo_corpus()
    {
        var (ml, model) = MlNetModels.TriageFeaturesSdca;
        var scored = model.Transform(ml.Data.LoadFromEnumerable(MlNetModels.Rows(TestData.Corpus.Take(1))));
        var toValue = ml.Transforms.Conversion.MapKeyToValue("PredictedLabel").Fit(scored);
        var engine = ml.Model.CreatePredictionEngine<MlNetModels.Row, Prediction>(new TransformerChain<ITransformer>(model, toValue));
        var corpus = TestData.Corpus;
        int right = corpus.Count(m => engine.Predict(new MlNetModels.Row { Text = m.Message.Body }).PredictedLabel == m.Label);
        ((double)right / corpus.Count).Should().BeGreaterThan(MlNetModels.MajorityShare + 0.1, "the model learned more than the most common label");
    }

    [Test]
    public void Both_ways_an_mlnet_model_on_our_features_is_a_triage_classifier()
    {
        var (ml, model) = MlNetModels.TriageFeaturesSdca;
        using var classifier = new MlNetTriageClassifier(ml, model);
        var corpus = TestData.Corpus;
        var results = classifier.TriageBatch([.. corpus.Select(m => m.Message)]);
        results.Select(r => r.Level).Should().Equal(MlNetModels.PredictedLabels(ml, model, corpus));
    }

    [Test]
    public void A_parent_column_adds_the_parents_ngrams()
    {
        var ml = new MLContext(seed: 1);
        var rows = new[]
        {
            new Threaded { Text = "me too, I feel the same", Parent = "" },
            new Threaded { Text = "me too, I feel the same", Parent = "I have been thinking about ending it all" },
        };
        var data = ml.Data.LoadFromEnumerable(rows);
        var estimator = ml.Transforms.Text.FeaturizeForTriage("Features", "Text", parentColumnName: "Parent");
        var first = Featurize(estimator, data, 0);
        var reply = Featurize(estimator, data, 1);
        reply.GetValues().Length.Should().BeGreaterThan(first.GetValues().Length + 10, "the parent's n-grams are hashed in their own namespace");
        int unknown = (1 << 20) + estimator.DenseFeatureNames.ToList().IndexOf("context.unknown");
        first.GetItemOrDefault(unknown).Should().Be(0, "an empty parent column means a first post, a known context");
    }

    [Test]
    public void A_missing_or_non_text_column_is_named()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(MlNetModels.Rows(TestData.Corpus.Take(3)));
        FluentActions.Invoking(() => ml.Transforms.Text.FeaturizeForTriage("Features", "Body").Fit(data))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("FeaturizeForTriage: input column 'Body' (inputColumnName) was not found. Columns: Text, Label.*");
        FluentActions.Invoking(() => ml.Transforms.Text.FeaturizeForTriage("Features", "Text").GetOutputSchema(new SchemaShape([])))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*'Text' (inputColumnName) was not found*");
        FluentActions.Invoking(() => ml.Transforms.Text.FeaturizeForTriage("Features", "Text", parentColumnName: "Parent").Fit(data))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*'Parent' (parentColumnName) was not found*");
        var keyed = ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data);
        FluentActions.Invoking(() => ml.Transforms.Text.FeaturizeForTriage("Features", "Label").Fit(keyed))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*'Label' (inputColumnName) must be text*");
        FluentActions.Invoking(() => ml.Transforms.Text.FeaturizeForTriage(" ", "Text")).Should().Throw<ArgumentException>().WithParameterName("outputColumnName");
        FluentActions.Invoking(() => ml.Transforms.Text.FeaturizeForTriage("F", "Text", parentColumnName: "Text")).Should().Throw<ArgumentException>().WithParameterName("parentColumnName");
    }

    [Test]
    public void Saving_explains_that_the_transformer_is_recreated_instead()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(MlNetModels.Rows(TestData.Corpus.Take(3)));
        var transformer = ml.Transforms.Text.FeaturizeForTriage("Features", "Text").Fit(data);
        transformer.IsRowToRowMapper.Should().BeTrue();
        using var stream = new MemoryStream();
        FluentActions.Invoking(() => ml.Model.Save(transformer, data.Schema, stream))
            .Should().Throw<NotSupportedException>().WithMessage("FeaturizeForTriage cannot be saved*");
    }
}
