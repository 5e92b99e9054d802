using Council.Workflows.Deadlines;
using static Council.Workflows.Tests.Deadlines.TestCalendars;

namespace Council.Workflows.Tests.Deadlines;

public partial class DeadlineCalculatorTest
{
    [Fact]
    public void Compute_DueOnAWinterDay_LapsesAtKyivMidnightTwoHoursBeforeUtcMidnight()
    {
        var calculator = DeadlineCalculator.Default;

        var deadline = calculator.Compute(D("2023-01-31"), "appeal.standard");

        deadline.LapsesAt.Should().Be(Instant.FromUtc(2023, 2, 28, 22, 0));
        deadline.HasLapsedAt(Instant.FromUtc(2023, 2, 28, 21, 59, 59)).Should().BeFalse();
        deadline.HasLapsedAt(Instant.FromUtc(2023, 2, 28, 22, 0)).Should().BeTrue();
    }

    [Theory]
    [InlineData("2023-03-25", 2023, 3, 25, 22)] // midnight of the spring-forward Sunday is still +02:00
    [InlineData("2023-03-26", 2023, 3, 26, 21)] // the next midnight is +03:00
    [InlineData("2023-10-28", 2023, 10, 28, 21)] // midnight of the fall-back Sunday is still +03:00
    [InlineData("2023-10-29", 2023, 10, 29, 22)] // the next midnight is +02:00
    public void EndOf_DaysAroundTheClockChanges_IsTheStartOfTheNextLocalDay(string due, int year, int month, int day, int utcHour)
    {
        var calculator = DeadlineCalculator.Default;

        var lapse = calculator.EndOf(D(due));

        lapse.Should().Be(Instant.FromUtc(year, month, day, utcHour, 0));
    }

    [Fact]
    public void Compute_StayOnTheSpringForwardSunday_LapsesAt21Utc()
    {
        var calculator = DeadlineCalculator.Default;

        var deadline = calculator.Compute(D("2023-03-11"), TermLength.FromDays(15), new CountingPolicy(Roll: NonWorkingLastDay.Stay));

        deadline.DueOn.Should().Be(D("2023-03-26"));
        deadline.LapsesAt.Should().Be(Instant.FromUtc(2023, 3, 26, 21, 0));
        deadline.Explain(TextLanguage.English).Should().Contain("lapses at 27.03.2023 00:00 (time zone Europe/Kyiv)", "21:00 UTC is Kyiv's midnight once the clocks have gone forward");
    }

    [Fact]
    public void DateOf_InstantJustAfterKyivMidnight_IsTheKyivDate()
    {
        var calculator = DeadlineCalculator.Default;

        var date = calculator.DateOf(Instant.FromUtc(2023, 1, 30, 22, 30));

        date.Should().Be(D("2023-01-31"));
    }

    [Fact]
    public void Compute_InAnotherZone_LapsesAtThatZonesMidnight()
    {
        var calculator = new DeadlineCalculator(UkrainianWorkingCalendar.Default, DateTimeZone.Utc);

        var deadline = calculator.Compute(D("2023-01-31"), "appeal.standard");

        deadline.LapsesAt.Should().Be(Instant.FromUtc(2023, 3, 1, 0, 0));
        deadline.ZoneId.Should().Be("UTC");
    }
}
