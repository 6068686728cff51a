using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PeerTriage.Hosting;

/// <summary>
/// Reloads the model when its file changes (<see cref="PeerTriageOptions.ReloadModelOnChange"/>). It watches the
/// folder, not the file, so that a new file renamed into place (how deployments replace files atomically) is seen as
/// well as one written in place; the reload waits until the file has been quiet for <see cref="PeerTriageOptions.ModelReloadDelay"/>.
/// </summary>
internal sealed class ModelFileWatcher(TriageModelProvider provider, PeerTriageOptions options, TimeProvider time, ILogger logger)
    : IHostedService, IDisposable
{
    private readonly Lock _lock = new();
    private FileSystemWatcher? _watcher;
    private ITimer? _timer;
    private bool _stopped;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.ReloadModelOnChange)
            return Task.CompletedTask;
        string folder = Path.GetDirectoryName(provider.ModelPath)!;
        lock (_lock)
        {
            _timer = time.CreateTimer(_ => ReloadNow(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _watcher = new FileSystemWatcher(folder)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                IncludeSubdirectories = false,
            };
            _watcher.Changed += OnChanged;
            _watcher.Created += OnChanged;
            _watcher.Renamed += OnChanged;
            _watcher.Error += OnError;
            _watcher.EnableRaisingEvents = true;
        }
        logger.ModelWatchStarted(provider.ModelPath);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _stopped = true;
            _watcher?.Dispose();
            _timer?.Dispose();
            _watcher = null;
            _timer = null;
        }
    }

    /// <summary>A change, creation or rename whose (new) name is the model file's starts or restarts the quiet period.</summary>
    private void OnChanged(object sender, FileSystemEventArgs e)
    {
        if (!string.Equals(Path.GetFullPath(e.FullPath), provider.ModelPath, StringComparison.Ordinal))
            return;
        lock (_lock)
        {
            if (_stopped)
                return;
            _timer?.Change(options.ModelReloadDelay, Timeout.InfiniteTimeSpan);
        }
        logger.ModelChangeDetected(provider.ModelPath, options.ModelReloadDelay);
    }

    private void OnError(object sender, ErrorEventArgs e) => logger.ModelWatchFailed(provider.ModelPath, e.GetException());

    private void ReloadNow()
    {
        lock (_lock)
        {
            if (_stopped)
                return;
        }
        try
        {
            provider.Reload(); // logs its own outcome
        }
#pragma warning disable CA1031 // a timer callback that throws would end the process; the provider already refuses bad files
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.ModelWatchFailed(provider.ModelPath, e);
        }
    }
}
