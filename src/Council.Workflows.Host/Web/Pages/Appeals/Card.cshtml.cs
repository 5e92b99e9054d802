using Council.Workflows.Appeals;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace Council.Workflows.Host.Web.Pages.Appeals;

/// <summary>
/// The card of an appeal (РКК): every field, the deadline with why it is that date, the history (who, when, what, on what
/// basis), the letters; the actions this account may take now as forms, and the ones it may not with the rule that stops
/// them. Opening it is recorded in the access log; an appeal the account may not see is not found.
/// </summary>
internal sealed class CardModel(
    WorkflowEngine engine, AppealWorkflow workflow, DeadlineCalculator calculator, WebSession who, Microsoft.Extensions.Options.IOptions<CouncilWorkflowsOptions> options,
    AppealQueries queries) : PageModel
{
    /// <summary>The actions this page has forms for; the others are named with the verb that takes them.</summary>
    public static readonly string[] WithForms =
        ["assign", "extend", "interim-answer", "answer", "forward", "take-off-control", "shorten", "return-incomplete", "return-lacking-data", "not-consider", "withdraw", "annul", "correct",
            "mark-late", "request-restoration", "restore-term", "refuse-restoration"];

    private static string? Changed(string? typed, string? registered) => typed is not null && typed != registered ? typed : null;

    public Appeal Appeal { get; private set; } = null!;

    public IReadOnlyList<CaseEvent> History { get; private set; } = [];

    public IReadOnlyList<ActionOption> Actions { get; private set; } = [];

    /// <summary>The role each open action is taken in (the first of the account's roles that opens it).</summary>
    public IReadOnlyDictionary<string, OfficialRole> ActingRole { get; private set; } = new Dictionary<string, OfficialRole>();

    public string Why { get; private set; } = "";

    public bool Masked { get; private set; }

    public string? Problem { get; private set; }

    public IReadOnlyList<string> ProblemRules { get; private set; } = [];

    public string? Done { get; private set; }

    public Guid NextCommandId { get; private set; } = Command.NewId();

    public WebSession Who => who;

    public Instant Now => who.Now;

    public DateTimeZone Zone => calculator.Zone;

    /// <summary>The appeal's term by its description and basis («розгляд звернення, ст. 20 Закону …»).</summary>
    public string Term => Cli.AppealsCommands.TermText(Appeal.Deadline.TermId, calculator);

    /// <summary>A classifier code with its name in the loaded classifier (a code it does not list shows alone); null for none.</summary>
    public string? Named(string section, string? code) =>
        code is null ? null : workflow.Classifier?.Section(section)?.Item(code) is { } item ? $"{code} {Name(item)}" : code;

    /// <summary>The issues' codes with their names.</summary>
    public string? Issues =>
        Appeal.Card.Issues.Count == 0 ? null : string.Join("; ", Appeal.Card.Issues.Select(c => workflow.Classifier?.Issue(c) is { } item ? $"{c} {Name(item)}" : c));

    private static string Name(Council.Workflows.Appeals.Classifier.ClassifierItem item) => WebText.Ukrainian ? item.NameUk : item.NameEn ?? item.NameUk;

    /// <summary>
    /// The receipt for the applicant's copy (Instruction 348, item 2) as a printed page: the council, the day of receipt, the
    /// index, the due date and the code the public status page asks for. For the staff who register appeals.
    /// </summary>
    public async Task<IActionResult> OnGetReceiptAsync(Guid id, CancellationToken ct)
    {
        if (!who.Has(Council.Workflows.Accounts.AccountRole.Clerk) && !who.SeesAllAppeals || !await LoadAsync(id, ct).ConfigureAwait(false))
        {
            return NotFound();
        }

        Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
        var value = options.Value;
        await who.LogAsync("receipt", Appeal.Id, Appeal.Index, ct).ConfigureAwait(false);
        return Content(Council.Workflows.Appeals.AppealLetters.Receipt(Appeal, value.OrganisationName, value.Letterhead).ToHtml(), "text/html; charset=utf-8");
    }

    /// <summary>The code the public status page asks for, printed on the receipt.</summary>
    public string ReceiptCode => Council.Workflows.Appeals.StatusCode.For(Appeal.Id);

    public async Task<IActionResult> OnGetAsync(Guid id, string? done, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct).ConfigureAwait(false))
        {
            // An appeal that exists but is not this account's to open is answered as not found, and the attempt is logged.
            if (await engine.LoadAsync(new CaseId(id), ct).ConfigureAwait(false) is Appeal other)
            {
                await who.LogAsync("appeal-denied", other.Id, other.Index, ct).ConfigureAwait(false);
            }

            return NotFound();
        }

        await who.LogAsync("appeal", Appeal.Id, Appeal.Index, ct).ConfigureAwait(false);
        Done = done is { Length: > 0 } && (WithForms.Contains(done) || done == "register") ? WebText.T.Format("Card.Done", WebText.Action(done)) : null;
        return Page();
    }

    // The fields each act's form cannot go without, with their labels.
    private static (string Name, string Label)[] RequiredFields(string act) => act switch
    {
        "assign" => [("executor", "Form.Executor")],
        "extend" => [("newDueOn", "Form.NewDueOn"), ("reason", "Form.Reason"), ("notice", "Form.Notice")],
        "interim-answer" => [("text", "Form.Text")],
        "answer" => [("outcome", "Form.Outcome"), ("summary", "Form.Summary")],
        "forward" => [("to", "Form.To")],
        "shorten" => [("newDueOn", "Form.NewDueOn"), ("demand", "Form.Demand")],
        "return-incomplete" or "return-lacking-data" => [("explanation", "Form.Explanation")],
        "not-consider" => [("ground", "Form.Ground")],
        "withdraw" => [("statement", "Form.Statement")],
        "annul" => [("annulReason", "Form.AnnulReason")],
        "correct" => [("correctReason", "Form.CorrectReason")],
        "request-restoration" => [("grounds", "Form.Grounds")],
        "restore-term" or "refuse-restoration" => [("decisionReason", "Form.DecisionReason")],
        _ => [],
    };

    // A date the form may leave empty; one typed must be a day (named when it is not).
    private static NodaTime.LocalDate? OptionalDate(string? text, string label) =>
        text is null ? null
        : Cli.OfficeDates.Date(text) is { Success: true } parsed ? parsed.Value
        : throw new ArgumentException($"{WebText.T[label]}: {Cli.OfficeDates.NoSuchDay(text) ?? WebText.T.Format("Settings.NotDate", text)}");

    // The earlier appeal a repeated one names, by its index: this appeal's year first, then the five before it (the latest
    // of that index); an index that names none is refused.
    private async Task<CaseId> EarlierAsync(string index, CancellationToken ct)
    {
        for (var year = Appeal.Year; year >= Appeal.Year - 5; year--)
        {
            var found = await queries.FindByIndexAsync(index.Trim(), year, Appeal.Council, ct).ConfigureAwait(false)
                ?? await queries.FindByIndexAsync(Cli.References.Cyrillic(index.Trim()), year, Appeal.Council, ct).ConfigureAwait(false);
            if (found is not null)
            {
                return found.Id;
            }
        }

        throw new ArgumentException(WebText.T.Format("Card.NoEarlier", index.Trim()));
    }

    /// <summary>What was typed in the form of <paramref name="act"/> when it was refused (shown again), else null.</summary>
    public string? Typed(string act, string field)
    {
        if (!Microsoft.AspNetCore.Http.HttpMethods.IsPost(Request.Method) || !Request.HasFormContentType || Request.Form["act"] != act)
        {
            return null;
        }

        var value = Request.Form[field].ToString();
        return value.Length > 0 ? value : null;
    }

    /// <summary>The names of the council's executors (accounts holding the role), for the assignment's list.</summary>
    public IReadOnlyList<string> Executors { get; private set; } = [];

    public async Task<IActionResult> OnPostAsync(Guid id, string act, Guid commandId, long version, string? role, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct).ConfigureAwait(false))
        {
            return NotFound();
        }

        // The role the form acts in, if the account holds it (Acting never takes a role the account does not hold).
        if (who.Acting(KebabCase.TryParse<OfficialRole>(role, out var chosen) ? chosen : null) is not { } actor)
        {
            return Forbid();
        }

        Microsoft.AspNetCore.Http.IFormCollection form = Request.Form;
        string? F(string name) => form[name].ToString().Trim() is { Length: > 0 } v ? v : null;
        var caseId = Appeal.Id;
        var at = who.Now;
        var commandIdOrNew = commandId == Guid.Empty ? Command.NewId() : commandId;
        // A required field left empty is named (not the library's argument check in English).
        if (RequiredFields(act).FirstOrDefault(f => F(f.Name) is null) is { Name: not null } empty)
        {
            Problem = WebText.T.Format("Card.FieldEmpty", WebText.T[empty.Label]);
            await LoadAsync(id, ct).ConfigureAwait(false);
            return Page();
        }

        // Annulling takes the registration out of the register's counts: it is confirmed, as the form asks.
        if (act == "annul" && F("confirm") != "true")
        {
            Problem = WebText.T["Form.ConfirmAnnul"];
            await LoadAsync(id, ct).ConfigureAwait(false);
            return Page();
        }

        // An executor is one of the council's executors: a name no executor's account has would put the appeal on nobody's desk.
        if (act == "assign")
        {
            var executors = await who.ExecutorsAsync(ct).ConfigureAwait(false);
            if (executors.FirstOrDefault(e => string.Equals(e, F("executor"), StringComparison.OrdinalIgnoreCase)) is not { } known)
            {
                Problem = WebText.T.Format("Card.UnknownExecutor", F("executor"), string.Join(", ", executors));
                await LoadAsync(id, ct).ConfigureAwait(false);
                return Page();
            }

            form = new Microsoft.AspNetCore.Http.FormCollection(new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>(form.ToDictionary(f => f.Key, f => f.Value)) { ["executor"] = known });
        }

        Command? command;
        try
        {
            command = act switch
            {
                "assign" => new AssignExecutor { CommandId = commandIdOrNew, CaseId = caseId, Actor = actor, At = at, Executor = F("executor") ?? "", Resolution = F("resolution") },
                "extend" => new ExtendTerm
                {
                    CommandId = commandIdOrNew, CaseId = caseId, Actor = actor, At = at, NewDueOn = OptionalDate(F("newDueOn"), "Form.NewDueOn")!.Value, Reason = F("reason"), Notice = F("notice"),
                },
                "interim-answer" => new GiveInterimAnswer { CommandId = commandIdOrNew, CaseId = caseId, Actor = actor, At = at, Text = F("text") ?? "" },
                "answer" => Cli.OfficeWords.Parse<AnswerOutcome>(F("outcome")) is { } outcome
                    ? new AnswerAppeal
                    {
                        CommandId = commandIdOrNew, CaseId = caseId, Actor = actor, At = at, Outcome = outcome, Summary = F("summary") ?? "",
                        LegalBasis = F("legalBasis"), Reasons = F("reasons"), HowToAppeal = F("howToAppeal"),
                    }
                    : null,
                "forward" => new ForwardAppeal { CommandId = commandIdOrNew, CaseId = caseId, Actor = actor, At = at, To = F("to") ?? "" },
                "take-off-control" => new TakeAppealOffControl { CommandId = commandIdOrNew, CaseId = caseId, Actor = actor, At = at },
                "shorten" => new ShortenTerm { CommandId = commandIdOrNew, CaseId = caseId, Actor = actor, At = at, NewDueOn = OptionalDate(F("newDueOn"), "Form.NewDueOn")!.Value, Demand = F("demand") },
                "return-incomplete" or "return-lacking-data" => new ReturnAppeal
                {
                    CommandId = commandIdOrNew, CaseId = caseId, Actor = actor, At = at, MissingDetails = act == "return-incomplete", Explanation = F("explanation") ?? "",
                },
                "not-consider" => Cli.OfficeWords.Parse<NotConsideredGround>(F("ground")) is { } ground
                    ? new NotConsiderAppeal
                    {
                        CommandId = commandIdOrNew, CaseId = caseId, Actor = actor, At = at, Ground = ground, AuthorshipUnknown = F("authorshipUnknown") == "true",
                        Earlier = F("earlier") is { } earlier ? await EarlierAsync(earlier, ct).ConfigureAwait(false) : null,
                    }
                    : null,
                "withdraw" => new WithdrawAppeal { CommandId = commandIdOrNew, CaseId = caseId, Actor = actor, At = at, Statement = F("statement") ?? "" },
                // A correction changes only what differs from the card as registered (an unchanged field is not sent).
                "correct" => new CorrectRegistration
                {
                    CommandId = commandIdOrNew, CaseId = caseId, Actor = actor, At = at, Reason = F("correctReason") ?? "",
                    Applicant = Changed(F("applicant"), Appeal.Applicants[0].FullName), Address = Changed(F("address"), Appeal.Applicants[0].Address),
                    Subject = Changed(F("subject"), Appeal.Subject),
                },
                "mark-late" => new MarkComplaintLate
                {
                    CommandId = commandIdOrNew, CaseId = caseId, Actor = actor, At = at,
                    DecidedOn = OptionalDate(F("decidedOn"), "Form.DecidedOn"), LearnedOn = OptionalDate(F("learnedOn"), "Form.LearnedOn"),
                },
                "request-restoration" => new RequestTermRestoration { CommandId = commandIdOrNew, CaseId = caseId, Actor = actor, At = at, Grounds = F("grounds") ?? "" },
                "restore-term" or "refuse-restoration" => new DecideTermRestoration
                {
                    CommandId = commandIdOrNew, CaseId = caseId, Actor = actor, At = at, Restore = act == "restore-term", Reason = F("decisionReason") ?? "",
                },
                "annul" => new AnnulRegistration { CommandId = commandIdOrNew, CaseId = caseId, Actor = actor, At = at, Reason = F("annulReason") ?? "" },
                _ => null,
            };
        }
        catch (ArgumentException e)
        {
            Problem = Reasons.Of(e);
            return Page();
        }

        if (command is null)
        {
            Problem = WebText.T.Format("Card.BadForm", WebText.Action(act));
            return Page();
        }

        CommandResult result;
        try
        {
            result = await engine.ExecuteAsync(command with { ExpectedVersion = version }, ct).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            Problem = Reasons.Of(e);
            return Page();
        }

        switch (result.Status)
        {
            case CommandStatus.Accepted:
                return Redirect($"/appeals/{id}?done={Uri.EscapeDataString(act)}");
            case CommandStatus.Refused:
                // "Permitted" as this account may act now (the card's open actions), not every action the state has.
                await LoadAsync(id, ct).ConfigureAwait(false);
                var open = Actions.Where(o => o.IsOpen).Select(o => o.Trigger).ToHashSet(StringComparer.Ordinal);
                var refusal = result.Refusal!;
                Problem = new Refusal(refusal.State, refusal.Trigger, refusal.UnmetGuards, [.. refusal.PermittedTriggers.Where(open.Contains)]).Message;
                ProblemRules = []; // the message cites the rules once
                break;
            case CommandStatus.Conflict when result.ConflictCode == "version":
                Problem = WebText.T["Card.Stale"];
                break;
            default:
                Problem = result.Message;
                break;
        }

        // The form is shown again with what was typed lost only where the act was refused; a new id for the next try.
        await LoadAsync(id, ct).ConfigureAwait(false);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await engine.LoadAsync(new CaseId(id), ct).ConfigureAwait(false) is not Appeal appeal || !who.MaySee(appeal))
        {
            return false;
        }

        Appeal = appeal;
        Executors = await who.ExecutorsAsync(ct).ConfigureAwait(false);
        Masked = appeal.Card.DoNotDisclose && !who.SeesProtected;
        var history = await engine.Store.LoadHistoryAsync(appeal.Id, ct).ConfigureAwait(false);
        History = Masked ? [.. history.Select(Article10.Mask)] : history;
        // An account holding several roles may act in any of them: an action is open when one of its roles opens it (the
        // form then acts in that role); a closed one shows what stops the first.
        var byRole = who.ActingRoles.Select(r => (Role: r, Options: workflow.Actions(appeal, who.Acting(r)!, who.Now))).ToList();
        Actions = byRole.Count == 0 ? [] : [.. byRole[0].Options.Select(first => byRole.Select(b => b.Options.First(o => o.Trigger == first.Trigger)).FirstOrDefault(o => o.IsOpen) ?? first)];
        ActingRole = Actions.ToDictionary(a => a.Trigger, a => byRole.FirstOrDefault(b => b.Options.Any(o => o.Trigger == a.Trigger && o.IsOpen)).Role);
        Why = appeal.Extended || appeal.Shortened
            ? WebText.T.Format(appeal.Extended ? "Card.WhyExtended" : "Card.WhyShortened", WebText.D(appeal.Deadline.DueOn), appeal.Deadline.LegalBasis)
            : calculator.Compute(appeal.ReceivedOn, appeal.Deadline.TermId).Explain(WebText.Ukrainian ? TextLanguage.Ukrainian : TextLanguage.English);
        return true;
    }
}
