using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PeerTriage.Moderation;

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
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="name"/> is null.</exception>
    public static IHealthChecksBuilder AddPeerTriage(this IHealthChecksBuilder builder, string name = "peertriage", IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        return builder.Add(new HealthCheckRegistration(
            name,
            sp => new PeerTriageHealthCheck(sp.GetRequiredService<TriageModelProvider>(), sp.GetRequiredService<ModerationStore>()),
            failureStatus: HealthStatus.Unhealthy,
            tags));
    }
}

/// <summary>The check behind <see cref="PeerTriageHealthChecksBuilderExtensions.AddPeerTriage"/>; its descriptions carry no message text.</summary>
internal sealed class PeerTriageHealthCheck(TriageModelProvider model, ModerationStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["model_loaded_at"] = model.LoadedAt,
            ["model_reloads"] = model.Reloads,
        };
        long messages;
        try
        {
            messages = store.MessageCount;
        }
#pragma warning disable CA1031 // any store failure is the unhealthy answer, not a crash of the health endpoint
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus,
                $"The moderation store did not answer ({e.GetType().Name}).", e, data));
        }
        data["store_messages"] = messages;
        if (model.LastReloadError is { } error)
        {
            return Task.FromResult(HealthCheckResult.Degraded(
                $"The last model reload was refused; the model loaded at {model.LoadedAt:O} keeps serving: {error}", null, data));
        }
        return Task.FromResult(HealthCheckResult.Healthy($"Model loaded at {model.LoadedAt:O}; the store answers ({messages} messages).", data));
    }
}
