using Council.Workflows.Deadlines;
using static Council.Workflows.Tests.Deadlines.TestCalendars;

namespace Council.Workflows.Tests.Deadlines;

public class OrthodoxEasterTest
{
    [Theory]
    [InlineData(2019, "2019-04-28")]
    [InlineData(2020, "2020-04-19")]
    [InlineData(2021, "2021-05-02")]
    [InlineData(2022, "2022-04-24")]
    [InlineData(2023, "2023-04-16")]
    [InlineData(2024, "2024-05-05")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2026, "2026-04-12")]
    public void Sunday_KnownYear_MatchesTheChurchCalendar(int year, string expected)
    {
        var easter = OrthodoxEaster.Sunday(year);

        easter.Should().Be(D(expected));
        easter.DayOfWeek.Should().Be(IsoDayOfWeek.Sunday);
    }

    [Fact]
    public void Sunday_YearBeforeTheGregorianReform_IsRejected()
    {
        var act = () => OrthodoxEaster.Sunday(1500);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
