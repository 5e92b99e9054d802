using Council.Workflows.Accounts;
using Council.Workflows.Engine;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Council.Workflows.Host.Web.Pages.Admin;

/// <summary>Administration: the accounts and their roles (for an administrator), the access log (for an auditor or an administrator), the failed outbox messages.</summary>
internal sealed class IndexModel(IAccountStore accounts, ICaseStore store, WebSession who, Deadlines.DeadlineCalculator calculator) : PageModel
{
    public IReadOnlyList<Council.Workflows.Accounts.Account> Accounts { get; private set; } = [];

    public NodaTime.Instant Now => who.Now;

    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];

    public IReadOnlyList<AccessEntry> Access { get; private set; } = [];

    public IReadOnlyList<OutboxEntry> Failed { get; private set; } = [];

    public bool IsAdministrator => who.Has(AccountRole.Administrator);

    public bool ReadsLog => who.Has(AccountRole.Auditor) || IsAdministrator;

    public NodaTime.DateTimeZone Zone => calculator.Zone;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!ReadsLog)
        {
            return Forbid();
        }

        if (IsAdministrator)
        {
            Accounts = await accounts.ListAsync(ct).ConfigureAwait(false);
            Keys = await accounts.ListKeysAsync(ct).ConfigureAwait(false);
            Failed = await store.ListOutboxAsync(OutboxStatus.Failed, 100, null, ct).ConfigureAwait(false);
        }

        var now = who.Now;
        var all = await accounts.AccessLogAsync(now.Minus(NodaTime.Duration.FromDays(30)), now.PlusTicks(1), null, null, 100_000, ct).ConfigureAwait(false);
        Access = [.. all.Reverse().Take(200)];
        await who.LogAsync("access-log", null, null, ct).ConfigureAwait(false);
        return Page();
    }
}
