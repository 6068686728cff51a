using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using PeerTriage.Features;

namespace PeerTriage.Learning;

/// <summary>
/// The one linear-softmax kernel: bias + Σ value·weight over a sparse row (and a dense vector), an optional second stage
/// over [ln text probabilities, dense features], the calibration factor and the softmax. Scoring, explanations and
/// training's predictions all read their logits through it, so they cannot drift apart.
/// </summary>
/// <remarks>
/// Scoring accumulates in single precision; training's batch predictions (<see cref="Predict"/>) in double precision,
/// as the solver that fitted the weights does. Both run the same row loop (<see cref="AddRow{T}"/>); the figures and
/// thresholds fitted on out-of-fold predictions depend on the double-precision bits, so the two are kept apart.
/// </remarks>
internal sealed class LinearScorer(int classes, float[] table, float[] bias, float[] denseWeights, float[]? stage2, float[]? stage2Bias, float inverseTemperature,
    TreeEnsemble? trees = null)
{
    /// <summary>Stacked inputs up to this long live on the stack while scoring; longer ones in a per-thread buffer.</summary>
    private const int MaxStackedOnStack = 512;

    [ThreadStatic]
    private static float[]? t_stacked;

    /// <summary>
    /// Text probabilities below this are clipped before the logarithm that a two-stage model's second stage reads, in
    /// training and in scoring alike (<see cref="StackedInput"/>).
    /// </summary>
    private const float MinStackedProbability = 1e-6f;

    // The model's weights are laid out feature-major, weights[feature * classes + k]: the table's features are hashed
    // buckets (the text stage's when two-stage), the dense weights' are dense features (one stage only), and the
    // second stage's are [ln text probabilities, dense features]. A model checks its own shapes.

    /// <summary>One stage over the table's columns only, uncalibrated: a solver's solution. The table may be longer
    /// than its rows (a lent training buffer).</summary>
    public LinearScorer(int classes, float[] table, float[] bias)
        : this(classes, table, bias, [], null, null, 1f)
    {
    }

    public int Classes => classes;

    /// <summary>The hashed-feature weights, column-major; the text stage's when two-stage.</summary>
    public float[] Table => table;

    /// <summary>The bias per class (of the text stage when two-stage).</summary>
    public float[] Bias => bias;

    /// <summary>One stage: dense-feature weights (feature × classes). Two stages: empty.</summary>
    public float[] Dense => denseWeights;

    /// <summary>Two stages: weights over [ln text probabilities, dense features] × classes. One stage: null.</summary>
    public float[]? Stage2 => stage2;

    /// <summary>Two stages: the second stage's bias. One stage: null.</summary>
    public float[]? Stage2Bias => stage2Bias;

    /// <summary>Two stages with a learner's second stage: its trees over [ln text probabilities, dense features]. Otherwise null.</summary>
    public TreeEnsemble? Trees => trees;

    /// <summary>The calibration factor 1/T the final logits are multiplied by.</summary>
    public float InverseTemperature => inverseTemperature;

    /// <summary>ln p, with p clipped from below: what the second stage reads for each text probability.</summary>
    public static float StackedInput(float probability) => MathF.Log(Math.Max(probability, MinStackedProbability));

    /// <summary>
    /// Writes the calibrated probabilities of one message (sparse features, then dense features) into the first
    /// <see cref="Classes"/> entries of <paramref name="probabilities"/>. The scoring hot path: allocates nothing.
    /// </summary>
    public void Score(ReadOnlySpan<int> buckets, ReadOnlySpan<float> values, ReadOnlySpan<float> dense, Span<float> probabilities)
    {
        int k = classes;
        Span<float> logits = probabilities[..k];
        TextLogits(buckets, values, logits);
        if (trees is not null)
            TreeStage(dense, logits);
        else if (stage2 is null)
            AddDense(dense, denseWeights, logits);
        else
            SecondStage(dense, logits);
        if (inverseTemperature != 1f)
        {
            for (int c = 0; c < k; c++)
                logits[c] *= inverseTemperature;
        }
        Softmax.InPlace(logits);
    }

    /// <summary>bias + Σ value·weight over the sparse features: the whole model's logits before the dense features
    /// when one stage, the text stage's logits when two. Hot path.</summary>
    /// <remarks>
    /// With four levels one weight row is one <see cref="Vector128{T}"/>: a single load and multiply-add per feature,
    /// with the running logits in a register. The additions happen in the same order and with the same separate
    /// multiply and add as the scalar loop, so both give bit-identical results.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void TextLogits(ReadOnlySpan<int> buckets, ReadOnlySpan<float> values, Span<float> logits)
    {
        int k = classes;
        logits = logits[..k];
        values = values[..buckets.Length];
        if (k == 4 && Vector128.IsHardwareAccelerated)
        {
            ref float weights = ref MemoryMarshal.GetArrayDataReference(table);
            uint mask = (uint)(table.Length / 4) - 1; // bucket count is a power of two; masking keeps reads in the array
            Vector128<float> sum = Vector128.Create((ReadOnlySpan<float>)bias);
            for (int i = 0; i < buckets.Length; i++)
            {
                Vector128<float> row = Vector128.LoadUnsafe(ref weights, ((uint)buckets[i] & mask) * 4);
                sum += Vector128.Create(values[i]) * row;
            }
            sum.CopyTo(logits);
        }
        else
        {
            bias.AsSpan().CopyTo(logits);
            AddRow(table, k, buckets, values, null, logits);
        }
    }

    /// <summary>
    /// Adds Σ value·weight of a sparse row to <paramref name="logits"/>, feature by feature in row order. <paramref name="featureOf"/>
    /// maps a column to its weight row, or to −1 for a column without weights (null: the column is the row). Hot path:
    /// <typeparamref name="T"/> is float when scoring and double for training's predictions; the products and sums are
    /// the same separate multiply and add in either precision.
    /// </summary>
    private static void AddRow<T>(ReadOnlySpan<float> weights, int k, ReadOnlySpan<int> columns, ReadOnlySpan<float> values, int[]? featureOf, Span<T> logits)
        where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < columns.Length; i++)
        {
            int feature = featureOf is null ? columns[i] : featureOf[columns[i]];
            if (feature < 0)
                continue;
            ReadOnlySpan<float> row = weights.Slice(feature * k, k);
            T v = T.CreateTruncating(values[i]);
            for (int c = 0; c < row.Length; c++)
                logits[c] += v * T.CreateTruncating(row[c]);
        }
    }

    private static void AddDense(ReadOnlySpan<float> dense, ReadOnlySpan<float> weights, Span<float> logits)
    {
        int k = logits.Length;
        for (int j = 0; j < dense.Length; j++)
        {
            float v = dense[j];
            if (v == 0)
                continue;
            ReadOnlySpan<float> row = weights.Slice(j * k, k);
            for (int c = 0; c < k; c++)
                logits[c] += v * row[c];
        }
    }

    /// <summary>Replaces the text stage's logits with the second stage's: its bias + Σ z·V over z = [ln p_text, dense].</summary>
    private void SecondStage(ReadOnlySpan<float> dense, Span<float> logits)
    {
        int k = logits.Length;
        Span<float> z = stackalloc float[PriorityScheme.MaxLevels];
        z = z[..k];
        logits.CopyTo(z);
        Softmax.InPlace(z);
        for (int c = 0; c < k; c++)
            z[c] = StackedInput(z[c]);
        stage2Bias.AsSpan().CopyTo(logits);
        AddDense(z, stage2, logits);
        AddDense(dense, stage2.AsSpan(k * k), logits);
    }

    /// <summary>Replaces the text stage's logits with the trees' over z = [ln p_text, dense]. Hot path: allocates nothing
    /// (z lives on the stack, or for very many dense features in a buffer kept per thread).</summary>
    private void TreeStage(ReadOnlySpan<float> dense, Span<float> logits)
    {
        int k = logits.Length;
        int width = k + dense.Length;
        Span<float> z = width <= MaxStackedOnStack ? stackalloc float[MaxStackedOnStack] : (t_stacked is { } buffer && buffer.Length >= width ? buffer : t_stacked = new float[width]);
        z = z[..width];
        StackedInputs(logits, dense, z);
        trees!.Evaluate(z, logits);
    }

    /// <summary>z = [ln softmax(text logits), dense]: what a second stage reads. <paramref name="z"/> is k + dense long.</summary>
    public static void StackedInputs(ReadOnlySpan<float> textLogits, ReadOnlySpan<float> dense, Span<float> z)
    {
        int k = textLogits.Length;
        var p = z[..k];
        textLogits.CopyTo(p);
        Softmax.InPlace(p);
        for (int c = 0; c < k; c++)
            p[c] = StackedInput(p[c]);
        dense.CopyTo(z[k..]);
    }

    /// <summary>
    /// Writes P(class | row), uncalibrated and in double precision, for the given rows of <paramref name="x"/> (null: all),
    /// row-major. <paramref name="featureOf"/> maps a column to its weight row, or to −1 for a column without weights
    /// (null: the column is the row).
    /// </summary>
    public void Predict(SparseMatrix x, int[]? rows, int[]? featureOf, Span<float> probabilities)
    {
        int k = classes;
        int n = rows?.Length ?? x.Rows;
        if (probabilities.Length != (long)n * k)
            throw new ArgumentException($"Expected room for {n} × {k} probabilities; got {probabilities.Length}.", nameof(probabilities));

        Span<double> scores = k <= 256 ? stackalloc double[k] : new double[k];
        int[] rowStart = x.RowStart;
        for (int r = 0; r < n; r++)
        {
            int source = rows is null ? r : rows[r];
            if ((uint)source >= (uint)x.Rows)
                throw new ArgumentOutOfRangeException(nameof(rows), source, $"Row index must be in [0, {x.Rows}).");
            for (int c = 0; c < k; c++)
                scores[c] = bias[c];
            int start = rowStart[source], length = rowStart[source + 1] - start;
            AddRow(table, k, x.Indices.AsSpan(start, length), x.Values.AsSpan(start, length), featureOf, scores);
            Softmax.ToProbabilities(scores, probabilities.Slice(r * k, k));
        }
    }
}
