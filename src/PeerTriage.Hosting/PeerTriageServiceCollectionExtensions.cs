using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PeerTriage.Moderation;

namespace PeerTriage.Hosting;

/// <summary>Registers PeerTriage in a service collection.</summary>
public static class PeerTriageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the triage model (<see cref="TriageModelProvider"/>, also the <see cref="ITriageClassifier"/>), the
    /// moderation store and queue, <see cref="TriageService"/>, the metrics, and background services that reload the
    /// model and deliver pending escalations. Options are validated when the host starts.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options; applied after any configuration binding.</param>
    /// <returns>A builder for the rest of the configuration.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static PeerTriageBuilder AddPeerTriage(this IServiceCollection services, Action<PeerTriageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        return AddCore(services, null, configure);
    }

    /// <summary>As <see cref="AddPeerTriage(IServiceCollection, Action{PeerTriageOptions}?)"/>, with options bound from a configuration section.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section, usually <c>builder.Configuration.GetSection(PeerTriageOptions.SectionName)</c>.</param>
    /// <param name="configure">Sets the options after binding.</param>
    /// <returns>A builder for the rest of the configuration.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is null.</exception>
    public static PeerTriageBuilder AddPeerTriage(this IServiceCollection services, IConfiguration configuration, Action<PeerTriageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return AddCore(services, configuration, configure);
    }

    private static PeerTriageBuilder AddCore(IServiceCollection services, IConfiguration? configuration, Action<PeerTriageOptions>? configure)
    {
        var options = services.AddOptions<PeerTriageOptions>();
        if (configuration is not null)
            options.Bind(configuration);
        if (configure is not null)
            options.Configure(configure);
        options.ValidateOnStart();

        // A second call adds its configuration; the services are registered once.
        if (services.Any(d => d.ServiceType == typeof(StartupModelCache)))
            return new PeerTriageBuilder(services);

        // Messages name settings by their configuration path, so an operator can find them in appsettings.json.
        string prefix = configuration is IConfigurationSection { Path.Length: > 0 } section ? section.Path : PeerTriageOptions.SectionName;
        services.TryAddSingleton<StartupModelCache>();
        services.AddSingleton<IValidateOptions<PeerTriageOptions>>(sp =>
            new PeerTriageOptionsValidator(prefix, sp.GetRequiredService<StartupModelCache>(), sp.GetServices<CustomStoreRegistration>()));

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            string path = Path.GetFullPath(Options(sp).ModelPath!);
            var model = sp.GetRequiredService<StartupModelCache>().Take(path);
            var instruments = new PeerTriageInstruments(sp.GetService<IMeterFactory>(), model.Scheme);
            return new TriageModelProvider(path, model, Logger<TriageModelProvider>(sp), instruments, sp.GetRequiredService<TimeProvider>());
        });
        // The instruments are built with the provider (they need its scheme); the container disposes them.
        services.TryAddSingleton(sp => ModelProvider(sp).Instruments);
        services.TryAddSingleton<ITriageClassifier>(sp => sp.GetRequiredService<TriageModelProvider>());
        services.TryAddSingleton(CreateStore);
        services.TryAddSingleton(sp =>
        {
            var o = Options(sp);
            var dispatcher = sp.GetRequiredService<EscalationDispatcher>();
            var moderation = new ModerationOptions
            {
                CommunityWindow = o.CommunityWindow,
                FlagLevel = o.FlagLevel,
                EraseTextOnDelete = o.EraseTextOnDelete,
                NodeId = o.NodeId,
                EscalationLease = o.EscalationLease,
                TimeProvider = sp.GetRequiredService<TimeProvider>(),
                OnCrisis = dispatcher.Deliver,
            };
            var queue = new ModerationQueue(sp.GetRequiredService<ModerationStore>(), ModelProvider(sp), moderation);
            sp.GetRequiredService<PeerTriageInstruments>().Attach(queue);
            return queue;
        });
        services.TryAddSingleton(sp => new EscalationDispatcher(sp, Logger<EscalationDispatcher>(sp)));
        services.TryAddSingleton(sp => new TriageService(
            sp.GetRequiredService<ModerationQueue>(), ModelProvider(sp), sp.GetRequiredService<PeerTriageInstruments>(), Logger<TriageService>(sp)));

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ModelFileWatcher>(sp =>
            new ModelFileWatcher(ModelProvider(sp), Options(sp), sp.GetRequiredService<TimeProvider>(), Logger<ModelFileWatcher>(sp))));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EscalationSweepService>(sp =>
            new EscalationSweepService(sp.GetRequiredService<ModerationQueue>(), Options(sp).EscalationSweepInterval,
                sp.GetRequiredService<TimeProvider>(), Logger<EscalationSweepService>(sp))));
        return new PeerTriageBuilder(services);
    }

    private static ModerationStore CreateStore(IServiceProvider sp)
    {
        var o = Options(sp);
        var logger = Logger<ModerationStore>(sp);
        switch (o.Store)
        {
            case PeerTriageStoreKind.Sqlite:
                string path = Path.GetFullPath(o.SqlitePath);
                var sqlite = ModerationStore.OpenSqlite(path, new SqliteStoreOptions { Durability = o.SqliteDurability });
                logger.StoreOpened(o.Store, path);
                return sqlite;
            case PeerTriageStoreKind.InMemory:
                logger.StoreOpened(o.Store, "(memory)");
                return ModerationStore.CreateInMemory();
            default:
                var registration = sp.GetService<CustomStoreRegistration>()
                    ?? throw new InvalidOperationException($"{PeerTriageOptions.SectionName}:Store is Custom, but no store was given: call UseStore(...) on the builder AddPeerTriage returns.");
                var custom = registration.Factory(sp)
                    ?? throw new InvalidOperationException("The factory given to UseStore returned null.");
                logger.StoreOpened(o.Store, custom.GetType().Name);
                return custom;
        }
    }

    private static PeerTriageOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<PeerTriageOptions>>().Value;

    private static TriageModelProvider ModelProvider(IServiceProvider sp) => sp.GetRequiredService<TriageModelProvider>();

    private static ILogger Logger<T>(IServiceProvider sp) =>
        (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<T>();
}
