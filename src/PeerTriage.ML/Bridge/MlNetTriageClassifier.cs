using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;
using PeerTriage.Decisions;

namespace PeerTriage.ML.Bridge;

/// <summary>
/// An <see cref="ITriageClassifier"/> over any trained ML.NET model (<see cref="ITransformer"/>) that reads a text column
/// and writes a score vector: a team with an ML.NET model gets PeerTriage's batch scoring, decision policies and
/// moderation queue. Safe to call from many threads at once: ML.NET's <see cref="PredictionEngine{TSrc, TDst}"/> is not
/// (dotnet/machinelearning#421), so each call borrows one from a pool.
/// </summary>
/// <remarks>
/// <para>
/// The model is checked when the classifier is built: the text column (and the parent column, when set) must be inputs
/// of type text, the score column a known-size vector of <see cref="float"/>, and every score slot must map to a level of
/// the scheme, by the score column's slot names, the key values of the predicted-label column, or
/// <see cref="MlNetClassifierOptions.SlotLevels"/>. The errors name the column or option at fault.
/// </para>
/// <para>
/// Probabilities: scores that are non-negative are divided by their sum (multiclass trainers such as SdcaMaximumEntropy
/// and LightGbm already give probabilities); a vector with a negative score (raw margins, as from an uncalibrated
/// one-versus-all) goes through a softmax. <see cref="MlNetClassifierOptions.InverseTemperature"/> then rescales them and
/// <see cref="MlNetClassifierOptions.Policy"/> decides; <see cref="WithDecisions"/> fits both on held-out messages.
/// </para>
/// <para>
/// <b>Privacy.</b> Unlike a PeerTriage <c>.ptm</c> file, which holds only hashed feature weights, an ML.NET model file
/// may hold message text: <c>FeaturizeText</c> and <c>ProduceNgrams</c> store their n-gram dictionaries, words and
/// character n-grams of the training messages, in the zip (dotnet/machinelearning#3797), and <c>MapValueToKey</c> stores
/// the values it saw. Treat such a file as you treat the training data.
/// </para>
/// <para>
/// Cost: each call allocates (ML.NET's prediction engine allocates per row, about 2.5 KB for a typical post) and is
/// slower than a <see cref="TriageModel"/>; the core's allocation-free guarantee does not hold here.
/// </para>
/// </remarks>
public sealed class MlNetTriageClassifier : ITriageClassifier, IDisposable
{
    private readonly MLContext _mlContext;
    private readonly ITransformer _model;
    private readonly SchemaDefinition _inputDefinition;
    private readonly SchemaDefinition _outputDefinition;
    private readonly int[] _slotLevel;
    private readonly ConcurrentBag<Engine> _idle = [];
    private readonly Lock _createLock = new();
    private int _idleCount;
    private bool _disposed;

    /// <summary>Wraps a trained ML.NET model, checking its schema against <paramref name="options"/>.</summary>
    /// <param name="mlContext">The context the model was trained or loaded with.</param>
    /// <param name="model">The trained model; it must not be changed afterwards.</param>
    /// <param name="options">Column names, level mapping and decisions; null for <see cref="MlNetClassifierOptions.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="mlContext"/> or <paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentException">The model does not fit the options; the message names the column or option.</exception>
    public MlNetTriageClassifier(MLContext mlContext, ITransformer model, MlNetClassifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        options ??= MlNetClassifierOptions.Default;
        options.Validate();
        _mlContext = mlContext;
        _model = model;
        Options = options;
        Scheme = options.Scheme;
        if (!model.IsRowToRowMapper)
            throw new ArgumentException("The model cannot score one row at a time (ITransformer.IsRowToRowMapper is false), so no prediction engine can run it.", nameof(model));

        bool withLabel = false;
        DataViewSchema output;
        try
        {
            output = model.GetOutputSchema(InputSchema(options, withLabel: false));
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException or ArgumentException)
        {
            // A MapValueToKey on the label in front of the trainer makes the label a required input even for scoring.
            if (options.LabelColumnName is null || !TryOutputSchema(model, InputSchema(options, withLabel: true), out output))
                throw new ArgumentException(DescribeInputError(options, e), nameof(model), e);
            withLabel = true;
        }

        var score = output.GetColumnOrNull(options.ScoreColumnName) ?? throw new ArgumentException(
            $"The model has no output column '{options.ScoreColumnName}' (ScoreColumnName). Its columns: {ColumnList(output)}.", nameof(options));
        if (score.Type is not VectorDataViewType { ItemType: NumberDataViewType n, IsKnownSize: true } vector || n.RawType != typeof(float))
        {
            throw new ArgumentException(
                $"The model's output column '{options.ScoreColumnName}' (ScoreColumnName) is {score.Type}; it must be a known-size vector of Single, one score per class.",
                nameof(options));
        }
        _slotLevel = MapSlots(options, output, score, vector.Size);
        _inputDefinition = InputDefinition(options, withLabel);
        _outputDefinition = SchemaDefinition.Create(typeof(ModelOutput), SchemaDefinition.Direction.Write);
        _outputDefinition[0].ColumnName = options.ScoreColumnName;
        _outputDefinition[0].ColumnType = new VectorDataViewType(NumberDataViewType.Single, vector.Size);

        // One engine now: any error in building one surfaces here, not on the first call.
        Return(CreateEngine());
    }

    /// <inheritdoc />
    public PriorityScheme Scheme { get; }

    /// <summary>The options the classifier was built with.</summary>
    public MlNetClassifierOptions Options { get; }

    /// <summary>The scheme level each score slot maps to, in slot order.</summary>
    public IReadOnlyList<string> SlotLevels => [.. _slotLevel.Select(Scheme.NameOf)];

    /// <inheritdoc />
    /// <exception cref="ObjectDisposedException">The classifier was disposed.</exception>
    public int Triage(ForumMessage message, ThreadContext? context, Span<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (probabilities.Length < Scheme.Count)
            throw new ArgumentException($"The buffer holds {probabilities.Length} probabilities; the scheme has {Scheme.Count} levels.", nameof(probabilities));
        ObjectDisposedException.ThrowIf(_disposed, this);
        var p = probabilities[..Scheme.Count];
        var engine = Rent();
        try
        {
            engine.Input.Text = message.Body;
            engine.Input.Parent = context?.Parent?.Body ?? "";
            engine.Predictor.Predict(engine.Input, ref engine.Output);
            ToProbabilities(engine.Output.Score.GetValues(), p);
        }
        finally
        {
            Return(engine);
        }
        if (Options.InverseTemperature != 1f)
            DecisionFitter.ApplyInverseTemperature(p, p.Length, Options.InverseTemperature);
        return Options.Policy?.Decide(p) ?? ArgmaxOf(p);
    }

    /// <summary>
    /// This classifier with PeerTriage's calibration and decision policy fitted on labelled messages: temperature scaling,
    /// then (by default) the flagged boundary's threshold fitted to recall 0.90 and the others for macro-F1, as
    /// <see cref="TriageModel"/> training fits them. Use messages the ML.NET model was not trained on (a held-out set):
    /// on its own training data a model is overconfident and the thresholds would be too.
    /// </summary>
    /// <param name="heldOut">Labelled messages the model did not see in training, with their contexts.</param>
    /// <param name="options">Which calibration and policy to fit; null for <see cref="DecisionOptions.Default"/>.</param>
    /// <returns>A new classifier over the same model; this one is unchanged. Dispose both.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="heldOut"/> or one of its items is null.</exception>
    /// <exception cref="ArgumentException">A label is not a level of the scheme, the options are invalid, or there are fewer
    /// messages than twice <see cref="DecisionOptions.InnerFolds"/>.</exception>
    public MlNetTriageClassifier WithDecisions(IReadOnlyList<LabeledMessage> heldOut, DecisionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(heldOut);
        options ??= DecisionOptions.Default;
        options.Validate(Scheme);
        int levels = Scheme.Count;
        if (heldOut.Count < 2 * options.InnerFolds)
            throw new ArgumentException($"Fitting decisions needs at least {2 * options.InnerFolds} held-out messages; there are {heldOut.Count}.", nameof(heldOut));
        var gold = new int[heldOut.Count];
        var probabilities = new float[heldOut.Count * levels];
        var raw = WithoutDecisions();
        try
        {
            for (int i = 0; i < heldOut.Count; i++)
            {
                var row = heldOut[i] ?? throw new ArgumentNullException(nameof(heldOut), $"Held-out message {i} is null.");
                if (!Scheme.TryGetIndex(row.Label, out gold[i]))
                    throw new ArgumentException($"Held-out message {i} has label '{row.Label}', which is not a level of the scheme ({Scheme.Describe()}).", nameof(heldOut));
                raw.Triage(row.Message, row.Context, probabilities.AsSpan(i * levels, levels));
            }
        }
        finally
        {
            if (!ReferenceEquals(raw, this))
                raw.Dispose();
        }
        float beta = 1f;
        if (options.Calibrate)
        {
            beta = DecisionFitter.FitInverseTemperature(probabilities, gold, levels);
            DecisionFitter.ApplyInverseTemperature(probabilities, levels, beta);
        }
        DecisionPolicy? policy = options.Policy switch
        {
            DecisionPolicyKind.CostMatrix => new CostMatrixPolicy(options.Costs!),
            DecisionPolicyKind.Argmax => null,
            _ => DecisionFitter.Fit(probabilities, gold, levels, options.TargetsFor(Scheme), options).Policy,
        };
        return new MlNetTriageClassifier(_mlContext, _model, Options with { InverseTemperature = beta, Policy = policy });
    }

    /// <summary>Disposes the pooled prediction engines. Calls after this throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var engine))
            engine.Predictor.Dispose();
    }

    private MlNetTriageClassifier WithoutDecisions() =>
        Options.InverseTemperature == 1f && Options.Policy is null
            ? this
            : new MlNetTriageClassifier(_mlContext, _model, Options with { InverseTemperature = 1f, Policy = null });

    private Engine Rent()
    {
        if (_idle.TryTake(out var engine))
        {
            Interlocked.Decrement(ref _idleCount);
            return engine;
        }
        return CreateEngine();
    }

    private void Return(Engine engine)
    {
        if (!_disposed && Interlocked.Increment(ref _idleCount) <= Options.MaxIdleEngines)
        {
            _idle.Add(engine);
            return;
        }
        Interlocked.Decrement(ref _idleCount);
        engine.Predictor.Dispose();
    }

    private Engine CreateEngine()
    {
        // Building an engine walks the model's transformers; one at a time, as ML.NET does not promise more.
        lock (_createLock)
        {
            return new Engine(_mlContext.Model.CreatePredictionEngine<ModelInput, ModelOutput>(_model, ignoreMissingColumns: true,
                _inputDefinition, _outputDefinition));
        }
    }

    private void ToProbabilities(ReadOnlySpan<float> scores, Span<float> p)
    {
        p.Clear();
        bool negative = false;
        double sum = 0;
        foreach (float s in scores)
        {
            negative |= s < 0 || !float.IsFinite(s);
            sum += s;
        }
        if (negative || !(sum > 0))
        {
            float max = float.NegativeInfinity;
            foreach (float s in scores)
                max = float.IsFinite(s) ? MathF.Max(max, s) : max;
            if (float.IsNegativeInfinity(max))
                max = 0;
            sum = 0;
            for (int i = 0; i < scores.Length; i++)
            {
                float e = float.IsFinite(scores[i]) ? MathF.Exp(scores[i] - max) : 0f;
                p[_slotLevel[i]] += e;
                sum += e;
            }
        }
        else
        {
            for (int i = 0; i < scores.Length; i++)
                p[_slotLevel[i]] += scores[i];
        }
        if (sum > 0)
        {
            float inverse = (float)(1 / sum);
            for (int j = 0; j < p.Length; j++)
                p[j] *= inverse;
        }
        else
        {
            p.Fill(1f / p.Length);
        }
    }

    private static int ArgmaxOf(ReadOnlySpan<float> p)
    {
        int best = 0;
        for (int j = 1; j < p.Length; j++)
        {
            if (p[j] > p[best])
                best = j;
        }
        return best;
    }

    private int[] MapSlots(MlNetClassifierOptions options, DataViewSchema output, DataViewSchema.Column score, int size)
    {
        IReadOnlyList<string> names;
        string source;
        if (options.SlotLevels is { } explicitLevels)
        {
            names = explicitLevels;
            source = "SlotLevels";
        }
        else if (SlotNames(score) is { } slotNames)
        {
            names = slotNames;
            source = $"the slot names of '{score.Name}'";
        }
        else if (output.GetColumnOrNull(options.PredictedLabelColumnName) is { } predicted && KeyValues(predicted) is { } keyValues)
        {
            names = keyValues;
            source = $"the key values of '{predicted.Name}' (PredictedLabelColumnName)";
        }
        else
        {
            throw new ArgumentException(
                $"The model's score column '{score.Name}' has no slot names and its column '{options.PredictedLabelColumnName}' (PredictedLabelColumnName) " +
                $"has no text key values, so the classes cannot be matched to the levels ({Scheme.Describe()}). Set SlotLevels to the level of each of the {size} slots.",
                nameof(options));
        }
        if (names.Count != size)
            throw new ArgumentException($"{source} name {names.Count} classes but the score column '{score.Name}' has {size} slots.", nameof(options));
        var levels = new int[size];
        for (int i = 0; i < size; i++)
        {
            if (!Scheme.TryGetIndex(names[i], out levels[i]))
                throw new ArgumentException($"Class '{names[i]}' (slot {i}, from {source}) is not a level of the scheme ({Scheme.Describe()}). Set SlotLevels to map the slots explicitly.", nameof(options));
            if (Array.IndexOf(levels, levels[i], 0, i) >= 0)
                throw new ArgumentException($"Two slots (from {source}) map to level '{Scheme.NameOf(levels[i])}'.", nameof(options));
        }
        return levels;
    }

    private static string[]? SlotNames(DataViewSchema.Column column) => TextAnnotation(column, "SlotNames");

    private static string[]? KeyValues(DataViewSchema.Column column) => TextAnnotation(column, "KeyValues");

    /// <summary>A column's annotation of the given kind when it is a vector of text, else null.</summary>
    private static string[]? TextAnnotation(DataViewSchema.Column column, string kind)
    {
        if (column.Annotations.Schema.GetColumnOrNull(kind) is not { Type: VectorDataViewType { ItemType: TextDataViewType } })
            return null;
        VBuffer<ReadOnlyMemory<char>> values = default;
        column.Annotations.GetValue(kind, ref values);
        return [.. values.DenseValues().Select(n => n.ToString())];
    }

    private static bool TryOutputSchema(ITransformer model, DataViewSchema input, out DataViewSchema output)
    {
        try
        {
            output = model.GetOutputSchema(input);
            return true;
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException or ArgumentException)
        {
            output = null!;
            return false;
        }
    }

    private static string DescribeInputError(MlNetClassifierOptions options, Exception e)
    {
        string parent = options.ParentTextColumnName is null ? "" : $" and text column '{options.ParentTextColumnName}' (ParentTextColumnName)";
        string label = options.LabelColumnName is null ? "" : $" (also tried with an empty text column '{options.LabelColumnName}', LabelColumnName)";
        return $"The model cannot be applied to an input with text column '{options.TextColumnName}' (TextColumnName){parent}{label}: {e.Message} " +
            "Set TextColumnName to the column the model's text featurizer reads.";
    }

    private static string ColumnList(DataViewSchema schema) =>
        string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => $"{c.Name} ({c.Type})"));

    private static DataViewSchema InputSchema(MlNetClassifierOptions options, bool withLabel)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(options.TextColumnName, TextDataViewType.Instance);
        if (options.ParentTextColumnName is { } parent)
            builder.AddColumn(parent, TextDataViewType.Instance);
        if (withLabel && options.LabelColumnName is { } label && label != options.TextColumnName && label != options.ParentTextColumnName)
            builder.AddColumn(label, TextDataViewType.Instance);
        return builder.ToSchema();
    }

    private static SchemaDefinition InputDefinition(MlNetClassifierOptions options, bool withLabel)
    {
        var definition = SchemaDefinition.Create(typeof(ModelInput), SchemaDefinition.Direction.Read);
        definition[nameof(ModelInput.Text)].ColumnName = options.TextColumnName;
        if (options.ParentTextColumnName is { } parent)
            definition[nameof(ModelInput.Parent)].ColumnName = parent;
        else
            definition.Remove(definition[nameof(ModelInput.Parent)]);
        if (withLabel && options.LabelColumnName is { } label)
            definition[nameof(ModelInput.Label)].ColumnName = label;
        else
            definition.Remove(definition[nameof(ModelInput.Label)]);
        return definition;
    }

    /// <summary>A prediction engine with its own input and output rows, reused call after call.</summary>
    private sealed class Engine(PredictionEngine<ModelInput, ModelOutput> predictor)
    {
        public readonly PredictionEngine<ModelInput, ModelOutput> Predictor = predictor;
        public readonly ModelInput Input = new();
        public ModelOutput Output = new();
    }

    /// <summary>One row in: the message text, the parent's text and an empty label (each used only when mapped).</summary>
    private sealed class ModelInput
    {
        public string Text { get; set; } = "";

        public string Parent { get; set; } = "";

        public string Label { get; set; } = "";
    }

    /// <summary>One row out: the score vector.</summary>
    private sealed class ModelOutput
    {
        public VBuffer<float> Score { get; set; }
    }
}
