namespace PeerTriage.Moderation;

/// <summary>How a <see cref="ModerationQueue"/> decides what goes on the to-do list and whom it calls for a crisis.</summary>
/// <remarks>Immutable; change a copy with <c>with</c>. <see cref="Validate"/> runs when a queue is created.</remarks>
public sealed record ModerationOptions
{
    /// <summary>The defaults described on each property.</summary>
    public static ModerationOptions Default { get; } = new();

    /// <summary>
    /// How long a flagged-but-not-urgent message (amber in the default scheme) waits for the community before it enters
    /// the to-do list. If anyone other than its author replies within the window, it never enters (a moderator can still
    /// see it in its status). <see cref="TimeSpan.Zero"/> puts such messages on the list at once. Defaults to 6 hours.
    /// </summary>
    public TimeSpan CommunityWindow { get; init; } = TimeSpan.FromHours(6);

    /// <summary>
    /// The level a community flag raises a message to, at least; a name in the queue's scheme. Null (the default) means
    /// the scheme's lowest urgent level (<see cref="PriorityScheme.UrgentFrom"/>, red in the default scheme).
    /// It must be a flagged level (at least <see cref="PriorityScheme.FlaggedFrom"/>).
    /// </summary>
    public string? FlagLevel { get; init; }

    /// <summary>
    /// Called once per message that reaches the scheme's highest level (crisis in the default scheme), whether by the
    /// model, an edit, a flag or a correction: the hook for the forum's own crisis protocol. Null (the default) records
    /// escalations without calling anything. See <see cref="ModerationQueue"/> for the delivery guarantee.
    /// </summary>
    /// <remarks>
    /// The escalation is marked delivered as soon as the handler returns, so finish its effect first: write and flush
    /// (or await the pager's acknowledgement) inside the handler, never leave it in a buffer to be written later, or a
    /// crash or error after the handler returns loses the crisis. To refuse delivery, throw: the escalation stays pending.
    /// </remarks>
    public Action<CrisisEscalation>? OnCrisis { get; init; }

    /// <summary>
    /// Whether deleting a message erases its text and subject from the store, so that a deleted post is not kept or
    /// exported for retraining. Defaults to <see langword="true"/>.
    /// </summary>
    public bool EraseTextOnDelete { get; init; } = true;

    /// <summary>
    /// The underserved rule: whether a flagged-but-not-urgent message (amber by default) whose community replies within
    /// <see cref="CommunityWindow"/> all show no empathy stays on the to-do list, marked
    /// <see cref="AttentionReason.Underserved"/>, instead of counting as answered. Needs <see cref="EmpathyAssessor"/>.
    /// Defaults to <see langword="false"/>: every community reply answers, as without the rule.
    /// </summary>
    /// <remarks>
    /// <para>With the rule on, a community reply (by anyone but the author, moderators and staff) posted as a
    /// <see cref="MessagePosted"/> with a <see cref="ForumMessage.ParentId"/> is assessed once when posted and again when
    /// edited; only the yes-or-no answer is stored. The message is answered when at least one community reply within the
    /// window shows empathy. Replies the rule cannot judge count as answering, so that the rule only adds a message to
    /// the list on evidence, never for lack of it: a <see cref="ReplyPosted"/> (it has no text), a reply whose assessment
    /// threw, and a reply recorded while the rule was off or before the store had the rule. A deleted reply no longer
    /// counts either way. Moderator and staff replies answer as always, and are not assessed.</para>
    /// <para>Like <see cref="CommunityWindow"/>, the rule is applied when an event changes a message: switching it on or
    /// off does not rewrite messages already stored until their next event.</para>
    /// </remarks>
    public bool KeepUnderserved { get; init; }

    /// <summary>
    /// Judges community replies for <see cref="KeepUnderserved"/>; required when it is on, and not called when it is off.
    /// Must be thread-safe. Defaults to null.
    /// </summary>
    public IReplyEmpathyAssessor? EmpathyAssessor { get; init; }

    /// <summary>
    /// This queue's name in escalation claims (<see cref="ModerationQueue"/>, "Crisis escalation"): a node claims an
    /// escalation before calling <see cref="OnCrisis"/>, so that queues on several servers sharing one store never call it
    /// at the same time. Null (the default) gives each queue a fresh random id. Set a stable id (the server or pod name) to
    /// let a restarted node take back its own claims at once instead of after <see cref="EscalationLease"/>; two live
    /// queues must never share an id. At most 200 characters.
    /// </summary>
    public string? NodeId { get; init; }

    /// <summary>
    /// How long a claim on an escalation keeps other nodes from delivering it, measured on the store's clock (the database
    /// server's for PostgreSQL). It must exceed the handler's longest run: a node that stalls past it between calling the
    /// handler and recording the delivery lets another node deliver the escalation again. It is also how long an escalation
    /// claimed by a node that crashed waits before another node delivers it. Defaults to 1 minute; at least 1 millisecond.
    /// </summary>
    public TimeSpan EscalationLease { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The clock for the overloads that take no time. Defaults to <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Checks the options against a scheme.</summary>
    /// <exception cref="ArgumentException">A value is out of range (<see cref="CommunityWindow"/> negative,
    /// <see cref="EscalationLease"/> under 1 ms, <see cref="NodeId"/> blank or too long), <see cref="FlagLevel"/> is not a flagged level of the
    /// scheme, or <see cref="KeepUnderserved"/> is on without an <see cref="EmpathyAssessor"/>.</exception>
    public void Validate(PriorityScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        if (CommunityWindow < TimeSpan.Zero)
            throw new ArgumentException($"{nameof(CommunityWindow)} must not be negative; got {CommunityWindow}.", nameof(CommunityWindow));
        if (TimeProvider is null)
            throw new ArgumentException($"{nameof(TimeProvider)} must not be null.", nameof(TimeProvider));
        if (EscalationLease < TimeSpan.FromMilliseconds(1))
            throw new ArgumentException($"{nameof(EscalationLease)} must be at least 1 millisecond; got {EscalationLease}.", nameof(EscalationLease));
        if (NodeId is not null && (string.IsNullOrWhiteSpace(NodeId) || NodeId.Length > 200))
            throw new ArgumentException($"{nameof(NodeId)} must be null or 1 to 200 characters, not blank; got '{NodeId}'.", nameof(NodeId));
        if (KeepUnderserved && EmpathyAssessor is null)
            throw new ArgumentException($"{nameof(KeepUnderserved)} is on but {nameof(EmpathyAssessor)} is null; supply an assessor or leave the rule off.", nameof(EmpathyAssessor));
        _ = FlagLevelIndex(scheme);
    }

    internal int FlagLevelIndex(PriorityScheme scheme)
    {
        if (FlagLevel is null)
            return scheme.UrgentFrom;
        if (!scheme.TryGetIndex(FlagLevel, out int index))
            throw new ArgumentException($"{nameof(FlagLevel)} '{FlagLevel}' is not a level of the scheme ({scheme.Describe()}).", nameof(FlagLevel));
        if (index < scheme.FlaggedFrom)
            throw new ArgumentException($"{nameof(FlagLevel)} '{FlagLevel}' is below the scheme's lowest flagged level '{scheme.NameOf(scheme.FlaggedFrom)}'.", nameof(FlagLevel));
        return index;
    }
}
