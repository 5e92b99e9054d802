using Council.Workflows.Deadlines;
using static Council.Workflows.Tests.Deadlines.TestCalendars;

namespace Council.Workflows.Tests.Deadlines;

public partial class DeadlineCalculatorTest
{
    [Fact]
    public void Compute_SameDayStart_CountsTheTriggeringDayAsDayOne()
    {
        var calculator = DeadlineCalculator.Default;

        var deadline = calculator.Compute(D("2023-01-31"), TermLength.FromDays(15), new CountingPolicy(Start: CountingStart.SameDay));

        deadline.DueOn.Should().Be(D("2023-02-14"));
    }

    [Fact]
    public void Compute_SameDayStartForAMonth_EndsTheDayBeforeTheSameDayNumber()
    {
        var calculator = DeadlineCalculator.Default;

        var deadline = calculator.Compute(D("2023-03-15"), TermLength.FromMonths(1), new CountingPolicy(Start: CountingStart.SameDay));

        deadline.DueOn.Should().Be(D("2023-04-14"));
    }

    [Fact]
    public void Compute_ThirtyDayMonths_CountsThirtyCalendarDaysAMonth()
    {
        var calculator = DeadlineCalculator.Default;

        var deadline = calculator.Compute(D("2023-01-31"), TermLength.FromMonths(1), new CountingPolicy(Month: MonthReading.ThirtyDays));

        deadline.RawLastDay.Should().Be(D("2023-03-02"));
        deadline.Explain(TextLanguage.English).Should().Contain("read as 30 days");
    }

    [Fact]
    public void Compute_RollBack_EndsOnThePreviousWorkingDay()
    {
        var calculator = DeadlineCalculator.Default;

        var deadline = calculator.Compute(D("2023-01-31"), TermLength.FromDays(5), new CountingPolicy(Roll: NonWorkingLastDay.RollBack));

        deadline.DueOn.Should().Be(D("2023-02-03"));
    }

    [Fact]
    public void Compute_RollBackWithNoWorkingDayInTheTerm_RollsForwardInstead()
    {
        var calculator = DeadlineCalculator.Default;

        var deadline = calculator.Compute(D("2023-02-03"), TermLength.FromDays(1), new CountingPolicy(Roll: NonWorkingLastDay.RollBack));

        deadline.DueOn.Should().Be(D("2023-02-06"));
        deadline.Explain(TextLanguage.English).Should().Contain("rolls forward instead");
    }

    [Fact]
    public void Compute_Stay_KeepsTheNonWorkingLastDay()
    {
        var calculator = DeadlineCalculator.Default;

        var deadline = calculator.Compute(D("2023-01-31"), TermLength.FromDays(5), new CountingPolicy(Roll: NonWorkingLastDay.Stay));

        deadline.DueOn.Should().Be(D("2023-02-05"));
    }

    [Fact]
    public void Compute_WorkingDays_SkipsWeekendsAndPeacetimeHolidays()
    {
        var calculator = Calculator(MartialLawMode.Off);

        var deadline = calculator.Compute(D("2021-04-29"), TermLength.FromWorkingDays(3));

        // Fri 30.04 counts; Sat 1, Sun 2, Mon 3 and Tue 4 May are off; Wed 5 and Thu 6 count.
        deadline.DueOn.Should().Be(D("2021-05-06"));
    }

    [Fact]
    public void Compute_WorkingDaysUnderMartialLaw_SkipsOnlyWeekends()
    {
        var calculator = DeadlineCalculator.Default;

        var deadline = calculator.Compute(D("2024-03-07"), TermLength.FromWorkingDays(1));

        deadline.DueOn.Should().Be(D("2024-03-08"));
    }

    [Fact]
    public void Compute_OneMonthFromTheLastDayOfJanuaryInALeapYear_EndsOn29February()
    {
        var calculator = DeadlineCalculator.Default;

        var deadline = calculator.Compute(D("2024-01-31"), TermLength.FromMonths(1));

        deadline.DueOn.Should().Be(D("2024-02-29"));
        deadline.Explain(TextLanguage.English).Should().Contain("no 31 February");
    }

    [Fact]
    public void Compute_OneYearFrom29February_EndsOn28FebruaryAndRolls()
    {
        var calculator = DeadlineCalculator.Default;

        var deadline = calculator.Compute(D("2024-02-29"), TermLength.FromYears(1));

        deadline.RawLastDay.Should().Be(D("2025-02-28"));
        deadline.DueOn.Should().Be(D("2025-02-28"));
        deadline.Explain(TextLanguage.English).Should().Contain("no 29 February");
    }

    [Fact]
    public void Compute_FifteenDaysOverLeapDay_CountsThe29th()
    {
        var calculator = DeadlineCalculator.Default;

        var deadline = calculator.Compute(D("2024-02-20"), TermLength.FromDays(15));

        deadline.DueOn.Should().Be(D("2024-03-06"));
    }

    [Fact]
    public void Compute_UnknownTermId_ListsTheKnownIds()
    {
        var calculator = DeadlineCalculator.Default;

        var act = () => calculator.Compute(D("2023-01-31"), "appeal.forever");

        act.Should().Throw<ArgumentException>().WithMessage("Unknown term 'appeal.forever'. Known terms: *appeal.standard*deputy.appeal*");
    }

    [Fact]
    public void Compute_DateOutsideTheSupportedRange_IsAnArgumentError()
    {
        var calculator = DeadlineCalculator.Default;

        var act = () => calculator.Compute(new LocalDate(1812, 6, 24), TermLength.FromDays(5));

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*01.01.1900*");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(TermLength.MaxValue + 1)]
    public void TermLength_NotPositiveOrTooLong_IsAnArgumentError(int value)
    {
        var act = () => TermLength.FromDays(value);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*from 1 to*");
    }

    [Fact]
    public void Compute_DefaultTermLength_IsAnArgumentError()
    {
        var calculator = DeadlineCalculator.Default;

        var act = () => calculator.Compute(D("2023-01-31"), default(TermLength));

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Compute_ReplacedTermInACouncilsCatalog_UsesTheCouncilsLength()
    {
        var catalog = StatutoryTermCatalog.Default.With(StatutoryTerms.DeputyAppeal with { Length = TermLength.FromDays(14) });
        var calculator = new DeadlineCalculator(UkrainianWorkingCalendar.Default, Kyiv, terms: catalog);

        var deadline = calculator.Compute(D("2024-06-03"), "deputy.appeal");

        deadline.DueOn.Should().Be(D("2024-06-17"));
    }

    [Fact]
    public void StatutoryTermCatalog_DuplicateIds_IsRejected()
    {
        var act = () => new StatutoryTermCatalog([StatutoryTerms.AppealMax, StatutoryTerms.AppealMax]);

        act.Should().Throw<ArgumentException>().WithMessage("*appeal.max*twice*");
    }
}
