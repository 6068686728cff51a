using System.Collections.ObjectModel;

namespace PeerTriage;

/// <summary>
/// An ordered set of priority levels, lowest first, with the two boundaries the CLPsych metrics use:
/// <em>flagged</em> (at least <see cref="FlaggedFrom"/>) and <em>urgent</em> (at least <see cref="UrgentFrom"/>).
/// </summary>
/// <remarks>
/// Instances are immutable and compare by value. Level names are matched case-insensitively (ordinal).
/// </remarks>
public sealed class PriorityScheme : IEquatable<PriorityScheme>
{
    /// <summary>The CLPsych / ReachOut scheme: green &lt; amber &lt; red &lt; crisis; flagged ≥ amber, urgent ≥ red.</summary>
    public static PriorityScheme Default { get; } = new(["green", "amber", "red", "crisis"], flaggedFrom: 1, urgentFrom: 2);

    private readonly string[] _levels;

    /// <summary>Creates a scheme from level names ordered from lowest to highest priority.</summary>
    /// <param name="levels">At least two distinct, non-blank level names, lowest priority first.</param>
    /// <param name="flaggedFrom">Index of the lowest level that counts as flagged. Must be at least 1.</param>
    /// <param name="urgentFrom">Index of the lowest level that counts as urgent. Must be at least <paramref name="flaggedFrom"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="levels"/> is null.</exception>
    /// <exception cref="ArgumentException">The levels are too few, blank or duplicated, or a boundary is out of range.</exception>
    public PriorityScheme(IEnumerable<string> levels, int flaggedFrom, int urgentFrom)
    {
        ArgumentNullException.ThrowIfNull(levels);
        _levels = levels.Select(l => l?.Trim() ?? "").ToArray();
        if (_levels.Length < 2)
            throw new ArgumentException($"A priority scheme needs at least two levels; got {_levels.Length}.", nameof(levels));
        if (_levels.Length > MaxLevels)
            throw new ArgumentException($"A priority scheme may have at most {MaxLevels} levels; got {_levels.Length}.", nameof(levels));
        for (int i = 0; i < _levels.Length; i++)
        {
            if (_levels[i].Length == 0)
                throw new ArgumentException($"Level {i} has a blank name.", nameof(levels));
            for (int j = 0; j < i; j++)
            {
                if (string.Equals(_levels[i], _levels[j], StringComparison.OrdinalIgnoreCase))
                    throw new ArgumentException($"Level name '{_levels[i]}' appears twice.", nameof(levels));
            }
        }
        if (flaggedFrom < 1 || flaggedFrom >= _levels.Length)
            throw new ArgumentOutOfRangeException(nameof(flaggedFrom), flaggedFrom, $"flaggedFrom must be between 1 and {_levels.Length - 1}.");
        if (urgentFrom < flaggedFrom || urgentFrom >= _levels.Length)
            throw new ArgumentOutOfRangeException(nameof(urgentFrom), urgentFrom, $"urgentFrom must be between flaggedFrom ({flaggedFrom}) and {_levels.Length - 1}.");
        FlaggedFrom = flaggedFrom;
        UrgentFrom = urgentFrom;
        Levels = new ReadOnlyCollection<string>(_levels);
    }

    /// <summary>The largest number of levels a scheme may have (16).</summary>
    public const int MaxLevels = 16;

    /// <summary>Level names, lowest priority first.</summary>
    public IReadOnlyList<string> Levels { get; }

    /// <summary>Number of levels.</summary>
    public int Count => _levels.Length;

    /// <summary>Index of the lowest flagged level (for the default scheme, amber = 1).</summary>
    public int FlaggedFrom { get; }

    /// <summary>Index of the lowest urgent level (for the default scheme, red = 2).</summary>
    public int UrgentFrom { get; }

    /// <summary>Index of the highest level (for the default scheme, crisis = 3).</summary>
    public int Highest => _levels.Length - 1;

    /// <summary>Returns the name of the level at <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not a level of this scheme.</exception>
    public string NameOf(int index)
    {
        if ((uint)index >= (uint)_levels.Length)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The scheme has levels 0..{_levels.Length - 1}.");
        return _levels[index];
    }

    /// <summary>Finds a level by name (case-insensitive, surrounding white space ignored).</summary>
    /// <returns><see langword="true"/> when the name is a level of this scheme.</returns>
    public bool TryGetIndex(ReadOnlySpan<char> name, out int index)
    {
        name = name.Trim();
        for (int i = 0; i < _levels.Length; i++)
        {
            if (name.Equals(_levels[i], StringComparison.OrdinalIgnoreCase))
            {
                index = i;
                return true;
            }
        }
        index = -1;
        return false;
    }

    /// <summary>Finds a level by name (case-insensitive).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException">The name is not a level of this scheme; the message lists the valid names.</exception>
    public int IndexOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (TryGetIndex(name, out int index))
            return index;
        throw new ArgumentException($"'{name}' is not a level of the scheme ({Describe()}).", nameof(name));
    }

    /// <summary>Whether a level index counts as flagged.</summary>
    public bool IsFlagged(int index) => index >= FlaggedFrom;

    /// <summary>Whether a level index counts as urgent.</summary>
    public bool IsUrgent(int index) => index >= UrgentFrom;

    /// <summary>A short description such as <c>green &lt; amber &lt; red &lt; crisis</c>.</summary>
    public string Describe() => string.Join(" < ", _levels);

    /// <inheritdoc />
    public override string ToString() => $"{Describe()} (flagged ≥ {_levels[FlaggedFrom]}, urgent ≥ {_levels[UrgentFrom]})";

    /// <inheritdoc />
    public bool Equals(PriorityScheme? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (other.FlaggedFrom != FlaggedFrom || other.UrgentFrom != UrgentFrom || other._levels.Length != _levels.Length)
            return false;
        for (int i = 0; i < _levels.Length; i++)
        {
            if (!string.Equals(_levels[i], other._levels[i], StringComparison.OrdinalIgnoreCase))
                return false;
        }
        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PriorityScheme);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(FlaggedFrom);
        hash.Add(UrgentFrom);
        foreach (var level in _levels)
            hash.Add(level, StringComparer.OrdinalIgnoreCase);
        return hash.ToHashCode();
    }
}
