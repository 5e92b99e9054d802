using Council.Workflows.Deadlines;

namespace Council.Workflows.Tests.Deadlines;

public class CalendarOptionsTest
{
    [Fact]
    public void Validate_ADateDeclaredBothADayOffAndAWorkingDay_IsRefusedNamingIt()
    {
        var options = new WorkingCalendarOptions
        {
            DeclaredDaysOff = [new DeclaredDay(new LocalDate(2024, 12, 31), "розпорядження № 1")],
            DeclaredWorkingDays = [new DeclaredDay(new LocalDate(2024, 12, 31), "розпорядження № 2"), new DeclaredDay(new LocalDate(2024, 12, 28), "розпорядження № 2")],
        };

        var act = options.Validate;

        act.Should().Throw<ArgumentException>().WithMessage("31.12.2024 is declared both a day off and a working day*");
    }
}
