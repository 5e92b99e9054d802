using Council.Workflows.Engine;

namespace Council.Workflows.Awards;

/// <summary>A meeting of the awards commission as it stands, derived from its history by <see cref="Replay"/>.</summary>
public sealed record CommissionMeeting : ICaseData
{
    /// <summary>The kind of case.</summary>
    public const string CaseKind = "meeting";

    private CommissionMeeting()
    {
    }

    /// <inheritdoc />
    public CaseId Id { get; private init; }

    /// <inheritdoc />
    public string Kind => CaseKind;

    /// <inheritdoc />
    public string Council { get; private init; } = "";

    /// <inheritdoc />
    public long Version { get; private init; }

    /// <summary>The state.</summary>
    public MeetingState State { get; private init; }

    /// <inheritdoc />
    public string StateName => KebabCase.Of(State);

    /// <summary>The meeting's number within the council's year, such as <c>12</c>.</summary>
    public string Number { get; private init; } = "";

    /// <summary>The date.</summary>
    public LocalDate ScheduledOn { get; private init; }

    /// <summary>The day the sitting was held (opened), once it was; the scheduled day for records that did not keep it.</summary>
    public LocalDate? HeldOn { get; private init; }

    /// <summary>The members.</summary>
    public IReadOnlyList<CommissionMember> Members { get; private init; } = [];

    /// <summary>The agenda.</summary>
    public IReadOnlyList<AgendaItem> Agenda { get; private init; } = [];

    /// <summary>
    /// Who was present when: each member's presence at the opening and every arrival and departure after it, in the
    /// members' order; empty until the meeting is opened. Presence now, during the sitting and at each vote derive from it.
    /// </summary>
    public IReadOnlyList<MemberAttendance> Attendance { get; private init; } = [];

    /// <summary>The members present now (at the close, once closed).</summary>
    public IReadOnlyList<string> Present => [.. Attendance.Where(a => a.Now).Select(a => a.Member.Name)];

    /// <summary>The members present at the opening.</summary>
    public IReadOnlyList<string> PresentAtOpening => [.. Attendance.Where(a => a.AtOpening).Select(a => a.Member.Name)];

    /// <summary>
    /// The members present at any point of the sitting, as the minutes count them: those present at the opening and those
    /// who arrived later, whether or not they left before the close.
    /// </summary>
    public IReadOnlyList<string> PresentDuringSitting => [.. Attendance.Where(a => a.DuringSitting).Select(a => a.Member.Name)];

    /// <summary>The quorum (members needed).</summary>
    public int Quorum { get; private init; }

    /// <summary>The declarations of conflicts of interest.</summary>
    public IReadOnlyList<ConflictDeclaration> Declarations { get; private init; } = [];

    /// <summary>The votes, in order.</summary>
    public IReadOnlyList<VoteRecord> Votes { get; private init; } = [];

    /// <summary>The nominees deferred at closing because they were not decided.</summary>
    public IReadOnlyList<NomineeRef> DeferredAtClose { get; private init; } = [];

    /// <summary>When it was opened.</summary>
    public Instant? OpenedAt { get; private init; }

    /// <summary>When it was closed.</summary>
    public Instant? ClosedAt { get; private init; }

    /// <summary>Why it was cancelled.</summary>
    public string? CancelReason { get; private init; }

    /// <summary>When it was scheduled.</summary>
    public Instant CreatedAt { get; private init; }

    /// <summary>When it last changed.</summary>
    public Instant UpdatedAt { get; private init; }

    /// <inheritdoc />
    public Instant LastActAt => UpdatedAt;

    /// <inheritdoc />
    public Instant? LastRecordedAt { get; private init; }

    /// <summary>The chair.</summary>
    public CommissionMember? Chair => Members.FirstOrDefault(m => m.Role == CommissionRole.Chair);

    /// <summary>The secretary.</summary>
    public CommissionMember? Secretary => Members.FirstOrDefault(m => m.Role == CommissionRole.Secretary);

    /// <summary>Whether <paramref name="name"/> is a member (ignoring case).</summary>
    public bool IsMember(string name) => Members.Any(m => Same(m.Name, name));

    /// <summary>Whether <paramref name="name"/> is present (ignoring case).</summary>
    public bool IsPresent(string name) => Present.Any(p => Same(p, name));

    /// <summary>The agenda entry of a nominee, or <see langword="null"/>.</summary>
    public AgendaNominee? AgendaNominee(CaseId petition, int no) =>
        Agenda.FirstOrDefault(a => a.Petition == petition)?.Nominees.FirstOrDefault(n => n.No == no);

    /// <summary>The commission's outcome for a nominee at this meeting, or <see langword="null"/> while undecided.</summary>
    public ReviewOutcome? OutcomeOf(CaseId petition, int no) =>
        DeferredAtClose.Contains(new NomineeRef(petition, no)) ? ReviewOutcome.Deferred
        : Votes.LastOrDefault(v => v.Petition == petition && v.NomineeNo == no && v.Outcome is not null)?.Outcome;

    /// <summary>The members present when the vote with index <paramref name="vote"/> (from 0, in the order taken) was taken.</summary>
    public IReadOnlyList<string> PresentAtVote(int vote) => [.. Attendance.Where(a => a.AtVote(vote)).Select(a => a.Member.Name)];

    /// <summary>The deciding vote on a nominee, or <see langword="null"/>.</summary>
    public VoteRecord? DecidingVote(CaseId petition, int no) => Votes.LastOrDefault(v => v.Petition == petition && v.NomineeNo == no && v.Outcome is not null);

    /// <summary>The outcomes for one petition's nominees, as the petition records them.</summary>
    public IReadOnlyList<NomineeReview> ReviewsOf(CaseId petition) =>
    [
        .. (Agenda.FirstOrDefault(a => a.Petition == petition)?.Nominees ?? []).Select(n => DecidingVote(petition, n.No) is { } vote
            ? new NomineeReview(n.No, vote.Outcome!.Value, vote.Outcome is ReviewOutcome.Recommended or ReviewOutcome.RecommendedOther ? vote.Award : null, vote.Reason)
            : new NomineeReview(n.No, ReviewOutcome.Deferred, null, "Не розглянуто на засіданні")),
    ];

    /// <inheritdoc />
    public CaseRow ToRow() => new(
        Id, Kind, Council, StateName, Version, State is MeetingState.Scheduled or MeetingState.InSession, Number, null, Chair?.Name, 0,
        [.. Agenda.Select(a => a.Petition.ToString())], CreatedAt, UpdatedAt);

    /// <summary>Rebuilds a meeting from its history.</summary>
    public static CommissionMeeting Replay(IReadOnlyList<CaseEvent> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        CommissionMeeting? meeting = null;
        foreach (var e in history)
        {
            meeting = Apply(meeting, e);
        }

        return meeting ?? throw new ArgumentException("A meeting's history cannot be empty.", nameof(history));
    }

    internal static CommissionMeeting Apply(CommissionMeeting? meeting, CaseEvent e)
    {
        if (e.Data is MeetingScheduled s)
        {
            meeting = new CommissionMeeting { Council = s.Council, Number = s.Number, ScheduledOn = s.On, Members = s.Members, CreatedAt = e.At };
        }
        else if (meeting is null)
        {
            throw new ArgumentException($"A meeting's history must start with its scheduling, not '{e.Type}'.", nameof(e));
        }

        var state = KebabCase.TryParse<MeetingState>(e.State, out var st) ? st : throw new ArgumentException($"Unknown meeting state '{e.State}'.", nameof(e));
        meeting = e.Data switch
        {
            AddedToAgenda a => meeting with { Agenda = [.. meeting.Agenda, a.Item] },
            MeetingOpened o => meeting with
            {
                Attendance = [.. meeting.Members.Select(m => new MemberAttendance(m, o.Present.Any(p => Same(p, m.Name)), []))], Quorum = o.Quorum, OpenedAt = e.At, HeldOn = o.OpenedOn ?? meeting.ScheduledOn,
            },
            AttendanceChanged a => meeting with
            {
                Attendance = [.. meeting.Attendance.Select(m => Same(m.Member.Name, a.Member)
                    ? m with { Changes = [.. m.Changes, new AttendanceChange(a.Present, e.At, meeting.Votes.Count)] }
                    : m)],
            },
            ConflictDeclared c => meeting with { Declarations = [.. meeting.Declarations, c.Declaration] },
            VoteTaken v => meeting with { Votes = [.. meeting.Votes, v.Vote] },
            MeetingClosed c => meeting with { DeferredAtClose = c.Deferred, ClosedAt = e.At },
            MeetingCancelled c => meeting with { CancelReason = c.Reason },
            _ => meeting,
        };

        var previousAt = e.Data is MeetingScheduled ? (Instant?)null : meeting.UpdatedAt;
        var next = meeting with { Id = e.CaseId, State = state, Version = e.Version, UpdatedAt = e.At, LastRecordedAt = e.RecordedAt };
        return next with { Timeline = next.Timeline.After(e.At, MeetingFigures.Of(next), previousAt) };
    }

    // The figures the year report counts after each act (see ReportFacts), carried from version to version.
    internal DatedTimeline<MeetingFigures> Timeline { get; private init; } = DatedTimeline<MeetingFigures>.Empty;

    /// <inheritdoc />
    /// <remarks>The state, the date and the agenda's petitions after each act that changed them, dated by the act.</remarks>
    string? ICaseData.ReportFacts => Timeline.InOrder ? Timeline.Encode() : null;

    internal static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
