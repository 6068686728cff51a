namespace PeerTriage.Learning;

/// <summary>
/// One regression tree of a <see cref="TreeEnsemble"/>, in FastTree's layout: internal nodes 0 … N−1 (node 0 is the
/// root), N + 1 leaves. At internal node i the input goes to <see cref="LeftChild"/>[i] when
/// <c>input[SplitFeature[i]] &lt;= Threshold[i]</c> and to <see cref="RightChild"/>[i] otherwise (ML.NET's
/// <c>LteChild</c> / <c>GtChild</c>). A child ≥ 0 is an internal node; a child &lt; 0 is the leaf <c>~child</c>.
/// A tree with no internal nodes is one leaf, whose value is its output.
/// </summary>
/// <remarks>
/// The constructor checks that the arrays describe a tree: every child index of an internal node is greater than the
/// node's own index (so there are no cycles), every node but the root and every leaf is reached exactly once, feature
/// indices are non-negative, thresholds and leaf values are finite. The arrays are copied, so the tree is immutable.
/// </remarks>
public sealed class RegressionTree
{
    private readonly int[] _feature;
    private readonly float[] _threshold;
    private readonly int[] _left;
    private readonly int[] _right;
    private readonly double[] _leaf;

    /// <summary>Builds a tree from its node arrays (each of length N) and its N + 1 leaf values.</summary>
    /// <param name="splitFeature">The input index each internal node tests.</param>
    /// <param name="threshold">The threshold of each internal node: inputs ≤ it go left.</param>
    /// <param name="leftChild">The child for inputs ≤ the threshold: a node index, or <c>~leaf</c>.</param>
    /// <param name="rightChild">The child for inputs &gt; the threshold: a node index, or <c>~leaf</c>.</param>
    /// <param name="leafValues">The output of each leaf.</param>
    /// <exception cref="ArgumentNullException">An array is null.</exception>
    /// <exception cref="ArgumentException">The arrays do not describe a tree; the message names the node or leaf.</exception>
    public RegressionTree(IReadOnlyList<int> splitFeature, IReadOnlyList<float> threshold, IReadOnlyList<int> leftChild, IReadOnlyList<int> rightChild,
        IReadOnlyList<double> leafValues)
    {
        ArgumentNullException.ThrowIfNull(splitFeature);
        ArgumentNullException.ThrowIfNull(threshold);
        ArgumentNullException.ThrowIfNull(leftChild);
        ArgumentNullException.ThrowIfNull(rightChild);
        ArgumentNullException.ThrowIfNull(leafValues);
        _feature = [.. splitFeature];
        _threshold = [.. threshold];
        _left = [.. leftChild];
        _right = [.. rightChild];
        _leaf = [.. leafValues];
        if (Check() is { } problem)
            throw new ArgumentException($"Not a regression tree: {problem}.", nameof(leftChild));
    }

    /// <summary>The number of internal (split) nodes N.</summary>
    public int NodeCount => _feature.Length;

    /// <summary>The number of leaves, N + 1.</summary>
    public int LeafCount => _leaf.Length;

    /// <summary>The input index each internal node tests.</summary>
    public IReadOnlyList<int> SplitFeature => _feature;

    /// <summary>The threshold of each internal node: inputs ≤ it go to the left child.</summary>
    public IReadOnlyList<float> Threshold => _threshold;

    /// <summary>Each internal node's child for inputs ≤ its threshold: a node index, or <c>~leaf</c> for a leaf.</summary>
    public IReadOnlyList<int> LeftChild => _left;

    /// <summary>Each internal node's child for inputs &gt; its threshold: a node index, or <c>~leaf</c> for a leaf.</summary>
    public IReadOnlyList<int> RightChild => _right;

    /// <summary>The output of each leaf.</summary>
    public IReadOnlyList<double> LeafValues => _leaf;

    internal int[] Features => _feature;

    internal float[] Thresholds => _threshold;

    internal int[] Left => _left;

    internal int[] Right => _right;

    internal double[] Leaves => _leaf;

    /// <summary>The largest input index any node tests, or −1 for a single leaf.</summary>
    internal int MaxFeature
    {
        get
        {
            int max = -1;
            foreach (int f in _feature)
                max = Math.Max(max, f);
            return max;
        }
    }

    /// <summary>What is wrong with the arrays, or null when they describe a tree.</summary>
    private string? Check()
    {
        int n = _feature.Length;
        if (_threshold.Length != n || _left.Length != n || _right.Length != n)
            return $"{n} split features, {_threshold.Length} thresholds, {_left.Length} left and {_right.Length} right children (all must be equal)";
        if (_leaf.Length != n + 1)
            return $"{n} internal nodes need {n + 1} leaf values; got {_leaf.Length}";
        var nodeSeen = new bool[n];
        var leafSeen = new bool[n + 1];
        for (int i = 0; i < n; i++)
        {
            if (_feature[i] < 0)
                return $"node {i} splits on feature {_feature[i]}";
            if (!float.IsFinite(_threshold[i]))
                return $"node {i} has a threshold that is not a finite number";
            foreach (int child in (ReadOnlySpan<int>)[_left[i], _right[i]])
            {
                if (child >= 0)
                {
                    if (child <= i || child >= n)
                        return $"node {i} has child node {child}; a child node must come after its parent and before {n}";
                    if (nodeSeen[child])
                        return $"node {child} has two parents";
                    nodeSeen[child] = true;
                }
                else
                {
                    int leaf = ~child;
                    if (leaf > n)
                        return $"node {i} has child leaf {leaf}; there are {n + 1} leaves";
                    if (leafSeen[leaf])
                        return $"leaf {leaf} has two parents";
                    leafSeen[leaf] = true;
                }
            }
        }
        // With n internal nodes, 2n child slots reach n − 1 nodes and n + 1 leaves exactly once each: nothing is left over.
        for (int i = 0; i < _leaf.Length; i++)
        {
            if (!double.IsFinite(_leaf[i]))
                return $"leaf {i} has a value that is not a finite number";
        }
        return null;
    }
}
