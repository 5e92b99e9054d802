using Council.Workflows.Accounts;
using Council.Workflows.Host.Cli;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace Council.Workflows.Host.Web.Pages.Admin;

/// <summary>
/// The access log (Law 2297-VI Art. 24: who opened which card), for an auditor or an administrator: a period (the last 30
/// days unless said) and optionally one login, newest first. Reading it is itself recorded.
/// </summary>
internal sealed class LogModel(IAccountStore accounts, WebSession who, Deadlines.DeadlineCalculator calculator) : PageModel
{
    private const int Shown = 500;

    [BindProperty(SupportsGet = true)]
    public string? Login { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    public IReadOnlyList<AccessEntry> Entries { get; private set; } = [];

    /// <summary>How many entries the period holds (more than shown: the newest are shown).</summary>
    public int Total { get; private set; }

    public string? Problem { get; private set; }

    public DateTimeZone Zone => calculator.Zone;

    public LocalDate FromDate { get; private set; }

    public LocalDate ToDate { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!who.Has(AccountRole.Auditor) && !who.Has(AccountRole.Administrator))
        {
            return Forbid();
        }

        var today = who.Now.InZone(Zone).Date;
        ToDate = Day(To) ?? today;
        FromDate = Day(From) ?? ToDate.PlusDays(-30);
        if (FromDate > ToDate)
        {
            Problem ??= WebText.T["Log.FromAfterTo"];
            FromDate = ToDate;
        }

        var from = FromDate.AtStartOfDayInZone(Zone).ToInstant();
        var to = ToDate.PlusDays(1).AtStartOfDayInZone(Zone).ToInstant();
        var login = string.IsNullOrWhiteSpace(Login) ? null : Login.Trim();
        var all = await accounts.AccessLogAsync(from, to, login, null, 100_000, ct).ConfigureAwait(false);
        Total = all.Count;
        Entries = [.. all.Reverse().Take(Shown)];
        await who.LogAsync("access-log", null, $"{WebText.D(FromDate)}–{WebText.D(ToDate)}{(login is null ? "" : $" {login}")}", ct).ConfigureAwait(false);
        return Page();
    }

    private LocalDate? Day(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (OfficeDates.Date(text) is { Success: true } parsed)
        {
            return parsed.Value;
        }

        Problem ??= OfficeDates.NoSuchDay(text) ?? WebText.T.Format("Settings.NotDate", text);
        return null;
    }
}
