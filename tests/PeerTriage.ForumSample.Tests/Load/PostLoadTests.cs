using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PeerTriage.ForumSample.Forum;
using PeerTriage.Hosting;

namespace PeerTriage.ForumSample.Tests.Load;

/// <summary>
/// Posts through the sample's HTTP API (POST /api/posts, cookie sign-in, antiforgery header) from concurrent clients
/// against the real server on loopback, then checks that every acknowledged post is in the moderation store with a
/// level. Bounded by a number of posts, never by time: latencies and throughput are printed, not asserted.
/// The 10,000-post runs are opt-in (PEERTRIAGE_LOAD=1); PostgreSQL runs need PEERTRIAGE_TEST_POSTGRES.
/// </summary>
[Category("Load")]
[NonParallelizable]
public sealed class PostLoadTests
{
    private const int Clients = 8;
    private const int PostsPerThread = 50;

    private static readonly string[] Bodies =
    [
        Texts.Green, Texts.Green2, Texts.Amber, Texts.Red, Texts.Crisis,
        "had a nice walk with my dog today, the weather was lovely",
        "finished my degree last year and still no job, I feel useless and ashamed all the time",
        "I haven't eaten properly in days and I keep making myself sick after meals",
    ];

    [TestCase("Sqlite", 500)]
    [TestCase("PostgreSql", 500)]
    public Task A_bounded_run_acknowledges_and_stores_every_post(string store, int posts) => Run(store, posts);

    [TestCase("Sqlite", 10_000)]
    [TestCase("PostgreSql", 10_000)]
    public Task Ten_thousand_posts_from_concurrent_clients(string store, int posts)
    {
        if (Environment.GetEnvironmentVariable("PEERTRIAGE_LOAD") != "1")
            Assert.Ignore("The 10,000-post load run is opt-in: set PEERTRIAGE_LOAD=1 (figures in samples/PeerTriage.ForumSample/README.md).");
        return Run(store, posts);
    }

    private static async Task Run(string store, int posts)
    {
        // Durable SQLite (the default); logs at Warning so 10,000 lines of per-post logging do not weigh on the figures.
        var settings = new Dictionary<string, string?> { ["PeerTriage:SqliteDurability"] = "Full", ["Logging:LogLevel:Default"] = "Warning" };
        if (store == "PostgreSql")
        {
            var connection = Environment.GetEnvironmentVariable("PEERTRIAGE_TEST_POSTGRES");
            if (string.IsNullOrWhiteSpace(connection))
                Assert.Ignore("PostgreSQL load run skipped: set PEERTRIAGE_TEST_POSTGRES to an Npgsql connection string (e.g. from bash .ci/postgres).");
            settings["Forum:Store"] = "PostgreSql";
            settings["Forum:PostgreSqlConnectionString"] = connection;
        }
        await using var factory = new ForumFactory(settings, environment: store == "PostgreSql" ? settings : null);
        var address = factory.StartKestrel();
        factory.Services.GetRequiredService<IOptions<PeerTriageOptions>>().Value.Store
            .Should().Be(store == "PostgreSql" ? PeerTriageStoreKind.Custom : PeerTriageStoreKind.Sqlite, "the run must use the store it names");

        var users = new[] { "sam", "alex", "jo" };
        var clients = new List<(HttpClient Http, string Token)>();
        for (var i = 0; i < Clients; i++)
        {
            var http = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
            {
                BaseAddress = address,
            };
            var client = new ForumClient(http);
            await client.SignInAsync(users[i % users.Length]);
            clients.Add((http, await client.TokenAsync()));
        }

        var next = -1;
        var latencies = new double[posts];
        var acknowledged = new ConcurrentBag<string>();
        var failures = new ConcurrentBag<string>();
        var total = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select((client, c) => Task.Run(async () =>
        {
            string? thread = null;
            var inThread = 0;
            int i;
            while ((i = Interlocked.Increment(ref next)) < posts)
            {
                var body = Bodies[i % Bodies.Length] + " #" + i.ToString(CultureInfo.InvariantCulture);
                var request = thread is null || inThread == PostsPerThread
                    ? new PostRequest(body, Subject: $"load {c}-{i}")
                    : new PostRequest(body, thread);
                using var message = new HttpRequestMessage(HttpMethod.Post, new Uri("api/posts", UriKind.Relative)) { Content = JsonContent.Create(request) };
                message.Headers.Add(ForumHttp.AntiforgeryHeader, client.Token);
                var watch = Stopwatch.StartNew();
                using var response = await client.Http.SendAsync(message);
                var outcome = response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<OutcomeDto>() : null;
                latencies[i] = watch.Elapsed.TotalMilliseconds;
                if (outcome?.MessageId is null || outcome.Status is null)
                {
                    failures.Add($"post {i}: HTTP {(int)response.StatusCode}");
                    continue;
                }
                acknowledged.Add(outcome.MessageId);
                if (request.ThreadId is null)
                {
                    thread = outcome.ThreadId;
                    inThread = 1;
                }
                else
                {
                    inThread++;
                }
            }
        })));
        total.Stop();
        foreach (var (http, _) in clients)
            http.Dispose();

        Array.Sort(latencies);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"load {store}: {posts} posts, {Clients} clients, {total.Elapsed.TotalSeconds:F1} s, {posts / total.Elapsed.TotalSeconds:F0} posts/s, " +
            $"latency p50 {Percentile(latencies, 0.50):F1} ms, p90 {Percentile(latencies, 0.90):F1} ms, p99 {Percentile(latencies, 0.99):F1} ms, " +
            $"max {latencies[^1]:F1} ms; {Environment.ProcessorCount} cores");
        TestContext.Out.WriteLine(line);
        Console.WriteLine(line);

        failures.Should().BeEmpty();
        acknowledged.Should().HaveCount(posts).And.OnlyHaveUniqueItems();
        var scheme = factory.Triage.Model.Scheme;
        var missing = new List<string>();
        foreach (var id in acknowledged)
        {
            var status = factory.Triage.GetStatus(id);
            if (status is null || !scheme.TryGetIndex(status.Level, out _))
                missing.Add(id);
        }
        missing.Should().BeEmpty("every acknowledged post is in the store with a level");
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
