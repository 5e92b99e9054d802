using Council.Workflows.Appeals;
using Council.Workflows.Engine;
using Council.Workflows.Tests.Stores;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;

namespace Council.Workflows.Host.Tests.PostgreSql;

// Several real `council` processes on one PostgreSQL database (a real server, started by the fixture): three workers sweep
// a backlog while one of them is killed (SIGKILL) again and again mid-sweep — afterwards every timer has fired exactly
// once and no event is lost or duplicated; several processes register at once — the numbers are gapless, none twice.
[Collection(PostgreSqlTests.Name)]
public sealed class PostgreSqlProcessesTest(PostgreSqlServer server)
{
    private const int Appeals = 300;

    [Fact]
    public async Task ThreeWorkers_OneKilledRepeatedlyMidSweep_FireEveryTimerExactlyOnce()
    {
        var pg = server.ConnectionString("processes_crash");
        var ids = await SeedAsync(pg);
        var at = "2023-02-28T08:00:00Z";
        var due = NodaTime.Text.InstantPattern.ExtendedIso.Parse(at).Value.ToUnixTimeTicks();
        string[] Run(string when) => ["run", "--once", "--at", when, "--db", pg, "--outbox", "none"];

        var steady = new[] { CouncilProcess.Start(Run(at)), CouncilProcess.Start(Run(at)) };
        var midSweepKills = 0;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var before = Count(pg, "SELECT count(*) FROM council.events");
            using var victim = CouncilProcess.Start(Run(at));
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (!victim.HasExited && waited.Elapsed < TimeSpan.FromSeconds(60))
            {
                if (Count(pg, "SELECT count(*) FROM council.events") > before + 5)
                {
                    victim.Kill(entireProcessTree: true);
                    if (Count(pg, $"SELECT count(*) FROM council.timers WHERE due_at <= {due}") > 0)
                    {
                        midSweepKills++;
                    }

                    break;
                }

                await Task.Delay(10);
            }

            await victim.WaitForExitAsync();
        }

        foreach (var worker in steady)
        {
            using (worker)
            {
                await worker.WaitForExitAsync();
                worker.ExitCode.Should().Be(0, await worker.StandardError.ReadToEndAsync());
            }
        }

        // A killed worker's claims lapse with their lease; a last sweep takes them, then one after the deadlines.
        var final = await CouncilProcess.RunAsync(Run("2023-02-28T08:10:00Z"));
        var afterTheDeadline = await CouncilProcess.RunAsync(Run("2023-06-01T00:00:00Z"));

        final.ExitCode.Should().Be(0, final.Err);
        afterTheDeadline.ExitCode.Should().Be(0, afterTheDeadline.Err);
        midSweepKills.Should().BeGreaterThan(0, "a worker must have been killed while timers were still pending");
        Count(pg, "SELECT count(*) FROM council.timers").Should().Be(0);
        await using var services = Services(pg);
        var store = services.GetRequiredService<ICaseStore>();
        foreach (var id in ids)
        {
            var history = await store.LoadHistoryAsync(id);
            history.Select(e => e.Version).Should().Equal(Enumerable.Range(1, history.Count).Select(v => (long)v), "no event is lost or duplicated");
            history.Count(e => e.Type == "reminder-sent").Should().Be(2, "each reminder fires once, whichever worker fired it");
            history.Count(e => e.Type == "deadline-missed").Should().Be(1);
        }

        Count(pg, "SELECT count(*) FROM council.outbox").Should().Be(Appeals * 3);
        Count(pg, "SELECT count(DISTINCT id) FROM council.outbox").Should().Be(Appeals * 3);
    }

    [Fact]
    public async Task SeveralProcesses_RegisteringAtOnce_TakeGaplessNumbers()
    {
        var pg = server.ConnectionString("processes_numbers");
        (await CouncilProcess.RunAsync("init", "--simulation", "--db", pg)).ExitCode.Should().Be(0);
        async Task<List<int>> ClerkAsync(int clerk)
        {
            var codes = new List<int>();
            for (var i = 0; i < 8; i++)
            {
                var run = await CouncilProcess.RunAsync("appeals", "register", "--kind", "application", "--applicant", $"Заявник {clerk}-{i}", "--address", "м. Житомир",
                    "--subject", "Питання", "--at", "2023-01-31T10:00", "--as", "Петренко Олена", "--role", "clerk", "--db", pg);
                codes.Add(run.ExitCode);
            }

            return codes;
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(ClerkAsync));

        results.SelectMany(c => c).Should().AllBeEquivalentTo(0, "every registration is acknowledged");
        var list = await CouncilProcess.RunAsync("appeals", "list", "--db", pg, "--json");
        var indexes = System.Text.Json.JsonDocument.Parse(list.Out).RootElement.EnumerateArray().Select(e => e.GetProperty("index").GetString()).ToList();
        indexes.Should().BeEquivalentTo(Enumerable.Range(1, 32).Select(n => $"З-{n}"), "numbers (the index by the applicant's initial) are gapless and none is taken twice");
    }

    [Fact]
    public async Task SeveralProcesses_ActingOnTheSameAppeals_ReportConflicts_AndLoseNothing()
    {
        var pg = server.ConnectionString("processes_acting");
        (await CouncilProcess.RunAsync("init", "--simulation", "--db", pg)).ExitCode.Should().Be(0);
        var appeals = new List<(CaseId Id, string Index)>();
        for (var i = 0; i < 3; i++)
        {
            var registered = await CouncilProcess.RunAsync("appeals", "register", "--kind", "application", "--applicant", $"Заявник {i}", "--address", "м. Житомир",
                "--subject", $"Питання {i}", "--at", "2023-01-31T10:00", "--as", "Петренко Олена", "--role", "clerk", "--db", pg, "--json");
            registered.ExitCode.Should().Be(0, registered.Err);
            var json = System.Text.Json.JsonDocument.Parse(registered.Out).RootElement;
            appeals.Add((CaseId.Parse(json.GetProperty("id").GetString()!), json.GetProperty("index").GetString()!));
        }

        await using var services = Services(pg);
        var store = services.GetRequiredService<ICaseStore>();
        var registeredAt = (await store.LoadHistoryAsync(appeals[0].Id)).Count;

        // On each appeal at once: two heads assigning different executors, the executor's interim answer sent twice under
        // one command id (a retry from another process), the final answer, and two clerks correcting the
        // registration as they saw it (--expected-version: the version after registration) — one of those two at most.
        var acts = new List<Act>();
        foreach (var (id, index) in appeals)
        {
            var head = new[] { "--as", "Мельник Віктор", "--role", "head" };
            var executor = new[] { "--as", "Бондар Сергій", "--role", "executor" };
            var clerk = new[] { "--as", "Петренко Олена", "--role", "clerk" };
            var retried = Guid.NewGuid();
            acts.Add(new Act(id, "assign", Guid.NewGuid(), null, [index, "--executor", "Бондар Сергій", .. head]));
            acts.Add(new Act(id, "assign", Guid.NewGuid(), null, [index, "--executor", "Ткаченко Ірина", .. head]));
            acts.Add(new Act(id, "interim", retried, null, [index, "--text", "Звернення розглядається", .. executor]));
            acts.Add(new Act(id, "interim", retried, null, [index, "--text", "Звернення розглядається", .. executor]));
            acts.Add(new Act(id, "answer", Guid.NewGuid(), null, [index, "--outcome", "explained", "--summary", "Роз'яснено порядок", .. executor]));
            acts.Add(new Act(id, "correct", Guid.NewGuid(), registeredAt, [index, "--subject", "Ремонт дороги", "--reason", "Описка", .. clerk]));
            acts.Add(new Act(id, "correct", Guid.NewGuid(), registeredAt, [index, "--address", "м. Житомир, вул. Київська, 1", "--reason", "Описка", .. clerk]));
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        var runs = await Task.WhenAll(acts.Select(a => CouncilProcess.RunAsync(
            ["appeals", a.Verb, .. a.Args, "--command-id", a.CommandId.ToString(), "--at", "2023-02-01T10:00", "--db", pg, "--json",
             .. a.Expected is { } v ? new[] { "--expected-version", v.ToString(System.Globalization.CultureInfo.InvariantCulture) } : []])));
        Console.WriteLine($"{acts.Count} processes acting at once: {started.Elapsed.TotalSeconds:0.0} s; " +
            string.Join(", ", runs.GroupBy(r => r.ExitCode).OrderBy(g => g.Key).Select(g => $"exit {g.Key}: {g.Count()}")));

        // Every process says what became of its act: accepted (0, nothing on standard error), refused (3) or a conflict (4),
        // each in one line; its JSON says the same.
        var outcomes = new List<(Act Act, string Status, bool Repeat, long[] Versions)>();
        foreach (var (act, run) in acts.Zip(runs))
        {
            var because = $"{act.Verb} {string.Join(' ', act.Args)}: exit {run.ExitCode}, {run.Err}";
            run.ExitCode.Should().BeOneOf([0, 3, 4], because);
            var json = System.Text.Json.JsonDocument.Parse(run.Out).RootElement;
            var status = json.GetProperty("status").GetString()!;
            status.Should().Be(run.ExitCode switch { 0 => "accepted", 3 => "refused", _ => "conflict" }, because);
            var lines = run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (run.ExitCode == 0)
            {
                lines.Should().BeEmpty(because);
            }
            else
            {
                lines.Should().ContainSingle(because).Which.Should().StartWith($"council: {status}: ", because);
            }

            outcomes.Add((act, status, json.GetProperty("repeat").GetBoolean(), [.. json.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("version").GetInt64())]));
        }

        var accepted = outcomes.Where(o => o.Status == "accepted" && !o.Repeat).ToList();
        outcomes.Count(o => o.Status == "conflict").Should().BeGreaterThanOrEqualTo(appeals.Count, "of two acts decided on the same version, one at least is a conflict");
        var letters = new List<long>();
        foreach (var (id, index) in appeals)
        {
            var mine = outcomes.Where(o => o.Act.Case == id).ToList();
            var history = await store.LoadHistoryAsync(id);
            history.Select(e => e.Version).Should().Equal(Enumerable.Range(1, history.Count).Select(v => (long)v), $"{index}: the history is contiguous");
            (await store.LoadCaseAsync(id))!.Version.Should().Be(history.Count, $"{index}: the case row is the history's last version, nothing half-written");

            // The two acts decided on the registration's version: one at most made, at the next version; the other a conflict.
            var onVersion = mine.Where(o => o.Act.Expected is not null).ToList();
            onVersion.Count(o => o.Status == "accepted").Should().BeLessThanOrEqualTo(1, index);
            onVersion.Count(o => o.Status == "conflict").Should().BeGreaterThanOrEqualTo(1, index);
            foreach (var made in onVersion.Where(o => o.Status == "accepted"))
            {
                made.Versions.Should().StartWith([registeredAt + 1], $"{index}: made on the version it was decided on");
            }

            // The retried command: one effect; both processes told the same.
            var retries = mine.Where(o => o.Act.Verb == "interim").ToList();
            retries.Select(o => o.Status).Distinct().Should().ContainSingle($"{index}: a retried command has one result");
            if (retries[0].Status == "accepted")
            {
                retries.Count(o => !o.Repeat).Should().Be(1, $"{index}: one of the two made the act, the other was told it was made");
                retries[0].Versions.Should().Equal(retries[1].Versions);
            }

            // Every accepted act is in the history exactly once, at the versions it was told; nothing else is.
            foreach (var made in accepted.Where(o => o.Act.Case == id))
            {
                history.Where(e => e.CommandId == made.Act.CommandId).Select(e => e.Version).Should().Equal(made.Versions, $"{index}: {made.Act.Verb}");
                (await store.FindResultAsync(made.Act.CommandId)).Should().NotBeNull($"{index}: {made.Act.Verb}'s result is kept with its events");
            }

            history.Skip(registeredAt).Select(e => e.CommandId).Distinct().Should().BeEquivalentTo(
                accepted.Where(o => o.Act.Case == id).Select(o => o.Act.CommandId), $"{index}: the acts made are those that said so, and only those");
            var appeal = (Appeal)(await services.GetRequiredService<WorkflowEngine>().LoadAsync(id))!;
            letters.AddRange(appeal.Letters.Select(l => l.Sequence));
        }

        letters.Should().BeEquivalentTo(Enumerable.Range(1, letters.Count).Select(n => (long)n), "the outgoing journal's numbers are gapless and none is taken twice");
        var ids = accepted.Select(o => o.Act.CommandId).ToArray();
        await using var connection = new NpgsqlConnection(pg);
        await connection.OpenAsync();
        await using var kept = new NpgsqlCommand("SELECT count(*) FROM council.commands WHERE id = ANY(@ids)", connection);
        kept.Parameters.AddWithValue("ids", ids);
        ((long)(await kept.ExecuteScalarAsync())!).Should().Be(ids.Length, "each accepted command is kept once");
    }

    private sealed record Act(CaseId Case, string Verb, Guid CommandId, long? Expected, string[] Args);

    [Fact]
    public async Task AnIdleWorker_IsWokenByItsCouncilsCommit_NotByAnothers()
    {
        var pg = server.ConnectionString("processes_wakeups");
        await using var ours = Services(pg);
        await using var theirs = new ServiceCollection().AddCouncilWorkflows(o => o.DefaultCouncil = "berdychiv").AddCouncilWorkflowsPostgreSql(o =>
        {
            o.ConnectionString = pg;
            o.Simulation = true; // its council: the engine's (DefaultCouncil), as the store takes it unless told otherwise
        }).BuildServiceProvider();
        var waiting = (IStoreWakeups)ours.GetRequiredService<ICaseStore>();
        (await waiting.WaitForWorkAsync(TimeSpan.FromMilliseconds(200))).Should().BeFalse("nothing was committed");

        async Task RegisterAsync(ServiceProvider services, Instant? at = null) =>
            (await services.GetRequiredService<WorkflowEngine>().ExecuteAsync(new RegisterAppeal
            {
                CommandId = Guid.NewGuid(), CaseId = CaseId.New(), Actor = new Official("Петренко Олена", OfficialRole.Clerk), At = at ?? Instant.FromUtc(2023, 1, 31, 8, 0),
                Kind = AppealKind.Application, Applicants = [new Applicant("Коваленко Петро", "м. Житомир")], Subject = "Дорога",
            })).Status.Should().Be(CommandStatus.Accepted);

        var another = waiting.WaitForWorkAsync(TimeSpan.FromSeconds(2)).AsTask();
        await Task.Delay(300);
        await RegisterAsync(theirs);
        (await another).Should().BeFalse("another council's commit does not wake this council's worker");

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var own = waiting.WaitForWorkAsync(TimeSpan.FromSeconds(30)).AsTask();
        await Task.Delay(300);
        await RegisterAsync(ours);
        (await own).Should().BeTrue("a commit that schedules timers due now wakes the council's idle worker");
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20), "woken, not timed out");

        // An appeal registered today schedules its reminders days ahead: beyond the wake horizon, left to the polling.
        var later = waiting.WaitForWorkAsync(TimeSpan.FromSeconds(2)).AsTask();
        await Task.Delay(300);
        await RegisterAsync(ours, ours.GetRequiredService<WorkflowEngine>().Clock.GetCurrentInstant());
        (await later).Should().BeFalse("timers days ahead do not wake the worker");
    }

    private static async Task<List<CaseId>> SeedAsync(string pg)
    {
        await using var services = Services(pg);
        var engine = services.GetRequiredService<WorkflowEngine>();
        var clerk = new Official("Петренко Олена", OfficialRole.Clerk);
        var head = new Official("Мельник Віктор", OfficialRole.Head);
        var at = Instant.FromUtc(2023, 1, 31, 8, 0);
        var ids = Enumerable.Range(0, Appeals).Select(_ => CaseId.New()).ToList();
        // Eight at a time, as a busy office would.
        await Parallel.ForEachAsync(ids.Select((id, i) => (id, i)), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, ct) =>
        {
            (await engine.ExecuteAsync(new RegisterAppeal
            {
                CommandId = Guid.NewGuid(), CaseId = item.id, Actor = clerk, At = at, Kind = AppealKind.Application,
                Applicants = [new Applicant($"Заявник {item.i}", "м. Житомир")], Subject = $"Питання {item.i}",
            }, ct)).Status.Should().Be(CommandStatus.Accepted);
            (await engine.ExecuteAsync(new AssignExecutor { CommandId = Guid.NewGuid(), CaseId = item.id, Actor = head, At = at, Executor = "Бондар Сергій" }, ct))
                .Status.Should().Be(CommandStatus.Accepted);
        });
        return ids;
    }

    // A simulation schema: the test sweeps at chosen instants.
    private static ServiceProvider Services(string pg) => new ServiceCollection().AddCouncilWorkflows().AddCouncilWorkflowsPostgreSql(o =>
    {
        o.ConnectionString = pg;
        o.Simulation = true;
    }).BuildServiceProvider();

    private static long Count(string pg, string sql)
    {
        using var connection = new NpgsqlConnection(pg);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return (long)command.ExecuteScalar()!;
    }
}
