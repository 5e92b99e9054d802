using Council.Workflows.Deadlines;
using static Council.Workflows.Tests.Deadlines.TestCalendars;

namespace Council.Workflows.Tests.Deadlines;

public class UkrainianWorkingCalendarTest
{
    private static UkrainianWorkingCalendar Peacetime { get; } = new(new WorkingCalendarOptions { MartialLaw = MartialLawMode.Off });

    [Fact]
    public void Describe_TwoHolidaysOnOneWeekendMay2021_EachTakesTheNextFreeWorkingDay()
    {
        var calendar = UkrainianWorkingCalendar.Default;

        var days = Enumerable.Range(1, 5).Select(d => calendar.Describe(new LocalDate(2021, 5, d))).ToList();

        days.Select(d => d.Kind).Should().Equal(DayKind.PublicHoliday, DayKind.PublicHoliday, DayKind.TransferredDayOff, DayKind.TransferredDayOff, DayKind.Working);
        days[2].Holiday!.NameEn.Should().Be("Labour Day");
        days[3].Holiday!.NameEn.Should().Be("Easter");
    }

    [Fact]
    public void Describe_VictoryDayOnSunday2021_MovesTheDayOffToMonday()
    {
        var calendar = UkrainianWorkingCalendar.Default;

        var monday = calendar.Describe(new LocalDate(2021, 5, 10));

        monday.Kind.Should().Be(DayKind.TransferredDayOff);
    }

    [Fact]
    public void Describe_ChristmasOnSaturday2021_MovesTheDayOffToMonday27December()
    {
        var calendar = UkrainianWorkingCalendar.Default;

        var monday = calendar.Describe(new LocalDate(2021, 12, 27));

        monday.Kind.Should().Be(DayKind.TransferredDayOff);
        monday.Holiday!.NameEn.Should().Be("Christmas (25 December)");
    }

    [Fact]
    public void Describe_TrinityInPeacetime_MakesTheMondayADayOff()
    {
        var calendar = UkrainianWorkingCalendar.Default;

        var monday = calendar.Describe(new LocalDate(2021, 6, 21));

        monday.Kind.Should().Be(DayKind.TransferredDayOff);
        monday.Holiday!.NameEn.Should().Be("Trinity");
    }

    [Fact]
    public void Describe_HolidayOnAWeekdayUnderMartialLaw_IsAWorkingDayThatNamesTheHoliday()
    {
        var calendar = UkrainianWorkingCalendar.Default;

        var day = calendar.Describe(new LocalDate(2024, 3, 8));

        day.IsWorkingDay.Should().BeTrue();
        day.HolidaySuspended.Should().BeTrue();
        day.Holiday!.NameEn.Should().Be("International Women's Day");
    }

    [Fact]
    public void Describe_EasterMondayUnderMartialLaw_IsAWorkingDay()
    {
        var calendar = UkrainianWorkingCalendar.Default;

        var day = calendar.Describe(new LocalDate(2024, 5, 6));

        day.Kind.Should().Be(DayKind.Working);
    }

    [Fact]
    public void Describe_DayBeforeMartialLawHolidaysLapsed_StillAppliesHolidays()
    {
        var calendar = UkrainianWorkingCalendar.Default;

        var march8 = calendar.Describe(new LocalDate(2022, 3, 8));

        march8.Kind.Should().Be(DayKind.PublicHoliday);
    }

    [Fact]
    public void Describe_MartialLawOnEverywhere_SuspendsPeacetimeHolidays()
    {
        var calendar = new UkrainianWorkingCalendar(new WorkingCalendarOptions { MartialLaw = MartialLawMode.On });

        var day = calendar.Describe(new LocalDate(2021, 5, 3));

        day.IsWorkingDay.Should().BeTrue();
    }

    [Theory]
    [InlineData("2017-05-02", DayKind.PublicHoliday)]
    [InlineData("2018-05-02", DayKind.Working)]
    [InlineData("2016-12-26", DayKind.Working)]
    [InlineData("2017-12-25", DayKind.PublicHoliday)]
    [InlineData("2019-01-07", DayKind.PublicHoliday)]
    [InlineData("2024-01-08", DayKind.Working)]
    [InlineData("2021-10-14", DayKind.PublicHoliday)]
    [InlineData("2024-10-01", DayKind.PublicHoliday)]
    [InlineData("2024-10-14", DayKind.Working)]
    [InlineData("2023-05-09", DayKind.PublicHoliday)]
    [InlineData("2024-05-08", DayKind.PublicHoliday)]
    [InlineData("2024-05-09", DayKind.Working)]
    [InlineData("2024-07-15", DayKind.PublicHoliday)]
    public void Describe_HolidayListChanges_FollowTheDatedData(string date, DayKind expected)
    {
        var day = Peacetime.Describe(D(date));

        day.Kind.Should().Be(expected);
    }

    [Fact]
    public void Describe_NewYearOnSaturdayBeforeAChangeOfYear_TransfersIntoJanuary()
    {
        var day = Peacetime.Describe(new LocalDate(2022, 1, 3));

        day.Kind.Should().Be(DayKind.TransferredDayOff);
    }

    [Fact]
    public void Describe_TransfersSwitchedOff_LeavesTheMondayWorking()
    {
        var calendar = new UkrainianWorkingCalendar(new WorkingCalendarOptions { MartialLaw = MartialLawMode.Off, TransferHolidaysFromWeekends = false });

        var day = calendar.Describe(new LocalDate(2022, 1, 3));

        day.IsWorkingDay.Should().BeTrue();
    }

    [Fact]
    public void Describe_DeclaredDays_OverrideTheRules()
    {
        var calendar = new UkrainianWorkingCalendar(new WorkingCalendarOptions
        {
            DeclaredDaysOff = [new DeclaredDay(new LocalDate(2024, 6, 3), "рішення виконкому № 1")],
            DeclaredWorkingDays = [new DeclaredDay(new LocalDate(2024, 6, 8), "перенесення робочого дня")],
        });

        var dayOff = calendar.Describe(new LocalDate(2024, 6, 3));
        var saturday = calendar.Describe(new LocalDate(2024, 6, 8));

        dayOff.Kind.Should().Be(DayKind.DeclaredDayOff);
        dayOff.Describe(TextLanguage.English).Should().Contain("рішення виконкому № 1");
        saturday.IsWorkingDay.Should().BeTrue();
    }

    [Fact]
    public void Constructor_OptionsChangedAfterwards_KeepsTheCopy()
    {
        var options = new WorkingCalendarOptions();
        var calendar = new UkrainianWorkingCalendar(options);

        options.DeclaredDaysOff.Add(new DeclaredDay(new LocalDate(2024, 6, 3), "late change"));

        calendar.IsWorkingDay(new LocalDate(2024, 6, 3)).Should().BeTrue();
    }

    [Fact]
    public void Constructor_PeriodEndingBeforeItStarts_IsRejected()
    {
        var options = new WorkingCalendarOptions { MartialLawPeriods = [new DatedPeriod(new LocalDate(2022, 3, 24), new LocalDate(2022, 1, 1))] };

        var act = () => new UkrainianWorkingCalendar(options);

        act.Should().Throw<ArgumentException>().WithMessage("*ends before it starts*");
    }

    [Fact]
    public void Constructor_EveryDayAWeekend_IsRejected()
    {
        var options = new WorkingCalendarOptions { Weekend = Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None).ToList() };

        var act = () => new UkrainianWorkingCalendar(options);

        act.Should().Throw<ArgumentException>().WithMessage("*at least one working day*");
    }

    [Fact]
    public void Describe_MartialLawEnded_HolidaysApplyAgain()
    {
        var calendar = new UkrainianWorkingCalendar(new WorkingCalendarOptions
        {
            MartialLawPeriods = [new DatedPeriod(new LocalDate(2022, 3, 24), new LocalDate(2025, 12, 31))],
        });

        var march9 = calendar.Describe(new LocalDate(2026, 3, 9));

        march9.Kind.Should().Be(DayKind.TransferredDayOff);
    }
}
