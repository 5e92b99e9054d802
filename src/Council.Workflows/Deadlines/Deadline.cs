using System.Text;

namespace Council.Workflows.Deadlines;

/// <summary>What a step of a deadline computation did.</summary>
public enum DeadlineStepKind
{
    /// <summary>The term and where counting starts.</summary>
    Start,

    /// <summary>The term counted to its raw last day.</summary>
    Count,

    /// <summary>Of two limits, the one that closes first (Art. 17 complaints).</summary>
    Earlier,

    /// <summary>What the working calendar says of a day.</summary>
    DayCheck,

    /// <summary>The last day moved because it is not a working day.</summary>
    Roll,

    /// <summary>The due date, inclusive.</summary>
    Due,

    /// <summary>The instant the term lapses.</summary>
    Lapse,
}

/// <summary>One step of a deadline computation, readable by a person in Ukrainian and English.</summary>
/// <param name="Kind">What the step did.</param>
/// <param name="Date">The date the step arrived at, if any.</param>
/// <param name="Ukrainian">The step in Ukrainian.</param>
/// <param name="English">The step in English.</param>
public sealed record DeadlineStep(DeadlineStepKind Kind, LocalDate? Date, string Ukrainian, string English)
{
    /// <summary>The step in the given language.</summary>
    public string Text(TextLanguage language) => language == TextLanguage.Ukrainian ? Ukrainian : English;

    /// <inheritdoc />
    public override string ToString() => English;
}

/// <summary>
/// A computed deadline: the due date (inclusive), the instant it lapses (the start of the next day in the council's zone)
/// and the steps that produced it.
/// </summary>
public sealed record Deadline
{
    private readonly Lazy<IReadOnlyList<DeadlineStep>> _steps;

    internal Deadline(LocalDate from, TermLength length, StatutoryTerm? term, CountingPolicy policy, LocalDate rawLastDay, LocalDate dueOn, Instant lapsesAt, string zoneId, Func<IReadOnlyList<DeadlineStep>> steps)
    {
        From = from;
        Length = length;
        Term = term;
        Policy = policy;
        RawLastDay = rawLastDay;
        DueOn = dueOn;
        LapsesAt = lapsesAt;
        ZoneId = zoneId;
        _steps = new Lazy<IReadOnlyList<DeadlineStep>>(steps);
    }

    /// <summary>The triggering date, such as the date of receipt.</summary>
    public LocalDate From { get; }

    /// <summary>The length of the term.</summary>
    public TermLength Length { get; }

    /// <summary>The named term, when the deadline was computed from one.</summary>
    public StatutoryTerm? Term { get; }

    /// <summary>The counting policy applied.</summary>
    public CountingPolicy Policy { get; }

    /// <summary>The last day of the term before any roll-over for a non-working day.</summary>
    public LocalDate RawLastDay { get; }

    /// <summary>The due date: the last day on which the act is in time (inclusive).</summary>
    public LocalDate DueOn { get; }

    /// <summary>The instant the term lapses: the start of the day after <see cref="DueOn"/> in <see cref="ZoneId"/>.</summary>
    public Instant LapsesAt { get; }

    /// <summary>The time zone of the council, such as <c>Europe/Kyiv</c>.</summary>
    public string ZoneId { get; }

    /// <summary>The steps that produced the due date, in order (built when first read).</summary>
    public IReadOnlyList<DeadlineStep> Steps => _steps.Value;

    /// <summary>Whether the term has lapsed at <paramref name="now"/>.</summary>
    public bool HasLapsedAt(Instant now) => now >= LapsesAt;

    /// <summary>Whether an act done on <paramref name="date"/> (a local date in the council's zone) is in time.</summary>
    public bool IsInTime(LocalDate date) => date <= DueOn;

    /// <summary>The steps as lines of text.</summary>
    public string Explain(TextLanguage language) => DeadlineExplanation.Lines(Steps, language);

    /// <summary>Two deadlines are equal when they say the same: same term, policy, dates and zone (the steps follow from them).</summary>
    public bool Equals(Deadline? other) =>
        other is not null && From == other.From && Length == other.Length && Equals(Term, other.Term) && Policy == other.Policy
        && RawLastDay == other.RawLastDay && DueOn == other.DueOn && LapsesAt == other.LapsesAt && ZoneId == other.ZoneId;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(From, Length, Term, Policy, DueOn, LapsesAt, ZoneId);
}

internal static class DeadlineExplanation
{
    public static string Lines(IReadOnlyList<DeadlineStep> steps, TextLanguage language)
    {
        var text = new StringBuilder();
        for (var i = 0; i < steps.Count; i++)
        {
            text.Append(i + 1).Append(". ").AppendLine(steps[i].Text(language));
        }

        return text.ToString();
    }
}

/// <summary>Which limit closes the complaint window of Art. 17.</summary>
public enum ComplaintLimit
{
    /// <summary>One year after the decision.</summary>
    YearAfterDecision,

    /// <summary>One month after the applicant learned of the decision.</summary>
    MonthAfterLearning,
}

/// <summary>
/// The window for a complaint (Art. 17 of the Law on Citizens' Appeals): within one year of the decision and no later than
/// one month after the applicant learned of it, so it closes at the earlier of the two.
/// </summary>
public sealed record ComplaintWindow
{
    internal ComplaintWindow(LocalDate decidedOn, LocalDate learnedOn, LocalDate yearAfterDecision, LocalDate monthAfterLearning, ComplaintLimit boundBy, LocalDate lastDay, Instant lapsesAt, IReadOnlyList<DeadlineStep> steps)
    {
        DecidedOn = decidedOn;
        LearnedOn = learnedOn;
        YearAfterDecision = yearAfterDecision;
        MonthAfterLearning = monthAfterLearning;
        BoundBy = boundBy;
        LastDay = lastDay;
        LapsesAt = lapsesAt;
        Steps = steps;
    }

    /// <summary>The date of the decision complained about.</summary>
    public LocalDate DecidedOn { get; }

    /// <summary>The date the applicant learned of the decision.</summary>
    public LocalDate LearnedOn { get; }

    /// <summary>The raw last day counted from the decision.</summary>
    public LocalDate YearAfterDecision { get; }

    /// <summary>The raw last day counted from learning of the decision.</summary>
    public LocalDate MonthAfterLearning { get; }

    /// <summary>Which of the two limits closes the window.</summary>
    public ComplaintLimit BoundBy { get; }

    /// <summary>The last day a complaint is in time (inclusive), after any roll-over for a non-working day.</summary>
    public LocalDate LastDay { get; }

    /// <summary>The instant the window closes.</summary>
    public Instant LapsesAt { get; }

    /// <summary>Whether the window had already closed when the applicant learned of the decision.</summary>
    public bool ClosedBeforeLearning => LastDay < LearnedOn;

    /// <summary>The steps that produced <see cref="LastDay"/>.</summary>
    public IReadOnlyList<DeadlineStep> Steps { get; }

    /// <summary>Whether a complaint filed on <paramref name="filedOn"/> is in time.</summary>
    public bool IsInTime(LocalDate filedOn) => filedOn <= LastDay;

    /// <summary>The steps as lines of text.</summary>
    public string Explain(TextLanguage language) => DeadlineExplanation.Lines(Steps, language);
}
