using Ardalis.GuardClauses;
using Council.Workflows.Engine;

namespace Council.Workflows.Awards;

// Arguments that are wrong whatever the petition's state throw here, before any rule is read; refusals are results.
public sealed partial class PetitionWorkflow
{
    private void CheckDates(Command command)
    {
        switch (command)
        {
            case RecordGrant g:
                ActDates.Check(g.On, nameof(g.On), "The granting instrument's date", _calculator.DateOf(command.At), _options.DateRangeYears);
                break;
            case RecordPresentation p:
                ActDates.Check(p.On, nameof(p.On), "The date of presentation", _calculator.DateOf(command.At), _options.DateRangeYears);
                break;
        }
    }

    private static void CheckArguments(Command command)
    {
        switch (command)
        {
            case ReturnPetition r:
                Guard.Against.NullOrWhiteSpace(r.Reason, nameof(r.Reason));
                break;
            case ResubmitPetition r:
                Guard.Against.NullOrEmpty(r.Nominees, nameof(r.Nominees));
                foreach (var proposal in r.Nominees)
                {
                    CheckProposal(proposal);
                }

                break;
            case RecordPetitionReview r:
                Guard.Against.NullOrEmpty(r.Reviews, nameof(r.Reviews));
                break;
            case RecordGrant g:
                Guard.Against.NullOrWhiteSpace(g.Number, nameof(g.Number));
                Guard.Against.EnumOutOfRange(g.Instrument, nameof(g.Instrument));
                break;
            case CancelAwardPresentation c:
                Guard.Against.NullOrWhiteSpace(c.Reason, nameof(c.Reason));
                break;
            case WithdrawPetition w:
                Guard.Against.NullOrWhiteSpace(w.Reason, nameof(w.Reason));
                break;
        }
    }

    private static void CheckProposal(NomineeProposal proposal)
    {
        Guard.Against.Null(proposal, nameof(proposal));
        Guard.Against.NullOrWhiteSpace(proposal.Name, nameof(proposal.Name));
        Guard.Against.NullOrWhiteSpace(proposal.Award, nameof(proposal.Award));
        Guard.Against.NullOrWhiteSpace(proposal.Category, nameof(proposal.Category));
        Guard.Against.Null(proposal.Justification, nameof(proposal.Justification));
    }

}
