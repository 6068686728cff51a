namespace PeerTriage.Decisions;

/// <summary>
/// Turns a message's level probabilities into the level it is given. The built-in policies are
/// <see cref="ArgmaxPolicy"/>, <see cref="ThresholdPolicy"/> (fitted to recall targets, the default) and
/// <see cref="CostMatrixPolicy"/>; all are immutable and are stored in the model file.
/// </summary>
public abstract class DecisionPolicy
{
    private protected DecisionPolicy()
    {
    }

    /// <summary>The number of levels this policy decides between.</summary>
    public abstract int LevelCount { get; }

    /// <summary>Chooses a level. Allocation-free; called once per scored message.</summary>
    /// <param name="probabilities">One probability per level, summing to 1.</param>
    /// <returns>The chosen level's index.</returns>
    public abstract int Decide(ReadOnlySpan<float> probabilities);

    /// <summary>A one-line description for model cards and logs.</summary>
    public abstract string Describe(PriorityScheme scheme);
}

/// <summary>The most probable level; exact ties go to the higher level, the safer error.</summary>
public sealed class ArgmaxPolicy : DecisionPolicy
{
    /// <summary>Creates the policy for a number of levels.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 2 levels.</exception>
    public ArgmaxPolicy(int levelCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(levelCount, 2);
        LevelCount = levelCount;
    }

    /// <inheritdoc />
    public override int LevelCount { get; }

    /// <inheritdoc />
    public override int Decide(ReadOnlySpan<float> probabilities)
    {
        int best = 0;
        for (int c = 1; c < probabilities.Length; c++)
        {
            if (probabilities[c] >= probabilities[best])
                best = c;
        }
        return best;
    }

    /// <inheritdoc />
    public override string Describe(PriorityScheme scheme) => "argmax (most probable level)";
}

/// <summary>
/// Ordinal, cumulative thresholds: a message is at least level j when P(level ≥ j) ≥ <c>Thresholds[j]</c>, and gets the
/// highest level whose condition holds (the lowest level otherwise). With thresholds fitted to recall targets this is
/// the recall-weighted policy the published deployment used.
/// </summary>
public sealed class ThresholdPolicy : DecisionPolicy
{
    private readonly float[] _thresholds;

    /// <summary>Creates the policy.</summary>
    /// <param name="thresholds">One threshold per level; entry 0 (the lowest level) is ignored. Each must be in [0, 1].</param>
    /// <exception cref="ArgumentNullException"><paramref name="thresholds"/> is null.</exception>
    /// <exception cref="ArgumentException">Fewer than 2 entries, or a threshold outside [0, 1].</exception>
    public ThresholdPolicy(IReadOnlyList<float> thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        if (thresholds.Count < 2)
            throw new ArgumentException("A threshold policy needs at least two levels.", nameof(thresholds));
        _thresholds = [.. thresholds];
        _thresholds[0] = 0;
        for (int j = 1; j < _thresholds.Length; j++)
        {
            if (!(_thresholds[j] >= 0 && _thresholds[j] <= 1))
                throw new ArgumentException($"Threshold {j} is {_thresholds[j]}; thresholds must be in [0, 1].", nameof(thresholds));
        }
    }

    /// <summary>The thresholds, indexed by level; entry 0 is always 0.</summary>
    public IReadOnlyList<float> Thresholds => _thresholds;

    /// <inheritdoc />
    public override int LevelCount => _thresholds.Length;

    /// <inheritdoc />
    public override int Decide(ReadOnlySpan<float> probabilities)
    {
        float atLeast = 0;
        for (int j = probabilities.Length - 1; j >= 1; j--)
        {
            atLeast += probabilities[j];
            if (atLeast >= _thresholds[j])
                return j;
        }
        return 0;
    }

    /// <inheritdoc />
    public override string Describe(PriorityScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        var parts = new List<string>();
        for (int j = 1; j < _thresholds.Length; j++)
            parts.Add($"P(≥{scheme.NameOf(j)}) ≥ {_thresholds[j]:0.000}");
        return "thresholds: " + string.Join(", ", parts);
    }
}

/// <summary>
/// Chooses the level with the least expected cost, Σ_i P(i) · cost[i][j], where cost[i][j] is the cost of deciding
/// level j when the truth is level i. Ties go to the higher level.
/// </summary>
public sealed class CostMatrixPolicy : DecisionPolicy
{
    private readonly float[] _costs; // row-major [truth * n + decision]
    private readonly int _n;

    /// <summary>Creates the policy from a square matrix, rows = true level, columns = decided level.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="costs"/> is null.</exception>
    /// <exception cref="ArgumentException">The matrix is not square, has fewer than 2 levels, or has a negative or non-finite cost.</exception>
    public CostMatrixPolicy(IReadOnlyList<IReadOnlyList<float>> costs)
    {
        ArgumentNullException.ThrowIfNull(costs);
        _n = costs.Count;
        if (_n < 2)
            throw new ArgumentException("A cost matrix needs at least two levels.", nameof(costs));
        _costs = new float[_n * _n];
        for (int i = 0; i < _n; i++)
        {
            var row = costs[i] ?? throw new ArgumentException($"Cost row {i} is null.", nameof(costs));
            if (row.Count != _n)
                throw new ArgumentException($"Cost row {i} has {row.Count} entries; the matrix must be {_n} × {_n}.", nameof(costs));
            for (int j = 0; j < _n; j++)
            {
                if (!(row[j] >= 0) || !float.IsFinite(row[j]))
                    throw new ArgumentException($"Cost [{i}][{j}] is {row[j]}; costs must be finite and ≥ 0.", nameof(costs));
                _costs[i * _n + j] = row[j];
            }
        }
    }

    /// <summary>The cost of deciding <paramref name="decided"/> when the truth is <paramref name="truth"/>.</summary>
    public float Cost(int truth, int decided) => _costs[truth * _n + decided];

    /// <inheritdoc />
    public override int LevelCount => _n;

    /// <inheritdoc />
    public override int Decide(ReadOnlySpan<float> probabilities)
    {
        int best = 0;
        float bestCost = float.PositiveInfinity;
        for (int j = 0; j < _n; j++)
        {
            float expected = 0;
            for (int i = 0; i < _n; i++)
                expected += probabilities[i] * _costs[i * _n + j];
            if (expected <= bestCost)
            {
                bestCost = expected;
                best = j;
            }
        }
        return best;
    }

    /// <inheritdoc />
    public override string Describe(PriorityScheme scheme) => $"minimum expected cost ({_n}×{_n} cost matrix)";
}
