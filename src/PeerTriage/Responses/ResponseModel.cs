using PeerTriage.Serialization;
using PeerTriage.Training;

namespace PeerTriage.Responses;

/// <summary>
/// A trained response model: for each mechanism of its <see cref="ResponseScheme"/>, a triage model over the response
/// (the message), the seeker post (its parent, in its own hashed namespace) and pair features. The entry point for
/// training, assessing, explaining (with rationale spans), saving and loading.
/// </summary>
/// <remarks>
/// Immutable and thread-safe. Assessing one mechanism through <see cref="Assess(ResponsePair, int, Span{float})"/>,
/// or all of them through <see cref="Assess(ResponsePair, Span{int}, Span{float})"/>, allocates nothing in steady state
/// (a pair builds its message view once; see <see cref="ResponsePair"/>). When every mechanism's model has the same
/// feature pipeline (always, for models this class trains), the pair is featurized once and each mechanism only scores.
/// Probabilities are calibrated per mechanism by a fitted temperature; levels come from each mechanism's decision
/// policy (by default the most probable level, <see cref="ResponseTrainingOptions.DefaultDecision"/>). A model file holds no message text: only n-grams written by at
/// least <see cref="ResponseTrainingOptions.ExplanationMinAuthors"/> distinct groups, for explanations.
/// </remarks>
public sealed class ResponseModel
{
    private readonly TriageModel[] _models;

    // True when every mechanism's model reads the same features, so one extraction serves them all.
    private readonly bool _sharedFeatures;

    private ResponseModel(ResponseScheme scheme, TriageModel[] models, string libraryVersion, DateTimeOffset createdAt)
    {
        Scheme = scheme;
        _models = models;
        _sharedFeatures = models.All(m => m.Features.Equals(models[0].Features) && m.Scheme.Count == models[0].Scheme.Count
            && m.DenseFeatureNames.SequenceEqual(models[0].DenseFeatureNames, StringComparer.Ordinal));
        LibraryVersion = libraryVersion;
        CreatedAt = createdAt;
    }

    /// <summary>The mechanisms this model assesses.</summary>
    public ResponseScheme Scheme { get; }

    /// <summary>The PeerTriage version that trained the model.</summary>
    public string LibraryVersion { get; }

    /// <summary>When the model was trained (or <see cref="ResponseTrainingOptions.Timestamp"/>).</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>The model format version of the file this model was loaded from, or the one <see cref="Save(Stream, ModelSaveOptions?)"/> writes.</summary>
    public string FormatVersion => _models[0].Info.FormatVersion;

    /// <summary>One mechanism's model (for its model card, dense feature names and training information).</summary>
    /// <param name="mechanism">The mechanism's name (case-insensitive).</param>
    /// <exception cref="ArgumentException">No mechanism has that name.</exception>
    public TriageModel ModelFor(string mechanism) => _models[Scheme.Require(mechanism)];

    internal TriageModel ModelAt(int index) => _models[index];

    /// <summary>True when one featurization serves every mechanism (see the remarks).</summary>
    internal bool SharesFeatures => _sharedFeatures;

    /// <summary>Trains one model per mechanism, each on the examples labelled for it.</summary>
    /// <param name="examples">Labelled pairs; every mechanism of the scheme needs examples of each of its levels.</param>
    /// <param name="options">Options; null for <see cref="ResponseTrainingOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops training.</param>
    /// <exception cref="ArgumentNullException"><paramref name="examples"/> or an item is null.</exception>
    /// <exception cref="ArgumentException">An example names a mechanism or level not in the scheme (the message names
    /// its source), a mechanism has no examples, a level has none, or an option is invalid.</exception>
    /// <exception cref="OperationCanceledException">Training was cancelled.</exception>
    public static ResponseModel Train(IEnumerable<LabeledResponse> examples, ResponseTrainingOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        options ??= ResponseTrainingOptions.Default;
        options.Validate();
        var rows = ByMechanism(examples, options.Scheme);
        var models = new TriageModel[options.Scheme.Count];
        DateTimeOffset createdAt = options.Timestamp ?? DateTimeOffset.UtcNow;
        for (int m = 0; m < models.Length; m++)
        {
            var mechanism = options.Scheme.Mechanisms[m];
            if (rows[m].Count == 0)
                throw new ArgumentException($"Mechanism '{mechanism.Name}' has no training examples; every mechanism of the scheme ({options.Scheme.Describe()}) needs some.", nameof(examples));
            models[m] = TrainOne(rows[m], options.ForMechanism(mechanism, m), createdAt, cancellationToken);
        }
        return new ResponseModel(options.Scheme, models, ModelTrainer.LibraryVersion, createdAt);
    }

    /// <summary>Trains one mechanism's model on its rows.</summary>
    internal static TriageModel TrainOne(IReadOnlyList<LabeledMessage> rows, TriageTrainingOptions options, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        var t = ModelTrainer.Train(rows, options, cancellationToken);
        var info = t.Info with { FormatVersion = ModelFile.CurrentVersion, CreatedAt = createdAt };
        return new TriageModel(t.Scheme, t.Featurizer, t.Weights, info, t.Policy, t.Temperature, t.Vocabulary, t.Decision);
    }

    /// <summary>Splits labelled responses into triage rows per mechanism, resolving each label to a level name.</summary>
    internal static List<LabeledMessage>[] ByMechanism(IEnumerable<LabeledResponse> examples, ResponseScheme scheme)
    {
        var rows = new List<LabeledMessage>[scheme.Count];
        for (int m = 0; m < rows.Length; m++)
            rows[m] = [];
        int i = 0;
        foreach (var e in examples)
        {
            if (e is null)
                throw new ArgumentNullException(nameof(examples), $"Example {i} is null.");
            string where = e.Source ?? $"example {i}";
            if (e.Pair is null)
                throw new ArgumentNullException(nameof(examples), $"{where} has no pair.");
            int m = scheme.IndexOf(e.Mechanism ?? "");
            if (m < 0)
                throw new ArgumentException($"{where}: mechanism '{e.Mechanism}' is not in the scheme ({scheme.Describe()}).", nameof(examples));
            var levels = scheme.Mechanisms[m].Levels;
            string label = ResolveLabel(e.Label, levels)
                ?? throw new ArgumentException($"{where}: label '{e.Label}' is not a level of '{scheme.Mechanisms[m].Name}' ({levels.Describe()}, or its index 0..{levels.Count - 1}).", nameof(examples));
            rows[m].Add(new LabeledMessage(e.Pair.Message, label) { Group = e.EffectiveGroup, Context = e.Pair.Context, Source = e.Source });
            i++;
        }
        return rows;
    }

    /// <summary>A level name from a name or an index written as digits; null when it is neither.</summary>
    internal static string? ResolveLabel(string? label, PriorityScheme levels)
    {
        if (label is null)
            return null;
        string trimmed = label.Trim();
        if (levels.TryGetIndex(trimmed, out int index))
            return levels.NameOf(index);
        if (trimmed.Length is > 0 and < 3 && trimmed.All(char.IsAsciiDigit) && int.Parse(trimmed, System.Globalization.CultureInfo.InvariantCulture) is int n && n < levels.Count)
            return levels.NameOf(n);
        return null;
    }

    /// <summary>Assesses a pair on every mechanism.</summary>
    /// <param name="pair">The pair.</param>
    /// <exception cref="ArgumentNullException"><paramref name="pair"/> is null.</exception>
    public ResponseAssessment Assess(ResponsePair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        Span<int> levels = stackalloc int[_models.Length];
        var probabilities = new float[_models.Length * PriorityScheme.MaxLevels];
        Assess(pair, levels, probabilities);
        var results = new MechanismAssessment[_models.Length];
        for (int m = 0; m < _models.Length; m++)
        {
            var mechanism = Scheme.Mechanisms[m];
            var p = probabilities.AsSpan(m * PriorityScheme.MaxLevels, mechanism.Levels.Count).ToArray();
            results[m] = new MechanismAssessment(mechanism.Name, levels[m], mechanism.Levels.NameOf(levels[m]), p);
        }
        return new ResponseAssessment(results);
    }

    /// <summary>
    /// Assesses a pair on every mechanism into a caller's buffers. Hot path: allocates nothing in steady state, and
    /// featurizes the pair once when the mechanisms share a pipeline.
    /// </summary>
    /// <param name="pair">The pair.</param>
    /// <param name="levels">Receives each mechanism's level index, in <see cref="Scheme"/> order (at least one int per mechanism).</param>
    /// <param name="probabilities">Receives each mechanism's probabilities in a block of <see cref="PriorityScheme.MaxLevels"/>
    /// floats: mechanism m's level j is at <c>m * PriorityScheme.MaxLevels + j</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="pair"/> is null.</exception>
    /// <exception cref="ArgumentException">A buffer is too short.</exception>
    public void Assess(ResponsePair pair, Span<int> levels, Span<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(pair);
        int count = _models.Length;
        if (levels.Length < count)
            throw new ArgumentException($"The levels buffer holds {levels.Length} ints; the scheme has {count} mechanisms.", nameof(levels));
        if (probabilities.Length < count * PriorityScheme.MaxLevels)
            throw new ArgumentException($"The probabilities buffer holds {probabilities.Length} floats; {count} mechanisms need {count * PriorityScheme.MaxLevels} ({PriorityScheme.MaxLevels} each).", nameof(probabilities));
        if (!_sharedFeatures)
        {
            for (int m = 0; m < count; m++)
                levels[m] = _models[m].Triage(pair.Message, pair.Context, probabilities.Slice(m * PriorityScheme.MaxLevels, PriorityScheme.MaxLevels));
            return;
        }
        var featurizer = _models[0].Featurizer;
        var builder = Features.FeatureBuilder.ForCurrentThread();
        int n = featurizer.Extract(pair.Message, pair.Context, builder);
        ReadOnlySpan<int> buckets = builder.Buckets.AsSpan(0, n);
        ReadOnlySpan<float> values = builder.Values.AsSpan(0, n);
        ReadOnlySpan<float> dense = builder.Dense.AsSpan(0, featurizer.DenseCount);
        for (int m = 0; m < count; m++)
        {
            var model = _models[m];
            levels[m] = model.Score(buckets, values, dense, probabilities.Slice(m * PriorityScheme.MaxLevels, model.Scheme.Count));
        }
    }

    /// <summary>
    /// Assesses a pair on one mechanism into a caller's buffer: the calibrated probability of each of the mechanism's
    /// levels. Hot path: allocates nothing in steady state.
    /// </summary>
    /// <param name="pair">The pair.</param>
    /// <param name="mechanism">The mechanism's index in <see cref="Scheme"/>.</param>
    /// <param name="probabilities">Receives one probability per level (at least as many floats as the mechanism has levels).</param>
    /// <returns>The level index.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pair"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mechanism"/> is not an index of the scheme.</exception>
    /// <exception cref="ArgumentException">The buffer is too short.</exception>
    public int Assess(ResponsePair pair, int mechanism, Span<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(pair);
        if ((uint)mechanism >= (uint)_models.Length)
            throw new ArgumentOutOfRangeException(nameof(mechanism), mechanism, $"The scheme has mechanisms 0..{_models.Length - 1} ({Scheme.Describe()}).");
        return _models[mechanism].Triage(pair.Message, pair.Context, probabilities);
    }

    /// <summary>
    /// True when the response shows some mechanism: its level on at least one mechanism is above that mechanism's
    /// lowest ("none"). False means "no empathy on any mechanism". Allocates nothing in steady state.
    /// </summary>
    /// <param name="pair">The pair.</param>
    /// <exception cref="ArgumentNullException"><paramref name="pair"/> is null.</exception>
    public bool ShowsEmpathy(ResponsePair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        Span<int> levels = stackalloc int[_models.Length];
        Span<float> p = stackalloc float[_models.Length * PriorityScheme.MaxLevels];
        Assess(pair, levels, p);
        for (int m = 0; m < levels.Length; m++)
        {
            if (levels[m] > 0)
                return true;
        }
        return false;
    }

    /// <summary>
    /// Explains a pair's level on one mechanism: the feature contributions (as <see cref="TriageModel.Explain"/>: they
    /// and the bias add up to the logit difference between the chosen level and its neighbour) and the rationale spans
    /// of the response that carried the mechanism (see <see cref="ResponseExplanation.Rationales"/>).
    /// </summary>
    /// <param name="pair">The pair.</param>
    /// <param name="mechanism">The mechanism's name (case-insensitive).</param>
    /// <param name="top">How many contributions to list. Default 10.</param>
    /// <param name="rationale">How spans are chosen; null for <see cref="RationaleOptions.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="pair"/> is null.</exception>
    /// <exception cref="ArgumentException">No mechanism has that name.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="top"/> is negative.</exception>
    public ResponseExplanation Explain(ResponsePair pair, string mechanism, int top = 10, RationaleOptions? rationale = null)
    {
        ArgumentNullException.ThrowIfNull(pair);
        int m = Scheme.Require(mechanism);
        var model = _models[m];
        var explanation = model.Explain(pair.Message, pair.Context, top);
        var r = RationaleFinder.Find(model, pair, explanation.Result.LevelIndex, rationale ?? RationaleOptions.Default);
        return new ResponseExplanation(Scheme.Mechanisms[m].Name, explanation, r.Target, r.Spans);
    }

    /// <summary>The model cards of every mechanism's model, one after another. Contains no message text.</summary>
    public string ToModelCard() =>
        $"response model: {Scheme.Describe()}; trained by PeerTriage {LibraryVersion}\n\n"
        + string.Join("\n\n", _models.Select((model, m) => $"== {Scheme.Mechanisms[m].Name} ==\n{model.ToModelCard()}"));

    /// <summary>Writes the model as one <c>.ptm</c> file of kind "response" (see docs/model-format.md).</summary>
    /// <param name="stream">Where to write.</param>
    /// <param name="options">How to store the weights; null for <see cref="ModelSaveOptions.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    public void Save(Stream stream, ModelSaveOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ModelFile.WriteResponse(Parts(), LibraryVersion, CreatedAt, stream, options ?? ModelSaveOptions.Default);
    }

    /// <summary>Writes the model to a file, through a temporary name, so a crash never leaves a half-written model.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="options">How to store the weights; null for <see cref="ModelSaveOptions.Default"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    public void Save(string path, ModelSaveOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Shared.AtomicFile.Write(path, stream => ModelFile.WriteResponse(Parts(), LibraryVersion, CreatedAt, stream, options ?? ModelSaveOptions.Default));
    }

    private (string, TriageModel)[] Parts() => [.. _models.Select((model, m) => (Scheme.Mechanisms[m].Name, model))];

    /// <summary>Reads a response model written by <see cref="Save(Stream, ModelSaveOptions?)"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ModelFormatException">The bytes are not a valid response model (a triage model file says so); the message says what is wrong.</exception>
    public static ResponseModel Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return FromFile(ModelFile.ReadResponse(stream, sourceName: null));
    }

    /// <summary>Reads a response model file.</summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFormatException">The file is not a valid response model; the message names the file and the problem.</exception>
    public static ResponseModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return FromFile(ModelFile.ReadResponse(stream, path));
    }

    private static ResponseModel FromFile((ResponseFileManifest Manifest, TriageModel[] Models) file)
    {
        var scheme = new ResponseScheme(file.Models.Select((model, m) => new ResponseMechanism(file.Manifest.Mechanisms![m].Name, model.Scheme)));
        return new ResponseModel(scheme, file.Models, file.Manifest.LibraryVersion ?? "", file.Manifest.CreatedAt);
    }
}
