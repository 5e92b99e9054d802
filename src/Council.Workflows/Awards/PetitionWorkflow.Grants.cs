using Council.Workflows.Engine;

namespace Council.Workflows.Awards;

// Grants: the award history the eligibility check reads, and the limits the commit checks against every case (the
// annual cap, the same award to one person).
public sealed partial class PetitionWorkflow
{
    // Every petition that names the nominee's person (by name key).
    internal static CaseQuery NomineeQuery(Nominee nominee) => new() { Kind = Petition.CaseKind, Key = nominee.Key };

    // Every petition of the council with a grant of the award in the year.
    internal static CaseQuery AwardYearQuery(string council, string award, int year) => new() { Kind = Petition.CaseKind, Council = council, Key = Petition.AwardKey(award, year) };

    // The grants of the award already recorded for the nominee's person (by name key), in any petition, as the eligibility
    // check reads the award history; the commit checks the same against every case (KeyLimit), for two grants at once.
    private static List<GrantDecision> GrantsHeld(IReadOnlyList<ICaseData> naming, Petition petition, Nominee nominee, string award)
    {
        IEnumerable<GrantDecision> Held(IEnumerable<Nominee> nominees) => nominees
            .Where(n => n.Key == nominee.Key && n.Grant is { Awarded: true } g && string.Equals(g.Award, award, StringComparison.OrdinalIgnoreCase))
            .Select(n => n.Grant!);

        var grants = Held(petition.Nominees.Where(n => n.No != nominee.No)).ToList();
        foreach (var other in naming.OfType<Petition>().Where(p => p.Id != petition.Id))
        {
            grants.AddRange(Held(other.Nominees));
        }

        return grants;
    }

    internal static int CountGranted(IReadOnlyList<ICaseData> petitions, string award, int year) =>
        petitions.OfType<Petition>().Sum(p => p.Nominees.Count(n => n.Grant is { Awarded: true } g && string.Equals(g.Award, award, StringComparison.OrdinalIgnoreCase) && g.On.Year == year));

    // What the commit checks against every case, so two grants recorded at once on two petitions cannot both pass: the
    // award's annual cap, and the same award to the same person once (or, where repeats are allowed, once a day).
    private Decision WithGrantLimits(Decision decision, Petition petition, RecordGrant grant)
    {
        var nominee = petition.NomineeNo(grant.NomineeNo)!;
        if (_options.Type(nominee.RecommendedAward) is not { } type)
        {
            return decision;
        }

        if (type.AnnualCap is { } cap)
        {
            decision = decision.WithLimit(new KeyLimit(Petition.GrantedPrefix(petition.Council, type.Id, grant.On.Year), cap, $"the annual cap of '{type.Id}' ({cap})"));
        }

        return decision.WithLimit(type.RepeatAllowed
            ? new KeyLimit(Petition.HeldOnPrefix(type.Id, nominee.Key, grant.On), 1, $"'{type.Id}' to {nominee.Name} once a day")
            : new KeyLimit(Petition.HeldPrefix(type.Id, nominee.Key), 1, $"'{type.Id}' to {nominee.Name} once"));
    }
}
