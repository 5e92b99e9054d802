using System.Globalization;
using Ardalis.GuardClauses;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;
using Decision = Council.Workflows.Engine.Decision;
using static Council.Workflows.Appeals.AppealState;
using static Council.Workflows.Appeals.AppealTrigger;

namespace Council.Workflows.Appeals;

// Registration (Instruction 348): the index and its numbering, the date of receipt, the repeat search over the
// applicant's recent appeals, the clerk's suggestions, and corrections of a registration.
public sealed partial class AppealWorkflow
{
    private Decision Register(RegisterAppeal command, RelatedCases related)
    {
        Guard.Against.NullOrEmpty(command.Applicants, nameof(command.Applicants));
        Guard.Against.NullOrWhiteSpace(command.Subject, nameof(command.Subject), "The subject is empty: write what the appeal is about.");
        Guard.Against.EnumOutOfRange(command.Kind, nameof(command.Kind));
        Guard.Against.EnumOutOfRange(command.Channel, nameof(command.Channel));
        if (command.Signatories is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(command), command.Signatories, "Signatories must be at least 1.");
        }

        CheckLengths(command);
        var card = CheckedCard(command.Card);

        var registeredOn = _calculator.DateOf(command.At);
        var receivedOn = ReceivedOn(command);
        if (receivedOn > registeredOn)
        {
            throw new ArgumentException(Texts.Format("Arg.received-after-registered", receivedOn.ToString("dd.MM.uuuu", CultureInfo.InvariantCulture), registeredOn.ToString("dd.MM.uuuu", CultureInfo.InvariantCulture)), nameof(command));
        }

        var daysBefore = Period.Between(receivedOn, registeredOn, PeriodUnits.Days).Days;
        if (daysBefore > _options.MaxDaysReceivedBeforeRegistration)
        {
            throw new ArgumentException(
                Texts.Format("Arg.received-too-early", registeredOn.ToString("dd.MM.uuuu", CultureInfo.InvariantCulture), receivedOn.ToString("dd.MM.uuuu", CultureInfo.InvariantCulture), daysBefore, _options.MaxDaysReceivedBeforeRegistration),
                nameof(command));
        }

        if (command.DecidedOn is { } decidedOn && decidedOn > receivedOn)
        {
            throw new ArgumentException(Texts.Format("Arg.decided-after-received", decidedOn.ToString("dd.MM.uuuu", CultureInfo.InvariantCulture), receivedOn.ToString("dd.MM.uuuu", CultureInfo.InvariantCulture)), nameof(command));
        }

        if (command.LearnedOn is { } learnedOn && learnedOn > receivedOn)
        {
            throw new ArgumentException(Texts.Format("Arg.learned-after-received", learnedOn.ToString("dd.MM.uuuu", CultureInfo.InvariantCulture), receivedOn.ToString("dd.MM.uuuu", CultureInfo.InvariantCulture)), nameof(command));
        }

        if (command.DecidedOn is { } decided && command.LearnedOn is { } learned && learned < decided)
        {
            throw new ArgumentException(Texts.Format("Arg.learned-before-decided", learned.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture), decided.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture)), nameof(command));
        }

        var council = CouncilOf(command);
        var signatories = Signatories(command);
        var prefix = IndexPrefix(command);
        var scope = IndexScope(command, receivedOn);
        var (repeats, suggestions) = FindRepeats(command, related.Found(RepeatQuery(command)));
        var term = command.Deputy ? StatutoryTerms.DeputyAppeal.Id : TermId(command.Term ?? _options.DefaultTerm);
        var cap = DeadlineOf(receivedOn, command.Deputy ? StatutoryTerms.DeputyAppealMax.Id : StatutoryTerms.AppealMax.Id);
        var deadline = DeadlineOf(receivedOn, term);
        Suggest(command, receivedOn, suggestions);

        // The index number is taken in the registration's own commit: a registration that is not committed uses none.
        var number = related.NextNumber(scope);
        var index = $"{prefix}-{number.ToString(CultureInfo.InvariantCulture)}";
        var data = new AppealRegistered(
            council, index, receivedOn.Year, number, command.Kind, command.Channel, [.. command.Applicants], signatories, command.Subject.Trim(),
            receivedOn, command.HasSignature, command.HasDate, command.Benefits, command.PersonalHead, command.Deputy, command.ComplainedAbout?.Trim(),
            command.DecidedOn, command.LearnedOn, deadline, cap.DueOn, [.. repeats.Select(r => r.Id)], [.. repeats.Select(r => r.Index)])
        {
            Card = card.IsEmpty ? null : card,
        };
        var e = new CaseEvent(command.CaseId, 1, command.At, command.Actor, KebabCase.Of(Registered), data, null, deadline.LegalBasis, command.CommandId) { RecordedAt = command.RecordedAt };
        return Decision.Accept(Appeal.Apply(null, e), [e], suggestions: suggestions).WithNumber(scope, number);
    }

    private string CouncilOf(RegisterAppeal command) => string.IsNullOrWhiteSpace(command.Council) ? _defaultCouncil : command.Council.Trim();

    private LocalDate ReceivedOn(RegisterAppeal command) => command.ReceivedOn ?? _calculator.DateOf(command.At);

    private static int Signatories(RegisterAppeal command) => Math.Max(command.Signatories ?? command.Applicants.Count, command.Applicants.Count);

    // A collective appeal's index starts КО, an unsigned one БП, any other the first letter of the applicant's surname.
    // The first letter of the surname (a name that opens with a sign, «@Іванов» or «"Іванов"», is indexed by its first
    // letter; one with no letter at all, by БП as an unsigned letter is). A Latin letter that looks like a Cyrillic one in a
    // Cyrillic name («Cидоренко» typed on the wrong layout) is indexed as the Cyrillic letter, so the index read off the card
    // finds it.
    private static string IndexPrefix(RegisterAppeal command) =>
        Signatories(command) > 1 ? "КО"
        : !command.HasSignature ? "БП"
        : command.Applicants[0].FullName.FirstOrDefault(char.IsLetter) is var letter and not '\0'
            ? char.ToUpper(Scripts.MixedLatin(command.Applicants[0].FullName).Length > 0 ? Scripts.Cyrillic(letter) : letter, Ukrainian).ToString()
        : "БП";

    private string IndexScope(RegisterAppeal command, LocalDate receivedOn)
    {
        Guard.Against.NullOrEmpty(command.Applicants, nameof(command.Applicants));
        return _options.Numbering == IndexNumbering.PerYear
            ? $"appeal-index/{CouncilOf(command)}/{receivedOn.Year}"
            : $"appeal-index/{CouncilOf(command)}/{receivedOn.Year}/{IndexPrefix(command)}";
    }

    // Only the applicant's most recent RepeatLookback appeals are compared, newest first, so the check costs the same for a
    // first letter and for a man who has written hundreds.
    private CaseQuery RepeatQuery(RegisterAppeal command)
    {
        Guard.Against.NullOrEmpty(command.Applicants, nameof(command.Applicants));
        return new CaseQuery { Kind = Appeal.CaseKind, Council = CouncilOf(command), Key = Appeal.PartyKeyOf(command.Applicants[0]), Order = CaseOrder.Newest, Limit = _options.RepeatLookback };
    }

    // The same applicant's most recent appeals on the same issue (at most five are linked), and one suggestion about them.
    private (List<Appeal> Repeats, List<Suggestion> Suggestions) FindRepeats(RegisterAppeal command, IReadOnlyList<ICaseData> recent)
    {
        const int MaxLinked = 5;
        var repeats = new List<Appeal>();
        var suggestions = new List<Suggestion>();
        foreach (var found in recent)
        {
            if (found is Appeal earlier && SubjectSimilarity.Of(earlier.Subject, command.Subject) >= _options.RepeatSimilarity)
            {
                repeats.Add(earlier);
                if (repeats.Count == MaxLinked)
                {
                    break;
                }
            }
        }

        if (repeats.Count > 0)
        {
            var indexes = string.Join(", ", repeats.Select(r => r.Index));
            var resolved = repeats.FirstOrDefault(e => e.Answer is { Outcome: not AnswerOutcome.Explained } && e.State is AppealState.Answered or AppealState.Closed);
            suggestions.Add(resolved is not null
                ? new Suggestion("likely-repeat", Texts.Format("Suggestion.repeat-resolved", indexes, resolved.Index), KebabCase.Of(NotConsider), Texts.Get("Basis.art8"))
                : new Suggestion("likely-repeat", Texts.Format("Suggestion.repeat", indexes)));
        }

        return (repeats, suggestions);
    }

    // What a registration holds is a line or a letter's text, not a file: each field has a length a card can carry.
    private static void CheckLengths(RegisterAppeal command)
    {
        const int Name = 300, Address = 500, Contact = 254, Subject = 4000;
        var problems = new List<string>();
        void Check(string? value, int max, string what)
        {
            if (value is not null && value.Length > max)
            {
                problems.Add(Texts.Format("Length.TooLong", Texts.Get($"Length.{what}"), max, value.Length));
            }
        }

        foreach (var applicant in command.Applicants)
        {
            Check(applicant.FullName, Name, "name");
            Check(applicant.Address, Address, "address");
            Check(applicant.Email, Contact, "contact");
        }

        Check(command.Subject, Subject, "subject");
        Check(command.ComplainedAbout, Name, "complained-about");
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems.Distinct()) + ".", nameof(command));
        }
    }

    private void Suggest(RegisterAppeal command, LocalDate receivedOn, List<Suggestion> suggestions)
    {
        foreach (var applicant in command.Applicants)
        {
            if (Scripts.MixedLatin(applicant.FullName) is { Length: > 0 } latin)
            {
                suggestions.Add(new Suggestion("mixed-script", Texts.Format("Suggestion.mixed-script", applicant.FullName, string.Join(", ", latin))));
            }
        }

        if (!command.HasSignature || command.Applicants.All(a => a.Address is null))
        {
            suggestions.Add(new Suggestion("anonymous", Texts.Get("Suggestion.anonymous"), KebabCase.Of(NotConsider), Texts.Get("Basis.art8")));
        }
        else if (!command.HasDate || (command.Channel == AppealChannel.Electronic && command.Applicants.All(a => a.Email is null)))
        {
            suggestions.Add(new Suggestion("missing-details", Texts.Get(command.HasDate ? "Suggestion.no-contact" : "Suggestion.undated"), KebabCase.Of(ReturnIncomplete), Texts.Get("Basis.art5")));
        }

        if (command.Kind == AppealKind.Complaint && command.DecidedOn is { } decided && command.LearnedOn is { } learned)
        {
            var window = _calculator.ComplaintWindow(decided, learned);
            if (receivedOn > window.LastDay)
            {
                suggestions.Add(new Suggestion("late-complaint", Texts.Format("Suggestion.late-complaint", window.LastDay.ToString("dd.MM.uuuu", CultureInfo.InvariantCulture)), KebabCase.Of(MarkLate), Texts.Get("Basis.art17")));
            }
        }

        if (command.PersonalHead)
        {
            suggestions.Add(new Suggestion("personal-head", Texts.Get("Suggestion.personal-head"), null, Texts.Get("Basis.art15")));
        }

        if (command.Benefits)
        {
            suggestions.Add(new Suggestion("benefits", Texts.Get("Suggestion.benefits")));
        }
    }

    // What a correction changes: each field given with a value other than the one recorded, with the old value kept.
    internal static IReadOnlyList<FieldCorrection> Corrections(Appeal appeal, CorrectRegistration command)
    {
        var changes = new List<FieldCorrection>(3);
        var first = appeal.Applicants[0];
        Add("applicant", first.FullName, command.Applicant);
        Add("address", first.Address, command.Address);
        Add("subject", appeal.Subject, command.Subject);
        return changes;

        void Add(string field, string? old, string? given)
        {
            var value = given is null ? null : string.IsNullOrWhiteSpace(given) ? null : given.Trim();
            if (given is not null && !string.Equals(old, value, StringComparison.Ordinal))
            {
                changes.Add(new FieldCorrection(field, old, value));
            }
        }
    }
}
