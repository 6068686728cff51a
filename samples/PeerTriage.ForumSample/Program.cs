using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PeerTriage.ForumSample.Forum;
using PeerTriage.Hosting;

var builder = WebApplication.CreateBuilder(args);

// Settings are read when first needed, not here, so that overrides added after this point (tests) are seen.
var configuration = builder.Configuration;
ForumOptions Forum() => configuration.GetSection(ForumOptions.SectionName).Get<ForumOptions>() ?? new ForumOptions();
string DataFolder()
{
    var folder = Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, Forum().DataFolder));
    Directory.CreateDirectory(folder);
    return folder;
}

// PeerTriage: options from the "PeerTriage" section; without a model path, the demo model trained once into the data
// folder; without an SQLite path, moderation.db in the data folder.
builder.Services.TryAddSingleton(TimeProvider.System);
var peerTriage = builder.Services.AddPeerTriage(configuration.GetSection(PeerTriageOptions.SectionName), options =>
{
    if (string.IsNullOrWhiteSpace(options.ModelPath))
        options.ModelPath = DemoModel.Ensure(DataFolder());
    if (string.IsNullOrWhiteSpace(configuration[$"{PeerTriageOptions.SectionName}:{nameof(PeerTriageOptions.SqlitePath)}"]))
        options.SqlitePath = Path.Combine(DataFolder(), "moderation.db");
});
ForumStores.Configure(peerTriage, Forum);

builder.Services.AddSingleton(_ => Forum());
builder.Services.AddSingleton(_ => new ForumDb(Path.Combine(DataFolder(), "forum.db")));
builder.Services.AddSingleton(sp => new ForumUsers(sp.GetRequiredService<ForumOptions>().Users));
builder.Services.AddSingleton<ForumActions>();

// The keys that protect sign-in and antiforgery cookies live in the data folder, so sign-ins survive a restart. Several
// web servers must share one key ring (a shared folder, or a database): see docs/hosting.md.
builder.Services.AddDataProtection().SetApplicationName("PeerTriage.ForumSample");
builder.Services.AddOptions<KeyManagementOptions>().Configure<ILoggerFactory>((keys, logging) =>
    keys.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(DataFolder(), "keys")), logging));

// Cookie sign-in. API callers (paths under /api, or asking for JSON) get 401/403, never a redirect to a page.
builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(options =>
{
    options.LoginPath = "/login";
    options.Cookie.Name = ".PeerTriage.Forum";
    options.Cookie.HttpOnly = true;
    options.Cookie.SameSite = SameSiteMode.Strict;
    options.SlidingExpiration = true;
    options.ExpireTimeSpan = TimeSpan.FromHours(8);
    options.Events.OnRedirectToLogin = context => ForumHttp.Challenge(context);
    options.Events.OnRedirectToAccessDenied = context => ForumHttp.Forbid(context);
});
builder.Services.AddAuthorizationBuilder()
    .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
    .AddPolicy(ForumRoles.Moderator, policy => policy.RequireRole(ForumRoles.Moderator));

builder.Services.AddAntiforgery(options =>
{
    options.HeaderName = ForumHttp.AntiforgeryHeader;
    options.Cookie.Name = ".PeerTriage.Antiforgery";
    options.Cookie.SameSite = SameSiteMode.Strict;
});

// Flags: a fixed window per signed-in member (the partition key is the user name), 429 with a message when exceeded.
builder.Services.AddRateLimiter(options =>
{
    options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
    options.AddPolicy(ForumHttp.FlagPolicy, context =>
    {
        var forum = context.RequestServices.GetRequiredService<ForumOptions>();
        return RateLimitPartition.GetFixedWindowLimiter(context.User.Identity?.Name ?? "",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = forum.FlagsPerWindow, Window = forum.FlagWindow, QueueLimit = 0 });
    });
    options.OnRejected = (context, cancellationToken) =>
    {
        var forum = context.HttpContext.RequestServices.GetRequiredService<ForumOptions>();
        context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
        return new ValueTask(context.HttpContext.Response.WriteAsync(
            $"Too many flags: at most {forum.FlagsPerWindow} per {ForumText.Duration(forum.FlagWindow)} for each member. Please wait a little. " +
            "If someone is in danger right now, contact a moderator or emergency services directly.", cancellationToken));
    };
});

builder.Services.AddRazorPages(options => options.Conventions.AllowAnonymousToPage("/Login"));

// Health for a load balancer: the model is loaded and the store answers; Degraded after a refused model reload.
builder.Services.AddHealthChecks().AddPeerTriage();

var app = builder.Build();

app.Use(ForumHttp.SecurityHeaders);
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();

app.MapRazorPages();
app.MapHealthChecks("/health").AllowAnonymous();
ForumEndpoints.Map(app);

if (app.Services.GetRequiredService<ForumOptions>().SeedDemoThreads)
{
    DemoSeed.SeedIfEmpty(app.Services.GetRequiredService<ForumDb>(), app.Services.GetRequiredService<ForumActions>(),
        app.Services.GetRequiredService<ForumUsers>(), app.Services.GetRequiredService<TimeProvider>().GetUtcNow());
}

app.Run();

/// <summary>The entry point, public so WebApplicationFactory can start it.</summary>
public partial class Program;
