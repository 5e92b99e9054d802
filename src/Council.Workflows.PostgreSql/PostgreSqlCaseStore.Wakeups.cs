using Council.Workflows.Engine;
using Npgsql;

namespace Council.Workflows.PostgreSql;

// LISTEN/NOTIFY: a commit that schedules timers or queues outbox messages notifies the schema's channel with its council;
// a worker waiting in WaitForWorkAsync listens on one connection of its own and wakes for its council's notifications.
public sealed partial class PostgreSqlCaseStore : IStoreWakeups
{
    private readonly SemaphoreSlim _listening = new(1, 1);
    private NpgsqlConnection? _listener;
    private volatile bool _woken;

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
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
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
