using Ardalis.GuardClauses;
using Council.Workflows.Appeals;
using Council.Workflows.Awards;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;

namespace Council.Workflows.Reporting;

/// <summary>
/// Computes a <see cref="YearReport"/>: each appeal as it stood at the end of the year, read from the report facts its
/// commits wrote (<see cref="ICaseData.ReportFacts"/>), or with <see cref="Replay"/> from its history replayed; one case at
/// a time, so memory stays flat however many cases the store holds (days to answer are kept as a histogram).
/// </summary>
public sealed class YearReportBuilder
{
    private readonly ICaseStore _store;
    private readonly WorkflowRegistry _workflows;
    private readonly DeadlineCalculator _calculator;
    private readonly AwardOptions _awards;

    /// <summary>Creates a builder.</summary>
    public YearReportBuilder(ICaseStore store, WorkflowRegistry workflows, DeadlineCalculator calculator, AwardOptions awards)
    {
        _store = Guard.Against.Null(store);
        _workflows = Guard.Against.Null(workflows);
        _calculator = Guard.Against.Null(calculator);
        _awards = Guard.Against.Null(awards);
    }

    /// <summary>
    /// Whether every appeal is replayed from its history instead of read from its report facts: the reference the facts are
    /// checked against, slower by far. A case the store holds no facts for is replayed either way. The default value is
    /// <see langword="false"/>.
    /// </summary>
    public bool Replay { get; private init; }

    /// <summary>The same builder, replaying every appeal's history (<paramref name="replay"/>) or reading its facts.</summary>
    [System.Diagnostics.Contracts.Pure]
    public YearReportBuilder WithReplay(bool replay = true) => new YearReportBuilder(_store, _workflows, _calculator, _awards) { Replay = replay };

    /// <summary>
    /// The same builder (its workflows, calendar, award catalogue and <see cref="Replay"/>) reading another store: an
    /// installation's report builds each council's year over the store its installation lends for that council.
    /// </summary>
    [System.Diagnostics.Contracts.Pure]
    public YearReportBuilder Over(ICaseStore store) => new YearReportBuilder(store, _workflows, _calculator, _awards) { Replay = Replay };

    /// <summary>The report of <paramref name="year"/> for one council, or every council when <paramref name="council"/> is <see langword="null"/>.</summary>
    public async Task<YearReport> BuildAsync(int year, string? council = null, CancellationToken cancellationToken = default)
    {
        Guard.Against.OutOfRange(year, nameof(year), 1991, 2999);
        var start = new LocalDate(year, 1, 1).AtStartOfDayInZone(_calculator.Zone).ToInstant();
        var end = new LocalDate(year + 1, 1, 1).AtStartOfDayInZone(_calculator.Zone).ToInstant();
        var appeals = await AppealsAsync(year, council, start, end, cancellationToken).ConfigureAwait(false);
        var awards = await AwardsAsync(year, council, end, cancellationToken).ConfigureAwait(false);
        return new YearReport(year, council, appeals, awards) { Simulated = _store.IsSimulation };
    }

    // Each case as it stood at the end of the year (its figures): from the facts the store keeps, or its history up to then,
    // replayed (with Replay, and for a case whose facts the store does not hold).
    private async IAsyncEnumerable<(CaseId Id, T Figures)> AsOfAsync<T>(
        CaseQuery query, Instant end, Func<ICaseData, T> figuresOf, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        var cases = Replay
            ? _store.QueryAsync(query, cancellationToken).Select(r => new CaseFacts(r.Id, r.State, r.CreatedAt, null))
            : _store.QueryFactsAsync(query, cancellationToken);
        await foreach (var found in cases.ConfigureAwait(false))
        {
            T? figures = null;
            var read = found.Facts is { } facts && TryDecode(facts, end, out figures);
            if (!read)
            {
                var history = await _store.LoadHistoryAsync(found.Id, cancellationToken).ConfigureAwait(false);
                var upToEnd = history.Where(e => e.At < end).ToList();
                figures = upToEnd.Count > 0 ? figuresOf(_workflows.Replay(query.Kind!, upToEnd)) : null;
            }

            if (figures is not null)
            {
                yield return (found.Id, figures);
            }
        }
    }

    // Facts this version cannot read (damaged, or written by another) are not trusted: the history is.
    private static bool TryDecode<T>(string facts, Instant end, out T? figures)
        where T : class
    {
        try
        {
            figures = DatedTimeline<T>.DecodeAsOf(facts, end);
            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            figures = null;
            return false;
        }
    }

    private async Task<AppealsYear> AppealsAsync(int year, string? council, Instant start, Instant end, CancellationToken cancellationToken)
    {
        var byKind = new int[Enum.GetValues<AppealKind>().Length];
        var byChannel = new int[Enum.GetValues<AppealChannel>().Length];
        var byMonth = new int[12];
        var days = new SortedDictionary<int, int>();
        var executors = new Dictionary<string, int[]>(StringComparer.OrdinalIgnoreCase);
        int received = 0, collective = 0, repeated = 0, forwarded = 0, returned = 0, notConsidered = 0, withdrawn = 0;
        int onTime = 0, late = 0, open = 0, overdue = 0, extended = 0;

        // Registered from a week before the year (received late in December, registered in January, is rare but real).
        // A registration annulled as a mistake (at any time) was never an appeal: it is counted apart, not in the figures.
        // One read of the range: the annulled ones (by their state now) counted apart.
        var query = new CaseQuery { Kind = Appeal.CaseKind, Council = council, CreatedFrom = start.Minus(Duration.FromDays(7)), CreatedBefore = end };
        var annulledState = KebabCase.Of(AppealState.Annulled);
        var annulled = 0;
        var reads = new AppealReads(_store, _workflows, Replay);
        await foreach (var found in reads.AppealsAsync(query, cancellationToken).ConfigureAwait(false))
        {
            if (found.CurrentState == annulledState)
            {
                annulled += found.At(Instant.MaxValue)?.ReceivedOn.Year == year ? 1 : 0;
                continue;
            }

            if (found.At(end) is not { } appeal || appeal.ReceivedOn.Year != year)
            {
                continue;
            }

            received++;
            byKind[(int)appeal.Kind]++;
            byChannel[(int)appeal.Channel]++;
            byMonth[appeal.ReceivedOn.Month - 1]++;
            collective += appeal.Collective ? 1 : 0;
            repeated += appeal.Repeated ? 1 : 0;
            extended += appeal.Extended ? 1 : 0;
            switch (appeal.State)
            {
                case AppealState.Forwarded:
                    forwarded++;
                    break;
                case AppealState.Returned:
                    returned++;
                    break;
                case AppealState.NotConsidered:
                    notConsidered++;
                    break;
                case AppealState.Withdrawn:
                    withdrawn++;
                    break;
            }

            int[]? line = null;
            if (appeal.Executor is { } executor)
            {
                if (!executors.TryGetValue(executor, out line))
                {
                    executors[executor] = line = new int[4];
                }

                line[0]++;
            }

            if (appeal.Answer is { } answer)
            {
                if (answer.OnTime)
                {
                    onTime++;
                }
                else
                {
                    late++;
                }

                if (line is not null)
                {
                    line[answer.OnTime ? 1 : 2]++;
                }

                var taken = Period.Between(appeal.ReceivedOn, answer.AnsweredOn, PeriodUnits.Days).Days;
                days[taken] = days.GetValueOrDefault(taken) + 1;
            }
            else if (appeal.IsOpen)
            {
                open++;
                overdue += appeal.IsOverdueAt(end) ? 1 : 0;
                if (line is not null)
                {
                    line[3]++;
                }
            }
        }

        return new AppealsYear
        {
            Received = received,
            Annulled = annulled,
            ByKind = [.. Enum.GetValues<AppealKind>().Select(k => new Count(KebabCase.Of(k), byKind[(int)k]))],
            ByChannel = [.. Enum.GetValues<AppealChannel>().Select(c => new Count(KebabCase.Of(c), byChannel[(int)c]))],
            ByMonth = byMonth,
            Collective = collective,
            Repeated = repeated,
            Forwarded = forwarded,
            Returned = returned,
            NotConsidered = notConsidered,
            Withdrawn = withdrawn,
            AnsweredOnTime = onTime,
            AnsweredLate = late,
            StillOpen = open,
            OverdueAtYearEnd = overdue,
            Extended = extended,
            MedianDaysToAnswer = Median(days),
            P90DaysToAnswer = Percentile(days, 0.9),
            DaysToAnswer = [.. days.Select(d => new DayCount(d.Key, d.Value))],
            ByExecutor = [.. executors.OrderByDescending(e => e.Value[0]).ThenBy(e => e.Key, StringComparer.Ordinal).Select(e => new ExecutorLine(e.Key, e.Value[0], e.Value[1], e.Value[2], e.Value[3]))],
        };
    }

    private async Task<AwardsYear> AwardsAsync(int year, string? council, Instant end, CancellationToken cancellationToken)
    {
        var meetings = 0;
        var considered = new HashSet<CaseId>();
        await foreach (var (_, meeting) in AsOfAsync(new CaseQuery { Kind = CommissionMeeting.CaseKind, Council = council }, end, d => MeetingFigures.Of((CommissionMeeting)d), cancellationToken).ConfigureAwait(false))
        {
            if (meeting.State == MeetingState.Closed && DatedTimeline.Year(meeting.ScheduledOn) == year)
            {
                meetings++;
                considered.UnionWith(meeting.Agenda.Select(p => new CaseId(p)));
            }
        }

        int nominees = 0, awarded = 0, rejected = 0, deferred = 0, notAwarded = 0;
        var byCategory = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var byType = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        await foreach (var (id, petition) in AsOfAsync(new CaseQuery { Kind = Petition.CaseKind, Council = council }, end, d => PetitionFigures.Of((Petition)d), cancellationToken).ConfigureAwait(false))
        {
            var wasConsidered = considered.Contains(id);
            if (wasConsidered)
            {
                nominees += petition.Nominees.Length;
            }

            foreach (var nominee in petition.Nominees)
            {
                if (nominee is { Awarded: { } wasAwarded, GrantedOn: { } on } && DatedTimeline.Year(on) == year)
                {
                    if (wasAwarded)
                    {
                        awarded++;
                        byCategory[nominee.Category] = byCategory.GetValueOrDefault(nominee.Category) + 1;
                        byType[nominee.Award!] = byType.GetValueOrDefault(nominee.Award!) + 1;
                    }
                    else
                    {
                        notAwarded++;
                    }
                }

                if (nominee is { Status: NomineeStatus.Rejected, ReviewedOn: { } reviewed } && DatedTimeline.Year(reviewed) == year)
                {
                    rejected++;
                }

                if (wasConsidered && nominee.Status == NomineeStatus.Deferred)
                {
                    deferred++;
                }
            }
        }

        return new AwardsYear
        {
            Meetings = meetings,
            PetitionsConsidered = considered.Count,
            Nominees = nominees,
            Awarded = awarded,
            Rejected = rejected,
            Deferred = deferred,
            NotAwarded = notAwarded,
            ByCategory =
            [
                .. byCategory.Select(c => _awards.Category(c.Key) is { } cat
                        ? new CategoryLine(cat.Id, cat.NameUk, cat.NameEn, cat.DefenceAndRescue, c.Value)
                        : new CategoryLine(c.Key, c.Key, c.Key, false, c.Value))
                    .OrderByDescending(c => c.Awarded).ThenBy(c => c.Category, StringComparer.Ordinal),
            ],
            ByAwardType =
            [
                .. byType.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal)
                    .Select(t => _awards.Type(t.Key) is { } type ? new AwardTypeLine(type.Id, type.NameUk, type.NameEn, t.Value) : new AwardTypeLine(t.Key, t.Key, t.Key, t.Value)),
            ],
        };
    }

    internal static double? Median(SortedDictionary<int, int> histogram)
    {
        var total = histogram.Values.Sum();
        if (total == 0)
        {
            return null;
        }

        var lower = ValueAtRank(histogram, (total + 1) / 2);
        var upper = ValueAtRank(histogram, (total / 2) + 1);
        return total % 2 == 1 ? lower : (lower + upper) / 2.0;
    }

    // The nearest-rank percentile: the smallest value with at least that share of the observations at or below it.
    internal static int? Percentile(SortedDictionary<int, int> histogram, double share)
    {
        var total = histogram.Values.Sum();
        return total == 0 ? null : ValueAtRank(histogram, (int)Math.Ceiling(share * total));
    }

    private static int ValueAtRank(SortedDictionary<int, int> histogram, int rank)
    {
        var seen = 0;
        foreach (var (value, count) in histogram)
        {
            seen += count;
            if (seen >= rank)
            {
                return value;
            }
        }

        return histogram.Keys.Last();
    }
}
