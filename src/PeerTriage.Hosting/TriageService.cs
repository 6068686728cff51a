using PeerTriage.Moderation;

namespace PeerTriage.Hosting;

/// <summary>
/// The forum's entry point in a host: applies forum events to the moderation queue and reads the to-do list and each
/// message's status, recording metrics and logs (never message text) as it goes. A singleton; thread-safe.
/// </summary>
public sealed class TriageService
{
    private TriageService() => throw new NotImplementedException();

    /// <summary>The moderation queue.</summary>
    public ModerationQueue Queue => throw new NotImplementedException();

    /// <summary>The model provider.</summary>
    public TriageModelProvider Model => throw new NotImplementedException();

    /// <summary>Applies one forum event (post, reply, flag, resolve, correction, ...); see <see cref="ModerationQueue.Apply"/>.</summary>
    /// <param name="moderationEvent">The event.</param>
    /// <returns>What was done.</returns>
    public ApplyResult Apply(ModerationEvent moderationEvent) => throw new NotImplementedException();

    /// <summary>The moderators' to-do list now, highest level first.</summary>
    /// <param name="limit">At most this many entries.</param>
    /// <returns>The entries.</returns>
    public IReadOnlyList<ToDoItem> GetToDo(int limit = 100) => throw new NotImplementedException();

    /// <summary>A message's status now (the widget under it), or null when the store has never seen it.</summary>
    /// <param name="messageId">The message id.</param>
    /// <returns>The status.</returns>
    public MessageStatus? GetStatus(string messageId) => throw new NotImplementedException();
}
