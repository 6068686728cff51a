using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PeerTriage.Moderation;

namespace PeerTriage.Hosting;

/// <summary>
/// Delivers pending crisis escalations (left by a failing handler or a crash) once when the host starts, then every
/// <see cref="PeerTriageOptions.EscalationSweepInterval"/>. A failure is logged and retried on the next sweep; it never
/// stops the host.
/// </summary>
internal sealed class EscalationSweepService(ModerationQueue queue, TimeSpan interval, TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>How many sweeps have completed (tests wait on it).</summary>
    private int _sweeps;

    internal int Sweeps => Volatile.Read(ref _sweeps);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            SweepOnce();
            try
            {
                await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One sweep; returns how many escalations were delivered.</summary>
    internal int SweepOnce()
    {
        int delivered = 0;
        try
        {
            delivered = queue.DeliverPendingEscalations();
            if (delivered > 0)
                logger.EscalationsSwept(delivered);
        }
        catch (CrisisEscalationException e)
        {
            // The dispatcher logged each failing handler; this says the escalation waits for the next sweep.
            logger.EscalationsPending(e.MessageId, interval);
        }
#pragma warning disable CA1031 // the sweep must survive a store outage; it retries on the next interval
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.EscalationSweepFailed(interval, e);
        }
        Interlocked.Increment(ref _sweeps);
        return delivered;
    }
}
