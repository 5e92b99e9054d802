using Council.Workflows.Engine;
using Npgsql;
using NodaTime;

namespace Council.Workflows.PostgreSql;

// LISTEN/NOTIFY: a commit that queues outbox messages or schedules a timer due soon (within WakeHorizon of its record)
// notifies the schema's channel with its council; a worker waiting in WaitForWorkAsync listens on one connection of its own
// and wakes for its council's notifications.
//
// The notification is sent after the commit, never inside it: PostgreSQL commits the transactions that NOTIFY one at a time
// (under a database-wide lock held through the commit's WAL flush), so a notification in every commit would put every
// commit of every council in one line — measured at 7 ms a commit instead of a fraction. Sent after, in a transaction of
// its own that need not wait for its flush, with at most one on its way per store (commits meanwhile ride on the next),
// it costs the commits nothing. A notification lost (a crash between the commit and it) only costs a worker its wait: the
// worker polls at its interval as well.
public sealed partial class PostgreSqlCaseStore : IStoreWakeups
{
    private readonly SemaphoreSlim _listening = new(1, 1);
    private readonly SemaphoreSlim _waking = new(1, 1);
    private NpgsqlConnection? _listener;
    private volatile bool _woken;
    private int _wakeWanted;
    private Task _wakeSent = Task.CompletedTask;

    // The outbox is delivered at once; a timer wakes the workers only if it is due soon after the commit's record — the
    // workers' own polling finds later ones in time.
    private bool WakesWorkers(CaseCommit commit)
    {
        if (commit.Outbox.Count > 0)
        {
            return true;
        }

        if (commit.Timers is not { Count: > 0 } timers)
        {
            return false;
        }

        if (commit.Events.Count == 0)
        {
            return true;
        }

        var horizon = commit.Events[^1].RecordedAt + Duration.FromTimeSpan(_wakeHorizon);
        return timers.Any(t => t.DueAt <= horizon);
    }

    private void WakeWorkers()
    {
        if (Interlocked.Exchange(ref _wakeWanted, 1) == 0)
        {
            _wakeSent = SendWakeAsync();
        }
    }

    private async Task SendWakeAsync()
    {
        await _waking.WaitAsync().ConfigureAwait(false);
        try
        {
            // Wanted no more from here: a commit from now on asks for the next notification.
            Volatile.Write(ref _wakeWanted, 0);
            await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
            await using var notify = new NpgsqlCommand("SELECT set_config('synchronous_commit', 'off', true), pg_notify(@channel, @council)", connection);
            notify.Parameters.AddWithValue("channel", WakeChannel);
            notify.Parameters.AddWithValue("council", _council);
            await notify.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or ObjectDisposedException or InvalidOperationException or TimeoutException)
        {
            // Only a wakeup: the workers poll.
        }
        finally
        {
            _waking.Release();
        }
    }

    private string WakeChannel => $"council_work_{Schema}";

    /// <inheritdoc/>
    public async ValueTask<bool> WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        await _listening.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                var connection = await ListenerAsync(cancellationToken).ConfigureAwait(false);
                while (!_woken)
                {
                    var left = timeout - waited.Elapsed;
                    if (left <= TimeSpan.Zero || !await connection.WaitAsync(left, cancellationToken).ConfigureAwait(false))
                    {
                        break;
                    }
                }
            }
            catch (NpgsqlException)
            {
                // The listening connection broke: poll this time (wait out the interval), listen again next time.
                await DropListenerAsync().ConfigureAwait(false);
                var left = timeout - waited.Elapsed;
                if (left > TimeSpan.Zero)
                {
                    await Task.Delay(left, cancellationToken).ConfigureAwait(false);
                }
            }

            var woken = _woken;
            _woken = false;
            return woken;
        }
        finally
        {
            _listening.Release();
        }
    }

    private async ValueTask<NpgsqlConnection> ListenerAsync(CancellationToken cancellationToken)
    {
        if (_listener is { State: System.Data.ConnectionState.Open } open)
        {
            return open;
        }

        await DropListenerAsync().ConfigureAwait(false);

        // Not pooled (as a leader's): the pool's connections keep their sessions, and a LISTEN must end with its connection.
        var connection = await _leaderSource.Value.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        connection.Notification += (_, e) =>
        {
            if (e.Payload == _council)
            {
                _woken = true;
            }
        };
        await using (var listen = new NpgsqlCommand($"LISTEN \"{WakeChannel}\"", connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        _listener = connection;
        return connection;
    }

    private async ValueTask DropListenerAsync()
    {
        if (_listener is { } listener)
        {
            _listener = null;
            try
            {
                await listener.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                // A listening connection is only thrown away: whatever state it was left in does not matter.
            }
        }
    }
}
