using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PeerTriage.ForumSample.Forum;

namespace PeerTriage.ForumSample.Pages;

/// <summary>The sign-in page (anonymous; antiforgery-checked like every page form).</summary>
/// <param name="users">The user store.</param>
public sealed class LoginModel(ForumUsers users) : PageModel
{
    /// <summary>Where to go after signing in (local addresses only).</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>The user name typed.</summary>
    [BindProperty]
    public string? UserName { get; set; }

    /// <summary>The password typed.</summary>
    [BindProperty]
    public string? Password { get; set; }

    /// <summary>The error to show, if any.</summary>
    public string? Error { get; private set; }

    /// <summary>Signs in, or shows the form again with an error (401).</summary>
    /// <returns>The result.</returns>
    public async Task<IActionResult> OnPostAsync()
    {
        var user = users.Verify(UserName, Password);
        if (user is null)
        {
            Error = "Unknown user name or wrong password.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, user.Role)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
