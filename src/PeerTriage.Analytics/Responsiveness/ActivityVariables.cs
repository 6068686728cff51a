namespace PeerTriage.Analytics.Responsiveness;

/// <summary>
/// The 20 forum-load variables of each peer's message: in five hour-long windows around its posting time t, the number
/// of messages and of unique authors, for peers and for moderators (moderators and staff) separately.
/// </summary>
/// <remarks>
/// <para>The windows are half-open, [start, end): <c>m2</c> = [t − 2 h, t − 1 h), <c>m1</c> = [t − 1 h, t),
/// <c>p0</c> = [t, t + 1 h), <c>p1</c> = [t + 1 h, t + 2 h), <c>p2</c> = [t + 2 h, t + 3 h). A message posted exactly
/// at a window's start is in it; one posted exactly at its end is in the next window. The message itself is in
/// <c>p0</c>, so <c>peer_msgs_p0</c> ≥ 1 and <c>peer_authors_p0</c> ≥ 1 when it has an author.</para>
/// <para>Messages of unknown role count nowhere; messages without an author count as messages but not as authors.</para>
/// </remarks>
public static class ActivityVariables
{
    /// <summary>The window suffixes in order: <c>m2</c>, <c>m1</c>, <c>p0</c>, <c>p1</c>, <c>p2</c>.</summary>
    public static IReadOnlyList<string> Windows { get; } = Array.AsReadOnly(["m2", "m1", "p0", "p1", "p2"]);

    /// <summary>
    /// The variable names in order: <c>peer_msgs_m2</c> … <c>peer_msgs_p2</c>, <c>peer_authors_m2</c> … <c>peer_authors_p2</c>,
    /// <c>mod_msgs_m2</c> … <c>mod_msgs_p2</c>, <c>mod_authors_m2</c> … <c>mod_authors_p2</c>.
    /// </summary>
    public static IReadOnlyList<string> Names { get; } = Array.AsReadOnly(BuildNames());

    /// <summary>How many variables there are (20).</summary>
    public const int Count = 20;

    private static string[] BuildNames()
    {
        var names = new List<string>(Count);
        foreach (string group in (string[])["peer_msgs", "peer_authors", "mod_msgs", "mod_authors"])
        {
            foreach (string w in (string[])["m2", "m1", "p0", "p1", "p2"])
                names.Add($"{group}_{w}");
        }
        return [.. names];
    }

    /// <summary>One role group's messages in time order, for window counts.</summary>
    internal sealed class Timeline
    {
        private readonly long[] _ticks;
        private readonly int[] _authors;
        private readonly int[] _stamp;
        private int _current;

        /// <param name="ticks">Posting times (UTC ticks), ascending.</param>
        /// <param name="authors">Each message's author number (0 ≤ n &lt; <paramref name="authorCount"/>), or -1 for none.</param>
        /// <param name="authorCount">How many author numbers there are.</param>
        public Timeline(long[] ticks, int[] authors, int authorCount)
        {
            _ticks = ticks;
            _authors = authors;
            _stamp = new int[authorCount];
        }

        /// <summary>Writes the five message counts and five unique-author counts around <paramref name="at"/>.</summary>
        public void Count(long at, Span<double> messages, Span<double> authors)
        {
            Span<int> bounds = stackalloc int[6];
            for (int w = 0; w < 6; w++)
                bounds[w] = LowerBound(at + ((w - 2) * TimeSpan.TicksPerHour));
            for (int w = 0; w < 5; w++)
            {
                int lo = bounds[w], hi = bounds[w + 1];
                messages[w] = hi - lo;
                // A stamp per author instead of a hash set: a new stamp per window makes "seen" O(1) with no clearing.
                if (++_current == int.MaxValue)
                {
                    Array.Clear(_stamp);
                    _current = 1;
                }
                int unique = 0;
                for (int k = lo; k < hi; k++)
                {
                    int a = _authors[k];
                    if (a >= 0 && _stamp[a] != _current)
                    {
                        _stamp[a] = _current;
                        unique++;
                    }
                }
                authors[w] = unique;
            }
        }

        /// <summary>The first index whose time is ≥ <paramref name="t"/>.</summary>
        private int LowerBound(long t)
        {
            int lo = 0, hi = _ticks.Length;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (_ticks[mid] < t)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            return lo;
        }
    }
}
