using System.Collections.Concurrent;
using Ardalis.GuardClauses;

namespace Council.Workflows.Deadlines;

/// <summary>Says which days are working days, and why a day is not.</summary>
public interface IWorkingCalendar
{
    /// <summary>What the calendar says of <paramref name="date"/>.</summary>
    DayInfo Describe(LocalDate date);

    /// <summary>Whether <paramref name="date"/> is a working day.</summary>
    bool IsWorkingDay(LocalDate date);
}

/// <summary>
/// The working calendar of Ukraine: weekends, public holidays as dated data, Art. 67 part 3 transfers (two holidays at once
/// each take the next free working day), martial-law periods during which holidays and transfers do not apply, and days
/// declared non-working or working. Thread-safe; each year is computed once.
/// </summary>
public sealed class UkrainianWorkingCalendar : IWorkingCalendar
{
    private readonly WorkingCalendarOptions _options;
    private readonly HashSet<IsoDayOfWeek> _weekend;
    private readonly Dictionary<LocalDate, DeclaredDay> _declaredOff;
    private readonly Dictionary<LocalDate, DeclaredDay> _declaredWorking;
    private readonly ConcurrentDictionary<int, IReadOnlyDictionary<LocalDate, DayInfo>> _years = new();

    /// <summary>Creates the calendar from options; the options are copied, later changes to them have no effect.</summary>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public UkrainianWorkingCalendar(WorkingCalendarOptions options)
    {
        Guard.Against.Null(options);
        options.Validate();
        _options = new WorkingCalendarOptions
        {
            PublicHolidays = [.. options.PublicHolidays],
            TransferHolidaysFromWeekends = options.TransferHolidaysFromWeekends,
            MartialLawPeriods = [.. options.MartialLawPeriods],
            MartialLaw = options.MartialLaw,
            DeclaredDaysOff = [.. options.DeclaredDaysOff],
            DeclaredWorkingDays = [.. options.DeclaredWorkingDays],
            Weekend = [.. options.Weekend],
        };
        _weekend = [.. _options.Weekend];
        _declaredOff = _options.DeclaredDaysOff.GroupBy(d => d.Date).ToDictionary(g => g.Key, g => g.First());
        _declaredWorking = _options.DeclaredWorkingDays.GroupBy(d => d.Date).ToDictionary(g => g.Key, g => g.First());
    }

    /// <summary>The calendar of the current law: holidays as dated data, martial law from 2022-03-24.</summary>
    public static UkrainianWorkingCalendar Default { get; } = new(new WorkingCalendarOptions());

    /// <summary>Whether martial law suspends holidays and transfers on <paramref name="date"/>.</summary>
    public bool IsMartialLaw(LocalDate date) => _options.MartialLaw switch
    {
        MartialLawMode.On => true,
        MartialLawMode.Off => false,
        _ => _options.MartialLawPeriods.Any(p => p.Contains(date)),
    };

    /// <inheritdoc />
    public bool IsWorkingDay(LocalDate date) => Describe(date).IsWorkingDay;

    /// <inheritdoc />
    public DayInfo Describe(LocalDate date)
    {
        if (_declaredOff.TryGetValue(date, out var off))
        {
            return new DayInfo(date, DayKind.DeclaredDayOff, DeclaredReason: off.Reason);
        }

        if (_declaredWorking.TryGetValue(date, out var working))
        {
            return new DayInfo(date, DayKind.Working, DeclaredReason: working.Reason);
        }

        if (YearTable(date.Year).TryGetValue(date, out var special))
        {
            return special;
        }

        return new DayInfo(date, IsWeekend(date) ? DayKind.Weekend : DayKind.Working);
    }

    private bool IsWeekend(LocalDate date) => _weekend.Contains(date.DayOfWeek);

    private IReadOnlyDictionary<LocalDate, DayInfo> YearTable(int year) => _years.GetOrAdd(year, BuildYear);

    // Holidays of the year, holidays suspended by martial law, and Art. 67 part 3 transfers landing in the year
    // (a holiday late in December can move its day off into January, so the previous year is walked too).
    private Dictionary<LocalDate, DayInfo> BuildYear(int year)
    {
        var table = new Dictionary<LocalDate, DayInfo>();
        var holidays = new List<(LocalDate Date, PublicHoliday Holiday)>();
        foreach (var y in new[] { year - 1, year })
        {
            if (y < 1583)
            {
                continue;
            }

            foreach (var holiday in _options.PublicHolidays)
            {
                if (holiday.DateIn(y) is { } date)
                {
                    holidays.Add((date, holiday));
                }
            }
        }

        holidays.Sort((a, b) => a.Date.CompareTo(b.Date));
        var holidayDates = holidays.Where(h => !IsMartialLaw(h.Date)).Select(h => h.Date).ToHashSet();
        var transferred = new HashSet<LocalDate>();

        foreach (var (date, holiday) in holidays)
        {
            var suspended = IsMartialLaw(date);
            if (date.Year == year)
            {
                // Two holidays on one date: the first one listed names it.
                table.TryAdd(date, suspended
                    ? new DayInfo(date, IsWeekend(date) ? DayKind.Weekend : DayKind.Working, holiday, HolidaySuspended: true)
                    : new DayInfo(date, DayKind.PublicHoliday, holiday));
            }

            if (suspended || !_options.TransferHolidaysFromWeekends || !IsWeekend(date))
            {
                continue;
            }

            var dayOff = date.PlusDays(1);
            while (IsWeekend(dayOff) || holidayDates.Contains(dayOff) || transferred.Contains(dayOff))
            {
                dayOff = dayOff.PlusDays(1);
            }

            if (IsMartialLaw(dayOff))
            {
                continue;
            }

            transferred.Add(dayOff);
            if (dayOff.Year == year)
            {
                table[dayOff] = new DayInfo(dayOff, DayKind.TransferredDayOff, holiday);
            }
        }

        return table;
    }
}
