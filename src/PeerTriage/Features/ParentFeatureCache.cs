namespace PeerTriage.Features;

/// <summary>
/// The hashed features of recently seen parent posts, per thread, so a reply does not pay again for its parent's
/// text: replies to one post usually arrive (or are re-scored) together. Direct-mapped, <see cref="Slots"/> entries,
/// no locks. An entry is keyed by the featurizer, the parent's id and its exact subject and body (reference equality
/// first, then an ordinal comparison), so an edited parent, or another message with the same id, is a miss and is
/// featurized afresh: the cache never returns features of text other than the parent's own.
/// </summary>
/// <remarks>
/// Memory: each entry keeps its parent's features (about 1,000 buckets and values for a typical post) and references
/// to its subject and body strings, in memory only, until the slot is reused; nothing is written anywhere. Buffers grow
/// to the largest parent seen, so a hit or a miss allocates nothing in steady state.
/// </remarks>
internal sealed class ParentFeatureCache
{
    /// <summary>Entries per thread (a power of two).</summary>
    public const int Slots = 8;

    [ThreadStatic]
    private static ParentFeatureCache? t_current;

    private readonly Entry[] _entries = new Entry[Slots];

    public ParentFeatureCache()
    {
        for (int i = 0; i < Slots; i++)
            _entries[i] = new Entry();
    }

    /// <summary>Lookups that missed on this thread (for tests and diagnostics).</summary>
    public long Misses { get; private set; }

    /// <summary>This thread's cache.</summary>
    public static ParentFeatureCache ForCurrentThread() => t_current ??= new ParentFeatureCache();

    /// <summary>
    /// The entry for <paramref name="parent"/> under featurizer <paramref name="owner"/>: true with its features on a
    /// hit; false on a miss, with the slot's entry cleared and keyed to this parent for the caller to fill.
    /// </summary>
    // Hot path: a few compares, no allocation.
    public bool Lookup(long owner, ForumMessage parent, out Entry entry)
    {
        string? id = parent.Id;
        int hash = id is null ? parent.Body.Length : id.GetHashCode(StringComparison.Ordinal);
        entry = _entries[(hash ^ (int)owner ^ (int)(owner >> 32)) & (Slots - 1)];
        if (entry.Owner == owner && entry.Count >= 0 && string.Equals(entry.Id, id, StringComparison.Ordinal)
            && SameText(entry.Body, parent.Body) && SameText(entry.Subject, parent.Subject))
        {
            return true;
        }
        Misses++;
        entry.Owner = owner;
        entry.Id = id;
        entry.Body = parent.Body;
        entry.Subject = parent.Subject;
        entry.Count = -1; // not filled yet: never a hit until the caller stores features
        return false;
    }

    private static bool SameText(string? a, string? b) => ReferenceEquals(a, b) || string.Equals(a, b, StringComparison.Ordinal);

    /// <summary>One parent's features.</summary>
    internal sealed class Entry
    {
        /// <summary>The featurizer that made the features (0: none).</summary>
        public long Owner;

        public string? Id;

        public string? Body;

        public string? Subject;

        public int[] Buckets = new int[256];

        public float[] Values = new float[256];

        /// <summary>How many features are stored; -1 while the entry is being filled.</summary>
        public int Count = -1;

        /// <summary>Grows the arrays to hold <paramref name="count"/> features.</summary>
        public void Ensure(int count)
        {
            if (Buckets.Length >= count)
                return;
            Buckets = new int[Math.Max(count, Buckets.Length * 2)];
            Values = new float[Buckets.Length];
        }
    }
}
