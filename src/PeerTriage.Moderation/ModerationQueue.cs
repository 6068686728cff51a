using System.Globalization;
using PeerTriage.Moderation.Storage;

namespace PeerTriage.Moderation;

/// <summary>
/// The moderators' side of the triage system, embedded in the forum's process: it takes forum events, triages new and
/// edited messages, and answers the to-do list, per-message status and live measures from a <see cref="ModerationStore"/>.
/// </summary>
/// <remarks>
/// <para><b>The to-do list</b> holds the messages that need a moderator, ordered by level (highest first), then by time waiting:</para>
/// <list type="bullet">
/// <item>urgent levels (at least <see cref="PriorityScheme.UrgentFrom"/>; red and crisis by default) are on it from the
/// moment they are posted until a moderator or staff member replies or resolves them;</item>
/// <item>flagged levels below urgent (amber by default) enter only after <see cref="ModerationOptions.CommunityWindow"/>
/// passes with no reply from anyone but the author, or at once when the window is zero;</item>
/// <item>a community flag raises the level to at least <see cref="ModerationOptions.FlagLevel"/> and puts the message
/// on the list at once, also when a moderator had answered before the flag (it then waits from the flag);</item>
/// <item>a moderator correction overrides model and flags, up or down; lower levels (green) never appear unless a flag or
/// correction raises them;</item>
/// <item>posts by moderators and staff, and deleted messages, never appear.</item>
/// </list>
/// <para>
/// <b>Underserved posts</b> (optional, off by default: <see cref="ModerationOptions.KeepUnderserved"/>). With the rule
/// on, a community reply answers a flagged-but-not-urgent message only when it shows empathy, as judged by
/// <see cref="ModerationOptions.EmpathyAssessor"/>. A message whose community replies within the window all show no
/// empathy enters the list when the window ends, as <see cref="AttentionReason.Underserved"/>. Replies that cannot be
/// judged (no text, the assessor threw, recorded while the rule was off) answer, as without the rule. An edit of a reply
/// is assessed again and can move the message on or off the list; a deleted reply no longer counts. Each reply's answer
/// (yes or no, never text) is stored, so a restart gives the same list.
/// </para>
/// <para>
/// <b>Crisis escalation.</b> When a message first reaches the scheme's highest level, the escalation is recorded in the
/// same transaction as the event, and <see cref="ModerationOptions.OnCrisis"/> is called after the commit; once it returns
/// the escalation is marked delivered. So the handler is called once per message, also across restarts. Two cases call
/// it again for the same message: the handler threw (it is retried on the next <see cref="Apply"/> or
/// <see cref="DeliverPendingEscalations"/>), or the process died after the handler returned but before the delivery was
/// recorded. Never losing a crisis is preferred to never repeating one; key the forum's protocol on
/// <see cref="CrisisEscalation.MessageId"/> if a repeat matters. Call <see cref="DeliverPendingEscalations"/> at startup.
/// The handler's return is the acknowledgement: make its effect durable before returning (see <see cref="ModerationOptions.OnCrisis"/>).
/// </para>
/// <para>
/// <b>Several servers.</b> Queues on several servers may share one database (one store each, PostgreSQL). Each escalation
/// is claimed before its handler is called: the queue whose event raised it claims it in that event's transaction, and a
/// sweep (<see cref="DeliverPendingEscalations"/>) claims only escalations that are unclaimed, its own, or whose claim
/// expired (<see cref="ModerationOptions.EscalationLease"/>, on the store's clock). So delivery is at least once, by one node
/// at a time; a second delivery of the same escalation happens only when a node stalls past the lease between calling
/// the handler and recording the delivery, or dies in between (another node then delivers it once the lease expires; a
/// SQLite store releases such claims when it is opened again). A handler that throws releases its claim at once. On a
/// shared store, call <see cref="DeliverPendingEscalations"/> periodically (every lease length, say), so that an
/// escalation a crashed node claimed is delivered even when no new event comes.
/// </para>
/// <para>
/// <b>Out-of-order events.</b> State is kept as first/last times, counts and latest-by-time values, so events applied
/// in any order give the same result: an edit or correction older than the one in force returns
/// <see cref="ApplyOutcome.Superseded"/>, and an event timestamped before its message was posted counts as happening at
/// the posting time. Deletion is final: later events for a deleted message return <see cref="ApplyOutcome.MessageDeleted"/>.
/// </para>
/// <para>The queue is thread-safe; apply events from as many threads as you like. Times are kept in UTC.</para>
/// </remarks>
public sealed class ModerationQueue
{

    private readonly ModerationStore _store;
    private readonly ITriageClassifier _classifier;
    private readonly int _flagLevel;
    private readonly bool _underservedRule;
    private long _assessmentFailures;
    private readonly Lock _delivery = new();
    private readonly string _nodeId;
    private volatile bool _mayHavePending = true; // escalations left by an earlier process are delivered on the first Apply

    /// <summary>Creates a queue over a store.</summary>
    /// <param name="store">The store; the caller keeps ownership and disposes it.</param>
    /// <param name="classifier">Triages posted and edited messages; its scheme becomes the store's scheme.</param>
    /// <param name="options">Null for <see cref="ModerationOptions.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> or <paramref name="classifier"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid for the classifier's scheme.</exception>
    /// <exception cref="ModerationStoreException">The store was created with a different priority scheme.</exception>
    public ModerationQueue(ModerationStore store, ITriageClassifier classifier, ModerationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(classifier);
        options ??= ModerationOptions.Default;
        options.Validate(classifier.Scheme);
        _store = store;
        _classifier = classifier;
        Scheme = classifier.Scheme;
        Options = options;
        _flagLevel = options.FlagLevelIndex(Scheme);
        _underservedRule = options.KeepUnderserved;
        _nodeId = options.NodeId ?? "queue-" + Guid.NewGuid().ToString("N");

        string scheme = SchemeText.Describe(Scheme);
        string stored = store.AddMeta(ModerationStore.SchemeKey, scheme);
        if (stored != scheme)
            throw new ModerationStoreException($"The store was created for the scheme '{stored}', but the classifier's is '{scheme}'; levels are stored as numbers, so a store cannot change schemes.");
    }

    /// <summary>The priority scheme (the classifier's).</summary>
    public PriorityScheme Scheme { get; }

    /// <summary>The options in force.</summary>
    public ModerationOptions Options { get; }

    /// <summary>
    /// How many times <see cref="ModerationOptions.EmpathyAssessor"/> threw since this queue was created. Each such reply
    /// is stored as not assessed and answers its post; the event itself is applied normally.
    /// </summary>
    public long EmpathyAssessmentFailures => Interlocked.Read(ref _assessmentFailures);

    /// <summary>
    /// Applies one event in one transaction, then delivers any pending crisis escalation. Returns once the event is
    /// durable (see <see cref="SqliteDurability"/>).
    /// </summary>
    /// <returns>The outcome; every problem with the event's content or order is an outcome, not an exception.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="moderationEvent"/> is null.</exception>
    /// <exception cref="CrisisEscalationException">The event was recorded, but the crisis handler threw; the escalation stays pending.</exception>
    public ApplyResult Apply(ModerationEvent moderationEvent)
    {
        ArgumentNullException.ThrowIfNull(moderationEvent);
        var e = moderationEvent;
        long at = e.OccurredAt.UtcTicks;

        int corrected = -1;
        if (e is LevelCorrected correction && !Scheme.TryGetIndex(correction.Level, out corrected))
        {
            return new ApplyResult(e.EventId, ApplyOutcome.Invalid,
                $"event {e.EventId}: correction of message {e.MessageId} to '{correction.Level}', which is not a level of the scheme ({Scheme.Describe()}); nothing stored", null);
        }

        int postedLevel = -1;
        ReplyEmpathy? preassessed = null;
        if (e is MessagePosted posted)
        {
            // Triage outside the transaction: the classifier is thread-safe and the write lock stays short.
            // The store knows the parent, but not the thread's earlier posts, the author's history, or the parent's most
            // probable level (it keeps the decided level, which is deliberately high and not what models learn from).
            var parent = posted.Message.ParentId is { } parentId ? _store.Find(parentId) : null;
            ThreadContext? context = parent is null ? null : new ThreadContext(ToForumMessage(parent));
            postedLevel = Classify(posted.Message, context);
            // The reply's assessment too (not for a redelivery); if the parent appears before the write, ApplyIn assesses inside it.
            if (parent is { DeletedAt: null } && NeedsAssessment(posted.Message.AuthorRole, posted.Message.AuthorId, parent) && !_store.HasEvent(e.EventId))
                preassessed = Assess(parent, posted.Message);
        }

        bool escalated = false;
        var result = _store.Write(session =>
        {
            var r = ApplyIn(session, e, at, postedLevel, preassessed, corrected, out bool created);
            escalated = created;
            return r;
        });
        if (escalated || _mayHavePending)
            DeliverPendingEscalations();
        return result;
    }

    /// <summary>The to-do list at <paramref name="asOf"/>: most urgent first, then longest waiting.</summary>
    /// <param name="asOf">The time to evaluate the community window at (usually now).</param>
    /// <param name="limit">The most entries to return. Defaults to 100.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    public IReadOnlyList<ToDoItem> GetToDo(DateTimeOffset asOf, int limit = 100)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        long now = asOf.UtcTicks;
        var records = _store.QueryToDo(now, limit);
        var items = new ToDoItem[records.Count];
        for (int i = 0; i < items.Length; i++)
        {
            var m = records[i];
            items[i] = new ToDoItem
            {
                MessageId = m.Id,
                Level = Scheme.NameOf(m.Level),
                LevelIndex = m.Level,
                Source = m.Source,
                WaitingSince = Time(m.WaitingSince),
                Waited = TimeSpan.FromTicks(Math.Max(0, now - m.WaitingSince)),
                ThreadId = m.ThreadId,
                AuthorId = m.AuthorId,
                Board = m.Board,
                Subject = m.Subject,
                FlagCount = m.FlagCount,
                FlagReason = m.LastFlagReason,
                Reason = ModerationRules.ReasonFor(m.Level, m.FlagCount, m.Underserved, Scheme),
            };
        }
        return items;
    }

    /// <summary>The to-do list now (by <see cref="ModerationOptions.TimeProvider"/>).</summary>
    /// <param name="limit">The most entries to return. Defaults to 100.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    public IReadOnlyList<ToDoItem> GetToDo(int limit = 100) => GetToDo(Options.TimeProvider.GetUtcNow(), limit);

    /// <summary>A message's status at <paramref name="asOf"/>, for the widget under the post; null when the message is unknown.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="messageId"/> is null.</exception>
    public MessageStatus? GetStatus(string messageId, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        return _store.Find(messageId) is { } m ? ToStatus(m, asOf.UtcTicks) : null;
    }

    /// <summary>A message's status now (by <see cref="ModerationOptions.TimeProvider"/>); null when the message is unknown.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="messageId"/> is null.</exception>
    public MessageStatus? GetStatus(string messageId) => GetStatus(messageId, Options.TimeProvider.GetUtcNow());

    /// <summary>
    /// Response measures per level for the messages posted in [<paramref name="from"/>, <paramref name="to"/>), counting
    /// moderator or staff replies made by <paramref name="to"/>. Deleted messages and posts by moderators and staff are left out.
    /// <see cref="LevelMeasures.Underserved"/> counts the messages found underserved whose community window closed by
    /// <paramref name="to"/> (always 0 with <see cref="ModerationOptions.KeepUnderserved"/> off).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    public ResponseMeasures GetMeasures(DateTimeOffset from, DateTimeOffset to)
    {
        if (to < from)
            throw new ArgumentException($"The window ends ({to:O}) before it starts ({from:O}).", nameof(to));
        long end = to.UtcTicks;
        var latencies = new List<long>[Scheme.Count];
        var counts = new int[Scheme.Count];
        var underserved = new int[Scheme.Count];
        for (int i = 0; i < latencies.Length; i++)
            latencies[i] = [];
        foreach (var m in _store.QueryPosted(from.UtcTicks, end))
        {
            if (ModerationRules.IsResponder(m.AuthorRole))
                continue;
            counts[m.Level]++;
            if (m.Underserved && m.PostedAt + Options.CommunityWindow.Ticks <= end)
                underserved[m.Level]++;
            if (m.FirstModeratorReplyAt is long reply && reply <= end)
                latencies[m.Level].Add(reply - m.PostedAt);
        }
        var levels = new LevelMeasures[Scheme.Count];
        for (int i = 0; i < levels.Length; i++)
            levels[i] = LevelMeasures.Compute(Scheme.NameOf(i), counts[i], latencies[i]) with { Underserved = underserved[i] };
        return new ResponseMeasures(from, to, levels);
    }

    /// <summary>
    /// The corrected messages as labelled training examples (the correction in force, with the stored text), ordered by
    /// message id. <see cref="LabeledMessage.Group"/> is the author id. Deleted messages are left out.
    /// </summary>
    public IReadOnlyList<LabeledMessage> GetCorrections() =>
        _store.QueryCorrected()
            .Select(m => new LabeledMessage(ToForumMessage(m), Scheme.NameOf(m.CorrectedLevel!.Value)) { Group = m.AuthorId, Source = "correction:" + m.Id })
            .ToList();

    /// <summary>
    /// Writes <see cref="GetCorrections"/> as a training CSV (<see cref="TrainingCsv"/>), readable by
    /// <c>DatasetReader</c> with <c>DatasetColumns.ForumDefaults</c> and by <c>peertriage train</c>.
    /// </summary>
    /// <returns>How many examples were written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public int ExportCorrections(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var corrections = GetCorrections();
        TrainingCsv.Write(writer, corrections);
        return corrections.Count;
    }

    /// <summary>
    /// Calls <see cref="ModerationOptions.OnCrisis"/> for every recorded escalation not yet delivered (for example after a
    /// crash), oldest first. <see cref="Apply"/> does this by itself; call it at startup so that nothing waits for the next event.
    /// </summary>
    /// <returns>How many escalations were delivered.</returns>
    /// <exception cref="CrisisEscalationException">The handler threw; that escalation and the later ones stay pending.</exception>
    public int DeliverPendingEscalations()
    {
        lock (_delivery)
        {
            _mayHavePending = false;
            int delivered = 0;
            // One claim at a time: each escalation is held by this node only while its handler runs, so a slow handler
            // never lets the claims on the later ones expire before they are reached.
            while (_store.ClaimEscalation(_nodeId, Options.EscalationLease) is { } claimed)
            {
                var m = _store.Find(claimed.MessageId);
                if (m is not null)
                {
                    var escalation = new CrisisEscalation(m.Id, Scheme.NameOf(claimed.Level), m.Source, Time(claimed.EscalatedAt), ToForumMessage(m));
                    try
                    {
                        Options.OnCrisis?.Invoke(escalation);
                    }
                    catch (Exception e)
                    {
                        _mayHavePending = true;
                        ReleaseAfterFailure();
                        throw CrisisEscalationException.For(claimed.MessageId, e);
                    }
                }
                // Only now, after the handler returned: a crash before this line redelivers, never loses.
                _store.MarkDelivered(claimed.MessageId, Options.TimeProvider.GetUtcNow().UtcTicks);
                delivered++;
            }
            // Escalations another node holds stay pending here until it delivers them; look again on the next Apply.
            if (_store.PendingEscalations().Count > 0)
                _mayHavePending = true;
            return delivered;
        }
    }

    /// <summary>
    /// Gives back this node's claims, the failed one and those its events claimed in-line that this sweep did not reach,
    /// so that other nodes need not wait for the lease (this node takes them again only through a new claim); if that
    /// fails too, the leases expire.
    /// </summary>
    private void ReleaseAfterFailure()
    {
        try
        {
            _store.ReleaseEscalations(_nodeId);
        }
#pragma warning disable CA1031 // the handler's exception is the one to report; an unreleased claim only delays the retry
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private ApplyResult ApplyIn(IStoreSession session, ModerationEvent e, long at, int postedLevel, ReplyEmpathy? preassessed, int corrected, out bool escalated)
    {
        escalated = false;
        if (session.FindEvent(e.EventId) is { } seen)
        {
            var current = session.FindMessage(e.MessageId);
            var status = current is null ? null : ToStatus(current, at);
            if (seen.Kind != e.Kind || seen.MessageId != e.MessageId || seen.OccurredAt != at)
            {
                return new ApplyResult(e.EventId, ApplyOutcome.EventIdConflict,
                    $"event {e.EventId}: id already used for a {seen.Kind} of message {seen.MessageId} at {Time(seen.OccurredAt):O}; this {e.Kind} of message {e.MessageId} at {Time(at):O} was not applied", status);
            }
            return new ApplyResult(e.EventId, ApplyOutcome.Duplicate,
                $"event {e.EventId}: already applied (outcome {seen.Outcome}); nothing changed", status);
        }

        var m = session.FindMessage(e.MessageId);
        if (e is MessagePosted posted)
        {
            if (m is not null)
                return Record(session, e, at, ApplyOutcome.AlreadyPosted, m, $"message {m.Id} is already in the store; nothing changed");
            var message = posted.Message;
            long postedAt = message.PostedAt?.UtcTicks ?? at;
            var created = Derive(new MessageRecord
            {
                Id = message.Id!,
                ThreadId = message.ThreadId,
                ParentId = message.ParentId,
                AuthorId = message.AuthorId,
                AuthorRole = message.AuthorRole,
                Board = message.Board,
                Subject = message.Subject,
                Body = message.Body,
                PostedAt = postedAt,
                BodyAt = postedAt,
                ModelLevel = postedLevel,
            });
            string detail = $"posted, {Scheme.NameOf(created.Level)}";
            MessageRecord? repliedTo = null;
            if (message.ParentId is { } parentId && session.FindMessage(parentId) is { DeletedAt: null } parent)
            {
                // Assessed only with the rule on; a reply recorded with it off stays Unassessed and so answers.
                var empathy = ReplyEmpathy.Unassessed;
                if (NeedsAssessment(message.AuthorRole, message.AuthorId, parent))
                    empathy = preassessed ?? Assess(parent, message);
                created = created with { ReplyEmpathy = empathy };
                repliedTo = ModerationRules.AddReply(Reply(parent, at, message.AuthorRole, message.AuthorId), created);
                detail += $", reply to {parentId} by {message.AuthorRole}{Describe(empathy)}";
            }
            created = Escalate(session, created, postedAt, ref escalated);
            session.SaveMessage(created);
            if (repliedTo is not null)
                session.SaveMessage(Derive(repliedTo));
            return Record(session, e, at, ApplyOutcome.Applied, created, detail);
        }

        if (m is null)
        {
            return new ApplyResult(e.EventId, ApplyOutcome.UnknownMessage,
                $"event {e.EventId}: {e.Kind} of message {e.MessageId}, which the store has never seen; nothing stored (deliver it again after the post)", null);
        }
        if (m.DeletedAt is not null)
            return Record(session, e, at, ApplyOutcome.MessageDeleted, m, $"message {m.Id} was deleted; nothing changed");

        long t = Math.Max(at, m.PostedAt); // a time before the post (clock skew) counts as the posting time
        MessageRecord next;
        string what;
        bool replyChanged = false; // an edit or deletion of a reply: its parent's summaries are recomputed
        switch (e)
        {
            case ReplyPosted reply:
                next = Reply(m, at, reply.ReplierRole, reply.ReplierId);
                // No text to assess: it answers, with the rule on or off (and is kept, so the rule can be switched on later).
                if (ModerationRules.IsCommunityReply(reply.ReplierRole, reply.ReplierId, m.AuthorId))
                    next = next with { FirstUnassessedReplyAt = Min(m.FirstUnassessedReplyAt, t) };
                what = $"reply by {reply.ReplierRole}";
                break;
            case MessageEdited edit:
                if (at < m.BodyAt)
                    return Record(session, e, at, ApplyOutcome.Superseded, m, $"edit is older than the text in force ({Time(m.BodyAt):O}); nothing changed");
                next = m with { Body = edit.Body, Subject = edit.Subject ?? m.Subject, BodyAt = at };
                next = next with { ModelLevel = Classify(ToForumMessage(next), null) };
                what = $"edited, model says {Scheme.NameOf(next.ModelLevel)}";
                if (_underservedRule && m.ReplyEmpathy != ReplyEmpathy.NotAReply && m.ParentId is { } editedParentId
                    && session.FindMessage(editedParentId) is { DeletedAt: null } editedParent
                    && NeedsAssessment(m.AuthorRole, m.AuthorId, editedParent))
                {
                    next = next with { ReplyEmpathy = Assess(editedParent, ToForumMessage(next)) };
                    what += Describe(next.ReplyEmpathy);
                    replyChanged = true;
                }
                break;
            case MessageDeleted:
                next = m with { DeletedAt = t };
                if (Options.EraseTextOnDelete)
                    next = next with { Body = "", Subject = null };
                what = "deleted";
                replyChanged = _underservedRule && m.ReplyEmpathy != ReplyEmpathy.NotAReply;
                break;
            case MessageResolved:
                next = m with { ResolvedAt = Max(m.ResolvedAt, t), HandledAt = Max(m.HandledAt, t) };
                what = "resolved";
                break;
            case MessageFlagged flag:
                bool latest = m.LastFlagAt is not long last || t >= last;
                next = m with
                {
                    FlagLevel = Math.Max(m.FlagLevel ?? 0, _flagLevel),
                    FlagCount = m.FlagCount + 1,
                    LastFlagAt = Max(m.LastFlagAt, t),
                    LastFlagReason = latest ? flag.Reason : m.LastFlagReason,
                };
                what = "flagged";
                break;
            case LevelCorrected:
                if (m.CorrectedAt is long correctedAt && (at < correctedAt || (at == correctedAt && string.CompareOrdinal(e.EventId, m.CorrectedEventId) < 0)))
                    return Record(session, e, at, ApplyOutcome.Superseded, m, $"a later correction ({Time(correctedAt):O}) is in force; nothing changed");
                next = m with { CorrectedLevel = corrected, CorrectedAt = at, CorrectedEventId = e.EventId };
                what = $"corrected to {Scheme.NameOf(corrected)}";
                break;
            default:
                throw new InvalidOperationException($"Unhandled event type {e.GetType().Name}.");
        }
        next = Escalate(session, Derive(next), t, ref escalated);
        session.SaveMessage(next);
        // Saved first, so that the parent's recomputation sees the reply's new state.
        if (replyChanged && m.ParentId is { } replyParentId && session.FindMessage(replyParentId) is { DeletedAt: null } replyParent)
            session.SaveMessage(Derive(ModerationRules.Summarize(replyParent, session.FindReplies(replyParentId))));
        return Record(session, e, at, ApplyOutcome.Applied, next, $"{what}, now {Scheme.NameOf(next.Level)}");
    }

    /// <summary>Whether the rule is on and a reply by this replier to <paramref name="parent"/> is a community reply to assess.</summary>
    private bool NeedsAssessment(AuthorRole replierRole, string? replierId, MessageRecord parent) =>
        _underservedRule && ModerationRules.IsCommunityReply(replierRole, replierId, parent.AuthorId);

    /// <summary>
    /// Asks the assessor about a reply. A throwing assessor must not block the event (the reply may itself be a crisis
    /// to triage and escalate), so the failure is counted and the reply treated as not assessed, which answers.
    /// </summary>
    private ReplyEmpathy Assess(MessageRecord parent, ForumMessage reply)
    {
        try
        {
            return Options.EmpathyAssessor!.ShowsEmpathy(ToForumMessage(parent), reply) ? ReplyEmpathy.Empathic : ReplyEmpathy.NoEmpathy;
        }
#pragma warning disable CA1031 // any failure of the optional assessor degrades to "not assessed"; it is counted, not hidden
        catch (Exception)
#pragma warning restore CA1031
        {
            Interlocked.Increment(ref _assessmentFailures);
            return ReplyEmpathy.AssessmentFailed;
        }
    }

    /// <summary>The assessment for an event's detail line: a word, never the text.</summary>
    private static string Describe(ReplyEmpathy empathy) => empathy switch
    {
        ReplyEmpathy.Empathic => ", shows empathy",
        ReplyEmpathy.NoEmpathy => ", shows no empathy",
        ReplyEmpathy.AssessmentFailed => ", empathy assessment failed (counts as answering)",
        _ => "",
    };

    private MessageRecord Escalate(IStoreSession session, MessageRecord m, long at, ref bool escalated)
    {
        if (!ModerationRules.NeedsEscalation(m, Scheme))
            return m;
        // Claimed in the event's transaction: no other node's sweep can deliver it before this queue does, after the commit.
        session.AddEscalation(new EscalationRecord(m.Id, m.Level, at, null), _nodeId, Options.EscalationLease);
        escalated = true;
        return m with { EscalatedAt = at };
    }

    private static MessageRecord Reply(MessageRecord m, long at, AuthorRole role, string? replierId)
    {
        long t = Math.Max(at, m.PostedAt);
        bool byOther = ModerationRules.IsByOther(replierId, m.AuthorId);
        var next = m with
        {
            ReplyCount = m.ReplyCount + 1,
            FirstReplyAt = byOther ? Min(m.FirstReplyAt, t) : m.FirstReplyAt,
        };
        if (ModerationRules.IsResponder(role))
        {
            next = next with
            {
                ModeratorReplyCount = m.ModeratorReplyCount + 1,
                FirstModeratorReplyAt = Min(m.FirstModeratorReplyAt, t),
                HandledAt = Max(m.HandledAt, t),
            };
        }
        return next;
    }

    private ApplyResult Record(IStoreSession session, ModerationEvent e, long at, ApplyOutcome outcome, MessageRecord m, string detail)
    {
        var record = new EventRecord(e.EventId, e.Kind, e.MessageId, at, outcome);
        if (e is ReplyPosted reply && outcome == ApplyOutcome.Applied)
            record = record with { ReplierRole = reply.ReplierRole, ReplierId = reply.ReplierId, ReplyId = reply.ReplyId }; // the history reads replies back
        session.SaveEvent(record);
        return new ApplyResult(e.EventId, outcome, $"event {e.EventId}: {e.Kind} of message {e.MessageId}: {detail}", ToStatus(m, at));
    }

    private MessageRecord Derive(MessageRecord m) => ModerationRules.Derive(m, Scheme, Options.CommunityWindow, _underservedRule);

    private int Classify(ForumMessage message, ThreadContext? context)
    {
        Span<float> probabilities = stackalloc float[PriorityScheme.MaxLevels];
        int level = _classifier.Triage(message, context, probabilities[..Scheme.Count]);
        if ((uint)level >= (uint)Scheme.Count)
            throw new InvalidOperationException($"The classifier returned level {level}, outside its scheme ({Scheme.Describe()}).");
        return level;
    }

    private MessageStatus ToStatus(MessageRecord m, long asOf)
    {
        bool needs = m.AttentionFrom is long from && from <= asOf;
        return new MessageStatus
        {
            Reason = m.AttentionFrom is null ? null : ModerationRules.ReasonFor(m.Level, m.FlagCount, m.Underserved, Scheme),
            Underserved = m.Underserved && asOf >= m.PostedAt + Options.CommunityWindow.Ticks,
            MessageId = m.Id,
            Level = Scheme.NameOf(m.Level),
            LevelIndex = m.Level,
            Source = m.Source,
            ModelLevel = Scheme.NameOf(m.ModelLevel),
            NeedsAttention = needs,
            AttentionFrom = m.AttentionFrom is long a ? Time(a) : null,
            Waited = needs ? TimeSpan.FromTicks(Math.Max(0, asOf - m.WaitingSince)) : null,
            PostedAt = Time(m.PostedAt),
            FirstModeratorReplyAt = m.FirstModeratorReplyAt is long r ? Time(r) : null,
            ResolvedAt = m.ResolvedAt is long s ? Time(s) : null,
            FlagCount = m.FlagCount,
            IsEscalated = m.EscalatedAt is not null,
            IsDeleted = m.DeletedAt is not null,
            AsOf = Time(asOf),
        };
    }

    internal static ForumMessage ToForumMessage(MessageRecord m) => new(m.Body)
    {
        Id = m.Id,
        ThreadId = m.ThreadId,
        ParentId = m.ParentId,
        AuthorId = m.AuthorId,
        AuthorRole = m.AuthorRole,
        Board = m.Board,
        PostedAt = Time(m.PostedAt),
        Subject = m.Subject,
    };

    private static DateTimeOffset Time(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    private static long Min(long? a, long b) => a is long x && x < b ? x : b;

    private static long Max(long? a, long b) => a is long x && x > b ? x : b;
}
