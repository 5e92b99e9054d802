using Ardalis.GuardClauses;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Council.Workflows.Engine;

/// <summary>What one sweep did.</summary>
/// <param name="Fired">Timers that changed their case (a reminder sent, a missed deadline recorded).</param>
/// <param name="Ignored">Timers whose case had moved on.</param>
/// <param name="Repeated">Timers already fired before (by another worker, or before a crash).</param>
/// <param name="Failed">Timers whose firing threw; they stay pending and are tried again next sweep.</param>
public sealed record SweepReport(int Fired, int Ignored, int Repeated, int Failed)
{
    /// <summary>Every timer looked at.</summary>
    public int Total => Fired + Ignored + Repeated + Failed;
}

/// <summary>
/// Fires due timers through the engine: claims the earliest due ones with a lease (<see cref="ICaseStore.ClaimDueTimersAsync"/>,
/// so several workers sharing a store never fire the same timer at once), fires each through the command path (its command
/// id derived from the timer, so firing twice has one effect), and goes on until none is due; what it claimed and did not
/// fire it releases at the end. A killed worker's claims lapse with their lease and another worker takes them.
/// Timers of one case fire in due order; different cases fire concurrently so the store can group their commits. An
/// error in one case is logged and does not stop the others, unless <see cref="IsFatal"/> says it is fatal.
/// </summary>
public sealed partial class TimerSweeper
{
    private readonly WorkflowEngine _engine;
    private readonly ILogger _logger;

    /// <summary>Creates a sweeper.</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="logger">Where failures are logged.</param>
    /// <param name="batchSize">How many due timers are claimed at a time. The default value is 512.</param>
    /// <param name="parallelism">How many cases are fired at once. The default value is 8.</param>
    public TimerSweeper(WorkflowEngine engine, ILogger<TimerSweeper>? logger = null, int batchSize = 512, int parallelism = 8)
    {
        _engine = Guard.Against.Null(engine);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        BatchSize = Guard.Against.NegativeOrZero(batchSize);
        Parallelism = Guard.Against.NegativeOrZero(parallelism);
    }

    /// <summary>How many due timers are claimed at a time.</summary>
    public int BatchSize { get; }

    /// <summary>This sweeper's id in its claims. The default value is the machine, the process and a new id.</summary>
    public string Owner { get; init; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>
    /// How long a claim lives if the sweeper neither fires nor releases the timer (it was killed): then another takes it.
    /// The default value is five minutes.
    /// </summary>
    public Duration Lease { get; init; } = Duration.FromMinutes(5);

    /// <summary>
    /// The clock the leases are read against (not the instant swept, which a simulation sets). The default value is the
    /// engine's (<see cref="WorkflowEngine.Clock"/>).
    /// </summary>
    public IClock? Clock { get; init; }

    /// <summary>How many cases are fired at once.</summary>
    public int Parallelism { get; }

    /// <summary>
    /// Decides which failures stop the sweep (thrown from <see cref="SweepAsync"/>) instead of being logged and retried
    /// next sweep: those no later case can avoid, such as a damaged database, where going on would commit firings around
    /// the damage. The host that knows its store supplies it. The default value is <see langword="null"/>: every failure
    /// belongs to its case.
    /// </summary>
    public Func<Exception, bool>? IsFatal { get; init; }

    /// <summary>Fires every timer due at or before <paramref name="now"/>.</summary>
    public async Task<SweepReport> SweepAsync(Instant now, CancellationToken cancellationToken = default)
    {
        int fired = 0, ignored = 0, repeated = 0, failed = 0;
        // Timers that stay pending after this sweep touched them (failed, or fired elsewhere): not claimed again this sweep.
        var stuck = new HashSet<(CaseId, TimerKind)>();

        // A case whose timer failed is left alone for the rest of the sweep, so its later timers do not overtake it.
        var failingCases = new HashSet<CaseId>();
        var window = BatchSize;
        try
        {
            await SweepClaimedAsync().ConfigureAwait(false);
        }
        finally
        {
            // What this sweep claimed and did not fire (a failing case's timers) is free for the next sweep, here or elsewhere.
            await _engine.Store.ReleaseClaimsAsync(Owner, CancellationToken.None).ConfigureAwait(false);
        }

        CouncilTelemetry.TimersFired.Add(fired);
        CouncilTelemetry.TimersFailed.Add(failed);
        return new SweepReport(fired, ignored, repeated, failed);

        async Task SweepClaimedAsync()
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                // The earliest due timers no other worker holds, less those this sweep must leave alone; a store without claims
                // returns the same ones again, so the window widens while those fill it.
                var clock = (Clock ?? _engine.Clock).GetCurrentInstant();
                var claimed = await _engine.Store.ClaimDueTimersAsync(now, window, new TimerClaim(Owner, clock, clock + Lease), cancellationToken).ConfigureAwait(false);
                var due = claimed.Where(t => !stuck.Contains((t.CaseId, t.Kind)) && !failingCases.Contains(t.CaseId)).Take(BatchSize).ToList();
                if (due.Count == 0)
                {
                    if (claimed.Count < window)
                    {
                        break;
                    }

                    window *= 2;
                    continue;
                }

                var byCase = due.GroupBy(t => t.CaseId).Select(g => g.OrderBy(t => t.DueAt).ToList()).ToList();
                await Parallel.ForEachAsync(byCase, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (timers, ct) =>
                {
                    foreach (var timer in timers)
                    {
                        try
                        {
                            var result = await _engine.FireAsync(timer, now, ct).ConfigureAwait(false);
                            if (result.IsRepeat)
                            {
                                Interlocked.Increment(ref repeated);
                                lock (stuck)
                                {
                                    stuck.Add((timer.CaseId, timer.Kind));
                                }
                            }
                            else if (result.Status == CommandStatus.Accepted)
                            {
                                Interlocked.Increment(ref fired);
                            }
                            else
                            {
                                Interlocked.Increment(ref ignored);
                            }
                        }
                        catch (OperationCanceledException) when (ct.IsCancellationRequested)
                        {
                            throw;
                        }
    #pragma warning disable CA1031 // One case's failure must not stop the sweep; it is logged and retried next sweep.
                        catch (Exception e) when (IsFatal?.Invoke(e) != true)
    #pragma warning restore CA1031
                        {
                            Interlocked.Increment(ref failed);
                            lock (failingCases)
                            {
                                failingCases.Add(timer.CaseId);
                            }

                            LogFireFailed(_logger, e, timer.Kind, timer.CaseId);
                            break;
                        }
                    }
                }).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Firing timer {Kind} of case {CaseId} failed; it stays pending and is tried again at the next sweep")]
    private static partial void LogFireFailed(ILogger logger, Exception exception, TimerKind kind, CaseId caseId);
}
