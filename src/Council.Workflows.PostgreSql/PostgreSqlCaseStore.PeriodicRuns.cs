using Ardalis.GuardClauses;
using Council.Workflows.Engine;
using Dapper;
using Npgsql;

namespace Council.Workflows.PostgreSql;

// Periodic work done: a run's mark and its outbox messages in one transaction. The mark's primary key decides between
// workers: of two inserting at once, the second waits for the first's commit and then inserts nothing.
public sealed partial class PostgreSqlCaseStore : IStorePeriodicRuns
{
    /// <inheritdoc />
    public async ValueTask<PeriodicRun?> FindRunAsync(string job, LocalDate period, CancellationToken cancellationToken = default)
    {
        Guard.Against.NullOrWhiteSpace(job);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var ranAt = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT ran_at FROM periodic_runs WHERE council = @council AND job = @job AND period = @period",
            new { council = _council, job, period = period.ToDateOnly() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return ranAt is { } at ? new PeriodicRun(job, period, Instant.FromUnixTimeTicks(at)) : null;
    }

    /// <inheritdoc />
    public async ValueTask<bool> RecordRunAsync(PeriodicRun run, IReadOnlyList<OutboxMessage> outbox, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(run);
        Guard.Against.Null(outbox);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var mark = new NpgsqlCommand(
            "INSERT INTO periodic_runs (council, job, period, ran_at) VALUES (@council, @job, @period, @ranAt) ON CONFLICT DO NOTHING", connection, transaction))
        {
            mark.Parameters.AddWithValue("council", _council);
            mark.Parameters.AddWithValue("job", run.Job);
            mark.Parameters.AddWithValue("period", run.Period.ToDateOnly());
            mark.Parameters.AddWithValue("ranAt", run.At.ToUnixTimeTicks());
            if (await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return false;
            }
        }

        if (outbox.Count > 0)
        {
            await using var writes = new NpgsqlBatch(connection, transaction);
            foreach (var m in outbox)
            {
                var insert = new NpgsqlBatchCommand(
                    "INSERT INTO outbox (council, id, case_id, kind, recipient, subject, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (council, id) DO NOTHING");
                foreach (var value in new object[] { _council, m.Id, m.CaseId.Value, m.Kind, m.Recipient, m.Subject, m.Body, m.CreatedAt.ToUnixTimeTicks() })
                {
                    insert.Parameters.Add(new NpgsqlParameter { Value = value });
                }

                writes.BatchCommands.Add(insert);
            }

            // Delivered when the transaction commits: wakes the council's idle workers to deliver the messages.
            var notify = new NpgsqlBatchCommand("SELECT pg_notify($1, $2)");
            notify.Parameters.Add(new NpgsqlParameter { Value = WakeChannel });
            notify.Parameters.Add(new NpgsqlParameter { Value = _council });
            writes.BatchCommands.Add(notify);
            await writes.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }
}
