namespace PeerTriage;

/// <summary>
/// An in-memory <see cref="IAuthorHistory"/>: record each post with its author, time and level, then query. Safe to
/// use from several threads at once (one lock per instance).
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Get"/> with a <c>before</c> time counts the author's recorded posts whose time is strictly earlier; posts
/// recorded without a time are left out, because they cannot be shown to be earlier. The "last N" posts are the N latest
/// of those by time (equal times: the later-recorded one counts as later).
/// </para>
/// <para>
/// <see cref="Get"/> with <c>before</c> = null counts every post recorded so far, timed or not, and the "last N" are the
/// N most recently recorded. This suits streaming use: triage a post, then record it.
/// </para>
/// <para>
/// A post may be recorded with level -1 (unknown, for example an unlabelled post): it counts towards
/// <see cref="AuthorHistory.EarlierPosts"/> and takes a place among the last N, but does not raise
/// <see cref="AuthorHistory.HighestRecentLevel"/>. Author ids are compared ordinally (case-sensitive).
/// </para>
/// </remarks>
public sealed class InMemoryAuthorHistory : IAuthorHistory
{
    /// <summary>The default number of recent posts <see cref="AuthorHistory.HighestRecentLevel"/> looks at (5).</summary>
    public const int DefaultRecentWindow = 5;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Author> _authors = new(StringComparer.Ordinal);
    private long _sequence;

    /// <summary>Creates an empty history.</summary>
    /// <param name="recentWindow">How many of the latest earlier posts <see cref="AuthorHistory.HighestRecentLevel"/>
    /// looks at. At least 1; defaults to <see cref="DefaultRecentWindow"/> (5).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="recentWindow"/> is less than 1.</exception>
    public InMemoryAuthorHistory(int recentWindow = DefaultRecentWindow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(recentWindow, 1);
        RecentWindow = recentWindow;
    }

    /// <summary>How many of the latest earlier posts <see cref="AuthorHistory.HighestRecentLevel"/> looks at.</summary>
    public int RecentWindow { get; }

    /// <summary>The total number of posts recorded.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
                return (int)_sequence;
        }
    }

    /// <summary>Records one post.</summary>
    /// <param name="authorId">The author's id.</param>
    /// <param name="postedAt">When it was posted, or null when unknown.</param>
    /// <param name="level">Its priority level index (0 = lowest), or -1 when unknown.</param>
    /// <exception cref="ArgumentNullException"><paramref name="authorId"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is below -1.</exception>
    public void Record(string authorId, DateTimeOffset? postedAt, int level)
    {
        ArgumentNullException.ThrowIfNull(authorId);
        ArgumentOutOfRangeException.ThrowIfLessThan(level, -1);
        ArgumentOutOfRangeException.ThrowIfEqual(level, int.MaxValue);
        lock (_lock)
        {
            if (!_authors.TryGetValue(authorId, out var author))
            {
                author = new Author();
                _authors.Add(authorId, author);
            }
            var entry = new Entry(postedAt ?? default, _sequence++, level);
            author.InRecordOrder.Add(entry);
            if (postedAt is not null)
            {
                int at = author.ByTime.BinarySearch(entry, EntryComparer.Instance);
                author.ByTime.Insert(at < 0 ? ~at : at, entry);
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="authorId"/> is null.</exception>
    public AuthorHistory Get(string authorId, DateTimeOffset? before)
    {
        ArgumentNullException.ThrowIfNull(authorId);
        lock (_lock)
        {
            if (!_authors.TryGetValue(authorId, out var author))
                return AuthorHistory.None;
            List<Entry> list;
            int count;
            if (before is { } limit)
            {
                list = author.ByTime;
                count = FirstAtOrAfter(list, limit);
            }
            else
            {
                list = author.InRecordOrder;
                count = list.Count;
            }
            int highest = -1;
            for (int i = Math.Max(0, count - RecentWindow); i < count; i++)
                highest = Math.Max(highest, list[i].Level);
            return new AuthorHistory(count, highest);
        }
    }

    private static int FirstAtOrAfter(List<Entry> byTime, DateTimeOffset limit)
    {
        int lo = 0, hi = byTime.Count;
        while (lo < hi)
        {
            int mid = lo + ((hi - lo) >> 1);
            if (byTime[mid].Time < limit)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    private readonly record struct Entry(DateTimeOffset Time, long Sequence, int Level);

    private sealed class Author
    {
        public List<Entry> InRecordOrder { get; } = [];

        public List<Entry> ByTime { get; } = [];
    }

    private sealed class EntryComparer : IComparer<Entry>
    {
        public static readonly EntryComparer Instance = new();

        public int Compare(Entry x, Entry y)
        {
            int c = x.Time.CompareTo(y.Time);
            return c != 0 ? c : x.Sequence.CompareTo(y.Sequence);
        }
    }
}
