using Microsoft.ML;
using Microsoft.ML.Data;

namespace PeerTriage.ML.Bridge;

/// <summary>
/// The transformer of <see cref="TriageFeaturizingEstimator"/>: adds PeerTriage's feature vector to each row. A row-to-row
/// mapper, so it works in a <see cref="PredictionEngine{TSrc, TDst}"/>; lazy, so <see cref="Transform"/> featurizes a row
/// only when a cursor reads it. Thread-safe. Not saveable: <c>Save</c> (and so <c>mlContext.Model.Save</c> of a chain holding it) throws <see cref="NotSupportedException"/>.
/// </summary>
public sealed class TriageFeaturizingTransformer : ITransformer
{
    // CustomMapping needs a host environment only for its own checks; nothing here is random or trained.
    private static readonly MLContext s_context = new(seed: 0);

    private readonly ITransformer _inner;

    internal TriageFeaturizingTransformer(TriageFeaturizingEstimator estimator, ITransformer inner)
    {
        Estimator = estimator;
        _inner = inner;
    }

    /// <summary>The CustomMapping that runs <paramref name="mapper"/> over the estimator's columns (not saveable: no contract name).</summary>
    internal static IEstimator<ITransformer> CreateMapping(TriageFeaturizingEstimator estimator, TriageFeatureMapper mapper)
    {
        var output = SchemaDefinition.Create(typeof(FeatureRow), SchemaDefinition.Direction.Write);
        output[0].ColumnName = estimator.OutputColumnName;
        output[0].ColumnType = new VectorDataViewType(NumberDataViewType.Single, mapper.Length);
        var input = SchemaDefinition.Create(typeof(MessageRow), SchemaDefinition.Direction.Read);
        input[nameof(MessageRow.Text)].ColumnName = estimator.InputColumnName;
        if (estimator.ParentColumnName is { } parent)
        {
            input[nameof(MessageRow.Parent)].ColumnName = parent;
            return s_context.Transforms.CustomMapping<MessageRow, FeatureRow>(
                (row, features) => mapper.Map(row.Text, row.Parent ?? "", ref features.Features), contractName: null, input, output);
        }
        input.Remove(input[nameof(MessageRow.Parent)]);
        return s_context.Transforms.CustomMapping<MessageRow, FeatureRow>(
            (row, features) => mapper.Map(row.Text, null, ref features.Features), contractName: null, input, output);
    }

    /// <summary>The estimator this transformer came from (its columns and pipeline).</summary>
    public TriageFeaturizingEstimator Estimator { get; }

    /// <summary>Always true: rows are featurized one at a time, so prediction engines can run this transformer.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>The input's columns plus the feature vector, a known-size vector of <see cref="float"/>.</summary>
    /// <param name="inputSchema">The input's columns.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inputSchema"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or is not text; the message names it.</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        CheckInput(inputSchema, Estimator.InputColumnName, Estimator.ParentColumnName);
        return _inner.GetOutputSchema(inputSchema);
    }

    /// <summary>The row-to-row mapper for <paramref name="inputSchema"/>, as prediction engines use.</summary>
    /// <param name="inputSchema">The input's columns.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inputSchema"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or is not text; the message names it.</exception>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        CheckInput(inputSchema, Estimator.InputColumnName, Estimator.ParentColumnName);
        return _inner.GetRowToRowMapper(inputSchema);
    }

    /// <summary>A lazy view of <paramref name="input"/> with the feature vector added.</summary>
    /// <param name="input">The data.</param>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or is not text; the message names it.</exception>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckInput(input.Schema, Estimator.InputColumnName, Estimator.ParentColumnName);
        return _inner.Transform(input);
    }

    /// <summary>Not supported: the transformer holds no trained state; recreate it with <see cref="TriageTextCatalog.FeaturizeForTriage"/>.</summary>
    /// <param name="ctx">Unused.</param>
    /// <exception cref="NotSupportedException">Always.</exception>
    void ICanSaveModel.Save(ModelSaveContext ctx) => throw new NotSupportedException(
        "FeaturizeForTriage cannot be saved in an ML.NET model file. It has no trained state: save the model that follows it " +
        "(for example the trainer's transformer) on its own, and put a new FeaturizeForTriage with the same pipeline in front of it after loading.");

    internal static void CheckInput(DataViewSchema schema, string column, string? parent)
    {
        Check(column, "inputColumnName");
        if (parent is not null)
            Check(parent, "parentColumnName");

        void Check(string name, string parameter)
        {
            var found = schema.GetColumnOrNull(name);
            if (found is null)
                throw new ArgumentOutOfRangeException(parameter, $"FeaturizeForTriage: input column '{name}' ({parameter}) was not found. Columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))}.");
            if (found.Value.Type is not TextDataViewType)
                throw new ArgumentOutOfRangeException(parameter, $"FeaturizeForTriage: input column '{name}' ({parameter}) must be text; it is {found.Value.Type}.");
        }
    }

    /// <summary>One input row (columns renamed by the schema definition).</summary>
    private sealed class MessageRow
    {
        public string? Text { get; set; }

        public string? Parent { get; set; }
    }

    /// <summary>One output row.</summary>
    private sealed class FeatureRow
    {
        public VBuffer<float> Features;
    }
}
