using Council.Workflows.Accounts;
using Council.Workflows.Engine;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Council.Workflows.Host.Web.Pages.Admin;

/// <summary>
/// Administration: the accounts — made, their roles granted and taken away, disabled and enabled, their passwords set — and
/// the API keys issued and revoked, by an administrator (the same acts and checks as <c>council users</c>, each recorded); the
/// failed outbox messages; links to the council's settings and the access log (an auditor is taken there).
/// </summary>
internal sealed class IndexModel(
    IAccountStore accounts, ICaseStore store, WebSession who, Deadlines.DeadlineCalculator calculator, Host.Accounts.AccountAdministration administration) : PageModel
{
    /// <summary>What the last act did, or why it was refused.</summary>
    public string? Done { get; private set; }

    public string? Problem { get; private set; }

    /// <summary>A key just issued: shown once, never again.</summary>
    public string? IssuedKey { get; private set; }

    public IReadOnlyList<Council.Workflows.Accounts.Account> Accounts { get; private set; } = [];

    public NodaTime.Instant Now => who.Now;

    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];

    public IReadOnlyList<OutboxEntry> Failed { get; private set; } = [];

    public bool IsAdministrator => who.Has(AccountRole.Administrator);

    public bool ReadsLog => who.Has(AccountRole.Auditor) || IsAdministrator;

    public NodaTime.DateTimeZone Zone => calculator.Zone;

    public Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Done = TempData["done"] as string;
        IssuedKey = TempData["issued"] as string;
        return ShowAsync(ct);
    }

    public Task<IActionResult> OnPostAddAsync(string? login, string? name, string[] roles, string? password, string? again, CancellationToken ct) =>
        ActAsync(
            async admin => password != again ? WebText.T["Admin.NotSame"] : await administration.CreateAsync(login ?? "", name ?? "", Roles(roles), password ?? "", admin.Login, who.Now, ct).ConfigureAwait(false),
            WebText.T.Format("Admin.Added", login?.Trim()),
            ct);

    public Task<IActionResult> OnPostRolesAsync(string login, string[] roles, CancellationToken ct) =>
        ActAsync(
            async admin =>
            {
                var wanted = Roles(roles);
                var all = Enum.GetValues<AccountRole>().ToHashSet();
                return await administration.ChangeRolesAsync(admin, login, wanted, all.Except(wanted).ToHashSet(), who.Now, ct).ConfigureAwait(false);
            },
            WebText.T.Format("Admin.RolesSet", login),
            ct);

    public Task<IActionResult> OnPostDisableAsync(string login, bool disable, bool confirm, CancellationToken ct) =>
        ActAsync(admin => disable && !confirm ? Task.FromResult<string?>(WebText.T.Format("Admin.ConfirmDisable", login)) : administration.SetDisabledAsync(admin, login, disable, who.Now, ct), WebText.T.Format(disable ? "Admin.DisabledDone" : "Admin.EnabledDone", login), ct);

    public Task<IActionResult> OnPostPasswordAsync(string login, string? password, string? again, CancellationToken ct) =>
        ActAsync(async admin => password != again ? WebText.T["Admin.NotSame"] : await administration.SetPasswordAsync(login, password ?? "", admin.Login, who.Now, ct).ConfigureAwait(false), WebText.T.Format("Admin.PasswordSet", login), ct);

    public Task<IActionResult> OnPostKeyAsync(string? name, string[] roles, CancellationToken ct) =>
        ActAsync(
            async admin =>
            {
                var (secret, problem) = await administration.IssueKeyAsync(admin, name ?? "", Roles(roles), who.Now, ct).ConfigureAwait(false);
                IssuedKey = secret;
                return problem;
            },
            WebText.T.Format("Admin.KeyIssued", name?.Trim()),
            ct);

    public Task<IActionResult> OnPostRevokeAsync(string prefix, bool confirm, CancellationToken ct) =>
        ActAsync(admin => !confirm ? Task.FromResult<string?>(WebText.T["Admin.ConfirmRevoke"]) : administration.RevokeKeyAsync(admin.Login, prefix, who.Now, ct), WebText.T.Format("Admin.KeyRevoked", prefix), ct);

    public Task<IActionResult> OnPostRetryAsync(Guid[]? ids, CancellationToken ct) =>
        ActAsync(
            async _ =>
            {
                var back = await store.RetryOutboxAsync(ids is { Length: > 0 } ? ids : null, ct).ConfigureAwait(false);
                return back > 0 ? null : WebText.T["Admin.NothingToRetry"];
            },
            WebText.T["Admin.Retried"],
            ct);

    // An administrator's act: done, or its refusal shown above the page as it was.
    private async Task<IActionResult> ActAsync(Func<Council.Workflows.Accounts.Account, Task<string?>> act, string done, CancellationToken ct)
    {
        if (!IsAdministrator || await accounts.FindAsync(who.Login, ct).ConfigureAwait(false) is not { Disabled: false } admin || !admin.Roles.Contains(AccountRole.Administrator))
        {
            return Forbid();
        }

        var problem = await act(admin).ConfigureAwait(false);
        if (problem is null)
        {
            // Done: the page is fetched anew (a reload repeats nothing); what was done, and a key issued, are shown once.
            TempData["done"] = done;
            TempData["issued"] = IssuedKey;
            return RedirectToPage();
        }

        Problem = problem;
        return await ShowAsync(ct).ConfigureAwait(false);
    }

    private static HashSet<AccountRole> Roles(string[]? roles) =>
        [.. (roles ?? []).Select(r => KebabCase.TryParse<AccountRole>(r, out var role) ? role : (AccountRole?)null).OfType<AccountRole>()];

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        if (!IsAdministrator)
        {
            // An auditor's part of the administration is the access log.
            return ReadsLog ? RedirectToPage("/Admin/Log") : Forbid();
        }

        {
            Accounts = await accounts.ListAsync(ct).ConfigureAwait(false);
            Keys = await accounts.ListKeysAsync(ct).ConfigureAwait(false);
            Failed = await store.ListOutboxAsync(OutboxStatus.Failed, 100, null, ct).ConfigureAwait(false);
        }
        return Page();
    }
}
