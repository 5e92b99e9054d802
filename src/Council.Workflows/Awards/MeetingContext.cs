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

    // The names the command gives that are not the commission's members, and who the members are.
    public string? NonMembers()
    {
        IEnumerable<string> names = Command switch
        {
            OpenMeeting o => o.Present,
            RecordAttendance a => [a.Member],
            DeclareConflictOfInterest d => [d.Member],
            TakeVote v => v.Ballots.Select(b => b.Member),
            _ => [],
        };
        var strangers = names.Where(n => !Meeting.IsMember(n)).Select(n => n.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return strangers.Count == 0 ? null : Texts.Format("Detail.not-members", string.Join(", ", strangers), string.Join(", ", Meeting.Members.Select(m => m.Name)));
    }

    public string? OpeningCount() => Command is OpenMeeting o
        ? Texts.Format("Detail.opening-count", DistinctMembers(o.Present), Meeting.Members.Count, Quorum)
        : null;

    // Who voted that is absent, and who voted twice.
    public string? BallotProblems()
    {
        if (Command is not TakeVote v)
        {
            return null;
        }

        var absent = v.Ballots.Where(b => Meeting.IsMember(b.Member) && !Meeting.IsPresent(b.Member)).Select(b => b.Member.Trim()).Distinct().ToList();
        var twice = v.Ballots.GroupBy(b => b.Member.Trim().ToUpperInvariant()).Where(g => g.Count() > 1).Select(g => g.First().Member.Trim()).ToList();
        var parts = new List<string>();
        if (absent.Count > 0)
        {
            parts.Add(Texts.Format("Detail.absent", string.Join(", ", absent)));
        }

        if (twice.Count > 0)
        {
            parts.Add(Texts.Format("Detail.ballot-twice", string.Join(", ", twice)));
        }

        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    public string? RecusedVoters() => Command is TakeVote v && v.Ballots.Where(b => Meeting.IsPresent(b.Member) && !MayVote(b.Member)).Select(b => b.Member.Trim()).ToList() is { Count: > 0 } recused
        ? Texts.Format("Detail.recused", string.Join(", ", recused))
        : null;

    public string? VotingCount() => Texts.Format("Detail.voting-count", VotersAvailable, Meeting.Quorum);

    public string? AgendaNominees() => Meeting.Agenda.Count == 0
        ? Texts.Get("Detail.agenda-empty")
        : Texts.Format("Detail.on-agenda", string.Join(", ", Meeting.Agenda.SelectMany(i => i.Nominees.Select(n => $"{i.Number} #{n.No}"))));

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

    // An absent member's ballot is the presence rule's to refuse; this rule reads the ballots of those present.
    public bool NoRecusedBallots => Command is TakeVote v && v.Ballots.Where(b => Meeting.IsPresent(b.Member)).All(b => MayVote(b.Member));

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
