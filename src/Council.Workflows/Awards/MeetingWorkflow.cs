using System.Globalization;
using Ardalis.GuardClauses;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;
using static Council.Workflows.Engine.GuardRule;
using static Council.Workflows.Awards.MeetingState;
using static Council.Workflows.Awards.MeetingTrigger;

namespace Council.Workflows.Awards;

/// <summary>
/// A meeting of the awards commission: scheduled with its members and agenda, opened with a quorum, conflicts of interest
/// declared, a vote per nominee whose outcome is computed from the ballots, closed with minutes.
/// </summary>
public sealed class MeetingWorkflow : IWorkflow
{
    private readonly WorkflowMachine<MeetingState, MeetingTrigger, MeetingContext> _machine;
    private readonly DeadlineCalculator _calculator;
    private readonly AwardOptions _options;
    private readonly string _defaultCouncil;

    /// <summary>Creates the workflow.</summary>
    /// <param name="calculator">The deadline calculus, for the council's zone (the local date of an act).</param>
    /// <param name="options">The awards options.</param>
    /// <param name="defaultCouncil">The council of a meeting scheduled without one.</param>
    public MeetingWorkflow(DeadlineCalculator calculator, AwardOptions options, string defaultCouncil = "default")
    {
        _calculator = Guard.Against.Null(calculator);
        _options = Guard.Against.Null(options);
        _defaultCouncil = Guard.Against.NullOrWhiteSpace(defaultCouncil);
        _machine = new(Scheduled, Configure);
    }

    /// <inheritdoc />
    public string Kind => CommissionMeeting.CaseKind;

    /// <inheritdoc />
    public IReadOnlyCollection<Type> EventTypes { get; } =
    [
        typeof(MeetingScheduled), typeof(AddedToAgenda), typeof(MeetingOpened), typeof(AttendanceChanged), typeof(ConflictDeclared),
        typeof(VoteTaken), typeof(MeetingClosed), typeof(MeetingCancelled),
    ];

    /// <inheritdoc />
    public bool Handles(Command command) => command is ScheduleMeeting or AddPetitionToAgenda or OpenMeeting or RecordAttendance or DeclareConflictOfInterest
        or TakeVote or CloseMeeting or CancelMeeting;

    /// <inheritdoc />
    public ICaseData Replay(IReadOnlyList<CaseEvent> history) => CommissionMeeting.Replay(history);

    /// <inheritdoc />
    /// <remarks>2: the report facts (<see cref="ICaseData.ReportFacts"/>) kept beside the rows.</remarks>
    public int RowVersion => 2;

    /// <inheritdoc />
    public IReadOnlyList<TimerEntry> TimersFor(ICaseData data) => [];

    // The rules as written (the transition table and the Stateless reference), for the test that compares the two.
    internal WorkflowDefinition<MeetingState, MeetingTrigger> Rules => _machine.Definition;

    /// <inheritdoc />
    public string ToMermaid() => _machine.ToMermaid();

    /// <inheritdoc />
    public string ToDot() => _machine.ToDot();

    /// <summary>Every transition with the rules that guard it, as a Markdown table.</summary>
    public string RulesTable() => _machine.RulesTable();

    private void Configure(WorkflowDefinition<MeetingState, MeetingTrigger> machine, Func<MeetingContext> C)
    {
        var staff = Rule(() => _options.StaffRoles.Contains(C().Command.Actor.Role), "meeting-staff-role", () => [Texts.Roles(_options.StaffRoles)]);
        var petitionInReview = Rule(() => C().Petition is { State: PetitionState.InReview } p && p.Nominees.Any(n => n.AwaitsCommission), "agenda-petition-in-review");
        var notOnAgenda = Rule(() => C().Command is AddPetitionToAgenda a && C().Meeting.Agenda.All(i => i.Petition != a.Petition), "agenda-once");
        var members = Rule(() => C().NamesAreMembers, "members-only", () => C().NonMembers());
        var attendanceChanges = Rule(() => C().AttendanceChanges, "attendance-changes");
        var quorumToOpen = Rule(() => C().Command is OpenMeeting o && C().DistinctMembers(o.Present) >= C().Quorum, "quorum-to-open", () => C().OpeningCount());
        var onAgenda = Rule(() => C().VoteNominee is not null, "nominee-on-agenda", () => C().AgendaNominees());
        var undecided = Rule(() => C().VoteIsOpen, "nominee-undecided");
        var presentBallots = Rule(() => C().BallotsFromPresentOnce, "ballots-present-once", () => C().BallotProblems());
        var recusal = Rule(() => C().NoRecusedBallots, "art28-recusal", () => C().RecusedVoters());
        var quorumToVote = Rule(() => C().VotersAvailable >= C().Meeting.Quorum, "quorum-to-vote", () => C().VotingCount());
        // A nominee not on the agenda has no proposed award to check: the agenda rule refuses that vote.
        var knownAward = Rule(() => C().Command is not TakeVote { Motion: Motion.Recommend } v || (v.Award is null && C().VoteNominee is null) || _options.Type(v.Award ?? C().VoteNominee?.ProposedAward) is not null, "recommendation-known-award");

        machine.Configure(Scheduled)
            .PermitReentryIf(AddToAgenda, staff, petitionInReview, notOnAgenda)
            .PermitIf(MeetingTrigger.Open, InSession, staff, members, quorumToOpen)
            .PermitIf(Cancel, Cancelled, staff);

        machine.Configure(MeetingState.InSession)
            .PermitReentryIf(Attendance, staff, members, attendanceChanges)
            .PermitReentryIf(MeetingTrigger.DeclareConflict, staff, members, onAgenda)
            .PermitReentryIf(Vote, staff, onAgenda, undecided, members, presentBallots, recusal, quorumToVote, knownAward)
            .PermitIf(Close, Closed, staff);
    }

    /// <inheritdoc />
    public CaseReads ReadsFor(ICaseData? current, Command command)
    {
        Guard.Against.Null(command);
        return command switch
        {
            ScheduleMeeting schedule => CaseReads.None.Number(NumberScope(schedule)),
            AddPetitionToAgenda add => CaseReads.None.Case(add.Petition),
            _ => CaseReads.None,
        };
    }

    /// <inheritdoc />
    public Decision Decide(ICaseData? current, Command command, RelatedCases related)
    {
        Guard.Against.Null(command);
        Guard.Against.Null(related);
        if (command is ScheduleMeeting schedule)
        {
            return Schedule(schedule, related);
        }

        var meeting = current as CommissionMeeting ?? throw new ArgumentException($"Case {command.CaseId} is not a commission meeting.", nameof(current));
        CheckArguments(command);
        var context = new MeetingContext(meeting, command, _options);
        if (command is AddPetitionToAgenda add)
        {
            context.Petition = related.Case(add.Petition) as Petition;
        }

        return _machine.TryFire(meeting.State, context, TriggerOf(command), out var next, out var refusal)
            ? Apply(meeting, command, next, context)
            : Decision.Refuse(refusal!);
    }

    private string CouncilOf(ScheduleMeeting command) => string.IsNullOrWhiteSpace(command.Council) ? _defaultCouncil : command.Council.Trim();

    private string NumberScope(ScheduleMeeting command) => $"meeting/{CouncilOf(command)}/{command.On.Year}";

    private Decision Schedule(ScheduleMeeting command, RelatedCases related)
    {
        Guard.Against.NullOrEmpty(command.Members, nameof(command.Members));
        if (command.Members.Select(m => m.Name.ToUpperInvariant()).Distinct().Count() != command.Members.Count)
        {
            throw new ArgumentException("A member is listed twice.", nameof(command));
        }

        if (command.Members.Count(m => m.Role == CommissionRole.Chair) != 1 || command.Members.Count(m => m.Role == CommissionRole.Secretary) != 1)
        {
            throw new ArgumentException("A commission has exactly one chair and one secretary among its members.", nameof(command));
        }

        ActDates.Check(command.On, nameof(command.On), "The meeting's date", _calculator.DateOf(command.At), _options.DateRangeYears);
        var scope = NumberScope(command);
        var number = related.NextNumber(scope);
        var data = new MeetingScheduled(CouncilOf(command), number.ToString(CultureInfo.InvariantCulture), command.On, [.. command.Members]);
        var e = new CaseEvent(command.CaseId, 1, command.At, command.Actor, KebabCase.Of(Scheduled), data, null, null, command.CommandId) { RecordedAt = command.RecordedAt };
        return Decision.Accept(CommissionMeeting.Apply(null, e), [e]).WithNumber(scope, number);
    }

    private Decision Apply(CommissionMeeting meeting, Command command, MeetingState state, MeetingContext context)
    {
        string? reason = null;
        string? basis = null;
        var suggestions = new List<Suggestion>();
        EventData data;
        switch (command)
        {
            case AddPetitionToAgenda:
                var petition = context.Petition!;
                data = new AddedToAgenda(new AgendaItem(
                    petition.Id, petition.Number, petition.Petitioner.Name,
                    [.. petition.Nominees.Where(n => n.AwaitsCommission).Select(n => new AgendaNominee(n.No, n.Name, n.ProposedAward, n.Category, n.Warnings))]));
                // The same person named by two petitions on one agenda (a unit and a council both proposing her) is said at
                // once, so the commission decides on her once.
                foreach (var nominee in petition.Nominees.Where(n => n.AwaitsCommission))
                {
                    foreach (var (other, same) in meeting.Agenda.SelectMany(i => i.Nominees.Select(n => (Item: i, Nominee: n)))
                        .Where(x => NameKey.Of(x.Nominee.Name) == nominee.Key))
                    {
                        suggestions.Add(new Suggestion(
                            "same-person-on-agenda",
                            Texts.Format("Suggestion.same-person-on-agenda", nominee.Name, petition.Number, nominee.No, other.Number, same.No, same.ProposedAward)));
                    }
                }

                break;
            case OpenMeeting o:
                // Opening on another day than the one scheduled is allowed (a sitting moved at short notice), but said at once.
                if (_calculator.DateOf(command.At) is var openedOn && openedOn != meeting.ScheduledOn)
                {
                    suggestions.Add(new Suggestion(
                        "opened-off-schedule",
                        Texts.Format("Suggestion.opened-off-schedule", meeting.Number, meeting.ScheduledOn.ToString("dd.MM.uuuu", System.Globalization.CultureInfo.InvariantCulture), openedOn.ToString("dd.MM.uuuu", System.Globalization.CultureInfo.InvariantCulture))));
                }

                data = new MeetingOpened([.. o.Present.Select(p => meeting.Members.First(m => CommissionMeeting.Same(m.Name, p)).Name).Distinct()], context.Quorum)
                {
                    OpenedOn = _calculator.DateOf(command.At),
                };
                break;
            case RecordAttendance a:
                data = new AttendanceChanged(meeting.Members.First(m => CommissionMeeting.Same(m.Name, a.Member)).Name, a.Present);
                break;
            case DeclareConflictOfInterest d:
                data = new ConflictDeclared(new ConflictDeclaration(meeting.Members.First(m => CommissionMeeting.Same(m.Name, d.Member)).Name, d.Petition, d.NomineeNo, d.Publicly));
                basis = "ст. 28 Закону України «Про запобігання корупції»; ст. 59-1 Закону України «Про місцеве самоврядування в Україні»";
                break;
            case TakeVote:
                var vote = context.Count();
                data = new VoteTaken(vote);
                reason = vote.Reason;
                break;
            case CloseMeeting:
                data = new MeetingClosed([
                    .. meeting.Agenda.SelectMany(a => a.Nominees.Where(n => meeting.OutcomeOf(a.Petition, n.No) is null).Select(n => new NomineeRef(a.Petition, n.No))),
                ]);
                break;
            case CancelMeeting c:
                data = new MeetingCancelled(c.Reason.Trim());
                reason = c.Reason.Trim();
                break;
            default:
                throw new ArgumentException($"The meeting workflow does not handle {command.GetType().Name}.", nameof(command));
        }

        var e = new CaseEvent(meeting.Id, meeting.Version + 1, command.At, command.Actor, KebabCase.Of(state), data, reason, basis, command.CommandId) { RecordedAt = command.RecordedAt };
        return Decision.Accept(CommissionMeeting.Apply(meeting, e), [e], suggestions: suggestions);
    }

    private static MeetingTrigger TriggerOf(Command command) => command switch
    {
        AddPetitionToAgenda => AddToAgenda,
        OpenMeeting => MeetingTrigger.Open,
        RecordAttendance => Attendance,
        DeclareConflictOfInterest => MeetingTrigger.DeclareConflict,
        TakeVote => Vote,
        CloseMeeting => Close,
        CancelMeeting => Cancel,
        _ => throw new ArgumentException($"The meeting workflow does not handle {command.GetType().Name}.", nameof(command)),
    };

    private static void CheckArguments(Command command)
    {
        switch (command)
        {
            case OpenMeeting o:
                Guard.Against.Null(o.Present, nameof(o.Present));
                break;
            case RecordAttendance a:
                Guard.Against.NullOrWhiteSpace(a.Member, nameof(a.Member));
                break;
            case DeclareConflictOfInterest d:
                Guard.Against.NullOrWhiteSpace(d.Member, nameof(d.Member));
                break;
            case TakeVote v:
                Guard.Against.NullOrEmpty(v.Ballots, nameof(v.Ballots));
                Guard.Against.EnumOutOfRange(v.Motion, nameof(v.Motion));
                break;
            case CancelMeeting c:
                Guard.Against.NullOrWhiteSpace(c.Reason, nameof(c.Reason));
                break;
        }
    }

}
