using Council.Workflows.Deadlines;
using static Council.Workflows.Tests.Deadlines.TestCalendars;

namespace Council.Workflows.Tests.Deadlines;

// The worked examples of legal-rules.md section 2.2 (defaults: day after, calendar month with clamp, roll forward,
// martial law as configured from 2022-03-24).
public class WorkedExamplesTest
{
    [Theory]
    [InlineData("2023-01-31", "appeal.no-study", "2023-02-15", "2023-02-15")]
    [InlineData("2023-01-31", "appeal.standard", "2023-02-28", "2023-02-28")]
    [InlineData("2023-01-31", "appeal.max", "2023-03-17", "2023-03-17")]
    [InlineData("2023-01-31", "appeal.return-incomplete", "2023-02-10", "2023-02-10")]
    [InlineData("2023-01-31", "appeal.forward", "2023-02-05", "2023-02-06")]
    [InlineData("2024-02-02", "appeal.standard", "2024-03-02", "2024-03-04")]
    [InlineData("2024-02-08", "appeal.standard", "2024-03-08", "2024-03-08")]
    [InlineData("2024-07-24", "appeal.standard", "2024-08-24", "2024-08-26")]
    public void Compute_WorkedExample_GivesTheDueDateOfTheTable(string received, string term, string raw, string due)
    {
        var calculator = DeadlineCalculator.Default;

        var deadline = calculator.Compute(D(received), term);

        deadline.RawLastDay.Should().Be(D(raw));
        deadline.DueOn.Should().Be(D(due));
    }

    [Fact]
    public void Compute_OneMonthOverIndependenceDayInPeacetime_RollsPastTheTransferredDayOff()
    {
        var calculator = Calculator(MartialLawMode.Off);

        var deadline = calculator.Compute(D("2024-07-24"), TermLength.FromMonths(1));

        deadline.DueOn.Should().Be(D("2024-08-27"));
    }

    [Fact]
    public void Compute_ThreeMonthsToNewYear2022_SkipsTheTransferredThirdOfJanuary()
    {
        var calculator = DeadlineCalculator.Default;

        var deadline = calculator.Compute(D("2021-10-01"), TermLength.FromMonths(3));

        deadline.RawLastDay.Should().Be(D("2022-01-01"));
        deadline.DueOn.Should().Be(D("2022-01-04"));
        deadline.Steps.Should().Contain(s => s.Kind == DeadlineStepKind.DayCheck && s.Date == D("2022-01-03") && s.English.Contains("transferred from New Year's Day"));
    }

    [Fact]
    public void Compute_HolidayUnderMartialLaw_SaysWhyItIsAWorkingDay()
    {
        var calculator = DeadlineCalculator.Default;

        var deadline = calculator.Compute(D("2024-02-08"), "appeal.standard");

        deadline.Explain(TextLanguage.English).Should().Contain("International Women's Day, but under martial law holidays are not days off");
        deadline.Explain(TextLanguage.Ukrainian).Should().Contain("воєнного стану");
    }

    [Fact]
    public void Compute_MonthWithoutTheDay_ExplainsTheClampInBothLanguages()
    {
        var calculator = DeadlineCalculator.Default;

        var deadline = calculator.Compute(D("2023-01-31"), "appeal.standard");

        var english = deadline.Explain(TextLanguage.English);
        english.Should().Contain("Tue 31.01.2023").And.Contain("Art. 20").And.Contain("no 31 February, so the last day of the month")
            .And.Contain("Tue 28.02.2023: a working day");
        deadline.Explain(TextLanguage.Ukrainian).Should().Contain("31 лютого немає").And.Contain("ст. 20");
    }

    [Fact]
    public void Compute_Forward_ExplainsTheRollOverTheWeekend()
    {
        var calculator = DeadlineCalculator.Default;

        var deadline = calculator.Compute(D("2023-01-31"), StatutoryTerms.AppealForward);

        deadline.Steps.Select(s => s.Kind).Should().ContainInOrder(
            DeadlineStepKind.Start, DeadlineStepKind.Count, DeadlineStepKind.DayCheck, DeadlineStepKind.Roll, DeadlineStepKind.Due, DeadlineStepKind.Lapse);
        deadline.Steps.Single(s => s.Kind == DeadlineStepKind.Roll).English.Should().Contain("Civil Code Art. 254 part 5").And.Contain("Mon 06.02.2023");
    }
}
