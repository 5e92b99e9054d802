using Council.Workflows.Reporting;

namespace Council.Workflows.Tests.Reporting;

// Summing councils' year reports: counts add, months add month by month, categories by key, and the median of the total is
// read from the summed days (not a median of medians).
public class InstallationYearReportTest
{
    private static YearReport Council(int year, int[] daysToAnswer, int awarded, string category)
    {
        var days = new SortedDictionary<int, int>();
        foreach (var d in daysToAnswer)
        {
            days[d] = days.GetValueOrDefault(d) + 1;
        }

        var appeals = new AppealsYear
        {
            Received = daysToAnswer.Length + 1,
            ByKind = [new Count("application", daysToAnswer.Length + 1)],
            ByChannel = [new Count("post", daysToAnswer.Length + 1)],
            ByMonth = [.. Enumerable.Range(1, 12).Select(m => m == 3 ? daysToAnswer.Length + 1 : 0)],
            Collective = 0, Repeated = 0, Forwarded = 0, Returned = 0, NotConsidered = 0, Withdrawn = 0,
            AnsweredOnTime = daysToAnswer.Length, AnsweredLate = 0, StillOpen = 1, OverdueAtYearEnd = 0, Extended = 0,
            MedianDaysToAnswer = YearReportBuilder.Median(days), P90DaysToAnswer = YearReportBuilder.Percentile(days, 0.9),
            DaysToAnswer = [.. days.Select(d => new DayCount(d.Key, d.Value))],
            ByExecutor = [new ExecutorLine("Бондар Сергій", daysToAnswer.Length, daysToAnswer.Length, 0, 0)],
        };
        var awards = new AwardsYear
        {
            Meetings = 1, PetitionsConsidered = 1, Nominees = awarded, Awarded = awarded, Rejected = 0, Deferred = 0, NotAwarded = 0,
            ByCategory = [new CategoryLine(category, category, category, false, awarded)],
            ByAwardType = [new AwardTypeLine("thanks", "Подяка", "Thanks", awarded)],
        };
        return new YearReport(year, null, appeals, awards);
    }

    [Fact]
    public void Sum_TwoCouncils_AddsTheCountsAndReadsTheMedianFromTheSummedDays()
    {
        var a = new CouncilYearReport("bucha", "Бучанська міська рада", Council(2023, [1, 2, 3], 2, "military"));
        var b = new CouncilYearReport("irpin", "Ірпінська міська рада", Council(2023, [30, 30], 3, "volunteer"));

        var sum = InstallationYearReport.Sum(2023, [a, b], councilsNotSharing: 4);

        sum.Councils.Should().Equal(a, b);
        sum.CouncilsNotSharing.Should().Be(4);
        sum.Total.Appeals.Received.Should().Be(7);
        sum.Total.Appeals.StillOpen.Should().Be(2);
        sum.Total.Appeals.ByMonth[2].Should().Be(7);
        sum.Total.Appeals.ByKind.Single(k => k.Key == "application").Value.Should().Be(7);
        a.Report.Appeals.MedianDaysToAnswer.Should().Be(2);
        b.Report.Appeals.MedianDaysToAnswer.Should().Be(30);
        sum.Total.Appeals.MedianDaysToAnswer.Should().Be(3, "the median of 1, 2, 3, 30, 30 (a median of the medians would be 16)");
        sum.Total.Appeals.P90DaysToAnswer.Should().Be(30);
        sum.Total.Appeals.ByExecutor.Should().BeEmpty("executors are each council's own staff");
        sum.Total.Awards.Awarded.Should().Be(5);
        sum.Total.Awards.ByCategory.Select(c => (c.Category, c.Awarded)).Should().Equal(("volunteer", 3), ("military", 2));
        sum.Total.Awards.ByAwardType.Should().ContainSingle().Which.Awarded.Should().Be(5);
    }

    [Fact]
    public void Sum_NoCouncil_IsAYearOfZeros()
    {
        var sum = InstallationYearReport.Sum(2023, [], councilsNotSharing: 2);

        sum.Total.Appeals.Received.Should().Be(0);
        sum.Total.Appeals.MedianDaysToAnswer.Should().BeNull();
        sum.Total.Appeals.ByMonth.Should().HaveCount(12);
    }

    [Fact]
    public void Sum_AReportOfAnotherYear_Throws()
    {
        var act = () => InstallationYearReport.Sum(2024, [new CouncilYearReport("bucha", "Буча", Council(2023, [1], 1, "military"))], 0);

        act.Should().Throw<ArgumentException>().WithMessage("*bucha*2023*2024*");
    }
}
