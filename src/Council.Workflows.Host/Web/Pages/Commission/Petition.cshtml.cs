using Council.Workflows.Accounts;
using Council.Workflows.Awards;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Council.Workflows.Host.Web.Pages.Commission;

/// <summary>
/// One petition: its petitioner, its nominees with their categories, awards, eligibility warnings and outcomes; the acts
/// after the commission — accepting a submitted petition for review, recording the grant the owning body decided (its
/// instrument, number and date), recording the presentation — each checked by the petition's rules.
/// </summary>
internal sealed class PetitionModel(
    WorkflowEngine engine, WebSession who, IOptions<CouncilWorkflowsOptions> options, DeadlineCalculator calculator, AwardsCoordinator coordinator) : PageModel
{
    /// <summary>Today in the council's zone (the forms' example date).</summary>
    public NodaTime.LocalDate Today => calculator.DateOf(who.Now);

    public Petition Petition { get; private set; } = null!;

    public string? Done { get; private set; }

    public string? Problem { get; private set; }

    public IReadOnlyList<string> ProblemRules { get; private set; } = [];

    /// <summary>Whether this account may act on petitions (the secretary, the head, a deputy, the clerk).</summary>
    public bool MayAct => Actor is not null;

    public Guid NextCommandId { get; } = Command.NewId();

    public AwardOptions Awards => options.Value.Awards;

    public string AwardName(string id) =>
        Awards.Type(id) is { } type ? type.Name(WebText.Ukrainian ? TextLanguage.Ukrainian : TextLanguage.English) : id;

    public string CategoryName(string id) =>
        Awards.Category(id) is { } category ? (WebText.Ukrainian ? category.NameUk : category.NameEn) : id;

    // The role a petition's act is taken in: the secretary's first, then the head's, a deputy's, the clerk's.
    private Official? Actor =>
        new[] { OfficialRole.Secretary, OfficialRole.Head, OfficialRole.DeputyHead, OfficialRole.Clerk }.Where(r => who.ActingRoles.Contains(r))
            .Select(r => who.Acting(r)).FirstOrDefault();

    public async Task<IActionResult> OnGetAsync(Guid id, string? done, CancellationToken ct)
    {
        if (!Sitting.MayRead(who) || !await LoadAsync(id, ct).ConfigureAwait(false))
        {
            return NotFound();
        }

        Done = done is "register" or "grant" or "present" or "place-on-agenda" ? WebText.T.Format("Card.Done", WebText.Action(done)) : null;
        return Page();
    }

    /// <summary>The meetings still scheduled, for placing the petition on an agenda.</summary>
    public IReadOnlyList<CommissionMeeting> Scheduled { get; private set; } = [];

    public async Task<IActionResult> OnPostAgendaAsync(Guid id, Guid commandId, Guid meeting, CancellationToken ct)
    {
        if (!Sitting.MayRead(who) || !await LoadAsync(id, ct).ConfigureAwait(false))
        {
            return NotFound();
        }

        if (Actor is not { } actor)
        {
            return Forbid();
        }

        var result = await coordinator.PlaceOnAgendaAsync(commandId == Guid.Empty ? Command.NewId() : commandId, new CaseId(meeting), Petition.Id, actor, who.Now, ct).ConfigureAwait(false);
        if (result.Status == CommandStatus.Accepted)
        {
            return Redirect($"/commission/petitions/{id}?done=place-on-agenda");
        }

        Problem = result.Refusal?.Message ?? result.Message;
        ProblemRules = result.Refusal?.UnmetGuards ?? [];
        await LoadAsync(id, ct).ConfigureAwait(false);
        return Page();
    }

    public Task<IActionResult> OnPostRegisterAsync(Guid id, Guid commandId, CancellationToken ct) =>
        ActAsync(id, "register", actor => new RegisterPetition { CommandId = commandId, CaseId = new CaseId(id), Actor = actor, At = who.Now }, ct);

    public Task<IActionResult> OnPostGrantAsync(Guid id, Guid commandId, int nominee, string? awarded, string? instrument, string? number, string? on, CancellationToken ct) =>
        ActAsync(
            id,
            "grant",
            actor => Cli.OfficeWords.Parse<GrantingInstrument>(instrument) is { } chosen && Cli.OfficeDates.Date(on ?? "") is { Success: true } date && !string.IsNullOrWhiteSpace(number)
                ? new RecordGrant
                {
                    CommandId = commandId, CaseId = new CaseId(id), Actor = actor, At = who.Now, NomineeNo = nominee, Awarded = awarded != "false",
                    Instrument = chosen, Number = number.Trim(), On = date.Value,
                }
                : null,
            ct,
            on);

    public Task<IActionResult> OnPostPresentAsync(Guid id, Guid commandId, int nominee, string? on, CancellationToken ct) =>
        ActAsync(
            id,
            "present",
            actor => Cli.OfficeDates.Date(on ?? "") is { Success: true } date
                ? new RecordPresentation { CommandId = commandId, CaseId = new CaseId(id), Actor = actor, At = who.Now, NomineeNo = nominee, On = date.Value }
                : null,
            ct,
            on);

    private async Task<IActionResult> ActAsync(Guid id, string act, Func<Official, Command?> build, CancellationToken ct, string? date = null)
    {
        if (!Sitting.MayRead(who) || !await LoadAsync(id, ct).ConfigureAwait(false))
        {
            return NotFound();
        }

        if (Actor is not { } actor)
        {
            return Forbid();
        }

        if (build(actor) is not { } command)
        {
            Problem = Cli.OfficeDates.NoSuchDay(date) ?? WebText.T.Format("Card.BadForm", WebText.Action(act));
            return Page();
        }

        CommandResult result;
        try
        {
            result = await engine.ExecuteAsync(command, ct).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            Problem = Reasons.Of(e);
            return Page();
        }

        if (result.Status == CommandStatus.Accepted)
        {
            return Redirect($"/commission/petitions/{id}?done={act}");
        }

        Problem = result.Refusal?.Message ?? result.Message;
        ProblemRules = result.Refusal?.UnmetGuards ?? [];
        await LoadAsync(id, ct).ConfigureAwait(false);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await engine.LoadAsync(new CaseId(id), ct).ConfigureAwait(false) is not Petition petition)
        {
            return false;
        }

        Petition = petition;
        var scheduled = new List<CommissionMeeting>();
        await foreach (var row in engine.Store.QueryAsync(new CaseQuery { Kind = CommissionMeeting.CaseKind, States = ["scheduled"], Limit = 50 }, ct).ConfigureAwait(false))
        {
            if (await engine.LoadAsync(row.Id, ct).ConfigureAwait(false) is CommissionMeeting meeting)
            {
                scheduled.Add(meeting);
            }
        }

        Scheduled = [.. scheduled.OrderBy(m => m.ScheduledOn)];
        return true;
    }
}
