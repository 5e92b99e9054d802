namespace Council.Workflows.Deadlines;

/// <summary>Which day is the first day of a term.</summary>
public enum CountingStart
{
    /// <summary>The term starts the day after the triggering date (Civil Code Art. 253). The default.</summary>
    NextDay,

    /// <summary>The triggering date is day 1 of the term.</summary>
    SameDay,
}

/// <summary>How a term in months is read.</summary>
public enum MonthReading
{
    /// <summary>
    /// A calendar month: the term ends on the same day-number of the last month, or on the last day of that month when
    /// it has no such day (Civil Code Art. 254 part 3). The default.
    /// </summary>
    CalendarMonth,

    /// <summary>A month is 30 calendar days.</summary>
    ThirtyDays,
}

/// <summary>What happens when the last day of a term is not a working day.</summary>
public enum NonWorkingLastDay
{
    /// <summary>The term ends on the next working day (Civil Code Art. 254 part 5). The default.</summary>
    RollForward,

    /// <summary>The term ends on the previous working day, never before the first day of the term.</summary>
    RollBack,

    /// <summary>The term ends on that day all the same.</summary>
    Stay,
}

/// <summary>The counting rules applied to a term. The law is silent; the defaults follow the Civil Code by analogy.</summary>
/// <param name="Start">Which day is day 1. The default value is <see cref="CountingStart.NextDay"/>.</param>
/// <param name="Month">How a month is read. The default value is <see cref="MonthReading.CalendarMonth"/>.</param>
/// <param name="Roll">What a non-working last day does. The default value is <see cref="NonWorkingLastDay.RollForward"/>.</param>
public sealed record CountingPolicy(
    CountingStart Start = CountingStart.NextDay,
    MonthReading Month = MonthReading.CalendarMonth,
    NonWorkingLastDay Roll = NonWorkingLastDay.RollForward)
{
    /// <summary>The defaults: the day after, calendar months with end-of-month clamp, roll forward.</summary>
    public static CountingPolicy Default { get; } = new();
}
