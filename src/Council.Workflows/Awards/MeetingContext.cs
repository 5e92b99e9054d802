using Council.Workflows.Engine;

namespace Council.Workflows.Awards;

// What the guards of the meeting workflow read, and the vote count they allow.
internal sealed class MeetingContext(CommissionMeeting meeting, Command command, AwardOptions options)
{
    public CommissionMeeting Meeting { get; } = meeting;

    public Command Command { get; } = command;

    public Petition? Petition { get; set; }

    public int Quorum => options.QuorumOf(Meeting.Members.Count);

    public int DistinctMembers(IEnumerable<string> names) => names.Where(Meeting.IsMember).Select(n => n.Trim().ToUpperInvariant()).Distinct().Count();

    public bool NamesAreMembers => Command switch
    {
        OpenMeeting o => o.Present.All(Meeting.IsMember),
        RecordAttendance a => Meeting.IsMember(a.Member),
        DeclareConflictOfInterest d => Meeting.IsMember(d.Member),
        TakeVote v => v.Ballots.All(b => Meeting.IsMember(b.Member)),
        _ => true,
    };

    public bool AttendanceChanges => Command is not RecordAttendance a || Meeting.IsPresent(a.Member) != a.Present;

    public (CaseId Petition, int No)? Target => Command switch
    {
        TakeVote v => (v.Petition, v.NomineeNo),
        DeclareConflictOfInterest d => (d.Petition, d.NomineeNo),
        _ => null,
    };

    public AgendaNominee? VoteNominee => Target is { } t ? Meeting.AgendaNominee(t.Petition, t.No) : null;

    public bool VoteIsOpen => Target is { } t && Meeting.OutcomeOf(t.Petition, t.No) is null;

    private IReadOnlyList<ConflictDeclaration> Declared => Target is { } t
        ? [.. Meeting.Declarations.Where(d => d.Petition == t.Petition && d.NomineeNo == t.No && Meeting.IsPresent(d.Member))]
        : [];

    // If recusals would break the quorum, members who declared their conflict publicly may vote (Art. 59-1 practice).
    private bool PublicDeclarantsMayVote => Meeting.Present.Count - Declared.Select(d => d.Member).Distinct().Count() < Meeting.Quorum;

    public bool MayVote(string member) =>
        Meeting.IsPresent(member)
        && Declared.Where(d => CommissionMeeting.Same(d.Member, member)).ToList() is var declarations
        && (declarations.Count == 0 || (PublicDeclarantsMayVote && declarations.Any(d => d.Publicly)));

    public int VotersAvailable => Meeting.Present.Count(MayVote);

    public bool BallotsFromPresentOnce => Command is TakeVote v
        && v.Ballots.All(b => Meeting.IsPresent(b.Member))
        && v.Ballots.Select(b => b.Member.Trim().ToUpperInvariant()).Distinct().Count() == v.Ballots.Count;

    public bool NoRecusedBallots => Command is TakeVote v && v.Ballots.All(b => MayVote(b.Member));

    // The outcome is computed from the ballots, never typed in.
    public VoteRecord Count()
    {
        var vote = (TakeVote)Command;
        var nominee = VoteNominee!;
        var ballots = vote.Ballots.Select(b => b with { Member = Meeting.Members.First(m => CommissionMeeting.Same(m.Name, b.Member)).Name }).ToList();
        var votesFor = ballots.Count(b => b.Choice == VoteChoice.For);
        var against = ballots.Count(b => b.Choice == VoteChoice.Against);
        var basis = options.Majority switch
        {
            MajorityBase.ForAndAgainst => votesFor + against,
            MajorityBase.MembersPresent => VotersAvailable,
            MajorityBase.AllMembers => Meeting.Members.Count,
            _ => ballots.Count,
        };
        var chairFor = Meeting.Chair is { } chair && ballots.Any(b => b.Member == chair.Name && b.Choice == VoteChoice.For);
        var passed = votesFor * 2 > basis || (votesFor * 2 == basis && options.ChairCastingVote && chairFor && basis > 0);

        var award = vote.Motion == Motion.Recommend ? options.Type(vote.Award ?? nominee.ProposedAward)!.Id : null;
        ReviewOutcome? outcome = (vote.Motion, passed) switch
        {
            (Motion.Recommend, true) => string.Equals(award, nominee.ProposedAward, StringComparison.OrdinalIgnoreCase) ? ReviewOutcome.Recommended : ReviewOutcome.RecommendedOther,
            (Motion.Recommend, false) => ReviewOutcome.Rejected,
            (Motion.Defer, true) => ReviewOutcome.Deferred,
            _ => null,
        };
        var reason = outcome switch
        {
            ReviewOutcome.Rejected => string.IsNullOrWhiteSpace(vote.Reason) ? "Рекомендацію не підтримано більшістю голосів" : vote.Reason.Trim(),
            ReviewOutcome.Deferred => string.IsNullOrWhiteSpace(vote.Reason) ? "Розгляд відкладено" : vote.Reason.Trim(),
            _ => vote.Reason?.Trim(),
        };

        var declared = Declared.Select(d => d.Member).Distinct().ToList();
        var voted = ballots.Select(b => b.Member).ToHashSet();
        return new VoteRecord(
            vote.Petition, vote.NomineeNo, vote.Motion, award, ballots,
            [.. declared.Where(m => !voted.Contains(m))], [.. declared.Where(voted.Contains)], passed, outcome, reason);
    }
}
