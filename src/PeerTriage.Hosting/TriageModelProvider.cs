using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace PeerTriage.Hosting;

/// <summary>
/// The triage model in force, reloaded when its file changes: the new file is loaded and verified, then swapped in
/// atomically. A call in progress finishes on the model it started with; a bad file is refused, logged, and the old
/// model keeps serving. It is the host's <see cref="ITriageClassifier"/>. Thread-safe.
/// </summary>
public sealed class TriageModelProvider : ITriageClassifier
{
    /// <summary>The text scored to check a new model before it is swapped in (it is never stored or logged).</summary>
    private static readonly ForumMessage s_probe = new("I have had a hard week and could use someone to talk to.");

    private readonly string _path;
    private readonly ILogger _logger;
    private readonly PeerTriageInstruments _instruments;
    private readonly TimeProvider _time;
    private readonly Lock _reloadLock = new();
    private Loaded _loaded;
    private int _reloads;
    private volatile string? _lastReloadError;

    internal TriageModelProvider(string fullPath, TriageModel model, ILogger logger, PeerTriageInstruments instruments, TimeProvider time)
    {
        _path = fullPath;
        _logger = logger;
        _instruments = instruments;
        _time = time;
        Scheme = model.Scheme;
        _loaded = new Loaded(model, time.GetUtcNow());
        logger.ModelLoaded(fullPath, Scheme.Describe());
    }

    /// <summary>The instruments the provider records to.</summary>
    internal PeerTriageInstruments Instruments => _instruments;

    /// <summary>The model file (full path).</summary>
    internal string ModelPath => _path;

    /// <summary>Test hook: runs inside <see cref="Triage"/> after the model was read and before it is used.</summary>
    internal Action? AfterModelRead { get; set; }

    /// <summary>The model in force.</summary>
    public TriageModel Current => Volatile.Read(ref _loaded).Model;

    /// <summary>The scheme (fixed for the provider's lifetime: a file with another scheme is refused).</summary>
    public PriorityScheme Scheme { get; }

    /// <summary>When the model in force was loaded.</summary>
    public DateTimeOffset LoadedAt => Volatile.Read(ref _loaded).At;

    /// <summary>How many times a new model was swapped in since the host started.</summary>
    public int Reloads => Volatile.Read(ref _reloads);

    /// <summary>Why the last reload was refused, or null when the last attempt succeeded (or none was made).</summary>
    public string? LastReloadError => _lastReloadError;

    /// <summary>
    /// Loads the model file again now; the result says whether it was swapped in, and if not why. The new model must
    /// load, have the same <see cref="Scheme"/> (the store keeps levels as numbers) and score a probe message.
    /// Reloads are serialized; triage calls go on meanwhile on the model in force.
    /// </summary>
    /// <returns>The outcome.</returns>
    public ModelReloadResult Reload()
    {
        lock (_reloadLock)
        {
            string? error = Verify(out var model);
            if (error is not null)
            {
                _lastReloadError = error;
                _logger.ModelReloadRefused(_path, error);
                return new ModelReloadResult(false, error);
            }
            // One reference write: a triage call reads either the old pair or the new one, never a mix.
            Volatile.Write(ref _loaded, new Loaded(model!, _time.GetUtcNow()));
            int reloads = Interlocked.Increment(ref _reloads);
            _lastReloadError = null;
            _logger.ModelReloaded(_path, reloads);
            return new ModelReloadResult(true, null);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Hot path: reads the model in force once, so a reload during the call does not affect it. Records the
    /// <see cref="PeerTriageMetrics.MessagesTriaged"/> counter and the <see cref="PeerTriageMetrics.TriageDuration"/> histogram.
    /// </remarks>
    public int Triage(ForumMessage message, ThreadContext? context, Span<float> probabilities)
    {
        long start = Stopwatch.GetTimestamp();
        var model = Volatile.Read(ref _loaded).Model;
        AfterModelRead?.Invoke();
        int level = model.Triage(message, context, probabilities);
        _instruments.RecordTriage(level, start);
        return level;
    }

    /// <summary>Loads and checks the file; null when the model may be swapped in, else why not.</summary>
    private string? Verify(out TriageModel? model)
    {
        if (!ModelLoading.TryLoad(_path, out model, out string? error))
            return error;
        if (!model!.Scheme.Equals(Scheme))
        {
            return $"the new model's levels ({model.Scheme}) differ from the model in force ({Scheme}); "
                + "the moderation store keeps levels as numbers, so the scheme cannot change while the host runs (restart with a new store to change it)";
        }
        Span<float> probabilities = stackalloc float[PriorityScheme.MaxLevels];
        try
        {
            int level = model.Triage(s_probe, null, probabilities);
            if ((uint)level >= (uint)Scheme.Count)
                return $"the new model answered level {level} for a probe message; the scheme has levels 0..{Scheme.Count - 1}";
            for (int i = 0; i < Scheme.Count; i++)
            {
                if (!float.IsFinite(probabilities[i]))
                    return $"the new model gave a probe message a probability of {probabilities[i]} for level '{Scheme.NameOf(i)}'";
            }
        }
#pragma warning disable CA1031 // any failure of an untrusted new model is a refusal, not a crash of the host
        catch (Exception e)
#pragma warning restore CA1031
        {
            return $"the new model failed to score a probe message ({e.GetType().Name}: {e.Message})";
        }
        return null;
    }

    /// <summary>A model and when it was loaded, swapped as one reference.</summary>
    private sealed record Loaded(TriageModel Model, DateTimeOffset At);
}

/// <summary>The outcome of <see cref="TriageModelProvider.Reload"/>.</summary>
/// <param name="Reloaded">Whether a new model is now in force.</param>
/// <param name="Error">Why the file was refused (the old model keeps serving), or null.</param>
public sealed record ModelReloadResult(bool Reloaded, string? Error);
