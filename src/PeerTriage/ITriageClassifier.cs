namespace PeerTriage;

/// <summary>
/// Assigns priority levels to forum messages. Implementations are immutable and safe to call from many threads at once.
/// </summary>
/// <remarks>
/// An implementation supplies its <see cref="Scheme"/> and one method, the allocation-free single-message
/// <see cref="Triage(ForumMessage, ThreadContext?, Span{float})"/>. The convenience overload returning a
/// <see cref="TriageResult"/> and the batch overload are extension methods in <see cref="TriageClassifierExtensions"/>,
/// built on it.
/// </remarks>
public interface ITriageClassifier
{
    /// <summary>The levels this classifier assigns.</summary>
    PriorityScheme Scheme { get; }

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
}
