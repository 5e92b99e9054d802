namespace Council.Workflows.Deadlines;

/// <summary>How a martial-law period is taken into account.</summary>
public enum MartialLawMode
{
    /// <summary>Martial law applies during <see cref="WorkingCalendarOptions.MartialLawPeriods"/>. The default.</summary>
    Auto,

    /// <summary>Martial law applies on every date: only weekends are non-working.</summary>
    On,

    /// <summary>Martial law applies on no date: holidays and transfers apply everywhere.</summary>
    Off,
}

/// <summary>The working calendar of Ukraine: weekends, public holidays, transfers, martial law, declared days.</summary>
public sealed class WorkingCalendarOptions
{
    /// <summary>
    /// The public holidays, as dated data. The default value is <see cref="UkrainianPublicHolidays.Current"/>: the list of
    /// Labour Code Art. 73 with its changes of 2017, 2018 and 2023.
    /// </summary>
    public IList<PublicHoliday> PublicHolidays { get; set; } = [.. UkrainianPublicHolidays.Current];

    /// <summary>
    /// Whether a holiday on a weekend moves the day off to the next free working day (Labour Code Art. 67 part 3).
    /// The default value is <see langword="true"/>.
    /// </summary>
    public bool TransferHolidaysFromWeekends { get; set; } = true;

    /// <summary>
    /// The periods during which holidays and transfers do not apply, so only weekends are non-working (Law No. 2136-IX
    /// Art. 6 part 6). The default value is one open-ended period from 2022-03-24.
    /// </summary>
    public IList<DatedPeriod> MartialLawPeriods { get; set; } = [new DatedPeriod(new LocalDate(2022, 3, 24))];

    /// <summary>Overrides <see cref="MartialLawPeriods"/>: always on or always off. The default value is <see cref="MartialLawMode.Auto"/>.</summary>
    public MartialLawMode MartialLaw { get; set; } = MartialLawMode.Auto;

    /// <summary>Extra non-working days the council declared. The default value is empty.</summary>
    public IList<DeclaredDay> DeclaredDaysOff { get; set; } = [];

    /// <summary>
    /// Weekend days declared working (the Cabinet of Ministers' transfer of working days, Labour Code Art. 67 part 4).
    /// The default value is empty.
    /// </summary>
    public IList<DeclaredDay> DeclaredWorkingDays { get; set; } = [];

    /// <summary>The weekend days. The default value is Saturday and Sunday.</summary>
    public IList<IsoDayOfWeek> Weekend { get; set; } = [IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday];

    /// <summary>Checks the options; throws <see cref="ArgumentException"/> with the first problem found.</summary>
    /// <exception cref="ArgumentException">A period ends before it starts, a list is missing, or every day is a weekend.</exception>
    public void Validate()
    {
        _ = PublicHolidays ?? throw new ArgumentException(Texts.Format("Setting.ListRequired", "PublicHolidays"));
        _ = MartialLawPeriods ?? throw new ArgumentException(Texts.Format("Setting.ListRequired", "MartialLawPeriods"));
        _ = DeclaredDaysOff ?? throw new ArgumentException(Texts.Format("Setting.ListRequired", "DeclaredDaysOff"));
        _ = DeclaredWorkingDays ?? throw new ArgumentException(Texts.Format("Setting.ListRequired", "DeclaredWorkingDays"));
        _ = Weekend ?? throw new ArgumentException(Texts.Format("Setting.ListRequired", "Weekend"));
        if (PublicHolidays.Any(h => h is null) || MartialLawPeriods.Any(p => p is null) || DeclaredDaysOff.Any(d => d is null) || DeclaredWorkingDays.Any(d => d is null))
        {
            throw new ArgumentException(Texts.Get("Setting.NullEntries"));
        }

        foreach (var period in MartialLawPeriods)
        {
            period.Validate();
        }

        // One date cannot be both: the calendar would silently take one of the two acts.
        var both = DeclaredDaysOff.Select(d => d.Date).Intersect(DeclaredWorkingDays.Select(d => d.Date)).Order().ToList();
        if (both.Count > 0)
        {
            throw new ArgumentException(
                Texts.Format(both.Count == 1 ? "Setting.BothOne" : "Setting.BothMany", string.Join(", ", both.Select(d => d.ToString("dd.MM.uuuu", System.Globalization.CultureInfo.InvariantCulture)))));
        }

        if (Weekend.Any(d => d == IsoDayOfWeek.None) || Weekend.Distinct().Count() >= 7)
        {
            throw new ArgumentException(Texts.Get("Setting.Weekend"));
        }

        if (!Enum.IsDefined(MartialLaw))
        {
            throw new ArgumentException(Texts.Format("Setting.MartialLawMode", MartialLaw));
        }
    }
}

/// <summary>The public holidays of Ukraine (Labour Code Art. 73) as dated data.</summary>
public static class UkrainianPublicHolidays
{
    /// <summary>
    /// The list in force over time: 2 May until 2017; 25 December from 2017; 7 January and 14 October until 2022;
    /// 15 July and 1 October from 2023; 9 May until 14.06.2023 and 8 May from 15.06.2023.
    /// </summary>
    public static IReadOnlyList<PublicHoliday> Current { get; } =
    [
        PublicHoliday.Fixed("Новий рік", "New Year's Day", 1, 1),
        PublicHoliday.Fixed("Різдво Христове (7 січня)", "Christmas (7 January)", 1, 7, validUntil: new LocalDate(2022, 12, 31)),
        PublicHoliday.Fixed("Міжнародний жіночий день", "International Women's Day", 3, 8),
        PublicHoliday.AfterEaster("Великдень", "Easter", 0),
        PublicHoliday.AfterEaster("Трійця", "Trinity", 49),
        PublicHoliday.Fixed("День праці", "Labour Day", 5, 1),
        PublicHoliday.Fixed("День праці (2 травня)", "Labour Day (2 May)", 5, 2, validUntil: new LocalDate(2017, 12, 31)),
        PublicHoliday.Fixed("День перемоги над нацизмом у Другій світовій війні", "Victory Day (9 May)", 5, 9, validUntil: new LocalDate(2023, 6, 14)),
        PublicHoliday.Fixed("День пам'яті та перемоги над нацизмом у Другій світовій війні", "Day of Remembrance and Victory (8 May)", 5, 8, validFrom: new LocalDate(2023, 6, 15)),
        PublicHoliday.Fixed("День Конституції України", "Constitution Day", 6, 28),
        PublicHoliday.Fixed("День Української Державності", "Statehood Day", 7, 15, validFrom: new LocalDate(2023, 1, 1)),
        PublicHoliday.Fixed("День Незалежності України", "Independence Day", 8, 24),
        PublicHoliday.Fixed("День захисника України (14 жовтня)", "Defenders' Day (14 October)", 10, 14, validFrom: new LocalDate(2015, 1, 1), validUntil: new LocalDate(2022, 12, 31)),
        PublicHoliday.Fixed("День захисників і захисниць України", "Defenders' Day (1 October)", 10, 1, validFrom: new LocalDate(2023, 1, 1)),
        PublicHoliday.Fixed("Різдво Христове (25 грудня)", "Christmas (25 December)", 12, 25, validFrom: new LocalDate(2017, 1, 1)),
    ];
}
