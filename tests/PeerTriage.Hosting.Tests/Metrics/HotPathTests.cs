using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace PeerTriage.Hosting.Tests.Metrics;

public sealed class HotPathTests
{
    [Test]
    public async Task Triage_through_the_provider_allocates_nothing_while_its_instruments_are_listened_to()
    {
        using var dir = new TempDirectory();
        using var host = HostFixture.Build(HostFixture.CopyModel(dir));
        await host.StartAsync();
        var provider = host.Services.GetRequiredService<TriageModelProvider>();

        // A listener like an exporter's: it aggregates without allocating, so any allocation is the provider's.
        long count = 0;
        double total = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PeerTriageMetrics.MeterName)
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref count, value));
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => total += value);
        listener.Start();

        Goldens.SteadyStateAllocation(provider, 5_000).Should().Be(0);
        count.Should().BeGreaterThanOrEqualTo(5_000, "the counter was listened to");
        total.Should().BeGreaterThan(0);
        await host.StopAsync();
    }
}
