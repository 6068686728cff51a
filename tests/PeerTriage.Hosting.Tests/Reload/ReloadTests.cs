using Microsoft.Extensions.DependencyInjection;
using PeerTriage.Data;

namespace PeerTriage.Hosting.Tests.Reload;

public sealed class ReloadTests
{
    private static readonly ForumMessage Probe = new("I feel so alone lately and nothing helps, I can't sleep.");

    private static float[] Scores(ITriageClassifier classifier, ForumMessage message)
    {
        var p = new float[classifier.Scheme.Count];
        classifier.Triage(message, null, p);
        return p;
    }

    [Test]
    public async Task A_corrupt_file_is_refused_the_old_model_keeps_serving_and_the_log_says_why()
    {
        using var dir = new TempDirectory();
        string path = HostFixture.CopyModel(dir);
        var logs = new CapturingLoggerProvider();
        using var host = HostFixture.Build(path, logs: logs);
        await host.StartAsync();
        var provider = host.Services.GetRequiredService<TriageModelProvider>();
        var before = provider.Current;
        var expected = Scores(before, Probe);

        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]); // a half-copied file

        var result = provider.Reload();

        result.Reloaded.Should().BeFalse();
        result.Error.Should().NotBeNullOrEmpty();
        provider.LastReloadError.Should().Be(result.Error);
        provider.Reloads.Should().Be(0);
        provider.Current.Should().BeSameAs(before);
        Scores(provider, Probe).Should().Equal(expected);
        var refused = logs.Entries.Should().ContainSingle(e => e.EventId.Name == "ModelReloadRefused").Which;
        refused.Message.Should().Contain(path).And.Contain("previous model keeps serving").And.Contain(result.Error!);
        await host.StopAsync();
    }

    [Test]
    public async Task A_good_new_file_is_swapped_in_and_changes_predictions()
    {
        using var dir = new TempDirectory();
        string path = HostFixture.CopyModel(dir, HostFixture.ModelA);
        using var host = HostFixture.Build(path);
        await host.StartAsync();
        var provider = host.Services.GetRequiredService<TriageModelProvider>();
        var oldScores = Scores(provider, Probe);
        var loadedAt = provider.LoadedAt;
        var newScores = Scores(TriageModel.Load(HostFixture.Fixture(HostFixture.ModelB)), Probe);
        newScores.Should().NotEqual(oldScores, "the two golden models must score differently for this test to mean anything");

        HostFixture.CopyModel(dir, HostFixture.ModelB);
        var result = provider.Reload();

        result.Should().Be(new ModelReloadResult(true, null));
        provider.Reloads.Should().Be(1);
        provider.LastReloadError.Should().BeNull();
        provider.LoadedAt.Should().BeOnOrAfter(loadedAt);
        Scores(provider, Probe).Should().Equal(newScores);
        await host.StopAsync();
    }

    [Test]
    public async Task A_successful_reload_clears_the_last_error()
    {
        using var dir = new TempDirectory();
        string path = HostFixture.CopyModel(dir);
        using var host = HostFixture.Build(path);
        await host.StartAsync();
        var provider = host.Services.GetRequiredService<TriageModelProvider>();
        File.WriteAllText(path, "garbage");
        provider.Reload().Reloaded.Should().BeFalse();
        provider.LastReloadError.Should().NotBeNull();

        HostFixture.CopyModel(dir, HostFixture.ModelB);
        provider.Reload().Reloaded.Should().BeTrue();
        provider.LastReloadError.Should().BeNull();
        await host.StopAsync();
    }

    [Test]
    public async Task A_model_with_another_scheme_is_refused_because_the_store_keeps_levels_as_numbers()
    {
        using var dir = new TempDirectory();
        string path = HostFixture.CopyModel(dir);
        using var host = HostFixture.Build(path);
        await host.StartAsync();
        var provider = host.Services.GetRequiredService<TriageModelProvider>();
        var before = provider.Current;

        var names = new Dictionary<string, string> { ["green"] = "calm", ["amber"] = "watch", ["red"] = "urgent", ["crisis"] = "crisis" };
        var scheme = new PriorityScheme(["calm", "watch", "urgent", "crisis"], 1, 2);
        var relabelled = DemoCorpus.Load().Select(e => new LabeledMessage(e.Message, names[e.Label])).ToList();
        TriageModel.Train(relabelled, new TriageTrainingOptions { Scheme = scheme, MaxIterations = 20 }).Save(path);

        var result = provider.Reload();

        result.Reloaded.Should().BeFalse();
        result.Error.Should().Contain("calm < watch < urgent < crisis").And.Contain("green < amber < red < crisis")
            .And.Contain("store keeps levels as numbers");
        provider.Current.Should().BeSameAs(before);
        await host.StopAsync();
    }

    [Test]
    public async Task A_call_in_flight_during_a_swap_finishes_on_the_model_it_started_with()
    {
        using var dir = new TempDirectory();
        string path = HostFixture.CopyModel(dir, HostFixture.ModelA);
        using var host = HostFixture.Build(path);
        await host.StartAsync();
        var provider = host.Services.GetRequiredService<TriageModelProvider>();
        var oldScores = Scores(provider, Probe);
        HostFixture.CopyModel(dir, HostFixture.ModelB);
        var newScores = Scores(TriageModel.Load(path), Probe);
        newScores.Should().NotEqual(oldScores);

        // The swap happens inside the call, after it read the model and before it scores: it must score on the old one.
        int swaps = 0;
        provider.AfterModelRead = () =>
        {
            if (Interlocked.Increment(ref swaps) == 1)
                provider.Reload().Reloaded.Should().BeTrue();
        };
        var inFlight = Scores(provider, Probe);
        var next = Scores(provider, Probe);
        provider.AfterModelRead = null;

        swaps.Should().Be(2);
        provider.Reloads.Should().Be(1);
        inFlight.Should().Equal(oldScores);
        next.Should().Equal(newScores);
        await host.StopAsync();
    }

    [Test]
    public async Task The_watcher_reloads_a_file_renamed_into_place_and_refuses_a_corrupt_write()
    {
        using var dir = new TempDirectory();
        string path = HostFixture.CopyModel(dir, HostFixture.ModelA);
        var logs = new CapturingLoggerProvider();
        using var host = HostFixture.Build(path, o =>
        {
            o.ReloadModelOnChange = true;
            o.ModelReloadDelay = TimeSpan.FromMilliseconds(100);
        }, logs: logs);
        await host.StartAsync();
        var provider = host.Services.GetRequiredService<TriageModelProvider>();
        var newScores = Scores(TriageModel.Load(HostFixture.Fixture(HostFixture.ModelB)), Probe);

        // How deployments replace a file: write beside it, then rename over it.
        string staging = dir.File("model.ptm.tmp");
        File.Copy(HostFixture.Fixture(HostFixture.ModelB), staging);
        File.Move(staging, path, overwrite: true);
        await WaitUntil(() => provider.Reloads == 1, "the renamed file to be loaded");
        Scores(provider, Probe).Should().Equal(newScores);

        File.WriteAllText(path, "not a model at all");
        await WaitUntil(() => provider.LastReloadError is not null, "the corrupt file to be refused");
        provider.Reloads.Should().Be(1);
        Scores(provider, Probe).Should().Equal(newScores);
        logs.Entries.Should().Contain(e => e.EventId.Name == "ModelReloadRefused");
        await host.StopAsync();
    }

    [Test]
    public async Task Without_ReloadModelOnChange_a_changed_file_is_not_loaded()
    {
        using var dir = new TempDirectory();
        string path = HostFixture.CopyModel(dir, HostFixture.ModelA);
        var logs = new CapturingLoggerProvider();
        using var host = HostFixture.Build(path, o => o.ReloadModelOnChange = false, logs: logs);
        await host.StartAsync();
        host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<ModelFileWatcher>().Should().ContainSingle();
        logs.Entries.Should().NotContain(e => e.EventId.Name == "ModelWatchStarted");
        await host.StopAsync();
    }

    /// <summary>Waits for a file-system event to be handled; the limit only stops a broken build from hanging.</summary>
    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        for (int i = 0; i < 300 && !condition(); i++)
            await Task.Delay(50);
        condition().Should().BeTrue($"we waited 15 s for {what}");
    }
}
