using BenchmarkDotNet.Running;
using Council.Workflows.Benchmarks;

// compare [--quick] [--json FILE]: the whole-run comparisons; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "compare")
{
    var json = Array.IndexOf(args, "--json") is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    return await Compare.RunAsync(args.Contains("--quick"), json);
}

// profile [N]: N engine lifecycles in a loop, to attach dotnet-trace or dotnet-counters to.
if (args.Length > 0 && args[0] == "profile")
{
    var rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20;
    for (var r = 0; r < rounds; r++)
    {
        await Lifecycle.EngineAsync(5_000);
    }

    return 0;
}

// durable N: one round of the durable comparisons, to try them out.
if (args.Length > 1 && args[0] == "durable")
{
    var n = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
    var (engine, path) = await Durable.EngineAsync(n);
    Console.WriteLine($"engine {engine.TotalMilliseconds:N0} ms");
    if (args.Contains("--engine-only"))
    {
        if (args.Contains("--keep"))
        {
            Console.WriteLine(path);
            return 0;
        }

        Durable.Delete(path);
        return 0;
    }

    Console.WriteLine($"raw {(await Durable.RawAsync(path, n)).TotalMilliseconds:N0} ms");
    Durable.Delete(path);
    Console.WriteLine($"naive {(await Durable.NaiveAsync(n)).TotalMilliseconds:N0} ms");
    Console.WriteLine($"workflow core {(await WorkflowCoreRun.RunAsync(n)).TotalMilliseconds:N0} ms");
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(Compare).Assembly).Run(args);
return 0;
