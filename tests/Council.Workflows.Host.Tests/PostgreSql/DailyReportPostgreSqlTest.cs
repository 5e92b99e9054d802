using Council.Workflows.Engine;
using Council.Workflows.Host.Worker;
using Council.Workflows.PostgreSql;
using Council.Workflows.Tests.Stores;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Npgsql;

namespace Council.Workflows.Host.Tests.PostgreSql;

// The daily report on a real PostgreSQL server: workers of one council (each its own store, as separate processes have)
// tick together and one report is queued; the leader's session killed, another worker takes the lead and the next day's
// report still comes once.
[Collection(PostgreSqlTests.Name)]
public sealed class DailyReportPostgreSqlTest(PostgreSqlServer server)
{
    private static readonly Instant Monday0800 = Instant.FromUtc(2023, 2, 27, 6, 0);
    private readonly string _connectionString = server.ConnectionString("daily_report");

    private ServiceProvider Services(string schema, string council = "default") => new ServiceCollection()
        .AddCouncilWorkflows(o => o.DefaultCouncil = council)
        .AddCouncilWorkflowsPostgreSql(o =>
        {
            o.ConnectionString = _connectionString;
            o.Schema = schema;
        })
        .BuildServiceProvider();

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<int> KillLeaderAsync(string schema, string council)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var kill = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(l.pid))::int FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 " +
            "AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended('council-lead' || chr(31) || @schema || chr(31) || @council || chr(31) || 'periodic', 0)",
            connection);
        kill.Parameters.AddWithValue("schema", schema);
        kill.Parameters.AddWithValue("council", council);
        return (int)(await kill.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Tick_TwoWorkersOfOneCouncil_QueueOneReport()
    {
        var schema = $"d_{Guid.NewGuid():N}";
        await using var first = Services(schema);
        await using var second = Services(schema);
        await DailyReportTest.RegisterAsync(first, Instant.FromUtc(2023, 1, 31, 8, 0));
        var sink = new DailyReportTest.CollectingSink();
        var (a, leadA) = DailyReportTest.Worker(first, new FakeClock(Monday0800), sink);
        var (b, leadB) = DailyReportTest.Worker(second, new FakeClock(Monday0800), sink);

        await Task.WhenAll(Task.Run(() => a.TickAsync(CancellationToken.None)), Task.Run(() => b.TickAsync(CancellationToken.None)));
        await Task.WhenAll(Task.Run(() => a.TickAsync(CancellationToken.None)), Task.Run(() => b.TickAsync(CancellationToken.None)));

        // Both workers deliver the outbox, so the one message may reach the sink twice (delivery is at least once, by id).
        DailyReportTest.Reports(sink).DistinctBy(m => m.Id).Should().ContainSingle();
        (leadA.Leading ^ leadB.Leading).Should().BeTrue("one worker of the council leads, the other does not");
        (await CountAsync($"SELECT count(*) FROM \"{schema}\".periodic_runs")).Should().Be(1);
        (await CountAsync($"SELECT count(*) FROM \"{schema}\".outbox WHERE kind = 'daily-report'")).Should().Be(1);
    }

    [Fact]
    public async Task Tick_TwoCouncilsInOneSchema_EachGetsItsReport()
    {
        var schema = $"d_{Guid.NewGuid():N}";
        await using var zhytomyr = Services(schema, "zhytomyr");
        await using var bucha = Services(schema, "bucha");
        var (sinkZ, sinkB) = (new DailyReportTest.CollectingSink(), new DailyReportTest.CollectingSink());

        await DailyReportTest.Worker(zhytomyr, new FakeClock(Monday0800), sinkZ).Worker.TickAsync(CancellationToken.None);
        await DailyReportTest.Worker(bucha, new FakeClock(Monday0800), sinkB).Worker.TickAsync(CancellationToken.None);

        DailyReportTest.Reports(sinkZ).Should().ContainSingle();
        DailyReportTest.Reports(sinkB).Should().ContainSingle();
    }

    [Fact]
    public async Task Tick_LeadersConnectionKilled_TheOtherLeadsAndTheNextDaysReportComesOnce()
    {
        var schema = $"d_{Guid.NewGuid():N}";
        await using var first = Services(schema);
        await using var second = Services(schema);
        var sink = new DailyReportTest.CollectingSink();
        var (clockA, clockB) = (new FakeClock(Monday0800), new FakeClock(Monday0800));
        var (a, leadA) = DailyReportTest.Worker(first, clockA, sink);
        var (b, leadB) = DailyReportTest.Worker(second, clockB, sink);
        await a.TickAsync(CancellationToken.None);
        await b.TickAsync(CancellationToken.None);
        leadA.Leading.Should().BeTrue();
        leadB.Leading.Should().BeFalse();

        (await KillLeaderAsync(schema, "default")).Should().Be(1);
        clockA.Advance(Duration.FromDays(1));
        clockB.Advance(Duration.FromDays(1));
        await b.TickAsync(CancellationToken.None);
        await a.TickAsync(CancellationToken.None);
        await b.TickAsync(CancellationToken.None);

        leadB.Leading.Should().BeTrue("the killed leader's lock went with its session");
        leadA.Leading.Should().BeFalse();
        DailyReportTest.Reports(sink).DistinctBy(m => m.Id).Select(m => m.Subject[..30]).Should().Equal("Строки звернень на 27.02.2023:", "Строки звернень на 28.02.2023:");
        first.GetRequiredService<ICaseStore>().Should().BeOfType<PostgreSqlCaseStore>();
    }

    [Fact]
    public async Task Tick_OwnLeadLostWithItsConnection_IsLoggedAsLostThenRetaken_AndTheNextDaysReportComesOnce()
    {
        var schema = $"d_{Guid.NewGuid():N}";
        await using var services = Services(schema);
        var sink = new DailyReportTest.CollectingSink();
        var clock = new FakeClock(Monday0800);
        var logger = new Microsoft.Extensions.Logging.Testing.FakeLogger<PeriodicWork>();
        var (worker, lead) = DailyReportTest.Worker(services, clock, sink, logger: logger);
        await worker.TickAsync(CancellationToken.None);
        lead.Leading.Should().BeTrue();

        // The session holding the lock ends (as when the server restarts); the next look says so, the one after leads again.
        (await KillLeaderAsync(schema, "default")).Should().Be(1);
        clock.Advance(Duration.FromDays(1));
        await worker.TickAsync(CancellationToken.None);
        lead.Leading.Should().BeFalse("the lead had a gap in which another worker could have run the day's report");
        await worker.TickAsync(CancellationToken.None);
        lead.Leading.Should().BeTrue();

        logger.Collector.GetSnapshot().Select(r => r.Id.Id).Should().Equal([20, 22, 21, 20, 22], "led, ran, lost, led again, ran the next day");
        DailyReportTest.Reports(sink).DistinctBy(m => m.Id).Select(m => m.Subject[..30]).Should().Equal("Строки звернень на 27.02.2023:", "Строки звернень на 28.02.2023:");
    }
}
