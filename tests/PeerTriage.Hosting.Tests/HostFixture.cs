using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PeerTriage.Moderation;

namespace PeerTriage.Hosting.Tests;

/// <summary>Golden models copied to a scratch folder, and real generic hosts built over them.</summary>
internal static class HostFixture
{
    /// <summary>A golden model (default scheme) that ships with the core's tests.</summary>
    public const string ModelA = "demo-v1.0.ptm";

    /// <summary>Another golden model with the same scheme and different scores.</summary>
    public const string ModelB = "demo-v1.2.ptm";

    /// <summary>The path of a golden fixture in the test output.</summary>
    public static string Fixture(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", name);

    /// <summary>Copies a golden model into <paramref name="dir"/> under <paramref name="as"/>; returns its path.</summary>
    public static string CopyModel(TempDirectory dir, string name = ModelA, string @as = "model.ptm")
    {
        string path = dir.File(@as);
        File.Copy(Fixture(name), path, overwrite: true);
        return path;
    }

    /// <summary>A host with PeerTriage over an in-memory store (unless <paramref name="configure"/> says otherwise), logs captured.</summary>
    public static IHost Build(string modelPath, Action<PeerTriageOptions>? configure = null, Action<PeerTriageBuilder>? more = null,
        CapturingLoggerProvider? logs = null, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        if (logs is not null)
            builder.Logging.AddProvider(logs);
        var peerTriage = builder.Services.AddPeerTriage(o =>
        {
            o.ModelPath = modelPath;
            o.Store = PeerTriageStoreKind.InMemory;
            o.ReloadModelOnChange = false;
            configure?.Invoke(o);
        });
        more?.Invoke(peerTriage);
        services?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>A posted message (an event the queue triages).</summary>
    public static MessagePosted Post(string id, string body, DateTimeOffset at, string? parentId = null, AuthorRole role = AuthorRole.Peer) =>
        new("post-" + id, at, new ForumMessage(body) { Id = id, ThreadId = "t1", AuthorId = "author-" + id, AuthorRole = role, ParentId = parentId, PostedAt = at });
}

/// <summary>Captures every log entry (formatted message, event, exception) of a host.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IEnumerable<KeyValuePair<string, object?>>;
            owner.Entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception,
                values?.Select(kv => $"{kv.Key}={kv.Value}").ToArray() ?? []));
        }
    }
}

/// <summary>One captured log entry.</summary>
internal sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception, string[] State)
{
    /// <summary>Everything the entry would put in a log sink, as one string.</summary>
    public string AllText => string.Join('\n', [Category, Message, Exception?.ToString() ?? "", .. State]);
}
