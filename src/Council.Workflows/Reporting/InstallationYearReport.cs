using Ardalis.GuardClauses;

namespace Council.Workflows.Reporting;

/// <summary>One council's year in an installation's report.</summary>
/// <param name="Council">The council's key.</param>
/// <param name="Name">Its name (the organisation's name in its settings).</param>
/// <param name="Report">Its year report.</param>
public sealed record CouncilYearReport(string Council, string Name, YearReport Report);

/// <summary>
/// The year of an installation serving many councils (an oblast's): the councils that allow it, each with its own year report,
/// and their sum; the councils that do not allow it are only counted.
/// </summary>
/// <param name="Year">The year.</param>
/// <param name="Councils">The councils summed, each with its own report, in the order given.</param>
/// <param name="Total">Their sum. Executors are each council's own staff: the total lists none.</param>
/// <param name="CouncilsNotSharing">How many councils of the installation did not allow their figures to be summed.</param>
public sealed record InstallationYearReport(int Year, IReadOnlyList<CouncilYearReport> Councils, YearReport Total, int CouncilsNotSharing)
{
    /// <summary>
    /// Sums the councils' reports of <paramref name="year"/>: every count added, the months month by month, kinds, channels,
    /// categories and award types by their key, and the median and percentile of days to answer read again from the summed
    /// <see cref="AppealsYear.DaysToAnswer"/> (a median of medians would be wrong).
    /// </summary>
    /// <exception cref="ArgumentException">A report is of another year, or a council is named twice.</exception>
    public static InstallationYearReport Sum(int year, IReadOnlyList<CouncilYearReport> councils, int councilsNotSharing)
    {
        Guard.Against.Null(councils);
        Guard.Against.Negative(councilsNotSharing);
        if (councils.FirstOrDefault(c => c.Report.Year != year) is { } other)
        {
            throw new ArgumentException($"The report of council '{other.Council}' is of {other.Report.Year}, not {year}.", nameof(councils));
        }

        if (councils.GroupBy(c => c.Council, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"The council '{twice.Key}' is given twice.", nameof(councils));
        }

        var reports = councils.Select(c => c.Report).ToList();
        var total = new YearReport(year, null, Appeals([.. reports.Select(r => r.Appeals)]), Awards([.. reports.Select(r => r.Awards)]))
        {
            Simulated = reports.Any(r => r.Simulated),
        };
        return new InstallationYearReport(year, councils, total, councilsNotSharing);
    }

    private static AppealsYear Appeals(IReadOnlyList<AppealsYear> years)
    {
        var days = new SortedDictionary<int, int>();
        foreach (var line in years.SelectMany(y => y.DaysToAnswer))
        {
            days[line.Days] = days.GetValueOrDefault(line.Days) + line.Appeals;
        }

        return new AppealsYear
        {
            Received = years.Sum(y => y.Received),
            Annulled = years.Sum(y => y.Annulled),
            ByKind = Counts(years.Select(y => y.ByKind), Enum.GetValues<Appeals.AppealKind>().Select(Engine.KebabCase.Of)),
            ByChannel = Counts(years.Select(y => y.ByChannel), Enum.GetValues<Appeals.AppealChannel>().Select(Engine.KebabCase.Of)),
            ByMonth = [.. Enumerable.Range(0, 12).Select(m => years.Sum(y => y.ByMonth[m]))],
            Collective = years.Sum(y => y.Collective),
            Repeated = years.Sum(y => y.Repeated),
            Forwarded = years.Sum(y => y.Forwarded),
            Returned = years.Sum(y => y.Returned),
            NotConsidered = years.Sum(y => y.NotConsidered),
            Withdrawn = years.Sum(y => y.Withdrawn),
            AnsweredOnTime = years.Sum(y => y.AnsweredOnTime),
            AnsweredLate = years.Sum(y => y.AnsweredLate),
            StillOpen = years.Sum(y => y.StillOpen),
            OverdueAtYearEnd = years.Sum(y => y.OverdueAtYearEnd),
            Extended = years.Sum(y => y.Extended),
            MedianDaysToAnswer = YearReportBuilder.Median(days),
            P90DaysToAnswer = YearReportBuilder.Percentile(days, 0.9),
            DaysToAnswer = [.. days.Select(d => new DayCount(d.Key, d.Value))],
            ByExecutor = [],
        };
    }

    // Counts by key: the keys every report lists (kinds, channels) in their order, then any other a report has.
    private static Count[] Counts(IEnumerable<IReadOnlyList<Count>> lists, IEnumerable<string> order)
    {
        var sums = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = order.ToList();
        foreach (var count in lists.SelectMany(l => l))
        {
            if (!sums.ContainsKey(count.Key) && !keys.Contains(count.Key))
            {
                keys.Add(count.Key);
            }

            sums[count.Key] = sums.GetValueOrDefault(count.Key) + count.Value;
        }

        return [.. keys.Select(k => new Count(k, sums.GetValueOrDefault(k)))];
    }

    private static AwardsYear Awards(IReadOnlyList<AwardsYear> years)
    {
        var categories = years.SelectMany(y => y.ByCategory).GroupBy(c => c.Category, StringComparer.Ordinal)
            .Select(g => g.First() with { Awarded = g.Sum(c => c.Awarded) })
            .OrderByDescending(c => c.Awarded).ThenBy(c => c.Category, StringComparer.Ordinal);
        var types = years.SelectMany(y => y.ByAwardType).GroupBy(t => t.Award, StringComparer.Ordinal)
            .Select(g => g.First() with { Awarded = g.Sum(t => t.Awarded) })
            .OrderByDescending(t => t.Awarded).ThenBy(t => t.Award, StringComparer.Ordinal);
        return new AwardsYear
        {
            Meetings = years.Sum(y => y.Meetings),
            PetitionsConsidered = years.Sum(y => y.PetitionsConsidered),
            Nominees = years.Sum(y => y.Nominees),
            Awarded = years.Sum(y => y.Awarded),
            Rejected = years.Sum(y => y.Rejected),
            Deferred = years.Sum(y => y.Deferred),
            NotAwarded = years.Sum(y => y.NotAwarded),
            ByCategory = [.. categories],
            ByAwardType = [.. types],
        };
    }
}
