using BenchmarkDotNet.Running;
using Council.Workflows.Benchmarks;

// compare [--quick] [--json FILE]: the whole-run comparisons; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "compare")
{
    var json = Array.IndexOf(args, "--json") is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    return await Compare.RunAsync(args.Contains("--quick"), json);
}

BenchmarkSwitcher.FromAssembly(typeof(Compare).Assembly).Run(args);
return 0;
