using System.Text.Json;
using Ardalis.GuardClauses;
using Council.Workflows.Engine;
using Council.Workflows.Stores;
using Npgsql;

namespace Council.Workflows.PostgreSql;

// The commit: one transaction per command, acknowledged once it has committed, sent to the server in one batch — BEGIN,
// the limits' checks, every write with the checks that guard it, the number, COMMIT — so a commit costs one round trip. A
// check that fails fails the batch (the rest, COMMIT included, is not run) and says why: a command id or a new case's id
// already taken by their primary keys, the case's version, a limit and the number by commit_check (migration 0005). A
// rival's uncommitted row in the way is waited for, then judged as committed or not.
//
// Locks are taken in one order by every commit — the limits' advisory locks (by prefix), the command id, the case's row,
// the search words (sorted), the sequence's row — so commits never wait for each other in a circle. The sequence's row is
// locked last, just before COMMIT: it is held only while the server commits, never across a round trip to this program.
// Commits of one sequence (in this store) send their batches in the order of their numbers, each once the one before has
// finished; several processes share the order through the row's lock, and a number that is not the next (a rival took it,
// or the one before it was refused) fails its commit, and the engine decides again on the store's last number. Not grouped
// further: PostgreSQL commits concurrent transactions with one WAL flush when they arrive together.
public sealed partial class PostgreSqlCaseStore
{
    private const string NumberNotNext = "CW001";
    private const string VersionMoved = "CW002";
    private const string LimitExceeded = "CW003";

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
        var number = commit.Numbers.Count == 1 ? commit.Numbers[0] : null;

        // Taken before the first await, so commits of one sequence keep the order they were given in (the engine hands
        // numbers out in turn and gives their commits in that order).
        var turn = number is not null ? _numberTurns.Take(number.Scope) : null;
        CommitOutcome outcome;
        NpgsqlConnection? connection = null;
        try
        {
            var batch = Batch(commit, row, before, resultJson, eventJson, number);

            // Nothing is sent before the turn comes: a commit waiting in line holds no lock and none of the pool.
            if (turn is not null)
            {
                await turn.EnterAsync(cancellationToken).ConfigureAwait(false);
            }

            connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            if (number is { Number: 1 })
            {
                await CreateSequenceAsync(connection, number.Scope, cancellationToken).ConfigureAwait(false);
            }

            outcome = commit.Numbers.Count > 1
                ? await ExistingOrAsync(connection, commit.Result.CommandId, CommitStatus.RelatedConflict, cancellationToken).ConfigureAwait(false)
                : await CommitOnceAsync(connection, batch, commit, number, cancellationToken).ConfigureAwait(false);
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

    private async Task<CommitOutcome> CommitOnceAsync(NpgsqlConnection connection, List<NpgsqlBatchCommand> commands, CaseCommit commit, TakenNumber? number, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var command in commands)
        {
            batch.BatchCommands.Add(command);
        }

        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e)
        {
            // The batch stopped at the failed statement, inside its transaction: end it, then say why.
            await RollbackAsync(connection).ConfigureAwait(false);
            switch (e.SqlState)
            {
                case NumberNotNext when number is not null:
                case LimitExceeded:
                    // A duplicate command would have failed on its id before: these are the related conflicts.
                    return new CommitOutcome(CommitStatus.RelatedConflict);
                case VersionMoved:
                    return new CommitOutcome(CommitStatus.VersionConflict);
                case PostgresErrorCodes.UniqueViolation when e.ConstraintName is "commands_pkey" or "cases_pkey" or "events_pkey":
                    // The same command id committed meanwhile (perhaps on another case): its result stands. Else a rival made
                    // this case first, or wrote its next version.
                    return await ExistingOrAsync(connection, commit.Result.CommandId, CommitStatus.VersionConflict, cancellationToken).ConfigureAwait(false);
                default:
                    throw;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException && connection.State == System.Data.ConnectionState.Open)
        {
            // Anything else (a timeout, a cancelled wait): the transaction is ended before the connection goes back to the pool.
            await RollbackAsync(connection).ConfigureAwait(false);
            throw;
        }

        if (WakesWorkers(commit))
        {
            WakeWorkers();
        }

        return new CommitOutcome(CommitStatus.Committed);
    }

    // The whole commit as one batch of statements, BEGIN to COMMIT.
    private List<NpgsqlBatchCommand> Batch(CaseCommit commit, CaseRow? row, ICaseData? before, string resultJson, string[] eventJson, TakenNumber? number)
    {
        var id = commit.CaseId.Value;
        var newCase = commit.ExpectedVersion == 0;
        var batch = new List<NpgsqlBatchCommand> { new("BEGIN") };

        // What spans cases first: each limit under an advisory lock of its prefix (two commits counting the same keys take
        // turns), in prefix order, counted without this case, whose own keys are counted as they will be.
        foreach (var limit in commit.Limits.OrderBy(l => l.Prefix, StringComparer.Ordinal))
        {
            var own = (row?.Keys ?? before?.Keys ?? []).Distinct().Count(limit.Covers);
            batch.Add(Batched("SELECT pg_advisory_xact_lock(hashtextextended(@council || chr(31) || @prefix, 0))", ("council", _council), ("prefix", limit.Prefix)));
            batch.Add(Batched(
                "SELECT commit_check(count(*) + @own <= @max, '" + LimitExceeded + "') FROM case_keys WHERE council = @council AND key >= @from AND key < @to AND case_id <> @id",
                ("council", _council), ("from", limit.Prefix), ("to", limit.UpperBound), ("id", id), ("own", (long)own), ("max", (long)limit.Max)));
        }

        // The command id claimed by its primary key (a repeat fails here, or waits for the first and then fails).
        batch.Add(Batched(
            "INSERT INTO commands (council, id, case_id, result) VALUES (@council, @command, @id, @result)",
            ("council", _council), ("command", commit.Result.CommandId), ("id", id), ("result", resultJson)));
        if (row is null)
        {
            // Nothing of the case changes: it must still be at the version decided on.
            batch.Add(Batched(
                "SELECT commit_check(coalesce((SELECT version FROM cases WHERE council = @council AND id = @id), 0) = @expected, '" + VersionMoved + "')",
                ("council", _council), ("id", id), ("expected", commit.ExpectedVersion)));
        }
        else if (newCase)
        {
            // A new case claims its id by the primary key: a rival making the same id waits, then fails.
            batch.Add(Batched(InsertCaseSql, CaseParameters(row)));
        }
        else
        {
            // The case's row moves on only from the version decided on (a rival's commit on it is waited for, then judged).
            batch.Add(Batched(
                "WITH moved AS (" + UpdateCaseSql + " AND version = @expected RETURNING 1) SELECT commit_check(EXISTS (SELECT 1 FROM moved), '" + VersionMoved + "')",
                [.. CaseParameters(row), ("expected", commit.ExpectedVersion)]));
        }

        if (row is not null)
        {
            AddKeys(batch, row, newCase, rewrite: !newCase && (before is null || !before.Keys.SequenceEqual(row.Keys)));
            AddSearch(batch, row, commit.Case!.SearchFields, before, newCase);
            AddFacts(batch, row, commit.Case.ReportFacts, newCase);
            AddEvents(batch, commit.Events, eventJson);
        }

        if (commit.Timers is { } timers)
        {
            AddTimers(batch, id, timers, newCase);
        }

        foreach (var m in commit.Outbox)
        {
            batch.Add(Batched(
                "INSERT INTO outbox (council, id, case_id, kind, recipient, subject, body, created_at) VALUES (@council, @id, @case, @kind, @recipient, @subject, @body, @created) " +
                "ON CONFLICT (council, id) DO NOTHING",
                ("council", _council), ("id", m.Id), ("case", m.CaseId.Value), ("kind", m.Kind), ("recipient", m.Recipient), ("subject", m.Subject), ("body", m.Body),
                ("created", m.CreatedAt.ToUnixTimeTicks())));
        }

        if (number is not null)
        {
            // The row locked first, in a statement of its own: an UPDATE alone would judge the row by its snapshot, skip it as
            // not yet at the number before (a rival's commit still in flight) and take nothing instead of waiting for it. Once
            // locked, the next statement's snapshot sees what the holder committed.
            batch.Add(Batched("SELECT 1 FROM sequences WHERE council = @council AND scope = @scope FOR UPDATE", ("council", _council), ("scope", number.Scope)));
            batch.Add(Batched(
                "WITH taken AS (UPDATE sequences SET value = @number WHERE council = @council AND scope = @scope AND value = @number - 1 RETURNING 1) " +
                "SELECT commit_check(EXISTS (SELECT 1 FROM taken), '" + NumberNotNext + "')",
                ("council", _council), ("scope", number.Scope), ("number", number.Number)));
        }

        batch.Add(new NpgsqlBatchCommand("COMMIT"));
        return batch;
    }

    private static async Task RollbackAsync(NpgsqlConnection connection)
    {
        await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
        await rollback.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private CommitOutcome Duplicate(string json) => new(CommitStatus.DuplicateCommand, JsonSerializer.Deserialize<CommandResult>(json, _json));

    // The result recorded under the command id, if it was committed; otherwise the outcome given.
    private async Task<CommitOutcome> ExistingOrAsync(NpgsqlConnection connection, Guid commandId, CommitStatus otherwise, CancellationToken cancellationToken)
    {
        await using var find = Command(connection, null, "SELECT result FROM commands WHERE council = @council AND id = @command", ("council", _council), ("command", commandId));
        return await find.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json ? Duplicate(json) : new CommitOutcome(otherwise);
    }

    // A sequence's first number makes its row first (committed, at 0), so a second number taken while the first is in
    // flight finds a row to wait on.
    private async Task CreateSequenceAsync(NpgsqlConnection connection, string scope, CancellationToken cancellationToken)
    {
        await using var create = Command(connection, null, "INSERT INTO sequences (council, scope, value) VALUES (@council, @scope, 0) ON CONFLICT DO NOTHING",
            ("council", _council), ("scope", scope));
        await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private const string InsertCaseSql =
        "INSERT INTO cases (council, id, kind, state, version, is_open, reference, reference_key, due_at, assignee, assignee_key, priority, keys, created_at, updated_at) " +
        "VALUES (@council, @id, @kind, @state, @version, @open, @reference, @referenceKey, @due, @assignee, @assigneeKey, @priority, @keys, @created, @updated)";

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
    private void AddKeys(List<NpgsqlBatchCommand> batch, CaseRow row, bool newCase, bool rewrite)
    {
        if (!newCase && !rewrite)
        {
            return;
        }

        if (rewrite)
        {
            batch.Add(Batched("DELETE FROM case_keys WHERE council = @council AND case_id = @id", ("council", _council), ("id", row.Id.Value)));
        }

        if (row.Keys.Count > 0)
        {
            batch.Add(Batched(
                "INSERT INTO case_keys (council, key, created_at, case_id) SELECT @council, k, @created, @id FROM unnest(@keys) AS k ON CONFLICT DO NOTHING",
                ("council", _council), ("created", row.CreatedAt.ToUnixTimeTicks()), ("id", row.Id.Value), ("keys", row.Keys.Distinct().ToArray())));
        }
    }

    // The case's search document: its fields kept, its lexemes indexed; the words not known before added to the vocabulary.
    // Unchanged fields (the case before known) are not rewritten; a case that gives no fields has no document.
    private void AddSearch(List<NpgsqlBatchCommand> batch, CaseRow row, IReadOnlyList<SearchField>? fields, ICaseData? before, bool newCase)
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
                batch.Add(Batched("DELETE FROM search_docs WHERE council = @council AND case_id = @id", ("council", _council), ("id", row.Id.Value)));
            }

            return;
        }

        batch.Add(Batched(
            "INSERT INTO search_docs (council, case_id, kind, fields, words) VALUES (@council, @id, @kind, @fields, array_to_tsvector(@words)) " +
            "ON CONFLICT (council, case_id) DO UPDATE SET kind = excluded.kind, fields = excluded.fields, words = excluded.words",
            ("council", _council), ("id", row.Id.Value), ("kind", row.Kind), ("fields", SearchFieldsText.Encode(fields)), ("words", SearchDocs.Lexemes(fields))));
        var known = old is not null ? SearchFieldsText.Terms(old) : [];
        var added = SearchFieldsText.Terms(fields).Where(t => !known.Contains(t)).OrderBy(t => t.Field, StringComparer.Ordinal).ThenBy(t => t.Term, StringComparer.Ordinal).ToList();
        if (added.Count > 0)
        {
            batch.Add(Batched(
                "INSERT INTO search_terms (council, field, term) SELECT @council, f, t FROM unnest(@fields, @terms) AS x (f, t) ON CONFLICT DO NOTHING",
                ("council", _council), ("fields", added.Select(t => t.Field).ToArray()), ("terms", added.Select(t => t.Term).ToArray())));
        }
    }

    // The report facts beside the row, replaced whole; none given, none kept.
    private void AddFacts(List<NpgsqlBatchCommand> batch, CaseRow row, string? facts, bool newCase)
    {
        if (facts is not null)
        {
            batch.Add(Batched(
                "INSERT INTO case_facts (council, case_id, kind, created_at, state, facts) VALUES (@council, @id, @kind, @created, @state, @facts) " +
                "ON CONFLICT (council, case_id) DO UPDATE SET kind = excluded.kind, created_at = excluded.created_at, state = excluded.state, facts = excluded.facts",
                ("council", _council), ("id", row.Id.Value), ("kind", row.Kind), ("created", row.CreatedAt.ToUnixTimeTicks()), ("state", row.State), ("facts", facts)));
        }
        else if (!newCase)
        {
            batch.Add(Batched("DELETE FROM case_facts WHERE council = @council AND case_id = @id", ("council", _council), ("id", row.Id.Value)));
        }
    }

    private void AddEvents(List<NpgsqlBatchCommand> batch, IReadOnlyList<CaseEvent> events, string[] data)
    {
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            batch.Add(Batched(
                "INSERT INTO events (council, case_id, version, at, recorded_at, type, state, by_name, by_role, by_account, reason, legal_basis, command_id, data) " +
                "VALUES (@council, @id, @version, @at, @recorded, @type, @state, @by, @role, @account, @reason, @basis, @command, @data)",
                ("council", _council), ("id", e.CaseId.Value), ("version", e.Version), ("at", e.At.ToUnixTimeTicks()), ("recorded", e.RecordedAt?.ToUnixTimeTicks()),
                ("type", e.Type), ("state", e.State), ("by", e.By.Name), ("role", KebabCase.Of(e.By.Role)), ("account", e.By.Account), ("reason", e.Reason),
                ("basis", e.LegalBasis), ("command", e.CommandId), ("data", data[i])));
        }
    }

    // The case's timers become these: the others deleted; one that stays with the same due instant keeps its claim (a worker
    // holding a case's next timers keeps them while it fires the first); a changed or new one is free to claim.
    private void AddTimers(List<NpgsqlBatchCommand> batch, Guid id, IReadOnlyList<TimerEntry> timers, bool newCase)
    {
        var kinds = timers.Select(t => t.Kind.ToString()).ToArray();
        if (!newCase)
        {
            batch.Add(Batched(
                "DELETE FROM timers WHERE council = @council AND case_id = @id AND NOT (kind = ANY(@kinds))", ("council", _council), ("id", id), ("kinds", kinds)));
        }

        if (timers.Count == 0)
        {
            return;
        }

        batch.Add(Batched(
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
            var commands = new List<NpgsqlBatchCommand> { Batched(UpdateCaseSql, CaseParameters(row)) };
            AddKeys(commands, row, newCase: false, rewrite: true);
            AddSearch(commands, row, data.SearchFields, null, newCase: false);
            AddFacts(commands, row, data.ReportFacts, newCase: false);
            commands.ForEach(batch.BatchCommands.Add);
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
