namespace PeerTriage;

/// <summary>
/// Assigns priority levels to forum messages. Implementations are immutable and safe to call from many threads at once.
/// </summary>
public interface ITriageClassifier
{
    /// <summary>The levels this classifier assigns.</summary>
    PriorityScheme Scheme { get; }

    /// <summary>Triages one message.</summary>
    /// <param name="message">The message.</param>
    /// <param name="context">What was known about the thread when the message was posted; null for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    TriageResult Triage(ForumMessage message, ThreadContext? context = null);

    /// <summary>
    /// Triages one message into a caller-provided buffer, without allocating. Use this on hot paths.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="context">Thread context, or null.</param>
    /// <param name="probabilities">Receives one probability per level; its length must be at least <see cref="PriorityScheme.Count"/>.</param>
    /// <returns>The chosen level's index.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="probabilities"/> is too short.</exception>
    int Triage(ForumMessage message, ThreadContext? context, Span<float> probabilities);

    /// <summary>Triages many messages, in parallel where it pays. Results are in input order.</summary>
    /// <param name="messages">The messages; none may be null.</param>
    /// <param name="cancellationToken">Stops the batch early.</param>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> or one of its items is null.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    IReadOnlyList<TriageResult> TriageBatch(IReadOnlyList<ForumMessage> messages, CancellationToken cancellationToken = default);
}
