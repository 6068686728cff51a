using System.Diagnostics;

namespace PeerTriage.Training;

/// <summary>Reports <see cref="TrainingProgress"/> for one training run and keeps the clock for its estimates.</summary>
internal sealed class TrainingReporter(IProgress<TrainingProgress>? progress, int fits)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _fitStarted;
    private TimeSpan _fitTime;
    private int _fitsDone;

    public void Phase(TrainingPhase phase) => Report(phase, 0, 0);

    public void FitStarted() => _fitStarted = _clock.Elapsed;

    /// <summary>A fit finished: fit <paramref name="step"/> of the <paramref name="steps"/> of its phase.</summary>
    public void FitDone(TrainingPhase phase, int step, int steps)
    {
        _fitTime += _clock.Elapsed - _fitStarted;
        _fitsDone++;
        Report(phase, step, steps);
    }

    private void Report(TrainingPhase phase, int step, int steps)
    {
        if (progress is null)
            return;
        TimeSpan? remaining = _fitsDone == 0 ? null : _fitTime / _fitsDone * Math.Max(0, fits - _fitsDone);
        progress.Report(new TrainingProgress(phase, step, steps, _clock.Elapsed, remaining));
    }
}
