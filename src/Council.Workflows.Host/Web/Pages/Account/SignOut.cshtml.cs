using Council.Workflows.Host.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Council.Workflows.Host.Web.Pages.Account;

/// <summary>Signs out (a POST with the form's token: a link elsewhere cannot sign anyone out).</summary>
internal sealed class SignOutModel : PageModel
{
    private readonly SignInManager<StaffUser> _signIn;

    public SignOutModel(SignInManager<StaffUser> signIn) => _signIn = signIn;

    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        await _signIn.SignOutAsync().ConfigureAwait(false);
        return Redirect("/account/sign-in");
    }
}
