using System.Globalization;
using Council.Workflows.Engine;
using Microsoft.Data.Sqlite;

namespace Council.Workflows.Sqlite;

// The single writer: every write goes through one queue and one connection, grouped into transactions.
public sealed partial class SqliteCaseStore
{
    private Task<object> EnqueueAsync(WriteOp op)
    {
        if (!_writes.Writer.TryWrite(op))
        {
            throw new ObjectDisposedException(nameof(SqliteCaseStore), "The store is closed.");
        }

        return op.Completion.Task;
    }

    // The single writer: takes every waiting write (up to MaxBatch), applies them in one IMMEDIATE transaction, commits
    // once, then acknowledges them all. A write that is refused (a duplicate command, a stale version) is refused by its
    // checks before it writes anything; a write that throws fails alone, the rest of its batch written again and committed. Only what fails the transaction itself (beginning, committing, a rollback that cannot be
    // made) fails the whole batch. The connection is opened at the first batch and again after it was lost: a writer that
    // cannot open the file fails every write waiting at that moment with the reason, and tries again for the next.
    private async Task WriteLoopAsync()
    {
        SqliteConnection? connection = null;
        WriteStatements? statements = null;
        var batch = new List<WriteOp>(_options.MaxBatch);
        try
        {
            while (await _writes.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < _options.MaxBatch && _writes.Reader.TryRead(out var op))
                {
                    batch.Add(op);
                }

                try
                {
                    if (connection is null)
                    {
                        connection = Open();
                        Execute(connection, _options.Durability == Durability.Full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
                        statements = new WriteStatements(connection) { Json = _json };
                    }
                }
#pragma warning disable CA1031 // The writer cannot open the file: every waiting write fails with the reason, and the loop goes on.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    statements?.Dispose();
                    connection?.Dispose();
                    (statements, connection) = (null, null);
                    Fail(batch, e);
                    continue;
                }

                Write(connection, statements!, batch);
            }
        }
        finally
        {
            statements?.Dispose();
            connection?.Dispose();
            // Nothing is left waiting: a write queued as the store closed fails as closed.
            while (_writes.Reader.TryRead(out var left))
            {
                left.Completion.TrySetException(new ObjectDisposedException(nameof(SqliteCaseStore), "The store is closed."));
            }
        }
    }

    // The batch in one transaction. A write that throws fails alone: the transaction is rolled back and the batch written
    // again without it (its fellows' checks and effects are re-applied from scratch, so nothing of the failed one remains).
    // A failure is rare, so the usual batch pays nothing for this (a savepoint per write cost the durable engine a
    // measurable share, run I). Only what fails the transaction itself (beginning, committing) fails every write in it.
    private static void Write(SqliteConnection connection, WriteStatements statements, List<WriteOp> batch)
    {
        var pending = new List<WriteOp>(batch);
        while (pending.Count > 0)
        {
            var results = new object[pending.Count];
            var failedAt = -1;
            try
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                statements.Enlist(transaction);
                for (var i = 0; i < pending.Count; i++)
                {
                    try
                    {
                        results[i] = pending[i].Apply(statements);
                    }
#pragma warning disable CA1031 // One write's failure is its own: reported to its caller alone, the others written again.
                    catch (Exception e)
#pragma warning restore CA1031
                    {
                        pending[i].Completion.TrySetException(e);
                        failedAt = i;
                        break;
                    }
                }

                if (failedAt < 0)
                {
                    transaction.Commit();
                }
                else
                {
                    transaction.Rollback();
                }
            }
#pragma warning disable CA1031 // A failed transaction fails every write in it, with the error, and the loop goes on.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Fail(pending, e);
                return;
            }

            if (failedAt >= 0)
            {
                pending.RemoveAt(failedAt);
                continue;
            }

            for (var i = 0; i < pending.Count; i++)
            {
                pending[i].Completion.TrySetResult(results[i]);
            }

            return;
        }
    }

    private static void Fail(List<WriteOp> batch, Exception reason)
    {
        foreach (var op in batch)
        {
            op.Completion.TrySetException(reason);
        }
    }

    // A write of another part of the council's database (accounts, keys, the access log): in the writer's transaction, after
    // the writes before it in the batch, acknowledged when the batch commits.
    internal async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction?, T> work)
        where T : notnull => (T)await EnqueueAsync(new WorkOp((c, t) => work(c, t))).ConfigureAwait(false);

    internal Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken) => OpenAsync(cancellationToken);

    private sealed class WorkOp(Func<SqliteConnection, SqliteTransaction?, object> work) : WriteOp
    {
        public override object Apply(WriteStatements s) => work(s.Connection, s.Transaction);
    }

    private abstract class WriteOp
    {
        public TaskCompletionSource<object> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public abstract object Apply(WriteStatements statements);
    }

    private sealed class CommitOp(CaseCommit commit, string resultJson, string[] eventJson, CaseRow? rowBefore, IReadOnlyList<SearchField>? search, IReadOnlyList<SearchField>? searchBefore, string? facts) : WriteOp
    {
        private readonly CaseCommit _commit = commit;

        public override object Apply(WriteStatements s)
        {
            var commandId = Bytes(_commit.Result.CommandId);
            var id = Key(_commit.CaseId);
            var (existing, version) = s.Check(commandId, id);
            if (existing is not null)
            {
                return new CommitOutcome(CommitStatus.DuplicateCommand, s.Deserialize(existing));
            }

            if (version != _commit.ExpectedVersion)
            {
                return new CommitOutcome(CommitStatus.VersionConflict);
            }

            // What spans cases is checked here, in the transaction that writes the commit, before anything is written: each
            // number taken is still its sequence's next, and every limit holds with this case's keys as they will be.
            if (!WithinLimits(s, id) || !TakeNumbers(s))
            {
                return new CommitOutcome(CommitStatus.RelatedConflict);
            }

            if (_commit.Case is { } data)
            {
                var row = data.ToRow();
                if (rowBefore is null)
                {
                    s.UpsertCase(id, row, newCase: _commit.ExpectedVersion == 0, search);
                }
                else
                {
                    s.UpdateCase(id, row, rowBefore, search, searchBefore);
                }

                s.WriteFacts(id, row, facts, newCase: _commit.ExpectedVersion == 0);
                for (var i = 0; i < _commit.Events.Count; i++)
                {
                    s.InsertEvent(id, _commit.Events[i], eventJson[i]);
                }
            }

            if (_commit.Timers is { } timers)
            {
                s.ReplaceTimers(id, timers, newCase: _commit.ExpectedVersion == 0);
            }

            foreach (var message in _commit.Outbox)
            {
                s.InsertOutbox(message);
            }

            s.InsertCommand(commandId, id, resultJson);
            return new CommitOutcome(CommitStatus.Committed);
        }

        // Each number moves its sequence on only if it is the next (one statement each); the first that is not leaves the
        // earlier ones taken in this transaction, so the op is refused before anything else is written and, as one number
        // per commit is the rule (a second of the same sequence is refused here too), nothing was written at all.
        private bool TakeNumbers(WriteStatements s)
        {
            var numbers = _commit.Numbers;
            if (numbers.Count > 1)
            {
                return false;
            }

            return numbers.Count == 0 || s.TakeNumber(numbers[0].Scope, numbers[0].Number);
        }

        private bool WithinLimits(WriteStatements s, byte[] id)
        {
            foreach (var limit in _commit.Limits)
            {
                var own = (_commit.Case?.Keys ?? rowBefore?.Keys ?? []).Distinct().Count(limit.Covers);
                if (s.CountKeys(limit, id) + own > limit.Max)
                {
                    return false;
                }
            }

            return true;
        }
    }

    // Rows rewritten from their cases at the versions read (a case committed since keeps what its commit wrote), then the
    // kind's row version recorded.
    private sealed class RewriteRowsOp(string kind, IReadOnlyList<ICaseData> cases, int? version) : WriteOp
    {
        public override object Apply(WriteStatements s)
        {
            foreach (var data in cases)
            {
                var id = Key(data.Id);
                if (s.VersionOf(id) == data.Version)
                {
                    var row = data.ToRow();
                    s.UpsertCase(id, row, newCase: false, data.SearchFields);
                    s.WriteFacts(id, row, data.ReportFacts, newCase: false);
                }
            }

            if (version is { } v)
            {
                s.SetInfo($"rows:{kind}", v.ToString(CultureInfo.InvariantCulture));
            }

            return cases.Count;
        }
    }

    // Claims through the single writer, so two claimers in this process or another never take the same timer.
    private sealed class ClaimOp(Instant dueBy, int limit, TimerClaim claim) : WriteOp
    {
        public override object Apply(WriteStatements s) => s.ClaimTimers(dueBy, limit, claim);
    }

    private sealed class ReleaseClaimsOp(string owner) : WriteOp
    {
        public override object Apply(WriteStatements s) => s.ReleaseClaims(owner);
    }

    private sealed class SequenceOp(string scope) : WriteOp
    {
        public override object Apply(WriteStatements s) => s.NextSequence(scope);
    }

    private sealed class DeliveredOp(IReadOnlyList<Guid> ids) : WriteOp
    {
        public override object Apply(WriteStatements s)
        {
            foreach (var id in ids)
            {
                s.MarkDelivered(Bytes(id));
            }

            return ids.Count;
        }
    }

    private sealed class DeliveryFailedOp(Guid id, string error, int maxAttempts) : WriteOp
    {
        public override object Apply(WriteStatements s) => s.RecordDeliveryFailure(Bytes(id), error, maxAttempts);
    }

    private sealed class RetryOutboxOp(IReadOnlyList<Guid>? ids) : WriteOp
    {
        public override object Apply(WriteStatements s) => ids is null ? s.RetryOutbox(null) : ids.Distinct().Sum(id => s.RetryOutbox(Bytes(id)));
    }
}
