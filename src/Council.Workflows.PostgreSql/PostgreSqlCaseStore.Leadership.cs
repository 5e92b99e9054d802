using Council.Workflows.Engine;
using Npgsql;

namespace Council.Workflows.PostgreSql;

// A role's leader: the process whose connection holds a session-level advisory lock keyed by the schema, the council and the
// role. The lock lives as long as that connection: a process that dies (or whose connection is cut) loses it with the
// session, and the next process to ask takes it.
public sealed partial class PostgreSqlCaseStore : IStoreLeadership
{
    private readonly SemaphoreSlim _leading = new(1, 1);
    private readonly Dictionary<string, NpgsqlConnection> _leads = new(StringComparer.Ordinal);
    private readonly Lazy<NpgsqlDataSource> _leaderSource;

    /// <inheritdoc />
    public async ValueTask<bool> LeadAsync(string role, CancellationToken cancellationToken = default)
    {
        if (!PeriodicRun.IsJobName(role))
        {
            throw new ArgumentException($"A role's name is lower-case letters, digits and dashes, at most 60: '{role}'.", nameof(role));
        }

        await _leading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_leads.TryGetValue(role, out var held))
            {
                // Held while its session lives: a connection that no longer answers has lost the lock with its session.
                try
                {
                    await using var ping = new NpgsqlCommand("SELECT 1", held);
                    await ping.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                    return true;
                }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
                {
                    // Lost with its session (a server restarted, a connection cut): another process may have led since. Said
                    // once, so the caller knows its lead had a gap; the next call takes it again if no one else holds it.
                    _leads.Remove(role);
                    await DropAsync(held).ConfigureAwait(false);
                    return false;
                }
            }

            var connection = await _leaderSource.Value.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await using var take = new NpgsqlCommand(
                    "SELECT pg_try_advisory_lock(hashtextextended('council-lead' || chr(31) || @schema || chr(31) || @council || chr(31) || @role, 0))", connection);
                take.Parameters.AddWithValue("schema", Schema);
                take.Parameters.AddWithValue("council", _council);
                take.Parameters.AddWithValue("role", role);
                if (await take.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
                {
                    _leads[role] = connection;
                    return true;
                }
            }
            catch
            {
                await DropAsync(connection).ConfigureAwait(false);
                throw;
            }

            await DropAsync(connection).ConfigureAwait(false);
            return false;
        }
        finally
        {
            _leading.Release();
        }
    }

    // Closing the leader's connections ends their sessions and so releases their locks.
    private async ValueTask DropLeadsAsync()
    {
        await _leading.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var connection in _leads.Values)
            {
                await DropAsync(connection).ConfigureAwait(false);
            }

            _leads.Clear();
        }
        finally
        {
            _leading.Release();
        }
    }

    private static async ValueTask DropAsync(NpgsqlConnection connection)
    {
        try
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // A connection given up is only thrown away: whatever state it was left in does not matter.
        }
    }
}
