using Council.Workflows.Appeals;
using Council.Workflows.Engine;
using Council.Workflows.PostgreSql;
using Council.Workflows.Tests.Appeals;
using Npgsql;

namespace Council.Workflows.Tests.Stores;

// What the PostgreSQL store adds to the contract: councils sharing a database, migrations, several processes at once.
[Collection(PostgreSqlTests.Name)]
public sealed class PostgreSqlStoreTest(PostgreSqlServer server) : IDisposable
{
    private readonly List<PostgreSqlCaseStore> _stores = [];
    private readonly string _connectionString = server.ConnectionString("store");

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }
    }

    private static string NewSchema() => $"s_{Guid.NewGuid():N}";

    private PostgreSqlCaseStore Store(string schema, string council = "default", IEnumerable<Type>? eventTypes = null, bool simulation = false, bool create = true)
    {
        var store = new PostgreSqlCaseStore(
            new PostgreSqlStoreOptions { ConnectionString = _connectionString, Schema = schema, Council = council, Simulation = simulation, CreateIfMissing = create },
            eventTypes ?? new WorkflowRegistry([]).EventTypes);
        _stores.Add(store);
        return store;
    }

    private AppealFixture Appeals(string schema, string council = "default") => new(store: r => Store(schema, council, r.EventTypes));

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task TwoCouncils_InOneSchema_RegisterTheSameIdsAndNumbers_AndSeeNothingOfEachOther()
    {
        var schema = NewSchema();
        var kyiv = Appeals(schema);
        var bucha = Appeals(schema, "bucha");
        var command = kyiv.Registration("Коваленко Петро", "Ремонт дороги");
        var first = await kyiv.RegisterAsync(command);

        var second = await bucha.ExecuteAsync(command with { Council = "bucha", Applicants = [new Applicant("Мельник Ірина", "м. Буча, вул. Вокзальна, 1")] });

        second.Status.Should().Be(CommandStatus.Accepted, "the same command id in another council is another command");
        second.IsRepeat.Should().BeFalse();
        var theirs = await bucha.AppealAsync(command.CaseId);
        (first.Index, theirs.Index).Should().Be(("К-1", "М-1"), "each council numbers from one");
        first.Applicants[0].FullName.Should().Be("Коваленко Петро");
        theirs.Applicants[0].FullName.Should().Be("Мельник Ірина");
        (await kyiv.Store.QueryAsync(new CaseQuery()).Select(r => (r.Id, r.Council)).ToListAsync()).Should().Equal((command.CaseId, "default"));
        (await bucha.Store.QueryAsync(new CaseQuery { Council = "default" }).ToListAsync()).Should().BeEmpty();
        (await kyiv.Store.LoadHistoryAsync(command.CaseId)).Should().ContainSingle().Which.Data.Should().BeOfType<AppealRegistered>().Which.Council.Should().Be("default");
        (await bucha.Store.LastNumberAsync("appeal-index/default/2023")).Should().Be(0);
    }

    [Fact]
    public async Task TwoCouncils_InOneSchema_KeepTheirOwnSequenceOfOneScope()
    {
        var schema = NewSchema();
        var kyiv = Store(schema, "kyiv");
        var bucha = Store(schema, "bucha");

        var k1 = await kyiv.NextSequenceAsync("outgoing/2023");
        var k2 = await kyiv.NextSequenceAsync("outgoing/2023");
        var b1 = await bucha.NextSequenceAsync("outgoing/2023");

        (k1, k2, b1).Should().Be((1L, 2L, 1L));
        (await bucha.LastNumberAsync("outgoing/2023")).Should().Be(1);
    }

    [Fact]
    public async Task TwoCouncils_InOneSchema_ClaimAndDeliverOnlyTheirOwnTimersAndMessages()
    {
        var schema = NewSchema();
        var kyiv = Appeals(schema);
        var bucha = Appeals(schema, "bucha");
        var own = await kyiv.AssignedAsync();
        await bucha.AssignedAsync(bucha.Registration() with { Council = "bucha" });
        var now = Instant.FromUtc(2026, 12, 2, 10, 0);
        await new TimerSweeper(kyiv.Engine).SweepAsync(AppealFixture.Kyiv(2023, 2, 28, 12));

        var claimed = await bucha.Store.ClaimDueTimersAsync(AppealFixture.Kyiv(2023, 3, 10), 10, new TimerClaim("worker", now, now + Duration.FromMinutes(5)));

        claimed.Should().HaveCount(3, "bucha's appeal has its two reminders and its deadline; kyiv's reminders fired in kyiv alone");
        claimed.Should().OnlyContain(t => t.CaseId != own.Id);
        (await kyiv.Store.PendingOutboxAsync(10)).Should().HaveCount(2);
        (await bucha.Store.PendingOutboxAsync(10)).Should().BeEmpty();
        (await bucha.Store.ReleaseClaimsAsync("worker")).Should().Be(3);
    }

    [Fact]
    public async Task Commit_OfACaseOfAnotherCouncil_IsRefused()
    {
        var f = Appeals(NewSchema(), "kyiv");

        var act = async () => await f.ExecuteAsync(f.Registration());

        (await act.Should().ThrowAsync<ArgumentException>()).WithMessage("*council 'default'*this store holds council 'kyiv'*");
        (await f.Store.QueryAsync(new CaseQuery()).CountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Open_NewSchema_RecordsEveryVersionOnce_InItsOwnSchema_AndReopeningAppliesNothing()
    {
        var schema = NewSchema();
        Store(schema);
        var applied = await ScalarAsync<DateTime>($"SELECT max(applied_at) FROM \"{schema}\".schema_version");

        Store(schema);

        (await ScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".schema_version")).Should().Be(PostgreSqlCaseStore.SchemaVersion);
        (await ScalarAsync<int>($"SELECT max(version) FROM \"{schema}\".schema_version")).Should().Be(PostgreSqlCaseStore.SchemaVersion);
        (await ScalarAsync<DateTime>($"SELECT max(applied_at) FROM \"{schema}\".schema_version")).Should().Be(applied);
        (await ScalarAsync<long>($"SELECT count(*) FROM pg_tables WHERE schemaname = '{schema}' AND tablename = 'cases'")).Should().Be(1);
        (await ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).Should().Be(0);
    }

    [Fact]
    public async Task Open_ByManyProcessesAtOnce_MigratesOnce()
    {
        var schema = NewSchema();

        var stores = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Store(schema))));

        stores.Should().HaveCount(8);
        (await ScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".schema_version")).Should().Be(PostgreSqlCaseStore.SchemaVersion);
        (await ScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".store_info WHERE key = 'mode'")).Should().Be(1);
    }

    [Fact]
    public async Task Open_SchemaNewerThanTheProgram_IsRefusedWithBothVersions()
    {
        var schema = NewSchema();
        Store(schema);
        var newer = PostgreSqlCaseStore.SchemaVersion + 1;
        await ExecuteAsync($"INSERT INTO \"{schema}\".schema_version (version) VALUES ({newer})");

        var act = () => Store(schema);

        act.Should().Throw<SchemaTooNewException>()
            .WithMessage($"The PostgreSQL schema \"{schema}\"*has schema version {newer}, newer than this program knows ({PostgreSqlCaseStore.SchemaVersion}): upgrade Council.Workflows*");
    }

    [Fact]
    public void Open_MissingSchema_WithoutCreateIfMissing_IsRefusedAndCreatesNothing()
    {
        var schema = NewSchema();

        var act = () => Store(schema, create: false);

        act.Should().Throw<SchemaMissingException>().WithMessage($"*{schema}*CreateIfMissing is off*");
        Store(schema).IsSimulation.Should().BeFalse("nothing was made by the refused open, so this one creates the schema");
    }

    [Fact]
    public async Task Open_SchemaOfOtherTables_IsNotTakenForAStore()
    {
        var schema = NewSchema();
        await ExecuteAsync($"CREATE SCHEMA \"{schema}\"; CREATE TABLE \"{schema}\".invoices (id int)");

        var act = () => Store(schema);

        act.Should().Throw<NotAStoreException>();
    }

    [Fact]
    public void Simulation_IsWhatTheSchemaWasCreatedAs_AndAWorkingSchemaNeverBecomesOne()
    {
        var simulation = NewSchema();
        var working = NewSchema();
        Store(simulation, simulation: true);
        Store(working);

        Store(simulation).IsSimulation.Should().BeTrue("an existing schema stays what it was created as");
        var act = () => Store(working, simulation: true);

        act.Should().Throw<WorkingStoreException>();
    }

    [Fact]
    public async Task Registrations_OfOneCaseIdFromTwoProcessesAtOnce_OneWinsAndTheOtherIsAConflict()
    {
        var schema = NewSchema();
        var (a, b) = (Appeals(schema), Appeals(schema));
        var caseId = CaseId.New();

        var results = await Task.WhenAll(
            Task.Run(() => a.ExecuteAsync(a.Registration("Коваленко Петро", "Ремонт дороги") with { CaseId = caseId })),
            Task.Run(() => b.ExecuteAsync(b.Registration("Мельник Ірина", "Освітлення") with { CaseId = caseId })));

        results.Count(r => r.IsAccepted).Should().Be(1);
        results.Should().ContainSingle(r => r.Status == CommandStatus.Conflict);
        (await a.Store.LoadHistoryAsync(caseId)).Should().ContainSingle();
        (await a.Store.LastNumberAsync("appeal-index/default/2023")).Should().Be(1, "the loser's number was never taken");
    }

    [Fact]
    public async Task OneCommand_FromTwoProcessesAtOnce_HasOneEffect()
    {
        var schema = NewSchema();
        var (a, b) = (Appeals(schema), Appeals(schema));
        var appeal = await a.AssignedAsync();
        var interim = a.Interim(appeal.Id);

        var results = await Task.WhenAll(Task.Run(() => a.ExecuteAsync(interim)), Task.Run(() => b.ExecuteAsync(interim)));

        results.Should().OnlyContain(r => r.IsAccepted);
        results.Count(r => r.IsRepeat).Should().Be(1);
        (await a.Store.LoadHistoryAsync(appeal.Id)).Select(e => e.Type).Should().Equal("registered", "assigned", "interim-answer");
    }

    [Fact]
    public async Task ConcurrentCommits_FromSeveralProcesses_TakeEveryNumberOnceWithoutAGap()
    {
        // Four stores (as four processes) on one council take numbers by reading the last and committing the next; a commit
        // that loses the race is refused and reads again.
        var schema = NewSchema();
        var eventTypes = new WorkflowRegistry([new AppealWorkflow(Council.Workflows.Deadlines.DeadlineCalculator.Default, new AppealOptions())]).EventTypes;
        var stores = Enumerable.Range(0, 4).Select(_ => Store(schema, eventTypes: eventTypes)).ToList();
        const string Scope = "appeal-index/default/2023";
        var commands = new System.Collections.Concurrent.ConcurrentBag<Guid>();

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            var store = stores[i % stores.Count];
            var command = Guid.NewGuid();
            var caseId = CaseId.New();
            while (true)
            {
                var next = await store.LastNumberAsync(Scope) + 1;
                var result = new CommandResult { Status = CommandStatus.Refused, CommandId = command, CaseId = caseId, Message = next.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                var outcome = await store.CommitAsync(new CaseCommit(caseId, 0, null, [], null, [], result) { Numbers = [new TakenNumber(Scope, next)] });
                if (outcome.Status == CommitStatus.Committed)
                {
                    commands.Add(command);
                    return;
                }

                outcome.Status.Should().Be(CommitStatus.RelatedConflict);
            }
        })));

        var numbers = new List<long>();
        foreach (var command in commands)
        {
            numbers.Add(long.Parse((await stores[0].FindResultAsync(command))!.Message!, System.Globalization.CultureInfo.InvariantCulture));
        }

        numbers.Order().Should().Equal(Enumerable.Range(1, 40).Select(n => (long)n));
        (await stores[0].LastNumberAsync(Scope)).Should().Be(40);
    }

    [Fact]
    public async Task Registrations_ThroughThreeEngines_NumberTheAcceptedOnesOneToNWithoutAGap()
    {
        var schema = NewSchema();
        var engines = Enumerable.Range(0, 3).Select(_ => Appeals(schema)).ToList();

        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(async () =>
        {
            var f = engines[i % engines.Count];
            return await f.Engine.ExecuteAsync(f.Registration($"Заявник {i}", $"Питання {i}"));
        })));

        var accepted = results.Where(r => r.IsAccepted).ToList();
        results.Should().OnlyContain(r => r.IsAccepted || r.ConflictCode == "related", "a registration that loses every race is reported, never lost or doubled");
        accepted.Should().NotBeEmpty();
        var numbers = new List<long>();
        foreach (var r in accepted)
        {
            numbers.Add((await engines[0].AppealAsync(r.CaseId)).Number);
        }

        numbers.Order().Should().Equal(Enumerable.Range(1, accepted.Count).Select(n => (long)n));
    }

    [Fact]
    public async Task Claimers_InParallelFromTwoProcesses_NeverGetTheSameTimerWhileTheLeaseLives()
    {
        var schema = NewSchema();
        var f = Appeals(schema);
        for (var i = 0; i < 30; i++)
        {
            await f.AssignedAsync(f.Registration($"Заявник {i}", $"Питання {i}"));
        }

        var other = Store(schema);
        var dueBy = AppealFixture.Kyiv(2023, 3, 10);
        var due = await f.Store.DueTimersAsync(dueBy, 1000);
        var now = Instant.FromUtc(2026, 12, 2, 10, 0);

        // Both stores' pools warm, so neither claimer starts late by opening its first connection.
        (await other.DueTimersAsync(dueBy, 1)).Should().ContainSingle();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var claimers = new[] { (f.Store, "worker-a"), ((ICaseStore)other, "worker-b"), (f.Store, "worker-c"), ((ICaseStore)other, "worker-d") };
        var workers = claimers.Select(w => Task.Run(async () =>
        {
            await start.Task;
            // A claimer claiming again takes up its own claims too (a restarted worker's), so it asks for two more than it
            // holds each time, and stops when it gets nothing new.
            var mine = new HashSet<TimerEntry>();
            var before = -1;
            while (mine.Count > before)
            {
                before = mine.Count;
                mine.UnionWith(await w.Item1.ClaimDueTimersAsync(dueBy, mine.Count + 2, new TimerClaim(w.Item2, now, now + Duration.FromMinutes(5))));
            }

            return mine;
        })).ToList();
        start.SetResult();
        var claims = await Task.WhenAll(workers);

        due.Should().HaveCount(90, "30 appeals with two reminders and a deadline each");
        claims.SelectMany(c => c).Should().OnlyHaveUniqueItems("no timer is held by two claimers");
        claims.SelectMany(c => c).Should().BeEquivalentTo(due);
        claims.Count(c => c.Count > 0).Should().BeGreaterThan(1, "the claimers ran at once");
    }
}
