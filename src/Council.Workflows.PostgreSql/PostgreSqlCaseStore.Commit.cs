using System.Text.Json;
using Ardalis.GuardClauses;
using Council.Workflows.Engine;
using Npgsql;

namespace Council.Workflows.PostgreSql;

// The commit: one transaction per command, acknowledged once it has committed. Not grouped: PostgreSQL commits concurrent
// transactions with one WAL flush when they arrive together (commit_delay aside), and each request holds its own
// connection, so grouping in the program would only add a queue.
public sealed partial class PostgreSqlCaseStore
{
    /// <inheritdoc />
    /// <exception cref="ArgumentException">The case belongs to another council than the store's.</exception>
    public async ValueTask<CommitOutcome> CommitAsync(CaseCommit commit, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(commit);
        var row = commit.Case?.ToRow();
        if (row is not null && row.Council != _council)
        {
            throw new ArgumentException($"The case {commit.CaseId} belongs to council '{row.Council}'; this store holds council '{_council}'.", nameof(commit));
        }

        var resultJson = JsonSerializer.Serialize(commit.Result with { Events = [] }, _json);
        var eventJson = commit.Events.Select(e => JsonSerializer.Serialize(e.Data, _json)).ToArray();
        var before = commit.Previous is { } previous && previous.Version == commit.ExpectedVersion && commit.ExpectedVersion > 0 ? previous : null;

        // Taken before the first await, so commits of one sequence keep the order they were given in (the engine hands
        // numbers out in turn and gives their commits in that order).
        var turn = commit.Numbers.Count == 1 ? _numberTurns.Take(commit.Numbers[0].Scope) : null;
        CommitOutcome outcome;
        NpgsqlConnection? connection = null;
        try
        {
            // The turn is waited for before a connection is taken: commits waiting in line hold none of the pool.
            if (turn is not null)
            {
                await turn.EnterAsync(cancellationToken).ConfigureAwait(false);
            }

            connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            if (turn is not null)
            {
                await PrepareNumberAsync(connection, commit.Numbers[0], cancellationToken).ConfigureAwait(false);
            }

            outcome = await CommitOnceAsync(connection, commit, row, before, resultJson, eventJson, turn, cancellationToken).ConfigureAwait(false);
            if (outcome is { Status: CommitStatus.DuplicateCommand, Existing: { } existing })
            {
                outcome = outcome with { Existing = await WithEventsAsync(connection, existing, cancellationToken).ConfigureAwait(false) };
            }
        }
        finally
        {
            turn?.Done();
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }

        return outcome;
    }

    private async Task<CommitOutcome> CommitOnceAsync(
        NpgsqlConnection connection, CaseCommit commit, CaseRow? row, ICaseData? before, string resultJson, string[] eventJson, NumberTurns.Turn? turn,
        CancellationToken cancellationToken)
    {
        var id = commit.CaseId.Value;
        var newCase = commit.ExpectedVersion == 0;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The case's row locked (a commit on the same case waits here, then reads what the other wrote), then the result
        // recorded for the command id, read after the lock so a repeat that waited sees the first's.
        string? existing;
        long version;
        await using (var check = new NpgsqlBatch(connection, transaction))
        {
            check.BatchCommands.Add(Batched("SELECT version FROM cases WHERE council = @council AND id = @id FOR UPDATE", ("council", _council), ("id", id)));
            check.BatchCommands.Add(Batched("SELECT result FROM commands WHERE council = @council AND id = @command", ("council", _council), ("command", commit.Result.CommandId)));
            await using var reader = await check.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            version = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.GetInt64(0) : 0;
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            existing = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.GetString(0) : null;
        }

        if (existing is not null)
        {
            return Duplicate(existing);
        }

        if (version != commit.ExpectedVersion)
        {
            return new CommitOutcome(CommitStatus.VersionConflict);
        }

        // A new case claims its id first: a rival creating the same id waits on the primary key, and the loser writes nothing.
        if (row is not null && newCase)
        {
            await using var insert = Command(connection, transaction, InsertCaseSql, CaseParameters(row));
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return await ExistingOrConflictAsync(connection, commit.Result.CommandId, cancellationToken).ConfigureAwait(false);
            }
        }

        // What spans cases, checked in this transaction before anything else is written: each limit under an advisory lock
        // of its prefix (two commits counting the same keys take turns), and the number taken only from its sequence's last.
        if (!await WithinLimitsAsync(connection, transaction, commit, row, before, cancellationToken).ConfigureAwait(false)
            || !await TakeNumberAsync(connection, transaction, commit.Numbers, turn, cancellationToken).ConfigureAwait(false))
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return new CommitOutcome(CommitStatus.RelatedConflict);
        }

        await using (var writes = new NpgsqlBatch(connection, transaction))
        {
            writes.BatchCommands.Add(Batched(
                "INSERT INTO commands (council, id, case_id, result) VALUES (@council, @command, @id, @result) ON CONFLICT DO NOTHING",
                ("council", _council), ("command", commit.Result.CommandId), ("id", id), ("result", resultJson)));
            if (row is not null)
            {
                if (!newCase)
                {
                    writes.BatchCommands.Add(Batched(UpdateCaseSql, CaseParameters(row)));
                }

                AddKeys(writes, row, newCase, rewrite: !newCase && (before is null || !before.Keys.SequenceEqual(row.Keys)));
                AddSearch(writes, row, commit.Case!.SearchFields, before, newCase);
                AddFacts(writes, row, commit.Case.ReportFacts, newCase);
                AddEvents(writes, commit.Events, eventJson);
            }

            if (commit.Timers is { } timers)
            {
                AddTimers(writes, id, timers, newCase);
            }

            foreach (var m in commit.Outbox)
            {
                writes.BatchCommands.Add(Batched(
                    "INSERT INTO outbox (council, id, case_id, kind, recipient, subject, body, created_at) VALUES (@council, @id, @case, @kind, @recipient, @subject, @body, @created) " +
                    "ON CONFLICT (council, id) DO NOTHING",
                    ("council", _council), ("id", m.Id), ("case", m.CaseId.Value), ("kind", m.Kind), ("recipient", m.Recipient), ("subject", m.Subject), ("body", m.Body),
                    ("created", m.CreatedAt.ToUnixTimeTicks())));
            }

            if (commit.Outbox.Count > 0 || commit.Timers is { Count: > 0 })
            {
                // Delivered when the transaction commits: wakes the council's idle workers (WaitForWorkAsync).
                writes.BatchCommands.Add(Batched("SELECT pg_notify(@channel, @council)", ("channel", WakeChannel), ("council", _council)));
            }

            await writes.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (writes.BatchCommands[0].RecordsAffected == 0)
            {
                // The same command id committed meanwhile (another case's commit under the same id): its result stands.
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return await ExistingOrConflictAsync(connection, commit.Result.CommandId, cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new CommitOutcome(CommitStatus.Committed);
    }

    private CommitOutcome Duplicate(string json) => new(CommitStatus.DuplicateCommand, JsonSerializer.Deserialize<CommandResult>(json, _json));

    private async Task<CommitOutcome> ExistingOrConflictAsync(NpgsqlConnection connection, Guid commandId, CancellationToken cancellationToken)
    {
        await using var find = Command(connection, null, "SELECT result FROM commands WHERE council = @council AND id = @command", ("council", _council), ("command", commandId));
        return await find.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json ? Duplicate(json) : new CommitOutcome(CommitStatus.VersionConflict);
    }

    private async Task<bool> WithinLimitsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CaseCommit commit, CaseRow? row, ICaseData? before, CancellationToken cancellationToken)
    {
        // In prefix order, so two commits under several limits never wait for each other in a circle.
        foreach (var limit in commit.Limits.OrderBy(l => l.Prefix, StringComparer.Ordinal))
        {
            var own = (row?.Keys ?? before?.Keys ?? []).Distinct().Count(limit.Covers);
            await using var batch = new NpgsqlBatch(connection, transaction);
            batch.BatchCommands.Add(Batched("SELECT pg_advisory_xact_lock(hashtextextended(@council || chr(31) || @prefix, 0))", ("council", _council), ("prefix", limit.Prefix)));
            batch.BatchCommands.Add(Batched(
                "SELECT count(*) FROM case_keys WHERE council = @council AND key >= @from AND key < @to AND case_id <> @id",
                ("council", _council), ("from", limit.Prefix), ("to", limit.UpperBound), ("id", commit.CaseId.Value)));
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (reader.GetInt64(0) + own > limit.Max)
            {
                return false;
            }
        }

        return true;
    }

    // Before its transaction, a commit that takes a number waits until the commit given before it (in this store) has taken
    // its own, so it finds the sequence's row locked by that one and waits for it to commit instead of finding the number
    // before its own not taken yet. A sequence's first number makes its row first (committed, at 0), so a second number
    // taken while the first is in flight finds a row to wait on. No lock of this transaction is held while it waits.
    private async Task PrepareNumberAsync(NpgsqlConnection connection, TakenNumber number, CancellationToken cancellationToken)
    {
        if (number.Number == 1)
        {
            await using var create = Command(connection, null, "INSERT INTO sequences (council, scope, value) VALUES (@council, @scope, 0) ON CONFLICT DO NOTHING",
                ("council", _council), ("scope", number.Scope));
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // The number moves its sequence on only if it is the next: a rival that took it first holds the row until it commits,
    // and then this one finds the sequence moved and takes nothing (or, if the rival rolled back, the number before its own
    // not taken). One number per commit at most.
    private async Task<bool> TakeNumberAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<TakenNumber> numbers, NumberTurns.Turn? turn, CancellationToken cancellationToken)
    {
        if (numbers.Count == 0)
        {
            return true;
        }

        if (numbers.Count > 1)
        {
            return false;
        }

        // The row is locked first, in a statement of its own: an UPDATE alone would judge the row by its snapshot, skip it
        // as not yet at the number before (that commit still in flight) and take nothing instead of waiting for it. Once
        // locked, the UPDATE's new snapshot sees what the holder committed.
        var (scope, number) = (numbers[0].Scope, numbers[0].Number);
        await using var take = new NpgsqlBatch(connection, transaction);
        take.BatchCommands.Add(Batched("SELECT 1 FROM sequences WHERE council = @council AND scope = @scope FOR UPDATE", ("council", _council), ("scope", scope)));
        take.BatchCommands.Add(Batched(
            "UPDATE sequences SET value = @number WHERE council = @council AND scope = @scope AND value = @number - 1",
            ("council", _council), ("scope", scope), ("number", number)));
        try
        {
            await take.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return take.BatchCommands[1].RecordsAffected == 1;
        }
        finally
        {
            // The row is locked (or the number refused): the next commit of the sequence may go.
            turn?.Done();
        }
    }

    private const string InsertCaseSql =
        "INSERT INTO cases (council, id, kind, state, version, is_open, reference, reference_key, due_at, assignee, assignee_key, priority, keys, created_at, updated_at) " +
        "VALUES (@council, @id, @kind, @state, @version, @open, @reference, @referenceKey, @due, @assignee, @assigneeKey, @priority, @keys, @created, @updated) " +
        "ON CONFLICT (council, id) DO NOTHING";

    private const string UpdateCaseSql =
        "UPDATE cases SET kind = @kind, state = @state, version = @version, is_open = @open, reference = @reference, reference_key = @referenceKey, due_at = @due, " +
        "assignee = @assignee, assignee_key = @assigneeKey, priority = @priority, keys = @keys, updated_at = @updated WHERE council = @council AND id = @id";

    private (string, object?)[] CaseParameters(CaseRow row) =>
    [
        ("council", _council), ("id", row.Id.Value), ("kind", row.Kind), ("state", row.State), ("version", row.Version), ("open", row.IsOpen),
        ("reference", row.Reference), ("referenceKey", UpperKey(row.Reference)), ("due", row.DueAt?.ToUnixTimeTicks()), ("assignee", row.Assignee),
        ("assigneeKey", UpperKey(row.Assignee)), ("priority", row.Priority), ("keys", row.Keys.Distinct().ToArray()), ("created", row.CreatedAt.ToUnixTimeTicks()),
        ("updated", row.UpdatedAt.ToUnixTimeTicks()),
    ];

    private static string? UpperKey(string? text) => text?.Trim().ToUpperInvariant();

    // The case's keys: a new case's inserted; an existing case's replaced when they changed (or are not known).
    private void AddKeys(NpgsqlBatch batch, CaseRow row, bool newCase, bool rewrite)
    {
        if (!newCase && !rewrite)
        {
            return;
        }

        if (rewrite)
        {
            batch.BatchCommands.Add(Batched("DELETE FROM case_keys WHERE council = @council AND case_id = @id", ("council", _council), ("id", row.Id.Value)));
        }

        if (row.Keys.Count > 0)
        {
            batch.BatchCommands.Add(Batched(
                "INSERT INTO case_keys (council, key, created_at, case_id) SELECT @council, k, @created, @id FROM unnest(@keys) AS k ON CONFLICT DO NOTHING",
                ("council", _council), ("created", row.CreatedAt.ToUnixTimeTicks()), ("id", row.Id.Value), ("keys", row.Keys.Distinct().ToArray())));
        }
    }

    // The case's search document: its fields kept, its lexemes indexed; the words not known before added to the vocabulary.
    // Unchanged fields (the case before known) are not rewritten; a case that gives no fields has no document.
    private void AddSearch(NpgsqlBatch batch, CaseRow row, IReadOnlyList<SearchField>? fields, ICaseData? before, bool newCase)
    {
        var old = before?.SearchFields;
        if (before is not null && (old ?? []).SequenceEqual(fields ?? []) && (old is null) == (fields is null))
        {
            return;
        }

        if (fields is null)
        {
            if (!newCase)
            {
                batch.BatchCommands.Add(Batched("DELETE FROM search_docs WHERE council = @council AND case_id = @id", ("council", _council), ("id", row.Id.Value)));
            }

            return;
        }

        batch.BatchCommands.Add(Batched(
            "INSERT INTO search_docs (council, case_id, kind, fields, words) VALUES (@council, @id, @kind, @fields, array_to_tsvector(@words)) " +
            "ON CONFLICT (council, case_id) DO UPDATE SET kind = excluded.kind, fields = excluded.fields, words = excluded.words",
            ("council", _council), ("id", row.Id.Value), ("kind", row.Kind), ("fields", SearchDocs.Encode(fields)), ("words", SearchDocs.Lexemes(fields))));
        var known = old is not null ? SearchDocs.Terms(old) : [];
        var added = SearchDocs.Terms(fields).Where(t => !known.Contains(t)).ToList();
        if (added.Count > 0)
        {
            batch.BatchCommands.Add(Batched(
                "INSERT INTO search_terms (council, field, term) SELECT @council, f, t FROM unnest(@fields, @terms) AS x (f, t) ON CONFLICT DO NOTHING",
                ("council", _council), ("fields", added.Select(t => t.Field).ToArray()), ("terms", added.Select(t => t.Term).ToArray())));
        }
    }

    // The report facts beside the row, replaced whole; none given, none kept.
    private void AddFacts(NpgsqlBatch batch, CaseRow row, string? facts, bool newCase)
    {
        if (facts is not null)
        {
            batch.BatchCommands.Add(Batched(
                "INSERT INTO case_facts (council, case_id, kind, created_at, state, facts) VALUES (@council, @id, @kind, @created, @state, @facts) " +
                "ON CONFLICT (council, case_id) DO UPDATE SET kind = excluded.kind, created_at = excluded.created_at, state = excluded.state, facts = excluded.facts",
                ("council", _council), ("id", row.Id.Value), ("kind", row.Kind), ("created", row.CreatedAt.ToUnixTimeTicks()), ("state", row.State), ("facts", facts)));
        }
        else if (!newCase)
        {
            batch.BatchCommands.Add(Batched("DELETE FROM case_facts WHERE council = @council AND case_id = @id", ("council", _council), ("id", row.Id.Value)));
        }
    }

    private void AddEvents(NpgsqlBatch batch, IReadOnlyList<CaseEvent> events, string[] data)
    {
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            batch.BatchCommands.Add(Batched(
                "INSERT INTO events (council, case_id, version, at, recorded_at, type, state, by_name, by_role, by_account, reason, legal_basis, command_id, data) " +
                "VALUES (@council, @id, @version, @at, @recorded, @type, @state, @by, @role, @account, @reason, @basis, @command, @data)",
                ("council", _council), ("id", e.CaseId.Value), ("version", e.Version), ("at", e.At.ToUnixTimeTicks()), ("recorded", e.RecordedAt?.ToUnixTimeTicks()),
                ("type", e.Type), ("state", e.State), ("by", e.By.Name), ("role", KebabCase.Of(e.By.Role)), ("account", e.By.Account), ("reason", e.Reason),
                ("basis", e.LegalBasis), ("command", e.CommandId), ("data", data[i])));
        }
    }

    // The case's timers become these: the others deleted; one that stays with the same due instant keeps its claim (a worker
    // holding a case's next timers keeps them while it fires the first); a changed or new one is free to claim.
    private void AddTimers(NpgsqlBatch batch, Guid id, IReadOnlyList<TimerEntry> timers, bool newCase)
    {
        var kinds = timers.Select(t => t.Kind.ToString()).ToArray();
        if (!newCase)
        {
            batch.BatchCommands.Add(Batched(
                "DELETE FROM timers WHERE council = @council AND case_id = @id AND NOT (kind = ANY(@kinds))", ("council", _council), ("id", id), ("kinds", kinds)));
        }

        if (timers.Count == 0)
        {
            return;
        }

        batch.BatchCommands.Add(Batched(
            "INSERT INTO timers (council, case_id, kind, due_at, state, version) SELECT @council, @id, k, d, s, v FROM unnest(@kinds, @dues, @states, @versions) AS t (k, d, s, v) " +
            "ON CONFLICT (council, case_id, kind) DO UPDATE SET due_at = excluded.due_at, state = excluded.state, version = excluded.version, " +
            "claimed_by = CASE WHEN timers.due_at = excluded.due_at THEN timers.claimed_by END, " +
            "claimed_until = CASE WHEN timers.due_at = excluded.due_at THEN timers.claimed_until END",
            ("council", _council), ("id", id), ("kinds", kinds), ("dues", timers.Select(t => t.DueAt.ToUnixTimeTicks()).ToArray()),
            ("states", timers.Select(t => t.ScheduledInState).ToArray()), ("versions", timers.Select(t => t.ScheduledAtVersion).ToArray())));
    }

    /// <inheritdoc />
    /// <remarks>Each case's row rewritten only if the store still holds it at that version (under its row lock), in one transaction.</remarks>
    public async ValueTask RewriteRowsAsync(string kind, IReadOnlyList<ICaseData> cases, int? version, CancellationToken cancellationToken = default)
    {
        Guard.Against.NullOrWhiteSpace(kind);
        Guard.Against.Null(cases);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var data in cases)
        {
            var row = data.ToRow();
            if (row.Council != _council)
            {
                continue;
            }

            await using var check = Command(connection, transaction, "SELECT version FROM cases WHERE council = @council AND id = @id FOR UPDATE", ("council", _council), ("id", data.Id.Value));
            if (await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not long stored || stored != data.Version)
            {
                continue;
            }

            await using var batch = new NpgsqlBatch(connection, transaction);
            batch.BatchCommands.Add(Batched(UpdateCaseSql, CaseParameters(row)));
            AddKeys(batch, row, newCase: false, rewrite: true);
            AddSearch(batch, row, data.SearchFields, null, newCase: false);
            AddFacts(batch, row, data.ReportFacts, newCase: false);
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (version is { } v)
        {
            await using var info = Command(connection, transaction,
                "INSERT INTO store_info (council, key, value) VALUES (@council, @key, @value) ON CONFLICT (council, key) DO UPDATE SET value = excluded.value",
                ("council", _council), ("key", $"rows:{kind}"), ("value", v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            await info.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    internal static NpgsqlBatchCommand Batched(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(Parameter(name, value));
        }

        return command;
    }

    internal static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(Parameter(name, value));
        }

        return command;
    }

    // A null is sent as text unless the column says otherwise (PostgreSQL casts an unknown-typed null to the column's type).
    private static NpgsqlParameter Parameter(string name, object? value) => new(name, value ?? DBNull.Value);
}
