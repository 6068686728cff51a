using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using System.Text;
using PeerTriage.Decisions;
using PeerTriage.Explanations;
using PeerTriage.Features;
using PeerTriage.Learning;
using PeerTriage.Serialization;

namespace PeerTriage;

/// <summary>
/// A trained triage model: hashed n-gram features and multinomial logistic regression. The one entry point for
/// training (<see cref="Train"/>), scoring (<see cref="Triage(ForumMessage, ThreadContext?)"/>), saving and loading.
/// </summary>
/// <remarks>
/// A model is immutable and thread-safe. Scoring one message allocates nothing in steady state when called through
/// <see cref="Triage(ForumMessage, ThreadContext?, Span{float})"/>; each thread keeps its own scratch buffers.
/// A message with no usable text (empty or white-space body and subject) gets the model's prior: the result of its
/// biases alone. Probabilities are calibrated by a fitted temperature, and the level comes from the model's
/// <see cref="Policy"/> (by default thresholds fitted to recall targets).
/// This model reads only the message's subject and body: a <see cref="ThreadContext"/> is accepted for the
/// <see cref="ITriageClassifier"/> contract and does not change the result.
/// </remarks>
public sealed class TriageModel : ITriageClassifier
{
    private readonly NGramFeaturizer _featurizer;
    private readonly float[] _weights; // bucket-major: _weights[bucket * classes + k]
    private readonly float[] _bias;
    private readonly int _classes;
    private readonly float _inverseTemperature;
    private readonly float _temperature;

    internal TriageModel(PriorityScheme scheme, FeatureOptions features, float[] weights, float[] bias, ModelInfo info,
        DecisionPolicy? policy = null, float temperature = 1f, ExplanationVocabulary? vocabulary = null, DecisionRecord? decision = null)
    {
        Scheme = scheme;
        _featurizer = new NGramFeaturizer(features);
        _classes = scheme.Count;
        if (bias.Length != _classes || weights.Length != (long)_classes << features.HashBits)
            throw new ArgumentException("Weight shapes do not match the scheme and hash size.");
        _weights = weights;
        _bias = bias;
        Info = info;
        Policy = policy ?? new ArgmaxPolicy(_classes);
        if (Policy.LevelCount != _classes)
            throw new ArgumentException("The decision policy does not match the scheme.");
        // Temperature is what the file stores; deriving the factor from it here, for trained and loaded models alike,
        // keeps save → load bit-identical.
        _temperature = temperature;
        _inverseTemperature = 1f / temperature;
        Vocabulary = vocabulary ?? ExplanationVocabulary.Empty;
        Decision = decision ?? new DecisionRecord(DecisionPolicyKind.Argmax, [], []);
    }

    /// <summary>How this model turns probabilities into levels.</summary>
    public DecisionPolicy Policy { get; }

    /// <summary>The calibration temperature T: probabilities are softmax(logits / T). 1 means uncalibrated.</summary>
    public float Temperature => _temperature;

    internal float InverseTemperature => _inverseTemperature;

    internal ExplanationVocabulary Vocabulary { get; }

    internal DecisionRecord Decision { get; }

    /// <inheritdoc />
    public PriorityScheme Scheme { get; }

    /// <summary>The featurization this model was trained with.</summary>
    public FeatureOptions Features => _featurizer.Options;

    /// <summary>How the model was trained.</summary>
    public ModelInfo Info { get; }

    internal ReadOnlySpan<float> Weights => _weights;

    internal ReadOnlySpan<float> Bias => _bias;

    /// <summary>Trains a model on labelled messages.</summary>
    /// <param name="examples">Training messages; every label must be a level of <see cref="TriageTrainingOptions.Scheme"/>.</param>
    /// <param name="options">Training options; null for <see cref="TriageTrainingOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops training.</param>
    /// <exception cref="ArgumentNullException"><paramref name="examples"/> or an item in it is null.</exception>
    /// <exception cref="ArgumentException">A label is not in the scheme (the message names it and its source), there are no examples, or an option is invalid.</exception>
    /// <exception cref="OperationCanceledException">Training was cancelled.</exception>
    public static TriageModel Train(IEnumerable<LabeledMessage> examples, TriageTrainingOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        options ??= TriageTrainingOptions.Default;
        options.Validate();
        var rows = examples as IReadOnlyList<LabeledMessage> ?? examples.ToList();
        var labels = ResolveLabels(rows, options.Scheme);
        var featurizer = new NGramFeaturizer(options.Features);
        var matrix = Featurize(featurizer, rows.Select(r => r.Message).ToList(), options.MaxDegreeOfParallelism, cancellationToken);
        var groups = rows.Select(r => r.Group ?? r.Message.AuthorId).ToArray();
        var fitted = ModelFitter.Fit(matrix, labels, groups, [.. Enumerable.Range(0, rows.Count)], options, cancellationToken);
        var vocabulary = ExplanationVocabulary.Build(rows, featurizer, options.ExplanationMinAuthors, options.ExplanationVocabularyLimit);
        return FromFit(fitted, labels, rows, options, vocabulary);
    }

    private static TriageModel FromFit(FittedModel fitted, int[] labels, IReadOnlyList<LabeledMessage> rows, TriageTrainingOptions options, ExplanationVocabulary vocabulary)
    {
        var solution = fitted.Solution;
        var perLevel = new int[options.Scheme.Count];
        foreach (int label in labels)
            perLevel[label]++;
        var info = new ModelInfo
        {
            LibraryVersion = LibraryVersion,
            CreatedAt = DateTimeOffset.UtcNow,
            TrainingRows = labels.Length,
            RowsPerLevel = perLevel,
            TrainingDataSha256 = HashTrainingData(rows, options.Scheme),
            L2 = options.L2,
            ClassWeighting = options.ClassWeighting.ToString(),
            Iterations = solution.Iterations,
            Converged = solution.Converged,
        };
        var targets = options.Decision.Policy == DecisionPolicyKind.RecallTargets ? options.Decision.TargetsFor(options.Scheme) : [];
        var record = new DecisionRecord(options.Decision.Policy, targets, fitted.Boundaries);
        return new TriageModel(options.Scheme, options.Features, solution.Weights, solution.Bias, info, fitted.Policy, 1f / fitted.InverseTemperature, vocabulary, record);
    }

    internal static SoftmaxOptions ToSoftmaxOptions(TriageTrainingOptions options) => new()
    {
        L2 = options.L2,
        MaxIterations = options.MaxIterations,
        Tolerance = options.Tolerance,
        ClassWeighting = options.ClassWeighting,
        MaxDegreeOfParallelism = options.MaxDegreeOfParallelism,
    };

    internal static int[] ResolveLabels(IReadOnlyList<LabeledMessage> rows, PriorityScheme scheme)
    {
        if (rows.Count == 0)
            throw new ArgumentException("There are no training examples.", "examples");
        var labels = new int[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            var row = rows[i] ?? throw new ArgumentNullException("examples", $"Example {i} is null.");
            ArgumentNullException.ThrowIfNull(row.Message, $"examples[{i}].Message");
            if (row.Label is null || !scheme.TryGetIndex(row.Label, out labels[i]))
            {
                string where = row.Source ?? $"example {i}";
                throw new ArgumentException($"{where}: label '{row.Label}' is not a level of the scheme ({scheme.Describe()}).", "examples");
            }
        }
        return labels;
    }

    /// <summary>Featurizes messages into a CSR matrix whose rows have sorted, merged bucket indices.</summary>
    internal static SparseMatrix Featurize(NGramFeaturizer featurizer, IReadOnlyList<ForumMessage> messages, int parallelism, CancellationToken cancellationToken)
    {
        var rowBuckets = new int[messages.Count][];
        var rowValues = new float[messages.Count][];
        Parallel.For(0, messages.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, i =>
        {
            var builder = FeatureBuilder.ForCurrentThread();
            int n = featurizer.Extract(messages[i], builder);
            var buckets = builder.Buckets.AsSpan(0, n).ToArray();
            var values = builder.Values.AsSpan(0, n).ToArray();
            Array.Sort(buckets, values);
            // A word and a char n-gram may share a bucket: sum them, which scores identically.
            int w = 0;
            for (int r = 0; r < n; r++)
            {
                if (w > 0 && buckets[w - 1] == buckets[r])
                    values[w - 1] += values[r];
                else
                {
                    buckets[w] = buckets[r];
                    values[w] = values[r];
                    w++;
                }
            }
            rowBuckets[i] = w == n ? buckets : buckets[..w];
            rowValues[i] = w == n ? values : values[..w];
        });

        var rowStart = new int[messages.Count + 1];
        for (int i = 0; i < messages.Count; i++)
            rowStart[i + 1] = checked(rowStart[i] + rowBuckets[i].Length);
        var indices = new int[rowStart[^1]];
        var data = new float[rowStart[^1]];
        for (int i = 0; i < messages.Count; i++)
        {
            rowBuckets[i].CopyTo(indices, rowStart[i]);
            rowValues[i].CopyTo(data, rowStart[i]);
        }
        return new SparseMatrix(1 << featurizer.Options.HashBits, rowStart, indices, data);
    }

    private static string HashTrainingData(IReadOnlyList<LabeledMessage> rows, PriorityScheme scheme)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> separator = [0];
        foreach (var row in rows)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(scheme.NameOf(scheme.IndexOf(row.Label))));
            sha.AppendData(separator);
            sha.AppendData(Encoding.UTF8.GetBytes(row.Message.Subject ?? ""));
            sha.AppendData(separator);
            sha.AppendData(Encoding.UTF8.GetBytes(row.Message.Body));
            sha.AppendData(separator);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    internal static string LibraryVersion { get; } =
        typeof(TriageModel).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(TriageModel).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    /// <inheritdoc />
    public TriageResult Triage(ForumMessage message, ThreadContext? context = null)
    {
        Span<float> probabilities = stackalloc float[PriorityScheme.MaxLevels];
        int level = Triage(message, context, probabilities);
        return new TriageResult(Scheme, level, probabilities[.._classes]);
    }

    /// <inheritdoc />
    public int Triage(ForumMessage message, ThreadContext? context, Span<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (probabilities.Length < _classes)
            throw new ArgumentException($"The buffer holds {probabilities.Length} probabilities; the scheme has {_classes} levels.", nameof(probabilities));
        var builder = FeatureBuilder.ForCurrentThread();
        int n = _featurizer.Extract(message, builder);
        return Score(builder.Buckets.AsSpan(0, n), builder.Values.AsSpan(0, n), probabilities[.._classes]);
    }

    /// <summary>Softmax over bias + Σ value·weight; returns the chosen level. The innermost loop of scoring.</summary>
    /// <remarks>
    /// With four levels one weight row is one <see cref="Vector128{T}"/>: a single load and multiply-add per feature,
    /// with the running logits in a register. The additions happen in the same order and with the same separate
    /// multiply and add as the scalar loop, so both give bit-identical results.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal int Score(ReadOnlySpan<int> buckets, ReadOnlySpan<float> values, Span<float> probabilities)
    {
        int k = _classes;
        Span<float> logits = probabilities[..k];
        values = values[..buckets.Length];
        if (k == 4 && Vector128.IsHardwareAccelerated)
        {
            ref float weights = ref MemoryMarshal.GetArrayDataReference(_weights);
            uint mask = (uint)(_weights.Length / 4) - 1; // bucket count is a power of two; masking keeps reads in the array
            Vector128<float> sum = Vector128.Create((ReadOnlySpan<float>)_bias);
            for (int i = 0; i < buckets.Length; i++)
            {
                Vector128<float> row = Vector128.LoadUnsafe(ref weights, ((uint)buckets[i] & mask) * 4);
                sum += Vector128.Create(values[i]) * row;
            }
            sum.CopyTo(logits);
        }
        else
        {
            _bias.AsSpan().CopyTo(logits);
            ReadOnlySpan<float> all = _weights;
            for (int i = 0; i < buckets.Length; i++)
            {
                ReadOnlySpan<float> row = all.Slice(buckets[i] * k, k);
                float v = values[i];
                for (int c = 0; c < row.Length; c++)
                    logits[c] += v * row[c];
            }
        }
        if (_inverseTemperature != 1f)
        {
            for (int c = 0; c < k; c++)
                logits[c] *= _inverseTemperature;
        }
        SoftmaxInPlace(logits);
        return Policy.Decide(probabilities);
    }

    /// <summary>Turns logits into probabilities; returns the argmax, ties to the higher level.</summary>
    internal static int SoftmaxInPlace(Span<float> logits)
    {
        float max = float.NegativeInfinity;
        int best = 0;
        for (int c = 0; c < logits.Length; c++)
        {
            if (logits[c] >= max)
            {
                max = logits[c];
                best = c;
            }
        }
        float sum = 0;
        for (int c = 0; c < logits.Length; c++)
        {
            float e = MathF.Exp(logits[c] - max);
            logits[c] = e;
            sum += e;
        }
        float inverse = 1f / sum;
        for (int c = 0; c < logits.Length; c++)
            logits[c] *= inverse;
        return best;
    }

    /// <summary>
    /// Explains a message's level: the features that moved the chosen level's calibrated logit relative to the level
    /// below it (relative to the level above, when the chosen level is the lowest). N-grams appear as text only when
    /// the model's vocabulary keeps them (seen from at least <see cref="TriageTrainingOptions.ExplanationMinAuthors"/>
    /// authors); everything else is summed into <see cref="TriageExplanation.Other"/>.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="context">Thread context, or null.</param>
    /// <param name="top">How many contributions to list in <see cref="TriageExplanation.Top"/>. Default 10.</param>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="top"/> is negative.</exception>
    public TriageExplanation Explain(ForumMessage message, ThreadContext? context = null, int top = 10)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        var result = Triage(message, context);
        int chosen = result.LevelIndex;
        int other = chosen > 0 ? chosen - 1 : 1;
        int k = _classes;

        var tokens = NGramText.Tokens(message, _featurizer);
        var wordLabels = new Dictionary<int, string>();
        foreach (var (bucket, text) in NGramText.WordNGrams(tokens, Features))
        {
            if (Vocabulary.Label(bucket, text) is { } kept)
                wordLabels.TryAdd(bucket, kept);
        }
        var charLabels = new Dictionary<int, string>();
        foreach (string token in tokens)
        {
            if (!Vocabulary.Contains(token))
                continue;
            foreach (int bucket in NGramText.CharNGramBuckets(token, Features))
                charLabels.TryAdd(bucket, token);
        }

        var builder = new FeatureBuilder();
        int n = _featurizer.Extract(message, builder);
        double beta = _inverseTemperature;
        var sums = new Dictionary<(ContributionKind, string), double>();
        double rest = 0;
        double difference = beta * ((double)_bias[chosen] - _bias[other]);
        for (int i = 0; i < n; i++)
        {
            int bucket = builder.Buckets[i];
            double c = beta * builder.Values[i] * ((double)_weights[bucket * k + chosen] - _weights[bucket * k + other]);
            difference += c;
            (ContributionKind, string)? key = wordLabels.TryGetValue(bucket, out string? word) ? (ContributionKind.WordNGram, word)
                : charLabels.TryGetValue(bucket, out string? token) ? (ContributionKind.CharacterNGrams, token) : null;
            if (key is { } named)
                sums[named] = sums.GetValueOrDefault(named) + c;
            else
                rest += c;
        }
        var all = sums.Select(e => new FeatureContribution(e.Key.Item2, e.Key.Item1, e.Value))
            .OrderByDescending(c => Math.Abs(c.Contribution)).ThenBy(c => c.Feature, StringComparer.Ordinal).ToList();
        var bias = new FeatureContribution($"bias ({Scheme.NameOf(chosen)} vs {Scheme.NameOf(other)} before reading the text)", ContributionKind.Bias,
            beta * ((double)_bias[chosen] - _bias[other]));
        var otherContribution = new FeatureContribution(
            $"other features (n-grams from fewer than {Vocabulary.MinAuthors} authors, or not kept)", ContributionKind.Other, rest);
        return new TriageExplanation(result, other, difference, bias, otherContribution, all.Take(top).ToList(), all);
    }

    /// <inheritdoc />
    public IReadOnlyList<TriageResult> TriageBatch(IReadOnlyList<ForumMessage> messages, CancellationToken cancellationToken = default) =>
        Scoring.BatchScorer.Triage(this, messages, options: null, cancellationToken);

    /// <summary>Writes the model to a stream in the PeerTriage model format (<c>.ptm</c>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ModelFile.Write(this, stream);
    }

    /// <summary>
    /// Writes the model to a file. The file is written to a temporary name first and then moved into place, so a
    /// crash never leaves a half-written model under <paramref name="path"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string temp = full + ".tmp-" + Environment.ProcessId;
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                ModelFile.Write(this, stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    /// <summary>Reads a model written by <see cref="Save(Stream)"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ModelFormatException">The bytes are not a valid model; the message says what is wrong.</exception>
    public static TriageModel Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ModelFile.Read(stream, sourceName: null);
    }

    /// <summary>Reads a model file.</summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFormatException">The file is not a valid model; the message names the file and the problem.</exception>
    public static TriageModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return ModelFile.Read(stream, path);
    }
}
