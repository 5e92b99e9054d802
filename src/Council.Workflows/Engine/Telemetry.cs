using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Council.Workflows.Engine;

/// <summary>
/// The library's metrics and traces, named <c>Council.Workflows</c>: subscribe with OpenTelemetry or <c>dotnet-counters</c>.
/// Instruments: <c>council.commands</c> (tagged <c>workflow</c> — the case kind —, <c>command</c> and <c>status</c>), <c>council.command.duration</c> (seconds),
/// <c>council.timers.fired</c> and <c>council.timers.failed</c>; one activity per command.
/// </summary>
public static class CouncilTelemetry
{
    /// <summary>The name of the meter and the activity source.</summary>
    public const string Name = "Council.Workflows";

    internal static readonly ActivitySource Activities = new(Name);

    internal static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> Commands = Meter.CreateCounter<long>("council.commands", description: "Commands applied, by workflow kind, command and status.");

    internal static readonly Histogram<double> CommandDuration = Meter.CreateHistogram<double>("council.command.duration", unit: "s", description: "Time to apply a command, store commit included.");

    internal static readonly Counter<long> TimersFired = Meter.CreateCounter<long>("council.timers.fired", description: "Timers fired by the worker.");

    internal static readonly Counter<long> TimersFailed = Meter.CreateCounter<long>("council.timers.failed", description: "Timers whose firing failed (retried next sweep).");
}
