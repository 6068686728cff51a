namespace PeerTriage.Features;

/// <summary>An inclusive range of n-gram lengths. <c>(0, 0)</c> disables the n-gram family.</summary>
/// <param name="Min">Shortest n-gram; at least 1 when enabled.</param>
/// <param name="Max">Longest n-gram; at least <paramref name="Min"/> when enabled.</param>
public readonly record struct NGramRange(int Min, int Max)
{
    /// <summary>A disabled range.</summary>
    public static NGramRange None => default;

    /// <summary>Whether this family of n-grams is produced at all.</summary>
    public bool IsEnabled => Max > 0;

    internal void Validate(string name, int limit)
    {
        if (!IsEnabled && Min == 0) return;
        if (Min < 1 || Max < Min || Max > limit)
            throw new ArgumentOutOfRangeException(name, this, $"{name} must be (0, 0) to disable, or 1 ≤ Min ≤ Max ≤ {limit}.");
    }

    /// <inheritdoc />
    public override string ToString() => IsEnabled ? $"{Min}-{Max}" : "off";
}
