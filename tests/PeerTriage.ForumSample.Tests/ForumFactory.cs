using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PeerTriage.ForumSample.Forum;
using PeerTriage.Hosting;

namespace PeerTriage.ForumSample.Tests;

/// <summary>
/// The sample with a fresh temporary data folder (forum.db and the SQLite moderation store), the demo model trained
/// once per test run, no seed threads and a small flag limit. <see cref="StartKestrel"/> serves it on a real loopback
/// port for the browser and load tests; otherwise it runs on TestServer.
/// </summary>
public sealed class ForumFactory : WebApplicationFactory<Program>
{
    private static readonly Lazy<string> SharedModel = new(() =>
        DemoModel.Ensure(Path.Combine(Path.GetTempPath(), "peertriage-forum-tests-" + Environment.ProcessId)));

    private readonly Dictionary<string, string?> _settings;
    private readonly List<string> _environment = [];

    /// <summary>Creates the factory.</summary>
    /// <param name="settings">Settings that override the defaults below (configuration keys such as <c>PeerTriage:CommunityWindow</c>).</param>
    /// <param name="environment">
    /// Settings the app must see while it registers its services (the store switch <c>Forum:Store</c>): set as
    /// environment variables until the factory is disposed, because WebApplicationFactory's settings arrive later.
    /// Only for tests that do not run in parallel.
    /// </param>
    public ForumFactory(IReadOnlyDictionary<string, string?>? settings = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            var name = key.Replace(":", "__", StringComparison.Ordinal);
            _environment.Add(name);
            Environment.SetEnvironmentVariable(name, value);
        }
        DataFolder = Path.Combine(Path.GetTempPath(), "peertriage-forum-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataFolder);
        _settings = new Dictionary<string, string?>
        {
            ["Forum:DataFolder"] = DataFolder,
            ["Forum:SeedDemoThreads"] = "false",
            ["Forum:FlagsPerWindow"] = "3",
            ["Forum:FlagWindow"] = "00:10:00",
            ["Forum:SidebarRefreshMilliseconds"] = "500",
            ["PeerTriage:ModelPath"] = SharedModel.Value,
            ["PeerTriage:ReloadModelOnChange"] = "false",
            ["PeerTriage:SqliteDurability"] = "Normal",
        };
        if (settings is not null)
        {
            foreach (var (key, value) in settings)
                _settings[key] = value;
        }
    }

    /// <summary>The demo model the tests share (trained once per test run).</summary>
    public static string DemoModelPath => SharedModel.Value;

    /// <summary>The temporary data folder (deleted on dispose).</summary>
    public string DataFolder { get; }

    /// <summary>The base address once <see cref="StartKestrel"/> has run.</summary>
    public Uri? Address { get; private set; }

    /// <summary>The running app's triage service.</summary>
    public TriageService Triage => Services.GetRequiredService<TriageService>();

    /// <summary>Starts the app on Kestrel at a free port on 127.0.0.1 and returns its address.</summary>
    /// <returns>The base address.</returns>
    public Uri StartKestrel()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = new Uri(address.EndsWith('/') ? address : address + "/");
        return Address;
    }

    /// <summary>A client with its own cookies that does not follow redirects.</summary>
    /// <returns>The client.</returns>
    public ForumClient NewClient()
    {
        if (Address is null)
            return new ForumClient(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        return new ForumClient(new HttpClient(handler) { BaseAddress = Address });
    }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        TryDelete();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        TryDelete();
    }

    private void TryDelete()
    {
        foreach (var name in _environment)
            Environment.SetEnvironmentVariable(name, null);
        try
        {
            if (Directory.Exists(DataFolder))
                Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow shutdown: leave it to the OS's temp clean-up.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
