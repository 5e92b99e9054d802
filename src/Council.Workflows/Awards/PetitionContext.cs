using Council.Workflows.Engine;

namespace Council.Workflows.Awards;

// What the guards of the petition workflow read: the petition, the command, and what was looked up for it.
internal sealed class PetitionContext(Petition petition, Command command, AwardOptions options, LocalDate today)
{
    private IReadOnlyList<Nominee>? _after;

    public Petition Petition { get; } = petition;

    public Command Command { get; } = command;

    public LocalDate Today { get; } = today;

    public CommissionMeeting? Meeting { get; set; }

    public int GrantedThisYear { get; set; }

    public IReadOnlyList<NomineeWarnings> Warnings { get; private set; } = [];

    public bool IsComplete => Petition.Nominees.All(n =>
        options.Type(n.ProposedAward) is not null && options.Category(n.Category) is not null && !string.IsNullOrWhiteSpace(n.Justification));

    // Each incomplete nominee with what is missing or wrong, and the valid values.
    public string? Incomplete()
    {
        var problems = new List<string>();
        foreach (var n in Petition.Nominees)
        {
            var fields = new List<string>();
            if (options.Type(n.ProposedAward) is null)
            {
                fields.Add(Texts.Format("Detail.award-invalid", n.ProposedAward, string.Join(", ", options.Types.Select(t => t.Id))));
            }

            if (options.Category(n.Category) is null)
            {
                fields.Add(Texts.Format("Detail.category-invalid", n.Category, string.Join(", ", options.Categories.Select(c => c.Id))));
            }

            if (string.IsNullOrWhiteSpace(n.Justification))
            {
                fields.Add(Texts.Get("Detail.no-justification"));
            }

            if (fields.Count > 0)
            {
                problems.Add(Texts.Format("Detail.nominee-fields", n.No, n.Name, string.Join(", ", fields)));
            }
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    public string? InstrumentNeeded() => Command is RecordGrant g && options.Type(GrantNominee?.RecommendedAward) is { } type && type.Instrument != g.Instrument
        ? Texts.Format("Detail.instrument-needed", type.NameUk, Texts.Instrument(type.Instrument), Texts.Instrument(g.Instrument))
        : null;

    public bool ReviewsAwaitingNominees => Command is RecordPetitionReview r
        && r.Reviews.Select(x => x.NomineeNo).Distinct().Count() == r.Reviews.Count
        && r.Reviews.All(x => Petition.NomineeNo(x.NomineeNo) is { AwaitsCommission: true } n
            && (x.Outcome is ReviewOutcome.Rejected or ReviewOutcome.Deferred || options.Type(x.Award ?? n.ProposedAward) is not null));

    public Nominee? GrantNominee => Command is RecordGrant g ? Petition.NomineeNo(g.NomineeNo) : null;

    public bool GrantMatchesInstrument => Command is RecordGrant g && options.Type(GrantNominee?.RecommendedAward) is { } type && type.Instrument == g.Instrument;

    // The grants of the same award to the same person (by name key) already recorded, in any petition (this one included).
    public IReadOnlyList<GrantDecision> EarlierGrants { get; set; } = [];

    private AwardType? GrantType => Command is RecordGrant { Awarded: true } ? options.Type(GrantNominee?.RecommendedAward) : null;

    public bool HeldAlready => GrantType is { RepeatAllowed: false } && EarlierGrants.Count > 0;

    public bool GrantedTheSameDay => GrantType is { RepeatAllowed: true } && Command is RecordGrant g && EarlierGrants.Any(e => e.On == g.On);

    public bool CapReached => Command is RecordGrant { Awarded: true }
        && options.Type(GrantNominee?.RecommendedAward) is { AnnualCap: { } cap }
        && GrantedThisYear >= cap;

    public Nominee? PresentNominee => Command switch
    {
        RecordPresentation p => Petition.NomineeNo(p.NomineeNo),
        CancelAwardPresentation c => Petition.NomineeNo(c.NomineeNo),
        _ => null,
    };

    // The nominees after the command, for the dynamic transitions: the petition's state follows them.
    public IReadOnlyList<Nominee> NomineesAfter => _after ??= Command switch
    {
        RecordPetitionReview r => Petition.Reviewed(Petition.Nominees, new PetitionReviewed(r.Meeting, Today, r.Reviews)),
        RecordGrant g => Petition.Replace(Petition.Nominees, g.NomineeNo, n => n with { Status = g.Awarded ? NomineeStatus.Awarded : NomineeStatus.NotAwarded }),
        RecordPresentation p => Petition.Replace(Petition.Nominees, p.NomineeNo, n => n with { Status = NomineeStatus.Presented }),
        CancelAwardPresentation c => Petition.Replace(Petition.Nominees, c.NomineeNo, n => n with { Status = NomineeStatus.PresentationCancelled }),
        _ => Petition.Nominees,
    };

    public PetitionState StateAfter => Petition.StateOf(NomineesAfter);

    // The award history the system holds for each nominee: awards granted and rejections in other petitions, as read for
    // the registration (PetitionWorkflow.ReadsFor).
    public void CheckHistory(RelatedCases related)
    {
        var warnings = new List<NomineeWarnings>();
        foreach (var nominee in Petition.Nominees)
        {
            if (options.Type(nominee.ProposedAward) is not { } award)
            {
                continue;
            }

            // The same person named twice in one petition (a copy-and-paste, or two awards asked at once).
            var twice = Petition.Nominees.Where(n => n.No != nominee.No && n.Key == nominee.Key).Select(n => n.No).ToList();

            var history = new List<AwardHistoryEntry>();
            foreach (var other in related.Found(PetitionWorkflow.NomineeQuery(nominee)).OfType<Petition>().Where(p => p.Id != Petition.Id))
            {
                foreach (var earlier in other.Nominees.Where(n => n.Key == nominee.Key))
                {
                    if (earlier.Grant is { Awarded: true } grant)
                    {
                        history.Add(new AwardHistoryEntry(grant.Award, grant.On));
                    }
                    else if (earlier is { Status: NomineeStatus.Rejected, ReviewedOn: { } rejectedOn })
                    {
                        history.Add(new AwardHistoryEntry(earlier.ProposedAward, rejectedOn, Rejected: true));
                    }
                }
            }

            var granted = award.AnnualCap is null
                ? 0
                : PetitionWorkflow.CountGranted(related.Found(PetitionWorkflow.AwardYearQuery(Petition.Council, award.Id, Today.Year)), award.Id, Today.Year);
            var found = Eligibility.Check(nominee, award, options, Today, Petition.SubmittedOn, Petition.IntendedCeremonyOn, history, granted);
            if (twice.Count > 0)
            {
                found = [.. found, new EligibilityWarning("same-person", $"Цю особу названо в клопотанні ще раз (кандидатура № {string.Join(", ", twice)}).")];
            }

            if (found.Count > 0)
            {
                warnings.Add(new NomineeWarnings(nominee.No, found));
            }
        }

        Warnings = warnings;
    }
}
