using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PeerTriage.Hosting;

/// <summary>Adds the PeerTriage health check.</summary>
public static class PeerTriageHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a health check that is healthy when a model is loaded and the store answers a query; degraded when the
    /// last model reload was refused (the old model still serves); unhealthy otherwise.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name. Defaults to <c>peertriage</c>.</param>
    /// <param name="tags">Tags for filtering.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddPeerTriage(this IHealthChecksBuilder builder, string name = "peertriage", IEnumerable<string>? tags = null) =>
        throw new NotImplementedException();
}
