using Council.Workflows.Accounts;
using Council.Workflows.Appeals;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace Council.Workflows.Host.Web.Pages;

/// <summary>
/// My desk: the appeals on control that are mine (an executor's assigned ones; for the clerk, the head and the controller,
/// the office's), those with benefits first, then by due date; overdue ones red, those due within three working days
/// marked. With "all", the clerk's registry of everything, closed included.
/// </summary>
internal sealed class IndexModel(AppealQueries queries, WebSession who, DeadlineCalculator calculator) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Executor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool All { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Appeal> Appeals { get; private set; } = [];

    public int Total { get; private set; }

    public string? Problem { get; private set; }

    public Instant Now => who.Now;

    public WebSession Who => who;

    public bool DueSoon(Appeal appeal) => appeal.IsAwaitingAnswer && !appeal.IsOverdueAt(Now) && SoonLimit >= appeal.Deadline.DueOn;

    // The third working day from today: what is due by then is marked.
    private LocalDate SoonLimit
    {
        get
        {
            var day = calculator.DateOf(Now);
            for (var working = 0; working < 3;)
            {
                day = day.PlusDays(1);
                working += calculator.Calendar.IsWorkingDay(day) ? 1 : 0;
            }

            return day;
        }
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!who.SeesAllAppeals && !who.Has(AccountRole.Executor))
        {
            return;
        }

        IReadOnlyCollection<string> states = All
            ? [.. Enum.GetValues<AppealState>().Select(KebabCase.Of)]
            : [KebabCase.Of(AppealState.Registered), KebabCase.Of(AppealState.UnderConsideration), KebabCase.Of(AppealState.Answered)];
        if (State is { Length: > 0 })
        {
            if (KebabCase.TryParse<AppealState>(State, out var s))
            {
                states = [KebabCase.Of(s)];
            }
            else
            {
                Problem = WebText.T.Format("Desk.BadState", State);
            }
        }

        LocalDate? from = Date(From, "From");
        LocalDate? to = Date(To, "To");
        var query = new CaseQuery
        {
            Kind = Appeal.CaseKind,
            States = states,
            Assignee = who.SeesAllAppeals ? (string.IsNullOrWhiteSpace(Executor) ? null : Executor.Trim()) : who.Name,
            Order = CaseOrder.Queue,
            Limit = 5000,
        };
        var found = new List<Appeal>();
        await foreach (var appeal in queries.QueryAsync(query, ct).ConfigureAwait(false))
        {
            if (who.MaySee(appeal) && (from is null || appeal.ReceivedOn >= from) && (to is null || appeal.ReceivedOn <= to))
            {
                found.Add(appeal);
            }
        }

        // Benefits first (Art. 18: considered first), then the earliest due date.
        var ordered = found.OrderByDescending(a => a.Benefits).ThenBy(a => a.IsAwaitingAnswer ? 0 : 1).ThenBy(a => a.Deadline.DueOn).ThenBy(a => a.Number).ToList();
        Total = ordered.Count;
        PageNumber = Math.Clamp(PageNumber, 1, Math.Max(1, (Total + PageSize - 1) / PageSize));
        Appeals = [.. ordered.Skip((PageNumber - 1) * PageSize).Take(PageSize)];
    }

    private LocalDate? Date(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (Cli.OfficeDates.Date(text.Trim()) is { Success: true } parsed)
        {
            return parsed.Value;
        }

        Problem = WebText.T.Format("Desk.BadDate", text);
        return null;
    }

    public string Link(int page) =>
        $"/?p={page}&state={Uri.EscapeDataString(State ?? "")}&executor={Uri.EscapeDataString(Executor ?? "")}&from={Uri.EscapeDataString(From ?? "")}&to={Uri.EscapeDataString(To ?? "")}&all={(All ? "true" : "false")}";
}
