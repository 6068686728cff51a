namespace PeerTriage.Moderation;

/// <summary>Retraining on moderators' corrections.</summary>
public static class Retraining
{
    /// <summary>
    /// The base data with the corrections applied: a correction replaces the base example with the same message id,
    /// and is appended when no base example has that id. Base order is kept; appended corrections follow in their order.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IReadOnlyList<LabeledMessage> Merge(IEnumerable<LabeledMessage> baseData, IEnumerable<LabeledMessage> corrections)
    {
        ArgumentNullException.ThrowIfNull(baseData);
        ArgumentNullException.ThrowIfNull(corrections);
        var byId = new Dictionary<string, LabeledMessage>(StringComparer.Ordinal);
        var order = new List<string>();
        var extra = new List<LabeledMessage>();
        foreach (var c in corrections)
        {
            if (c.Message.Id is not { } id)
                extra.Add(c);
            else if (byId.TryAdd(id, c))
                order.Add(id);
            else
                byId[id] = c; // the last correction of a message wins
        }
        var merged = new List<LabeledMessage>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var example in baseData)
        {
            if (example.Message.Id is { } id && byId.TryGetValue(id, out var correction))
            {
                merged.Add(correction);
                used.Add(id);
            }
            else
            {
                merged.Add(example);
            }
        }
        merged.AddRange(order.Where(id => !used.Contains(id)).Select(id => byId[id]));
        merged.AddRange(extra);
        return merged;
    }

    /// <summary>Trains a new model on <see cref="Merge"/> of the base data and the corrections.</summary>
    /// <param name="baseData">The original training data.</param>
    /// <param name="corrections">Moderators' corrections, for example <see cref="ModerationQueue.GetCorrections"/>.</param>
    /// <param name="options">Training options; null for the defaults. Set its scheme for a custom scheme.</param>
    /// <param name="cancellationToken">Cancels training.</param>
    /// <exception cref="ArgumentNullException"><paramref name="baseData"/> or <paramref name="corrections"/> is null.</exception>
    /// <exception cref="ArgumentException">A label is not a level of the training scheme (from <c>TriageModel.Train</c>).</exception>
    public static TriageModel Retrain(IEnumerable<LabeledMessage> baseData, IEnumerable<LabeledMessage> corrections,
        TriageTrainingOptions? options = null, CancellationToken cancellationToken = default) =>
        TriageModel.Train(Merge(baseData, corrections), options, cancellationToken);
}
