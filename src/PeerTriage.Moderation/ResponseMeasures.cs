namespace PeerTriage.Moderation;

/// <summary>Live response measures per level over a time window (see <see cref="ModerationQueue.GetMeasures"/>).</summary>
/// <param name="From">The window's start (inclusive).</param>
/// <param name="To">The window's end (exclusive for posts; replies up to and including it count).</param>
/// <param name="Levels">One entry per level of the scheme, lowest first.</param>
public sealed record ResponseMeasures(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<LevelMeasures> Levels)
{
    /// <summary>The entry for a level name (case-insensitive).</summary>
    /// <exception cref="KeyNotFoundException">No such level.</exception>
    public LevelMeasures this[string level] =>
        Levels.FirstOrDefault(l => string.Equals(l.Level, level, StringComparison.OrdinalIgnoreCase))
        ?? throw new KeyNotFoundException($"No level '{level}' in the measures ({string.Join(", ", Levels.Select(l => l.Level))}).");
}
