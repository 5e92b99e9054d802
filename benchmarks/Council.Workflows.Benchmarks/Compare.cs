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
    /// <summary>Appeals whose three timers each are due in the sweep's stores: 1,002 timers.</summary>
    public const int SweepDueCases = 334;

    public static async Task<int> RunAsync(CompareSizes sizes, string? jsonPath)
    {
        var quick = sizes.Quick;
        var results = new Dictionary<string, object?>
        {
            ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}",
            ["date"] = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["quick"] = quick,
        };

        if (sizes.PgOnly)
        {
            await PgBench.RunAsync(sizes, results);
            await WriteAsync(results, jsonPath);
            return 0;
        }

        if (sizes.ApiOnly)
        {
            await RunApiAsync(sizes, results);
            await WriteAsync(results, jsonPath);
            return 0;
        }

        if (!sizes.SearchOnly && !sizes.ReportOnly)
        {
            await RunWholeAsync(sizes, results);
            await RunApiAsync(sizes, results);
            await PgBench.RunAsync(sizes, results);
        }

        if (!sizes.SearchOnly)
        {
            await RunReportAsync(sizes, results);
        }

        if (sizes.ReportOnly)
        {
            await WriteAsync(results, jsonPath);
            return 0;
        }

        // 6. Issue 15: the register's search by the word index against the scan, on one file of --search-cases appeals.
        var searchCases = sizes.SearchCases;
        var searchDb = await MeasureBuildAsync(searchCases);
        try
        {
            // Five indexed searches each; the scan of a million appeals lasts minutes, so it runs once at that size (A/B, then B alone).
            var measured = await SearchVsScan.MeasureAsync(searchDb.Path, 5, searchCases >= 500_000 ? 1 : 3, line => Console.WriteLine(line));
            Console.WriteLine($"6. search among {searchCases:N0} appeals (built in {searchDb.Build.TotalSeconds:N0} s): index vs scan of the same file");
            foreach (var (name, total, indexed, scan) in measured)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {name,-40} {total,8:N0} hits  index {indexed.TotalMilliseconds,9:N1} ms  scan {scan.TotalMilliseconds,10:N0} ms  x{scan / indexed:N0}"));
            }

            results["searchCases"] = searchCases;
            results["searchBuildSeconds"] = Round(searchDb.Build.TotalSeconds);
            results["searchIndexedMs"] = measured.ToDictionary(m => m.Name, m => Round(m.Indexed.TotalMilliseconds));
            results["searchScanMs"] = measured.ToDictionary(m => m.Name, m => Round(m.Scan.TotalMilliseconds));
            // The weakest of the searches is the ratio the issue asks about (at least 100).
            results["searchVsScan"] = Round(measured.Min(m => m.Scan / m.Indexed));
        }
        finally
        {
            Durable.Delete(searchDb.Path);
        }

        if (jsonPath is not null)
        {
            await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
            Console.WriteLine($"Wrote {Path.GetFullPath(jsonPath)}.");
        }

        return 0;
    }

    private static async Task<(string Path, TimeSpan Build)> MeasureBuildAsync(int cases)
    {
        var watch = Stopwatch.StartNew();
        var path = await SearchVsScan.BuildAsync(cases);
        return (path, watch.Elapsed);
    }

    // Sections 1 to 5: the engine in memory and durable, the sweep, the worker's memory, the demo year and the report.
    private static async Task RunWholeAsync(CompareSizes sizes, Dictionary<string, object?> results)
    {
        var quick = sizes.Quick;
        // 1. Engine in memory against the naive pattern and a hand-written switch.
        var lifecycles = sizes.Lifecycles;
        // Warm-up at the measured size, and for at least three seconds, so the JIT's later tiers (promoted in the
        // background after a delay) and the GC's budgets are settled for all three before anything is timed.
        var warm = Stopwatch.StartNew();
        do
        {
            await Lifecycle.EngineAsync(lifecycles);
            Lifecycle.Naive(lifecycles);
            Lifecycle.Switch(lifecycles);
        }
        while (warm.Elapsed < TimeSpan.FromSeconds(3));
        var engine = await MedianAsync(4, () => Lifecycle.EngineAsync(lifecycles));
        var naive = await MedianAsync(4, () => Task.FromResult(Lifecycle.Naive(lifecycles)));
        var @switch = await MedianAsync(4, () => Task.FromResult(Lifecycle.Switch(lifecycles)));
        Print($"1. {lifecycles:N0} appeal lifecycles in memory", [("engine", engine), ("naive Stateless per case", naive), ("hand-written switch", @switch)], lifecycles, "lifecycles");
        results["engineVsNaiveStateless"] = Round(naive.TotalSeconds / engine.TotalSeconds);
        results["engineVsSwitch"] = Round(@switch.TotalSeconds / engine.TotalSeconds);

        var open = quick ? 5_000 : 20_000;
        // The engine is kept with its store: a process that holds open cases holds both (the engine's case cache too).
        var engineBytes = await BytesPerCaseAsync(open, async n => await Lifecycle.EngineWithStoreAsync(n, openOnly: true));
        var naiveBytes = await BytesPerCaseAsync(open, n => Task.FromResult<object>(Lifecycle.Naive(n, openOnly: true)));
        var switchBytes = await BytesPerCaseAsync(open, n => Task.FromResult<object>(Lifecycle.Switch(n, openOnly: true)));
        Console.WriteLine($"   bytes retained per open case: engine {engineBytes:N0}, naive {naiveBytes:N0}, switch {switchBytes:N0}");
        results["bytesPerOpenCase"] = engineBytes;
        results["bytesPerOpenCaseNaive"] = naiveBytes;

        // 2. Durable: 8 submitters, synchronous=FULL, acknowledged after commit; rounds alternate the four ways.
        var durable = sizes.DurableLifecycles;
        // Five full rounds: the disk's fsync time drifts by a fifth between runs on this machine, and the medians of three
        // moved the durable ratios by as much.
        var rounds = quick ? 2 : 5;
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

        // 3 and 4. Firing the same 1,002 due timers (334 appeals, three timers each) among few or many other open cases:
        // in process (time), and as the worker process `council run --once` (peak resident memory).
        var (small, large) = (10_000, sizes.OpenCases);
        var largeName = large == 1_000_000 ? "1M" : large % 1000 == 0 ? $"{large / 1000}k" : large.ToString(CultureInfo.InvariantCulture);
        const int dueCases = SweepDueCases;
        var smallStore = await Processes.OpenCasesStoreAsync(small, dueCases);
        var largeStore = await Processes.OpenCasesStoreAsync(large, dueCases);
        try
        {
            var (sweepSmall, sweepLarge, rssSmall, rssLarge) = (new List<TimeSpan>(), new List<TimeSpan>(), new List<long>(), new List<long>());
            // Three rounds, so the median is one of them: a sweep of 1,002 timers lasts a few hundred milliseconds.
            for (var round = 0; round < 3; round++)
            {
                sweepSmall.Add(await SweepAsync(smallStore, dueCases));
                sweepLarge.Add(await SweepAsync(largeStore, dueCases));
                rssSmall.Add(await WorkerPeakAsync(smallStore, dueCases));
                rssLarge.Add(await WorkerPeakAsync(largeStore, dueCases));
            }

            var (ss, sl, rs, rl) = (Median(sweepSmall), Median(sweepLarge), rssSmall.Max(), rssLarge.Max());
            Console.WriteLine($"3. sweep of {dueCases * 3:N0} due timers: among {small:N0} open cases {ss.TotalMilliseconds:N0} ms, among {large:N0} {sl.TotalMilliseconds:N0} ms; ratio {sl.TotalSeconds / ss.TotalSeconds:0.00}");
            Console.WriteLine($"4. worker (council run --once) peak RSS: {small:N0} open cases {Mb(rs)}, {large:N0} {Mb(rl)}; ratio {(double)rl / rs:0.00}");
            // The keys the issue names are always written; largeOpenCases says how many the large store held (quick: 100,000).
            results["largeOpenCases"] = large;
            results["sweep1MVs10k"] = results[$"sweep{largeName}Vs10k"] = Round(sl.TotalSeconds / ss.TotalSeconds);
            results["rss1MVs10k"] = results[$"rss{largeName}Vs10k"] = Round((double)rl / rs);
            results["rssWorker10kBytes"] = rs;
            results[$"rssWorker{largeName}Bytes"] = rl;
        }
        finally
        {
            Durable.Delete(smallStore);
            Durable.Delete(largeStore);
        }

        // 5. The year, for the record: the demo end to end (process start included), and the report over many cases.
        var demoDb = Durable.TempPath("demo");
        try
        {
            var demo = await Processes.CouncilAsync("demo", "--db", demoDb, "--format", "json", "--out", demoDb + ".demo.json");
            Console.WriteLine($"5. demo year end to end: {demo.Time.TotalSeconds:N1} s, peak RSS {Mb(demo.PeakBytes)}");
            results["yearDemoSeconds"] = Round(demo.Time.TotalSeconds);
            results["yearDemoPeakBytes"] = demo.PeakBytes;
            var reportCases = sizes.ReportCases;
            Processes.Multiply(demoDb, reportCases);
            var report = await Processes.CouncilAsync("report", "--year", "2023", "--db", demoDb, "--format", "json", "--out", demoDb + ".report.json");
            Console.WriteLine($"   report over {reportCases:N0} cases: {report.Time.TotalSeconds:N1} s, peak RSS {Mb(report.PeakBytes)}");
            results["reportCases"] = reportCases;
            results["reportSeconds"] = Round(report.Time.TotalSeconds);
            results["reportPeakBytes"] = report.PeakBytes;
        }
        finally
        {
            Durable.Delete(demoDb);
            File.Delete(demoDb + ".demo.json");
            File.Delete(demoDb + ".report.json");
        }

    }

    // 7. Issue 16: the year report and the quarter's statutory tables from the stored report facts against the replay of
    // every case, in this process, on the demo year copied to --report-cases cases (with their facts).
    private static async Task RunReportAsync(CompareSizes sizes, Dictionary<string, object?> results)
    {
        var path = Durable.TempPath("report");
        try
        {
            var build = Stopwatch.StartNew();
            await Processes.CouncilAsync("demo", "--db", path, "--format", "json", "--out", path + ".demo.json");
            Processes.Multiply(path, sizes.ReportCases);
            build.Stop();
            Console.WriteLine($"7. report over {sizes.ReportCases:N0} cases (the demo year copied; built in {build.Elapsed.TotalSeconds:N0} s): facts vs replay");
            // The replay of a million cases lasts minutes: once at that size, the fast way three times.
            var m = await ReportFastVsReplay.MeasureAsync(path, 2023, 3, sizes.ReportCases >= 500_000 ? 1 : 3, Console.WriteLine);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   year report: facts {m.YearFast.TotalSeconds:N2} s, replay {m.YearReplay.TotalSeconds:N1} s, x{m.YearReplay / m.YearFast:N1}; quarter's tables: facts {m.QuarterFast.TotalSeconds:N2} s, replay {m.QuarterReplay.TotalSeconds:N1} s, x{m.QuarterReplay / m.QuarterFast:N1}"));
            results["reportFastCases"] = sizes.ReportCases;
            results["reportFastSeconds"] = Round(m.YearFast.TotalSeconds);
            results["reportReplaySeconds"] = Round(m.YearReplay.TotalSeconds);
            results["reportFastVsReplay"] = Round(m.YearReplay / m.YearFast);
            results["quarterTableSeconds"] = Round(m.QuarterFast.TotalSeconds);
            results["quarterTableReplaySeconds"] = Round(m.QuarterReplay.TotalSeconds);
            results["quarterFastVsReplay"] = Round(m.QuarterReplay / m.QuarterFast);
        }
        finally
        {
            Durable.Delete(path);
            File.Delete(path + ".demo.json");
        }
    }

    // 8. Issue 17: 50 concurrent API clients running the appeal lifecycle over HTTP against the engine's own durable rate
    // (the same lifecycle, composition and store, 50 lanes), A/B/A/B; the desk page's latency under the API's load.
    private static async Task RunApiAsync(CompareSizes sizes, Dictionary<string, object?> results)
    {
        var count = sizes.ApiLifecycles;
        var durable = new List<TimeSpan>();
        var engine = new List<TimeSpan>();
        var api = new List<TimeSpan>();
        var desk = new List<double>();
        for (var round = 0; round < 2; round++)
        {
            // The engine's own durable rate as section 2 measures it (8 submitters, the lifecycle with extensions), the same
            // lifecycle as the API's through the engine with 50 lanes, and the API.
            var (d, path) = await Durable.EngineAsync(count);
            Durable.Delete(path);
            durable.Add(d);
            engine.Add(await ApiVsEngine.EngineAsync(count));
            var (time, deskMs) = await ApiVsEngine.ApiAsync(count);
            api.Add(time);
            desk.AddRange(deskMs);
        }

        var du = durable.Order().First();
        var e = engine.Order().First();
        var a = api.Order().First();
        desk.Sort();
        var median = desk.Count == 0 ? double.NaN : desk[desk.Count / 2];
        var p99 = desk.Count == 0 ? double.NaN : desk[Math.Min(desk.Count - 1, (int)Math.Ceiling(desk.Count * 0.99) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"8. {count:N0} appeal lifecycles, SQLite synchronous=FULL: the engine's durable rate (section 2's way, {Durable.Submitters} submitters) {count / du.TotalSeconds:N0}/s; the API's lifecycle (register, assign, answer, take off control) through the engine with {ApiVsEngine.Clients} lanes {count / e.TotalSeconds:N0}/s, through the API by {ApiVsEngine.Clients} HTTP clients {count / a.TotalSeconds:N0}/s: apiVsEngineDurable {du / a:0.00}, apiVsEngine50Lanes {e / a:0.00}; the desk page under that load: median {median:N1} ms, p99 {p99:N1} ms ({desk.Count} requests)"));
        results["apiLifecycles"] = count;
        results["apiClients"] = ApiVsEngine.Clients;
        results["engineDurableLifecyclesPerSecond"] = Round(count / du.TotalSeconds);
        results["engine50LanesLifecyclesPerSecond"] = Round(count / e.TotalSeconds);
        results["apiLifecyclesPerSecond"] = Round(count / a.TotalSeconds);
        results["apiVsEngineDurable"] = Round(du / a);
        results["apiVsEngine50Lanes"] = Round(e / a);
        results["deskMedianMs"] = Round(median);
        results["deskP99Ms"] = Round(p99);
        results["deskRequests"] = desk.Count;
    }

    private static async Task WriteAsync(Dictionary<string, object?> results, string? jsonPath)
    {
        if (jsonPath is not null)
        {
            await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
            Console.WriteLine($"Wrote {Path.GetFullPath(jsonPath)}.");
        }
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

    // Each reading is taken on a fresh stack. The in-memory engine's commands complete synchronously, so everything after
    // an engine's first command (whose row refresh is started on the thread pool) runs nested in that await's continuation,
    // and the frames of the last engine built, with its store, stay live on the stack until the next real await unwinds it.
    // Read from there, "before" counted the previous engine's store and the build freed it (it took that stack's place):
    // run H's −566 bytes a case was the warm-up's 20,000 full lifecycles counted against 20,000 open ones. Yielding to the
    // thread pool leaves on the stack nothing but what this method holds, and `kept` is all it holds after the build.
    private static async Task<long> BytesPerCaseAsync(int count, Func<int, Task<object>> build)
    {
        await Task.Yield();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var kept = await build(count);
        await Task.Yield();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(kept);
        return (after - before) / count;
    }

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:N0} MB");

    // The worker's own path in this process, on a copy of the store: the timer sweeper over the SQLite store, timed.
    public static async Task<TimeSpan> SweepAsync(string store, int dueCases)
    {
        var copy = Processes.Copy(store);
        try
        {
            var registry = new WorkflowRegistry([Lifecycle.NewWorkflow()]);
            await using var sqlite = new SqliteCaseStore(new SqliteStoreOptions { Path = copy, Durability = Durability.Full }, registry.EventTypes);
            var engine = new WorkflowEngine(sqlite, registry);
            var watch = Stopwatch.StartNew();
            var report = await new TimerSweeper(engine).SweepAsync(Instant.FromUtc(2023, 6, 1, 0, 0));
            watch.Stop();
            // Each due case has two reminders and its deadline; swept after the deadline, the reminders are decided and
            // ignored (a reminder of a lapsed deadline is not sent) and the deadline fires: three commands a case.
            return report is { Failed: 0 } && report.Fired == dueCases && report.Fired + report.Ignored == dueCases * 3
                ? watch.Elapsed
                : throw new InvalidOperationException($"The sweep decided {report.Total} timers ({report.Fired} fired, {report.Ignored} ignored, {report.Failed} failed), not {dueCases * 3} ({dueCases} fired).");
        }
        finally
        {
            Durable.Delete(copy);
        }
    }

    // The worker as a process, on a copy of the store: one sweep, then its peak resident memory.
    private static async Task<long> WorkerPeakAsync(string store, int dueCases)
    {
        var copy = Processes.Copy(store);
        try
        {
            var run = await Processes.CouncilAsync("run", "--once", "--at", "2023-06-01", "--db", copy, "--outbox", "none");
            await using var check = new SqliteConnection($"Data Source={copy};Pooling=False");
            await check.OpenAsync();
            await using var count = check.CreateCommand();
            // Swept after the deadlines, each due case records its missed deadline; its two reminders are decided and not sent.
            count.CommandText = "SELECT count(*) FROM events WHERE type = 'deadline-missed'";
            var fired = (long)(await count.ExecuteScalarAsync())!;
            return fired == dueCases ? run.PeakBytes : throw new InvalidOperationException($"The worker recorded {fired} missed deadlines, not {dueCases}: {run.Output}");
        }
        finally
        {
            Durable.Delete(copy);
        }
    }
}

/// <summary>The sizes of a comparison run: the full defaults, the quick ones, or given.</summary>
internal sealed record CompareSizes(bool Quick, int Lifecycles, int DurableLifecycles, int OpenCases, int ReportCases)
{
    /// <summary>Lifecycles of section 8, through the API and through the engine (default 5,000; quick 1,000).</summary>
    public int ApiLifecycles { get; init; } = 5_000;

    /// <summary>Only section 8, the API against the engine.</summary>
    public bool ApiOnly { get; init; }

    /// <summary>Appeals in the search's file (default 1,000,000; quick 100,000).</summary>
    public int SearchCases { get; init; } = 1_000_000;

    /// <summary>Only section 6, the search against the scan.</summary>
    public bool SearchOnly { get; init; }

    /// <summary>Only section 7, the reports from the facts against the replay.</summary>
    public bool ReportOnly { get; init; }

    /// <summary>Only section 9, the PostgreSQL store on a local server the benchmark starts.</summary>
    public bool PgOnly { get; init; }

    /// <summary>Lifecycles of each durable run on PostgreSQL (default 5,000; quick 1,000).</summary>
    public int PgLifecycles { get; init; } = 5_000;

    /// <summary>Due timers of the workers' backlog (default 100,000; quick 10,000).</summary>
    public int PgBacklogTimers { get; init; } = 100_000;

    /// <summary>Open cases of the large PostgreSQL store (default 1,000,000; quick 100,000); the small one holds 10,000.</summary>
    public int PgOpenCases { get; init; } = 1_000_000;

    public static CompareSizes Of(
        bool quick, int? lifecycles, int? durable, int? open, int? report, int? search = null, bool searchOnly = false, bool reportOnly = false, bool apiOnly = false,
        bool pgOnly = false, int? pgOpen = null, int? pgTimers = null)
    {
        var sizes = new CompareSizes(
            quick, lifecycles ?? (quick ? 2_000 : 20_000), durable ?? (quick ? 1_000 : 5_000), open ?? (quick ? 100_000 : 1_000_000), report ?? (quick ? 100_000 : 1_000_000))
        {
            SearchCases = search ?? (quick ? 100_000 : 1_000_000), SearchOnly = searchOnly, ReportOnly = reportOnly,
            ApiLifecycles = quick ? 1_000 : 5_000, ApiOnly = apiOnly,
            PgOnly = pgOnly, PgLifecycles = durable ?? (quick ? 1_000 : 5_000), PgBacklogTimers = pgTimers ?? (quick ? 10_000 : 100_000), PgOpenCases = pgOpen ?? (quick ? 100_000 : 1_000_000),
        };
        return sizes is { Lifecycles: >= 16, DurableLifecycles: >= 16, OpenCases: >= 10_000, ReportCases: >= 1, SearchCases: >= 1_000, PgOpenCases: >= 10_000, PgBacklogTimers: >= 2 }
            ? sizes
            : throw new ArgumentException("Sizes: at least 16 lifecycles, 10,000 open cases (also on PostgreSQL), 1 report case, 1,000 search cases and 2 backlog timers.");
    }
}
