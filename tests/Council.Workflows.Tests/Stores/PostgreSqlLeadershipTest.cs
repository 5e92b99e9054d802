using Council.Workflows.Engine;
using Council.Workflows.PostgreSql;
using Npgsql;

namespace Council.Workflows.Tests.Stores;

// What PostgreSQL adds for periodic work: workers of one council (each its own store, as separate processes have) record a
// period's run once between them, and exactly one of them leads, until its session dies.
[Collection(PostgreSqlTests.Name)]
public sealed class PostgreSqlLeadershipTest(PostgreSqlServer server) : IDisposable
{
    private static readonly Instant RunAt = Instant.FromUtc(2026, 12, 3, 6, 0);
    private static readonly LocalDate Day = new(2026, 12, 3);
    private readonly List<PostgreSqlCaseStore> _stores = [];
    private readonly string _connectionString = server.ConnectionString("leadership");

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }
    }

    private PostgreSqlCaseStore Store(string schema, string council = "default")
    {
        var store = new PostgreSqlCaseStore(
            new PostgreSqlStoreOptions { ConnectionString = _connectionString, Schema = schema, Council = council }, new WorkflowRegistry([]).EventTypes);
        _stores.Add(store);
        return store;
    }

    private static OutboxMessage Report(string council) => new(Guid.NewGuid(), CaseId.New(), "daily-report", "control", council, "", RunAt);

    // Kills the session that holds the role's lock, as a crashed worker's or a cut connection's end would.
    private async Task<int> KillLeaderAsync(string schema, string council, string role)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var kill = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(l.pid))::int FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 " +
            "AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended('council-lead' || chr(31) || @schema || chr(31) || @council || chr(31) || @role, 0)",
            connection);
        kill.Parameters.AddWithValue("schema", schema);
        kill.Parameters.AddWithValue("council", council);
        kill.Parameters.AddWithValue("role", role);
        return (int)(await kill.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task RecordRun_WorkersOfOneCouncilAtOnce_ExactlyOneWinsAndOneReportIsQueued()
    {
        var schema = $"l_{Guid.NewGuid():N}";
        var workers = Enumerable.Range(0, 4).Select(_ => Store(schema)).ToList();

        var results = await Task.WhenAll(workers.Select(w => Task.Run(async () => await w.RecordRunAsync(new PeriodicRun("daily-report", Day, RunAt), [Report("default")]))));

        results.Count(r => r).Should().Be(1);
        (await workers[0].PendingOutboxAsync(10)).Should().ContainSingle();
    }

    [Fact]
    public async Task RecordRun_TwoCouncilsOfOneSchema_EachHasItsOwnRun()
    {
        var schema = $"l_{Guid.NewGuid():N}";
        var (kyiv, bucha) = (Store(schema), Store(schema, "bucha"));

        (await kyiv.RecordRunAsync(new PeriodicRun("daily-report", Day, RunAt), [Report("default")])).Should().BeTrue();
        (await bucha.RecordRunAsync(new PeriodicRun("daily-report", Day, RunAt), [Report("bucha")])).Should().BeTrue();

        (await bucha.PendingOutboxAsync(10)).Select(m => m.Subject).Should().Equal("bucha");
        (await kyiv.FindRunAsync("daily-report", Day.PlusDays(1))).Should().BeNull();
    }

    [Fact]
    public async Task Lead_TwoWorkersOfOneCouncil_OneLeadsAndKeepsTheLead()
    {
        var schema = $"l_{Guid.NewGuid():N}";
        var (first, second) = (Store(schema), Store(schema));

        (await first.LeadAsync("periodic")).Should().BeTrue();
        (await second.LeadAsync("periodic")).Should().BeFalse();
        (await first.LeadAsync("periodic")).Should().BeTrue("the lead is kept while its session lives");
        (await second.LeadAsync("periodic")).Should().BeFalse();
    }

    [Fact]
    public async Task Lead_OtherCouncilOrSchema_IsLedApart()
    {
        var schema = $"l_{Guid.NewGuid():N}";
        (await Store(schema).LeadAsync("periodic")).Should().BeTrue();

        (await Store(schema, "bucha").LeadAsync("periodic")).Should().BeTrue();
        (await Store($"l_{Guid.NewGuid():N}").LeadAsync("periodic")).Should().BeTrue();
    }

    [Fact]
    public async Task Lead_LeadersSessionKilled_TheOtherTakesTheLead()
    {
        var schema = $"l_{Guid.NewGuid():N}";
        var (first, second) = (Store(schema), Store(schema));
        (await first.LeadAsync("periodic")).Should().BeTrue();

        (await KillLeaderAsync(schema, "default", "periodic")).Should().Be(1);

        (await second.LeadAsync("periodic")).Should().BeTrue();
        (await first.LeadAsync("periodic")).Should().BeFalse("its session died with the lock, and the other holds it now");
    }

    [Fact]
    public async Task Lead_OwnSessionLostWhileAlive_IsToldOnce_ThenTakesTheLeadAgain()
    {
        var schema = $"l_{Guid.NewGuid():N}";
        var first = Store(schema);
        (await first.LeadAsync("periodic")).Should().BeTrue();

        (await KillLeaderAsync(schema, "default", "periodic")).Should().Be(1);

        (await first.LeadAsync("periodic")).Should().BeFalse("the lead had a gap: another process could have led meanwhile");
        (await first.LeadAsync("periodic")).Should().BeTrue("no other process holds it: taken again");
        (await first.LeadAsync("periodic")).Should().BeTrue("and kept");
        (await Store(schema).LeadAsync("periodic")).Should().BeFalse();
    }

    [Fact]
    public async Task Lead_LeaderDisposed_ReleasesTheLead()
    {
        var schema = $"l_{Guid.NewGuid():N}";
        var first = Store(schema);
        (await first.LeadAsync("periodic")).Should().BeTrue();

        await first.DisposeAsync();
        _stores.Remove(first);

        (await Store(schema).LeadAsync("periodic")).Should().BeTrue();
    }
}
