using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PeerTriage.ForumSample;
using PeerTriage.ForumSample.Forum;
using PeerTriage.Hosting;

var builder = WebApplication.CreateBuilder(args);

var forum = builder.Configuration.GetSection(ForumOptions.SectionName).Get<ForumOptions>() ?? new ForumOptions();
var dataFolder = Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, forum.DataFolder));
Directory.CreateDirectory(dataFolder);

// PeerTriage: options from the "PeerTriage" section; without a model path, the demo model trained once into the data folder.
var configuredModel = builder.Configuration[$"{PeerTriageOptions.SectionName}:{nameof(PeerTriageOptions.ModelPath)}"];
var demoModelPath = string.IsNullOrWhiteSpace(configuredModel) ? DemoModel.Ensure(dataFolder) : null;
var sqliteConfigured = !string.IsNullOrWhiteSpace(builder.Configuration[$"{PeerTriageOptions.SectionName}:{nameof(PeerTriageOptions.SqlitePath)}"]);
builder.Services.TryAddSingleton(TimeProvider.System);
var peerTriage = builder.Services.AddPeerTriage(builder.Configuration.GetSection(PeerTriageOptions.SectionName), options =>
{
    if (demoModelPath is not null)
        options.ModelPath = demoModelPath;
    if (!sqliteConfigured)
        options.SqlitePath = Path.Combine(dataFolder, "moderation.db");
});
ForumStores.Configure(peerTriage, forum);

builder.Services.AddSingleton(forum);
builder.Services.AddSingleton(new ForumDb(Path.Combine(dataFolder, "forum.db")));
builder.Services.AddSingleton(new ForumUsers(forum.Users));
builder.Services.AddSingleton<ForumActions>();

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
    options.AddPolicy(ForumHttp.FlagPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
        context.User.Identity?.Name ?? "",
        _ => new FixedWindowRateLimiterOptions { PermitLimit = forum.FlagsPerWindow, Window = forum.FlagWindow, QueueLimit = 0 }));
    options.OnRejected = (context, cancellationToken) => new ValueTask(context.HttpContext.Response.WriteAsync(
        $"Too many flags: at most {forum.FlagsPerWindow} per {ForumText.Duration(forum.FlagWindow)} for each member. Please wait a little. " +
        "If someone is in danger right now, contact a moderator or emergency services directly.", cancellationToken));
});

builder.Services.AddRazorPages(options => options.Conventions.AllowAnonymousToPage("/Login"));

var app = builder.Build();

app.Use(ForumHttp.SecurityHeaders);
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();

app.MapRazorPages();
ForumEndpoints.Map(app);

if (forum.SeedDemoThreads)
{
    DemoSeed.SeedIfEmpty(app.Services.GetRequiredService<ForumDb>(), app.Services.GetRequiredService<ForumActions>(),
        app.Services.GetRequiredService<ForumUsers>(), app.Services.GetRequiredService<TimeProvider>().GetUtcNow());
}

app.Run();

/// <summary>The entry point, public so WebApplicationFactory can start it.</summary>
public partial class Program;
