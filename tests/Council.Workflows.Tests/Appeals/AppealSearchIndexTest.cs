using Council.Workflows.Appeals;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;
using Council.Workflows.Sqlite;
using Microsoft.Data.Sqlite;

namespace Council.Workflows.Tests.Appeals;

// The indexed search (the store's word index, SQLite FTS5) against the scan it replaced, which stays the reference: on
// varied data, in both stores, every search gives the same hits in the same order with the same scores and totals.
public sealed class AppealSearchIndexTest : IDisposable
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

    private readonly string _directory = Directory.CreateTempSubdirectory("council-search-").FullName;

    public static TheoryData<string> Stores => ["memory", "sqlite"];

    public static TheoryData<int> Searches => [.. Enumerable.Range(0, SearchList().Count)];

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task IndexedSearch_GivesTheScansHits_OnVariedData(string store)
    {
        var f = Fixture(store);
        await GenerateAsync(f, 120);

        foreach (var search in SearchList())
        {
            var scan = await f.Queries.ScanAsync(search);
            var indexed = await f.Queries.SearchAsync(search);

            indexed.Total.Should().Be(scan.Total, $"{search} finds as many");
            indexed.Hits.Select(h => (h.Appeal.Index, h.Score)).Should().Equal(scan.Hits.Select(h => (h.Appeal.Index, h.Score)), $"{search} ranks the same");
        }

        (await f.Queries.SearchAsync(new AppealSearch { Applicant = "Kовaленкo" })).Total.Should().BeGreaterThan(0);
        var misspelt = await f.Queries.SearchAsync(new AppealSearch { Applicant = "Коваленно", PageSize = 1000 });
        misspelt.Hits.Should().Contain(h => h.Appeal.Applicants[0].FullName.StartsWith("Коваленко", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HostileInput_NeverMakesAnFts5SyntaxError()
    {
        var f = Fixture("sqlite");
        await GenerateAsync(f, 10);
        string[] hostile = ["\"", "\"\"", "*", "NEAR(a b)", "NEAR", "a OR b", "NOT x", "(", ")", "-", "- x", "^a", "a:b", "applicant_коваленко\" OR \"x", "'", "a*b", "AND"];
        foreach (var text in hostile)
        {
            var search = new AppealSearch { Applicant = text, Text = text, Address = text, Executor = text, Index = text, Code = text };
            var act = async () => await f.Queries.SearchAsync(search);
            await act.Should().NotThrowAsync(text);
            (await f.Queries.SearchAsync(search)).Total.Should().Be((await f.Queries.ScanAsync(search)).Total, text);
            foreach (var field in new[] { "Applicant", "Text", "Code", "Index" })
            {
                var one = field switch
                {
                    "Applicant" => new AppealSearch { Applicant = text },
                    "Text" => new AppealSearch { Text = text },
                    "Code" => new AppealSearch { Code = text },
                    _ => new AppealSearch { Index = text },
                };
                (await f.Queries.SearchAsync(one)).Total.Should().Be((await f.Queries.ScanAsync(one)).Total, $"{field} {text}");
            }
        }

        // The store's own criteria: a word is a quoted string whatever it holds.
        var query = new CaseTextQuery(Appeal.CaseKind, [.. hostile.Select(h => new WordCriterion(AppealSearchIndex.Subject, h))]);
        var raw = async () => await f.Store.SearchAsync(query).ToListAsync();
        await raw.Should().NotThrowAsync();
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task CorrectedRegistration_IsFoundUnderItsNewNameAndSubject_NotTheOld(string store)
    {
        var f = Fixture(store);
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

    [Fact]
    public async Task AnOlderDatabase_IsIndexedOnItsFirstSearch_AndFindsWhatTheScanFinds()
    {
        var path = Path.Combine(_directory, "old.db");
        var sql = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "schema6-history.sql"));
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }

        var f = new AppealFixture(store: r => new SqliteCaseStore(new SqliteStoreOptions { Path = path, Simulation = true }, r.EventTypes));
        var appeals = await f.Store.QueryAsync(new CaseQuery { Kind = Appeal.CaseKind }).CountAsync();

        var found = await f.Queries.SearchAsync(new AppealSearch { Applicant = "Мороз Олена" });

        found.Hits.Should().Contain(h => h.Appeal.Index == "М-2");
        found.Total.Should().Be((await f.Queries.ScanAsync(new AppealSearch { Applicant = "Мороз Олена" })).Total);
        (await f.Queries.SearchAsync(new AppealSearch { PageSize = 100 })).Total.Should().Be(appeals);
        await using (var check = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await check.OpenAsync();
            await using var count = check.CreateCommand();
            count.CommandText = "SELECT count(*) FROM search_docs WHERE kind = 'appeal'";
            ((long)(await count.ExecuteScalarAsync())!).Should().Be(appeals, "the row refresh indexed every appeal of the old file");
        }

        foreach (var search in SearchList())
        {
            (await f.Queries.SearchAsync(search)).Hits.Select(h => h.Appeal.Id).Should().Equal((await f.Queries.ScanAsync(search)).Hits.Select(h => h.Appeal.Id), search.ToString());
        }
    }

    private AppealFixture Fixture(string store) => store == "memory"
        ? new AppealFixture()
        : new AppealFixture(store: r => new SqliteCaseStore(new SqliteStoreOptions { Path = Path.Combine(_directory, $"{Guid.NewGuid():N}.db") }, r.EventTypes));

    // Appeals of a few registers: names as typed (stress marks, apostrophes, Latin look-alikes), collective ones, addresses,
    // codes, executors, answers with result codes, received over three months; some corrected.
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
