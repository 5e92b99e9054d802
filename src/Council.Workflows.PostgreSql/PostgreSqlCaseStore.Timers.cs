using Ardalis.GuardClauses;
using Council.Workflows.Engine;
using Dapper;
using Npgsql;

namespace Council.Workflows.PostgreSql;

// Timers and the outbox.
public sealed partial class PostgreSqlCaseStore
{
    private const string TimerColumns = "case_id AS CaseId, kind AS Kind, due_at AS DueAt, state AS State, version AS Version";

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<TimerEntry>> DueTimersAsync(Instant dueBy, int limit, CancellationToken cancellationToken = default)
    {
        Guard.Against.NegativeOrZero(limit);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<TimerRow>(new CommandDefinition(
            $"SELECT {TimerColumns} FROM timers WHERE council = @council AND due_at <= @dueBy ORDER BY due_at, case_id, kind LIMIT @limit",
            new { council = _council, dueBy = dueBy.ToUnixTimeTicks(), limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToEntry())];
    }

    /// <inheritdoc />
    /// <remarks>
    /// One statement: the earliest due rows no other owner's live lease holds, locked with <c>FOR UPDATE SKIP LOCKED</c> (a
    /// row another claimer is taking at this moment is passed over, not waited for; one it took meanwhile is seen with its
    /// new lease and left), then stamped with this owner and the lease's end.
    /// </remarks>
    public async ValueTask<IReadOnlyList<TimerEntry>> ClaimDueTimersAsync(Instant dueBy, int limit, TimerClaim claim, CancellationToken cancellationToken = default)
    {
        Guard.Against.NegativeOrZero(limit);
        Guard.Against.Null(claim);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<TimerRow>(new CommandDefinition(
            "WITH picked AS (SELECT case_id, kind FROM timers WHERE council = @council AND due_at <= @dueBy " +
            "AND (claimed_until IS NULL OR claimed_until <= @now OR claimed_by = @owner) ORDER BY due_at, case_id, kind LIMIT @limit FOR UPDATE SKIP LOCKED) " +
            "UPDATE timers t SET claimed_by = @owner, claimed_until = @until FROM picked p WHERE t.council = @council AND t.case_id = p.case_id AND t.kind = p.kind " +
            "RETURNING t.case_id AS CaseId, t.kind AS Kind, t.due_at AS DueAt, t.state AS State, t.version AS Version",
            new { council = _council, dueBy = dueBy.ToUnixTimeTicks(), now = claim.Now.ToUnixTimeTicks(), owner = claim.Owner, until = claim.Until.ToUnixTimeTicks(), limit },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToEntry()).OrderBy(t => t.DueAt).ThenBy(t => t.CaseId.Value).ThenBy(t => t.Kind.ToString(), StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public async ValueTask<int> ReleaseClaimsAsync(string owner, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(owner);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE timers SET claimed_by = NULL, claimed_until = NULL WHERE council = @council AND claimed_by = @owner",
            new { council = _council, owner }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<TimerEntry>> TimersOfAsync(CaseId id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<TimerRow>(new CommandDefinition(
            $"SELECT {TimerColumns} FROM timers WHERE council = @council AND case_id = @id ORDER BY due_at, kind",
            new { council = _council, id = id.Value }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToEntry())];
    }

    private const string OutboxColumns =
        "id AS Id, case_id AS CaseId, kind AS Kind, recipient AS Recipient, subject AS Subject, body AS Body, created_at AS CreatedAt, " +
        "attempts AS Attempts, last_error AS LastError, failed AS Failed";

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<OutboxMessage>> PendingOutboxAsync(int limit, CancellationToken cancellationToken = default)
    {
        Guard.Against.NegativeOrZero(limit);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<OutboxDto>(new CommandDefinition(
            $"SELECT {OutboxColumns} FROM outbox WHERE council = @council AND delivered_at IS NULL AND NOT failed ORDER BY seq LIMIT @limit",
            new { council = _council, limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToMessage())];
    }

    /// <inheritdoc />
    public async ValueTask MarkDeliveredAsync(IEnumerable<Guid> messageIds, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(messageIds);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE outbox SET delivered_at = now() WHERE council = @council AND id = ANY(@ids) AND delivered_at IS NULL",
            new { council = _council, ids = messageIds.ToArray() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<OutboxEntry>> ListOutboxAsync(OutboxStatus status, int limit, Guid? after = null, CancellationToken cancellationToken = default)
    {
        Guard.Against.NegativeOrZero(limit);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<OutboxDto>(new CommandDefinition(
            $"SELECT {OutboxColumns} FROM outbox WHERE council = @council AND delivered_at IS NULL AND {(status == OutboxStatus.Failed ? "failed" : "NOT failed")} " +
            "AND seq > coalesce((SELECT seq FROM outbox WHERE council = @council AND id = @after), 0) ORDER BY seq LIMIT @limit",
            new { council = _council, after = after ?? Guid.Empty, limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => new OutboxEntry(r.ToMessage(), r.Attempts, r.LastError, r.Failed))];
    }

    /// <inheritdoc />
    public async ValueTask<int> RecordDeliveryFailureAsync(Guid messageId, string error, int maxAttempts, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(error);
        Guard.Against.NegativeOrZero(maxAttempts);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(
            "UPDATE outbox SET attempts = attempts + 1, last_error = @error, failed = (attempts + 1 >= @max) " +
            "WHERE council = @council AND id = @id AND delivered_at IS NULL AND NOT failed RETURNING attempts",
            new { council = _council, id = messageId, error, max = maxAttempts }, cancellationToken: cancellationToken)).ConfigureAwait(false) ?? 0;
    }

    /// <inheritdoc />
    public async ValueTask<int> RetryOutboxAsync(IReadOnlyCollection<Guid>? messageIds, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE outbox SET failed = false, attempts = 0, last_error = NULL WHERE council = @council AND delivered_at IS NULL AND failed" +
            (messageIds is null ? "" : " AND id = ANY(@ids)"),
            new { council = _council, ids = messageIds?.Distinct().ToArray() ?? [] }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
