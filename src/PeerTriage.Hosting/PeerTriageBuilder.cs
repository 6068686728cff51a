using Microsoft.Extensions.DependencyInjection;
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
    /// <see cref="PeerTriageStoreKind.Custom"/>. The host owns the store and disposes it.
    /// </summary>
    /// <param name="factory">Creates the store once, when first needed.</param>
    /// <returns>This builder.</returns>
    public PeerTriageBuilder UseStore(Func<IServiceProvider, ModerationStore> factory) => throw new NotImplementedException();

    /// <summary>Adds a crisis escalation handler (a singleton).</summary>
    /// <typeparam name="THandler">The handler type.</typeparam>
    /// <returns>This builder.</returns>
    public PeerTriageBuilder AddCrisisHandler<THandler>() where THandler : class, ICrisisEscalationHandler => throw new NotImplementedException();
}
