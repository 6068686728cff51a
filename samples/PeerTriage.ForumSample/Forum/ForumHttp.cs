using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;

namespace PeerTriage.ForumSample.Forum;

/// <summary>HTTP plumbing shared by the pages and endpoints: security headers, API detection, antiforgery, 401/403.</summary>
public static class ForumHttp
{
    /// <summary>The header carrying the antiforgery token for JSON API calls.</summary>
    public const string AntiforgeryHeader = "X-CSRF-TOKEN";

    /// <summary>The rate limiter policy of the flag endpoint.</summary>
    public const string FlagPolicy = "flags";

    /// <summary>
    /// Adds the security headers: a CSP without inline scripts or styles (every script and style is a file under
    /// wwwroot), no framing, no MIME sniffing, no referrer.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="next">The rest of the pipeline.</param>
    /// <returns>The continuation.</returns>
    public static Task SecurityHeaders(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        return next(context);
    }

    /// <summary>Whether the caller is a script or API client (under <c>/api</c>, or asking for JSON) rather than a page.</summary>
    /// <param name="request">The request.</param>
    /// <returns>True for API calls.</returns>
    public static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) ||
        request.Headers.Accept.Any(a => a is not null && a.Contains("application/json", StringComparison.OrdinalIgnoreCase));

    /// <summary>Not signed in: pages go to the login page; API calls and posts get 401.</summary>
    /// <param name="context">The redirect context.</param>
    /// <returns>The continuation.</returns>
    public static Task Challenge(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context)
    {
        if (IsApi(context.Request) || !HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>Signed in without the role: 403 always (a short page for browsers, nothing for API calls), never a redirect.</summary>
    /// <param name="context">The redirect context.</param>
    /// <returns>The continuation.</returns>
    public static Task Forbid(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        if (IsApi(context.Request))
            return Task.CompletedTask;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync("""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Access denied</title><link rel="stylesheet" href="/site.css"></head>
            <body><main class="page"><h1>Access denied</h1><p>Only moderators can do that.</p><p><a href="/">Back to the forum</a></p></main></body></html>
            """);
    }

    /// <summary>
    /// An endpoint filter that refuses a request without a valid antiforgery token (form field or
    /// <see cref="AntiforgeryHeader"/> header) with 400, before the endpoint runs.
    /// </summary>
    /// <param name="context">The invocation.</param>
    /// <param name="next">The endpoint.</param>
    /// <returns>The result.</returns>
    public static async ValueTask<object?> RequireAntiforgery(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var antiforgery = context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>();
        if (!await antiforgery.IsRequestValidAsync(context.HttpContext))
        {
            return Results.Text($"Missing or invalid antiforgery token: send the form's hidden field, or the {AntiforgeryHeader} header " +
                "with the token from GET /api/antiforgery.", statusCode: StatusCodes.Status400BadRequest);
        }
        return await next(context);
    }

    /// <summary>The signed-in user.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The user.</returns>
    public static ForumUser User(HttpContext context) =>
        new(context.User.Identity?.Name ?? throw new InvalidOperationException("The endpoint requires a signed-in user."),
            context.User.IsInRole(ForumRoles.Moderator));

    /// <summary>Signs out.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The continuation.</returns>
    public static Task SignOut(HttpContext context) => context.SignOutAsync();
}
