using System.Diagnostics.Contracts;
using Ardalis.GuardClauses;

namespace Council.Workflows.Deadlines;

/// <summary>
/// A public holiday (Labour Code Art. 73) as dated data: a fixed day of the year or a day counted from Orthodox Easter,
/// in force between two dates. The list changed in 2017, 2018 and 2023, so each entry says when it applied.
/// </summary>
public sealed record PublicHoliday
{
    private PublicHoliday(string nameUk, string nameEn, int month, int day, int? daysAfterEaster, LocalDate? validFrom, LocalDate? validUntil)
    {
        NameUk = Guard.Against.NullOrWhiteSpace(nameUk);
        NameEn = Guard.Against.NullOrWhiteSpace(nameEn);
        Month = month;
        Day = day;
        DaysAfterEaster = daysAfterEaster;
        if (validFrom is { } from && validUntil is { } until && until < from)
        {
            throw new ArgumentException($"Holiday '{nameEn}' is valid until {until:uuuu-MM-dd}, before it is valid from {from:uuuu-MM-dd}.", nameof(validUntil));
        }

        ValidFrom = validFrom;
        ValidUntil = validUntil;
    }

    /// <summary>The name in Ukrainian.</summary>
    public string NameUk { get; }

    /// <summary>The name in English.</summary>
    public string NameEn { get; }

    /// <summary>The month of a fixed-date holiday, or 0 for one counted from Easter.</summary>
    public int Month { get; }

    /// <summary>The day of the month of a fixed-date holiday, or 0 for one counted from Easter.</summary>
    public int Day { get; }

    /// <summary>For a holiday counted from Orthodox Easter, the days after Easter (0 for Easter, 49 for Trinity).</summary>
    public int? DaysAfterEaster { get; }

    /// <summary>The first date on which the holiday applied, or <see langword="null"/> for always.</summary>
    public LocalDate? ValidFrom { get; }

    /// <summary>The last date on which the holiday applied, or <see langword="null"/> if it is still in force.</summary>
    public LocalDate? ValidUntil { get; }

    /// <summary>A holiday on a fixed day of the year.</summary>
    public static PublicHoliday Fixed(string nameUk, string nameEn, int month, int day, LocalDate? validFrom = null, LocalDate? validUntil = null)
    {
        Guard.Against.OutOfRange(month, nameof(month), 1, 12);
        Guard.Against.OutOfRange(day, nameof(day), 1, CalendarSystem.Iso.GetDaysInMonth(2000, month));
        return new PublicHoliday(nameUk, nameEn, month, day, null, validFrom, validUntil);
    }

    /// <summary>A holiday counted from Orthodox Easter (Julian computus).</summary>
    public static PublicHoliday AfterEaster(string nameUk, string nameEn, int daysAfterEaster, LocalDate? validFrom = null, LocalDate? validUntil = null)
    {
        Guard.Against.OutOfRange(daysAfterEaster, nameof(daysAfterEaster), -100, 100);
        return new PublicHoliday(nameUk, nameEn, 0, 0, daysAfterEaster, validFrom, validUntil);
    }

    /// <summary>The date of the holiday in <paramref name="year"/>, or <see langword="null"/> if it did not apply that year.</summary>
    [Pure]
    public LocalDate? DateIn(int year)
    {
        LocalDate date;
        if (DaysAfterEaster is { } offset)
        {
            date = OrthodoxEaster.Sunday(year).PlusDays(offset);
        }
        else if (Month == 2 && Day == 29 && !CalendarSystem.Iso.IsLeapYear(year))
        {
            return null;
        }
        else
        {
            date = new LocalDate(year, Month, Day);
        }

        return AppliesOn(date) ? date : null;
    }

    /// <summary>Whether the holiday was in force on <paramref name="date"/>.</summary>
    [Pure]
    public bool AppliesOn(LocalDate date) => (ValidFrom is not { } from || date >= from) && (ValidUntil is not { } until || date <= until);

    /// <summary>The name in the given language.</summary>
    public string Name(TextLanguage language) => language == TextLanguage.Ukrainian ? NameUk : NameEn;
}

/// <summary>Orthodox Easter Sunday, by the Julian computus, as a date of the ISO (Gregorian) calendar.</summary>
public static class OrthodoxEaster
{
    /// <summary>Easter Sunday of <paramref name="year"/> (e.g. 2021 → 2 May 2021, 2024 → 5 May 2024).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside 1583–9998.</exception>
    [Pure]
    public static LocalDate Sunday(int year)
    {
        Guard.Against.OutOfRange(year, nameof(year), 1583, 9998);

        // Meeus' Julian algorithm gives the date in the Julian calendar; NodaTime converts it.
        var a = year % 4;
        var b = year % 7;
        var c = year % 19;
        var d = ((19 * c) + 15) % 30;
        var e = ((2 * a) + (4 * b) - d + 34) % 7;
        var month = (d + e + 114) / 31;
        var day = ((d + e + 114) % 31) + 1;
        return new LocalDate(year, month, day, CalendarSystem.Julian).WithCalendar(CalendarSystem.Iso);
    }
}
