using PeerTriage;

namespace PeerTriage.TestSupport;

/// <summary>
/// A deterministic fake classifier for tests: a message containing <c>[name]</c> for a level name of the scheme gets the
/// highest such level; anything else gets the lowest level. Works with any scheme.
/// </summary>
public sealed class KeywordClassifier(PriorityScheme? scheme = null) : ITriageClassifier
{
    public PriorityScheme Scheme { get; } = scheme ?? PriorityScheme.Default;

    public int Calls;

    public int Triage(ForumMessage message, ThreadContext? context, Span<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(message);
        Interlocked.Increment(ref Calls);
        int level = 0;
        string text = message.Body + " " + message.Subject;
        for (int i = 0; i < Scheme.Count; i++)
        {
            if (text.Contains($"[{Scheme.NameOf(i)}]", StringComparison.OrdinalIgnoreCase))
                level = i;
        }
        probabilities[..Scheme.Count].Clear();
        probabilities[level] = 1;
        return level;
    }
}
