using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PeerTriage.Moderation;

namespace PeerTriage.Hosting;

/// <summary>What <c>AddPeerTriage</c> returns: further configuration of the PeerTriage services.</summary>
public sealed class PeerTriageBuilder
{
    internal PeerTriageBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Uses the given moderation store (for example PostgreSQL for several web servers) instead of the one
    /// <see cref="PeerTriageOptions.Store"/> selects; sets <see cref="PeerTriageOptions.Store"/> to
    /// <see cref="PeerTriageStoreKind.Custom"/>. The host owns the store and disposes it. A second call replaces the first.
    /// </summary>
    /// <param name="factory">Creates the store once, when first needed.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is null.</exception>
    public PeerTriageBuilder UseStore(Func<IServiceProvider, ModerationStore> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.RemoveAll<CustomStoreRegistration>();
        Services.AddSingleton(new CustomStoreRegistration(factory));
        Services.Configure<PeerTriageOptions>(o => o.Store = PeerTriageStoreKind.Custom);
        return this;
    }

    /// <summary>
    /// Adds a crisis escalation handler (a singleton). Handlers are called in the order they were added, each once per
    /// delivery attempt; see <see cref="ICrisisEscalationHandler"/>. Adding the same type twice adds it once.
    /// </summary>
    /// <typeparam name="THandler">The handler type.</typeparam>
    /// <returns>This builder.</returns>
    public PeerTriageBuilder AddCrisisHandler<THandler>() where THandler : class, ICrisisEscalationHandler
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<ICrisisEscalationHandler, THandler>());
        return this;
    }
}
