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
internal sealed class IndexModel(AppealQueries queries, WebSession who, DeadlineCalculator calculator, WorkflowEngine engine) : PageModel
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

    public string? Done { get; private set; }

    /// <summary>Whether this account may reassign (the roles that assign executors).</summary>
    public bool MayReassign => who.Has(AccountRole.Clerk) || who.Has(AccountRole.Head) || who.Has(AccountRole.DeputyHead);

    public async Task OnGetAsync(string? done, CancellationToken ct)
    {
        Done = done is { Length: > 0 } && int.TryParse(done, out var count) ? WebText.T.Format("Desk.Reassigned", count) : null;
        await LoadAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The filtered list as CSV (every row, not one page), for a spreadsheet; the applicant masked as on the page.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        await LoadAsync(ct, all: true).ConfigureAwait(false);
        await who.LogAsync("desk-export", null, $"{Appeals.Count} appeals", ct).ConfigureAwait(false);
        using var text = new StringWriter();
        using (var csv = Cli.CsvOutput.Create(text))
        {
            foreach (var header in new[] { "index", "received", "applicant", "subject", "executor", "state", "due", "overdue", "benefits" })
            {
                csv.WriteField(header);
            }

            csv.EndRecord();
            foreach (var a in Appeals)
            {
                csv.WriteField(a.Index);
                csv.WriteField(Cli.Results.Iso(a.ReceivedOn));
                csv.WriteField(string.Join("; ", a.Applicants.Select(x => who.Shown(a, x).FullName)));
                csv.WriteField(a.Subject);
                csv.WriteField(a.Executor ?? "");
                csv.WriteField(a.StateName);
                csv.WriteField(Cli.Results.Iso(a.Deadline.DueOn));
                csv.WriteField(a.IsOverdueAt(Now) ? "true" : "false");
                csv.WriteField(a.Benefits ? "true" : "false");
                csv.EndRecord();
            }
        }

        return File(System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(text.ToString())).ToArray(), "text/csv; charset=utf-8", "appeals.csv");
    }

    /// <summary>Reassigns the chosen appeals to one executor, each an act of its own (each checked and recorded by the rules).</summary>
    public async Task<IActionResult> OnPostReassignAsync(Guid[] chosen, string? executor, CancellationToken ct)
    {
        if (!MayReassign || who.Acting() is not { } actor)
        {
            return Forbid();
        }

        if (string.IsNullOrWhiteSpace(executor) || chosen.Length == 0)
        {
            Problem = WebText.T["Desk.ReassignMissing"];
            await LoadAsync(ct).ConfigureAwait(false);
            return Page();
        }

        var executors = await who.ExecutorsAsync(ct).ConfigureAwait(false);
        if (executors.FirstOrDefault(e => string.Equals(e, executor.Trim(), StringComparison.OrdinalIgnoreCase)) is not { } known)
        {
            Problem = WebText.T.Format("Card.UnknownExecutor", executor.Trim(), string.Join(", ", executors));
            await LoadAsync(ct).ConfigureAwait(false);
            return Page();
        }

        executor = known;
        var refused = new List<string>();
        var done = 0;
        foreach (var id in chosen.Distinct().Take(500))
        {
            if (await engine.LoadAsync(new CaseId(id), ct).ConfigureAwait(false) is not Appeal appeal || !who.MaySee(appeal))
            {
                continue;
            }

            CommandResult result;
            try
            {
                result = await engine.ExecuteAsync(new AssignExecutor { CommandId = Command.NewId(), CaseId = appeal.Id, Actor = actor, At = who.Now, Executor = executor.Trim() }, ct).ConfigureAwait(false);
            }
            catch (ArgumentException e)
            {
                refused.Add($"{appeal.Index}: {e.Message}");
                continue;
            }

            if (result.IsAccepted)
            {
                done++;
            }
            else
            {
                refused.Add($"{appeal.Index}: {result.Refusal?.Message ?? result.Message}");
            }
        }

        if (refused.Count == 0)
        {
            return Redirect($"/?done={done}");
        }

        Problem = WebText.T.Format("Desk.ReassignedSome", done, refused.Count);
        ProblemLines = refused;
        await LoadAsync(ct).ConfigureAwait(false);
        return Page();
    }

    public IReadOnlyList<string> ProblemLines { get; private set; } = [];

    /// <summary>The council's executors, for the reassignment's list.</summary>
    public IReadOnlyList<string> Executors { get; private set; } = [];

    private async Task LoadAsync(CancellationToken ct, bool all = false)
    {
        if (MayReassign)
        {
            Executors = await who.ExecutorsAsync(ct).ConfigureAwait(false);
        }

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
        Appeals = all ? ordered : [.. ordered.Skip((PageNumber - 1) * PageSize).Take(PageSize)];
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

        Problem = Cli.OfficeDates.NoSuchDay(text) ?? WebText.T.Format("Desk.BadDate", text);
        return null;
    }

    public string Csv =>
        $"/?handler=Csv&state={Uri.EscapeDataString(State ?? "")}&executor={Uri.EscapeDataString(Executor ?? "")}&from={Uri.EscapeDataString(From ?? "")}&to={Uri.EscapeDataString(To ?? "")}&all={(All ? "true" : "false")}";

    public string Link(int page) =>
        $"/?p={page}&state={Uri.EscapeDataString(State ?? "")}&executor={Uri.EscapeDataString(Executor ?? "")}&from={Uri.EscapeDataString(From ?? "")}&to={Uri.EscapeDataString(To ?? "")}&all={(All ? "true" : "false")}";
}
