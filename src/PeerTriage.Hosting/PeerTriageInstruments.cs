using System.Diagnostics;
using System.Diagnostics.Metrics;
using PeerTriage.Moderation;

namespace PeerTriage.Hosting;

/// <summary>
/// The instruments of <see cref="PeerTriageMetrics"/> on one meter. Tags are level names only: the tag pairs are
/// built once per level, so recording allocates nothing.
/// </summary>
internal sealed class PeerTriageInstruments : IDisposable
{
    /// <summary>The to-do gauge reads at most this many entries per collection, so a flood cannot make a scrape slow.</summary>
    internal const int ToDoGaugeLimit = 1000;

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _triaged;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _firstReply;
    private readonly KeyValuePair<string, object?>[] _levelTags;
    private ModerationQueue? _queue;

    public PeerTriageInstruments(IMeterFactory? meterFactory, PriorityScheme scheme)
    {
        // Meters from the factory are disposed by the container; without one (a bare ServiceCollection) this owns its meter.
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(new MeterOptions(PeerTriageMetrics.MeterName)) ?? new Meter(PeerTriageMetrics.MeterName);
        _levelTags = new KeyValuePair<string, object?>[scheme.Count];
        for (int i = 0; i < _levelTags.Length; i++)
            _levelTags[i] = new KeyValuePair<string, object?>("level", scheme.NameOf(i));

        _triaged = _meter.CreateCounter<long>(PeerTriageMetrics.MessagesTriaged, "{message}", "Messages triaged, by the level the model gave.");
        _duration = _meter.CreateHistogram<double>(PeerTriageMetrics.TriageDuration, "ms", "Time to triage one message.");
        _firstReply = _meter.CreateHistogram<double>(PeerTriageMetrics.TimeToFirstModeratorReply, "s", "Time from a message's post to its first moderator or staff reply, by the message's level.");
        _meter.CreateObservableGauge(PeerTriageMetrics.ToDoLength, ObserveToDo, "{message}",
            $"Messages on the moderators' to-do list, by level (counts the first {ToDoGaugeLimit} entries).");
    }

    /// <summary>The queue whose to-do list the gauge reads (set when the queue is created).</summary>
    public void Attach(ModerationQueue queue) => Volatile.Write(ref _queue, queue);

    /// <summary>Hot path: one triage, its level and its duration since <paramref name="startTimestamp"/>.</summary>
    public void RecordTriage(int level, long startTimestamp)
    {
        if (_triaged.Enabled && (uint)level < (uint)_levelTags.Length)
            _triaged.Add(1, _levelTags[level]);
        if (_duration.Enabled)
            _duration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds);
    }

    /// <summary>A first moderator reply, <paramref name="waited"/> after the post, to a message at <paramref name="level"/>.</summary>
    public void RecordFirstModeratorReply(int level, TimeSpan waited)
    {
        if ((uint)level < (uint)_levelTags.Length)
            _firstReply.Record(Math.Max(0, waited.TotalSeconds), _levelTags[level]);
    }

    private IEnumerable<Measurement<long>> ObserveToDo()
    {
        var queue = Volatile.Read(ref _queue);
        if (queue is null)
            return [];
        var counts = new long[_levelTags.Length];
        foreach (var item in queue.GetToDo(ToDoGaugeLimit))
        {
            if ((uint)item.LevelIndex < (uint)counts.Length)
                counts[item.LevelIndex]++;
        }
        // Every level is reported, zeros included, so a dashboard shows the list emptying.
        var measurements = new List<Measurement<long>>(counts.Length);
        for (int i = 0; i < counts.Length; i++)
            measurements.Add(new Measurement<long>(counts[i], _levelTags[i]));
        return measurements;
    }

    public void Dispose()
    {
        if (_ownsMeter)
            _meter.Dispose();
    }
}
