using System.Security.Claims;
using Council.Workflows.Accounts;
using Council.Workflows.Host.Accounts;
using Council.Workflows.Host.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Council.Workflows.Host.Web.Pages.Account;

/// <summary>
/// Sign-in through the council's identity provider: <c>GET</c> sends the person to the provider; the provider's answer
/// comes back to <c>?handler=Callback</c>, where the claims make (or bring up to date) the account <c>{login}@sso</c> — its
/// name, and its roles from the provider's role claims through the settings' map, each change recorded as a grant by
/// <c>sso</c> — and the council's own session begins. A person whose claims grant no council role is not let in.
/// </summary>
[EnableRateLimiting(WebApp.SignInLimit)]
internal sealed class ExternalModel(
    OpenIdConnectSettings settings, UserManager<StaffUser> users, SignInManager<StaffUser> signIn, IAccountStore accounts, NodaTime.IClock clock) : PageModel
{
    public string? Problem { get; private set; }

    public IActionResult OnGet() => settings.Enabled
        ? Challenge(new AuthenticationProperties { RedirectUri = "/account/external?handler=Callback" }, WebApp.OpenIdScheme)
        : NotFound();

    public async Task<IActionResult> OnGetCallbackAsync(CancellationToken ct)
    {
        if (!settings.Enabled)
        {
            return NotFound();
        }

        var result = await HttpContext.AuthenticateAsync(IdentityConstants.ExternalScheme).ConfigureAwait(false);
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme).ConfigureAwait(false);
        if (!result.Succeeded || result.Principal is not { } principal)
        {
            Problem = WebText.T["External.Failed"];
            return Page();
        }

        var login = principal.FindFirstValue(settings.LoginClaim) ?? principal.FindFirstValue("sub");
        var account = login is null ? null : login.Trim() + OpenIdConnectSettings.AccountSuffix;
        if (account is null || AccountServices.LoginProblem(account, new TextSource("Output")) is not null)
        {
            Problem = WebText.T.Format("External.BadLogin", settings.LoginClaim);
            return Page();
        }

        var name = (principal.FindFirstValue(settings.NameClaim) ?? login!).Trim();
        var roles = settings.RolesOf(principal.FindAll(settings.RolesClaim).Select(c => c.Value));
        if (roles.Count == 0)
        {
            Problem = WebText.T["External.NoRoles"];
            return Page();
        }

        var now = clock.GetCurrentInstant();
        var user = await users.FindByNameAsync(account).ConfigureAwait(false);
        if (user is null)
        {
            user = new StaffUser
            {
                Login = account, Name = name, SecurityStamp = AccountServices.NewStamp(), Roles = roles, CreatedAt = now, CreatedBy = "sso",
            };
            var created = await users.CreateAsync(user).ConfigureAwait(false);
            if (!created.Succeeded)
            {
                Problem = AccountAdministration.Describe(created, account);
                return Page();
            }
        }
        else if (user.Disabled)
        {
            Problem = WebText.T["External.Disabled"];
            return Page();
        }
        else
        {
            // The provider decides the roles: what changed since the last sign-in is granted or taken away, and recorded.
            foreach (var role in roles.Where(r => !user.Roles.Contains(r)))
            {
                await accounts.GrantAsync(new RoleGrant(account, role, true, "sso", now), AccountServices.NewStamp(), ct).ConfigureAwait(false);
            }

            foreach (var role in user.Roles.Where(r => !roles.Contains(r)).ToList())
            {
                await accounts.GrantAsync(new RoleGrant(account, role, false, "sso", now), AccountServices.NewStamp(), ct).ConfigureAwait(false);
            }

            if (user.Name != name && await accounts.FindAsync(account, ct).ConfigureAwait(false) is { } current)
            {
                await accounts.UpdateAsync(current with { Name = name }, current.SecurityStamp, ct).ConfigureAwait(false);
            }

            user = (await users.FindByNameAsync(account).ConfigureAwait(false))!;
        }

        await signIn.SignInAsync(user, isPersistent: false).ConfigureAwait(false);
        return LocalRedirect("/");
    }
}
