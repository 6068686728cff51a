using Microsoft.ML.Data;
using PeerTriage.Features;

namespace PeerTriage.ML.Bridge;

/// <summary>
/// Runs the core's featurizer on one row and writes the ML.NET vector: hashed features (message n-grams, the parent's
/// n-grams and the board, in one table of 2^hashBits buckets) sorted and merged, then the dense lexicon and context
/// features at 2^hashBits + j. The same values the core's training reads (<c>PipelineFeaturizer.FeaturizeAll</c>).
/// Thread-safe: the scratch is the core's per-thread <see cref="FeatureBuilder"/>.
/// </summary>
internal sealed class TriageFeatureMapper
{
    private readonly PipelineFeaturizer _featurizer;

    public TriageFeatureMapper(FeaturePipeline pipeline)
    {
        _featurizer = new PipelineFeaturizer(pipeline, PriorityScheme.Default);
        Length = checked(_featurizer.Buckets + _featurizer.DenseCount);
    }

    /// <summary>The vector's length: 2^hashBits hashed buckets, then the dense features.</summary>
    public int Length { get; }

    /// <summary>The number of hashed buckets; dense feature j is slot <c>Buckets + j</c>.</summary>
    public int Buckets => _featurizer.Buckets;

    /// <summary>The dense features' names, in slot order.</summary>
    public IReadOnlyList<string> DenseNames => _featurizer.DenseNames;

    /// <summary>Featurizes one message (with its parent's text when <paramref name="parent"/> is not null) into <paramref name="destination"/>.</summary>
    public void Map(string? text, string? parent, ref VBuffer<float> destination)
    {
        var message = new ForumMessage(text ?? "");
        ThreadContext? context = parent is null ? null
            : parent.Length == 0 ? ThreadContext.None
            : new ThreadContext(new ForumMessage(parent));
        var builder = FeatureBuilder.ForCurrentThread();
        int n = _featurizer.Extract(message, context, builder);
        var buckets = builder.Buckets.AsSpan(0, n);
        var values = builder.Values.AsSpan(0, n);
        // Namespaces (message, parent, board) may share a bucket: sorted and summed as in the core's training matrix.
        int w = PipelineFeaturizer.SortAndMerge(buckets, values);
        int d = _featurizer.DenseCount;
        var dense = builder.Dense.AsSpan(0, d);
        int count = w;
        foreach (float v in dense)
            count += v != 0 ? 1 : 0;

        if (count == Length)
        {
            // Every slot set (only possible with a tiny table): ML.NET wants a dense buffer then.
            var full = VBufferEditor.Create(ref destination, Length);
            full.Values.Clear();
            for (int r = 0; r < w; r++)
                full.Values[buckets[r]] = values[r];
            dense.CopyTo(full.Values[Buckets..]);
            destination = full.Commit();
            return;
        }
        var editor = VBufferEditor.Create(ref destination, Length, count);
        buckets[..w].CopyTo(editor.Indices);
        values[..w].CopyTo(editor.Values);
        for (int j = 0, at = w; j < d; j++)
        {
            if (dense[j] != 0)
            {
                editor.Indices[at] = Buckets + j;
                editor.Values[at++] = dense[j];
            }
        }
        destination = editor.Commit();
    }
}
