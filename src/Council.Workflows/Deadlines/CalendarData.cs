using Ardalis.GuardClauses;

namespace Council.Workflows.Deadlines;

/// <summary>An inclusive period of dates, open-ended when <see cref="Until"/> is <see langword="null"/>.</summary>
/// <param name="From">The first day of the period.</param>
/// <param name="Until">The last day of the period, or <see langword="null"/> while it lasts.</param>
public sealed record DatedPeriod(LocalDate From, LocalDate? Until = null)
{
    /// <summary>Whether <paramref name="date"/> falls in the period.</summary>
    public bool Contains(LocalDate date) => date >= From && (Until is not { } until || date <= until);

    /// <summary>Throws if the period ends before it starts.</summary>
    /// <exception cref="ArgumentException">The period ends before it starts.</exception>
    public void Validate()
    {
        if (Until is { } until && until < From)
        {
            throw new ArgumentException(Texts.Format("Setting.PeriodReversed", From.ToString("uuuu-MM-dd", System.Globalization.CultureInfo.InvariantCulture), until.ToString("uuuu-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        }
    }
}

/// <summary>A day a council or the Cabinet of Ministers declared non-working (or working), with the reason.</summary>
/// <param name="Date">The day.</param>
/// <param name="Reason">Why, as staff should read it (e.g. the number of the decision).</param>
public sealed record DeclaredDay(LocalDate Date, string Reason)
{
    /// <summary>The reason, never empty.</summary>
    public string Reason { get; init; } = Guard.Against.NullOrWhiteSpace(Reason);
}

/// <summary>What kind of day a date is in the working calendar.</summary>
public enum DayKind
{
    /// <summary>A working day.</summary>
    Working,

    /// <summary>A weekend day (Saturday or Sunday by default).</summary>
    Weekend,

    /// <summary>A public holiday (Labour Code Art. 73).</summary>
    PublicHoliday,

    /// <summary>A day off transferred from a holiday that fell on a weekend (Labour Code Art. 67 part 3).</summary>
    TransferredDayOff,

    /// <summary>A day the council declared non-working.</summary>
    DeclaredDayOff,
}

/// <summary>What the working calendar says of one date, with the reason.</summary>
/// <param name="Date">The date.</param>
/// <param name="Kind">What kind of day it is.</param>
/// <param name="Holiday">The holiday on that date, or the one whose day off was transferred to it.</param>
/// <param name="HolidaySuspended">
/// <see langword="true"/> when <paramref name="Holiday"/> falls on that date but martial law suspends holidays and transfers
/// (Law No. 2136-IX Art. 6 part 6).
/// </param>
/// <param name="DeclaredReason">For a declared day off or working day, the reason given.</param>
public sealed record DayInfo(LocalDate Date, DayKind Kind, PublicHoliday? Holiday = null, bool HolidaySuspended = false, string? DeclaredReason = null)
{
    /// <summary>Whether the date is a working day.</summary>
    public bool IsWorkingDay => Kind == DayKind.Working;

    /// <summary>A short phrase such as "a weekend day" or "Easter, a public holiday".</summary>
    public string Describe(TextLanguage language) => DeadlineText.Day(this, language);
}
