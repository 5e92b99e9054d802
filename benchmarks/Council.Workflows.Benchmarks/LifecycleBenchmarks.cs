using BenchmarkDotNet.Attributes;

namespace Council.Workflows.Benchmarks;

/// <summary>Micro-benchmarks of one appeal lifecycle: the engine against the naive pattern (baseline) and a switch.</summary>
[MemoryDiagnoser]
public class LifecycleBenchmarks
{
    [Benchmark(Baseline = true)]
    public object NaiveStateless() => Lifecycle.Naive(100);

    [Benchmark]
    public object Switch() => Lifecycle.Switch(100);

    [Benchmark]
    public async Task<object> Engine() => await Lifecycle.EngineAsync(100);
}
