using Council.Workflows.Host.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Council.Workflows.Host.Web.Pages.Account;

/// <summary>Sign-in with a login and password: Identity checks the hash, counts failures and locks; attempts are rate-limited per address.</summary>
[EnableRateLimiting(WebApp.SignInLimit)]
internal sealed class SignInModel : PageModel
{
    private readonly UserManager<StaffUser> _users;
    private readonly SignInManager<StaffUser> _signIn;

    public SignInModel(UserManager<StaffUser> users, SignInManager<StaffUser> signIn)
    {
        _users = users;
        _signIn = signIn;
    }

    public string? Problem { get; private set; }

    public string? Login { get; private set; }

    public string ReturnUrl { get; private set; } = "/";

    public void OnGet(string? returnUrl) => ReturnUrl = Local(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? login, string? password, string? returnUrl)
    {
        ReturnUrl = Local(returnUrl);
        Login = login?.Trim();
        if (string.IsNullOrEmpty(Login) || string.IsNullOrEmpty(password))
        {
            Problem = WebText.T["SignIn.Missing"];
            return Page();
        }

        var (user, problem) = await AccountServices.CheckPasswordAsync(_users, Login, password, new TextSource("Output")).ConfigureAwait(false);
        if (user is null)
        {
            Problem = problem;
            return Page();
        }

        await _signIn.SignInAsync(user, isPersistent: false).ConfigureAwait(false);
        return LocalRedirect(ReturnUrl);
    }

    // Only a path of this site: never an address elsewhere (an open redirect).
    private static string Local(string? url) => url is { Length: > 0 } u && u.StartsWith('/') && !u.StartsWith("//", StringComparison.Ordinal) && !u.StartsWith("/\\", StringComparison.Ordinal) ? u : "/";
}
