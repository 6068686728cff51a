using System.Runtime.CompilerServices;

namespace PeerTriage.Learning;

/// <summary>
/// A boosted-tree second stage: for each level k, a bias and a list of <see cref="RegressionTree"/>s whose outputs add
/// up to that level's logit. The input is the stacked vector a two-stage model's second stage reads:
/// [ln p_text (one value per level), dense features]. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// A level's logit is <c>(float)(bias + Σ tree outputs)</c>, the sum taken in double precision tree by tree, as ML.NET's
/// FastTree computes its raw (uncalibrated) score; a tree's output is the value of the leaf the input reaches
/// (inputs ≤ a node's threshold go left). Packages such as PeerTriage.ML train ensembles and hand them to the core through
/// <see cref="SecondStageLearner"/>; the core scores, saves and explains them without any of their dependencies.
/// </remarks>
public sealed class TreeEnsemble
{
    /// <summary>The largest number of trees an ensemble may hold, over all levels.</summary>
    public const int MaxTrees = 100_000;

    /// <summary>The largest number of internal nodes one tree may hold.</summary>
    public const int MaxNodesPerTree = 1 << 16;

    private readonly RegressionTree[][] _trees;
    private readonly double[] _bias;

    // Flattened for scoring: per tree its first node and first leaf in the arrays below; per level its first tree.
    private readonly int[] _levelStart;
    private readonly int[] _nodeStart;
    private readonly int[] _leafStart;
    private readonly int[] _feature;
    private readonly float[] _threshold;
    private readonly int[] _left;
    private readonly int[] _right;
    private readonly double[] _leaf;

    // Saabas explanations: the expected output of each internal node (the unweighted mean of its subtree's leaves).
    private readonly double[] _nodeMean;

    /// <summary>Builds an ensemble.</summary>
    /// <param name="inputs">The length of the input vector: levels + dense features.</param>
    /// <param name="bias">The bias of each level; its length is the number of levels.</param>
    /// <param name="trees">For each level, its trees.</param>
    /// <exception cref="ArgumentNullException">An argument or a tree is null.</exception>
    /// <exception cref="ArgumentException">The shapes disagree, a tree tests an input ≥ <paramref name="inputs"/>, a bias
    /// is not finite, or there are too many trees or nodes; the message says which.</exception>
    public TreeEnsemble(int inputs, IReadOnlyList<double> bias, IReadOnlyList<IReadOnlyList<RegressionTree>> trees)
    {
        ArgumentNullException.ThrowIfNull(bias);
        ArgumentNullException.ThrowIfNull(trees);
        if (bias.Count < 2 || bias.Count > PriorityScheme.MaxLevels)
            throw new ArgumentException($"A tree ensemble needs a bias for each of 2 to {PriorityScheme.MaxLevels} levels; got {bias.Count}.", nameof(bias));
        if (trees.Count != bias.Count)
            throw new ArgumentException($"There are {bias.Count} biases but tree lists for {trees.Count} levels.", nameof(trees));
        if (inputs < bias.Count)
            throw new ArgumentOutOfRangeException(nameof(inputs), inputs, $"The input holds at least one value per level ({bias.Count}).");
        Inputs = inputs;
        _bias = [.. bias];
        if (!_bias.All(double.IsFinite))
            throw new ArgumentException("A bias is not a finite number.", nameof(bias));
        _trees = new RegressionTree[trees.Count][];
        int total = 0, nodes = 0, leaves = 0;
        for (int c = 0; c < trees.Count; c++)
        {
            var list = trees[c] ?? throw new ArgumentNullException(nameof(trees), $"The tree list of level {c} is null.");
            _trees[c] = new RegressionTree[list.Count];
            for (int t = 0; t < list.Count; t++)
            {
                var tree = list[t] ?? throw new ArgumentNullException(nameof(trees), $"Tree {t} of level {c} is null.");
                if (tree.MaxFeature >= inputs)
                    throw new ArgumentException($"Tree {t} of level {c} tests input {tree.MaxFeature}; the input has {inputs} values.", nameof(trees));
                if (tree.NodeCount > MaxNodesPerTree)
                    throw new ArgumentException($"Tree {t} of level {c} has {tree.NodeCount} nodes; at most {MaxNodesPerTree} are allowed.", nameof(trees));
                _trees[c][t] = tree;
                nodes += tree.NodeCount;
                leaves += tree.LeafCount;
            }
            total += list.Count;
            if (total > MaxTrees)
                throw new ArgumentException($"The ensemble has more than {MaxTrees} trees.", nameof(trees));
        }

        _levelStart = new int[_trees.Length + 1];
        _nodeStart = new int[total];
        _leafStart = new int[total];
        _feature = new int[nodes];
        _threshold = new float[nodes];
        _left = new int[nodes];
        _right = new int[nodes];
        _leaf = new double[leaves];
        _nodeMean = new double[nodes];
        int ti = 0, ni = 0, li = 0;
        for (int c = 0; c < _trees.Length; c++)
        {
            _levelStart[c] = ti;
            foreach (var tree in _trees[c])
            {
                _nodeStart[ti] = ni;
                _leafStart[ti] = li;
                tree.Features.CopyTo(_feature, ni);
                tree.Thresholds.CopyTo(_threshold, ni);
                tree.Left.CopyTo(_left, ni);
                tree.Right.CopyTo(_right, ni);
                tree.Leaves.CopyTo(_leaf, li);
                // Children come after their parents, so walking the nodes backwards sees both children first.
                var count = new int[tree.NodeCount];
                for (int i = tree.NodeCount - 1; i >= 0; i--)
                {
                    var (leftSum, leftCount) = SubtreeSum(tree, tree.Left[i], _nodeMean, ni, count);
                    var (rightSum, rightCount) = SubtreeSum(tree, tree.Right[i], _nodeMean, ni, count);
                    count[i] = leftCount + rightCount;
                    _nodeMean[ni + i] = (leftSum + rightSum) / count[i];
                }
                ti++;
                ni += tree.NodeCount;
                li += tree.LeafCount;
            }
        }
        _levelStart[_trees.Length] = ti;
    }

    private static (double Sum, int Count) SubtreeSum(RegressionTree tree, int child, double[] mean, int offset, int[] count) =>
        child < 0 ? (tree.Leaves[~child], 1) : (mean[offset + child] * count[child], count[child]);

    /// <summary>The number of levels.</summary>
    public int Classes => _bias.Length;

    /// <summary>The length of the input vector: levels + dense features.</summary>
    public int Inputs { get; }

    /// <summary>The bias of each level.</summary>
    public IReadOnlyList<double> Bias => _bias;

    /// <summary>For each level, its trees.</summary>
    public IReadOnlyList<IReadOnlyList<RegressionTree>> Trees => _trees;

    /// <summary>The number of trees over all levels.</summary>
    public int TreeCount => _nodeStart.Length;

    /// <summary>
    /// Writes each level's logit for the stacked input <paramref name="z"/> into <paramref name="logits"/>. The scoring hot
    /// path: no allocation, no LINQ.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Evaluate(ReadOnlySpan<float> z, Span<float> logits)
    {
        if (z.Length < Inputs)
            throw new ArgumentException($"The input has {z.Length} values; the ensemble reads {Inputs}.", nameof(z));
        if (logits.Length < _bias.Length)
            throw new ArgumentException($"Room for {logits.Length} logits; the ensemble has {_bias.Length} levels.", nameof(logits));
        for (int c = 0; c < _bias.Length; c++)
        {
            double sum = 0;
            for (int t = _levelStart[c]; t < _levelStart[c + 1]; t++)
                sum += _leaf[_leafStart[t] + Leaf(t, z)];
            logits[c] = (float)(sum + _bias[c]);
        }
    }

    /// <summary>The leaf of tree <paramref name="t"/> (over all levels) that <paramref name="z"/> reaches. Hot path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Leaf(int t, ReadOnlySpan<float> z)
    {
        int start = _nodeStart[t];
        int end = t + 1 < _nodeStart.Length ? _nodeStart[t + 1] : _feature.Length;
        if (start == end)
            return 0;
        int node = 0;
        while (node >= 0)
        {
            int i = start + node;
            node = z[_feature[i]] <= _threshold[i] ? _left[i] : _right[i];
        }
        return ~node;
    }

    /// <summary>
    /// Saabas contributions of level <paramref name="level"/>: along each tree's decision path, the feature a node splits on
    /// gets the change from the node's expected output to its child's; <paramref name="contributions"/> (one per input)
    /// receives them added up, and the return value is the bias plus every tree's root expectation. The two add up to
    /// the level's logit (in double precision). A node's expected output is the unweighted mean of its subtree's leaves:
    /// FastTree does not export how many training rows reached each leaf.
    /// </summary>
    internal double Contributions(int level, ReadOnlySpan<float> z, Span<double> contributions)
    {
        double baseline = _bias[level];
        for (int t = _levelStart[level]; t < _levelStart[level + 1]; t++)
        {
            int start = _nodeStart[t];
            int end = t + 1 < _nodeStart.Length ? _nodeStart[t + 1] : _feature.Length;
            if (start == end)
            {
                baseline += _leaf[_leafStart[t]];
                continue;
            }
            baseline += _nodeMean[start];
            int node = 0;
            while (node >= 0)
            {
                int i = start + node;
                int next = z[_feature[i]] <= _threshold[i] ? _left[i] : _right[i];
                double after = next >= 0 ? _nodeMean[start + next] : _leaf[_leafStart[t] + ~next];
                contributions[_feature[i]] += after - _nodeMean[i];
                node = next;
            }
        }
        return baseline;
    }
}
