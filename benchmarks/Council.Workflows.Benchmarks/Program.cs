using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using Council.Workflows.Benchmarks;

// `compare`, `durable`, `profile`, `sweep` and `import-repeats` are the whole-run modes; anything else goes to BenchmarkDotNet (--filter '*').
if (args.Length == 0 || args[0] is not ("compare" or "durable" or "profile" or "sweep" or "import-repeats" or "--help" or "-h"))
{
    BenchmarkSwitcher.FromAssembly(typeof(Compare).Assembly).Run(args);
    return 0;
}

var quick = new Option<bool>("--quick") { Description = "Sizes that finish in a few minutes (2,000 lifecycles in memory, 1,000 durable, 100,000 open cases, a report over 100,000 cases)." };
var json = new Option<string?>("--json") { Description = "Also write the ratios and measurements as one JSON object to this file.", HelpName = "FILE" };
var lifecycles = new Option<int?>("--lifecycles") { Description = "Appeal lifecycles in memory (default 20,000; quick 2,000).", HelpName = "N" };
var durable = new Option<int?>("--durable-lifecycles") { Description = "Appeal lifecycles in each durable run (default 5,000; quick 1,000).", HelpName = "N" };
var open = new Option<int?>("--open-cases") { Description = "Open cases of the large store for the sweep and the worker's memory (default 1,000,000; quick 100,000); the small store holds 10,000.", HelpName = "N" };
var report = new Option<int?>("--report-cases") { Description = "Cases the report reads (the demo year copied until there are this many; default 1,000,000; quick 100,000).", HelpName = "N" };
var searchCases = new Option<int?>("--search-cases") { Description = "Appeals in the file searched by the index and by the scan (section 6, searchVsScan; default 1,000,000; quick 100,000).", HelpName = "N" };
var searchOnly = new Option<bool>("--search-only") { Description = "Run only section 6, the search by the word index against the scan." };
var reportOnly = new Option<bool>("--report-only") { Description = "Run only section 7, the reports from the stored facts against the replay (reportFastVsReplay)." };
var apiOnly = new Option<bool>("--api-only") { Description = "Run only section 8: 50 concurrent API clients against the engine's durable rate (apiVsEngineDurable), and the desk page's latency under that load." };
var pgOnly = new Option<bool>("--pg-only") { Description = "Run only section 9 (issue 18), on a local PostgreSQL the benchmark starts and deletes: the engine on PostgreSQL against the raw replay of its writes (durablePgVsRawPg), a backlog swept by one and three workers (workers3Vs1, no duplicates), the sweep among --pg-open-cases open cases against 10,000 (pgSweep1MVs10k)." };
var pgOpen = new Option<int?>("--pg-open-cases") { Description = "Open cases of the large PostgreSQL store (default 1,000,000; quick 100,000).", HelpName = "N" };
var pgTimers = new Option<int?>("--pg-backlog-timers") { Description = "Due timers of the workers' backlog on PostgreSQL, two reminders per appeal (default 100,000; quick 10,000).", HelpName = "N" };
var compare = new Command("compare", "Runs every comparison of issue #7 (and issue 15's search) in this process, alternating the ways compared, and prints medians and ratios.\nExample: compare --quick --json results.json")
{
    quick, json, lifecycles, durable, open, report, searchCases, searchOnly, reportOnly, apiOnly, pgOnly, pgOpen, pgTimers,
};
compare.SetAction(async (parse, _) =>
{
    CompareSizes sizes;
    try
    {
        sizes = CompareSizes.Of(
            parse.GetValue(quick), parse.GetValue(lifecycles), parse.GetValue(durable), parse.GetValue(open), parse.GetValue(report), parse.GetValue(searchCases), parse.GetValue(searchOnly), parse.GetValue(reportOnly), parse.GetValue(apiOnly),
            parse.GetValue(pgOnly), parse.GetValue(pgOpen), parse.GetValue(pgTimers));
    }
    catch (ArgumentException e)
    {
        await Console.Error.WriteLineAsync(e.Message);
        return 2;
    }

    return await Compare.RunAsync(sizes, parse.GetValue(json));
});

var count = new Argument<int>("lifecycles") { Description = "How many appeal lifecycles." };
var engineOnly = new Option<bool>("--engine-only") { Description = "Only the engine on SQLite (to profile it)." };
var durableCommand = new Command("durable", "One round of the durable comparisons, each way once.") { count, engineOnly };
durableCommand.SetAction(async (parse, _) =>
{
    var n = parse.GetValue(count);
    var (engine, path) = await Durable.EngineAsync(n);
    Console.WriteLine($"engine on SQLite {engine.TotalMilliseconds:N0} ms");
    try
    {
        if (parse.GetValue(engineOnly))
        {
            return 0;
        }

        Console.WriteLine($"raw SQLite ceiling {(await Durable.RawAsync(path, n)).TotalMilliseconds:N0} ms");
    }
    finally
    {
        Durable.Delete(path);
    }

    Console.WriteLine($"naive durable {(await Durable.NaiveAsync(n)).TotalMilliseconds:N0} ms");
    Console.WriteLine($"Workflow Core {(await WorkflowCoreRun.RunAsync(n)).TotalMilliseconds:N0} ms");
    return 0;
});

var rounds = new Argument<int>("rounds") { Description = "Rounds of lifecycles.", DefaultValueFactory = _ => 20 };
var profileSize = new Option<int>("--lifecycles") { Description = "Lifecycles a round (default 5,000; compare's section 1 runs 20,000, past the engine's case cache of 10,000).", DefaultValueFactory = _ => 5_000, HelpName = "N" };
var profileNaive = new Option<bool>("--naive") { Description = "Also time the naive Stateless pattern each round, and print the ratio (a quick, noisy look at compare's first ratio)." };
var profile = new Command("profile", "Engine lifecycles in memory in a loop, to run under dotnet-trace or dotnet-counters.") { rounds, profileSize, profileNaive };
profile.SetAction(async (parse, _) =>
{
    var size = parse.GetValue(profileSize);
    for (var r = 0; r < parse.GetValue(rounds); r++)
    {
        var watch = Stopwatch.StartNew();
        await Lifecycle.EngineAsync(size);
        var engine = watch.Elapsed;
        var naive = "";
        if (parse.GetValue(profileNaive))
        {
            watch.Restart();
            GC.KeepAlive(Lifecycle.Naive(size));
            naive = string.Create(CultureInfo.InvariantCulture, $"; naive {watch.Elapsed.TotalMilliseconds:N0} ms, ratio {watch.Elapsed / engine:0.00}");
        }

        Console.WriteLine($"round {r + 1}: {engine.TotalMilliseconds:N0} ms{naive}; collections so far gen0 {GC.CollectionCount(0):N0}, gen1 {GC.CollectionCount(1):N0}, gen2 {GC.CollectionCount(2):N0}");
    }

    return 0;
});

var sweepRounds = new Option<int>("--rounds") { Description = "Rounds, each sweeping a fresh copy of both stores.", DefaultValueFactory = _ => 4, HelpName = "N" };
var sweepOpen = new Option<int>("--open-cases") { Description = "Open cases of the large store.", DefaultValueFactory = _ => 1_000_000, HelpName = "N" };
foreach (var positive in new[] { sweepRounds, sweepOpen })
{
    positive.Validators.Add(result =>
    {
        if (result.GetValueOrDefault<int>() < 1)
        {
            result.AddError($"{positive.Name} must be at least 1.");
        }
    });
}

var sweep = new Command("sweep", "The sweep of compare's section 3 alone, each round printed: 1,002 due timers among 10,000 and among --open-cases open cases.") { sweepRounds, sweepOpen };
sweep.SetAction(async (parse, _) =>
{
    const int dueCases = Compare.SweepDueCases;
    var small = await Processes.OpenCasesStoreAsync(10_000, dueCases);
    var large = await Processes.OpenCasesStoreAsync(parse.GetValue(sweepOpen), dueCases);
    try
    {
        for (var r = 0; r < parse.GetValue(sweepRounds); r++)
        {
            var (s, l) = (await Compare.SweepAsync(small, dueCases), await Compare.SweepAsync(large, dueCases));
            Console.WriteLine($"round {r + 1}: small {s.TotalMilliseconds:N0} ms, large {l.TotalMilliseconds:N0} ms, ratio {l / s:0.00}");
        }
    }
    finally
    {
        Durable.Delete(small);
        Durable.Delete(large);
    }

    return 0;
});

var importRows = new Option<int>("--rows") { Description = "Rows in each file.", DefaultValueFactory = _ => 20_000, HelpName = "N" };
var importNames = new Option<int>("--names") { Description = "Applicant names of the repeated file (each row's applicant is row mod K).", DefaultValueFactory = _ => 60, HelpName = "K" };
var importRounds = new Option<int>("--rounds") { Description = "Rounds, each importing both files into fresh databases; medians.", DefaultValueFactory = _ => 3, HelpName = "N" };
var importBefore = new Option<string?>("--before") { Description = "Also time this build of the host (a council.dll, e.g. of an earlier commit) on the same files.", HelpName = "DLL" };
foreach (var positive in new[] { importRows, importNames, importRounds })
{
    positive.Validators.Add(result =>
    {
        if (result.GetValueOrDefault<int>() < 1)
        {
            result.AddError($"{positive.Name} must be at least 1.");
        }
    });
}

importRows.Validators.Add(result =>
{
    if (result.GetValueOrDefault<int>() > ImportRepeats.UniqueNames)
    {
        result.AddError($"--rows must be at most {ImportRepeats.UniqueNames:N0} (the distinct names the unique file can have).");
    }
});
var importRepeats = new Command("import-repeats", "Issue 13: `council import appeals --csv` of N rows with every applicant unique and with K names repeating, as processes, alternating; medians and the ratio repeated/unique.\nExample: import-repeats --rows 20000 --names 60 --before /tmp/council-before/council.dll")
{
    importRows, importNames, importRounds, importBefore,
};
importRepeats.SetAction(async (parse, _) =>
{
    var hosts = new List<(string, string)> { ("this build", Path.Combine(AppContext.BaseDirectory, "council.dll")) };
    if (parse.GetValue(importBefore) is { } before)
    {
        if (!File.Exists(before))
        {
            await Console.Error.WriteLineAsync($"no council.dll at {Path.GetFullPath(before)}.");
            return 2;
        }

        hosts.Insert(0, ("before", Path.GetFullPath(before)));
    }

    return await ImportRepeats.RunAsync(parse.GetValue(importRows), parse.GetValue(importNames), parse.GetValue(importRounds), hosts);
});

var root = new RootCommand("Council.Workflows benchmarks: `compare` for the whole-run comparisons; any other arguments go to BenchmarkDotNet (e.g. --filter '*').")
{
    compare, durableCommand, profile, sweep, importRepeats,
};
return await root.Parse(args).InvokeAsync();
