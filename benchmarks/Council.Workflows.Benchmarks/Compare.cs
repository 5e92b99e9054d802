using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Council.Workflows.Engine;
using Council.Workflows.Sqlite;
using Microsoft.Data.Sqlite;

namespace Council.Workflows.Benchmarks;

// Whole-run comparisons: each pair runs A/B/A/B in this process; medians and ratios are printed, and written as JSON.
internal static class Compare
{
    public static async Task<int> RunAsync(bool quick, string? jsonPath)
    {
        var results = new Dictionary<string, object?>
        {
            ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}",
            ["quick"] = quick,
        };

        // 1. Engine in memory against the naive pattern and a hand-written switch.
        var lifecycles = quick ? 2_000 : 20_000;
        await Lifecycle.EngineAsync(200);
        Lifecycle.Naive(200);
        Lifecycle.Switch(200);
        var engine = await MedianAsync(4, () => Lifecycle.EngineAsync(lifecycles));
        var naive = await MedianAsync(4, () => Task.FromResult(Lifecycle.Naive(lifecycles)));
        var @switch = await MedianAsync(4, () => Task.FromResult(Lifecycle.Switch(lifecycles)));
        Print($"1. {lifecycles:N0} appeal lifecycles in memory", [("engine", engine), ("naive Stateless per case", naive), ("hand-written switch", @switch)], lifecycles, "lifecycles");
        results["engineVsNaiveStateless"] = Round(naive.TotalSeconds / engine.TotalSeconds);
        results["engineVsSwitch"] = Round(@switch.TotalSeconds / engine.TotalSeconds);

        var open = quick ? 5_000 : 20_000;
        var engineBytes = await BytesPerCaseAsync(open, async n => await Lifecycle.EngineAsync(n, openOnly: true));
        var naiveBytes = await BytesPerCaseAsync(open, n => Task.FromResult<object>(Lifecycle.Naive(n, openOnly: true)));
        var switchBytes = await BytesPerCaseAsync(open, n => Task.FromResult<object>(Lifecycle.Switch(n, openOnly: true)));
        Console.WriteLine($"   bytes retained per open case: engine {engineBytes:N0}, naive {naiveBytes:N0}, switch {switchBytes:N0}");
        results["bytesPerOpenCase"] = engineBytes;
        results["bytesPerOpenCaseNaive"] = naiveBytes;

        // 2. Durable: 8 submitters, synchronous=FULL, acknowledged after commit; rounds alternate the four ways.
        var durable = quick ? 1_000 : 5_000;
        var rounds = quick ? 2 : 3;
        var (engineDurable, naiveDurable, rawDurable, workflowCore) = (new List<TimeSpan>(), new List<TimeSpan>(), new List<TimeSpan>(), new List<TimeSpan>());
        for (var round = 0; round < rounds; round++)
        {
            var (time, path) = await Durable.EngineAsync(durable);
            engineDurable.Add(time);
            try
            {
                rawDurable.Add(await Durable.RawAsync(path, durable));
            }
            finally
            {
                Durable.Delete(path);
            }

            naiveDurable.Add(await Durable.NaiveAsync(durable));
            workflowCore.Add(await WorkflowCoreRun.RunAsync(durable));
        }

        var (ed, nd, rd, wc) = (Median(engineDurable), Median(naiveDurable), Median(rawDurable), Median(workflowCore));
        Print($"2. {durable:N0} appeal lifecycles, {Durable.Submitters} submitters, durable (synchronous=FULL) unless said", [("engine on SQLite", ed), ("Workflow Core 3.22 in memory", wc), ("naive: txn per command", nd), ("raw SQLite ceiling", rd)], durable, "lifecycles");
        results["durableVsWorkflowCore"] = Round(wc.TotalSeconds / ed.TotalSeconds);
        results["durableVsNaive"] = Round(nd.TotalSeconds / ed.TotalSeconds);
        results["durableVsRawSqlite"] = Round(rd.TotalSeconds / ed.TotalSeconds);

        // 3. Firing the same due timers when the store holds few or many other pending timers (SQLite, the worker's path).
        var (small, large) = quick ? (10_000, 100_000) : (10_000, 1_000_000);
        var dueCases = quick ? 100 : 334;
        var sweepSmall = await SweepAsync(small, dueCases);
        var sweepLarge = await SweepAsync(large, dueCases);
        Console.WriteLine($"3. sweep of {dueCases * 3:N0} due timers: with {small:N0} other open cases {sweepSmall.TotalMilliseconds:N0} ms, with {large:N0} {sweepLarge.TotalMilliseconds:N0} ms; ratio {sweepLarge.TotalSeconds / sweepSmall.TotalSeconds:0.00}");
        results[quick ? "sweep100kVs10k" : "sweep1MVs10k"] = Round(sweepLarge.TotalSeconds / sweepSmall.TotalSeconds);

        // Not measured yet (see benchmarks/README.md): durable against Workflow Core, naive durable and raw SQLite; RSS.
        foreach (var key in new[] { "rss1MVs10k" })
        {
            results.TryAdd(key, null);
        }

        if (jsonPath is not null)
        {
            await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
            Console.WriteLine($"Wrote {Path.GetFullPath(jsonPath)}.");
        }

        return 0;
    }

    private static double Round(double value) => Math.Round(value, 2);

    private static void Print(string title, (string Name, TimeSpan Time)[] rows, int count, string unit)
    {
        Console.WriteLine(title);
        var baseline = rows[0].Time;
        foreach (var (name, time) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {name,-28} {time.TotalMilliseconds,10:N1} ms  {count / time.TotalSeconds,12:N0} {unit}/s  x{baseline.TotalSeconds / time.TotalSeconds:0.00} of the engine's time"));
        }
    }

    private static TimeSpan Median(List<TimeSpan> times)
    {
        var sorted = times.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    // A/B/A/B: the runs of one measurement interleave with the others' only through their order of call here.
    private static async Task<TimeSpan> MedianAsync<T>(int runs, Func<Task<T>> work)
    {
        var times = new List<TimeSpan>();
        for (var i = 0; i < runs; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var watch = Stopwatch.StartNew();
            GC.KeepAlive(await work());
            times.Add(watch.Elapsed);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    private static async Task<long> BytesPerCaseAsync(int count, Func<int, Task<object>> build)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var kept = await build(count);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(kept);
        return (after - before) / count;
    }

    private static async Task<TimeSpan> SweepAsync(int background, int dueCases)
    {
        var path = Path.Combine(Path.GetTempPath(), $"council-sweep-{Guid.NewGuid():N}.db");
        try
        {
            var registry = new WorkflowRegistry([Lifecycle.NewWorkflow()]);
            using (new SqliteCaseStore(new SqliteStoreOptions { Path = path }, registry))
            {
            }

            // Background: open cases whose timers are years away, written directly (they are never fired).
            await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                await connection.OpenAsync();
                await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
                await using var insertCase = connection.CreateCommand();
                insertCase.Transaction = transaction;
                insertCase.CommandText = "INSERT INTO cases (id, kind, council, state, version, is_open, due_at, priority, created_at, updated_at) VALUES ($id, 'appeal', 'default', 'registered', 1, 1, $due, 0, 0, 0)";
                await using var insertTimer = connection.CreateCommand();
                insertTimer.Transaction = transaction;
                insertTimer.CommandText = "INSERT INTO timers (case_id, kind, due_at, state) VALUES ($id, 'deadline-missed:2100-01-01', $due, 'registered')";
                var id = insertCase.Parameters.Add("$id", SqliteType.Blob);
                var due = insertCase.Parameters.Add("$due", SqliteType.Integer);
                var timerId = insertTimer.Parameters.Add("$id", SqliteType.Blob);
                var timerDue = insertTimer.Parameters.Add("$due", SqliteType.Integer);
                var far = Instant.FromUtc(2100, 1, 1, 0, 0).ToUnixTimeTicks();
                for (var i = 0; i < background; i++)
                {
                    var bytes = Guid.NewGuid().ToByteArray();
                    (id.Value, due.Value, timerId.Value, timerDue.Value) = (bytes, far + i, bytes, far + i);
                    await insertCase.ExecuteNonQueryAsync();
                    await insertTimer.ExecuteNonQueryAsync();
                }

                await transaction.CommitAsync();
            }

            using var store = new SqliteCaseStore(new SqliteStoreOptions { Path = path, Durability = Durability.Full }, registry);
            var engine = new WorkflowEngine(store, registry);
            var clerk = new Official("Петренко Олена", OfficialRole.Clerk);
            await Task.WhenAll(Enumerable.Range(0, dueCases).Select(i => engine.ExecuteAsync(new Appeals.RegisterAppeal
            {
                CommandId = Guid.NewGuid(), CaseId = CaseId.New(), Actor = clerk, At = Instant.FromUtc(2023, 1, 31, 8, 0), Kind = Appeals.AppealKind.Application,
                Applicants = [new Appeals.Applicant(Lifecycle.Applicant(i), "м. Житомир")], Subject = $"Питання {i}",
            }).AsTask()));
            var watch = Stopwatch.StartNew();
            var report = await new TimerSweeper(engine).SweepAsync(Instant.FromUtc(2023, 6, 1, 0, 0));
            watch.Stop();
            if (report.Fired != dueCases * 3)
            {
                throw new InvalidOperationException($"The sweep fired {report.Fired} timers, not {dueCases * 3}.");
            }

            return watch.Elapsed;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
        }
    }
}
