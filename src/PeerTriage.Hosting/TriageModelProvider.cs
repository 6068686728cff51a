namespace PeerTriage.Hosting;

/// <summary>
/// The triage model in force, reloaded when its file changes: the new file is loaded and verified, then swapped in
/// atomically. A call in progress finishes on the model it started with; a bad file is refused, logged, and the old
/// model keeps serving. It is the host's <see cref="ITriageClassifier"/>. Thread-safe.
/// </summary>
public sealed class TriageModelProvider : ITriageClassifier
{
    private TriageModelProvider() => throw new NotImplementedException();

    /// <summary>The model in force.</summary>
    public TriageModel Current => throw new NotImplementedException();

    /// <summary>The scheme (fixed for the provider's lifetime: a file with another scheme is refused).</summary>
    public PriorityScheme Scheme => throw new NotImplementedException();

    /// <summary>When the model in force was loaded.</summary>
    public DateTimeOffset LoadedAt => throw new NotImplementedException();

    /// <summary>How many times a new model was swapped in since the host started.</summary>
    public int Reloads => throw new NotImplementedException();

    /// <summary>Why the last reload was refused, or null when the last attempt succeeded (or none was made).</summary>
    public string? LastReloadError => throw new NotImplementedException();

    /// <summary>Loads the model file again now; the result says whether it was swapped in, and if not why.</summary>
    /// <returns>The outcome.</returns>
    public ModelReloadResult Reload() => throw new NotImplementedException();

    /// <inheritdoc />
    /// <remarks>Hot path: reads the model in force once, so a reload during the call does not affect it.</remarks>
    public int Triage(ForumMessage message, ThreadContext? context, Span<float> probabilities) => throw new NotImplementedException();
}

/// <summary>The outcome of <see cref="TriageModelProvider.Reload"/>.</summary>
/// <param name="Reloaded">Whether a new model is now in force.</param>
/// <param name="Error">Why the file was refused (the old model keeps serving), or null.</param>
public sealed record ModelReloadResult(bool Reloaded, string? Error);
