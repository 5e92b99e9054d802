using System.Globalization;
using Ardalis.GuardClauses;
using Council.Workflows.Appeals;
using Council.Workflows.Appeals.Classifier;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;

namespace Council.Workflows.Reporting;

/// <summary>One row of a statutory table: its classifier code (or <c>total</c>), its label, a value per column.</summary>
public sealed record StatisticalRow(string Code, string Label, IReadOnlyList<long> Values);

/// <summary>A table of counts: its columns (each with its code, such as <c>3.1</c>, and label) and rows.</summary>
public sealed record StatisticalTable(string Title, IReadOnlyList<(string Code, string Label)> Columns, IReadOnlyList<StatisticalRow> Rows)
{
    /// <summary>The value of column <paramref name="code"/> in row <paramref name="row"/> (0 when either is absent).</summary>
    public long Value(string row, string code)
    {
        var column = Columns.Select((c, i) => (c.Code, i)).FirstOrDefault(c => c.Code == code);
        return column.Code is null ? 0 : Rows.FirstOrDefault(r => r.Code == row)?.Values[column.i] ?? 0;
    }
}

/// <summary>A sum rule of the statutory tables, checked: whether it holds and, where it does not, what differs.</summary>
public sealed record SumCheck(string Rule, bool Holds, string Detail);

/// <summary>
/// The executive committee's statutory figures on citizens' appeals for a period (a quarter or a year), as councils fill them
/// from the Classifier of citizens' appeals (CMU 858; the layout of form 1.1 «Довідка щодо роботи зі зверненнями громадян»):
/// rows by form of receipt with a total; columns for collective and repeated appeals, the categories of authors, the kinds,
/// the results and the number of citizens; the same table for the same period a year earlier; the topic annex when the
/// loaded classifier has a topic list; and every sum rule checked.
/// </summary>
public sealed record StatutoryReport(
    string Period, LocalDate From, LocalDate To, string? Council, StatisticalTable Current, StatisticalTable Previous, StatisticalTable? Topics,
    IReadOnlyList<SumCheck> Checks)
{
    /// <summary>Whether the report was computed from a simulation database.</summary>
    public bool Simulated { get; init; }

    /// <summary>Why there is no topic annex, when there is none.</summary>
    public string? TopicsNote { get; init; }
}

/// <summary>
/// Builds the <see cref="StatutoryReport"/> of a period: each appeal received in the period (an annulled registration left
/// out) as it stood at the period's end, read from the report facts its commits wrote (<see cref="ICaseData.ReportFacts"/>),
/// or with <see cref="Replay"/> from its history replayed.
/// </summary>
public sealed class StatutoryReportBuilder
{
    private readonly ICaseStore _store;
    private readonly WorkflowRegistry _workflows;
    private readonly DeadlineCalculator _calculator;
    private readonly AppealClassifier _classifier;

    /// <summary>Creates a builder.</summary>
    public StatutoryReportBuilder(ICaseStore store, WorkflowRegistry workflows, DeadlineCalculator calculator, AppealClassifier? classifier = null)
    {
        _store = Guard.Against.Null(store);
        _workflows = Guard.Against.Null(workflows);
        _calculator = Guard.Against.Null(calculator);
        _classifier = classifier ?? AppealClassifier.Default;
    }

    /// <summary>
    /// Whether every appeal is replayed from its history instead of read from its report facts: the reference the facts are
    /// checked against, slower by far. A case the store holds no facts for is replayed either way. The default value is
    /// <see langword="false"/>.
    /// </summary>
    public bool Replay { get; private init; }

    /// <summary>The same builder, replaying every appeal's history (<paramref name="replay"/>) or reading its facts.</summary>
    [System.Diagnostics.Contracts.Pure]
    public StatutoryReportBuilder WithReplay(bool replay = true) => new StatutoryReportBuilder(_store, _workflows, _calculator, _classifier) { Replay = replay };

    /// <summary>The report of a quarter (1–4) of <paramref name="year"/>.</summary>
    public Task<StatutoryReport> QuarterAsync(int year, int quarter, string? council = null, CancellationToken cancellationToken = default)
    {
        Guard.Against.OutOfRange(quarter, nameof(quarter), 1, 4);
        var from = new LocalDate(year, ((quarter - 1) * 3) + 1, 1);
        return BuildAsync($"{year}-Q{quarter}", from, from.PlusMonths(3).PlusDays(-1), council, cancellationToken);
    }

    /// <summary>The report of a whole year.</summary>
    public Task<StatutoryReport> YearAsync(int year, string? council = null, CancellationToken cancellationToken = default) =>
        BuildAsync(year.ToString(CultureInfo.InvariantCulture), new LocalDate(year, 1, 1), new LocalDate(year, 12, 31), council, cancellationToken);

    private async Task<StatutoryReport> BuildAsync(string period, LocalDate from, LocalDate to, string? council, CancellationToken cancellationToken)
    {
        Guard.Against.OutOfRange(from.Year, nameof(from), 1992, 2999);
        var current = await AppealsAsync(from, to, council, cancellationToken).ConfigureAwait(false);
        var previous = await AppealsAsync(from.PlusYears(-1), to.PlusYears(-1), council, cancellationToken).ConfigureAwait(false);

        // The categories of authors the loaded classifier lists that either period uses, in the classifier's order.
        var used = current.Concat(previous).Select(a => a.AuthorCategory).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var categories = (_classifier.Section("7")?.Items ?? []).Where(i => used.Contains(i.Code)).Select(i => (i.Code, i.NameUk))
            .Concat(used.Where(c => _classifier.Section("7")?.Item(c) is null).Order(StringComparer.Ordinal).Select(c => (Code: c, NameUk: c)))
            .ToList();
        var columns = Columns(categories);
        var currentTable = Table($"Звернення громадян за {Describe(period)}", columns, current, categories);
        var previousTable = Table($"Той самий період минулого року ({Describe(Previous(period))})", columns, previous, categories);
        var (topics, topicsNote) = Topics(current);
        var checks = Check(currentTable, current, "цей період").Concat(Check(previousTable, previous, "минулий рік")).ToList();
        if (topics is not null)
        {
            var sum = topics.Rows.Where(r => r.Code != "total").Sum(r => r.Values[0]);
            checks.Add(new SumCheck("Додаток: сума рядків тематики дорівнює кількості звернень", sum == current.Count, $"{sum} = {current.Count}"));
        }

        return new StatutoryReport(period, from, to, council, currentTable, previousTable, topics, checks) { Simulated = _store.IsSimulation, TopicsNote = topicsNote };
    }

    private static string Previous(string period) => period.Length == 4
        ? (int.Parse(period, CultureInfo.InvariantCulture) - 1).ToString(CultureInfo.InvariantCulture)
        : $"{int.Parse(period[..4], CultureInfo.InvariantCulture) - 1}{period[4..]}";

    private static string Describe(string period) => period.Length == 4 ? $"{period} рік" : $"{period[^1]} квартал {period[..4]} року";

    private static List<(string Code, string Label)> Columns(List<(string Code, string NameUk)> categories) =>
    [
        ("appeals", "Звернень"), ("5.2", "колективних"), ("2.2", "повторних"),
        .. categories.Select(c => (c.Code, c.NameUk)),
        ("3.1", "пропозицій"), ("3.2", "заяв"), ("3.3", "скарг"),
        ("9.1", "вирішено позитивно"), ("9.2", "відмовлено"), ("9.3", "роз'яснено"), ("9.4-9.6", "інше"), ("open", "на розгляді"),
        ("citizens", "громадян"),
    ];

    // The rows by form of receipt (§1), as the channels the register records map onto them; the forms it does not record
    // (through other authorities, the media, other bodies) are rows of zeros, as the form has them.
    private static readonly (string Code, string Fallback, AppealChannel[] Channels)[] Forms =
    [
        ("1.1", "Поштою (електронною поштою)", [AppealChannel.Post, AppealChannel.Electronic]),
        ("1.1.1", "За допомогою засобів телефонного зв'язку", [AppealChannel.Hotline]),
        ("1.2", "На особистому прийомі", [AppealChannel.PersonalReception]),
        ("1.3", "Через уповноважену особу (особисто)", [AppealChannel.InPerson]),
        ("1.4", "Через органи влади", []),
        ("1.5", "Через засоби масової інформації", []),
        ("1.6", "Від інших органів, установ, організацій", []),
    ];

    private StatisticalTable Table(string title, List<(string Code, string Label)> columns, IReadOnlyList<AppealFigures> appeals, List<(string Code, string NameUk)> categories)
    {
        var rows = new List<StatisticalRow>();
        foreach (var (code, fallback, channels) in Forms)
        {
            var label = _classifier.Section("1")?.Item(code)?.NameUk ?? fallback;
            rows.Add(new StatisticalRow(code, label, Count(columns, appeals.Where(a => channels.Contains(a.Channel)))));
        }

        // The total is counted from the appeals themselves, not added up from the rows, so the sum rule checks something.
        rows.Add(new StatisticalRow("total", "Разом", Count(columns, appeals)));
        return new StatisticalTable(title, columns, rows);
    }

    private static long[] Count(List<(string Code, string Label)> columns, IEnumerable<AppealFigures> appeals)
    {
        var values = new long[columns.Count];
        var index = columns.Select((c, i) => (c.Code, i)).ToDictionary(c => c.Code, c => c.i, StringComparer.Ordinal);
        foreach (var appeal in appeals)
        {
            values[index["appeals"]]++;
            values[index["citizens"]] += appeal.Citizens;
            if (appeal.Collective)
            {
                values[index["5.2"]]++;
            }

            if (appeal.Repeated)
            {
                values[index["2.2"]]++;
            }

            if (appeal.AuthorCategory is { } category && index.TryGetValue(category, out var c))
            {
                values[c]++;
            }

            values[index[appeal.Kind switch { AppealKind.Proposal => "3.1", AppealKind.Complaint => "3.3", _ => "3.2" }]]++;
            values[index[ResultOf(appeal)]]++;
        }

        return values;
    }

    // The result as §9 counts it: the code recorded with the answer, else the answer's outcome; an appeal routed away or not
    // considered is "other"; one still awaiting its answer at the period's end is "on consideration".
    private static string ResultOf(AppealFigures appeal)
    {
        if (appeal.Answer is { } answer)
        {
            return answer.ResultCode switch
            {
                "9.1" or "9.2" or "9.3" => answer.ResultCode,
                { } => "9.4-9.6",
                _ => answer.Outcome switch
                {
                    AnswerOutcome.Satisfied or AnswerOutcome.PartlySatisfied => "9.1",
                    AnswerOutcome.Refused => "9.2",
                    _ => "9.3",
                },
            };
        }

        return appeal.IsOpen ? "open" : "9.4-9.6";
    }

    // The sum rules: the total row equals the sum of the rows in every column; in every row the kinds, and the results, sum
    // to the appeals; the citizens are not fewer than the appeals.
    internal static IEnumerable<SumCheck> Check(StatisticalTable table, List<AppealFigures> appeals, string which)
    {
        var columns = table.Columns.Select(c => c.Code).ToList();
        var total = table.Rows.Single(r => r.Code == "total");
        var parts = table.Rows.Where(r => r.Code != "total").ToList();
        var wrong = columns.Select((code, i) => (code, i, sum: parts.Sum(r => r.Values[i]))).Where(x => x.sum != total.Values[x.i]).ToList();
        yield return new SumCheck($"«Разом» дорівнює сумі рядків у кожній графі ({which})", wrong.Count == 0,
            wrong.Count == 0 ? Appeals(total.Values[0]) : string.Join("; ", wrong.Select(w => $"графа {w.code}: рядки {w.sum}, разом {total.Values[w.i]}")));

        foreach (var (rule, codes) in new[] { ("пропозиції + заяви + скарги (3.1–3.3) = звернення", new[] { "3.1", "3.2", "3.3" }), ("результати (9.1–9.6 та на розгляді) = звернення", new[] { "9.1", "9.2", "9.3", "9.4-9.6", "open" }) })
        {
            var broken = table.Rows.Select(r => (r, sum: codes.Sum(c => r.Values[columns.IndexOf(c)]))).Where(x => x.sum != x.r.Values[0]).ToList();
            yield return new SumCheck($"{char.ToUpper(rule[0], CultureInfo.InvariantCulture)}{rule[1..]} ({which})", broken.Count == 0,
                broken.Count == 0 ? "у кожному рядку" : string.Join("; ", broken.Select(b => $"рядок {b.r.Code}: {b.sum} ≠ {b.r.Values[0]}")));
        }

        var citizens = total.Values[columns.IndexOf("citizens")];
        yield return new SumCheck($"Громадян не менше, ніж звернень ({which})", citizens >= appeals.Count, $"{citizens} ≥ {appeals.Count}");
    }

    // "1 звернення", "3 звернення", "5 звернень", "21 звернення": the Ukrainian plural by the number's last digits.
    private static string Appeals(long n) => (n % 10, n % 100) switch
    {
        (1, not 11) => $"{n} звернення",
        (2 or 3 or 4, < 12 or > 14) => $"{n} звернення",
        _ => $"{n} звернень",
    };

    // The topic annex: the appeals by the first issue code on their card (an appeal without one under «тематику не зазначено»).
    private (StatisticalTable? Table, string? Note) Topics(List<AppealFigures> appeals)
    {
        if (_classifier.Issues.Count == 0)
        {
            return (null, "Додаток (тематика) не складено: завантажений класифікатор не має переліку тематики (частина II); назвіть повний класифікатор у налаштуваннях (Appeals:ClassifierFile).");
        }

        var rows = _classifier.Issues.Select(i => new StatisticalRow(i.Code, i.NameUk, [appeals.LongCount(a => a.Issue == i.Code)])).ToList();
        var known = _classifier.Issues.Select(i => i.Code).ToHashSet(StringComparer.Ordinal);
        rows.Add(new StatisticalRow("none", "Тематику не зазначено (або код поза переліком)", [appeals.LongCount(a => a.Issue is null || !known.Contains(a.Issue))]));
        rows.Add(new StatisticalRow("total", "Разом", [appeals.Count]));
        return (new StatisticalTable("Додаток: звернення за тематикою", [("appeals", "Звернень")], rows), null);
    }

    // Every appeal of the council received in the period, as it stood at the period's end; annulled registrations left out.
    private async Task<List<AppealFigures>> AppealsAsync(LocalDate from, LocalDate to, string? council, CancellationToken cancellationToken)
    {
        var end = to.PlusDays(1).AtStartOfDayInZone(_calculator.Zone).ToInstant();
        var found = new List<AppealFigures>();
        // Registrations before the period began are not read: no appeal is registered before the day it was received (a
        // rule since the first version). There is no upper bound: files older than the limit on late registration may hold
        // appeals registered long after their receipt, and a statutory table must not miss one.
        var query = new CaseQuery { Kind = Appeal.CaseKind, Council = council, CreatedFrom = from.AtStartOfDayInZone(_calculator.Zone).ToInstant() };
        await foreach (var appeal in new AppealReads(_store, _workflows, Replay).AppealsAsync(query, cancellationToken).ConfigureAwait(false))
        {
            if (appeal.RegisteredReceivedOn is not { } receivedOn || receivedOn < from || receivedOn > to)
            {
                continue;
            }

            if (appeal.At(end) is { State: not AppealState.Annulled } figures)
            {
                found.Add(figures);
            }
        }

        return found;
    }
}

/// <summary>
/// The executors' discipline for a period: per department and executor, the appeals on their control, answered on time,
/// answered late, overdue at the period's end and extended, with each department's total and the whole.
/// </summary>
public sealed record DisciplineReport(LocalDate From, LocalDate To, string? Council, StatisticalTable Table, IReadOnlyList<SumCheck> Checks)
{
    /// <summary>Whether the report was computed from a simulation database.</summary>
    public bool Simulated { get; init; }

    /// <summary>What the report counts, in a sentence for its reader.</summary>
    public string? Note { get; init; }
}

/// <summary>A department and the executors who belong to it, as the council names them (for the discipline report).</summary>
public sealed class Department
{
    /// <summary>The department's name, such as «Управління житлово-комунального господарства».</summary>
    public string Name { get; set; } = "";

    /// <summary>The executors' names as they are assigned.</summary>
    public IList<string> Executors { get; set; } = [];
}
