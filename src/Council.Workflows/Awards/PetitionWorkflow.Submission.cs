using Ardalis.GuardClauses;
using Council.Workflows.Engine;
using static Council.Workflows.Awards.PetitionState;
using static Council.Workflows.Awards.PetitionTrigger;

namespace Council.Workflows.Awards;

// Submission: the petition as it came (the paper exists), its number, its nominees, and what falls outside the
// catalogue, told at once.
public sealed partial class PetitionWorkflow
{
    private string CouncilOf(SubmitPetition command) => string.IsNullOrWhiteSpace(command.Council) ? _defaultCouncil : command.Council.Trim();

    private string NumberScope(SubmitPetition command) => $"petition/{CouncilOf(command)}/{(command.SubmittedOn ?? _calculator.DateOf(command.At)).Year}";

    private Decision Submit(SubmitPetition command, RelatedCases related)
    {
        Guard.Against.Null(command.Petitioner, nameof(command.Petitioner));
        Guard.Against.EnumOutOfRange(command.Petitioner.Kind, nameof(command.Petitioner));
        Guard.Against.NullOrEmpty(command.Nominees, nameof(command.Nominees));
        foreach (var proposal in command.Nominees)
        {
            CheckProposal(proposal);
        }

        var submittedOn = command.SubmittedOn ?? _calculator.DateOf(command.At);
        ActDates.Check(submittedOn, nameof(command.SubmittedOn), "The date of submission", _calculator.DateOf(command.At), _options.DateRangeYears);
        if (submittedOn > _calculator.DateOf(command.At))
        {
            throw new ArgumentException($"A petition cannot be submitted on {submittedOn:uuuu-MM-dd}, after it was entered.", nameof(command));
        }

        if (command.IntendedCeremonyOn is { } ceremony)
        {
            ActDates.Check(ceremony, nameof(command.IntendedCeremonyOn), "The intended ceremony", _calculator.DateOf(command.At), _options.DateRangeYears);
        }

        var council = CouncilOf(command);
        var scope = NumberScope(command);
        var number = related.NextNumber(scope);
        var data = new PetitionSubmitted(
            council, $"{number}/{submittedOn.Year}", submittedOn.Year, command.Petitioner, Nominees(command.Nominees), submittedOn, command.IntendedCeremonyOn);
        var e = new CaseEvent(command.CaseId, 1, command.At, command.Actor, KebabCase.Of(Submitted), data, null, null, command.CommandId) { RecordedAt = command.RecordedAt };
        return Decision.Accept(Petition.Apply(null, e), [e], suggestions: OutsideTheCatalogue(data.Nominees)).WithNumber(scope, number);
    }

    // The paper exists, so a petition naming an award or a category outside the catalogue is recorded as it came; the
    // official is told at once, per nominee and field, with the valid ids (registration refuses it until corrected).
    private List<Suggestion> OutsideTheCatalogue(IReadOnlyList<Nominee> nominees)
    {
        var suggestions = new List<Suggestion>();
        foreach (var nominee in nominees)
        {
            if (_options.Type(nominee.ProposedAward) is null)
            {
                suggestions.Add(new Suggestion(
                    "unknown-award",
                    Texts.Format("Suggestion.unknown-award", nominee.No, nominee.Name, nominee.ProposedAward, string.Join(", ", _options.Types.Select(t => t.Id))),
                    KebabCase.Of(ReturnForCorrection)));
            }

            if (_options.Category(nominee.Category) is null)
            {
                suggestions.Add(new Suggestion(
                    "unknown-category",
                    Texts.Format("Suggestion.unknown-category", nominee.No, nominee.Name, nominee.Category, string.Join(", ", _options.Categories.Select(c => c.Id))),
                    KebabCase.Of(ReturnForCorrection)));
            }
        }

        return suggestions;
    }

    private static List<Nominee> Nominees(IReadOnlyList<NomineeProposal> proposals) =>
    [
        .. proposals.Select((p, i) => new Nominee
        {
            No = i + 1,
            Name = p.Name.Trim(),
            IsOrganisation = p.IsOrganisation,
            Posthumous = p.Posthumous,
            ProposedAward = p.Award.Trim(),
            Category = p.Category.Trim(),
            Justification = p.Justification.Trim(),
            Position = p.Position?.Trim(),
        }),
    ];
}
