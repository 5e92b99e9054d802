using Council.Workflows.Appeals;
using Council.Workflows.Awards;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;
using Council.Workflows.Sqlite;
using Council.Workflows.Tests.Appeals;
using Microsoft.Data.Sqlite;

namespace Council.Workflows.Tests.Stores;

// The single writer groups commits into one transaction; what one of them does wrong, or what the file does to the writer,
// must not reach the others, nor leave anyone waiting.
public sealed class SqliteWriterTest : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-writer-").FullName;
    private readonly WorkflowRegistry _workflows = new([
        new AppealWorkflow(DeadlineCalculator.Default, new AppealOptions()),
        new PetitionWorkflow(DeadlineCalculator.Default, new AwardOptions()),
        new MeetingWorkflow(DeadlineCalculator.Default, new AwardOptions())]);

    private string DbPath => Path.Combine(_directory, "council.db");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task OneCommitThatFails_FailsAloneAndTheOthersInItsBatchCommit()
    {
        using var store = new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath, BusyTimeout = TimeSpan.FromSeconds(30) }, _workflows.EventTypes);
        var f = new AppealFixture(store: _ => store);
        var appeals = new List<Appeal>();
        for (var i = 0; i < 21; i++)
        {
            appeals.Add(await f.RegisterAsync(f.Registration($"Заявник {i} Петрович", $"Тема {i}")));
        }

        var doomed = f.Assign(appeals[10].Id);
        Execute(DbPath, $"CREATE TRIGGER fail_one BEFORE INSERT ON commands WHEN hex(NEW.id) = '{Convert.ToHexString(doomed.CommandId.ToByteArray(bigEndian: true))}' " +
            "BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");

        // Another connection holds the write lock while the commands queue, so the writer takes them in one batch when it is
        // released (the first one or two may go ahead in a batch of their own, blocked on the lock).
        using var blocker = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        blocker.Open();
        Execute(blocker, "BEGIN IMMEDIATE;");
        var before = appeals.Take(10).Select(a => f.ExecuteAsync(f.Assign(a.Id))).ToList();
        await Task.Delay(300);
        var failing = f.ExecuteAsync(doomed);
        var after = appeals.Skip(11).Select(a => f.ExecuteAsync(f.Assign(a.Id))).ToList();
        await Task.Delay(300);
        Execute(blocker, "ROLLBACK;");

        (await failing.Invoking(t => t).Should().ThrowAsync<SqliteException>()).Which.Message.Should().Contain("injected failure");
        foreach (var result in await Task.WhenAll(before.Concat(after)))
        {
            result.Status.Should().Be(CommandStatus.Accepted);
        }

        (await store.QueryAsync(new CaseQuery { States = ["under-consideration"] }).CountAsync()).Should().Be(20);
        (await f.AppealAsync(appeals[10].Id)).State.Should().Be(AppealState.Registered, "the failed commit left nothing behind");
        (await store.LoadHistoryAsync(appeals[10].Id)).Should().HaveCount(1);
    }

    [Fact]
    public async Task WriterThatCannotOpenTheFile_FailsEveryWaitingCommitWithTheReason_AndRecoversWhenItCan()
    {
        var folder = Path.Combine(_directory, "office");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "council.db");
        await using var store = new SqliteCaseStore(new SqliteStoreOptions { Path = path }, _workflows.EventTypes);
        // The folder goes away (an unmounted share, a removed disk) before the first write, with no connection left open.
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);

        var writes = Enumerable.Range(0, 5).Select(i => store.NextSequenceAsync($"s{i}").AsTask()).ToList();

        foreach (var write in writes)
        {
            (await write.Invoking(t => t.WaitAsync(TimeSpan.FromSeconds(30))).Should().ThrowAsync<SqliteException>())
                .Which.SqliteErrorCode.Should().Be(14, "SQLite cannot open the file");
        }

        // Back again (restored from the backup): the writer opens it for the next write.
        Directory.CreateDirectory(folder);
        await using (new SqliteCaseStore(new SqliteStoreOptions { Path = path }, _workflows.EventTypes))
        {
        }

        (await store.NextSequenceAsync("s0").AsTask().WaitAsync(TimeSpan.FromSeconds(30))).Should().Be(1);
    }

    [Fact]
    public async Task ManyStoresOpeningOneNewFileAtOnce_AllOpenIt()
    {
        for (var round = 0; round < 40; round++)
        {
            var path = Path.Combine(_directory, $"new-{round}.db");
            using var start = new Barrier(6);
            var opening = Enumerable.Range(0, 6).Select(_ => Task.Run(() =>
            {
                start.SignalAndWait();
                return new SqliteCaseStore(new SqliteStoreOptions { Path = path, BusyTimeout = TimeSpan.FromSeconds(30) }, _workflows.EventTypes);
            })).ToList();

            var stores = await Task.WhenAll(opening);
            foreach (var store in stores)
            {
                store.IsSimulation.Should().BeFalse();
                await store.DisposeAsync();
            }

            using var check = new SqliteConnection($"Data Source={path};Pooling=False");
            check.Open();
            using var command = check.CreateCommand();
            command.CommandText = "SELECT count(*) FROM store_info WHERE key = 'mode'";
            Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture).Should().Be(1, "one process made the file, and it says once what it is");
            command.CommandText = "PRAGMA user_version";
            Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture).Should().Be(SqliteCaseStore.SchemaVersion);
        }
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        Execute(connection, sql);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
