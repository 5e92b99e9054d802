using Council.Workflows.Engine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Council.Workflows.Host.Worker;

/// <summary>The worker's settings.</summary>
internal sealed class WorkerOptions
{
    /// <summary>Time between sweeps. The default value is 30 seconds.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Applies deadlines: every tick fires the due timers through the engine, runs the periodic work that is due (the daily
/// report, in the worker that leads it: <see cref="PeriodicWork"/>) and delivers the outbox. A failing tick is logged
/// and the next one runs; stopping cancels the tick between cases, and what was committed stays committed. A damaged or
/// read-only database is not a failing tick: the worker stops (kept in <see cref="Failure"/>) and stops the host.
/// </summary>
internal sealed partial class DeadlineWorker(
    TimerSweeper sweeper, OutboxDispatcher outbox, IClock clock, WorkerOptions options, ILogger<DeadlineWorker> logger, TimeProvider time, IHostApplicationLifetime? lifetime = null,
    ICaseStore? store = null, PeriodicWork? periodic = null)
    : BackgroundService
{
    /// <summary>What stopped the worker, when it stopped on its own: the command line reports it as the run's outcome.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>One unit of work: a sweep at the clock's now, then delivery. Tests call it directly.</summary>
    internal async Task<(SweepReport Sweep, OutboxReport Outbox)> TickAsync(CancellationToken cancellationToken)
    {
        var report = await sweeper.SweepAsync(clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
        if (periodic is not null)
        {
            try
            {
                // After the sweep, so the day's report counts what it fired; before delivery, so the report goes out now.
                await periodic.RunDueAsync(clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
            }
            catch (System.Data.Common.DbException e) when (!Cli.DatabaseFailures.StopsTheWorker(e))
            {
                // The database stopped answering between the sweep and the job: one line; tried again at the next tick.
                LogPeriodicDatabase(logger, e.Message);
                (store as PostgreSql.PostgreSqlCaseStore)?.ForgetIdleConnections();
            }
            catch (Exception e) when (e is not OperationCanceledException && !Cli.DatabaseFailures.StopsTheWorker(e))
            {
                // The outbox is still delivered; the job is tried again at the next tick.
                LogPeriodicFailed(logger, e);
            }
        }

        var delivery = await outbox.DeliverAsync(cancellationToken).ConfigureAwait(false);
        if (report.Total > 0 || delivery.Delivered > 0 || delivery.Failed > 0)
        {
            LogTick(logger, report.Fired, report.Ignored, report.Repeated, report.Failed, delivery.Delivered, delivery.Failed, delivery.SetAside);
        }

        return (report, delivery);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarted(logger, options.Interval);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (Cli.DatabaseFailures.StopsTheWorker(e))
            {
                // Every later tick would meet the same damage, and firings around it would be committed: stop.
                Failure = e;
                lifetime?.StopApplication();
                break;
            }
            catch (System.Data.Common.DbException e)
            {
                // The database cannot serve now (a server restarting, a connection cut, a file busy): one line a tick, not a
                // stack trace; the next tick tries again.
                LogTickDatabase(logger, e.Message);
                (store as PostgreSql.PostgreSqlCaseStore)?.ForgetIdleConnections();
            }
#pragma warning disable CA1031 // One bad tick never stops the host.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogTickFailed(logger, e);
            }

            try
            {
                // A store that can say work arrived (PostgreSQL's LISTEN/NOTIFY) wakes the worker early; others are polled.
                if (store is IStoreWakeups wakeups)
                {
                    if (await wakeups.WaitForWorkAsync(options.Interval, stoppingToken).ConfigureAwait(false))
                    {
                        // A burst of commits is one tick, at most one a second.
                        await Task.Delay(options.Interval < TimeSpan.FromSeconds(1) ? options.Interval : TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
                    }
                }
                else
                {
                    await Task.Delay(options.Interval, time, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        LogStopped(logger);
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Worker started; sweeping every {Interval}")]
    private static partial void LogStarted(ILogger logger, TimeSpan interval);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information,
        Message = "Sweep: {Fired} fired, {Ignored} ignored, {Repeated} already fired, {Failed} failed; {Delivered} outbox messages delivered, {DeliveryFailed} not ({SetAside} set aside)")]
    private static partial void LogTick(ILogger logger, int fired, int ignored, int repeated, int failed, int delivered, int deliveryFailed, int setAside);

    [LoggerMessage(EventId = 12, Level = LogLevel.Error, Message = "A sweep failed; the next one runs as scheduled")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 14, Level = LogLevel.Error, Message = "Periodic work failed; it is tried again at the next sweep")]
    private static partial void LogPeriodicFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 17, Level = LogLevel.Warning, Message = "Periodic work could not reach the database ({Reason}); it is tried again at the next sweep")]
    private static partial void LogPeriodicDatabase(ILogger logger, string reason);

    [LoggerMessage(EventId = 16, Level = LogLevel.Warning, Message = "A sweep could not reach the database ({Reason}); the next one runs as scheduled")]
    private static partial void LogTickDatabase(ILogger logger, string reason);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Worker stopped")]
    private static partial void LogStopped(ILogger logger);
}
