using Microsoft.ML;
using Microsoft.ML.Data;
using PeerTriage.Features;

namespace PeerTriage.ML.Bridge;

/// <summary>
/// PeerTriage's featurization as an ML.NET estimator: maps a text column (and optionally a parent-post text column) to a
/// sparse vector of <see cref="float"/> holding PeerTriage's hashed n-grams, lexicon features and context features.
/// Create it with <see cref="TriageTextCatalog.FeaturizeForTriage"/>; nothing is learned, so <see cref="Fit"/> only checks
/// the schema.
/// </summary>
/// <remarks>
/// <para>
/// The output vector has <see cref="OutputLength"/> slots: first 2^<see cref="NGramOptions.HashBits"/> hashed buckets
/// (the message's word and character n-grams, TF-weighted and L2-normalized per block; the parent's n-grams and the board
/// in their own namespaces of the same table), then the dense lexicon and context features, scaled by
/// <see cref="FeaturePipeline.DenseScale"/>, in the order of <see cref="DenseFeatureNames"/>. These are exactly the values
/// a <see cref="TriageModel"/> with the same pipeline is trained on. <see cref="FeaturePipeline.TwoStage"/> is a training
/// setting and is ignored here.
/// </para>
/// <para>
/// Thread context: with a parent column, each row's context is its parent post (an empty value: the first post of a
/// thread); without one, every context is unknown, as when PeerTriage triages a message without a context. Thread
/// position, timing, roles, the parent's level and the author's history are not columns here, so those context features
/// stay at their "unknown" values. Unlike ML.NET's <c>FeaturizeText</c>, the model holds no text: n-grams are hashed.
/// </para>
/// <para>
/// The transformer cannot be saved (<see cref="ITransformer"/>'s <c>Save</c> throws <see cref="NotSupportedException"/>):
/// save the downstream model alone and recreate this estimator, which has no trained state, when loading.
/// </para>
/// </remarks>
public sealed class TriageFeaturizingEstimator : IEstimator<TriageFeaturizingTransformer>
{
    private readonly TriageFeatureMapper _mapper;
    private readonly IEstimator<ITransformer> _inner;

    internal TriageFeaturizingEstimator(string outputColumnName, string inputColumnName, string? parentColumnName, FeaturePipeline pipeline)
    {
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        ParentColumnName = parentColumnName;
        Pipeline = pipeline;
        _mapper = new TriageFeatureMapper(pipeline);
        _inner = TriageFeaturizingTransformer.CreateMapping(this, _mapper);
    }

    /// <summary>The feature vector column this estimator writes.</summary>
    public string OutputColumnName { get; }

    /// <summary>The message text column it reads.</summary>
    public string InputColumnName { get; }

    /// <summary>The parent post's text column it reads, or null when it reads the message alone.</summary>
    public string? ParentColumnName { get; }

    /// <summary>The PeerTriage feature pipeline it runs.</summary>
    public FeaturePipeline Pipeline { get; }

    /// <summary>The length of the output vector: 2^hashBits buckets plus <see cref="DenseFeatureNames"/>.</summary>
    public int OutputLength => _mapper.Length;

    /// <summary>The names of the dense features, which occupy the last slots of the vector in this order.</summary>
    public IReadOnlyList<string> DenseFeatureNames => _mapper.DenseNames;

    /// <summary>Checks the input schema and returns the transformer (there is nothing to learn).</summary>
    /// <param name="input">The training data.</param>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or is not text; the message names it.</exception>
    public TriageFeaturizingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        TriageFeaturizingTransformer.CheckInput(input.Schema, InputColumnName, ParentColumnName);
        return new TriageFeaturizingTransformer(this, _inner.Fit(input));
    }

    /// <summary>The schema after the transformation: the input columns plus the feature vector.</summary>
    /// <param name="inputSchema">The input's columns.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inputSchema"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or is not text; the message names it.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        CheckShape(inputSchema, InputColumnName, "inputColumnName");
        if (ParentColumnName is not null)
            CheckShape(inputSchema, ParentColumnName, "parentColumnName");
        return _inner.GetOutputSchema(inputSchema);
    }

    private static void CheckShape(SchemaShape schema, string column, string parameter)
    {
        var matches = schema.Where(c => c.Name == column).ToList();
        if (matches.Count == 0)
            throw new ArgumentOutOfRangeException(parameter, $"FeaturizeForTriage: input column '{column}' ({parameter}) was not found. Columns: {string.Join(", ", schema.Select(c => c.Name))}.");
        var found = matches[^1];
        if (found.Kind != SchemaShape.Column.VectorKind.Scalar || found.ItemType is not TextDataViewType)
            throw new ArgumentOutOfRangeException(parameter, $"FeaturizeForTriage: input column '{column}' ({parameter}) must be a scalar text column; it is {found.ItemType}{(found.Kind == SchemaShape.Column.VectorKind.Scalar ? "" : " vector")}.");
    }
}
