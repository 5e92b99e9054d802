using Council.Workflows.Accounts;
using Council.Workflows.Deadlines;
using Council.Workflows.Host.Cli;
using Council.Workflows.Host.Configuration;
using Council.Workflows.Printing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Council.Workflows.Host.Web.Pages.Admin;

/// <summary>
/// The council's settings an administrator changes in the browser — the organisation's name and letterhead, the declared
/// days off and working days — written into the settings file (<see cref="SettingsEditor"/>), each change recorded; and every
/// setting in effect with where it came from.
/// </summary>
internal sealed class SettingsModel(
    SettingsEditor editor, WebSession who, IAccountStore accounts, CouncilSettings settings,
    IOptions<CouncilWorkflowsOptions> council, IOptions<Council.Workflows.Sqlite.SqliteStoreOptions> storeOptions) : PageModel
{
    /// <summary>A declared day as the form shows it (typed text kept when refused).</summary>
    public sealed record DayRow(string Date, string Reason);

    public string Target => editor.Target;

    public string Version { get; private set; } = "";

    public string OrganisationName { get; private set; } = "";

    public LetterheadOptions Letterhead { get; private set; } = new();

    public List<DayRow> DaysOff { get; private set; } = [];

    public List<DayRow> WorkingDays { get; private set; } = [];

    /// <summary>Whether the file gives other details than the server runs with (saved since it started).</summary>
    public bool Pending { get; private set; }

    public IReadOnlyList<string> Overridden => editor.Overridden();

    public string? Done { get; private set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public IReadOnlyList<(string Key, string Value, string Source)> Effective { get; private set; } = [];

    public IActionResult OnGet()
    {
        if (!who.Has(AccountRole.Administrator))
        {
            return Forbid();
        }

        Done = TempData["done"] as string;
        Show(editor.Saved());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(
        string? version, string? organisationName, string? address, string? phone, string? email, string? website, string? code,
        string? signatoryPosition, string? signatoryName, string? statusPage,
        string[]? offDate, string[]? offReason, string[]? workDate, string[]? workReason, CancellationToken ct)
    {
        if (!who.Has(AccountRole.Administrator) || await accounts.FindAsync(who.Login, ct).ConfigureAwait(false) is not { Disabled: false } admin || !admin.Roles.Contains(AccountRole.Administrator))
        {
            return Forbid();
        }

        var problems = new List<string>();
        var letterhead = new LetterheadOptions
        {
            Address = address, Phone = phone, Email = email, Website = website, Code = code,
            SignatoryPosition = string.IsNullOrWhiteSpace(signatoryPosition) ? new LetterheadOptions().SignatoryPosition : signatoryPosition.Trim(),
            SignatoryName = signatoryName, StatusPage = statusPage,
        };
        if (string.IsNullOrWhiteSpace(organisationName))
        {
            problems.Add(WebText.T.Format("Card.FieldEmpty", WebText.T["Settings.Organisation"]));
        }

        if (code is { Length: > 0 } given && !System.Text.RegularExpressions.Regex.IsMatch(given.Trim(), "^[0-9]{8}$"))
        {
            problems.Add(WebText.T.Format("Settings.BadCode", given.Trim()));
        }

        if (statusPage is { Length: > 0 } page && !(Uri.TryCreate(page.Trim(), UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps))
        {
            problems.Add(WebText.T.Format("Settings.BadStatusPage", page.Trim()));
        }

        if (email is { Length: > 0 } mail && !System.Net.Mail.MailAddress.TryCreate(mail.Trim(), out _))
        {
            problems.Add(WebText.T.Format("Settings.BadEmail", mail.Trim()));
        }

        var off = Rows(offDate, offReason);
        var work = Rows(workDate, workReason);
        var daysOff = Days(off, WebText.T["Settings.DaysOff"], problems);
        var workingDays = Days(work, WebText.T["Settings.WorkingDays"], problems);
        foreach (var both in daysOff.Select(d => d.Date).Intersect(workingDays.Select(d => d.Date)))
        {
            problems.Add(WebText.T.Format("Settings.Both", WebText.D(both)));
        }

        var before = editor.Saved();
        var details = new CouncilDetails(organisationName?.Trim() ?? "", letterhead, daysOff, workingDays);
        if (problems.Count == 0 && await editor.SaveAsync(details, version ?? "", ct).ConfigureAwait(false) is { } refused)
        {
            problems.AddRange(refused.Split('\n'));
        }

        if (problems.Count > 0)
        {
            Problems = problems;
            Version = version ?? "";
            OrganisationName = organisationName ?? "";
            Letterhead = letterhead;
            DaysOff = off;
            WorkingDays = work;
            Effective = EffectiveLines();
            Pending = !Same(editor.Saved(), SettingsEditor.Of(council.Value));
            return Page();
        }

        var changed = Changed(before, details);
        await who.LogAsync("settings-changed", null, changed.Count == 0 ? "—" : string.Join(", ", changed.Select(c => WebText.T[$"Settings.Key.{c}"])), ct).ConfigureAwait(false);
        TempData["done"] = changed.Count == 0 ? WebText.T["Settings.Unchanged"] : WebText.T.Format("Settings.Saved", string.Join(", ", changed.Select(c => WebText.T[$"Settings.Key.{c}"])), editor.Target);
        return RedirectToPage();
    }

    /// <summary>Where a setting came from, in the reader's words.</summary>
    public static string SourceName(string source) =>
        source == "default" ? WebText.T["Settings.Source.default"]
        : source == "command line" ? WebText.T["Settings.Source.command-line"]
        : source.StartsWith("environment", StringComparison.Ordinal) ? WebText.T.Format("Settings.Source.environment", source["environment".Length..].Trim(' ', '(', ')'))
        : WebText.T.Format("Settings.Source.file", source);

    private void Show(CouncilDetails details)
    {
        Version = editor.Version();
        OrganisationName = details.OrganisationName;
        Letterhead = details.Letterhead;
        DaysOff = [.. details.DaysOff.Select(d => new DayRow(WebText.D(d.Date), d.Reason))];
        WorkingDays = [.. details.WorkingDays.Select(d => new DayRow(WebText.D(d.Date), d.Reason))];
        Pending = !Same(details, SettingsEditor.Of(council.Value));
        Effective = EffectiveLines();
    }

    private List<(string Key, string Value, string Source)> EffectiveLines() =>
        [.. settings.Effective(council.Value, storeOptions.Value, null, null).Where(l => !l.Key.StartsWith("Acting:", StringComparison.Ordinal))];

    private static List<DayRow> Rows(string[]? dates, string[]? reasons)
    {
        var rows = new List<DayRow>();
        for (var i = 0; i < Math.Max(dates?.Length ?? 0, reasons?.Length ?? 0); i++)
        {
            var date = dates is not null && i < dates.Length ? dates[i] ?? "" : "";
            var reason = reasons is not null && i < reasons.Length ? reasons[i] ?? "" : "";
            if (date.Trim().Length > 0 || reason.Trim().Length > 0)
            {
                rows.Add(new DayRow(date.Trim(), reason.Trim()));
            }
        }

        return rows;
    }

    // Each row a date and its reason (the decision that declared it), each named when wrong; a date twice is refused.
    private static List<DeclaredDay> Days(List<DayRow> rows, string list, List<string> problems)
    {
        var days = new List<DeclaredDay>();
        foreach (var (row, n) in rows.Select((r, i) => (r, i + 1)))
        {
            if (row.Date.Length == 0)
            {
                problems.Add(WebText.T.Format("Settings.NoDate", list, n));
                continue;
            }

            if (OfficeDates.Date(row.Date) is not { Success: true } parsed)
            {
                problems.Add(WebText.T.Format("Settings.BadDate", list, n, OfficeDates.NoSuchDay(row.Date) ?? WebText.T.Format("Settings.NotDate", row.Date)));
                continue;
            }

            if (row.Reason.Length == 0)
            {
                problems.Add(WebText.T.Format("Settings.NoReason", list, WebText.D(parsed.Value)));
                continue;
            }

            if (days.Any(d => d.Date == parsed.Value))
            {
                problems.Add(WebText.T.Format("Settings.Twice", list, WebText.D(parsed.Value)));
                continue;
            }

            days.Add(new DeclaredDay(parsed.Value, row.Reason));
        }

        return days;
    }

    private static bool Same(CouncilDetails a, CouncilDetails b) => Changed(a, b).Count == 0;

    private static List<string> Changed(CouncilDetails a, CouncilDetails b)
    {
        var changed = new List<string>();
        if (a.OrganisationName.Trim() != b.OrganisationName.Trim())
        {
            changed.Add("OrganisationName");
        }

        static string Of(LetterheadOptions l) => string.Join("\n", new[] { l.Address, l.Phone, l.Email, l.Website, l.Code, l.SignatoryPosition, l.SignatoryName, l.StatusPage }.Select(v => v?.Trim() ?? ""));
        if (Of(a.Letterhead) != Of(b.Letterhead))
        {
            changed.Add("Letterhead");
        }

        static string Days(IReadOnlyList<DeclaredDay> days) => string.Join("\n", days.OrderBy(d => d.Date).Select(d => $"{d.Date:yyyy-MM-dd} {d.Reason.Trim()}"));
        if (Days(a.DaysOff) != Days(b.DaysOff))
        {
            changed.Add("Calendar:DeclaredDaysOff");
        }

        if (Days(a.WorkingDays) != Days(b.WorkingDays))
        {
            changed.Add("Calendar:DeclaredWorkingDays");
        }

        return changed;
    }
}
