namespace PeerTriage;

/// <summary>
/// What was known about an author's earlier posts when one of their posts was written: how many they had posted and the
/// highest priority level among the most recent of them.
/// </summary>
/// <remarks>
/// The <see langword="default"/> value equals <see cref="None"/>: no earlier posts and a <see cref="HighestRecentLevel"/>
/// of -1.
/// </remarks>
public readonly record struct AuthorHistory
{
    // Stored plus one so that default(AuthorHistory) means "no level" (-1).
    private readonly int _highestPlusOne;

    /// <summary>Creates a history.</summary>
    /// <param name="earlierPosts">How many earlier posts the author has. At least 0.</param>
    /// <param name="highestRecentLevel">The highest level index among the author's recent earlier posts, or -1 when none
    /// of them has a known level.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="earlierPosts"/> is negative or
    /// <paramref name="highestRecentLevel"/> is below -1.</exception>
    public AuthorHistory(int earlierPosts, int highestRecentLevel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(earlierPosts);
        ArgumentOutOfRangeException.ThrowIfLessThan(highestRecentLevel, -1);
        ArgumentOutOfRangeException.ThrowIfEqual(highestRecentLevel, int.MaxValue);
        EarlierPosts = earlierPosts;
        _highestPlusOne = highestRecentLevel + 1;
    }

    /// <summary>No earlier posts (<see cref="EarlierPosts"/> 0, <see cref="HighestRecentLevel"/> -1). Same as <see langword="default"/>.</summary>
    public static AuthorHistory None => default;

    /// <summary>How many posts the author made before the one being triaged. Defaults to 0.</summary>
    public int EarlierPosts { get; }

    /// <summary>
    /// The highest priority level index (in the scheme's order, for example 0 = green … 3 = crisis) among the author's
    /// last N earlier posts, where N is set by the history provider; -1 when there are none or none has a known level.
    /// </summary>
    public int HighestRecentLevel => _highestPlusOne - 1;
}
