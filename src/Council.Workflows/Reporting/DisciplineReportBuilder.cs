using Ardalis.GuardClauses;
using Council.Workflows.Appeals;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;

namespace Council.Workflows.Reporting;

/// <summary>
/// Builds the <see cref="DisciplineReport"/> of a period: every appeal on an executor's control at some time in the period
/// (assigned, and not answered or routed away before it began), as it stood at the period's end, read from the report facts
/// its commits wrote (<see cref="ICaseData.ReportFacts"/>), or with <see cref="Replay"/> from its history replayed.
/// </summary>
public sealed class DisciplineReportBuilder
{
    private readonly ICaseStore _store;
    private readonly WorkflowRegistry _workflows;
    private readonly DeadlineCalculator _calculator;
    private readonly IReadOnlyList<Department> _departments;

    /// <summary>Creates a builder.</summary>
    public DisciplineReportBuilder(ICaseStore store, WorkflowRegistry workflows, DeadlineCalculator calculator, IEnumerable<Department>? departments = null)
    {
        _store = Guard.Against.Null(store);
        _workflows = Guard.Against.Null(workflows);
        _calculator = Guard.Against.Null(calculator);
        _departments = [.. departments ?? []];
    }

    /// <summary>
    /// Whether every appeal is replayed from its history instead of read from its report facts: the reference the facts are
    /// checked against, slower by far. A case the store holds no facts for is replayed either way. The default value is
    /// <see langword="false"/>.
    /// </summary>
    public bool Replay { get; private init; }

    /// <summary>The same builder, replaying every appeal's history (<paramref name="replay"/>) or reading its facts.</summary>
    [System.Diagnostics.Contracts.Pure]
    public DisciplineReportBuilder WithReplay(bool replay = true) => new DisciplineReportBuilder(_store, _workflows, _calculator, _departments) { Replay = replay };

    private static readonly (string Code, string Label)[] Columns =
    [
        ("on-control", "на контролі"), ("on-time", "виконано вчасно"), ("late", "виконано з порушенням строку"), ("overdue", "прострочено на кінець періоду"),
        ("extended", "строк продовжено"),
    ];

    /// <summary>The report of the days from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    public async Task<DisciplineReport> BuildAsync(LocalDate from, LocalDate to, string? council = null, CancellationToken cancellationToken = default)
    {
        Guard.Against.InvalidInput(to, nameof(to), t => t >= from, "The period ends before it begins.");
        var start = from.AtStartOfDayInZone(_calculator.Zone).ToInstant();
        var end = to.PlusDays(1).AtStartOfDayInZone(_calculator.Zone).ToInstant();
        var counts = new Dictionary<string, long[]>(StringComparer.OrdinalIgnoreCase);
        await foreach (var read in new AppealReads(_store, _workflows, Replay).AppealsAsync(new CaseQuery { Kind = Appeal.CaseKind, Council = council }, cancellationToken).ConfigureAwait(false))
        {
            if (read.At(end) is not { Executor: { } executor } appeal || appeal.State == AppealState.Annulled)
            {
                continue;
            }

            // Off control before the period began (answered, routed away, withdrawn): not this period's work.
            if (read.At(start) is { IsAwaitingAnswer: false, Executor: not null })
            {
                continue;
            }

            var c = counts.TryGetValue(executor, out var found) ? found : counts[executor] = new long[Columns.Length];
            c[0]++;
            if (appeal.Answer is { } answer && answer.AnsweredOn >= from)
            {
                c[answer.OnTime ? 1 : 2]++;
            }

            if (appeal.IsOverdueAt(end))
            {
                c[3]++;
            }

            if (appeal.Extended)
            {
                c[4]++;
            }
        }

        var rows = new List<StatisticalRow>();
        var departmentOf = _departments.SelectMany(d => d.Executors.Select(e => (Executor: e.Trim(), d.Name)))
            .GroupBy(x => x.Executor, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Name, StringComparer.OrdinalIgnoreCase);
        foreach (var group in counts.GroupBy(e => departmentOf.GetValueOrDefault(e.Key) ?? "").OrderBy(g => g.Key.Length == 0).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var name = group.Key.Length == 0 ? (_departments.Count == 0 ? "Усі виконавці" : "Поза підрозділами") : group.Key;
            rows.Add(new StatisticalRow("department", name, Sum(group.Select(g => g.Value))));
            rows.AddRange(group.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new StatisticalRow("executor", g.Key, g.Value)));
        }

        var total = Sum(counts.Values);
        rows.Add(new StatisticalRow("total", "Разом", total));
        var table = new StatisticalTable("Виконавці та підрозділи", Columns, rows);
        var executorSum = Sum(rows.Where(r => r.Code == "executor").Select(r => r.Values.ToArray()));
        var checks = new List<SumCheck>
        {
            new("«Разом» дорівнює сумі виконавців у кожній графі", executorSum.SequenceEqual(total), string.Join(", ", total.Select((v, i) => $"{Columns[i].Label} {v}"))),
            new("Виконано вчасно + з порушенням не більше, ніж на контролі", total[1] + total[2] <= total[0], $"{total[1]} + {total[2]} ≤ {total[0]}"),
        };
        return new DisciplineReport(from, to, council, table, checks)
        {
            Simulated = _store.IsSimulation,
            Note = "На контролі — звернення, доручені виконавцю (останньому призначеному), які в періоді чекали відповіді; виконано — остаточна відповідь у періоді; " +
                   "прострочено — без відповіді після строку на кінець періоду.",
        };
    }

    private static long[] Sum(IEnumerable<long[]> values)
    {
        var sum = new long[Columns.Length];
        foreach (var v in values)
        {
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += v[i];
            }
        }

        return sum;
    }
}
