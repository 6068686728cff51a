namespace PeerTriage.Learning;

/// <summary>
/// The L2-regularized, weighted softmax cross-entropy and its gradient, over a compacted parameter vector.
/// </summary>
/// <remarks>
/// <para>Only columns that occur in rows of positive weight are parameters; they are renumbered 0..F'−1 in ascending
/// column order (<see cref="UsedColumns"/>). The vector is feature-major: θ[f·K + k] for f &lt; F', then the K biases.</para>
/// <para>For the parallel gradient the rows are cut into a fixed number of contiguous chunks that depends only on the
/// data. Each chunk keeps its own local copy of the weights it touches and its own partial gradient, and the partial
/// results are added up in chunk order, so the result is bit-identical for any degree of parallelism.</para>
/// </remarks>
internal sealed class SoftmaxObjective
{
    /// <summary>Upper bound on chunks; fixed so that the summation order never depends on the machine.</summary>
    public const int MaxChunks = 16;

    /// <summary>Smaller problems get fewer chunks, so the per-chunk overhead stays small.</summary>
    public const int DefaultMinEntriesPerChunk = 32_768;

    private readonly SparseMatrix _x;
    private readonly int[] _labels;
    private readonly double[] _rowWeights; // s_i / Σ s, so the loss is already a mean
    private readonly int _classes;
    private readonly double _l2;
    private readonly int[] _localIndex; // per entry: the column's index within its chunk
    private readonly Chunk[] _chunks;
    private readonly ParallelOptions _parallelOptions;
    private readonly Action<int> _evaluateChunk;
    private double[] _theta = [];

    /// <summary>
    /// Prepares the objective. <paramref name="rowWeights"/> holds each row's non-negative weight (class weight times
    /// sample weight); rows of weight 0 are ignored. <paramref name="minEntriesPerChunk"/> exists for tests.
    /// </summary>
    public SoftmaxObjective(SparseMatrix x, ReadOnlySpan<int> labels, ReadOnlySpan<double> rowWeights, int classes, double l2,
        int maxDegreeOfParallelism, int minEntriesPerChunk = DefaultMinEntriesPerChunk)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDegreeOfParallelism, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minEntriesPerChunk, 1);
        if (labels.Length != x.Rows || rowWeights.Length != x.Rows)
            throw new ArgumentException($"Expected {x.Rows} labels and row weights; got {labels.Length} and {rowWeights.Length}.");
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

        _x = x;
        _labels = labels.ToArray();
        _rowWeights = new double[x.Rows];
        for (int r = 0; r < x.Rows; r++)
            _rowWeights[r] = rowWeights[r] / total;
        _classes = classes;
        _l2 = l2;

        UsedColumns = FindUsedColumns();
        _localIndex = new int[x.NonZeros];
        _chunks = CreateChunks(minEntriesPerChunk);
        Dimension = (UsedColumns.Length + 1) * classes;
        _parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        _evaluateChunk = c => EvaluateChunk(_chunks[c]); // cached so evaluations do not allocate a delegate
    }

    /// <summary>Compact feature f corresponds to input column UsedColumns[f].</summary>
    public int[] UsedColumns { get; }

    /// <summary>Length of the parameter vector: (F' + 1) · K.</summary>
    public int Dimension { get; }

    public int ChunkCount => _chunks.Length;

    /// <summary>Objective at <paramref name="theta"/>; writes the gradient. Matches <see cref="ObjectiveFunction"/>.</summary>
    public double Evaluate(double[] theta, double[] gradient)
    {
        if (theta.Length != Dimension || gradient.Length != Dimension)
            throw new ArgumentException($"Expected vectors of length {Dimension}.");

        _theta = theta;
        try
        {
            if (_parallelOptions.MaxDegreeOfParallelism == 1 || _chunks.Length == 1)
            {
                for (int c = 0; c < _chunks.Length; c++)
                    EvaluateChunk(_chunks[c]);
            }
            else
            {
                Parallel.For(0, _chunks.Length, _parallelOptions, _evaluateChunk);
            }
        }
        finally
        {
            _theta = [];
        }

        // Fixed-order reduction: this is what makes the sum independent of thread scheduling.
        int k = _classes, biasOffset = Dimension - k;
        Array.Clear(gradient);
        double loss = 0;
        foreach (var chunk in _chunks)
        {
            loss += chunk.Loss;
            int[] columns = chunk.Columns;
            double[] partial = chunk.Gradient;
            for (int l = 0; l < columns.Length; l++)
            {
                int to = columns[l] * k, from = l * k;
                for (int c = 0; c < k; c++)
                    gradient[to + c] += partial[from + c];
            }
            for (int c = 0; c < k; c++)
                gradient[biasOffset + c] += chunk.BiasGradient[c];
        }

        double squares = 0;
        for (int i = 0; i < biasOffset; i++)
        {
            squares += theta[i] * theta[i];
            gradient[i] += _l2 * theta[i];
        }
        return loss + 0.5 * _l2 * squares;
    }

    private void EvaluateChunk(Chunk chunk)
    {
        int k = _classes, biasOffset = Dimension - k;
        double[] theta = _theta, weights = chunk.Weights, partial = chunk.Gradient, scores = chunk.Scores, biasGradient = chunk.BiasGradient;
        int[] columns = chunk.Columns, rowStart = _x.RowStart, local = _localIndex;
        float[] values = _x.Values;

        // Gather the weights this chunk touches into a small dense block (cache-friendly, no shared writes).
        for (int l = 0; l < columns.Length; l++)
            Array.Copy(theta, columns[l] * k, weights, l * k, k);
        Array.Clear(partial);
        Array.Clear(biasGradient);

        double loss = 0;
        for (int r = chunk.FirstRow; r < chunk.EndRow; r++)
        {
            double s = _rowWeights[r];
            if (s == 0)
                continue;
            int start = rowStart[r], end = rowStart[r + 1];

            Array.Copy(theta, biasOffset, scores, 0, k);
            for (int j = start; j < end; j++)
            {
                int at = local[j] * k;
                double v = values[j];
                for (int c = 0; c < k; c++)
                    scores[c] += v * weights[at + c];
            }

            // Stable log-sum-exp: shift by the largest score.
            double max = scores[0];
            for (int c = 1; c < k; c++)
                max = Math.Max(max, scores[c]);
            int label = _labels[r];
            double labelScore = scores[label], sum = 0;
            for (int c = 0; c < k; c++)
            {
                scores[c] = Math.Exp(scores[c] - max);
                sum += scores[c];
            }
            loss += s * (max + Math.Log(sum) - labelScore);

            // d(loss)/d(score_c) = s · (p_c − [c = label]); reuse the score buffer for it.
            double scale = s / sum;
            for (int c = 0; c < k; c++)
                scores[c] *= scale;
            scores[label] -= s;
            for (int c = 0; c < k; c++)
                biasGradient[c] += scores[c];

            for (int j = start; j < end; j++)
            {
                int at = local[j] * k;
                double v = values[j];
                for (int c = 0; c < k; c++)
                    partial[at + c] += v * scores[c];
            }
        }
        chunk.Loss = loss;
    }

    private int[] FindUsedColumns()
    {
        var used = new bool[_x.Columns];
        int count = 0;
        for (int r = 0; r < _x.Rows; r++)
        {
            if (_rowWeights[r] == 0)
                continue;
            for (int j = _x.RowStart[r]; j < _x.RowStart[r + 1]; j++)
            {
                int column = _x.Indices[j];
                if (!used[column])
                {
                    used[column] = true;
                    count++;
                }
            }
        }
        var columns = new int[count];
        for (int column = 0, f = 0; column < used.Length; column++)
        {
            if (used[column])
                columns[f++] = column;
        }
        return columns;
    }

    /// <summary>Cuts the rows into chunks of about equal entry counts and builds each chunk's local column map.</summary>
    private Chunk[] CreateChunks(int minEntriesPerChunk)
    {
        int rows = _x.Rows, entries = _x.NonZeros;
        int count = Math.Clamp(entries / minEntriesPerChunk, 1, MaxChunks);
        count = Math.Max(1, Math.Min(count, rows));

        // Full column → compact index, and per chunk: compact index → local index (stamped by chunk to avoid clearing).
        var compact = new int[_x.Columns];
        for (int f = 0; f < UsedColumns.Length; f++)
            compact[UsedColumns[f]] = f;
        var localOf = new int[UsedColumns.Length];
        var stamp = new int[UsedColumns.Length];
        var chunkColumns = new List<int>();

        var chunks = new Chunk[count];
        int firstRow = 0;
        for (int c = 0; c < count; c++)
        {
            // End this chunk at the first row boundary that reaches its share of the entries.
            long target = (long)entries * (c + 1) / count;
            int endRow = firstRow;
            while (endRow < rows && (c == count - 1 || _x.RowStart[endRow] < target))
                endRow++;

            chunkColumns.Clear();
            for (int r = firstRow; r < endRow; r++)
            {
                if (_rowWeights[r] == 0)
                    continue;
                for (int j = _x.RowStart[r]; j < _x.RowStart[r + 1]; j++)
                {
                    int f = compact[_x.Indices[j]];
                    if (stamp[f] != c + 1)
                    {
                        stamp[f] = c + 1;
                        chunkColumns.Add(f);
                    }
                }
            }
            chunkColumns.Sort(); // ascending, so the gathers and the reduction walk memory forward
            for (int l = 0; l < chunkColumns.Count; l++)
                localOf[chunkColumns[l]] = l;
            for (int r = firstRow; r < endRow; r++)
            {
                if (_rowWeights[r] == 0)
                    continue;
                for (int j = _x.RowStart[r]; j < _x.RowStart[r + 1]; j++)
                    _localIndex[j] = localOf[compact[_x.Indices[j]]];
            }

            chunks[c] = new Chunk(firstRow, endRow, chunkColumns.ToArray(), _classes);
            firstRow = endRow;
        }
        return chunks;
    }

    private sealed class Chunk(int firstRow, int endRow, int[] columns, int classes)
    {
        public int FirstRow { get; } = firstRow;
        public int EndRow { get; } = endRow;

        /// <summary>Local index → compact feature index, ascending.</summary>
        public int[] Columns { get; } = columns;

        public double[] Weights { get; } = new double[columns.Length * classes];
        public double[] Gradient { get; } = new double[columns.Length * classes];
        public double[] BiasGradient { get; } = new double[classes];
        public double[] Scores { get; } = new double[classes];
        public double Loss { get; set; }
    }
}
