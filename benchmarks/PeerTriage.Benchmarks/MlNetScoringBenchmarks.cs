using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using PeerTriage.Data;
using PeerTriage.Features;
using PeerTriage.ML.Trees;

namespace PeerTriage.Benchmarks;

/// <summary>
/// ML.NET beside PeerTriage in one run (issues 13 and 14): <see cref="MlNetPredict"/> is an ML.NET
/// FeaturizeText → MapValueToKey → SdcaMaximumEntropy → MapKeyToValue pipeline, trained on the embedded demo corpus and
/// scored through one <see cref="PredictionEngine{TSrc,TDst}"/>; it is the baseline, so Ratio is PeerTriage's time over
/// ML.NET's. <see cref="Triage"/>, <see cref="TriageNGramsOnly"/> and <see cref="HashTokensOnly"/> are
/// <see cref="ScoringBenchmarks"/>' own rows, run through an instance of that class so the setup and the floor are
/// exactly the ones its table reports; <see cref="TriageFastTree"/> is a two-stage model whose second stage FastTree
/// trained (PeerTriage.ML), scored by the core.
/// Same message texts and the same <see cref="Length"/> values as <see cref="ScoringBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
public class MlNetScoringBenchmarks
{
    /// <summary>
    /// SDCA's iteration limit. Its default converges very slowly on text (issue 14: over ten minutes for 5 folds on
    /// 3,000 posts); on the 382-post demo corpus 20 passes train in well under a second, which keeps CI's dry job short.
    /// </summary>
    private const int SdcaIterations = 20;

    private readonly ScoringBenchmarks _peerTriage = new();
    private PredictionEngine<MlNetInput, MlNetOutput> _engine = null!;
    private MlNetInput _input = null!;
    private TriageModel _fastTree = null!;
    private ForumMessage _message = null!;
    private readonly float[] _probabilities = new float[PriorityScheme.MaxLevels];

    /// <summary>Message length class: ~80, ~600 or ~4,000 characters (<see cref="SampleTexts"/>).</summary>
    [Params("short", "typical", "long")]
    public string Length { get; set; } = "typical";

    /// <summary>Trains the ML.NET pipeline only; the PeerTriage rows do not pay for it.</summary>
    [GlobalSetup(Target = nameof(MlNetPredict))]
    public void SetupMlNet()
    {
        var ml = new MLContext(seed: 1);
        var rows = DemoCorpus.Load().Select(e => new MlNetInput { Text = e.Message.Body, Label = e.Label });
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.Text.FeaturizeText("Features", nameof(MlNetInput.Text))
            .Append(ml.Transforms.Conversion.MapValueToKey("Label", nameof(MlNetInput.Label)))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = "Label",
                FeatureColumnName = "Features",
                MaximumNumberOfIterations = SdcaIterations,
                NumberOfThreads = 1, // deterministic with the seed above
            }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        ITransformer model = pipeline.Fit(data);
        _engine = ml.Model.CreatePredictionEngine<MlNetInput, MlNetOutput>(model);
        _input = new MlNetInput { Text = SampleTexts.For(Length) };
        if (string.IsNullOrEmpty(_engine.Predict(_input).PredictedLabel))
            throw new InvalidOperationException("The ML.NET pipeline predicted no label.");
    }

    /// <summary>The PeerTriage rows: <see cref="ScoringBenchmarks.Setup"/> itself, for the same length.</summary>
    [GlobalSetup(Targets = [nameof(Triage), nameof(TriageNGramsOnly), nameof(HashTokensOnly)])]
    public void SetupPeerTriage()
    {
        _peerTriage.Length = Length;
        _peerTriage.Setup();
    }

    /// <summary>The FastTree-stage model: the default pipeline with two stages, the second trained by FastTree (ML.NET's
    /// default 100 trees of 20 leaves per level) on the demo corpus.</summary>
    [GlobalSetup(Target = nameof(TriageFastTree))]
    public void SetupFastTree()
    {
        _fastTree = TriageModel.Train(DemoCorpus.Load(), new TriageTrainingOptions
        {
            Features = FeaturePipeline.Default with { TwoStage = true },
            SecondStage = new FastTreeStage(),
        });
        _message = new ForumMessage(SampleTexts.For(Length)) { Board = "Tough times", AuthorRole = AuthorRole.Peer };
    }

    /// <summary>ML.NET's usual single-message path: a new output object (label string, score array) per call.</summary>
    [Benchmark(Baseline = true)]
    public MlNetOutput MlNetPredict() => _engine.Predict(_input);

    /// <summary>PeerTriage's default pipeline, as <see cref="ScoringBenchmarks.Triage"/>.</summary>
    [Benchmark]
    public int Triage() => _peerTriage.Triage();

    /// <summary>PeerTriage with n-grams only, as <see cref="ScoringBenchmarks.TriageNGramsOnly"/>.</summary>
    [Benchmark]
    public int TriageNGramsOnly() => _peerTriage.TriageNGramsOnly();

    /// <summary>PeerTriage with a FastTree second stage (see <see cref="SetupFastTree"/>), scored by the core.</summary>
    [Benchmark]
    public int TriageFastTree() => _fastTree.Triage(_message, null, _probabilities);

    /// <summary>The floor (HTML → normalize → tokenize → hash), as <see cref="ScoringBenchmarks.HashTokensOnly"/>.</summary>
    [Benchmark]
    public uint HashTokensOnly() => _peerTriage.HashTokensOnly();
}

/// <summary>ML.NET's input row: the message body and, for training, its label.</summary>
public sealed class MlNetInput
{
    public string Text { get; set; } = "";

    public string Label { get; set; } = "";
}

/// <summary>ML.NET's output row: the predicted label and the per-class probabilities.</summary>
public sealed class MlNetOutput
{
    public string PredictedLabel { get; set; } = "";

    public float[] Score { get; set; } = [];
}
