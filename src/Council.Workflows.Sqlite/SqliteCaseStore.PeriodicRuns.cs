using Ardalis.GuardClauses;
using Council.Workflows.Engine;
using Dapper;
using NodaTime.Text;

namespace Council.Workflows.Sqlite;

// Periodic work done: a run's mark and its outbox messages through the single writer, in one IMMEDIATE transaction, so two
// processes sharing the file (each its own writer) take turns and the second finds the first's mark.
public sealed partial class SqliteCaseStore : IStorePeriodicRuns
{
    /// <inheritdoc />
    public async ValueTask<PeriodicRun?> FindRunAsync(string job, LocalDate period, CancellationToken cancellationToken = default)
    {
        Guard.Against.NullOrWhiteSpace(job);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var ranAt = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT ran_at FROM periodic_runs WHERE job = @job AND period = @period", new { job, period = PeriodText(period) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return ranAt is { } at ? new PeriodicRun(job, period, Instant.FromUnixTimeTicks(at)) : null;
    }

    /// <inheritdoc />
    public async ValueTask<bool> RecordRunAsync(PeriodicRun run, IReadOnlyList<OutboxMessage> outbox, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(run);
        Guard.Against.Null(outbox);
        return (bool)await EnqueueAsync(new RecordRunOp(run, [.. outbox])).ConfigureAwait(false);
    }

    private static string PeriodText(LocalDate period) => LocalDatePattern.Iso.Format(period);

    private sealed class RecordRunOp(PeriodicRun run, IReadOnlyList<OutboxMessage> outbox) : WriteOp
    {
        public override object Apply(WriteStatements s)
        {
            if (!s.InsertRun(run.Job, PeriodText(run.Period), run.At.ToUnixTimeTicks()))
            {
                return false;
            }

            foreach (var message in outbox)
            {
                s.InsertOutbox(message);
            }

            return true;
        }
    }
}
