using PeerTriage.Learning;
using PeerTriage.Lexicons;
using PeerTriage.Text;

namespace PeerTriage.Features;

/// <summary>
/// Runs a <see cref="FeaturePipeline"/>: the message's hashed n-grams plus the hashed context (parent text, board) into
/// the builder's sparse output, and the lexicon and context features into <see cref="FeatureBuilder.Dense"/>.
/// The message is analysed once (<see cref="FeatureBuilder.Analysis"/>) and that one analysis is passed to the n-gram
/// and the lexicon featurizers. A parent post's features come from the per-thread <see cref="ParentFeatureCache"/>.
/// Hot path: no allocation once the per-thread builder has grown to fit.
/// </summary>
internal sealed class PipelineFeaturizer
{
    // Parent n-grams are moved to their own namespace by re-mixing their bucket with this salt.
    private const uint ParentSalt = 0x6A09E667u;

    private readonly NGramFeaturizer _ngrams;
    private readonly LexiconFeaturizer? _lexicons;
    private readonly ContextFeaturizer? _context;
    private readonly PairFeaturizer? _pairs;
    private readonly int _bucketMask;
    private readonly string[] _denseNames;
    private readonly long _id = Interlocked.Increment(ref s_lastId);

    private static long s_lastId;

    public PipelineFeaturizer(FeaturePipeline pipeline, PriorityScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        pipeline.Validate();
        Pipeline = pipeline;
        _ngrams = new NGramFeaturizer(pipeline.NGrams);
        _lexicons = pipeline.Lexicons is null ? null : new LexiconFeaturizer(pipeline.Lexicons);
        _context = pipeline.Context is null ? null : new ContextFeaturizer(pipeline.Context, scheme);
        _pairs = pipeline.Pairs is null ? null : new PairFeaturizer(pipeline.Pairs);
        _bucketMask = (1 << pipeline.NGrams.HashBits) - 1;
        _denseNames = [.. (_lexicons?.FeatureNames ?? []).Concat(_context?.FeatureNames ?? []).Concat(_pairs?.FeatureNames ?? [])];
    }

    public FeaturePipeline Pipeline { get; }

    public NGramFeaturizer NGrams => _ngrams;

    public LexiconFeaturizer? Lexicons => _lexicons;

    /// <summary>The pair featurizer, or null when the pipeline has no pair features.</summary>
    public PairFeaturizer? Pairs => _pairs;

    /// <summary>Index of the first pair feature in the dense vector (after the lexicon and context features).</summary>
    public int PairOffset => (_lexicons?.FeatureCount ?? 0) + (_context?.FeatureCount ?? 0);

    public int Buckets => _bucketMask + 1;

    /// <summary>Names of the dense features, in vector order: lexicon features, then context features, then pair features.</summary>
    public IReadOnlyList<string> DenseNames => _denseNames;

    public int DenseCount => _denseNames.Length;

    /// <summary>
    /// Featurizes a message: sparse features in <see cref="FeatureBuilder.Buckets"/>/<see cref="FeatureBuilder.Values"/>
    /// (the message's n-grams first, then parent and board; buckets may repeat), dense ones in the first
    /// <see cref="DenseCount"/> floats of <see cref="FeatureBuilder.Dense"/>.
    /// </summary>
    /// <returns>The number of sparse features.</returns>
    public int Extract(ForumMessage message, ThreadContext? context, FeatureBuilder builder)
    {
        int extra = 0;
        int parentFeatures = 0;
        if (_context is not null)
        {
            // Before the message's n-grams: a parent featurized on a miss passes through the builder's output arrays.
            if (_context.Options.ParentText && context?.Parent is { } parent)
                extra = parentFeatures = ExtractParent(parent, builder);
            int board = _context.BoardBucket(message, _bucketMask);
            if (board >= 0)
            {
                // Scaled like the dense features: a board is a strong, coarse prior that should not outweigh the text.
                builder.EnsureExtra(extra + 1);
                builder.ExtraBuckets[extra] = board;
                builder.ExtraValues[extra++] = Pipeline.DenseScale;
            }
        }

        TextAnalysis analysis = builder.Analysis;
        _ngrams.Analyze(message, analysis);
        int n = _ngrams.Extract(analysis, builder);
        builder.MessageFeatures = n;
        builder.ParentFeatures = parentFeatures;
        if (_denseNames.Length > 0)
        {
            if (builder.Dense.Length < _denseNames.Length)
                builder.Dense = new float[_denseNames.Length];
            Span<float> dense = builder.Dense.AsSpan(0, _denseNames.Length);
            int at = 0;
            if (_lexicons is not null)
            {
                _lexicons.Featurize(analysis, dense);
                at = _lexicons.FeatureCount;
            }
            if (_context is not null)
            {
                _context.Featurize(message, context, dense[at..]);
                at += _context.FeatureCount;
            }
            _pairs?.Featurize(analysis, context?.Parent, builder.ParentAnalysis, _ngrams, dense[at..]);
            float scale = Pipeline.DenseScale;
            if (scale != 1f)
            {
                for (int j = 0; j < dense.Length; j++)
                    dense[j] *= scale;
            }
        }
        if (extra > 0)
        {
            builder.EnsureOutput(n + extra);
            builder.ExtraBuckets.AsSpan(0, extra).CopyTo(builder.Buckets.AsSpan(n));
            builder.ExtraValues.AsSpan(0, extra).CopyTo(builder.Values.AsSpan(n));
            n += extra;
        }
        return n;
    }

    /// <summary>The parent's n-grams, re-bucketed and weighted, into the builder's extra arrays; from the cache when it has them.</summary>
    private int ExtractParent(ForumMessage parent, FeatureBuilder builder)
    {
        if (!ParentFeatureCache.ForCurrentThread().Lookup(_id, parent, out ParentFeatureCache.Entry entry))
        {
            _ngrams.Analyze(parent, builder.ParentAnalysis);
            int count = _ngrams.Extract(builder.ParentAnalysis, builder);
            entry.Ensure(count);
            float weight = _context!.Options.ParentTextWeight;
            uint mask = (uint)_bucketMask;
            for (int i = 0; i < count; i++)
            {
                entry.Buckets[i] = (int)(FeatureHash.Finish((uint)builder.Buckets[i] ^ ParentSalt) & mask);
                entry.Values[i] = builder.Values[i] * weight;
            }
            entry.Count = count;
        }
        int n = entry.Count;
        builder.EnsureExtra(n + 1);
        entry.Buckets.AsSpan(0, n).CopyTo(builder.ExtraBuckets);
        entry.Values.AsSpan(0, n).CopyTo(builder.ExtraValues);
        return n;
    }

    /// <summary>
    /// The lexicon matches of a message, read exactly as its lexicon features read them (for explanations; allocates).
    /// Empty when the pipeline has no lexicons.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="scratch">An analysis to reuse (its buffers take about 200 KB); null for a new one.</param>
    public IReadOnlyList<LexiconMatch> LexiconMatches(ForumMessage message, TextAnalysis? scratch = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_lexicons is null)
            return [];
        scratch ??= new TextAnalysis();
        _ngrams.Analyze(message, scratch);
        return _lexicons.Matches(scratch);
    }

    /// <summary>Re-buckets a message's own n-gram bucket into the parent namespace (for explanations).</summary>
    public int ParentBucket(int bucket) => (int)(FeatureHash.Finish((uint)bucket ^ ParentSalt) & (uint)_bucketMask);

    /// <summary>
    /// Featurizes many messages: a CSR matrix of the hashed features (sorted, merged buckets) and a row-major dense
    /// matrix of <see cref="DenseCount"/> columns.
    /// </summary>
    /// <param name="messages">The messages.</param>
    /// <param name="contexts">Their contexts, or null for none.</param>
    /// <param name="parallelism">Threads to use.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <param name="dropoutSeed">For training: when the pipeline has <see cref="ContextFeatureOptions.TrainingDropout"/>,
    /// a share of the rows with a context also gets a copy without it, appended after the originals
    /// (<see cref="FeatureMatrix.Copies"/>); the seed picks which. Null (evaluation, scoring): no copies.</param>
    public FeatureMatrix FeaturizeAll(IReadOnlyList<ForumMessage> messages, IReadOnlyList<ThreadContext?>? contexts, int parallelism,
        CancellationToken cancellationToken, int? dropoutSeed = null)
    {
        int[]? copies = null;
        if (dropoutSeed is { } seed && contexts is not null && Pipeline.Context is { TrainingDropout: > 0 } c)
        {
            copies = new int[messages.Count];
            var extraMessages = new List<ForumMessage>(messages);
            var extraContexts = new List<ThreadContext?>(contexts);
            var random = new Random(seed);
            for (int i = 0; i < messages.Count; i++)
            {
                copies[i] = -1;
                if (random.NextDouble() < c.TrainingDropout && contexts[i] is not null)
                {
                    copies[i] = extraMessages.Count;
                    extraMessages.Add(messages[i]);
                    extraContexts.Add(null);
                }
            }
            messages = extraMessages;
            contexts = extraContexts;
        }
        var matrix = FeaturizeRows(messages, contexts, parallelism, cancellationToken);
        matrix.Copies = copies;
        return matrix;
    }

    /// <summary>
    /// Sorts one row's features by bucket and sums the values of a repeated bucket: features of different namespaces
    /// (message, parent, board) may share one, and summing them scores identically.
    /// </summary>
    /// <returns>The number of distinct buckets, now at the front of both spans.</returns>
    public static int SortAndMerge(Span<int> buckets, Span<float> values)
    {
        buckets.Sort(values);
        int w = 0;
        for (int r = 0; r < buckets.Length; r++)
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
        return w;
    }

    private FeatureMatrix FeaturizeRows(IReadOnlyList<ForumMessage> messages, IReadOnlyList<ThreadContext?>? contexts, int parallelism, CancellationToken cancellationToken)
    {
        int d = DenseCount;
        var rowBuckets = new int[messages.Count][];
        var rowValues = new float[messages.Count][];
        var dense = new float[(long)messages.Count * d];
        Parallel.For(0, messages.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, i =>
        {
            var builder = FeatureBuilder.ForCurrentThread();
            int n = Extract(messages[i], contexts?[i], builder);
            builder.Dense.AsSpan(0, d).CopyTo(dense.AsSpan(i * d, d));
            var buckets = builder.Buckets.AsSpan(0, n).ToArray();
            var values = builder.Values.AsSpan(0, n).ToArray();
            int w = SortAndMerge(buckets, values);
            rowBuckets[i] = w == n ? buckets : buckets[..w];
            rowValues[i] = w == n ? values : values[..w];
        });

        // One stage reads hashed and dense features side by side: build that matrix only (as AppendDense would),
        // rather than the hashed one and then a copy of it with the dense columns.
        bool combined = !Pipeline.TwoStage && d > 0;
        var rowStart = new int[messages.Count + 1];
        for (int i = 0; i < messages.Count; i++)
        {
            int denseEntries = 0;
            for (int j = 0; combined && j < d; j++)
                denseEntries += dense[i * d + j] != 0 ? 1 : 0;
            rowStart[i + 1] = checked(rowStart[i] + rowBuckets[i].Length + denseEntries);
        }
        var indices = new int[rowStart[^1]];
        var data = new float[rowStart[^1]];
        for (int i = 0; i < messages.Count; i++)
        {
            rowBuckets[i].CopyTo(indices, rowStart[i]);
            rowValues[i].CopyTo(data, rowStart[i]);
            for (int j = 0, at = rowStart[i] + rowBuckets[i].Length; combined && j < d; j++)
            {
                float v = dense[i * d + j];
                if (v != 0)
                {
                    indices[at] = Buckets + j;
                    data[at++] = v;
                }
            }
        }
        return combined
            ? FeatureMatrix.FromCombined(new SparseMatrix(Buckets + d, rowStart, indices, data), dense, d)
            : new FeatureMatrix(new SparseMatrix(Buckets, rowStart, indices, data), dense, d);
    }
}

/// <summary>Featurized rows: the hashed part as CSR, the dense part row-major.</summary>
/// <remarks>
/// Holds the hashed matrix or the combined one, whichever the pipeline's fits read, and derives the other only when
/// asked: the two together would double the largest training structure.
/// </remarks>
internal sealed class FeatureMatrix
{
    private SparseMatrix? _sparse;
    private SparseMatrix? _combined;

    public FeatureMatrix(SparseMatrix sparse, float[] dense, int denseCount)
    {
        _sparse = sparse;
        Dense = dense;
        DenseCount = denseCount;
    }

    /// <summary>From the combined matrix: hashed columns, then dense column j as column <c>combined.Columns − denseCount + j</c>.</summary>
    public static FeatureMatrix FromCombined(SparseMatrix combined, float[] dense, int denseCount) =>
        new(dense, denseCount) { _combined = combined };

    private FeatureMatrix(float[] dense, int denseCount)
    {
        Dense = dense;
        DenseCount = denseCount;
    }

    /// <summary>The hashed features only.</summary>
    public SparseMatrix Sparse => _sparse ??= HashedPart(_combined!, DenseCount);

    public float[] Dense { get; }

    public int DenseCount { get; }

    public int Rows => (_sparse ?? _combined!).Rows;

    /// <summary>For each original row, the index of its training copy without context, or -1; null when there are none.</summary>
    public int[]? Copies { get; set; }

    /// <summary>The hashed and dense features side by side: dense column j is column <c>buckets + j</c>.</summary>
    public SparseMatrix Combined => _combined ??= DenseCount == 0 ? Sparse : Sparse.AppendDense(Dense, DenseCount);

    private static SparseMatrix HashedPart(SparseMatrix combined, int denseCount)
    {
        int buckets = combined.Columns - denseCount;
        var rowStart = new int[combined.Rows + 1];
        var indices = new List<int>(combined.NonZeros);
        var values = new List<float>(combined.NonZeros);
        for (int r = 0; r < combined.Rows; r++)
        {
            for (int j = combined.RowStart[r]; j < combined.RowStart[r + 1]; j++)
            {
                if (combined.Indices[j] < buckets)
                {
                    indices.Add(combined.Indices[j]);
                    values.Add(combined.Values[j]);
                }
            }
            rowStart[r + 1] = indices.Count;
        }
        return new SparseMatrix(buckets, rowStart, [.. indices], [.. values]);
    }
}
