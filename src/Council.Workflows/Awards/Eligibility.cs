using System.Globalization;

namespace Council.Workflows.Awards;

/// <summary>What the system holds of a nominee's earlier awards and rejections.</summary>
/// <param name="Award">The award type.</param>
/// <param name="On">The date of the granting decision, or of the commission's rejection.</param>
/// <param name="Rejected">Whether this is a rejection rather than an award.</param>
public sealed record AwardHistoryEntry(string Award, LocalDate On, bool Rejected = false);

// The eligibility rules of legal-rules.md 3.1 and 3.4: each failed rule is a warning the commission sees, never a rejection.
internal static class Eligibility
{
    public static IReadOnlyList<EligibilityWarning> Check(
        Nominee nominee, AwardType award, AwardOptions options, LocalDate on, LocalDate submittedOn, LocalDate? ceremonyOn,
        IReadOnlyList<AwardHistoryEntry> history, int grantedThisYear)
    {
        var warnings = new List<EligibilityWarning>();
        var awards = history.Where(h => !h.Rejected).ToList();
        var ladder = awards.Select(h => (Entry: h, Type: options.Type(h.Award))).Where(h => h.Type?.Ladder == award.Ladder).ToList();

        if (nominee.Posthumous && !award.Posthumous)
        {
            warnings.Add(new("posthumous", $"«{award.NameUk}» не присуджується посмертно."));
        }

        var heldOnce = award.OncePerPerson && awards.Any(h => Same(h.Award, award.Id));
        if (award.OncePerPerson && awards.FirstOrDefault(h => Same(h.Award, award.Id)) is { } held)
        {
            warnings.Add(new("once-per-person", $"«{award.NameUk}» вже присуджено {D(held.On)}; повторно не присуджується."));
        }

        // An award given once per person and already held is not "possible later": the interval says nothing then.
        if (!heldOnce && award.MinInterval is { } interval
            && ladder.Where(h => h.Type!.Rank <= award.Rank).OrderByDescending(h => h.Entry.On).FirstOrDefault() is { Entry: { } last, Type: { } lastType }
            && last.On.Plus(interval) > on)
        {
            warnings.Add(new("interval", $"Остання нагорода «{lastType.NameUk}» — {D(last.On)}; «{award.NameUk}» можлива не раніше {D(last.On.Plus(interval))}."));
        }

        if (award.RequiresLowerFirst
            && options.Types.Any(t => t.Ladder == award.Ladder && t.Rank < award.Rank)
            && !ladder.Any(h => h.Type!.Rank < award.Rank))
        {
            var lower = options.Types.Where(t => t.Ladder == award.Ladder && t.Rank < award.Rank).OrderByDescending(t => t.Rank).First();
            warnings.Add(new("lower-first", $"«{award.NameUk}» присуджується після нижчої нагороди (наприклад, «{lower.NameUk}»); такої не знайдено."));
        }

        if (award.AnnualCap is { } cap && grantedThisYear >= cap)
        {
            warnings.Add(new("annual-cap", $"Річну квоту «{award.NameUk}» ({cap}) вичерпано: у {on.Year.ToString(CultureInfo.InvariantCulture)} році присуджено {grantedThisYear}."));
        }

        if (history.Where(h => h.Rejected).OrderByDescending(h => h.On).FirstOrDefault() is { } rejection
            && rejection.On.PlusMonths(options.ResubmissionAfterMonths) > on)
        {
            warnings.Add(new("resubmission", $"Кандидатуру відхилено {D(rejection.On)}; повторне подання можливе не раніше {D(rejection.On.PlusMonths(options.ResubmissionAfterMonths))}."));
        }

        if (ceremonyOn is { } ceremony && Period.Between(submittedOn, ceremony, PeriodUnits.Days).Days < options.SubmissionLeadDays)
        {
            warnings.Add(new("late-submission", $"Клопотання подано {D(submittedOn)}, менше ніж за {options.SubmissionLeadDays} днів до урочистостей {D(ceremony)}."));
        }

        return warnings;
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string D(LocalDate date) => date.ToString("dd.MM.uuuu", CultureInfo.InvariantCulture);
}
