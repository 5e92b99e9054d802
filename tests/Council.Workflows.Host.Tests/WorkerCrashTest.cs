using Council.Workflows.Appeals;
using Council.Workflows.Engine;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Council.Workflows.Host.Tests;

// Kills a real worker process (SIGKILL) again and again in the middle of a sweep, then lets one finish, and checks the
// store: every timer fired exactly once, no committed event lost, no history broken.
public sealed class WorkerCrashTest : IDisposable
{
    // Enough timers (three per appeal) that a sweep outlasts the 10 ms the test takes to notice it has begun.
    private const int Appeals = 600;
    private readonly string _directory = Directory.CreateTempSubdirectory("council-crash-").FullName;

    private string Db => Path.Combine(_directory, "council.db");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Run_KilledRepeatedlyMidSweep_FiresEveryTimerExactlyOnceAndLosesNothing()
    {
        var ids = await SeedAsync();
        // Every reminder is due by then and no deadline has lapsed yet (a reminder of a lapsed deadline is not sent).
        var at = "2023-02-28T08:00:00Z";
        var midSweepKills = 0;

        for (var attempt = 0; attempt < 6; attempt++)
        {
            var before = Count("SELECT count(*) FROM events");
            using var worker = CouncilProcess.Start("run", "--once", "--at", at, "--db", Db, "--outbox", "none");
            var killed = false;
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (!worker.HasExited && waited.Elapsed < TimeSpan.FromSeconds(60))
            {
                if (Count("SELECT count(*) FROM events") > before)
                {
                    worker.Kill(entireProcessTree: true);
                    killed = true;
                    break;
                }

                await Task.Delay(10);
            }

            await worker.WaitForExitAsync();
            if (killed && Count($"SELECT count(*) FROM timers WHERE due_at <= {NodaTime.Text.InstantPattern.ExtendedIso.Parse(at).Value.ToUnixTimeTicks()}") > 0)
            {
                midSweepKills++;
            }
        }

        var final = await CouncilProcess.RunAsync("run", "--once", "--at", at, "--db", Db, "--outbox", "none", "--json");
        var afterTheDeadline = await CouncilProcess.RunAsync("run", "--once", "--at", "2023-06-01T00:00:00Z", "--db", Db, "--outbox", "none", "--json");

        final.ExitCode.Should().Be(0, final.Err);
        afterTheDeadline.ExitCode.Should().Be(0, afterTheDeadline.Err);
        midSweepKills.Should().BeGreaterThan(1, "the worker must have been killed while timers were still pending");
        Count("SELECT count(*) FROM timers").Should().Be(0);
        await using var services = Services();
        var store = services.GetRequiredService<ICaseStore>();
        foreach (var id in ids)
        {
            var history = await store.LoadHistoryAsync(id);
            history.Select(e => e.Version).Should().Equal(Enumerable.Range(1, history.Count).Select(v => (long)v), "no event is lost or duplicated");
            history.Count(e => e.Type == "reminder-sent").Should().Be(2);
            history.Count(e => e.Type == "deadline-missed").Should().Be(1);
        }

        Count("SELECT count(*) FROM outbox").Should().Be(Appeals * 3);
        Count("SELECT count(DISTINCT id) FROM outbox").Should().Be(Appeals * 3);
    }

    private async Task<List<CaseId>> SeedAsync()
    {
        await using var services = Services();
        var engine = services.GetRequiredService<WorkflowEngine>();
        var clerk = new Official("Петренко Олена", OfficialRole.Clerk);
        var head = new Official("Мельник Віктор", OfficialRole.Head);
        var at = Instant.FromUtc(2023, 1, 31, 8, 0);
        var ids = new List<CaseId>();
        for (var i = 0; i < Appeals; i++)
        {
            var id = CaseId.New();
            ids.Add(id);
            (await engine.ExecuteAsync(new RegisterAppeal
            {
                CommandId = Guid.NewGuid(), CaseId = id, Actor = clerk, At = at, Kind = AppealKind.Application,
                Applicants = [new Applicant($"Заявник {i}", "м. Житомир")], Subject = $"Питання {i}",
            })).Status.Should().Be(CommandStatus.Accepted);
            (await engine.ExecuteAsync(new AssignExecutor { CommandId = Guid.NewGuid(), CaseId = id, Actor = head, At = at, Executor = "Бондар Сергій" }))
                .Status.Should().Be(CommandStatus.Accepted);
        }

        return ids;
    }

    // A simulation database: the test sweeps at chosen instants.
    private ServiceProvider Services() => new ServiceCollection().AddCouncilWorkflows().AddCouncilWorkflowsSqlite(o =>
    {
        o.Path = Db;
        o.Simulation = true;
    }).BuildServiceProvider();

    private long Count(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Db};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
