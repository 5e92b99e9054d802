using System.Globalization;
using Ardalis.GuardClauses;
using Council.Workflows.Appeals.Classifier;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;
using static Council.Workflows.Engine.GuardRule;
using Decision = Council.Workflows.Engine.Decision;
using static Council.Workflows.Appeals.AppealState;
using static Council.Workflows.Appeals.AppealTrigger;

namespace Council.Workflows.Appeals;

/// <summary>
/// The lifecycle of a citizen's written appeal under the Law "Про звернення громадян": registration, intake routing,
/// consideration with its terms, answers, and taking off control. The Stateless machine below is configured once per
/// pooled machine and read top to bottom like the law; the same definition draws the diagrams.
/// </summary>
public sealed partial class AppealWorkflow : IWorkflow
{
    private readonly WorkflowMachine<AppealState, AppealTrigger, AppealContext> _machine;
    private readonly DeadlineCalculator _calculator;
    private readonly AppealOptions _options;
    private readonly string _defaultCouncil;
    private static readonly CultureInfo Ukrainian = CultureInfo.GetCultureInfo("uk-UA");
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(LocalDate DueOn, int Days), (TimerKind Kind, Instant At)> _reminders = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(LocalDate ReceivedOn, string TermId), AppealDeadline> _deadlines = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<LocalDate, TimerKind> _missedKinds = new();

    /// <summary>Creates the workflow.</summary>
    /// <param name="calculator">The deadline calculator of the council.</param>
    /// <param name="options">The council's choices.</param>
    /// <param name="defaultCouncil">The council a registration without one belongs to.</param>
    /// <param name="classifier">The classifier the card's codes are checked against. The default value is <see cref="AppealClassifier.Default"/>.</param>
    public AppealWorkflow(DeadlineCalculator calculator, AppealOptions options, string defaultCouncil = "default", AppealClassifier? classifier = null)
    {
        Classifier = classifier ?? AppealClassifier.Default;
        _calculator = Guard.Against.Null(calculator);
        _options = Guard.Against.Null(options);
        _defaultCouncil = Guard.Against.NullOrWhiteSpace(defaultCouncil);
        _machine = new(Registered, Configure, Remind, MissDeadline);
    }

    /// <inheritdoc />
    public string Kind => Appeal.CaseKind;

    /// <inheritdoc />
    /// <remarks>2: the rows carry the search fields (<see cref="Appeal.SearchFields"/>), which a store's word index holds. 3: the rows carry the report facts (<see cref="ICaseData.ReportFacts"/>), which a store keeps beside them.</remarks>
    public int RowVersion => 3;

    /// <summary>The classifier the card's codes are checked against when they are entered.</summary>
    public AppealClassifier Classifier { get; }

    /// <inheritdoc />
    public IReadOnlyCollection<Type> EventTypes { get; } =
    [
        typeof(AppealRegistered), typeof(ExecutorAssigned), typeof(AppealForwarded), typeof(AppealReturned), typeof(AppealNotConsidered),
        typeof(ComplaintMarkedLate), typeof(TermRestorationRequested), typeof(TermRestored), typeof(RestorationRefused), typeof(TermExtended),
        typeof(TermShortened), typeof(InterimAnswerGiven), typeof(AppealAnswered), typeof(TakenOffControl), typeof(AppealWithdrawn),
        typeof(ReminderSent), typeof(DeadlineMissed), typeof(RegistrationAnnulled), typeof(RegistrationCorrected),
    ];

    /// <inheritdoc />
    public bool Handles(Command command) => command is RegisterAppeal or AssignExecutor or ForwardAppeal or ReturnAppeal or NotConsiderAppeal
        or MarkComplaintLate or RequestTermRestoration or DecideTermRestoration or ExtendTerm or ShortenTerm or GiveInterimAnswer
        or AnswerAppeal or TakeAppealOffControl or WithdrawAppeal or AnnulRegistration or CorrectRegistration;

    /// <inheritdoc />
    public ICaseData Replay(IReadOnlyList<CaseEvent> history) => Appeal.Replay(history);

    // The rules as written (the transition table and the Stateless reference), for the test that compares the two.
    internal WorkflowDefinition<AppealState, AppealTrigger> Rules => _machine.Definition;

    /// <inheritdoc />
    public string ToMermaid() => _machine.ToMermaid();

    /// <summary>Every transition with the rules that guard it, as a Markdown table.</summary>
    public string RulesTable() => _machine.RulesTable();

    /// <inheritdoc />
    public string ToDot() => _machine.ToDot();

    // The whole lifecycle, in the order of the law. Guards are side-effect free and name their rule.
    private void Configure(WorkflowDefinition<AppealState, AppealTrigger> machine, Func<AppealContext> C)
    {
        var o = _options;

        var intake = Rule(() => Has(C(), o.IntakeRoles), "appeal-intake-role", () => [Texts.Roles(o.IntakeRoles)]);
        var assign = Rule(() => Has(C(), o.AssignRoles), "appeal-assign-role", () => [Texts.Roles(o.AssignRoles)]);
        var notToAccused = Rule(() => C().NotForwardedToAccused, "art7-not-to-accused");
        var groundHolds = Rule(() => C().GroundHolds, "art8-ground-holds");
        var isComplaint = Rule(() => C().Appeal.AppealKind == AppealKind.Complaint, "art17-complaint-only");
        var isLate = Rule(() => C().IsLateComplaint, "art17-filed-late");
        var restoration = Rule(() => Has(C(), o.RestorationRoles), "art17-restoration-role", () => [Texts.Roles(o.RestorationRoles)]);
        var extendRole = Rule(() => Has(C(), o.ExtendRoles), "art20-extend-role", () => [Texts.Roles(o.ExtendRoles)]);
        var extendReason = Rule(() => C().Command is ExtendTerm { Reason: { } r } && !string.IsNullOrWhiteSpace(r), "art20-extension-reason");
        var extendNotice = Rule(() => C().Command is ExtendTerm { Notice: { } n } && !string.IsNullOrWhiteSpace(n), "art20-extension-notice");
        var extendLater = Rule(() => C().Command is ExtendTerm x && x.NewDueOn > C().Appeal.Deadline.DueOn, "extension-later");
        var extendCap = Rule(() => C().Command is ExtendTerm x && x.NewDueOn <= C().Appeal.MaxDueOn, "art20-45-days");
        var shortenRole = Rule(() => Has(C(), o.ShortenRoles), "shorten-role", () => [Texts.Roles(o.ShortenRoles)]);
        var shortenDemand = Rule(() => C().Command is ShortenTerm { Demand: { } d } && !string.IsNullOrWhiteSpace(d), "art20-shorten-demand");
        var shortenEarlier = Rule(() => C().Command is ShortenTerm s && s.NewDueOn < C().Appeal.Deadline.DueOn && s.NewDueOn >= C().Today, "shorten-earlier");
        var answerer = Rule(() => C().IsAnswerer, "answerer");
        var personalHead = Rule(() => !C().Appeal.PersonalHead || C().Command.Actor.Role == OfficialRole.Head, "art15-personal-head");
        var refusalReasoned = Rule(() => C().RefusalReasoned, "art19-refusal-reasoned");
        var electronicContact = Rule(() => C().Command is not AnswerAppeal { Channel: AnswerChannel.Electronic } || C().Appeal.Applicants.Any(a => a.Email is not null), "art15-electronic-contact");
        var resolved = Rule(() => C().Appeal.Answer is { AllIssuesAddressed: true }, "resolved-before-control-off");
        var controller = Rule(() => C().MayTakeOffControl(o.TakeOffControlBy), ControlRuleId(o.TakeOffControlBy));
        var withdrawal = Rule(() => o.AllowWithdrawal, "withdrawal-policy");
        var annul = Rule(() => Has(C(), o.AnnulRoles), "annul-role", () => [Texts.Roles(o.AnnulRoles)]);
        var correct = Rule(() => Has(C(), o.CorrectRoles), "correct-role", () => [Texts.Roles(o.CorrectRoles)]);
        var corrects = Rule(() => C().Command is CorrectRegistration c && Corrections(C().Appeal, c).Count > 0, "correction-changes");

        machine.Configure(Registered)
            .PermitIf(Assign, UnderConsideration, assign)
            .PermitIf(Forward, Forwarded, intake, notToAccused)
            .PermitIf(ReturnLackingData, Returned, intake)
            .PermitIf(ReturnIncomplete, Returned, intake)
            .PermitIf(NotConsider, NotConsidered, intake, groundHolds)
            .PermitIf(MarkLate, LateComplaint, intake, isComplaint, isLate)
            .PermitIf(Withdraw, Withdrawn, withdrawal)
            .PermitIf(Annul, Annulled, annul)
            .PermitReentryIf(Correct, correct, corrects)
            .PermitReentry(Remind)
            .PermitReentry(MissDeadline);

        machine.Configure(LateComplaint)
            .Permit(RequestRestoration, RestorationRequested)
            .PermitIf(NotConsider, NotConsidered, intake, groundHolds)
            .PermitIf(Withdraw, Withdrawn, withdrawal)
            .PermitIf(Annul, Annulled, annul)
            .PermitReentryIf(Correct, correct, corrects)
            .Ignore(Remind)
            .Ignore(MissDeadline);

        machine.Configure(RestorationRequested)
            .PermitIf(RestoreTerm, Registered, restoration)
            .PermitIf(RefuseRestoration, NotConsidered, restoration)
            .PermitIf(Annul, Annulled, annul)
            .PermitReentryIf(Correct, correct, corrects)
            .Ignore(Remind)
            .Ignore(MissDeadline);

        machine.Configure(UnderConsideration)
            .PermitReentryIf(Assign, assign)
            .PermitReentryIf(Extend, extendRole, extendReason, extendNotice, extendLater, extendCap)
            .PermitReentryIf(Shorten, shortenRole, shortenDemand, shortenEarlier)
            .PermitReentryIf(InterimAnswer, answerer)
            .PermitIf(Answer, Answered, answerer, personalHead, refusalReasoned, electronicContact)
            .PermitIf(Forward, Forwarded, intake, notToAccused)
            .PermitIf(Withdraw, Withdrawn, withdrawal)
            .PermitIf(Annul, Annulled, annul)
            .PermitReentryIf(Correct, correct, corrects)
            .PermitReentry(Remind)
            .PermitReentry(MissDeadline);

        machine.Configure(Answered)
            .PermitReentryIf(Answer, answerer, personalHead, refusalReasoned, electronicContact)
            .PermitIf(TakeOffControl, Closed, resolved, controller)
            .PermitReentryIf(Correct, correct, corrects)
            .Ignore(Remind)
            .Ignore(MissDeadline);

        // A finished appeal's card is still the record: a typo in it is corrected, with the old value kept.
        foreach (var terminal in new[] { Closed, Forwarded, Returned, NotConsidered, Withdrawn })
        {
            machine.Configure(terminal).PermitReentryIf(Correct, correct, corrects).Ignore(Remind).Ignore(MissDeadline);
        }

        machine.Configure(Annulled).Ignore(Remind).Ignore(MissDeadline);
    }

    // The rules that depend on who acts and on the case, not on what an act carries: the ones an action list can decide.
    private static readonly HashSet<string> WhoRules =
    [
        "appeal-intake-role", "appeal-assign-role", "art17-restoration-role", "art20-extend-role", "shorten-role", "answerer",
        "art15-personal-head", "resolved-before-control-off", "withdrawal-policy", "annul-role", "correct-role",
        "art17-complaint-only", "art17-filed-late", "control-off-by-controller", "control-off-by-controller-or-head", "control-off-by-anyone",
    ];

    /// <summary>
    /// What <paramref name="official"/> may do with <paramref name="appeal"/> at <paramref name="at"/>: every action its state
    /// permits, with the rules that stop this official (who they are, what the case is) — the rest is checked when they act.
    /// </summary>
    public IReadOnlyList<ActionOption> Actions(Appeal appeal, Official official, Instant at)
    {
        Guard.Against.Null(appeal);
        Guard.Against.Null(official);
        var probe = new TakeAppealOffControl { CommandId = Guid.Empty, CaseId = appeal.Id, Actor = official, At = at };
        return _machine.Options(appeal.State, new AppealContext(appeal, probe, null, _calculator), WhoRules.Contains);
    }

    /// <inheritdoc />
    public CaseReads ReadsFor(ICaseData? current, Command command)
    {
        Guard.Against.Null(command);
        return command switch
        {
            // The applicant's most recent appeals, for the repeat check, and the next index number.
            RegisterAppeal register => CaseReads.None.Query(RepeatQuery(register)).Number(IndexScope(register, ReceivedOn(register))),
            // The earlier appeal a repeat is not considered for, and the next outgoing number for the notice.
            NotConsiderAppeal { Earlier: { } earlier } => OutgoingReads(current, command).Case(earlier),
            // A letter to the applicant takes the next number of the outgoing journal.
            _ => OutgoingReads(current, command),
        };
    }

    /// <inheritdoc />
    public Decision Decide(ICaseData? current, Command command, RelatedCases related)
    {
        Guard.Against.Null(command);
        Guard.Against.Null(related);
        if (command is RegisterAppeal register)
        {
            return Register(register, related);
        }

        var appeal = current as Appeal ?? throw new ArgumentException($"Case {command.CaseId} is not an appeal.", nameof(current));
        if (command is FireTimer fire)
        {
            if (WorkflowPlumbing.StaleTimer(this, appeal, fire, "appeal") is { } stale)
            {
                return stale;
            }

            // A reminder swept after the deadline itself has lapsed (the worker was down) would announce a date already
            // past, beside the escalation: it is not sent.
            if (TriggerOf(command) == Remind && fire.At >= appeal.Deadline.LapsesAt)
            {
                return Decision.Ignore($"Reminder '{fire.Timer.Kind}' is not sent: the deadline {appeal.Deadline.DueOn:dd.MM.uuuu} has already passed.");
            }
        }

        var trigger = TriggerOf(command);
        CheckArguments(command);
        var earlier = command is NotConsiderAppeal { Earlier: { } earlierId } ? related.Case(earlierId) as Appeal : null;
        var context = new AppealContext(appeal, command, earlier, _calculator);

        return _machine.TryFire(appeal.State, context, trigger, out var next, out var refusal)
            ? Apply(appeal, command, next, context, related)
            : Decision.Refuse(refusal!);
    }

    private Decision Apply(Appeal appeal, Command command, AppealState state, AppealContext context, RelatedCases related)
    {
        var outbox = new List<OutboxMessage>();
        string? reason = null;
        string? basis = null;
        EventData data;
        switch (command)
        {
            case AssignExecutor a:
                var newDeadline = a.Term is { } t && !appeal.Deputy && !appeal.Extended && !appeal.Shortened && TermId(t) != appeal.Deadline.TermId
                    ? DeadlineOf(appeal.ReceivedOn, TermId(t))
                    : null;
                data = new ExecutorAssigned(a.Executor.Trim(), appeal.ControlledBy ?? a.Actor.Name, newDeadline)
                {
                    Resolution = string.IsNullOrWhiteSpace(a.Resolution) ? null : a.Resolution.Trim(),
                };
                basis = newDeadline?.LegalBasis;
                break;
            case ForwardAppeal f:
                var forwardDue = _calculator.Compute(appeal.ReceivedOn, StatutoryTerms.AppealForward).DueOn;
                data = new AppealForwarded(f.To.Trim(), context.Today, forwardDue, context.Today <= forwardDue);
                basis = StatutoryTerms.AppealForward.LegalBasisUk;
                Notify(outbox, command, appeal, "applicant-notice", "applicant", $"Звернення {appeal.Index} направлено за належністю", $"Ваше звернення {appeal.Index} від {appeal.ReceivedOn:dd.MM.uuuu} направлено за належністю до: {f.To.Trim()} (ст. 7 Закону України «Про звернення громадян»).");
                break;
            case ReturnAppeal r:
                var returnTerm = r.MissingDetails ? StatutoryTerms.AppealReturnIncomplete : StatutoryTerms.AppealReturnLackingData;
                var returnDue = _calculator.Compute(appeal.ReceivedOn, returnTerm).DueOn;
                data = new AppealReturned(r.MissingDetails, r.Explanation.Trim(), context.Today, returnDue, context.Today <= returnDue);
                basis = returnTerm.LegalBasisUk;
                reason = r.Explanation.Trim();
                Notify(outbox, command, appeal, "applicant-notice", "applicant", $"Звернення {appeal.Index} повернуто", $"Ваше звернення {appeal.Index} повертається: {r.Explanation.Trim()}");
                break;
            case NotConsiderAppeal n:
                data = new AppealNotConsidered(n.Ground, n.Earlier);
                basis = n.Ground == NotConsideredGround.LateComplaint ? "ст. 17 Закону України «Про звернення громадян»" : "ст. 8 Закону України «Про звернення громадян»";
                reason = n.CourtDecision;
                if (n.Ground != NotConsideredGround.Anonymous)
                {
                    Notify(outbox, command, appeal, "applicant-notice", "applicant", $"Звернення {appeal.Index} не підлягає розгляду", $"Ваше звернення {appeal.Index} не підлягає розгляду ({basis}).");
                }

                break;
            case MarkComplaintLate:
                var window = context.ComplaintWindow!;
                data = new ComplaintMarkedLate(window.DecidedOn, window.LearnedOn, window.LastDay);
                basis = "ст. 17 Закону України «Про звернення громадян»";
                break;
            case RequestTermRestoration q:
                data = new TermRestorationRequested(q.Grounds.Trim());
                reason = q.Grounds.Trim();
                break;
            case DecideTermRestoration d:
                data = d.Restore ? new TermRestored() : new RestorationRefused();
                reason = d.Reason.Trim();
                basis = "ст. 17 Закону України «Про звернення громадян»";
                break;
            case ExtendTerm x:
                var extended = new AppealDeadline("extended", x.NewDueOn, _calculator.EndOf(x.NewDueOn), appeal.Deputy ? StatutoryTerms.DeputyAppealMax.LegalBasisUk : StatutoryTerms.AppealMax.LegalBasisUk);
                data = new TermExtended(appeal.Deadline, extended, x.Notice!.Trim());
                reason = x.Reason!.Trim();
                basis = extended.LegalBasis;
                Notify(outbox, command, appeal, "applicant-notice", "applicant", $"Строк розгляду звернення {appeal.Index} продовжено", $"Строк розгляду вашого звернення {appeal.Index} продовжено до {x.NewDueOn:dd.MM.uuuu}: {reason}");
                break;
            case ShortenTerm s:
                var shortened = new AppealDeadline("shortened", s.NewDueOn, _calculator.EndOf(s.NewDueOn), StatutoryTerms.AppealStandard.LegalBasisUk);
                data = new TermShortened(appeal.Deadline, shortened, s.Demand!.Trim());
                reason = s.Demand!.Trim();
                basis = shortened.LegalBasis;
                break;
            case GiveInterimAnswer i:
                data = new InterimAnswerGiven(i.Text.Trim());
                Notify(outbox, command, appeal, "applicant-notice", "applicant", $"Проміжна відповідь на звернення {appeal.Index}", i.Text.Trim());
                break;
            case AnswerAppeal a:
                var answer = new AppealAnswer(
                    a.Outcome, a.Summary.Trim(), a.Channel, context.Today, context.Today <= appeal.Deadline.DueOn, a.AllIssuesAddressed,
                    a.LegalBasis?.Trim(), a.Reasons?.Trim(), a.HowToAppeal?.Trim(), a.Actor.Name)
                {
                    ResultCode = string.IsNullOrWhiteSpace(a.ResultCode) ? null : a.ResultCode.Trim(),
                };
                data = new AppealAnswered(answer);
                basis = a.LegalBasis?.Trim();
                reason = a.Reasons?.Trim();
                Notify(outbox, command, appeal, "applicant-answer", "applicant", $"Відповідь на звернення {appeal.Index}", a.Summary.Trim());
                break;
            case TakeAppealOffControl:
                data = new TakenOffControl();
                break;
            case WithdrawAppeal w:
                data = new AppealWithdrawn();
                reason = w.Statement.Trim();
                break;
            case AnnulRegistration n:
                data = new RegistrationAnnulled(string.IsNullOrWhiteSpace(n.DuplicateOf) ? null : n.DuplicateOf.Trim());
                reason = n.Reason.Trim();
                break;
            case CorrectRegistration c:
                data = new RegistrationCorrected(Corrections(appeal, c));
                reason = c.Reason.Trim();
                break;
            case FireTimer { Timer: var timer } when IsReminder(timer.Kind):
                var recipient = appeal.Executor ?? "registry";
                data = new ReminderSent(timer.Kind.ToString(), appeal.Deadline.DueOn, recipient);
                Notify(outbox, command, appeal, "reminder", recipient, $"Нагадування: звернення {appeal.Index} до {appeal.Deadline.DueOn:dd.MM.uuuu}", $"Строк розгляду звернення {appeal.Index} ({appeal.Subject}) спливає {appeal.Deadline.DueOn:dd.MM.uuuu}.");
                break;
            case FireTimer { Timer: var timer }:
                data = new DeadlineMissed(timer.Kind.ToString(), appeal.Deadline.DueOn, _options.EscalationRecipient);
                basis = appeal.Deadline.LegalBasis;
                Notify(outbox, command, appeal, "escalation", _options.EscalationRecipient, $"Порушено строк: звернення {appeal.Index}", $"Строк розгляду звернення {appeal.Index} ({appeal.Subject}) сплив {appeal.Deadline.DueOn:dd.MM.uuuu}; виконавець: {appeal.Executor ?? "не призначено"}.");
                break;
            default:
                throw new ArgumentException($"The appeal workflow does not handle {command.GetType().Name}.", nameof(command));
        }

        var (letter, scope) = Letter(appeal, command, context.Today, related);
        if (letter is not null)
        {
            data = WithLetter(data, letter);
        }

        var e = new CaseEvent(appeal.Id, appeal.Version + 1, command.At, command.Actor, KebabCase.Of(state), data, reason, basis, command.CommandId) { RecordedAt = command.RecordedAt };
        var decision = Decision.Accept(Appeal.Apply(appeal, e), [e], outbox);
        return scope is null ? decision : decision.WithNumber(scope, letter!.Sequence);
    }

    private static AppealTrigger TriggerOf(Command command) => command switch
    {
        AssignExecutor => Assign,
        ForwardAppeal => Forward,
        ReturnAppeal { MissingDetails: true } => ReturnIncomplete,
        ReturnAppeal => ReturnLackingData,
        NotConsiderAppeal => NotConsider,
        MarkComplaintLate => MarkLate,
        RequestTermRestoration => RequestRestoration,
        DecideTermRestoration { Restore: true } => RestoreTerm,
        DecideTermRestoration => RefuseRestoration,
        ExtendTerm => Extend,
        ShortenTerm => Shorten,
        GiveInterimAnswer => InterimAnswer,
        AnswerAppeal => Answer,
        TakeAppealOffControl => AppealTrigger.TakeOffControl,
        WithdrawAppeal => Withdraw,
        AnnulRegistration => Annul,
        CorrectRegistration => Correct,
        FireTimer { Timer.Kind: var kind } when IsReminder(kind) => Remind,
        FireTimer => MissDeadline,
        _ => throw new ArgumentException($"The appeal workflow does not handle {command.GetType().Name}.", nameof(command)),
    };

    private static bool Has(AppealContext context, IList<OfficialRole> roles) => roles.Contains(context.Command.Actor.Role);


    private static string ControlRuleId(ControlRule rule) => rule switch
    {
        ControlRule.Controller => "control-off-by-controller",
        ControlRule.ControllerOrHead => "control-off-by-controller-or-head",
        _ => "control-off-by-anyone",
    };
}
