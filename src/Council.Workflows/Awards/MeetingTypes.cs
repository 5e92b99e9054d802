using Ardalis.GuardClauses;
using Council.Workflows.Engine;

namespace Council.Workflows.Awards;

/// <summary>The states of a commission meeting.</summary>
public enum MeetingState
{
    /// <summary>Scheduled; the agenda is being put together.</summary>
    Scheduled,

    /// <summary>Opened with a quorum present: in session, votes are taken.</summary>
    InSession,

    /// <summary>Closed; the minutes are final.</summary>
    Closed,

    /// <summary>Cancelled.</summary>
    Cancelled,
}

/// <summary>What happens to a meeting.</summary>
internal enum MeetingTrigger
{
    /// <summary>Add a petition to the agenda.</summary>
    AddToAgenda,

    /// <summary>Open with the members present.</summary>
    Open,

    /// <summary>A member arrives or leaves.</summary>
    Attendance,

    /// <summary>A member declares a conflict of interest for a nominee.</summary>
    DeclareConflict,

    /// <summary>Vote on a nominee.</summary>
    Vote,

    /// <summary>Close with the minutes.</summary>
    Close,

    /// <summary>Cancel.</summary>
    Cancel,
}

/// <summary>A member's role on the commission.</summary>
public enum CommissionRole
{
    /// <summary>The chair (голова комісії).</summary>
    Chair,

    /// <summary>The secretary (секретар комісії).</summary>
    Secretary,

    /// <summary>A member.</summary>
    Member,
}

/// <summary>A ballot.</summary>
public enum VoteChoice
{
    /// <summary>For («за»).</summary>
    For,

    /// <summary>Against («проти»).</summary>
    Against,

    /// <summary>Abstained («утримався»).</summary>
    Abstain,
}

/// <summary>What is put to the vote for a nominee.</summary>
public enum Motion
{
    /// <summary>Recommend for an award (the proposed one or another).</summary>
    Recommend,

    /// <summary>Defer to a later meeting.</summary>
    Defer,
}

/// <summary>A member of the commission.</summary>
/// <param name="Name">The name.</param>
/// <param name="Role">The role.</param>
public sealed record CommissionMember(string Name, CommissionRole Role = CommissionRole.Member)
{
    /// <summary>The name, never empty.</summary>
    public string Name { get; init; } = Guard.Against.NullOrWhiteSpace(Name).Trim();
}

/// <summary>A nominee as the agenda lists them.</summary>
/// <param name="No">The nominee's number in the petition.</param>
/// <param name="Name">The name.</param>
/// <param name="ProposedAward">The proposed award type.</param>
/// <param name="Category">The category.</param>
/// <param name="Warnings">The eligibility warnings the commission sees.</param>
public sealed record AgendaNominee(int No, string Name, string ProposedAward, string Category, IReadOnlyList<EligibilityWarning> Warnings);

/// <summary>A petition on the agenda.</summary>
/// <param name="Petition">The petition.</param>
/// <param name="Number">Its number.</param>
/// <param name="Petitioner">Who petitions.</param>
/// <param name="Nominees">Its nominees awaiting the commission.</param>
public sealed record AgendaItem(CaseId Petition, string Number, string Petitioner, IReadOnlyList<AgendaNominee> Nominees);

/// <summary>A declaration of a conflict of interest (Law on Prevention of Corruption Art. 28; Law on Local Self-Government Art. 59-1).</summary>
/// <param name="Member">The member.</param>
/// <param name="Petition">The petition.</param>
/// <param name="NomineeNo">The nominee.</param>
/// <param name="Publicly">Whether declared publicly, so the member may vote if recusals would break the quorum.</param>
public sealed record ConflictDeclaration(string Member, CaseId Petition, int NomineeNo, bool Publicly);

/// <summary>One member's ballot.</summary>
/// <param name="Member">The member.</param>
/// <param name="Choice">The choice.</param>
public sealed record Ballot(string Member, VoteChoice Choice);

/// <summary>A vote on a nominee, with its outcome computed from the ballots.</summary>
/// <param name="Petition">The petition.</param>
/// <param name="NomineeNo">The nominee.</param>
/// <param name="Motion">What was put to the vote.</param>
/// <param name="Award">For a recommendation, the award.</param>
/// <param name="Ballots">The ballots.</param>
/// <param name="Recused">Members present who did not vote because of a declared conflict.</param>
/// <param name="VotedDespiteConflict">Members who declared a conflict publicly and voted because recusals would break the quorum.</param>
/// <param name="Passed">Whether the motion passed.</param>
/// <param name="Outcome">The outcome for the nominee, or <see langword="null"/> when a failed deferral leaves it open.</param>
/// <param name="Reason">The reason recorded (for a rejection or deferral).</param>
public sealed record VoteRecord(
    CaseId Petition, int NomineeNo, Motion Motion, string? Award, IReadOnlyList<Ballot> Ballots, IReadOnlyList<string> Recused,
    IReadOnlyList<string> VotedDespiteConflict, bool Passed, ReviewOutcome? Outcome, string? Reason)
{
    /// <summary>Ballots for.</summary>
    public int For => Ballots.Count(b => b.Choice == VoteChoice.For);

    /// <summary>Ballots against.</summary>
    public int Against => Ballots.Count(b => b.Choice == VoteChoice.Against);

    /// <summary>Abstentions.</summary>
    public int Abstained => Ballots.Count(b => b.Choice == VoteChoice.Abstain);
}

/// <summary>A member arriving at or leaving a sitting after its opening.</summary>
/// <param name="Present">Whether present from then on: <see langword="true"/> for an arrival, <see langword="false"/> for a departure.</param>
/// <param name="At">When it was recorded.</param>
/// <param name="VotesBefore">How many votes had been taken before it, so the votes it affects are known.</param>
public sealed record AttendanceChange(bool Present, Instant At, int VotesBefore);

/// <summary>
/// One member's attendance at a sitting: whether present at the opening, and each arrival or departure after it. The
/// minutes, <c>meeting show</c> and the quorum at each vote all read it.
/// </summary>
/// <param name="Member">The member.</param>
/// <param name="AtOpening">Whether present when the meeting was opened.</param>
/// <param name="Changes">The arrivals and departures after the opening, in order.</param>
public sealed record MemberAttendance(CommissionMember Member, bool AtOpening, IReadOnlyList<AttendanceChange> Changes)
{
    /// <summary>Whether present at any point of the sitting: a member who arrived late or left early counts as present.</summary>
    public bool DuringSitting => AtOpening || Changes.Any(c => c.Present);

    /// <summary>Whether present now (at the close, once closed).</summary>
    public bool Now => Changes.Count == 0 ? AtOpening : Changes[^1].Present;

    /// <summary>Whether present when the vote with index <paramref name="vote"/> (from 0, in the order taken) was taken.</summary>
    public bool AtVote(int vote) => Changes.LastOrDefault(c => c.VotesBefore <= vote) is { } last ? last.Present : AtOpening;
}
