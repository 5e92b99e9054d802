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

BenchmarkSwitcher.FromAssembly(typeof(Compare).Assembly).Run(args);
return 0;
