using Council.Workflows.Awards;
using Council.Workflows.Engine;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Council.Workflows.Host.Web.Pages.Commission;

/// <summary>
/// A meeting's page, used during the sitting: open it with the members present, mark who leaves and returns, record
/// declarations of a conflict of interest, put each nominee to the vote with every present member's ballot (the tally and
/// the outcome computed by the rules, recusals applied), close it (the petitions get their outcomes), print the minutes.
/// </summary>
internal sealed class MeetingModel(
    WorkflowEngine engine, AwardsCoordinator coordinator, IOptions<CouncilWorkflowsOptions> options, WebSession who, Deadlines.DeadlineCalculator calculator) : PageModel
{
    public CommissionMeeting Meeting { get; private set; } = null!;

    /// <summary>
    /// The petitions this scheduled meeting may take on its agenda: in review with a nominee awaiting the commission, and on no
    /// other agenda still to sit.
    /// </summary>
    public IReadOnlyList<Petition> Candidates { get; private set; } = [];

    public string? Problem { get; private set; }

    public IReadOnlyList<string> ProblemRules { get; private set; } = [];

    public string? Done { get; private set; }

    public Guid NextCommandId { get; } = Command.NewId();

    /// <summary>Today in the council's zone: the day a meeting opened now is held on.</summary>
    public NodaTime.LocalDate Today => calculator.DateOf(who.Now);

    /// <summary>An award type's name as the catalogue writes it (its id when the catalogue no longer lists it).</summary>
    public string Award(string id) => options.Value.Awards.Type(id) is { } t ? (WebText.Ukrainian ? t.NameUk : t.NameEn) : id;

    /// <summary>A category's name as the catalogue writes it.</summary>
    public string Category(string id) => options.Value.Awards.Category(id) is { } c ? (WebText.Ukrainian ? c.NameUk : c.NameEn) : id;

    public async Task<IActionResult> OnGetAsync(Guid id, string? done, CancellationToken ct)
    {
        if (!Sitting.MayRead(who) || !await LoadAsync(id, ct).ConfigureAwait(false))
        {
            return Sitting.MayRead(who) ? NotFound() : Forbid();
        }

        Done = done is "open" or "attendance" or "conflict" or "vote" or "close" ? WebText.T[$"Meeting.Done.{done}"] : done == "agenda" ? WebText.W["Web.Meeting.AgendaDone"] : null;
        if (done == "open" && Meeting.HeldOn is { } held && held != Meeting.ScheduledOn)
        {
            // The library dates the sitting by the day it was opened: the notice says the meeting's date is now that day.
            Done += " " + WebText.W.Format("Web.Meeting.OpenedMoved", WebText.D(held), WebText.D(Meeting.ScheduledOn));
        }

        return Page();
    }

    /// <summary>What was chosen in a nominee's vote form when the vote was refused (shown again), else null.</summary>
    public string? Posted(string nominee, string field)
    {
        if (!Microsoft.AspNetCore.Http.HttpMethods.IsPost(Request.Method) || !Request.HasFormContentType || Request.Form["nominee"] != nominee)
        {
            return null;
        }

        var value = Request.Form[field].ToString();
        return value.Length > 0 ? value : null;
    }

    /// <summary>The members needed for a quorum out of <paramref name="members"/>, by the council's rule.</summary>
    public int QuorumOf(int members) => options.Value.Awards.QuorumOf(members);

    /// <summary>The minutes (протокол) as the printed page, to print from the browser.</summary>
    public async Task<IActionResult> OnGetMinutesAsync(Guid id, CancellationToken ct)
    {
        if (!Sitting.MayRead(who) || !await LoadAsync(id, ct).ConfigureAwait(false))
        {
            return NotFound();
        }

        // The printed page carries its own style sheet in the page; it runs no script.
        Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
        var value = options.Value;
        return Content(MeetingMinutes.Document(Meeting, value.Awards, organisation: value.OrganisationName).ToHtml(), "text/html; charset=utf-8");
    }

    public async Task<IActionResult> OnPostOpenAsync(Guid id, Guid commandId, string[] present, bool moveDate, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct).ConfigureAwait(false))
        {
            return NotFound();
        }

        // Opened on another day than scheduled, the meeting is held today (a lawful move): not without the secretary's yes.
        if (Meeting.State == MeetingState.Scheduled && Meeting.ScheduledOn != Today && !moveDate)
        {
            return await BadFormAsync(id, ct, WebText.W.Format("Web.Meeting.OpenUnconfirmed", WebText.D(Meeting.ScheduledOn), WebText.D(Today))).ConfigureAwait(false);
        }

        return await ActAsync(id, "open", (actor, at) => new OpenMeeting { CommandId = commandId, CaseId = new CaseId(id), Actor = actor, At = at, Present = present }, ct).ConfigureAwait(false);
    }

    public Task<IActionResult> OnPostAttendanceAsync(Guid id, Guid commandId, string member, bool present, CancellationToken ct) =>
        ActAsync(id, "attendance", (actor, at) => new RecordAttendance { CommandId = commandId, CaseId = new CaseId(id), Actor = actor, At = at, Member = member, Present = present }, ct);

    public Task<IActionResult> OnPostConflictAsync(Guid id, Guid commandId, string member, string nominee, bool publicly, CancellationToken ct) =>
        Nominee(nominee) is { } n
            ? ActAsync(id, "conflict", (actor, at) => new DeclareConflictOfInterest { CommandId = commandId, CaseId = new CaseId(id), Actor = actor, At = at, Member = member, Petition = n.Petition, NomineeNo = n.No, Publicly = publicly }, ct)
            : BadFormAsync(id, ct);

    public Task<IActionResult> OnPostVoteAsync(Guid id, Guid commandId, string nominee, string motion, string? reason, CancellationToken ct)
    {
        if (Nominee(nominee) is not { } n || Cli.OfficeWords.Parse<Motion>(motion) is not { } m)
        {
            return BadFormAsync(id, ct);
        }

        // One ballot a present member: the form has a field ballot:{name} for each.
        var ballots = new List<Ballot>();
        foreach (var (key, value) in Request.Form.Where(f => f.Key.StartsWith("ballot:", StringComparison.Ordinal)))
        {
            if (Cli.OfficeWords.Parse<VoteChoice>(value.ToString()) is { } choice)
            {
                ballots.Add(new Ballot(key["ballot:".Length..], choice));
            }
        }

        // Every member the form listed must have a ballot: none is assumed (a form sent without one names who is missing).
        var missing = Request.Form["voter"].OfType<string>().Where(v => ballots.All(b => b.Member != v)).ToList();
        if (missing.Count > 0)
        {
            return BadFormAsync(id, ct, WebText.T.Format("Meeting.NoBallot", string.Join(", ", missing)));
        }

        return ActAsync(id, "vote", (actor, at) => new TakeVote
        {
            CommandId = commandId, CaseId = new CaseId(id), Actor = actor, At = at, Petition = n.Petition, NomineeNo = n.No, Motion = m,
            Ballots = ballots, Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
        }, ct);
    }

    public async Task<IActionResult> OnPostCloseAsync(Guid id, Guid commandId, bool confirm, CancellationToken ct)
    {
        if (!confirm)
        {
            return await BadFormAsync(id, ct, WebText.T["Meeting.CloseUnconfirmed"]).ConfigureAwait(false);
        }

        if (!await LoadAsync(id, ct).ConfigureAwait(false))
        {
            return NotFound();
        }

        if (who.Acting() is not { } actor)
        {
            return Forbid();
        }

        return await OutcomeAsync(id, "close", await coordinator.CloseMeetingAsync(commandId == Guid.Empty ? Command.NewId() : commandId, Meeting.Id, actor, who.Now, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
    }

    /// <summary>Puts a petition on this meeting's agenda (the same act as on the petition's page).</summary>
    public async Task<IActionResult> OnPostAgendaAsync(Guid id, Guid commandId, Guid petition, CancellationToken ct)
    {
        if (!Sitting.MayRead(who) || !await LoadAsync(id, ct).ConfigureAwait(false))
        {
            return NotFound();
        }

        if (who.Acting() is not { } actor)
        {
            return Forbid();
        }

        if (petition == Guid.Empty)
        {
            return await BadFormAsync(id, ct, WebText.W["Web.Meeting.ChoosePetition"]).ConfigureAwait(false);
        }

        var result = await coordinator.PlaceOnAgendaAsync(commandId == Guid.Empty ? Command.NewId() : commandId, Meeting.Id, new CaseId(petition), actor, who.Now, ct).ConfigureAwait(false);
        return await OutcomeAsync(id, "agenda", result, ct).ConfigureAwait(false);
    }

    private async Task<IActionResult> ActAsync(Guid id, string act, Func<Official, NodaTime.Instant, Command> build, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct).ConfigureAwait(false))
        {
            return NotFound();
        }

        if (who.Acting() is not { } actor)
        {
            return Forbid();
        }

        CommandResult result;
        try
        {
            result = await engine.ExecuteAsync(build(actor, who.Now), ct).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            Problem = Reasons.Of(e);
            return Page();
        }

        return await OutcomeAsync(id, act, result, ct).ConfigureAwait(false);
    }

    private async Task<IActionResult> OutcomeAsync(Guid id, string act, CommandResult result, CancellationToken ct)
    {
        if (result.Status == CommandStatus.Accepted)
        {
            return Redirect($"/commission/meetings/{id}?done={act}");
        }

        Problem = result.Refusal?.Message ?? result.Message;
        ProblemRules = result.Refusal?.UnmetGuards ?? [];
        await LoadAsync(id, ct).ConfigureAwait(false);
        return Page();
    }

    private async Task<IActionResult> BadFormAsync(Guid id, CancellationToken ct, string? problem = null)
    {
        if (!await LoadAsync(id, ct).ConfigureAwait(false))
        {
            return NotFound();
        }

        Problem = problem ?? WebText.T["Meeting.BadForm"];
        return Page();
    }

    // A nominee as the forms name one: "{petition id}:{nominee no}".
    private static (CaseId Petition, int No)? Nominee(string? text) =>
        text?.Split(':') is [var petition, var no] && Guid.TryParse(petition, out var p) && int.TryParse(no, out var n) ? (new CaseId(p), n) : null;

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await engine.LoadAsync(new CaseId(id), ct).ConfigureAwait(false) is not CommissionMeeting meeting)
        {
            return false;
        }

        Meeting = meeting;
        var candidates = new List<Petition>();
        if (meeting.State == MeetingState.Scheduled)
        {
            await foreach (var row in engine.Store.QueryAsync(new CaseQuery { Kind = Petition.CaseKind, States = ["in-review"] }, ct).ConfigureAwait(false))
            {
                if (await engine.LoadAsync(row.Id, ct).ConfigureAwait(false) is Petition petition && petition.Nominees.Any(n => n.AwaitsCommission)
                    && meeting.Agenda.All(a => a.Petition != petition.Id)
                    && (petition.Meeting is not { } other || await engine.LoadAsync(other, ct).ConfigureAwait(false) is not CommissionMeeting { State: MeetingState.Scheduled or MeetingState.InSession }))
                {
                    candidates.Add(petition);
                }
            }
        }

        Candidates = candidates;
        return true;
    }
}
