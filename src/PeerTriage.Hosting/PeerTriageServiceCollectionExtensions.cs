using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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
    public static PeerTriageBuilder AddPeerTriage(this IServiceCollection services, Action<PeerTriageOptions>? configure = null) =>
        throw new NotImplementedException();

    /// <summary>As <see cref="AddPeerTriage(IServiceCollection, Action{PeerTriageOptions}?)"/>, with options bound from a configuration section.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section, usually <c>builder.Configuration.GetSection(PeerTriageOptions.SectionName)</c>.</param>
    /// <param name="configure">Sets the options after binding.</param>
    /// <returns>A builder for the rest of the configuration.</returns>
    public static PeerTriageBuilder AddPeerTriage(this IServiceCollection services, IConfiguration configuration, Action<PeerTriageOptions>? configure = null) =>
        throw new NotImplementedException();
}
