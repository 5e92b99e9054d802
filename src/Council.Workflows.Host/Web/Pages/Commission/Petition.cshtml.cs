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
/// after the commission — accepting a submitted petition for review (or returning it for correction), placing it on a
/// meeting's agenda, recording the grant the owning body decided (its instrument, number and date) or that it did not
/// award, recording the presentation — each checked by the petition's rules.
/// </summary>
internal sealed class PetitionModel(
    WorkflowEngine engine, WebSession who, IOptions<CouncilWorkflowsOptions> options, DeadlineCalculator calculator, AwardsCoordinator coordinator) : PageModel
{
    /// <summary>Today in the council's zone (the forms' example date).</summary>
    public NodaTime.LocalDate Today => calculator.DateOf(who.Now);

    public Petition Petition { get; private set; } = null!;

    public string? Done { get; private set; }

    public string? Problem { get; private set; }

    public Guid NextCommandId { get; } = Command.NewId();

    /// <summary>Whether this account may act on petitions (the secretary, the head, a deputy, the clerk).</summary>
    public bool MayAct => Actor is not null;

    public AwardOptions Awards => options.Value.Awards;

    /// <summary>The meeting whose agenda the petition is on (the latest), if any.</summary>
    public CommissionMeeting? OnAgendaOf { get; private set; }

    /// <summary>The meetings still scheduled whose agenda does not have the petition yet.</summary>
    public IReadOnlyList<CommissionMeeting> Scheduled { get; private set; } = [];

    public string AwardName(string id) =>
        Awards.Type(id) is { } type ? type.Name(WebText.Ukrainian ? TextLanguage.Ukrainian : TextLanguage.English) : id;

    public string CategoryName(string id) =>
        Awards.Category(id) is { } category ? (WebText.Ukrainian ? category.NameUk : category.NameEn) : id;

    /// <summary>Whether every nominee names an award and a category of the council's catalogue (the library registers only such a petition).</summary>
    public bool InCatalogue => Petition.Nominees.All(n => Awards.Type(n.ProposedAward) is not null && Awards.Category(n.Category) is not null);

    /// <summary>The instrument by which the body that owns the nominee's recommended award grants it.</summary>
    public GrantingInstrument? InstrumentOf(Nominee nominee) => Awards.Type(nominee.RecommendedAward ?? nominee.ProposedAward)?.Instrument;

    /// <summary>
    /// The acts this page offers this account now, as triggers: what a refusal's "permitted" is narrowed to, so it never
    /// names an act the account cannot take here.
    /// </summary>
    public IReadOnlySet<string> OpenActs
    {
        get
        {
            var open = new HashSet<string>(StringComparer.Ordinal);
            if (!MayAct)
            {
                return open;
            }

            if (Petition.State == PetitionState.Submitted)
            {
                open.Add("return-for-correction");
                if (InCatalogue)
                {
                    open.Add("register");
                }
            }

            if (MayPlaceOnAgenda)
            {
                open.Add("place-on-agenda");
            }

            if (Petition.Nominees.Any(n => n.Status == NomineeStatus.Recommended && n.Grant is null))
            {
                open.Add("grant");
            }

            if (Petition.Nominees.Any(n => n.Status == NomineeStatus.Awarded))
            {
                open.Add("present");
            }

            return open;
        }
    }

    /// <summary>
    /// Whether the petition can go on an agenda now: in review, some nominee awaiting the commission, not on the agenda of a
    /// meeting still to sit, and a scheduled meeting to go on.
    /// </summary>
    public bool MayPlaceOnAgenda =>
        MayAct && Petition.State == PetitionState.InReview && Petition.Nominees.Any(n => n.AwaitsCommission)
        && OnAgendaOf is not { State: MeetingState.Scheduled or MeetingState.InSession } && Scheduled.Count > 0;

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

        Done = done is "submit" or "register" or "return-for-correction" or "grant" or "not-awarded" or "present" or "place-on-agenda"
            ? WebText.W[$"Web.Petition.Done.{done}"]
            : null;
        if (done is "submit" or "register" && Petition.Nominees.Sum(n => n.Warnings.Count) is > 0 and var warnings)
        {
            Done += " " + WebText.W.Format("Web.Petition.WarningsFound", warnings);
        }

        return Page();
    }

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
        return await OutcomeAsync(id, "place-on-agenda", result, ct).ConfigureAwait(false);
    }

    // A petition with an award or a category outside the catalogue is refused by the library ("petition-complete"); the
    // page offers no acceptance then, and a form sent anyway gets the refusal in words (see OutcomeAsync).
    public Task<IActionResult> OnPostRegisterAsync(Guid id, Guid commandId, CancellationToken ct) =>
        ActAsync(id, "register", actor => new RegisterPetition { CommandId = commandId, CaseId = new CaseId(id), Actor = actor, At = who.Now }, ct);

    public Task<IActionResult> OnPostReturnAsync(Guid id, Guid commandId, string? reason, CancellationToken ct) =>
        ActAsync(
            id,
            "return-for-correction",
            actor => string.IsNullOrWhiteSpace(reason)
                ? Missing(WebText.W["Web.Petition.ReturnReason"])
                : new ReturnPetition { CommandId = commandId, CaseId = new CaseId(id), Actor = actor, At = who.Now, Reason = reason.Trim() },
            ct);

    /// <summary>The owning body granted the award: its instrument, number and date, each required.</summary>
    public Task<IActionResult> OnPostGrantAsync(Guid id, Guid commandId, int nominee, string? instrument, string? number, string? on, CancellationToken ct) =>
        ActAsync(
            id,
            "grant",
            actor =>
            {
                var chosen = Cli.OfficeWords.Parse<GrantingInstrument>(instrument);
                var date = Cli.OfficeDates.Date(on ?? "");
                var missing = new List<string>();
                if (chosen is null)
                {
                    missing.Add(WebText.T["Petition.Instrument"]);
                }

                if (string.IsNullOrWhiteSpace(number))
                {
                    missing.Add(WebText.T["Petition.Number"]);
                }

                if (date is not { Success: true })
                {
                    missing.Add(WebText.T["Petition.On"]);
                }

                return missing.Count > 0
                    ? Missing([.. missing], Cli.OfficeDates.NoSuchDay(on))
                    : new RecordGrant
                    {
                        CommandId = commandId, CaseId = new CaseId(id), Actor = actor, At = who.Now, NomineeNo = nominee, Awarded = true,
                        Instrument = chosen!.Value, Number = number!.Trim(), On = date!.Value,
                    };
            },
            ct);

    /// <summary>
    /// The owning body did not award: nothing more is required. The library records a decision by the owning body's
    /// instrument, so its number is "б/н" (without a number) when none is given and its date today's when none is given.
    /// </summary>
    public Task<IActionResult> OnPostNotAwardedAsync(Guid id, Guid commandId, int nominee, string? number, string? on, CancellationToken ct) =>
        ActAsync(
            id,
            "not-awarded",
            actor =>
            {
                var date = string.IsNullOrWhiteSpace(on) ? null : Cli.OfficeDates.Date(on);
                if (date is { Success: false } || Petition.NomineeNo(nominee) is not { } n || InstrumentOf(n) is not { } instrument)
                {
                    return Missing([WebText.T["Petition.On"]], Cli.OfficeDates.NoSuchDay(on));
                }

                return new RecordGrant
                {
                    CommandId = commandId, CaseId = new CaseId(id), Actor = actor, At = who.Now, NomineeNo = nominee, Awarded = false,
                    Instrument = instrument, Number = string.IsNullOrWhiteSpace(number) ? WebText.W["Web.Petition.NoNumber", ukrainian: true] : number.Trim(),
                    On = date?.Value ?? Today,
                };
            },
            ct);

    public Task<IActionResult> OnPostPresentAsync(Guid id, Guid commandId, int nominee, string? on, CancellationToken ct) =>
        ActAsync(
            id,
            "present",
            actor => Cli.OfficeDates.Date(on ?? "") is { Success: true } date
                ? new RecordPresentation { CommandId = commandId, CaseId = new CaseId(id), Actor = actor, At = who.Now, NomineeNo = nominee, On = date.Value }
                : Missing([WebText.T["Petition.PresentedOn"]], Cli.OfficeDates.NoSuchDay(on)),
            ct);

    // A form sent without what it needs: the problem names the fields (or the date that is no day), and no command is made.
    private Command? Missing(string field) => Missing([field]);

    private Command? Missing(string[] fields, string? noSuchDay = null)
    {
        Problem = noSuchDay ?? WebText.W.Format("Web.Form.Missing", string.Join(", ", fields));
        return null;
    }

    private async Task<IActionResult> ActAsync(Guid id, string act, Func<Official, Command?> build, CancellationToken ct)
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

        return await OutcomeAsync(id, act, result, ct).ConfigureAwait(false);
    }

    private async Task<IActionResult> OutcomeAsync(Guid id, string act, CommandResult result, CancellationToken ct)
    {
        if (result.Status == CommandStatus.Accepted)
        {
            return Redirect($"/commission/petitions/{id}?done={act}");
        }

        await LoadAsync(id, ct).ConfigureAwait(false);
        if (result.Refusal is { } refusal)
        {
            // The rules once, in the message, in words (the catalogue's names); "permitted" as this account may act here now.
            var open = OpenActs;
            var unmet = refusal.UnmetGuards.Select((text, i) => i < refusal.UnmetRules.Count && refusal.UnmetRules[i] == "petition-complete" ? Incomplete() : text).ToList();
            Problem = new Refusal(refusal.State, refusal.Trigger, unmet, [.. refusal.PermittedTriggers.Where(open.Contains)]).Message;
        }
        else
        {
            Problem = result.Message;
        }

        return Page();
    }

    // The completeness rule as the page reads it: each nominee's award or category outside the catalogue, by the names the
    // catalogue has (not its ids).
    private string Incomplete()
    {
        var problems = Petition.Nominees
            .Select(n => (n, Fields: new[]
            {
                Awards.Type(n.ProposedAward) is null ? WebText.W.Format("Web.Petition.AwardUnknown", n.ProposedAward) : null,
                Awards.Category(n.Category) is null ? WebText.W.Format("Web.Petition.CategoryUnknown", n.Category) : null,
                string.IsNullOrWhiteSpace(n.Justification) ? WebText.W["Web.Petition.NoJustification"] : null,
            }.OfType<string>().ToList()))
            .Where(x => x.Fields.Count > 0)
            .Select(x => $"{x.n.No}. {x.n.Name}: {string.Join(", ", x.Fields)}");
        return WebText.W.Format("Web.Petition.Incomplete", string.Join("; ", problems), string.Join(", ", Awards.Categories.Select(c => CategoryName(c.Id))));
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await engine.LoadAsync(new CaseId(id), ct).ConfigureAwait(false) is not Petition petition)
        {
            return false;
        }

        Petition = petition;
        OnAgendaOf = petition.Meeting is { } placed ? await engine.LoadAsync(placed, ct).ConfigureAwait(false) as CommissionMeeting : null;
        var scheduled = new List<CommissionMeeting>();
        await foreach (var row in engine.Store.QueryAsync(new CaseQuery { Kind = CommissionMeeting.CaseKind, States = ["scheduled"], Limit = 50 }, ct).ConfigureAwait(false))
        {
            if (await engine.LoadAsync(row.Id, ct).ConfigureAwait(false) is CommissionMeeting meeting && meeting.Agenda.All(a => a.Petition != petition.Id))
            {
                scheduled.Add(meeting);
            }
        }

        Scheduled = [.. scheduled.OrderBy(m => m.ScheduledOn)];
        return true;
    }
}
