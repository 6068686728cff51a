namespace PeerTriage;

/// <summary>The priority assigned to one message, with the probability of every level.</summary>
public sealed class TriageResult
{
    private readonly float[] _probabilities;

    /// <summary>Creates a result.</summary>
    /// <param name="scheme">The scheme the level belongs to.</param>
    /// <param name="level">The chosen level's index.</param>
    /// <param name="probabilities">One probability per level; copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="scheme"/> is null.</exception>
    /// <exception cref="ArgumentException">The probabilities do not match the scheme's level count.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The level is not in the scheme.</exception>
    public TriageResult(PriorityScheme scheme, int level, ReadOnlySpan<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        if (probabilities.Length != scheme.Count)
            throw new ArgumentException($"Expected {scheme.Count} probabilities, got {probabilities.Length}.", nameof(probabilities));
        if ((uint)level >= (uint)scheme.Count)
            throw new ArgumentOutOfRangeException(nameof(level), level, $"The scheme has levels 0..{scheme.Count - 1}.");
        Scheme = scheme;
        LevelIndex = level;
        _probabilities = probabilities.ToArray();
    }

    /// <summary>The scheme.</summary>
    public PriorityScheme Scheme { get; }

    /// <summary>The chosen level's index in <see cref="Scheme"/>.</summary>
    public int LevelIndex { get; }

    /// <summary>The chosen level's name.</summary>
    public string Level => Scheme.Levels[LevelIndex];

    /// <summary>The probability of each level, indexed like <see cref="PriorityScheme.Levels"/>; they sum to 1.</summary>
    public IReadOnlyList<float> Probabilities => _probabilities;

    /// <summary>
    /// The most probable level's index (ties go to the higher level). This, not <see cref="LevelIndex"/>, is the level to
    /// record for later context (<see cref="ThreadContext.ParentLevel"/>, author history): it is what context models
    /// learn from, while the recall-oriented decision is deliberately higher and would make them overshoot their
    /// recall targets (docs/features.md).
    /// </summary>
    public int MostProbableIndex
    {
        get
        {
            int best = 0;
            for (int k = 1; k < _probabilities.Length; k++)
            {
                if (_probabilities[k] >= _probabilities[best])
                    best = k;
            }
            return best;
        }
    }

    /// <summary>Whether the level is at least the scheme's flagged level (amber by default).</summary>
    public bool IsFlagged => LevelIndex >= Scheme.FlaggedFrom;

    /// <summary>Whether the level is at least the scheme's urgent level (red by default).</summary>
    public bool IsUrgent => LevelIndex >= Scheme.UrgentFrom;

    /// <summary>The probability of the named level.</summary>
    /// <exception cref="ArgumentException">The name is not a level of the scheme.</exception>
    public float ProbabilityOf(string level) => _probabilities[Scheme.IndexOf(level)];

    /// <inheritdoc />
    public override string ToString() => $"{Level} (p={_probabilities[LevelIndex]:0.000})";
}
