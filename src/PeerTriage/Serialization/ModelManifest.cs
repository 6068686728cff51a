using System.Text.Json.Serialization;

namespace PeerTriage.Serialization;

/// <summary>The JSON part of a model file. Field names are part of the format.</summary>
internal sealed class ModelManifest
{
    /// <summary>Since 1.4: "triage" (also when absent) or "response" (a response model: see <see cref="ResponseFileManifest"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Kind { get; set; }
    public string LibraryVersion { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public SchemeManifest Scheme { get; set; } = new();
    public FeatureManifest Features { get; set; } = new();
    /// <summary>Lexicon, context and stacking configuration; absent in format 1.0 (n-grams only).</summary>
    public PipelineManifest? Pipeline { get; set; }
    public DecisionManifest Decision { get; set; } = new();
    public CalibrationManifest? Calibration { get; set; }
    public VocabularyManifest? Vocabulary { get; set; }
    public TrainingManifest Training { get; set; } = new();
    /// <summary>Since 1.1: cross-validated metrics on the training data (the model card); null when none were computed.</summary>
    public ModelCardMetrics? Metrics { get; set; }
    /// <summary>Since 1.1: "float32" (default when absent) or "float16" for the hashed weight table.</summary>
    public string? WeightPrecision { get; set; }
    /// <summary>Since 1.3: the learner of a second stage stored in the tree section; absent for the linear stage.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SecondStageManifest? SecondStage { get; set; }
}

/// <summary>A learner's second stage: its kind ("fasttree"), its settings, and how many trees the tree section holds.</summary>
internal sealed class SecondStageManifest
{
    public string Kind { get; set; } = "";
    public Dictionary<string, string>? Settings { get; set; }
    public int Trees { get; set; }
}

internal sealed class CalibrationManifest
{
    public string Method { get; set; } = "temperature";
    public float Temperature { get; set; } = 1f;
}

internal sealed class VocabularyManifest
{
    public int MinAuthors { get; set; }
    public string[] NGrams { get; set; } = [];
}

internal sealed class BoundaryManifest
{
    public string Level { get; set; } = "";
    public double? TargetRecall { get; set; }
    public float Threshold { get; set; }
    public double Recall { get; set; }
    public double Precision { get; set; }
}

internal sealed class SchemeManifest
{
    public string[] Levels { get; set; } = [];
    public int FlaggedFrom { get; set; }
    public int UrgentFrom { get; set; }
}

internal sealed class FeatureManifest
{
    public int HashBits { get; set; }
    public int[] WordNGrams { get; set; } = [];
    public int[] CharNGrams { get; set; } = [];
    public bool SublinearTf { get; set; }
    public bool L2Normalize { get; set; }
    public int MaxTextLength { get; set; }
    public int MaxTokens { get; set; }
    public bool IncludeSubject { get; set; }
}

internal sealed class PipelineManifest
{
    public LexiconsManifest? Lexicons { get; set; }
    public ContextManifest? Context { get; set; }
    public bool TwoStage { get; set; }
    public float DenseScale { get; set; } = 1f;
    /// <summary>Since 1.4: pair features (response models); absent when the pipeline has none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PairsManifest? Pairs { get; set; }
    /// <summary>Names of the dense features in weight order; checked against the rebuilt featurizers on load.</summary>
    public string[] DenseFeatures { get; set; } = [];
}

/// <summary>Pair-feature options: the phrase lexicon (built-in by name and version) and which feature groups are on.</summary>
internal sealed class PairsManifest
{
    public LexiconManifest? Lexicon { get; set; }
    public bool Structure { get; set; }
    public bool SeekerEcho { get; set; }
    /// <summary>The text-analysis version the pair features read (LexiconOptions.CurrentTextAnalysisVersion when written).</summary>
    public int TextAnalysis { get; set; }
}

/// <summary>
/// Since 1.4: the manifest of a response model file (<c>"kind": "response"</c>): its mechanisms, each with its levels and
/// the length of its embedded triage model. Field names are part of the format.
/// </summary>
internal sealed class ResponseFileManifest
{
    public string? Kind { get; set; }
    public string LibraryVersion { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public ResponseMechanismManifest[]? Mechanisms { get; set; }
}

internal sealed class ResponseMechanismManifest
{
    public string Name { get; set; } = "";
    public string[]? Levels { get; set; }
    /// <summary>Length in bytes of the mechanism's embedded model file.</summary>
    public long Bytes { get; set; }
}

internal sealed class LexiconsManifest
{
    public LexiconManifest? Risk { get; set; }
    public LexiconManifest? Sentiment { get; set; }
    public LexiconManifest[] Extra { get; set; } = [];
    public int NegationWindow { get; set; }
    /// <summary>LexiconOptions.TextAnalysisVersion; absent (files written before it existed) means 1.</summary>
    public int? TextAnalysis { get; set; }
}

/// <summary>A lexicon: built-in ones by name and version only; others with their entries (terms are not message text).</summary>
internal sealed class LexiconManifest
{
    public string Name { get; set; } = "";
    public string Version { get; set; } = "";
    public string Fingerprint { get; set; } = "";
    public LexiconEntryManifest[]? Entries { get; set; }
}

internal sealed class LexiconEntryManifest
{
    public string Term { get; set; } = "";
    public string Category { get; set; } = "";
    public double Weight { get; set; }
}

internal sealed class ContextManifest
{
    public bool Thread { get; set; }
    public bool Board { get; set; }
    public bool ParentText { get; set; }
    public float ParentTextWeight { get; set; }
    public bool ParentLevel { get; set; }
    public bool AuthorHistory { get; set; }
    public float TrainingDropout { get; set; }
}

internal sealed class DecisionManifest
{
    public string Policy { get; set; } = "argmax";
    public float[]? Thresholds { get; set; }
    public double?[]? TargetRecall { get; set; }
    public float[][]? Costs { get; set; }
    /// <summary>What the thresholds reached on the training data's out-of-fold predictions.</summary>
    public BoundaryManifest[]? FittedOn { get; set; }
    /// <summary>
    /// Since PeerTriage 0.2: how "recall-targets" thresholds were fitted, "flagged-recall-then-f1"; absent means recall
    /// targets. Older readers skip it and score the thresholds the same way.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Fitting { get; set; }
    /// <summary>Since PeerTriage 0.2: "macro-f1" (boundaries without a target fitted jointly) or "boundary-f" (each for its own F-beta; also when absent).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Objective { get; set; }
    /// <summary>Since PeerTriage 0.2: β of that F-beta when it is not 1.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? FBeta { get; set; }
}

internal sealed class TrainingManifest
{
    public int Rows { get; set; }
    public int[] RowsPerLevel { get; set; } = [];
    public string DataSha256 { get; set; } = "";
    public double L2 { get; set; }
    public string ClassWeighting { get; set; } = "";
    public int Iterations { get; set; }
    public bool Converged { get; set; }
    /// <summary>Since PeerTriage 0.2: training warnings; absent when there were none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public WarningManifest[]? Warnings { get; set; }
}

internal sealed class WarningManifest
{
    public string Kind { get; set; } = "";
    public string Message { get; set; } = "";
    public string? Level { get; set; }
    public int Count { get; set; }
    public double? Target { get; set; }
    public double? Reached { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(ModelManifest))]
[JsonSerializable(typeof(ResponseFileManifest))]
internal sealed partial class ModelJsonContext : JsonSerializerContext;
