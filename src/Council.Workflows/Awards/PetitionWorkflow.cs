using Ardalis.GuardClauses;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;
using static Council.Workflows.Engine.GuardRule;
using static Council.Workflows.Awards.PetitionState;
using static Council.Workflows.Awards.PetitionTrigger;

namespace Council.Workflows.Awards;

/// <summary>
/// The lifecycle of an award petition: submitted, registered (eligibility checked) or returned, reviewed by the
/// commission nominee by nominee, decided by the granting body, presented. After registration the petition's state follows
/// its nominees, so the transitions from it are dynamic.
/// </summary>
public sealed partial class PetitionWorkflow : IWorkflow
{
    private readonly WorkflowMachine<PetitionState, PetitionTrigger, PetitionContext> _machine;
    private readonly DeadlineCalculator _calculator;
    private readonly AwardOptions _options;
    private readonly string _defaultCouncil;

    /// <summary>Creates the workflow.</summary>
    public PetitionWorkflow(DeadlineCalculator calculator, AwardOptions options, string defaultCouncil = "default")
    {
        _calculator = Guard.Against.Null(calculator);
        _options = Guard.Against.Null(options);
        _defaultCouncil = Guard.Against.NullOrWhiteSpace(defaultCouncil);
        _machine = new(Submitted, Configure, Remind, MissDeadline);
    }

    /// <inheritdoc />
    public string Kind => Petition.CaseKind;

    /// <inheritdoc />
    public IReadOnlyCollection<Type> EventTypes { get; } =
    [
        typeof(PetitionSubmitted), typeof(PetitionRegistered), typeof(PetitionReturned), typeof(PetitionResubmitted), typeof(PetitionPlacedOnAgenda),
        typeof(PetitionReviewed), typeof(AwardDecided), typeof(AwardPresented), typeof(PresentationCancelled), typeof(PetitionWithdrawn),
        typeof(PetitionReminderSent), typeof(PetitionDeadlineMissed),
    ];

    /// <inheritdoc />
    public bool Handles(Command command) => command is SubmitPetition or RegisterPetition or ReturnPetition or ResubmitPetition
        or PlacePetitionOnAgenda or RecordPetitionReview or RecordGrant or RecordPresentation or CancelAwardPresentation or WithdrawPetition;

    /// <inheritdoc />
    public ICaseData Replay(IReadOnlyList<CaseEvent> history) => Petition.Replay(history);

    // The rules as written (the transition table and the Stateless reference), for the test that compares the two.
    internal WorkflowDefinition<PetitionState, PetitionTrigger> Rules => _machine.Definition;

    /// <inheritdoc />
    public string ToMermaid() => _machine.ToMermaid();

    /// <inheritdoc />
    public string ToDot() => _machine.ToDot();

    /// <summary>Every transition with the rules that guard it, as a Markdown table.</summary>
    public string RulesTable() => _machine.RulesTable();

    private void Configure(WorkflowDefinition<PetitionState, PetitionTrigger> machine, Func<PetitionContext> C)
    {
        var o = _options;
        var staff = Rule(() => o.StaffRoles.Contains(C().Command.Actor.Role), "petition-staff-role", () => [Texts.Roles(o.StaffRoles)]);
        var complete = Rule(() => C().IsComplete, "petition-complete", () => C().Incomplete());
        var meetingOpenForAgenda = Rule(() => C().Meeting is { State: MeetingState.Scheduled }, "agenda-meeting-scheduled");
        var reviewsAwaiting = Rule(() => C().ReviewsAwaitingNominees, "review-awaiting-nominees");
        var recommended = Rule(() => C().GrantNominee is { Status: NomineeStatus.Recommended }, "grant-recommended");
        var owningBody = Rule(() => C().GrantMatchesInstrument, "grant-owning-body", () => C().InstrumentNeeded());
        var cap = Rule(() => !C().CapReached, "grant-annual-cap");
        var notHeld = Rule(() => !C().HeldAlready, "grant-not-held");
        var notTwiceADay = Rule(() => !C().GrantedTheSameDay, "grant-not-twice-a-day");
        var afterReview = Rule(() => C().Command is not RecordGrant g || C().GrantNominee?.ReviewedOn is not { } reviewed || g.On >= reviewed, "grant-after-review");
        var granted = Rule(() => C().PresentNominee is { Status: NomineeStatus.Awarded }, "present-granted");
        var notBeforeGrant = Rule(() => C().Command is not RecordPresentation p || C().PresentNominee?.Grant is not { } grant || p.On >= grant.On, "present-after-grant");
        var nothingGranted = Rule(() => !C().Petition.Nominees.Any(n => n.Grant is { Awarded: true }), "withdraw-before-grant");
        Stateless.Reflection.DynamicStateInfos Either(params PetitionState[] states)
        {
            var infos = new Stateless.Reflection.DynamicStateInfos();
            foreach (var state in states)
            {
                infos.Add(state, KebabCase.Of(state));
            }

            return infos;
        }

        // After registration the petition's state follows its nominees; only the outcomes a trigger can reach are listed.
        machine.Configure(Submitted)
            .PermitIf(Register, InReview, staff, complete)
            .PermitIf(ReturnForCorrection, Returned, staff)
            .Permit(Withdraw, Withdrawn);

        machine.Configure(Returned)
            .Permit(Resubmit, Submitted)
            .Permit(Withdraw, Withdrawn);

        machine.Configure(InReview)
            .PermitReentryIf(PlaceOnAgenda, staff, meetingOpenForAgenda)
            .PermitDynamicIf(RecordReview, () => C().StateAfter, "the nominees' outcomes", Either(InReview, Reviewed, Decided, Closed), reviewsAwaiting)
            .PermitReentryIf(Grant, staff, recommended, afterReview, owningBody, cap, notHeld, notTwiceADay)
            .PermitReentryIf(Present, staff, granted, notBeforeGrant)
            .PermitReentryIf(PetitionTrigger.CancelPresentation, staff, granted)
            .PermitIf(Withdraw, Withdrawn, nothingGranted)
            .PermitReentry(Remind)
            .PermitReentry(MissDeadline);

        machine.Configure(Reviewed)
            .PermitDynamicIf(Grant, () => C().StateAfter, "the nominees' outcomes", Either(Reviewed, Decided, Closed), staff, recommended, afterReview, owningBody, cap, notHeld, notTwiceADay)
            .PermitReentryIf(Present, staff, granted, notBeforeGrant)
            .PermitReentryIf(PetitionTrigger.CancelPresentation, staff, granted)
            .PermitIf(Withdraw, Withdrawn, nothingGranted)
            .PermitReentry(Remind)
            .PermitReentry(MissDeadline);

        machine.Configure(Decided)
            .PermitDynamicIf(Present, () => C().StateAfter, "the nominees' outcomes", Either(Decided, Closed), staff, granted, notBeforeGrant)
            .PermitDynamicIf(PetitionTrigger.CancelPresentation, () => C().StateAfter, "the nominees' outcomes", Either(Decided, Closed), staff, granted)
            .PermitReentry(Remind)
            .PermitReentry(MissDeadline);

        machine.Configure(Closed).Ignore(Remind).Ignore(MissDeadline);
        machine.Configure(Withdrawn).Ignore(Remind).Ignore(MissDeadline);
        machine.Configure(Returned).Ignore(Remind).Ignore(MissDeadline);
        machine.Configure(Submitted).Ignore(Remind).Ignore(MissDeadline);
    }

    /// <inheritdoc />
    /// <remarks>2: a granted nominee's row keys count the award's annual cap and the person's grants of it (<see cref="KeyLimit"/>). 3: the report facts (<see cref="ICaseData.ReportFacts"/>) kept beside the rows.</remarks>
    public int RowVersion => 3;

    /// <inheritdoc />
    public CaseReads ReadsFor(ICaseData? current, Command command)
    {
        Guard.Against.Null(command);
        switch (command)
        {
            case SubmitPetition submit:
                return CaseReads.None.Number(NumberScope(submit));
            case PlacePetitionOnAgenda a:
                return CaseReads.None.Case(a.Meeting);
            case RegisterPetition when current is Petition petition:
                // The award history of every nominee, and the grants of each capped award this year, for the warnings.
                var reads = CaseReads.None;
                var year = _calculator.DateOf(command.At).Year;
                foreach (var nominee in petition.Nominees)
                {
                    if (_options.Type(nominee.ProposedAward) is { } award)
                    {
                        reads = reads.Query(NomineeQuery(nominee));
                        if (award.AnnualCap is not null)
                        {
                            reads = reads.Query(AwardYearQuery(petition.Council, award.Id, year));
                        }
                    }
                }

                return reads;
            case RecordGrant { Awarded: true } g when current is Petition petition
                && petition.NomineeNo(g.NomineeNo) is { } nominee && _options.Type(nominee.RecommendedAward) is { } type:
                var grantReads = CaseReads.None.Query(NomineeQuery(nominee));
                return type.AnnualCap is null ? grantReads : grantReads.Query(AwardYearQuery(petition.Council, type.Id, g.On.Year));
            default:
                return CaseReads.None;
        }
    }

    /// <inheritdoc />
    public Decision Decide(ICaseData? current, Command command, RelatedCases related)
    {
        Guard.Against.Null(command);
        Guard.Against.Null(related);
        if (command is SubmitPetition submit)
        {
            return Submit(submit, related);
        }

        var petition = current as Petition ?? throw new ArgumentException($"Case {command.CaseId} is not a petition.", nameof(current));
        if (command is FireTimer fire && WorkflowPlumbing.StaleTimer(this, petition, fire, "petition") is { } stale)
        {
            return stale;
        }

        // A reminder swept after its deadline has itself lapsed (the worker was down) is not sent beside the escalation.
        if (command is FireTimer late && TriggerOf(command) == Remind
            && TimersFor(petition).FirstOrDefault(t => t.Kind == MissedKindOf(late.Timer.Kind)) is { } missedTimer && late.At >= missedTimer.DueAt)
        {
            return Decision.Ignore($"Reminder '{late.Timer.Kind}' is not sent: its deadline has already passed.");
        }

        CheckArguments(command);
        CheckDates(command);
        var context = new PetitionContext(petition, command, _options, _calculator.DateOf(command.At));
        switch (command)
        {
            case PlacePetitionOnAgenda a:
                context.Meeting = related.Case(a.Meeting) as CommissionMeeting;
                break;
            case RegisterPetition:
                context.CheckHistory(related);
                break;
            case RecordGrant { Awarded: true } g when context.GrantNominee is { } nominee && _options.Type(nominee.RecommendedAward) is { } type:
                if (type.AnnualCap is not null)
                {
                    context.GrantedThisYear = CountGranted(related.Found(AwardYearQuery(petition.Council, type.Id, g.On.Year)), type.Id, g.On.Year);
                }

                context.EarlierGrants = GrantsHeld(related.Found(NomineeQuery(nominee)), petition, nominee, type.Id);
                break;
        }

        return _machine.TryFire(petition.State, context, TriggerOf(command), out var next, out var refusal)
            ? Apply(petition, command, next, context)
            : Decision.Refuse(refusal!);
    }

    private Decision Apply(Petition petition, Command command, PetitionState state, PetitionContext context)
    {
        var outbox = new List<OutboxMessage>();
        var suggestions = new List<Suggestion>();
        string? reason = null;
        EventData data;
        switch (command)
        {
            case RegisterPetition:
                var reviewDue = _calculator.Compute(context.Today, TermLength.FromDays(_options.ReviewWithinDays));
                data = new PetitionRegistered(context.Today, reviewDue.DueOn, reviewDue.LapsesAt, context.Warnings);
                // The commission decides on them; the secretary sees them now, as the registration is made.
                suggestions.AddRange(context.Warnings.SelectMany(w => w.Warnings.Select(x =>
                    new Suggestion($"eligibility-{x.Rule}", Texts.Format("Suggestion.eligibility", w.NomineeNo, petition.NomineeNo(w.NomineeNo)?.Name, x.Message)))));
                break;
            case ReturnPetition r:
                data = new PetitionReturned(r.Reason.Trim());
                reason = r.Reason.Trim();
                outbox.Add(Message(command, petition, "petitioner-notice", petition.Petitioner.Name, $"Клопотання {petition.Number} повернуто на доопрацювання", reason));
                break;
            case ResubmitPetition r:
                var corrected = Nominees(r.Nominees);
                data = new PetitionResubmitted(corrected);
                suggestions.AddRange(OutsideTheCatalogue(corrected));
                break;
            case PlacePetitionOnAgenda:
                data = new PetitionPlacedOnAgenda(context.Meeting!.Id, context.Meeting.Number, context.Meeting.ScheduledOn);
                break;
            case RecordPetitionReview r:
                data = new PetitionReviewed(r.Meeting, context.Today, r.Reviews);
                break;
            case RecordGrant g:
                var nominee = context.GrantNominee!;
                LocalDate? presentationDue = null;
                Instant? presentationLapses = null;
                if (g.Awarded)
                {
                    var deadline = _calculator.Compute(g.On, TermLength.FromDays(_options.PresentationWithinDays));
                    (presentationDue, presentationLapses) = (deadline.DueOn, deadline.LapsesAt);
                }

                data = new AwardDecided(g.NomineeNo, new GrantDecision(g.Awarded, nominee.RecommendedAward!, g.Instrument, g.Number.Trim(), g.On), presentationDue, presentationLapses);
                break;
            case RecordPresentation p:
                data = new AwardPresented(p.NomineeNo, p.On);
                break;
            case CancelAwardPresentation c:
                data = new PresentationCancelled(c.NomineeNo, c.Reason.Trim());
                reason = c.Reason.Trim();
                break;
            case WithdrawPetition w:
                data = new PetitionWithdrawn(w.Reason.Trim());
                reason = w.Reason.Trim();
                break;
            case FireTimer { Timer: var timer }:
                var dueOn = timer.Kind.About ?? throw new ArgumentException($"Timer '{timer.Kind}' is about no date.", nameof(command));
                if (IsMissed(timer.Kind))
                {
                    data = new PetitionDeadlineMissed(timer.Kind.ToString(), dueOn);
                    outbox.Add(Message(command, petition, "escalation", _options.EscalationRecipient, $"Порушено строк: клопотання {petition.Number}", $"Строк ({timer.Kind}) клопотання {petition.Number} ({petition.Petitioner.Name}) сплив {dueOn:dd.MM.uuuu}."));
                }
                else
                {
                    data = new PetitionReminderSent(timer.Kind.ToString(), dueOn);
                    outbox.Add(Message(command, petition, "reminder", _options.EscalationRecipient, $"Нагадування: клопотання {petition.Number}", $"Строк ({timer.Kind}) клопотання {petition.Number} спливає {dueOn:dd.MM.uuuu}."));
                }

                break;
            default:
                throw new ArgumentException($"The petition workflow does not handle {command.GetType().Name}.", nameof(command));
        }

        var e = new CaseEvent(petition.Id, petition.Version + 1, command.At, command.Actor, KebabCase.Of(state), data, reason, null, command.CommandId) { RecordedAt = command.RecordedAt };
        var decision = Decision.Accept(Petition.Apply(petition, e), [e], outbox, suggestions);
        return command is RecordGrant { Awarded: true } grant ? WithGrantLimits(decision, petition, grant) : decision;
    }

    private static PetitionTrigger TriggerOf(Command command) => command switch
    {
        RegisterPetition => Register,
        ReturnPetition => ReturnForCorrection,
        ResubmitPetition => Resubmit,
        PlacePetitionOnAgenda => PlaceOnAgenda,
        RecordPetitionReview => RecordReview,
        RecordGrant => Grant,
        RecordPresentation => Present,
        CancelAwardPresentation => PetitionTrigger.CancelPresentation,
        WithdrawPetition => Withdraw,
        FireTimer { Timer.Kind: var kind } when IsMissed(kind) => MissDeadline,
        FireTimer => Remind,
        _ => throw new ArgumentException($"The petition workflow does not handle {command.GetType().Name}.", nameof(command)),
    };
}
