using Council.Workflows.Appeals;
using Council.Workflows.Engine;
using Council.Workflows.PostgreSql;
using Council.Workflows.Sqlite;
using Council.Workflows.Tests.Appeals;
using Microsoft.Data.Sqlite;

namespace Council.Workflows.Tests.Stores;

// PostgreSQL's text search against the scan (the reference) and the SQLite FTS5 index, on the same varied data: every
// search gives the same hits in the same order with the same scores and totals on all three.
[Collection(PostgreSqlTests.Name)]
public sealed class PostgreSqlSearchTest(PostgreSqlServer server) : IDisposable
{
    private static readonly string[] Surnames =
    [
        "Коваленко", "Ковальчук", "Коваль", "Шевченко", "Бондаренко", "Дем'яненко", "Мазур", "Ткачук", "Йосипенко", "Мельник", "Кравець",
        "Олійник", "Ковалено", "Лисенко",
    ];

    private static readonly string[] Names = ["Ірина", "Петро", "Олена", "Іван", "Ївга", "Сергій", "Марія"];

    private static readonly string[] Subjects =
    [
        "Ремонт дороги на вулиці Київській", "Освітлення двору", "Ремонт під'їзду будинку", "Дах протікає", "Вивіз сміття з двору",
        "Ремонт даху школи № 5", "Тарифи на опалення", "Зупинка «NEAR» автобуса (маршрут 5-А)",
    ];

    private static readonly string[] Streets = ["вул. Київська", "вул. Садова", "просп. Миру", "вул. Лесі Українки"];

    private static readonly string[] Hostile =
        ["\"", "\"\"", "'", "''", "\\", "\\'", "*", ":*", "a:*", "a & b", "a | b", "!a", "(", ")", "<->", "a <-> b", "&", "|", "'a' & 'b'", "applicant_коваленко' | 'x", "NEAR(a b)", "- x", "^a", "a:b"];

    private readonly string _directory = Directory.CreateTempSubdirectory("council-pgsearch-").FullName;
    private readonly List<PostgreSqlCaseStore> _stores = [];

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private AppealFixture PostgreSql() => new(store: r =>
    {
        var store = new PostgreSqlCaseStore(new PostgreSqlStoreOptions { ConnectionString = server.ConnectionString("search"), Schema = $"q_{Guid.NewGuid():N}" }, r.EventTypes);
        _stores.Add(store);
        return store;
    });

    private AppealFixture Sqlite() => new(store: r => new SqliteCaseStore(new SqliteStoreOptions { Path = Path.Combine(_directory, $"{Guid.NewGuid():N}.db") }, r.EventTypes));

    [Fact]
    public async Task IndexedSearch_GivesTheScansAndSqlitesHits_OnVariedData()
    {
        var pg = PostgreSql();
        var sqlite = Sqlite();
        await GenerateAsync(pg, 120);
        await GenerateAsync(sqlite, 120);

        foreach (var search in SearchList())
        {
            var scan = await pg.Queries.ScanAsync(search);
            var indexed = await pg.Queries.SearchAsync(search);
            var fts5 = await sqlite.Queries.SearchAsync(search);

            indexed.Total.Should().Be(scan.Total, $"{search} finds as many as the scan");
            indexed.Hits.Select(h => (h.Appeal.Index, h.Score)).Should().Equal(scan.Hits.Select(h => (h.Appeal.Index, h.Score)), $"{search} ranks as the scan");
            indexed.Hits.Select(h => (h.Appeal.Index, h.Score)).Should().Equal(fts5.Hits.Select(h => (h.Appeal.Index, h.Score)), $"{search} finds what SQLite finds");
            indexed.Total.Should().Be(fts5.Total);
        }

        var misspelt = await pg.Queries.SearchAsync(new AppealSearch { Applicant = "Коваленно", PageSize = 1000 });
        misspelt.Hits.Should().Contain(h => h.Appeal.Applicants[0].FullName.StartsWith("Коваленко", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IndexedSearch_ReadsOnlyTheIndexsCandidates()
    {
        // The store's own answer, before the caller's check: a word criterion names its cases, not every case of the kind.
        var f = PostgreSql();
        await GenerateAsync(f, 30);
        var all = await f.Store.QueryAsync(new CaseQuery { Kind = Appeal.CaseKind }).CountAsync();
        var word = (await f.Store.SearchAsync(new CaseTextQuery(Appeal.CaseKind, [])).FirstAsync()).Fields!.First(x => x.Indexed && x.Name == AppealSearchIndex.Subject).Words()[0];

        var found = await f.Store.SearchAsync(new CaseTextQuery(Appeal.CaseKind, [new WordCriterion(AppealSearchIndex.Subject, word)])).ToListAsync();

        found.Should().NotBeEmpty().And.OnlyContain(d => new WordCriterion(AppealSearchIndex.Subject, word).Matches(d.Fields!));
        found.Count.Should().BeLessThan(all);
        (await f.Store.SearchAsync(new CaseTextQuery(Appeal.CaseKind, [new WordCriterion(AppealSearchIndex.Subject, "немає-такого-слова")])).ToListAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task HostileInput_NeverMakesATsquerySyntaxError_AndFindsWhatTheScanFinds()
    {
        var f = PostgreSql();
        await GenerateAsync(f, 10);
        foreach (var text in Hostile)
        {
            var search = new AppealSearch { Applicant = text, Text = text, Address = text, Executor = text, Index = text, Code = text };
            (await f.Queries.SearchAsync(search)).Total.Should().Be((await f.Queries.ScanAsync(search)).Total, text);
            (await f.Queries.SearchAsync(new AppealSearch { Text = text })).Total.Should().Be((await f.Queries.ScanAsync(new AppealSearch { Text = text })).Total, text);
        }

        var query = new CaseTextQuery(Appeal.CaseKind, [.. Hostile.Select(h => new WordCriterion(AppealSearchIndex.Subject, h))]);
        var raw = async () => await f.Store.SearchAsync(query).ToListAsync();
        await raw.Should().NotThrowAsync();
        var long1 = new string('д', 3000);
        var longWord = async () => await f.Store.SearchAsync(new CaseTextQuery(Appeal.CaseKind, [new WordCriterion(AppealSearchIndex.Subject, long1)])).ToListAsync();
        (await longWord.Should().NotThrowAsync()).Subject.Should().BeEmpty();
    }

    [Fact]
    public async Task CorrectedRegistration_IsFoundUnderItsNewNameAndSubject_NotTheOld()
    {
        var f = PostgreSql();
        var appeal = await f.RegisterAsync(f.Registration("Коваленко Петро Іванович", "Ремонт дороги"));
        await f.RegisterAsync(f.Registration("Мазур Ганна", "Освітлення двору"));

        var corrected = await f.ExecuteAsync(new CorrectRegistration
        {
            CommandId = Guid.NewGuid(), CaseId = appeal.Id, Actor = AppealFixture.Clerk, At = f.Now, Applicant = "Шевчук Петро Іванович", Subject = "Тарифи на опалення",
            Reason = "Описка при реєстрації",
        });

        corrected.Status.Should().Be(CommandStatus.Accepted, corrected.Refusal?.Message ?? corrected.Message);
        (await f.Queries.SearchAsync(new AppealSearch { Applicant = "Шевчук" })).Hits.Should().ContainSingle().Which.Appeal.Id.Should().Be(appeal.Id);
        (await f.Queries.SearchAsync(new AppealSearch { Applicant = "Коваленко" })).Total.Should().Be(0);
        (await f.Queries.SearchAsync(new AppealSearch { Text = "тариф" })).Total.Should().Be(1);
        (await f.Queries.SearchAsync(new AppealSearch { Text = "дороги" })).Total.Should().Be(0);
    }

    // Appeals of a few registers: names as typed (stress marks, apostrophes, Latin look-alikes), collective ones, addresses,
    // codes, executors, answers with result codes, received over ten days; some corrected. (As the SQLite search test's.)
    private static async Task GenerateAsync(AppealFixture f, int count)
    {
        var random = new Random(15);
        for (var i = 0; i < count; i++)
        {
            var name = $"{Surnames[random.Next(Surnames.Length)]} {Names[random.Next(Names.Length)]}";
            name = (i % 7) switch
            {
                3 => name.Replace('о', 'o').Replace('а', 'a'),
                4 => name.Replace("Ковале", "Ковале́", StringComparison.Ordinal),
                5 => name.Replace('\'', 'ʼ'),
                _ => name,
            };
            var address = $"м. Житомир, {Streets[random.Next(Streets.Length)]}, {random.Next(1, 40)}";
            var registration = f.Registration(name, Subjects[random.Next(Subjects.Length)]) with
            {
                Kind = i % 5 == 0 ? AppealKind.Complaint : AppealKind.Application,
                ReceivedOn = AppealFixture.D(2023, 1, 31).PlusDays(-random.Next(0, 10)),
                Applicants = i % 9 == 0
                    ? [new Applicant(name, address), new Applicant($"{Surnames[random.Next(Surnames.Length)]} {Names[random.Next(Names.Length)]}", $"м. Житомир, {Streets[0]}, 7")]
                    : [new Applicant(name, i % 11 == 0 ? null : address)],
                Card = i % 4 == 0 ? new AppealCard { AuthorCategory = "7.5" } : AppealCard.Empty,
            };
            if (registration.Kind == AppealKind.Complaint)
            {
                registration = registration with { ComplainedAbout = "Виконавчий комітет", DecidedOn = AppealFixture.D(2023, 1, 10) };
            }

            var appeal = await f.RegisterAsync(registration);
            if (i % 3 == 0)
            {
                (await f.ExecuteAsync(f.Assign(appeal.Id, executor: i % 2 == 0 ? "Бондар Сергій" : "Савчук Марія"))).Status.Should().Be(CommandStatus.Accepted);
            }

            if (i % 6 == 0)
            {
                (await f.ExecuteAsync(f.Answer(appeal.Id) with { ResultCode = "9.1" })).Status.Should().Be(CommandStatus.Accepted);
            }

            if (i % 13 == 0)
            {
                (await f.ExecuteAsync(new CorrectRegistration
                {
                    CommandId = Guid.NewGuid(), CaseId = appeal.Id, Actor = AppealFixture.Clerk, At = f.Now, Applicant = "Гнатюк Ірина", Reason = "Описка",
                })).Status.Should().Be(CommandStatus.Accepted);
            }
        }
    }

    private static List<AppealSearch> SearchList() =>
    [
        new(),
        new() { Applicant = "Коваленко" },
        new() { Applicant = "Kовaленкo" },
        new() { Applicant = "Коваленно" },
        new() { Applicant = "Коваленно Ірина", PageSize = 3 },
        new() { Applicant = "Коваленко Ірина", PageSize = 3, Page = 2 },
        new() { Applicant = "ковал" },
        new() { Applicant = "ко" },
        new() { Applicant = "Демяненко" },
        new() { Applicant = "Йосипенко Ївга" },
        new() { Applicant = "Иосипенко" },
        new() { Applicant = "Гнатюк" },
        new() { Applicant = "Шевченко", Text = "ремонт" },
        new() { Text = "ремонт" },
        new() { Text = "ремонт даху" },
        new() { Text = "монт" },
        new() { Text = "підїзд" },
        new() { Text = "near" },
        new() { Text = "5 а" },
        new() { Address = "садова" },
        new() { Address = "київська 7" },
        new() { Index = "K-1" },
        new() { Index = "Ж 3" },
        new() { Index = "КO-5" },
        new() { Code = "7.5" },
        new() { Code = "9.1", Applicant = "Мазур" },
        new() { Code = "7" },
        new() { Executor = "бондар" },
        new() { Executor = "Савчук", State = AppealState.UnderConsideration },
        new() { State = AppealState.Answered },
        new() { ReceivedFrom = AppealFixture.D(2023, 1, 20), ReceivedTo = AppealFixture.D(2023, 1, 25) },
        new() { DueFrom = AppealFixture.D(2023, 2, 20), Text = "двору" },
        new() { Applicant = "Мельник", PageSize = 2, Page = 3 },
    ];
}
