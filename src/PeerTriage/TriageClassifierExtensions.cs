using PeerTriage.Scoring;

namespace PeerTriage;

/// <summary>
/// The convenience and batch forms of <see cref="ITriageClassifier.Triage(ForumMessage, ThreadContext?, Span{float})"/>,
/// for every classifier.
/// </summary>
public static class TriageClassifierExtensions
{
    /// <summary>Triages one message.</summary>
    /// <param name="classifier">The classifier.</param>
    /// <param name="message">The message.</param>
    /// <param name="context">What was known about the thread when the message was posted; null for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="classifier"/> or <paramref name="message"/> is null.</exception>
    public static TriageResult Triage(this ITriageClassifier classifier, ForumMessage message, ThreadContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(message);
        if (classifier is TriageModel model)
            return model.Triage(message, context);
        var scheme = classifier.Scheme;
        Span<float> probabilities = stackalloc float[PriorityScheme.MaxLevels];
        int level = classifier.Triage(message, context, probabilities[..scheme.Count]);
        return new TriageResult(scheme, level, probabilities[..scheme.Count]);
    }

    /// <summary>
    /// Triages many messages on all cores with <see cref="BatchScorer"/>. Results are in input order and do not depend on
    /// the number of threads.
    /// </summary>
    /// <param name="classifier">The classifier.</param>
    /// <param name="messages">The messages; none may be null.</param>
    /// <param name="cancellationToken">Stops the batch early.</param>
    /// <exception cref="ArgumentNullException"><paramref name="classifier"/>, <paramref name="messages"/> or one of its items is null.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static IReadOnlyList<TriageResult> TriageBatch(this ITriageClassifier classifier, IReadOnlyList<ForumMessage> messages,
        CancellationToken cancellationToken = default) =>
        BatchScorer.Triage(classifier, messages, options: null, cancellationToken);
}
