using Council.Workflows.Appeals;
using Council.Workflows.Awards;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;
using Council.Workflows.Sqlite;
using Council.Workflows.Tests.Appeals;
using Council.Workflows.Tests.Awards;
using Microsoft.Data.Sqlite;

namespace Council.Workflows.Tests.Stores;

public sealed class SqliteStoreTest : IDisposable
{
    // What schema 5 added, taken away again to make a file of an older schema.
    // Schema 9's word index, schema 10's report facts, schema 11's accounts and schema 12's periodic runs go with any older
    // schema made here.
    private const string UndoSchema9 = "DROP TABLE IF EXISTS case_facts; DROP TABLE IF EXISTS search_docs; DROP TABLE IF EXISTS search_words; DROP TABLE IF EXISTS search_terms; " +
        "DROP TABLE IF EXISTS accounts; DROP TABLE IF EXISTS account_roles; DROP TABLE IF EXISTS role_grants; DROP TABLE IF EXISTS api_keys; " +
        "DROP TABLE IF EXISTS access_log; DROP TABLE IF EXISTS periodic_runs; ";

    private const string UndoSchema5 = UndoSchema9 + "ALTER TABLE events DROP COLUMN recorded_at; DROP TABLE store_info; ";

    private readonly string _directory = Directory.CreateTempSubdirectory("council-sqlite-").FullName;
    private readonly WorkflowRegistry _workflows = new([
        new AppealWorkflow(DeadlineCalculator.Default, new AppealOptions()),
        new PetitionWorkflow(DeadlineCalculator.Default, new AwardOptions()),
        new MeetingWorkflow(DeadlineCalculator.Default, new AwardOptions())]);

    private string DbPath => Path.Combine(_directory, "council.db");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Reopen_AfterCommands_KeepsTheCasesTheirHistoriesAndTimers()
    {
        CaseId id;
        using (var store = new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath }, _workflows.EventTypes))
        {
            var f = new AppealFixture(store: _ => store);
            id = (await f.AssignedAsync()).Id;
        }

        using var reopened = new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath }, _workflows.EventTypes);

        var appeal = (Appeal)(await reopened.LoadAsync(id, _workflows))!;
        appeal.State.Should().Be(AppealState.UnderConsideration);
        (await reopened.LoadHistoryAsync(id)).Should().HaveCount(2);
        (await reopened.TimersOfAsync(id)).Should().HaveCount(3);
    }

    [Fact]
    public async Task Reopen_AfterCommands_KeepsWhenEachEventWasRecorded()
    {
        CaseId id;
        IReadOnlyList<CaseEvent> written;
        using (var store = new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath }, _workflows.EventTypes))
        {
            var f = new AppealFixture(store: _ => store);
            id = (await f.AssignedAsync()).Id;
            written = await store.LoadHistoryAsync(id);
        }

        using var reopened = new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath }, _workflows.EventTypes);

        var read = await reopened.LoadHistoryAsync(id);
        read.Select(e => e.RecordedAt).Should().Equal(written.Select(e => e.RecordedAt)).And.OnlyContain(r => r != null);
        read.Select(e => e.At).Should().Equal(written.Select(e => e.At));
    }

    [Fact]
    public void Open_NewFileAsSimulation_SaysSoEveryTimeItIsOpened()
    {
        using (var created = new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath, Simulation = true }, _workflows.EventTypes))
        {
            created.IsSimulation.Should().BeTrue();
        }

        using var reopened = new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath }, _workflows.EventTypes);

        reopened.IsSimulation.Should().BeTrue("a simulation file never becomes a working one");
    }

    [Fact]
    public void Open_WorkingFileAsSimulation_IsRefused()
    {
        using (var created = new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath }, _workflows.EventTypes))
        {
            created.IsSimulation.Should().BeFalse();
        }

        var act = () => new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath, Simulation = true }, _workflows.EventTypes);

        act.Should().Throw<WorkingStoreException>().WithMessage("*working database*");
    }

    [Fact]
    public async Task Open_FileOfAnOlderSchema_IsAWorkingOneAndItsOldEventsHaveNoRecordedTime()
    {
        CaseId id;
        using (var first = new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath, Simulation = true }, _workflows.EventTypes))
        {
            id = (await new AppealFixture(store: _ => first).RegisterAsync()).Id;
        }

        using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            connection.Open();
            UndoSchema8(connection);
            UndoSchema7(connection);
            UndoSchema6(connection);
            Execute(connection, UndoSchema5 + "PRAGMA user_version = 4;");
        }

        using var store = new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath, Simulation = false }, _workflows.EventTypes);

        store.IsSimulation.Should().BeFalse("a file created before simulation files existed is a working one");
        (await store.LoadHistoryAsync(id)).Single().RecordedAt.Should().BeNull();
    }

    [Fact]
    public async Task Engine_OnAFileWhoseRowsAnEarlierVersionWrote_RewritesThemOnceBeforeItsFirstCommand()
    {
        // A grant recorded by a version that did not yet key the grants a limit counts: the engine's first command rewrites
        // the rows, so the commit's check sees the earlier grant too.
        Petition granted;
        using (var first = new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath, Simulation = true }, _workflows.EventTypes))
        {
            granted = await new AwardsFixture(store: _ => first).AwardedAsync(new LocalDate(2023, 3, 20), AwardsFixture.Nominee(award: "courage-honour-valour"));
        }

        using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            connection.Open();
            Execute(connection, "DELETE FROM case_keys WHERE key LIKE 'held%' OR key LIKE 'granted/%'; DELETE FROM store_info WHERE key LIKE 'rows:%';");
        }

        using var store = new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath, Simulation = true }, _workflows.EventTypes);
        var f = new AwardsFixture(store: _ => store);
        var before = await store.QueryAsync(new CaseQuery { Key = $"held/courage-honour-valour/{granted.Nominees[0].Key}/" }).CountAsync();

        var second = await f.RecommendedAsync(AwardsFixture.Nominee(award: "courage-honour-valour"));
        var after = await store.QueryAsync(new CaseQuery { Key = $"held/courage-honour-valour/{granted.Nominees[0].Key}/" }).Select(r => r.Id).ToListAsync();

        before.Should().Be(0);
        after.Should().Equal(granted.Id);
        (await store.RowVersionAsync(Petition.CaseKind)).Should().Be(f.Petitions.RowVersion);
        second.Nominees[0].Status.Should().Be(NomineeStatus.Recommended);
    }

    [Fact]
    public void Open_NewFile_IsInWalModeAtTheCurrentSchemaVersion()
    {
        using (new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath }, _workflows.EventTypes))
        {
        }

        using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        Scalar(connection, "PRAGMA journal_mode;").Should().Be("wal");
        Scalar(connection, "PRAGMA user_version;").Should().Be((long)SqliteCaseStore.SchemaVersion);
    }

    [Fact]
    public void Open_FileFromANewerSchema_FailsWithAClearMessage()
    {
        using (new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath }, _workflows.EventTypes))
        {
        }

        using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            connection.Open();
            Execute(connection, "PRAGMA user_version = 99;");
        }

        var act = () => new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath }, _workflows.EventTypes);

        act.Should().Throw<SchemaTooNewException>().WithMessage($"*schema version 99, newer than this program knows ({SqliteCaseStore.SchemaVersion}): upgrade Council.Workflows*");
    }

    [Fact]
    public void Open_FileThatIsNotADatabase_FailsWithAClearMessage()
    {
        File.WriteAllText(DbPath, "appeal register, 2023\nК-1, Коваленко\n");

        var act = () => new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath }, _workflows.EventTypes);

        act.Should().Throw<NotAStoreException>().WithMessage("*is not a readable Council.Workflows database*");
    }

    [Fact]
    public void Open_OtherApplicationsDatabase_IsRefusedAndLeftAlone()
    {
        using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            connection.Open();
            Execute(connection, "CREATE TABLE contacts (name TEXT);");
        }

        var act = () => new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath }, _workflows.EventTypes);

        act.Should().Throw<NotAStoreException>().WithMessage("*no Council.Workflows schema version*");
    }

    [Fact]
    public void Open_MissingFileWhenCreationIsOff_FailsWithoutCreatingIt()
    {
        var act = () => new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath, CreateIfMissing = false }, _workflows.EventTypes);

        act.Should().Throw<FileNotFoundException>().WithMessage("No database at *");
        File.Exists(DbPath).Should().BeFalse();
    }

    [Fact]
    public async Task Commit_WhileAnotherProcessHoldsTheWriteLock_FailsAfterTheBusyTimeout()
    {
        using var store = new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath, BusyTimeout = TimeSpan.FromSeconds(1) }, _workflows.EventTypes);
        using var other = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        other.Open();
        Execute(other, "BEGIN IMMEDIATE;");

        var act = async () => await store.NextSequenceAsync("x");

        (await act.Should().ThrowAsync<SqliteException>()).Which.SqliteErrorCode.Should().Be(5);
        Execute(other, "ROLLBACK;");
        (await store.NextSequenceAsync("x")).Should().Be(1, "the failed write left nothing behind and the store goes on");
    }

    [Fact]
    public async Task EveryCommand_LeavesTheStoredRowEqualToTheCasesRow()
    {
        using var store = new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath }, _workflows.EventTypes);
        var f = new AppealFixture(store: _ => store);
        var id = (await f.RegisterAsync()).Id;
        await RowMatchesAsync();
        Command[] commands =
        [
            f.Assign(id), f.Assign(id, executor: "Савчук Марія"), f.Extend(id, AppealFixture.D(2023, 3, 10)), f.Answer(id, by: AppealFixture.OtherExecutor), f.Close(id),
        ];
        foreach (var command in commands)
        {
            (await f.ExecuteAsync(command)).Status.Should().Be(CommandStatus.Accepted, command.GetType().Name);
            await RowMatchesAsync();
        }

        async Task RowMatchesAsync()
        {
            var stored = await store.QueryAsync(new CaseQuery { Reference = (await store.QueryAsync(new CaseQuery()).SingleAsync()).Reference }).SingleAsync();
            var expected = (await store.LoadAsync(id, _workflows))!.ToRow();
            stored.Should().BeEquivalentTo(expected);
            (await store.QueryAsync(new CaseQuery { States = [expected.State], IsOpen = expected.IsOpen, Assignee = expected.Assignee }).SingleAsync()).Id.Should().Be(id);
            if (expected.DueAt is { } due)
            {
                (await store.QueryAsync(new CaseQuery { DueBefore = due.PlusTicks(1) }).SingleAsync()).Id.Should().Be(id);
            }
        }
    }

    [Fact]
    public async Task TwoStoresOnOneFile_TheVersionTheOtherWrote_IsExpectedWithoutAConflict()
    {
        using var two = await TwoStoresAsync();
        var (first, second, a, b, appeal) = (two.First, two.Second, two.A, two.B, two.Appeal);
        await a.ExecuteAsync(a.Interim(appeal.Id));

        var result = await b.ExecuteAsync(b.Assign(appeal.Id, executor: "Савчук Марія") with { ExpectedVersion = 3 });

        result.Status.Should().Be(CommandStatus.Accepted, "the second store's cached version 2 is stale, and the file's version 3 is what the caller saw");
        result.Version.Should().Be(4);
    }

    [Fact]
    public async Task TwoStoresOnOneFile_ACommandTheOtherApplied_IsARepeatWithItsFirstResult()
    {
        using var two = await TwoStoresAsync();
        var (first, second, a, b, appeal) = (two.First, two.Second, two.A, two.B, two.Appeal);
        var interim = a.Interim(appeal.Id);
        var applied = await a.ExecuteAsync(interim);

        var again = await b.ExecuteAsync(interim);

        again.IsRepeat.Should().BeTrue();
        again.Version.Should().Be(applied.Version);
        again.Events.Select(e => e.Type).Should().Equal(applied.Events.Select(e => e.Type));
        (await second.LoadHistoryAsync(appeal.Id)).Should().HaveCount(3);
    }

    [Fact]
    public async Task TwoStoresOnOneFile_SeeEachOthersCommitsAndNeverOverwrite()
    {
        using var two = await TwoStoresAsync();
        var (first, second, a, b, appeal) = (two.First, two.Second, two.A, two.B, two.Appeal);

        await a.ExecuteAsync(a.Interim(appeal.Id));
        var fromSecond = await b.ExecuteAsync(b.Interim(appeal.Id));

        fromSecond.Version.Should().Be(4);
        (await first.LoadHistoryAsync(appeal.Id)).Select(e => e.Version).Should().Equal(1L, 2L, 3L, 4L);
    }

    [Fact]
    public void DueTimersQuery_UsesTheDueIndexNotAScan()
    {
        using (new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath }, _workflows.EventTypes))
        {
        }

        using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + SqliteCaseStore.DueTimersSql;
        command.Parameters.AddWithValue("@dueBy", 1L);
        command.Parameters.AddWithValue("@limit", 10);
        using var reader = command.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read())
        {
            plan.Add(reader.GetString(3));
        }

        plan.Should().Contain(p => p.Contains("ix_timers_due", StringComparison.Ordinal));
        plan.Should().NotContain(p => p.StartsWith("SCAN timers", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(OutboxStatus.Pending, "ix_outbox_pending")]
    [InlineData(OutboxStatus.Failed, "ix_outbox_failed")]
    public void ListOutboxQuery_UsesItsPartialIndexNotAScan(OutboxStatus status, string index)
    {
        using (new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath }, _workflows.EventTypes))
        {
        }

        using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + SqliteCaseStore.ListOutboxSql(status);
        command.Parameters.AddWithValue("@after", DBNull.Value);
        command.Parameters.AddWithValue("@limit", 10);
        using var reader = command.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read())
        {
            plan.Add(reader.GetString(3));
        }

        plan.Should().Contain(p => p.Contains(index, StringComparison.Ordinal), "delivered messages accumulate; the worker must not read past them");
        plan.Should().NotContain(p => p.StartsWith("SCAN outbox", StringComparison.Ordinal) && !p.Contains("INDEX", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("DELETE FROM case_keys WHERE case_id = @id")]
    [InlineData("SELECT group_concat(key, char(31)) FROM case_keys WHERE case_id = @id")]
    public void CaseKeysByCase_UseTheirIndexNotAScan(string sql)
    {
        using (new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath }, _workflows.EventTypes))
        {
        }

        using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        command.Parameters.AddWithValue("@id", new byte[16]);
        using var reader = command.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read())
        {
            plan.Add(reader.GetString(3));
        }

        plan.Should().Contain(p => p.Contains("ix_case_keys_case", StringComparison.Ordinal));
    }

    [Fact]
    public void QueryByKey_StartsFromTheKeyNotFromEveryCaseOfTheKind()
    {
        using (new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath }, _workflows.EventTypes))
        {
        }

        var (sql, _) = SqliteCaseStore.QuerySql(new CaseQuery { Kind = "appeal", Council = "default", Key = "коваленко петро", Order = CaseOrder.Newest, Limit = 20 });
        using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        command.Parameters.AddWithValue("@key", "коваленко петро");
        command.Parameters.AddWithValue("@kind", "appeal");
        command.Parameters.AddWithValue("@council", "default");
        command.Parameters.AddWithValue("@limit", 20);
        using var reader = command.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read())
        {
            plan.Add(reader.GetString(3));
        }

        plan.Should().NotBeEmpty();
        plan[0].Should().StartWith("SEARCH q USING", "the registration's repeat check must not grow with the store");
        plan.Should().NotContain(p => p.Contains("ix_cases_created", StringComparison.Ordinal) || p.StartsWith("SCAN c", StringComparison.Ordinal));
        plan.Should().NotContain(p => p.Contains("TEMP B-TREE", StringComparison.Ordinal), "the newest few of a key's cases must not sort all of them");
    }

    [Fact]
    public async Task Open_SchemaVersion1File_IsMigratedAndKeepsItsCases()
    {
        CaseId id;
        using (var first = new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath }, _workflows.EventTypes))
        {
            id = (await new AppealFixture(store: _ => first).AssignedAsync()).Id;
        }

        using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            connection.Open();
            UndoSchema8(connection);
            UndoSchema7(connection);
            UndoSchema6(connection);
            ToMixedByteOrder(connection);
            Execute(connection, UndoSchema5 + "DROP INDEX ix_case_keys_case; ALTER TABLE timers DROP COLUMN version; CREATE INDEX ix_events_at ON events (at); PRAGMA user_version = 1;");
        }

        using var store = new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath }, _workflows.EventTypes);

        (await store.LoadAsync(id, _workflows)).Should().NotBeNull();
        (await store.TimersOfAsync(id)).Should().HaveCount(3).And.OnlyContain(t => t.ScheduledAtVersion == 0, "timers stored before schema 3 keep their old firing ids");
        using var check = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        check.Open();
        Scalar(check, "PRAGMA user_version;").Should().Be((long)SqliteCaseStore.SchemaVersion);
        Scalar(check, "SELECT count(*) FROM sqlite_master WHERE name = 'ix_case_keys_case'").Should().Be(1L);
        Scalar(check, "SELECT count(*) FROM sqlite_master WHERE name = 'ix_events_at'").Should().Be(0L, "schema 4 drops an index no query used");
    }

    [Fact]
    public async Task Open_SchemaVersion3File_StoresItsIdsInTheUuidByteOrderAndKeepsEverything()
    {
        CaseId id;
        IReadOnlyList<TimerEntry> timers;
        IReadOnlyList<OutboxMessage> outbox;
        AssignExecutor assign;
        using (var first = new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath }, _workflows.EventTypes))
        {
            var f = new AppealFixture(store: _ => first);
            id = (await f.AssignedAsync()).Id;
            assign = f.Assign(id, executor: "Савчук Марія");
            await f.ExecuteAsync(assign);
            await f.ExecuteAsync(f.Extend(id, AppealFixture.D(2023, 3, 10)));
            timers = await first.TimersOfAsync(id);
            outbox = await first.PendingOutboxAsync(10);
        }

        using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            connection.Open();
            UndoSchema8(connection);
            UndoSchema7(connection);
            UndoSchema6(connection);
            ToMixedByteOrder(connection);
            Execute(connection, UndoSchema5 + "PRAGMA user_version = 3;");
        }

        using var store = new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath }, _workflows.EventTypes);
        var again = new AppealFixture(store: _ => store);

        (await store.LoadAsync(id, _workflows)).Should().BeOfType<Appeal>().Which.Executor.Should().Be("Савчук Марія");
        (await store.LoadHistoryAsync(id)).Select(e => e.CommandId).Should().Contain(assign.CommandId);
        (await store.TimersOfAsync(id)).Should().Equal(timers);
        (await store.PendingOutboxAsync(10)).Select(m => (m.Id, m.CaseId)).Should().Equal(outbox.Select(m => (m.Id, m.CaseId)));
        (await store.QueryAsync(new CaseQuery { Key = "коваленко петро іванович" }).ToListAsync()).Should().ContainSingle(r => r.Id == id);
        (await again.ExecuteAsync(assign)).IsRepeat.Should().BeTrue("processed command ids are kept");
        using var check = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        check.Open();
        Scalar(check, "SELECT lower(hex(id)) FROM cases").Should().Be(id.ToString(), "hex(id) reads as the id the program shows");
    }

    [Fact]
    public async Task Open_SchemaVersion6File_FindsAKeysCasesNewestFirst()
    {
        // Registered in the opposite order to their ids, so only the creation times can put them newest first.
        CaseId[] ids = [CaseId.New(), CaseId.New(), CaseId.New()];
        var key = "";
        using (var first = new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath, Simulation = true }, _workflows.EventTypes))
        {
            var f = new AppealFixture(store: _ => first);
            foreach (var id in ids.Reverse())
            {
                key = (await f.RegisterAsync(f.Registration() with { CaseId = id })).PartyKey;
                f.Clock.Advance(Duration.FromDays(1));
            }
        }

        using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            connection.Open();
            UndoSchema8(connection);
            UndoSchema7(connection);
            Execute(connection, "PRAGMA user_version = 6;");
        }

        using var store = new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath, Simulation = true }, _workflows.EventTypes);

        var newest = await store.QueryAsync(new CaseQuery { Key = key, Order = CaseOrder.Newest, Limit = 2 }).Select(r => r.Id).ToListAsync();

        newest.Should().Equal(ids[0], ids[1]);
    }

    [Fact]
    public async Task Open_SchemaVersion4File_KeepsItsOutboxPendingWithNoFailedAttempts()
    {
        IReadOnlyList<OutboxMessage> outbox;
        using (var first = new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath }, _workflows.EventTypes))
        {
            var f = new AppealFixture(store: _ => first);
            await f.AssignedAsync();
            await new TimerSweeper(f.Engine).SweepAsync(AppealFixture.Kyiv(2023, 3, 10));
            outbox = await first.PendingOutboxAsync(10);
        }

        using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            connection.Open();
            UndoSchema8(connection);
            UndoSchema7(connection);
            UndoSchema6(connection);
            Execute(connection, UndoSchema5 + "PRAGMA user_version = 4;");
        }

        using var store = new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath }, _workflows.EventTypes);

        (await store.ListOutboxAsync(OutboxStatus.Pending, 10)).Select(e => (e.Message, e.Attempts, e.LastError, e.Failed))
            .Should().Equal(outbox.Select(m => (m, 0, (string?)null, false)));
        (await store.ListOutboxAsync(OutboxStatus.Failed, 10)).Should().BeEmpty();
    }

    // What schema 8 added to the timers (their claims), taken away again to make a file of an older schema.
    private static void UndoSchema8(SqliteConnection connection) => Execute(connection, UndoSchema9 + "ALTER TABLE timers DROP COLUMN claimed_by; ALTER TABLE timers DROP COLUMN claimed_until;");

    // What schema 7 added to the keys (their cases' creation time), taken away again to make a file of an older schema.
    private static void UndoSchema7(SqliteConnection connection) => Execute(connection, """
        CREATE TABLE case_keys_6 (key TEXT NOT NULL, case_id BLOB NOT NULL, PRIMARY KEY (key, case_id)) WITHOUT ROWID;
        INSERT INTO case_keys_6 (key, case_id) SELECT key, case_id FROM case_keys;
        DROP TABLE case_keys;
        ALTER TABLE case_keys_6 RENAME TO case_keys;
        CREATE INDEX ix_case_keys_case ON case_keys (case_id);
        """);

    // What schema 6 added to the outbox (its delivery records), taken away again to make a file of an older schema.
    private static void UndoSchema6(SqliteConnection connection) => Execute(connection, """
        DROP INDEX ix_outbox_pending;
        DROP INDEX ix_outbox_failed;
        ALTER TABLE outbox DROP COLUMN attempts;
        ALTER TABLE outbox DROP COLUMN last_error;
        ALTER TABLE outbox DROP COLUMN failed;
        CREATE INDEX ix_outbox_pending ON outbox (seq) WHERE delivered_at IS NULL;
        """);

    // What schema 3 and older stored: ids in .NET's mixed byte order (Guid.ToByteArray()).
    private static void ToMixedByteOrder(SqliteConnection connection)
    {
        connection.CreateFunction("to_mixed", (byte[] id) => new Guid(id, bigEndian: true).ToByteArray(), isDeterministic: true);
        Execute(connection, """
            UPDATE cases SET id = to_mixed(id);
            UPDATE case_keys SET case_id = to_mixed(case_id);
            UPDATE events SET case_id = to_mixed(case_id), command_id = to_mixed(command_id);
            UPDATE timers SET case_id = to_mixed(case_id);
            UPDATE commands SET id = to_mixed(id), case_id = to_mixed(case_id);
            UPDATE outbox SET id = to_mixed(id), case_id = to_mixed(case_id);
            """);
    }

    // Two stores on one file, as two processes would have: an appeal assigned through the first, and cached by the second.
    private async Task<TwoStores> TwoStoresAsync()
    {
        var first = new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath }, _workflows.EventTypes);
        var second = new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath }, _workflows.EventTypes);
        var a = new AppealFixture(store: _ => first);
        var b = new AppealFixture(store: _ => second);
        var appeal = await a.AssignedAsync();
        _ = await b.AppealAsync(appeal.Id);
        return new TwoStores(first, second, a, b, appeal);
    }

    private sealed record TwoStores(SqliteCaseStore First, SqliteCaseStore Second, AppealFixture A, AppealFixture B, Appeal Appeal) : IDisposable
    {
        public void Dispose()
        {
            First.Dispose();
            Second.Dispose();
        }
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        // Schema 11's column on events goes with the first undoing of a later schema (SQLite cannot drop it "if exists").
        if (sql.Contains("DROP TABLE IF EXISTS accounts", StringComparison.Ordinal))
        {
            using var probe = connection.CreateCommand();
            probe.CommandText = "SELECT count(*) FROM pragma_table_info('events') WHERE name = 'by_account'";
            if ((long)probe.ExecuteScalar()! > 0)
            {
                sql = "ALTER TABLE events DROP COLUMN by_account; " + sql;
            }
        }

        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
