using Council.Workflows.Engine;
using NodaTime;
using Microsoft.Extensions.Logging;

namespace Council.Workflows.Host.Worker;

/// <summary>
/// Work the worker does once per period for its council (the daily report; later jobs, such as retention, plug in here): when
/// a period is due, and what its run queues. The run's mark and what it queues are written in one transaction
/// (<see cref="IStorePeriodicRuns"/>), so a period runs once whatever happens.
/// </summary>
internal interface IPeriodicJob
{
    /// <summary>The job's name in its run marks, such as <c>daily-report</c>.</summary>
    string Name { get; }

    /// <summary>The period due at <paramref name="now"/> (named by its first day), or <see langword="null"/> when none is yet.</summary>
    LocalDate? DuePeriod(Instant now);

    /// <summary>What the run for <paramref name="period"/> queues, read from the store; nothing is written here.</summary>
    Task<IReadOnlyList<OutboxMessage>> RunAsync(LocalDate period, Instant now, CancellationToken cancellationToken);
}

/// <summary>
/// Runs the periodic jobs that are due, in the process that leads them: on a store shared by several processes
/// (<see cref="IStoreLeadership"/>: PostgreSQL) the one holding the council's <c>periodic</c> lead; on any other store, this
/// process. Leading only spares the others the work: the run mark keeps a period to one run even if two processes ran it.
/// </summary>
internal sealed partial class PeriodicWork(IEnumerable<IPeriodicJob> jobs, ICaseStore store, ILogger<PeriodicWork> logger)
{
    /// <summary>The role the workers of a council contend for.</summary>
    public const string Role = "periodic";

    private readonly IReadOnlyList<IPeriodicJob> _jobs = [.. jobs];
    // The last period each job is known to have run for (here or elsewhere): not looked up again.
    private readonly Dictionary<string, LocalDate> _done = new(StringComparer.Ordinal);
    private bool _leading;

    /// <summary>Whether this process led at its last look.</summary>
    public bool Leading => _leading;

    /// <summary>Runs every job whose period is due and not yet run; returns the runs this call recorded.</summary>
    public async Task<IReadOnlyList<PeriodicRun>> RunDueAsync(Instant now, CancellationToken cancellationToken)
    {
        if (_jobs.Count == 0 || store is not IStorePeriodicRuns runs)
        {
            return [];
        }

        bool leading;
        try
        {
            leading = store is not IStoreLeadership leadership || await leadership.LeadAsync(Role, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The database cannot be asked (the worker logs why): whatever this process held, it may hold no longer.
            if (_leading)
            {
                _leading = false;
                _done.Clear();
                LogLeadLost(logger, Role);
            }

            throw;
        }

        if (leading != _leading)
        {
            _leading = leading;
            if (leading)
            {
                LogLeadGained(logger, Role);
            }
            else
            {
                LogLeadLost(logger, Role);
                // Another process leads: what it runs meanwhile is looked up again when this one leads again.
                _done.Clear();
            }
        }

        if (!leading)
        {
            return [];
        }

        var recorded = new List<PeriodicRun>();
        foreach (var job in _jobs)
        {
            if (job.DuePeriod(now) is not { } period || (_done.TryGetValue(job.Name, out var done) && done >= period))
            {
                continue;
            }

            if (await runs.FindRunAsync(job.Name, period, cancellationToken).ConfigureAwait(false) is not null)
            {
                _done[job.Name] = period;
                continue;
            }

            var outbox = await job.RunAsync(period, now, cancellationToken).ConfigureAwait(false);
            var run = new PeriodicRun(job.Name, period, now);
            if (await runs.RecordRunAsync(run, outbox, cancellationToken).ConfigureAwait(false))
            {
                recorded.Add(run);
                LogRan(logger, job.Name, period, outbox.Count);
            }
            else
            {
                LogRanElsewhere(logger, job.Name, period);
            }

            _done[job.Name] = period;
        }

        return recorded;
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "This worker now leads the council's {Role} work (the daily report)")]
    private static partial void LogLeadGained(ILogger logger, string role);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "This worker no longer leads the council's {Role} work: another worker took it, or the connection that held it was lost")]
    private static partial void LogLeadLost(ILogger logger, string role);

    [LoggerMessage(EventId = 22, Level = LogLevel.Information, Message = "Periodic job {Job} ran for {Period:uuuu-MM-dd}: {Messages} outbox messages queued")]
    private static partial void LogRan(ILogger logger, string job, LocalDate period, int messages);

    [LoggerMessage(EventId = 23, Level = LogLevel.Information, Message = "Periodic job {Job} for {Period:uuuu-MM-dd} had already run: nothing queued")]
    private static partial void LogRanElsewhere(ILogger logger, string job, LocalDate period);
}
