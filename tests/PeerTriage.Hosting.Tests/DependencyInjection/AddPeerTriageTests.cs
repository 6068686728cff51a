using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PeerTriage.Moderation;

namespace PeerTriage.Hosting.Tests.DependencyInjection;

public sealed class AddPeerTriageTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Starting_without_a_model_path_names_the_setting()
    {
        using var host = HostFixture.Build(modelPath: null!);
        var act = () => host.StartAsync();
        (await act.Should().ThrowAsync<OptionsValidationException>())
            .Which.Message.Should().Contain("PeerTriage:ModelPath is required");
    }

    [Test]
    public async Task Starting_with_a_missing_model_names_the_setting_and_the_path()
    {
        using var dir = new TempDirectory();
        string missing = dir.File("nope.ptm");
        using var host = HostFixture.Build(missing);
        var act = () => host.StartAsync();
        (await act.Should().ThrowAsync<OptionsValidationException>())
            .Which.Message.Should().Contain($"PeerTriage:ModelPath '{missing}' does not exist");
    }

    [Test]
    public async Task Starting_with_a_corrupt_model_says_why()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("bad.ptm", "this is not a model");
        using var host = HostFixture.Build(path);
        var act = () => host.StartAsync();
        (await act.Should().ThrowAsync<OptionsValidationException>())
            .Which.Message.Should().Contain($"PeerTriage:ModelPath '{path}' is not a usable model");
    }

    [Test]
    public async Task Negative_durations_and_unknown_flag_levels_are_each_reported()
    {
        using var dir = new TempDirectory();
        string model = HostFixture.CopyModel(dir);
        using var host = HostFixture.Build(model, o =>
        {
            o.ModelReloadDelay = TimeSpan.FromSeconds(-1);
            o.CommunityWindow = TimeSpan.FromMinutes(-5);
            o.EscalationSweepInterval = TimeSpan.Zero;
            o.EscalationLease = TimeSpan.Zero;
            o.NodeId = "  ";
            o.FlagLevel = "purple";
        });
        var act = () => host.StartAsync();
        var failures = (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.ToList();
        failures.Should().Contain(f => f.StartsWith("PeerTriage:ModelReloadDelay must not be negative", StringComparison.Ordinal));
        failures.Should().Contain(f => f.StartsWith("PeerTriage:CommunityWindow must not be negative", StringComparison.Ordinal));
        failures.Should().Contain(f => f.StartsWith("PeerTriage:EscalationSweepInterval must be positive", StringComparison.Ordinal));
        failures.Should().Contain(f => f.StartsWith("PeerTriage:EscalationLease must be at least 1 millisecond", StringComparison.Ordinal));
        failures.Should().Contain(f => f.StartsWith("PeerTriage:NodeId must be 1 to 200 characters", StringComparison.Ordinal));
        failures.Should().Contain("PeerTriage:FlagLevel 'purple' is not a level of the model's scheme (green < amber < red < crisis).");
    }

    [Test]
    public async Task A_flag_level_below_the_flagged_levels_is_refused()
    {
        using var dir = new TempDirectory();
        using var host = HostFixture.Build(HostFixture.CopyModel(dir), o => o.FlagLevel = "green");
        var act = () => host.StartAsync();
        (await act.Should().ThrowAsync<OptionsValidationException>())
            .Which.Message.Should().Contain("PeerTriage:FlagLevel 'green' is below the model's lowest flagged level 'amber'");
    }

    [Test]
    public async Task Settings_bound_from_a_section_are_named_by_its_path()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Forum:Triage:ModelPath"] = "",
            ["Forum:Triage:Store"] = "InMemory",
        }).Build();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddPeerTriage(config.GetSection("Forum:Triage"));
        using var host = builder.Build();
        var act = () => host.StartAsync();
        (await act.Should().ThrowAsync<OptionsValidationException>())
            .Which.Message.Should().Contain("Forum:Triage:ModelPath is required");
    }

    [Test]
    public async Task Configuration_values_are_bound_and_the_action_runs_after_them()
    {
        using var dir = new TempDirectory();
        string model = HostFixture.CopyModel(dir);
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PeerTriage:ModelPath"] = model,
            ["PeerTriage:Store"] = "InMemory",
            ["PeerTriage:CommunityWindow"] = "00:10:00",
            ["PeerTriage:FlagLevel"] = "amber",
            ["PeerTriage:ReloadModelOnChange"] = "false",
            ["PeerTriage:NodeId"] = "web-2",
            ["PeerTriage:EscalationLease"] = "00:05:00",
        }).Build();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddPeerTriage(config.GetSection(PeerTriageOptions.SectionName), o => o.CommunityWindow = TimeSpan.FromMinutes(20));
        using var host = builder.Build();
        await host.StartAsync();
        var queue = host.Services.GetRequiredService<ModerationQueue>();
        queue.Options.CommunityWindow.Should().Be(TimeSpan.FromMinutes(20));
        queue.Options.FlagLevel.Should().Be("amber");
        (queue.Options.NodeId, queue.Options.EscalationLease).Should().Be(("web-2", TimeSpan.FromMinutes(5)));
        await host.StopAsync();
    }

    [TestCase(PeerTriageStoreKind.InMemory)]
    [TestCase(PeerTriageStoreKind.Sqlite)]
    [TestCase(PeerTriageStoreKind.Custom)]
    public async Task The_services_resolve_and_a_post_is_triaged_and_stored_with_each_store_kind(PeerTriageStoreKind kind)
    {
        using var dir = new TempDirectory();
        string model = HostFixture.CopyModel(dir);
        ModerationStore? custom = null;
        using var host = HostFixture.Build(model,
            o =>
            {
                o.Store = kind == PeerTriageStoreKind.Custom ? PeerTriageStoreKind.InMemory : kind;
                o.SqlitePath = dir.File("moderation.db");
            },
            more: b =>
            {
                if (kind == PeerTriageStoreKind.Custom)
                    b.UseStore(_ => custom = ModerationStore.CreateInMemory());
            });
        await host.StartAsync();

        var service = host.Services.GetRequiredService<TriageService>();
        host.Services.GetRequiredService<ITriageClassifier>().Should().BeSameAs(service.Model);
        host.Services.GetRequiredService<IOptions<PeerTriageOptions>>().Value.Store.Should().Be(kind);
        var store = host.Services.GetRequiredService<ModerationStore>();
        if (kind == PeerTriageStoreKind.Custom)
            store.Should().BeSameAs(custom);

        var result = service.Apply(HostFixture.Post("m1", "I want to end my life tonight, I have the pills ready", T0));
        result.Outcome.Should().Be(ApplyOutcome.Applied);
        string expected = service.Model.Current.Triage(new ForumMessage("I want to end my life tonight, I have the pills ready")).Level;
        service.GetStatus("m1")!.ModelLevel.Should().Be(expected);
        store.MessageCount.Should().Be(1);
        if (kind == PeerTriageStoreKind.Sqlite)
            File.Exists(dir.File("moderation.db")).Should().BeTrue();
        await host.StopAsync();
    }

    [Test]
    public async Task The_store_is_disposed_with_the_host()
    {
        using var dir = new TempDirectory();
        var host = HostFixture.Build(HostFixture.CopyModel(dir), o =>
        {
            o.Store = PeerTriageStoreKind.Sqlite;
            o.SqlitePath = dir.File("moderation.db");
        });
        await host.StartAsync();
        var store = host.Services.GetRequiredService<ModerationStore>();
        await host.StopAsync();
        host.Dispose();
        var read = () => store.MessageCount;
        read.Should().Throw<ObjectDisposedException>();
    }

    [Test]
    public async Task Custom_without_UseStore_is_refused_at_startup()
    {
        using var dir = new TempDirectory();
        using var host = HostFixture.Build(HostFixture.CopyModel(dir), o => o.Store = PeerTriageStoreKind.Custom);
        var act = () => host.StartAsync();
        (await act.Should().ThrowAsync<OptionsValidationException>())
            .Which.Message.Should().Contain("PeerTriage:Store is Custom, but no store was given");
    }

    [Test]
    public async Task A_sqlite_path_in_a_missing_folder_is_refused_at_startup()
    {
        using var dir = new TempDirectory();
        string db = Path.Combine(dir.Path, "no-such-folder", "m.db");
        using var host = HostFixture.Build(HostFixture.CopyModel(dir), o =>
        {
            o.Store = PeerTriageStoreKind.Sqlite;
            o.SqlitePath = db;
        });
        var act = () => host.StartAsync();
        (await act.Should().ThrowAsync<OptionsValidationException>())
            .Which.Message.Should().Contain($"PeerTriage:SqlitePath '{db}' is in a folder that does not exist");
    }
}
