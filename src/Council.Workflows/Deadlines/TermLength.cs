using System.Diagnostics.Contracts;
using Ardalis.GuardClauses;

namespace Council.Workflows.Deadlines;

/// <summary>The unit a statutory term is counted in.</summary>
public enum TermUnit
{
    /// <summary>Calendar days: every day counts, working or not.</summary>
    CalendarDays,

    /// <summary>Working days of the council's working calendar.</summary>
    WorkingDays,

    /// <summary>Months, read as calendar months or as 30 days according to <see cref="MonthReading"/>.</summary>
    Months,

    /// <summary>Calendar years (29 February plus one year is 28 February).</summary>
    Years,
}

/// <summary>The length of a term: a positive number of <see cref="TermUnit"/>s, such as 15 days or one month.</summary>
public readonly record struct TermLength
{
    /// <summary>The largest number of units a term may have; longer terms are certainly a typing error.</summary>
    public const int MaxValue = 10_000;

    /// <summary>Creates a term length.</summary>
    /// <param name="value">The number of units, from 1 to <see cref="MaxValue"/>.</param>
    /// <param name="unit">The unit.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not positive or too large.</exception>
    public TermLength(int value, TermUnit unit)
    {
        Guard.Against.OutOfRange(value, nameof(value), 1, MaxValue, $"A term must be from 1 to {MaxValue} units long; {value} was given.");
        Guard.Against.EnumOutOfRange(unit);
        Value = value;
        Unit = unit;
    }

    /// <summary>The number of units.</summary>
    public int Value { get; }

    /// <summary>The unit.</summary>
    public TermUnit Unit { get; }

    /// <summary>A term of <paramref name="days"/> calendar days.</summary>
    [Pure]
    public static TermLength FromDays(int days) => new(days, TermUnit.CalendarDays);

    /// <summary>A term of <paramref name="days"/> working days.</summary>
    [Pure]
    public static TermLength FromWorkingDays(int days) => new(days, TermUnit.WorkingDays);

    /// <summary>A term of <paramref name="months"/> months.</summary>
    [Pure]
    public static TermLength FromMonths(int months) => new(months, TermUnit.Months);

    /// <summary>A term of <paramref name="years"/> years.</summary>
    [Pure]
    public static TermLength FromYears(int years) => new(years, TermUnit.Years);

    /// <summary>The term in words, such as "one month" or "15 days".</summary>
    /// <param name="language">The language of the text.</param>
    [Pure]
    public string Describe(TextLanguage language) => DeadlineText.Term(this, language);

    /// <inheritdoc />
    public override string ToString() => Describe(TextLanguage.English);
}
