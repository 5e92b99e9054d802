using System.Diagnostics;
using Council.Workflows.Appeals;
using Council.Workflows.Engine;
using Council.Workflows.Sqlite;

namespace Council.Workflows.Benchmarks;

// Issue 15: the register's search through the word index (FTS5) against the scan it replaced (every appeal loaded and
// replayed), on one SQLite file of N appeals; both must give the same hits.
internal static class SearchVsScan
{
    private static readonly string[] Roots =
    [
        "Ковал", "Шевч", "Бондар", "Ткач", "Кравч", "Олійн", "Мельн", "Лис", "Гнат", "Мороз", "Руд", "Савч", "Петр", "Павл", "Марч", "Сидор",
        "Кушн", "Гончар", "Дяч", "Поліщ", "Гриц", "Климч", "Левч", "Остап", "Панч", "Романч", "Семен", "Тимош", "Федор", "Харч", "Юрч", "Яковл",
        "Зінч", "Іванч", "Литв", "Мирон", "Нест", "Кузьм", "Демʼян", "Йосип",
    ];

    private static readonly string[] Suffixes = ["енко", "ук", "юк", "ич", "ович", "ський", "чук", "ак", "ець", "ун", "ишин", "ів", "ин", "ик", "ар", "ан", "ецький", "ко", "ула", "аш", "ей", "ало", "ера", "очка", "енков"];

    private static readonly string[] Names =
    [
        "Олександр", "Іван", "Петро", "Андрій", "Сергій", "Василь", "Микола", "Олена", "Наталія", "Ірина", "Тетяна", "Оксана", "Марія", "Юлія",
        "Людмила", "Галина", "Богдан", "Ївга", "Юрій", "Віктор", "Анна", "Світлана", "Дмитро", "Роман", "Ольга", "Тарас", "Леся", "Надія",
    ];

    private static readonly string[] Patronymics = ["Іванович", "Петрівна", "Олександрович", "Миколаївна", "Сергійович", "Василівна", "Андрійович", "Богданівна", "Юрійович", "Вікторівна"];

    private static readonly string[] Topics =
    [
        "Ремонт даху будинку", "Освітлення вулиці", "Вивіз сміття", "Ремонт дороги", "Тарифи на опалення", "Аварійне дерево", "Благоустрій двору",
        "Ремонт під'їзду", "Відсутність водопостачання", "Паркування на тротуарі", "Шум від кафе", "Безпритульні тварини", "Ремонт ліфта",
        "Дитячий майданчик", "Зупинка громадського транспорту", "Підтоплення підвалу", "Незаконна забудова", "Ямковий ремонт", "Графік руху маршрутки",
        "Пільги на проїзд",
    ];

    private static readonly string[] Streets =
    [
        "Київська", "Велика Бердичівська", "Лесі Українки", "Шевченка", "Пушкінська", "Чуднівська", "Небесної Сотні", "Михайлівська", "Хлібна",
        "Вітрука", "Покровська", "Київське шосе", "Любарська", "Кафедральна", "Перемоги", "Бориса Тена", "Героїв Пожежних", "Довжика",
        "Івана Мазепи", "Старий бульвар",
    ];

    /// <summary>The searches timed: a misspelt surname typed partly in Latin letters with a name, subject words, an index.</summary>
    public static readonly (string Name, AppealSearch Search)[] Searches =
    [
        ("applicant misspelt, Latin look-alikes", new AppealSearch { Applicant = "Kовaленнo Ірина" }),
        ("subject words", new AppealSearch { Text = "підтоплення підвал" }),
        ("index", new AppealSearch { Index = "K-12345" }),
    ];

    public static string Applicant(int i) =>
        $"{Roots[i % Roots.Length]}{Suffixes[i / Roots.Length % Suffixes.Length]} {Names[i / 1000 % Names.Length]} {Patronymics[i / 28_000 % Patronymics.Length]}";

    /// <summary>
    /// A SQLite file of <paramref name="count"/> registered appeals, written through the store's own commits (the rows, the
    /// histories and the word index as the engine writes them), several in one transaction; the first registered by the engine.
    /// </summary>
    public static async Task<string> BuildAsync(int count)
    {
        var path = Durable.TempPath($"search-{count}");
        var registry = new WorkflowRegistry([Lifecycle.NewWorkflow()]);
        await using var store = new SqliteCaseStore(new SqliteStoreOptions { Path = path, Durability = Durability.Normal, MaxBatch = 4096 }, registry.EventTypes);
        var engine = new WorkflowEngine(store, registry);
        var clerk = new Official("Петренко Олена", OfficialRole.Clerk);
        var first = await engine.ExecuteAsync(new RegisterAppeal
        {
            CommandId = Command.NewId(), CaseId = CaseId.New(), Actor = clerk, At = Instant.FromUtc(2023, 1, 31, 8, 0), Kind = AppealKind.Application,
            Applicants = [new Applicant(Applicant(0), Address(0))], Subject = Subject(0),
        });
        var template = (await store.LoadHistoryAsync(first.CaseId))[0];
        var registered = (AppealRegistered)template.Data;
        // Thousands of commits in flight, so the store's single writer puts thousands in each transaction.
        const int InFlight = 4096;
        for (var start = 1; start < count; start += InFlight)
        {
            var commits = new List<Task<CommitOutcome>>(InFlight);
            for (var i = start; i < Math.Min(count, start + InFlight); i++)
            {
                var id = CaseId.New();
                var e = template with
                {
                    CaseId = id,
                    CommandId = Command.NewId(),
                    Data = registered with
                    {
                        Index = $"К-{i + 1}", Number = i + 1, Applicants = [new Applicant(Applicant(i), Address(i))], Subject = Subject(i),
                        ReceivedOn = registered.ReceivedOn.PlusDays(-(i % 10)),
                    },
                };
                var appeal = Appeal.Replay([e]);
                var result = new CommandResult { Status = CommandStatus.Accepted, CommandId = e.CommandId, CaseId = id, State = appeal.StateName, Version = 1 };
                commits.Add(store.CommitAsync(new CaseCommit(id, 0, appeal, [e], [], [], result)).AsTask());
            }

            foreach (var outcome in await Task.WhenAll(commits))
            {
                if (outcome.Status != CommitStatus.Committed)
                {
                    throw new InvalidOperationException($"An appeal was not written: {outcome.Status}.");
                }
            }
        }

        return path;
    }

    private static string Address(int i) => $"м. Житомир, вул. {Streets[i / 7 % Streets.Length]}, {(i % 97) + 1}, кв. {(i % 53) + 1}";

    private static string Subject(int i) => $"{Topics[i / 3 % Topics.Length]} на вул. {Streets[i / 11 % Streets.Length]}, {(i % 89) + 1}";

    /// <summary>Each search through the index and by the scan, alternating, <paramref name="rounds"/> times; the medians.</summary>
    public static async Task<List<(string Name, int Total, TimeSpan Indexed, TimeSpan Scan)>> MeasureAsync(string path, int rounds, int scanRounds, Action<string>? log = null)
    {
        var registry = new WorkflowRegistry([Lifecycle.NewWorkflow()]);
        await using var store = new SqliteCaseStore(new SqliteStoreOptions { Path = path }, registry.EventTypes);
        var engine = new WorkflowEngine(store, registry);
        var queries = new AppealQueries(engine, Council.Workflows.Deadlines.DeadlineCalculator.Default);
        await engine.RefreshRowsAsync();
        var measured = new List<(string, int, TimeSpan, TimeSpan)>();
        foreach (var (name, search) in Searches)
        {
            var (indexed, scan) = (new List<TimeSpan>(), new List<TimeSpan>());
            var total = 0;
            for (var round = 0; round < rounds; round++)
            {
                var watch = Stopwatch.StartNew();
                var fast = await queries.SearchAsync(search);
                indexed.Add(watch.Elapsed);
                if (round >= scanRounds)
                {
                    continue;
                }

                watch.Restart();
                var slow = await queries.ScanAsync(search);
                scan.Add(watch.Elapsed);
                if (fast.Total != slow.Total || !fast.Hits.Select(h => (h.Appeal.Id, h.Score)).SequenceEqual(slow.Hits.Select(h => (h.Appeal.Id, h.Score))))
                {
                    throw new InvalidOperationException($"{name}: the index found {fast.Total}, the scan {slow.Total}, or their pages differ.");
                }

                total = fast.Total;
                log?.Invoke($"   {name}: round {round + 1}: index {indexed[^1].TotalMilliseconds:N1} ms, scan {scan[^1].TotalMilliseconds:N0} ms, {total:N0} hits");
            }

            measured.Add((name, total, Median(indexed), Median(scan)));
        }

        return measured;
    }

    private static TimeSpan Median(List<TimeSpan> times)
    {
        var sorted = times.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
