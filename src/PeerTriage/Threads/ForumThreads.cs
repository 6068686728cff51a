namespace PeerTriage;

/// <summary>
/// Reconstructs forum threads from the <see cref="ForumMessage.Id"/>, <see cref="ForumMessage.ParentId"/> and
/// <see cref="ForumMessage.ThreadId"/> fields of a set of messages, and answers what was known about a message's thread
/// when it was posted. Instances are immutable and safe to use from several threads at once.
/// </summary>
/// <remarks>
/// <para>
/// <b>Threads.</b> A message with a (non-blank) <see cref="ForumMessage.ThreadId"/> belongs to that thread. A message
/// without one follows its parents until it meets an ancestor with a thread id (and joins that thread) or the root of
/// its reply tree (and joins the thread named by the root's <see cref="ForumMessage.Id"/>). Thread ids and root message
/// ids therefore share one namespace, as they do in forum exports where a thread is named after its first message.
/// When the walk stops at a parent that is not in the collection, the message joins the thread named by that missing
/// parent's id (so siblings of a missing post stay together). When it runs into a cycle, it joins the thread named by
/// the nearest thread id on the cycle or, when the cycle has none, by the id of the cycle member that came first in the
/// input. A message with no id, no thread id and no parent is a thread of its own.
/// </para>
/// <para>
/// <b>Order.</b> Each thread is ordered by <see cref="ForumMessage.PostedAt"/>; equal times keep input order. A message
/// without a time is placed after every message of its thread that precedes it in the input (it takes the latest time
/// seen so far in the thread). So for equal or missing times the input order decides; a caller who wants id order
/// passes the messages sorted by id.
/// </para>
/// <para>
/// <b>Links.</b> A <see cref="ForumMessage.ParentId"/> that names no message of the collection is a <em>missing
/// parent</em>; a chain of parents that comes back to a message already on it is a <em>cycle</em>. Neither throws nor
/// loops: all the work is linear in the number of messages. See <see cref="DepthOf"/>, <see cref="RootOf"/> and
/// <see cref="ContextOf"/> for what each returns in those cases.
/// </para>
/// <para>
/// Messages are identified by reference first and then by <see cref="ForumMessage.Id"/> (ordinal), so an equal copy of
/// a stored message with the same id is found too.
/// </para>
/// </remarks>
public sealed class ForumThreads
{
    private readonly ForumMessage[] _messages;
    private readonly Dictionary<ForumMessage, int> _byReference;
    private readonly Dictionary<string, int> _byId;
    private readonly int[] _parent;        // index of the parent in the collection, or -1
    private readonly int[] _root;          // index of the root, or -1 when the chain ends at a missing parent or a cycle
    private readonly int[] _depth;
    private readonly int[] _thread;        // index into _threads
    private readonly int[] _position;      // position inside the thread's order
    private readonly string?[] _threadIds; // per thread
    private readonly ForumMessage[][] _threads;

    /// <summary>Reconstructs the threads of a set of messages.</summary>
    /// <param name="messages">The messages, in input order (the order that breaks ties between equal or missing times).</param>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> or one of its items is null.</exception>
    /// <exception cref="ArgumentException">Two messages have the same non-blank <see cref="ForumMessage.Id"/>, or the same
    /// message object appears twice.</exception>
    public ForumThreads(IEnumerable<ForumMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        _messages = messages.ToArray();
        int n = _messages.Length;
        _byReference = new Dictionary<ForumMessage, int>(n, ReferenceEqualityComparer.Instance);
        _byId = new Dictionary<string, int>(n, StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            var m = _messages[i] ?? throw new ArgumentNullException(nameof(messages), $"The message at position {i} is null.");
            if (!_byReference.TryAdd(m, i))
                throw new ArgumentException($"The message at position {i} appears twice in the input.", nameof(messages));
            if (!IsBlank(m.Id) && !_byId.TryAdd(m.Id!, i))
                throw new ArgumentException($"Message id '{m.Id}' appears twice (positions {_byId[m.Id!]} and {i}).", nameof(messages));
        }

        _parent = new int[n];
        for (int i = 0; i < n; i++)
        {
            string? pid = _messages[i].ParentId;
            _parent[i] = !IsBlank(pid) && _byId.TryGetValue(pid!, out int p) ? p : -1;
        }

        _root = new int[n];
        _depth = new int[n];
        var threadKey = new string?[n];
        ResolveAncestry(threadKey);

        // Group into threads, in order of first appearance.
        _thread = new int[n];
        var keyToThread = new Dictionary<string, int>(StringComparer.Ordinal);
        var members = new List<List<int>>();
        var threadIds = new List<string?>();
        for (int i = 0; i < n; i++)
        {
            string? key = threadKey[i];
            int t;
            if (key is null || !keyToThread.TryGetValue(key, out t))
            {
                t = members.Count;
                members.Add([]);
                threadIds.Add(key);
                if (key is not null)
                    keyToThread.Add(key, t);
            }
            _thread[i] = t;
            members[t].Add(i);
        }

        _threadIds = threadIds.ToArray();
        _threads = new ForumMessage[members.Count][];
        _position = new int[n];
        for (int t = 0; t < members.Count; t++)
        {
            var list = members[t];
            var keys = new (DateTimeOffset Time, int Index)[list.Count];
            DateTimeOffset latest = DateTimeOffset.MinValue;
            for (int k = 0; k < list.Count; k++)
            {
                var time = _messages[list[k]].PostedAt;
                if (time is { } known && known > latest)
                    latest = known;
                keys[k] = (time ?? latest, list[k]);
            }
            Array.Sort(keys, static (a, b) =>
            {
                int c = a.Time.CompareTo(b.Time);
                return c != 0 ? c : a.Index.CompareTo(b.Index);
            });
            var ordered = new ForumMessage[keys.Length];
            for (int k = 0; k < keys.Length; k++)
            {
                ordered[k] = _messages[keys[k].Index];
                _position[keys[k].Index] = k;
            }
            _threads[t] = ordered;
        }
    }

    /// <summary>The number of messages.</summary>
    public int Count => _messages.Length;

    /// <summary>The number of reconstructed threads.</summary>
    public int ThreadCount => _threads.Length;

    /// <summary>The messages, in input order.</summary>
    public IReadOnlyList<ForumMessage> Messages => _messages;

    /// <summary>Whether a message is part of this collection (by reference, or by <see cref="ForumMessage.Id"/>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    public bool Contains(ForumMessage message) => TryFind(message, out _);

    /// <summary>
    /// What was known about the message's thread when it was posted: the earlier posts of its thread (oldest first, in
    /// the thread order described on <see cref="ForumThreads"/>) and its parent.
    /// </summary>
    /// <remarks>
    /// <see cref="ThreadContext.EarlierPosts"/> holds exactly the posts that come before the message in its thread's
    /// order, so it never contains a later reply, and its count is <see cref="PositionOf"/>. <see cref="ThreadContext.Parent"/>
    /// is the parent only when it is one of those earlier posts; it is null for a first post, a missing parent, a parent
    /// in another thread, or a parent ordered after the message (inconsistent times, or a cycle).
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    /// <exception cref="ArgumentException">The message is not part of this collection.</exception>
    public ThreadContext ContextOf(ForumMessage message)
    {
        int i = Find(message);
        int position = _position[i];
        if (position == 0)
            return _depth[i] == 0 ? ThreadContext.None : new ThreadContext(null, []) { Depth = _depth[i] };
        int p = _parent[i];
        var parent = p >= 0 && _thread[p] == _thread[i] && _position[p] < position ? _messages[p] : null;
        return new ThreadContext(parent, new Prefix(_threads[_thread[i]], position)) { Depth = _depth[i] };
    }

    /// <summary>
    /// The number of reply links from the message up to the root of its reply tree: 0 for a message without a parent,
    /// 1 for a reply to it, and so on. A link to a missing parent counts (the message is a reply), and the walk stops
    /// there. On a cycle the walk stops before a message would be visited twice.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    /// <exception cref="ArgumentException">The message is not part of this collection.</exception>
    public int DepthOf(ForumMessage message) => _depth[Find(message)];

    /// <summary>
    /// The message's 0-based position in its thread's order: 0 for the first post. Equals the number of
    /// <see cref="ThreadContext.EarlierPosts"/> that <see cref="ContextOf"/> returns.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    /// <exception cref="ArgumentException">The message is not part of this collection.</exception>
    public int PositionOf(ForumMessage message) => _position[Find(message)];

    /// <summary>
    /// The root of the message's reply tree: the ancestor without a parent reached by following parent links (the
    /// message itself when it has no parent). Null when the chain ends at a missing parent or runs into a cycle.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    /// <exception cref="ArgumentException">The message is not part of this collection.</exception>
    public ForumMessage? RootOf(ForumMessage message)
    {
        int r = _root[Find(message)];
        return r >= 0 ? _messages[r] : null;
    }

    /// <summary>The id of the thread the message was assigned to (see <see cref="ForumThreads"/>), or null when the message
    /// has no id, no thread id and no parent and so forms a thread of its own.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    /// <exception cref="ArgumentException">The message is not part of this collection.</exception>
    public string? ThreadIdOf(ForumMessage message) => _threadIds[_thread[Find(message)]];

    /// <summary>
    /// The whole thread the message belongs to, in thread order, <em>including posts made after it</em>. For offline
    /// analysis only: features for real-time triage must use <see cref="ContextOf"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    /// <exception cref="ArgumentException">The message is not part of this collection.</exception>
    public IReadOnlyList<ForumMessage> ThreadOf(ForumMessage message) => new Prefix(_threads[_thread[Find(message)]], int.MaxValue);

    private int Find(ForumMessage message)
    {
        if (TryFind(message, out int index))
            return index;
        throw new ArgumentException(
            message.Id is null ? "The message is not part of this collection." : $"Message '{message.Id}' is not part of this collection.",
            nameof(message));
    }

    private bool TryFind(ForumMessage message, out int index)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_byReference.TryGetValue(message, out index))
            return true;
        if (!IsBlank(message.Id) && _byId.TryGetValue(message.Id!, out index))
            return true;
        index = -1;
        return false;
    }

    private static bool IsBlank(string? value) => string.IsNullOrWhiteSpace(value);

    /// <summary>
    /// Computes depth, root and thread key of every message in one linear pass: each message is walked up until a message
    /// that is already resolved, a message without a parent, a missing parent, or a message already on the current
    /// walk (a cycle); the results are then filled in back down the walk.
    /// </summary>
    private void ResolveAncestry(string?[] threadKey)
    {
        int n = _messages.Length;
        var state = new byte[n];            // 0 = new, 1 = on the current walk, 2 = resolved
        var onPath = new int[n];            // position on the current walk
        var path = new List<int>();
        for (int start = 0; start < n; start++)
        {
            if (state[start] == 2)
                continue;
            path.Clear();
            int cur = start;
            while (true)
            {
                if (state[cur] == 2)
                    break;
                if (state[cur] == 1)
                {
                    ResolveCycle(path, onPath[cur], threadKey, state);
                    path.RemoveRange(onPath[cur], path.Count - onPath[cur]);
                    break;
                }
                state[cur] = 1;
                onPath[cur] = path.Count;
                path.Add(cur);
                int p = _parent[cur];
                if (p < 0)
                {
                    var m = _messages[cur];
                    bool missingParent = !IsBlank(m.ParentId);
                    _depth[cur] = missingParent ? 1 : 0;
                    _root[cur] = missingParent ? -1 : cur;
                    threadKey[cur] = !IsBlank(m.ThreadId) ? m.ThreadId : missingParent ? m.ParentId : IsBlank(m.Id) ? null : m.Id;
                    state[cur] = 2;
                    path.RemoveAt(path.Count - 1);
                    break;
                }
                cur = p;
            }

            // Fill in back down the walk: each message hangs off its (now resolved) parent.
            for (int k = path.Count - 1; k >= 0; k--)
            {
                int i = path[k];
                int p = _parent[i];
                _depth[i] = _depth[p] + 1;
                _root[i] = _root[p];
                threadKey[i] = !IsBlank(_messages[i].ThreadId) ? _messages[i].ThreadId : threadKey[p];
                state[i] = 2;
            }
        }
    }

    private void ResolveCycle(List<int> path, int from, string?[] threadKey, byte[] state)
    {
        // path[from..] is the cycle; the parent of path[k] is path[k + 1] and the parent of the last is path[from].
        int length = path.Count - from;
        int withThread = -1;
        int first = int.MaxValue;
        for (int k = from; k < path.Count; k++)
        {
            if (withThread < 0 && !IsBlank(_messages[path[k]].ThreadId))
                withThread = k - from;
            first = Math.Min(first, path[k]);
        }
        for (int step = 0; step < length; step++)
        {
            // Walk backwards (child direction) from the member with a thread id so that each member inherits from its parent.
            int k = withThread < 0 ? step : (withThread - step + length) % length;
            int i = path[from + k];
            _depth[i] = length - 1;
            _root[i] = -1;
            string? own = _messages[i].ThreadId;
            if (withThread < 0)
                threadKey[i] = _messages[first].Id;
            else
                threadKey[i] = !IsBlank(own) ? own : threadKey[path[from + (k + 1) % length]];
            state[i] = 2;
        }
    }

    /// <summary>A read-only view of the first <c>count</c> items of an array.</summary>
    private sealed class Prefix(ForumMessage[] items, int count) : IReadOnlyList<ForumMessage>
    {
        private readonly int _count = Math.Min(count, items.Length);

        public int Count => _count;

        public ForumMessage this[int index] => (uint)index < (uint)_count ? items[index] : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<ForumMessage> GetEnumerator()
        {
            for (int i = 0; i < _count; i++)
                yield return items[i];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
