namespace PeerTriage.Moderation.Storage;

/// <summary>
/// The in-memory store. One lock serializes writes and reads; a write stages its changes and publishes them only when
/// the work returns, so an exception leaves the store as it was (the same all-or-nothing as a SQLite transaction).
/// </summary>
internal sealed class InMemoryModerationStore : ModerationStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, EventRecord> _events = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MessageRecord> _messages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _replies = new(StringComparer.Ordinal); // parent id -> reply ids
    private readonly SortedSet<MessageRecord> _open = new(ToDoOrder.Instance);
    private readonly Dictionary<string, EscalationRecord> _escalations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _meta = new(StringComparer.Ordinal);

    public override long MessageCount
    {
        get
        {
            lock (_lock)
                return _messages.Count;
        }
    }

    internal override T Write<T>(Func<IStoreSession, T> work)
    {
        lock (_lock)
        {
            var session = new Session(this);
            T result = work(session);
            session.Commit();
            return result;
        }
    }

    internal override bool HasEvent(string eventId)
    {
        lock (_lock)
            return _events.ContainsKey(eventId);
    }

    internal override MessageRecord? Find(string id)
    {
        lock (_lock)
            return _messages.GetValueOrDefault(id);
    }

    internal override List<ToDoRow> QueryToDo(long asOf, int limit)
    {
        lock (_lock)
        {
            var list = new List<ToDoRow>(Math.Min(limit, _open.Count));
            foreach (var m in _open)
            {
                if (list.Count >= limit)
                    break;
                if (m.AttentionFrom <= asOf)
                    list.Add(ToDoRow.From(m));
            }
            return list;
        }
    }

    internal override List<PostedRow> QueryPosted(long from, long to)
    {
        lock (_lock)
        {
            return _messages.Values.Where(m => m.PostedAt >= from && m.PostedAt < to && m.DeletedAt is null)
                .Select(m => new PostedRow(m.Level, m.AuthorRole, m.PostedAt, m.FirstModeratorReplyAt, m.Underserved)).ToList();
        }
    }

    internal override List<MessageRecord> QueryCorrected()
    {
        lock (_lock)
        {
            return _messages.Values.Where(m => m.CorrectedLevel is not null && m.DeletedAt is null)
                .OrderBy(m => m.Id, StringComparer.Ordinal).ToList();
        }
    }

    internal override HistoryRows QueryHistory(bool includeDeleted)
    {
        lock (_lock)
        {
            var messages = _messages.Values.Where(m => includeDeleted || m.DeletedAt is null)
                .OrderBy(m => m.PostedAt).ThenBy(m => m.Id, StringComparer.Ordinal).ToList();
            var replies = _events.Values.Where(e => e.ReplierRole is not null)
                .OrderBy(e => e.OccurredAt).ThenBy(e => e.EventId, StringComparer.Ordinal).ToList();
            return new HistoryRows(_meta.GetValueOrDefault(SchemeKey), messages, replies);
        }
    }

    internal override List<EscalationRecord> PendingEscalations()
    {
        lock (_lock)
            return _escalations.Values.Where(e => e.DeliveredAt is null).OrderBy(e => e.EscalatedAt).ThenBy(e => e.MessageId, StringComparer.Ordinal).ToList();
    }

    internal override EscalationRecord? ClaimEscalation(string node, TimeSpan lease)
    {
        lock (_lock)
        {
            long now = DateTime.UtcNow.Ticks;
            EscalationRecord? oldest = null;
            foreach (var e in _escalations.Values)
            {
                if (e.DeliveredAt is null && (e.ClaimedBy is null || e.ClaimedBy == node || e.ClaimExpires < now)
                    && (oldest is null || e.EscalatedAt < oldest.EscalatedAt || (e.EscalatedAt == oldest.EscalatedAt && string.CompareOrdinal(e.MessageId, oldest.MessageId) < 0)))
                    oldest = e;
            }
            if (oldest is null)
                return null;
            var claimed = oldest with { ClaimedBy = node, ClaimExpires = now + lease.Ticks };
            _escalations[claimed.MessageId] = claimed;
            return claimed;
        }
    }

    internal override void ReleaseEscalations(string node)
    {
        lock (_lock)
        {
            foreach (var e in _escalations.Values.Where(e => e.DeliveredAt is null && e.ClaimedBy == node).ToList())
                _escalations[e.MessageId] = e with { ClaimedBy = null, ClaimExpires = null };
        }
    }

    internal override void MarkDelivered(string messageId, long deliveredAt)
    {
        lock (_lock)
        {
            if (_escalations.TryGetValue(messageId, out var e) && e.DeliveredAt is null)
                _escalations[messageId] = e with { DeliveredAt = deliveredAt };
        }
    }

    internal override string? ReadMeta(string key)
    {
        lock (_lock)
            return _meta.GetValueOrDefault(key);
    }

    internal override string AddMeta(string key, string value)
    {
        lock (_lock)
        {
            _meta.TryAdd(key, value);
            return _meta[key];
        }
    }

    private sealed class Session(InMemoryModerationStore store) : IStoreSession
    {
        private readonly Dictionary<string, MessageRecord> _messages = new(StringComparer.Ordinal);
        private readonly List<EventRecord> _events = [];
        private readonly List<EscalationRecord> _escalations = [];

        public EventRecord? FindEvent(string eventId) =>
            store._events.GetValueOrDefault(eventId) ?? _events.Find(e => e.EventId == eventId);

        public MessageRecord? FindMessage(string id) =>
            _messages.GetValueOrDefault(id) ?? store._messages.GetValueOrDefault(id);

        public List<MessageRecord> FindReplies(string parentId)
        {
            var list = new List<MessageRecord>();
            if (store._replies.TryGetValue(parentId, out var ids))
            {
                foreach (string id in ids)
                    list.Add(FindMessage(id)!);
            }
            foreach (var m in _messages.Values)
            {
                if (m.ParentId == parentId && !store._messages.ContainsKey(m.Id))
                    list.Add(m); // staged in this session, not yet committed
            }
            return list;
        }

        public void SaveMessage(MessageRecord message) => _messages[message.Id] = message;

        public void SaveEvent(EventRecord record) => _events.Add(record);

        public void AddEscalation(EscalationRecord escalation, string claimant, TimeSpan lease) =>
            _escalations.Add(escalation with { ClaimedBy = claimant, ClaimExpires = DateTime.UtcNow.Ticks + lease.Ticks });

        public void Commit()
        {
            foreach (var m in _messages.Values)
            {
                bool known = store._messages.TryGetValue(m.Id, out var old);
                if (known && old!.AttentionFrom is not null)
                    store._open.Remove(old);
                if (!known && m.ParentId is { } parentId)
                {
                    if (!store._replies.TryGetValue(parentId, out var ids))
                        store._replies[parentId] = ids = [];
                    ids.Add(m.Id);
                }
                store._messages[m.Id] = m;
                if (m.AttentionFrom is not null)
                    store._open.Add(m);
            }
            foreach (var e in _events)
                store._events[e.EventId] = e;
            foreach (var e in _escalations)
                store._escalations.TryAdd(e.MessageId, e);
        }
    }

    /// <summary>Level descending, then waiting longest, then id: the to-do order.</summary>
    private sealed class ToDoOrder : IComparer<MessageRecord>
    {
        public static readonly ToDoOrder Instance = new();

        public int Compare(MessageRecord? x, MessageRecord? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null) return -1;
            if (y is null) return 1;
            int c = y.Level.CompareTo(x.Level);
            if (c != 0) return c;
            c = x.WaitingSince.CompareTo(y.WaitingSince);
            return c != 0 ? c : string.CompareOrdinal(x.Id, y.Id);
        }
    }
}
