using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using PeerTriage.Features;

namespace PeerTriage.Learning;

/// <summary>
/// The L2-regularized, weighted softmax cross-entropy, as an <see cref="ILbfgsObjective"/> over the row span of X.
/// </summary>
/// <remarks>
/// <para><b>Why the row span.</b> The gradient of the loss with respect to the weights W (F'×K) is Xᵀ R, with R the
/// rows×K matrix of ∂loss/∂score, and the L2 term adds λW. Starting from W = 0, every L-BFGS vector is therefore Xᵀ
/// times some rows×K matrix, so we store that matrix A instead of W = XᵀA, with the inner product
/// ⟨A, B⟩ = ⟨XᵀA, XᵀB⟩ = A · (X Xᵀ B). The iterates are those of plain L-BFGS on W, but its vectors have rows·K entries
/// instead of F'·K (40 thousand instead of 4 million for 10k documents over 2^20 hashed columns). The scores are the image
/// X W = X Xᵀ A, so trial points of the line search cost O(rows·K); only the image of each new gradient needs the two
/// sparse passes.</para>
/// <para>Coordinates: x = [A (rows × K, row-major) | bias (K)]; image M·x = [X Xᵀ A | bias].</para>
/// <para><b>Sparse passes.</b> Only columns that occur in rows of positive weight take part; they are renumbered
/// 0..F'−1 in ascending order (<see cref="UsedColumns"/>) and the entries are copied column-major. Walking features in
/// order touches the F'×K intermediate sequentially while the rows×K buffers stay in cache.</para>
/// <para><b>Determinism.</b> Parallel work is split into a fixed number of parts that depends only on the data:
/// contiguous feature bands, and contiguous row blocks for adding up the bands' partial scores in band order. So the
/// result is bit-identical for any degree of parallelism.</para>
/// </remarks>
internal sealed class SoftmaxObjective : ILbfgsObjective
{
    /// <summary>Upper bound on bands and row blocks; fixed so that the summation order never depends on the machine.</summary>
    public const int MaxParts = 16;

    /// <summary>Smaller problems get fewer bands, so the per-part overhead stays small.</summary>
    public const int DefaultMinEntriesPerBand = 32_768;

    // Caps the per-band score buffers (bands × rows × K doubles) at 64 MB; very tall problems get fewer bands.
    private const long MaxBandScoreDoubles = 8L << 20;

    // Entries per chunk when building the column-major copy: 4 MB of split buffers, whatever the matrix's size.
    private const int ChunkEntries = 1 << 18;

    private readonly int _rows;
    private readonly int _classes;
    private readonly double _l2;
    private readonly int[] _labels;
    private readonly double[] _rowWeights; // s_i / Σ s, so the loss is already a mean
    private readonly double[] _probabilities; // scratch, K

    // CSC over compact features: feature f has entries _featureStart[f] .. _featureStart[f + 1] - 1, in row order.
    private readonly int[] _featureStart;
    private readonly int[] _entryRow;
    private readonly float[] _entryValue;

    private readonly int[] _bandStart;       // feature boundaries, length bands + 1
    private readonly int[] _blockStart;      // row boundaries, length blocks + 1
    private readonly double[] _rowVector;    // rows × K: input of Xᵀ·, output of X·
    private readonly double[] _featureVector; // F' × K
    private readonly double[][] _bandScores; // per band: that band's share of X · _featureVector

    private readonly ParallelOptions _parallelOptions;
    private readonly Action<int> _transposeProduct, _product, _addBands; // cached so passes do not allocate delegates

    /// <summary>
    /// Prepares the objective. <paramref name="rowWeights"/> holds each row's non-negative weight (class weight times
    /// sample weight); rows of weight 0 are ignored. <paramref name="minEntriesPerBand"/> exists for tests.
    /// </summary>
    public SoftmaxObjective(SparseMatrix x, ReadOnlySpan<int> labels, ReadOnlySpan<double> rowWeights, int classes, double l2,
        int maxDegreeOfParallelism, int minEntriesPerBand = DefaultMinEntriesPerBand)
        : this(x, null, labels, rowWeights, classes, l2, maxDegreeOfParallelism, minEntriesPerBand)
    {
    }

    /// <summary>
    /// The objective over the given rows of <paramref name="x"/> (null: all), in that order, repeats allowed: the same as
    /// over <c>x.SelectRows(rows)</c>, without copying the matrix. Labels and row weights are per selected row. The large
    /// buffers come from <paramref name="workspace"/> when given, and are only valid until its next fit.
    /// </summary>
    public SoftmaxObjective(SparseMatrix x, int[]? rows, ReadOnlySpan<int> labels, ReadOnlySpan<double> rowWeights, int classes, double l2,
        int maxDegreeOfParallelism, int minEntriesPerBand = DefaultMinEntriesPerBand, SoftmaxWorkspace? workspace = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDegreeOfParallelism, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minEntriesPerBand, 1);
        int selected = rows?.Length ?? x.Rows;
        if (labels.Length != selected || rowWeights.Length != selected)
            throw new ArgumentException($"Expected {selected} labels and row weights; got {labels.Length} and {rowWeights.Length}.");
        foreach (int row in rows ?? [])
        {
            if ((uint)row >= (uint)x.Rows)
                throw new ArgumentOutOfRangeException(nameof(rows), row, $"Row index must be in [0, {x.Rows}).");
        }
        foreach (int label in labels)
        {
            if ((uint)label >= (uint)classes)
                throw new ArgumentException($"Label {label} is outside [0, {classes}).", nameof(labels));
        }
        double total = 0;
        foreach (double w in rowWeights)
        {
            if (!(w >= 0) || !double.IsFinite(w))
                throw new ArgumentException("Row weights must be finite and non-negative.", nameof(rowWeights));
            total += w;
        }
        if (!(total > 0) || !double.IsFinite(total))
            throw new ArgumentException("The row weights must have a positive, finite sum.", nameof(rowWeights));
        if ((long)(selected + 1) * classes > Array.MaxLength)
            throw new ArgumentException($"{selected} rows × {classes} classes is too many for one array.", nameof(x));

        _rows = selected;
        _classes = classes;
        _l2 = l2;
        _labels = labels.ToArray();
        _rowWeights = new double[_rows];
        for (int r = 0; r < _rows; r++)
            _rowWeights[r] = rowWeights[r] / total;
        _probabilities = new double[classes];

        _parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        workspace ??= new SoftmaxWorkspace();
        (UsedColumns, _featureStart, FeatureOfColumn) = CountColumns(x, rows, _rowWeights, workspace.FeatureOfColumn(x.Columns));
        if ((long)UsedColumns.Length * classes > Array.MaxLength)
            throw new ArgumentException($"{UsedColumns.Length} used columns × {classes} classes is too many for one array.", nameof(x));
        Dimension = (_rows + 1) * classes;

        long rowScores = (long)_rows * classes;
        int bands = (int)Math.Clamp(Math.Min(_featureStart[^1] / minEntriesPerBand, MaxBandScoreDoubles / Math.Max(1, rowScores)), 1, MaxParts);
        _bandStart = Split(_featureStart, bands);
        (_entryRow, _entryValue) = FillColumns(x, rows, FeatureOfColumn, workspace);
        int blocks = Math.Clamp(_rows / 256, 1, MaxParts);
        _blockStart = new int[blocks + 1];
        for (int b = 0; b <= blocks; b++)
            _blockStart[b] = (int)((long)_rows * b / blocks);
        _rowVector = new double[rowScores];
        _featureVector = workspace.FeatureVector(UsedColumns.Length * classes);
        _bandScores = new double[bands][];
        for (int b = 0; b < bands; b++)
            _bandScores[b] = workspace.BandScores(b, (int)rowScores);

        _transposeProduct = TransposeProduct;
        _product = Product;
        _addBands = AddBands;
    }

    /// <summary>Compact feature f corresponds to input column UsedColumns[f].</summary>
    public int[] UsedColumns { get; }

    /// <summary>
    /// The inverse of <see cref="UsedColumns"/>: each input column's compact feature, or −1 when it is not used. May be
    /// longer than the matrix is wide.
    /// </summary>
    public int[] FeatureOfColumn { get; }

    /// <summary>(rows + 1) · K: the coefficients A and the biases.</summary>
    public int Dimension { get; }

    public int BandCount => _bandStart.Length - 1;

    public int BlockCount => _blockStart.Length - 1;

    /// <summary>
    /// Objective (Σ s_i·CE_i)/(Σ s_i) + (λ/2)‖W‖² at x = [A | bias], from the scores X W = image[..rows·K].
    /// Gradient coordinates: R + λA for A (R = ∂loss/∂scores), Σ_rows R for the biases. Costs O(rows · K).
    /// </summary>
    public double Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> image, Span<double> gradient)
    {
        int k = _classes, n = _rows * k;
        ReadOnlySpan<double> bias = x[n..];
        Span<double> biasGradient = gradient[n..];
        Span<double> p = _probabilities;
        biasGradient.Clear();
        double loss = 0, squaredNorm = 0; // ‖W‖² = A · X Xᵀ A
        for (int r = 0, at = 0; r < _rows; r++, at += k)
        {
            double s = _rowWeights[r];
            for (int c = 0; c < k; c++)
            {
                squaredNorm += x[at + c] * image[at + c];
                gradient[at + c] = _l2 * x[at + c];
            }
            if (s == 0)
                continue;

            // Stable log-sum-exp: shift by the largest score.
            for (int c = 0; c < k; c++)
                p[c] = image[at + c] + bias[c];
            int label = _labels[r];
            double max = p[0], labelScore = p[label], sum = 0;
            for (int c = 1; c < k; c++)
                max = Math.Max(max, p[c]);
            for (int c = 0; c < k; c++)
            {
                p[c] = Math.Exp(p[c] - max);
                sum += p[c];
            }
            loss += s * (max + Math.Log(sum) - labelScore);

            // ∂loss/∂score_c = s · (p_c − [c = label]).
            for (int c = 0; c < k; c++)
            {
                double residual = s * (p[c] / sum) - (c == label ? s : 0);
                gradient[at + c] += residual;
                biasGradient[c] += residual;
            }
        }
        return loss + 0.5 * _l2 * squaredNorm;
    }

    /// <summary>image = [X Xᵀ A | bias]: one pass for Xᵀ A, one for X times that.</summary>
    public void Image(ReadOnlySpan<double> v, Span<double> image)
    {
        int n = _rows * _classes;
        v[n..].CopyTo(image[n..]);
        if (!v[..n].ContainsAnyExcept(0.0))
        {
            image[..n].Clear(); // the usual starting point; spares two passes
            return;
        }
        v[..n].CopyTo(_rowVector);
        Run(BandCount, _transposeProduct);
        Run(BandCount, _product);
        Run(BlockCount, _addBands);
        _rowVector.CopyTo(image[..n]);
    }

    /// <summary>The weights W = Xᵀ A over the compact features (feature-major, F' × K), then the K biases.</summary>
    public double[] ToFeatureSpace(ReadOnlySpan<double> x)
    {
        var weights = FeatureWeights(x);
        var theta = new double[weights.Length + _classes];
        weights.CopyTo(theta);
        x[(_rows * _classes)..].CopyTo(theta.AsSpan(weights.Length));
        return theta;
    }

    /// <summary>The weights W = Xᵀ A over the compact features (feature-major, F' × K), in a buffer the next product overwrites.</summary>
    public ReadOnlySpan<double> FeatureWeights(ReadOnlySpan<double> x)
    {
        x[..(_rows * _classes)].CopyTo(_rowVector);
        Run(BandCount, _transposeProduct);
        return _featureVector.AsSpan(0, UsedColumns.Length * _classes);
    }

    private void Run(int parts, Action<int> body)
    {
        if (parts == 1 || _parallelOptions.MaxDegreeOfParallelism == 1)
        {
            for (int i = 0; i < parts; i++)
                body(i);
        }
        else
        {
            Parallel.For(0, parts, _parallelOptions, body);
        }
    }

    /// <summary>_featureVector[f] = Σ_rows x[row, f] · _rowVector[row], for this band's features.</summary>
    private void TransposeProduct(int band)
    {
        int k = _classes;
        int[] rows = _entryRow;
        float[] values = _entryValue;
        double[] input = _rowVector, output = _featureVector;
        if (k == 4)
        {
            // Same arithmetic as the general loop (multiply, then add; no fused multiply-add), four classes at a time.
            ref double from = ref MemoryMarshal.GetArrayDataReference(input);
            ref double to = ref MemoryMarshal.GetArrayDataReference(output);
            for (int f = _bandStart[band]; f < _bandStart[band + 1]; f++)
            {
                var sum = Vector256<double>.Zero;
                for (int e = _featureStart[f]; e < _featureStart[f + 1]; e++)
                    sum += Vector256.Create((double)values[e]) * Vector256.LoadUnsafe(ref from, (nuint)rows[e] * 4);
                sum.StoreUnsafe(ref to, (nuint)f * 4);
            }
            return;
        }
        for (int f = _bandStart[band]; f < _bandStart[band + 1]; f++)
        {
            Span<double> sum = output.AsSpan(f * k, k);
            sum.Clear();
            for (int e = _featureStart[f]; e < _featureStart[f + 1]; e++)
            {
                int at = rows[e] * k;
                double v = values[e];
                for (int c = 0; c < k; c++)
                    sum[c] += v * input[at + c];
            }
        }
    }

    /// <summary>This band's share of X · _featureVector, into its own buffer.</summary>
    private void Product(int band)
    {
        int k = _classes;
        int[] rows = _entryRow;
        float[] values = _entryValue;
        double[] input = _featureVector, output = _bandScores[band];
        Array.Clear(output, 0, _rowVector.Length);
        if (k == 4)
        {
            ref double from = ref MemoryMarshal.GetArrayDataReference(input);
            ref double to = ref MemoryMarshal.GetArrayDataReference(output);
            for (int f = _bandStart[band]; f < _bandStart[band + 1]; f++)
            {
                var w = Vector256.LoadUnsafe(ref from, (nuint)f * 4);
                for (int e = _featureStart[f]; e < _featureStart[f + 1]; e++)
                {
                    nuint at = (nuint)rows[e] * 4;
                    (Vector256.LoadUnsafe(ref to, at) + Vector256.Create((double)values[e]) * w).StoreUnsafe(ref to, at);
                }
            }
            return;
        }
        for (int f = _bandStart[band]; f < _bandStart[band + 1]; f++)
        {
            ReadOnlySpan<double> w = input.AsSpan(f * k, k);
            for (int e = _featureStart[f]; e < _featureStart[f + 1]; e++)
            {
                int at = rows[e] * k;
                double v = values[e];
                for (int c = 0; c < k; c++)
                    output[at + c] += v * w[c];
            }
        }
    }

    /// <summary>_rowVector = Σ_bands partial scores, in band order, for one block of rows.</summary>
    private void AddBands(int block)
    {
        int from = _blockStart[block] * _classes, to = _blockStart[block + 1] * _classes;
        Array.Copy(_bandScores[0], from, _rowVector, from, to - from);
        for (int b = 1; b < _bandScores.Length; b++)
        {
            double[] part = _bandScores[b];
            for (int i = from; i < to; i++)
                _rowVector[i] += part[i];
        }
    }

    /// <summary>
    /// Finds the columns used by positively weighted rows and numbers them 0..F'−1 in ascending order. Returns them,
    /// the offsets of each feature's entries in the column-major copy, and the map column → feature (−1 for unused).
    /// </summary>
    private static (int[] Used, int[] FeatureStart, int[] CompactOf) CountColumns(SparseMatrix x, int[]? rows, double[] rowWeights, int[] counts)
    {
        Array.Clear(counts, 0, x.Columns);
        for (int r = 0; r < rowWeights.Length; r++)
        {
            if (rowWeights[r] == 0)
                continue;
            int row = rows is null ? r : rows[r];
            for (int j = x.RowStart[row]; j < x.RowStart[row + 1]; j++)
                counts[x.Indices[j]]++;
        }

        int features = 0;
        for (int column = 0; column < x.Columns; column++)
            features += counts[column] > 0 ? 1 : 0;
        var used = new int[features];
        var featureStart = new int[features + 1];
        for (int column = 0, f = 0; column < x.Columns; column++)
        {
            if (counts[column] == 0)
            {
                counts[column] = -1;
                continue;
            }
            featureStart[f + 1] = featureStart[f] + counts[column];
            used[f] = column;
            counts[column] = f++; // from here on: the column's feature number
        }
        return (used, featureStart, counts);
    }

    /// <summary>
    /// The column-major copy of the entries of positively weighted rows; within a feature, entries are in row order.
    /// </summary>
    /// <remarks>
    /// Scattering each entry straight to its feature's slot would touch a random cache line per entry. Instead the
    /// entries are first split by band (a few sequential streams, row order kept), then each band is scattered within
    /// its own much smaller region, bands in parallel. This runs over chunks of rows, so the split needs buffers of
    /// one chunk rather than three more arrays as large as the matrix.
    /// </remarks>
    private (int[] EntryRow, float[] EntryValue) FillColumns(SparseMatrix x, int[]? rows, int[] compactOf, SoftmaxWorkspace workspace)
    {
        int entries = _featureStart[^1], bands = _bandStart.Length - 1;
        var bandOf = new byte[_featureStart.Length - 1];
        for (int b = 0; b < bands; b++)
            bandOf.AsSpan(_bandStart[b], _bandStart[b + 1] - _bandStart[b]).Fill((byte)b);

        int longest = 0;
        for (int r = 0; r < x.Rows; r++)
            longest = Math.Max(longest, x.RowStart[r + 1] - x.RowStart[r]);
        int capacity = Math.Min(entries, Math.Max(longest, ChunkEntries));
        var chunkFeature = workspace.ChunkFeature(capacity);
        var byBandFeature = workspace.ChunkBandFeature(capacity);
        var byBandRow = workspace.ChunkRow(capacity);
        var byBandValue = workspace.ChunkValue(capacity);
        var bandStart = new int[bands + 1];
        var cursor = new int[bands];
        var next = (int[])_featureStart.Clone();
        var entryRow = workspace.EntryRow(entries);
        var entryValue = workspace.EntryValue(entries);
        Action<int> scatter = band =>
        {
            for (int e = bandStart[band]; e < bandStart[band + 1]; e++)
            {
                int at = next[byBandFeature[e]]++;
                entryRow[at] = byBandRow[e];
                entryValue[at] = byBandValue[e];
            }
        };

        for (int first = 0; first < _rows;)
        {
            // The chunk: rows first .. last − 1, holding at most capacity entries.
            int last = first, used = 0;
            Array.Clear(bandStart);
            for (; last < _rows; last++)
            {
                if (_rowWeights[last] == 0)
                    continue;
                int row = rows is null ? last : rows[last];
                int start = x.RowStart[row], length = x.RowStart[row + 1] - start;
                if (used + length > capacity)
                    break;
                // Look up the whole chunk first: these random reads then overlap, instead of waiting on the cursor updates.
                for (int i = 0; i < length; i++)
                {
                    int f = compactOf[x.Indices[start + i]];
                    chunkFeature[used + i] = f;
                    bandStart[bandOf[f] + 1]++;
                }
                used += length;
            }
            for (int b = 0; b < bands; b++)
            {
                bandStart[b + 1] += bandStart[b];
                cursor[b] = bandStart[b];
            }
            for (int r = first, k = 0; r < last; r++)
            {
                if (_rowWeights[r] == 0)
                    continue;
                int row = rows is null ? r : rows[r];
                int start = x.RowStart[row], length = x.RowStart[row + 1] - start;
                for (int i = 0; i < length; i++, k++)
                {
                    int f = chunkFeature[k];
                    int at = cursor[bandOf[f]]++;
                    byBandFeature[at] = f;
                    byBandRow[at] = r;
                    byBandValue[at] = x.Values[start + i];
                }
            }
            Run(bands, scatter);
            first = last;
        }
        return (entryRow, entryValue);
    }

    /// <summary>Cuts 0..n−1 (n = starts.Length − 1) into <paramref name="parts"/> ranges of about equal weight, given cumulative weights.</summary>
    private static int[] Split(int[] starts, int parts)
    {
        int n = starts.Length - 1;
        var bounds = new int[parts + 1];
        bounds[parts] = n;
        for (int p = 1, i = 0; p < parts; p++)
        {
            long target = (long)starts[n] * p / parts;
            while (i < n && starts[i] < target)
                i++;
            bounds[p] = i;
        }
        return bounds;
    }
}
