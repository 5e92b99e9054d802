using System.Globalization;
using Ardalis.GuardClauses;
using NodaTime.Text;
using static Council.Workflows.Deadlines.DeadlineText;

namespace Council.Workflows.Deadlines;

/// <summary>
/// Computes statutory deadlines the way a Ukrainian council must: a term counted from a triggering date under a counting
/// policy, rolled over non-working days of the working calendar, lapsing at the start of the next day in the council's
/// zone, with every step explained. Immutable and thread-safe.
/// </summary>
public sealed class DeadlineCalculator
{
    /// <summary>The first date the calculator accepts.</summary>
    public static readonly LocalDate MinDate = new(1900, 1, 1);

    /// <summary>The last date the calculator accepts.</summary>
    public static readonly LocalDate MaxDate = new(2999, 12, 31);

    private const int MaxRoll = 366;

    /// <summary>Creates a calculator.</summary>
    /// <param name="calendar">The working calendar.</param>
    /// <param name="zone">The council's time zone; deadlines lapse at the start of a day in it.</param>
    /// <param name="defaultPolicy">The policy used when a call gives none.</param>
    /// <param name="terms">The named terms.</param>
    public DeadlineCalculator(IWorkingCalendar calendar, DateTimeZone zone, CountingPolicy? defaultPolicy = null, StatutoryTermCatalog? terms = null)
    {
        Calendar = Guard.Against.Null(calendar);
        Zone = Guard.Against.Null(zone);
        DefaultPolicy = defaultPolicy ?? CountingPolicy.Default;
        Terms = terms ?? StatutoryTermCatalog.Default;
    }

    /// <summary>The calculator of the current law: the Ukrainian calendar, <c>Europe/Kyiv</c>, the default policy and terms.</summary>
    public static DeadlineCalculator Default { get; } = new(UkrainianWorkingCalendar.Default, DateTimeZoneProviders.Tzdb["Europe/Kyiv"]);

    /// <summary>The working calendar.</summary>
    public IWorkingCalendar Calendar { get; }

    /// <summary>The council's time zone.</summary>
    public DateTimeZone Zone { get; }

    /// <summary>The policy used when a call gives none.</summary>
    public CountingPolicy DefaultPolicy { get; }

    /// <summary>The named terms.</summary>
    public StatutoryTermCatalog Terms { get; }

    /// <summary>The local date of <paramref name="instant"/> in the council's zone, such as the date of receipt.</summary>
    public LocalDate DateOf(Instant instant) => instant.InZone(Zone).Date;

    /// <summary>The instant a day lapses: the start of the next day in the council's zone.</summary>
    public Instant EndOf(LocalDate date) => date.PlusDays(1).AtStartOfDayInZone(Zone).ToInstant();

    /// <summary>The deadline of the named term <paramref name="termId"/> (such as <c>appeal.standard</c>) from <paramref name="from"/>.</summary>
    /// <exception cref="ArgumentException">The term id is unknown; the message lists the known ones.</exception>
    public Deadline Compute(LocalDate from, string termId, CountingPolicy? policy = null) => Compute(from, Terms.Get(termId), policy);

    /// <summary>The deadline of a named term from <paramref name="from"/>.</summary>
    public Deadline Compute(LocalDate from, StatutoryTerm term, CountingPolicy? policy = null)
    {
        Guard.Against.Null(term);
        return Compute(from, term.Length, term, policy ?? DefaultPolicy);
    }

    /// <summary>The deadline of a term of <paramref name="length"/> from <paramref name="from"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The date is outside <see cref="MinDate"/>..<see cref="MaxDate"/>.</exception>
    public Deadline Compute(LocalDate from, TermLength length, CountingPolicy? policy = null)
    {
        Guard.Against.Default(length);
        return Compute(from, length, null, policy ?? DefaultPolicy);
    }

    /// <summary>
    /// The complaint window of Art. 17: one year from the decision, but no later than one month after the applicant learned
    /// of it. The limits are the named terms <c>complaint.after-decision</c> and <c>complaint.after-learning</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The applicant learned of the decision before it was made.</exception>
    public ComplaintWindow ComplaintWindow(LocalDate decidedOn, LocalDate learnedOn, CountingPolicy? policy = null)
    {
        CheckRange(decidedOn, nameof(decidedOn));
        CheckRange(learnedOn, nameof(learnedOn));
        if (learnedOn < decidedOn)
        {
            throw new ArgumentException($"The applicant cannot have learned of the decision on {Date(learnedOn)}, before it was made on {Date(decidedOn)}.", nameof(learnedOn));
        }

        policy ??= DefaultPolicy;
        var afterDecision = Terms.Get(StatutoryTerms.ComplaintAfterDecision.Id);
        var afterLearning = Terms.Get(StatutoryTerms.ComplaintAfterLearning.Id);
        var steps = new List<DeadlineStep>();

        var (yearRaw, _) = Count(decidedOn, afterDecision.Length, afterDecision, policy, steps);
        var (monthRaw, _) = Count(learnedOn, afterLearning.Length, afterLearning, policy, steps);
        var boundBy = yearRaw <= monthRaw ? ComplaintLimit.YearAfterDecision : ComplaintLimit.MonthAfterLearning;
        var raw = boundBy == ComplaintLimit.YearAfterDecision ? yearRaw : monthRaw;
        steps.Add(new DeadlineStep(DeadlineStepKind.Earlier, raw,
            $"Строк спливає за тим із двох, що настає раніше: {Date(raw)} ({(boundBy == ComplaintLimit.YearAfterDecision ? "рік від рішення" : "місяць від ознайомлення")}).",
            $"The window closes at the earlier of the two: {Date(raw)} ({(boundBy == ComplaintLimit.YearAfterDecision ? "a year after the decision" : "a month after learning of it")})."));

        var firstDay = (policy.Start == CountingStart.NextDay ? decidedOn.PlusDays(1) : decidedOn);
        var due = Roll(raw, firstDay, policy.Roll, steps);
        var lapses = AddDueAndLapse(due, steps);
        if (due < learnedOn)
        {
            steps.Add(new DeadlineStep(DeadlineStepKind.Due, due,
                "Строк сплив ще до того, як заявник дізнався про рішення: скаргу можна розглянути лише після поновлення пропущеного строку з поважної причини (ст. 17).",
                "The window closed before the applicant learned of the decision: the complaint can be considered only if the missed term is restored for a valid reason (Art. 17)."));
        }

        return new ComplaintWindow(decidedOn, learnedOn, yearRaw, monthRaw, boundBy, due, lapses, steps);
    }

    private Deadline Compute(LocalDate from, TermLength length, StatutoryTerm? term, CountingPolicy policy)
    {
        CheckRange(from, nameof(from));
        Guard.Against.Null(policy);
        // The due date is computed without words; the explanation is built only when someone reads the steps.
        var (raw, firstDay) = Count(from, length, term, policy, null);
        var due = Roll(raw, firstDay, policy.Roll, null);
        return new Deadline(from, length, term, policy, raw, due, EndOf(due), Zone.Id, () =>
        {
            var steps = new List<DeadlineStep>();
            Count(from, length, term, policy, steps);
            Roll(raw, firstDay, policy.Roll, steps);
            AddDueAndLapse(due, steps);
            return steps;
        });
    }

    private static void CheckRange(LocalDate date, string name)
    {
        if (date < MinDate || date > MaxDate)
        {
            throw new ArgumentOutOfRangeException(name, date, $"Dates from {Date(MinDate)} to {Date(MaxDate)} are supported; {Date(date)} was given.");
        }
    }

    // Counts the term to its raw last day and, when explaining (steps given), records the start and count steps. Returns
    // the raw last day and the first day of the term (the roll-back floor).
    private (LocalDate Raw, LocalDate FirstDay) Count(LocalDate from, TermLength length, StatutoryTerm? term, CountingPolicy policy, List<DeadlineStep>? steps)
    {
        // Civil Code Art. 253: a term starts the day after the triggering date. With SameDay the triggering date is day 1,
        // which is the same as counting from the day before.
        var anchor = policy.Start == CountingStart.NextDay ? from : from.PlusDays(-1);
        var firstDay = anchor.PlusDays(1);
        LocalDate raw;
        var skipped = 0;
        switch (length.Unit)
        {
            case TermUnit.CalendarDays:
                raw = anchor.PlusDays(length.Value);
                break;
            case TermUnit.WorkingDays:
                raw = anchor;
                var counted = 0;
                while (counted < length.Value)
                {
                    raw = raw.PlusDays(1);
                    if (Calendar.IsWorkingDay(raw))
                    {
                        counted++;
                    }
                    else
                    {
                        skipped++;
                    }
                }

                break;
            case TermUnit.Months when policy.Month == MonthReading.ThirtyDays:
                raw = anchor.PlusDays(30 * length.Value);
                break;
            default:
                raw = length.Unit == TermUnit.Months ? anchor.PlusMonths(length.Value) : anchor.PlusYears(length.Value);
                break;
        }

        if (raw > MaxDate)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"The term ends after {Date(MaxDate)}, the last supported date.");
        }

        if (steps is not null)
        {
            steps.Add(StartStep(from, firstDay, length, term, policy));
            steps.Add(CountStep(anchor, raw, length, policy, skipped));
        }

        return (raw, firstDay);
    }

    private static DeadlineStep StartStep(LocalDate from, LocalDate firstDay, TermLength length, StatutoryTerm? term, CountingPolicy policy)
    {
        var basisUk = term is null ? "" : $" ({term.DescriptionUk}, {term.LegalBasisUk})";
        var basisEn = term is null ? "" : $" ({term.DescriptionEn}, {term.LegalBasisEn})";
        return new DeadlineStep(DeadlineStepKind.Start, firstDay,
            $"Строк — {Term(length, TextLanguage.Ukrainian)}{basisUk}, від {DayDate(from, TextLanguage.Ukrainian)}; " +
            (policy.Start == CountingStart.NextDay ? $"відлік починається наступного дня, {Date(firstDay)} (ст. 253 ЦК)." : "день події вважається першим днем строку."),
            $"Term of {Term(length, TextLanguage.English)}{basisEn} from {DayDate(from, TextLanguage.English)}; " +
            (policy.Start == CountingStart.NextDay ? $"counting starts the day after, {Date(firstDay)} (Civil Code Art. 253)." : "the triggering day is day 1 of the term."));
    }

    private static DeadlineStep CountStep(LocalDate anchor, LocalDate raw, TermLength length, CountingPolicy policy, int skipped)
    {
        string uk, en;
        switch (length.Unit)
        {
            case TermUnit.CalendarDays:
                uk = $"{Term(length, TextLanguage.Ukrainian)} → останній день {DayDate(raw, TextLanguage.Ukrainian)}.";
                en = $"{Capitalise(Term(length, TextLanguage.English))} → last day {DayDate(raw, TextLanguage.English)}.";
                break;
            case TermUnit.WorkingDays:
                uk = $"{Term(length, TextLanguage.Ukrainian)} (неробочих днів пропущено: {skipped}) → останній день {DayDate(raw, TextLanguage.Ukrainian)}.";
                en = $"{Capitalise(Term(length, TextLanguage.English))} ({skipped} non-working days skipped) → last day {DayDate(raw, TextLanguage.English)}.";
                break;
            case TermUnit.Months when policy.Month == MonthReading.ThirtyDays:
                uk = $"Місяць вважається 30 днями: {30 * length.Value} днів → останній день {DayDate(raw, TextLanguage.Ukrainian)}.";
                en = $"A month is read as 30 days: {30 * length.Value} days → last day {DayDate(raw, TextLanguage.English)}.";
                break;
            default:
                // Civil Code Art. 254: part 2 for years, part 3 for months.
                var part = length.Unit == TermUnit.Months ? 3 : 2;
                if (raw.Day != anchor.Day)
                {
                    // No such day in the last month, so its last day.
                    uk = $"{Capitalise(Term(length, TextLanguage.Ukrainian))} від {Date(anchor)} → {DayDate(raw, TextLanguage.Ukrainian)}: {MissingDay(anchor.Day, raw.Month, TextLanguage.Ukrainian)}, тому останній день місяця (ч. {part} ст. 254 ЦК).";
                    en = $"{Capitalise(Term(length, TextLanguage.English))} from {Date(anchor)} → {DayDate(raw, TextLanguage.English)}: {MissingDay(anchor.Day, raw.Month, TextLanguage.English)}, so the last day of the month (Civil Code Art. 254 part {part}).";
                }
                else
                {
                    var sameUk = length.Unit == TermUnit.Months ? "відповідне число останнього місяця" : "те саме число того самого місяця";
                    uk = $"{Capitalise(Term(length, TextLanguage.Ukrainian))} від {Date(anchor)} → {sameUk}, {DayDate(raw, TextLanguage.Ukrainian)} (ч. {part} ст. 254 ЦК).";
                    var sameEn = length.Unit == TermUnit.Months ? "the same day-number of the last month" : "the same day and month";
                    en = $"{Capitalise(Term(length, TextLanguage.English))} from {Date(anchor)} → {sameEn}, {DayDate(raw, TextLanguage.English)} (Civil Code Art. 254 part {part}).";
                }

                break;
        }

        return new DeadlineStep(DeadlineStepKind.Count, raw, uk, en);
    }

    // Civil Code Art. 254 part 5: a non-working last day moves to the next working day (or as the policy says).
    private LocalDate Roll(LocalDate raw, LocalDate firstDay, NonWorkingLastDay roll, List<DeadlineStep>? steps)
    {
        var day = Calendar.Describe(raw);
        steps?.Add(DayCheck(day));
        if (day.IsWorkingDay)
        {
            return raw;
        }

        if (roll == NonWorkingLastDay.Stay)
        {
            steps?.Add(new DeadlineStep(DeadlineStepKind.Roll, raw,
                "За обраним правилом строк не переноситься з неробочого дня.",
                "By the chosen policy the term stays on the non-working day."));
            return raw;
        }

        return Walk(raw, roll == NonWorkingLastDay.RollBack ? -1 : 1, firstDay, steps);
    }

    private LocalDate Walk(LocalDate raw, int direction, LocalDate firstDay, List<DeadlineStep>? steps)
    {
        var date = raw;
        for (var i = 0; i < MaxRoll; i++)
        {
            date = date.PlusDays(direction);
            if (direction < 0 && date < firstDay)
            {
                steps?.Add(new DeadlineStep(DeadlineStepKind.Roll, null,
                    "Попереднього робочого дня в межах строку немає, тому строк переноситься вперед.",
                    "There is no earlier working day within the term, so the term rolls forward instead."));
                return Walk(raw, 1, firstDay, steps);
            }

            var next = Calendar.Describe(date);
            if (next.IsWorkingDay)
            {
                steps?.Add(direction > 0
                    ? new DeadlineStep(DeadlineStepKind.Roll, date,
                        $"Останній день неробочий, тому строк закінчується наступного робочого дня (ч. 5 ст. 254 ЦК): {DayDate(date, TextLanguage.Ukrainian)}, {next.Describe(TextLanguage.Ukrainian)}.",
                        $"The last day is not a working day, so the term ends on the next working day (Civil Code Art. 254 part 5): {DayDate(date, TextLanguage.English)}, {next.Describe(TextLanguage.English)}.")
                    : new DeadlineStep(DeadlineStepKind.Roll, date,
                        $"Останній день неробочий; за обраним правилом строк закінчується попереднього робочого дня: {DayDate(date, TextLanguage.Ukrainian)}, {next.Describe(TextLanguage.Ukrainian)}.",
                        $"The last day is not a working day; by the chosen policy the term ends on the previous working day: {DayDate(date, TextLanguage.English)}, {next.Describe(TextLanguage.English)}."));
                return date;
            }

            steps?.Add(DayCheck(next));
        }

        throw new InvalidOperationException($"The working calendar has no working day within {MaxRoll} days of {Date(raw)}; check its configuration.");
    }

    private static DeadlineStep DayCheck(DayInfo day) => new(DeadlineStepKind.DayCheck, day.Date,
        $"{DayDate(day.Date, TextLanguage.Ukrainian)}: {day.Describe(TextLanguage.Ukrainian)}.",
        $"{DayDate(day.Date, TextLanguage.English)}: {day.Describe(TextLanguage.English)}.");

    private Instant AddDueAndLapse(LocalDate due, List<DeadlineStep> steps)
    {
        var lapses = EndOf(due);
        var local = lapses.InZone(Zone).ToString("dd.MM.uuuu HH:mm", CultureInfo.InvariantCulture);
        steps.Add(new DeadlineStep(DeadlineStepKind.Due, due,
            $"Кінцевий строк — {DayDate(due, TextLanguage.Ukrainian)} включно.",
            $"Due on {DayDate(due, TextLanguage.English)} (inclusive)."));
        steps.Add(new DeadlineStep(DeadlineStepKind.Lapse, due.PlusDays(1),
            $"Строк спливає о {local} (часовий пояс {Zone.Id}).",
            $"The term lapses at {local} (time zone {Zone.Id})."));
        return lapses;
    }

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.InvariantCulture) + text[1..];
}
