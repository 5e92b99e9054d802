using Council.Workflows.Deadlines;
using static Council.Workflows.Tests.Deadlines.TestCalendars;

namespace Council.Workflows.Tests.Deadlines;

public class ComplaintWindowTest
{
    [Fact]
    public void ComplaintWindow_LearnedSoonAfterTheDecision_ClosesAMonthAfterLearning()
    {
        var calculator = DeadlineCalculator.Default;

        var window = calculator.ComplaintWindow(D("2023-01-10"), D("2023-03-20"));

        window.LastDay.Should().Be(D("2023-04-20"));
        window.BoundBy.Should().Be(ComplaintLimit.MonthAfterLearning);
        window.ClosedBeforeLearning.Should().BeFalse();
    }

    [Fact]
    public void ComplaintWindow_LearnedLate_ClosesAYearAfterTheDecision()
    {
        var calculator = DeadlineCalculator.Default;

        var window = calculator.ComplaintWindow(D("2023-01-10"), D("2023-12-15"));

        window.LastDay.Should().Be(D("2024-01-10"));
        window.BoundBy.Should().Be(ComplaintLimit.YearAfterDecision);
        window.YearAfterDecision.Should().Be(D("2024-01-10"));
        window.MonthAfterLearning.Should().Be(D("2024-01-15"));
    }

    [Fact]
    public void ComplaintWindow_LearnedAfterTheYear_SaysOnlyRestorationCanAdmitIt()
    {
        var calculator = DeadlineCalculator.Default;

        var window = calculator.ComplaintWindow(D("2023-01-10"), D("2024-02-01"));

        window.ClosedBeforeLearning.Should().BeTrue();
        window.IsInTime(D("2024-02-01")).Should().BeFalse();
        window.Explain(TextLanguage.English).Should().Contain("restored for a valid reason");
    }

    [Fact]
    public void ComplaintWindow_LastDayOnAWeekend_RollsForward()
    {
        var calculator = DeadlineCalculator.Default;

        var window = calculator.ComplaintWindow(D("2022-06-05"), D("2022-07-06"));

        window.MonthAfterLearning.Should().Be(D("2022-08-06"));
        window.LastDay.Should().Be(D("2022-08-08"));
        window.IsInTime(D("2022-08-08")).Should().BeTrue();
    }

    [Fact]
    public void ComplaintWindow_LearnedBeforeTheDecision_IsAnArgumentError()
    {
        var calculator = DeadlineCalculator.Default;

        var act = () => calculator.ComplaintWindow(D("2023-01-10"), D("2023-01-09"));

        act.Should().Throw<ArgumentException>().WithMessage("*cannot have learned of the decision on 09.01.2023, before it was made on 10.01.2023*");
    }
}
