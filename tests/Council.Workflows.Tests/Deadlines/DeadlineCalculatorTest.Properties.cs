using Council.Workflows.Deadlines;
using CsCheck;

namespace Council.Workflows.Tests.Deadlines;

public partial class DeadlineCalculatorTest
{
    private static readonly Gen<LocalDate> GenDate = Gen.Int[0, 365 * 12].Select(d => new LocalDate(2016, 1, 1).PlusDays(d));

    private static readonly Gen<TermLength> GenTerm = Gen.OneOf(
        Gen.Int[1, 60].Select(TermLength.FromDays),
        Gen.Int[1, 30].Select(TermLength.FromWorkingDays),
        Gen.Int[1, 24].Select(TermLength.FromMonths),
        Gen.Int[1, 3].Select(TermLength.FromYears));

    private static readonly Gen<DeadlineCalculator> GenCalculator = Gen.OneOf<DeadlineCalculator>(
        DeadlineCalculator.Default,
        TestCalendars.Calculator(MartialLawMode.Off),
        TestCalendars.Calculator(MartialLawMode.On));

    [Fact]
    public void Compute_RollForward_AlwaysEndsOnAWorkingDayNotBeforeTheRawLastDay()
    {
        Gen.Select(GenCalculator, GenDate, GenTerm).Sample((calculator, from, term) =>
        {
            var deadline = calculator.Compute(from, term);

            return calculator.Calendar.IsWorkingDay(deadline.DueOn) && deadline.DueOn >= deadline.RawLastDay && deadline.DueOn > from;
        });
    }

    [Fact]
    public void Compute_LaterTriggeringDate_NeverGivesAnEarlierDueDate()
    {
        Gen.Select(GenCalculator, GenDate, Gen.Int[1, 40], GenTerm).Sample((calculator, from, later, term) =>
        {
            var first = calculator.Compute(from, term);
            var second = calculator.Compute(from.PlusDays(later), term);

            return second.DueOn >= first.DueOn;
        });
    }

    [Fact]
    public void Compute_AnyTerm_LapsesAtTheStartOfTheDayAfterTheDueDateInKyiv()
    {
        Gen.Select(GenDate, GenTerm).Sample((from, term) =>
        {
            var deadline = DeadlineCalculator.Default.Compute(from, term);

            var local = deadline.LapsesAt.InZone(TestCalendars.Kyiv);
            return local.Date == deadline.DueOn.PlusDays(1) && local.TimeOfDay == LocalTime.Midnight;
        });
    }

    [Fact]
    public void Compute_RollBack_EndsOnAWorkingDayWithinTheTermOrRollsForward()
    {
        var policy = new CountingPolicy(Roll: NonWorkingLastDay.RollBack);
        Gen.Select(GenCalculator, GenDate, GenTerm).Sample((calculator, from, term) =>
        {
            var deadline = calculator.Compute(from, term, policy);

            return calculator.Calendar.IsWorkingDay(deadline.DueOn) && deadline.DueOn > from;
        });
    }
}
