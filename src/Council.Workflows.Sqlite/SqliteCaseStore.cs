using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Ardalis.GuardClauses;
using Council.Workflows.Engine;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Council.Workflows.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode, created and migrated on first use. Commits from concurrent callers are
/// grouped into one transaction (one fsync for many) by a single writer; each is checked against its expected version
/// inside the transaction, so several processes can share a file. Reads use pooled connections.
/// </summary>
public sealed class SqliteCaseStore : ICaseStore, IAsyncDisposable, IDisposable
{
    // The worker's claim: an indexed range query on the due instant (a test checks the plan uses ix_timers_due).
    internal const string DueTimersSql =
        "SELECT case_id AS CaseId, kind AS Kind, due_at AS DueAt, state AS State, version AS Version FROM timers WHERE due_at <= @dueBy ORDER BY due_at, case_id, kind LIMIT @limit";

    private readonly SqliteStoreOptions _options;
    private readonly JsonSerializerOptions _json;
    private readonly string _connectionString;
    private readonly Channel<WriteOp> _writes = Channel.CreateUnbounded<WriteOp>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    /// <summary>Opens (creating and migrating, if allowed) the database file.</summary>
    /// <param name="options">The file and how to open it.</param>
    /// <param name="eventTypes">
    /// The types of the events the histories hold, each with its <see cref="StoredNameAttribute"/> (a registry's
    /// <see cref="WorkflowRegistry.EventTypes"/>): the store reads and writes them by those names and knows nothing else of
    /// the workflows.
    /// </param>
    /// <exception cref="FileNotFoundException">The file does not exist and <see cref="SqliteStoreOptions.CreateIfMissing"/> is off.</exception>
    /// <exception cref="SchemaTooNewException">The file was written by a newer version.</exception>
    /// <exception cref="NotAStoreException">The file is not a Council.Workflows database.</exception>
    public SqliteCaseStore(SqliteStoreOptions options, IEnumerable<Type> eventTypes)
    {
        _options = Guard.Against.Null(options);
        Guard.Against.Null(eventTypes);
        Guard.Against.NullOrWhiteSpace(options.Path, nameof(options.Path));
        Guard.Against.OutOfRange(options.MaxBatch, nameof(options.MaxBatch), 1, 100_000);
        Path = System.IO.Path.GetFullPath(options.Path);
        if (!File.Exists(Path) && (!options.CreateIfMissing || options.ReadOnly))
        {
            throw new FileNotFoundException($"No database at {Path}.", Path);
        }

        _json = StoreJson.Create(eventTypes);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = options.ReadOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        };
        _connectionString = connectionString.ToString();

        try
        {
            try
            {
                using var connection = Open();
                if (!options.ReadOnly)
                {
                    Execute(connection, "PRAGMA journal_mode=WAL;");
                }

                IsSimulation = Migrator.Migrate(connection, Path, options.Simulation);
            }
            catch (SqliteException e) when (options.ReadOnly && e.SqliteErrorCode == 8 && !File.Exists(Path + "-wal"))
            {
                // A read-only reader cannot create the shared-memory file a WAL database needs (a read-only folder, or a
                // file of another user). With no write-ahead log there is no writer and nothing outside the file: read it
                // as it is.
                connectionString.DataSource = new Uri(Path).AbsoluteUri + "?immutable=1";
                _connectionString = connectionString.ToString();
                using var connection = Open();
                IsSimulation = Migrator.Migrate(connection, Path, options.Simulation);
            }
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 26 or 11)
        {
            throw new NotAStoreException(Path, e.SqliteErrorCode == 26 ? "not a database file" : "the file is damaged");
        }

        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    /// <summary>The schema version this program writes.</summary>
    public static int SchemaVersion => Migrator.Latest;

    /// <inheritdoc />
    public bool IsSimulation { get; }

    /// <inheritdoc />
    public async ValueTask<StoredCase?> LoadCaseAsync(CaseId id, long knownVersion = 0, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var head = await connection.QuerySingleOrDefaultAsync<(string Kind, long Version)?>(
            new CommandDefinition("SELECT kind, version FROM cases WHERE id = @id", new { id = Key(id) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return head is { } found ? await StoredAsync(connection, id, found.Kind, found.Version, knownVersion, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <inheritdoc />
    public async ValueTask<(CommandResult? Result, StoredCase? Case)> LoadForCommandAsync(Guid commandId, CaseId id, long knownVersion = 0, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var (json, kind, version) = await connection.QuerySingleAsync<(string? Result, string? Kind, long? Version)>(new CommandDefinition(
            "SELECT (SELECT result FROM commands WHERE id = @command), (SELECT kind FROM cases WHERE id = @id), (SELECT version FROM cases WHERE id = @id)",
            new { command = Bytes(commandId), id = Key(id) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (json is not null)
        {
            return (await WithEventsAsync(connection, JsonSerializer.Deserialize<CommandResult>(json, _json)!, cancellationToken).ConfigureAwait(false), null);
        }

        return kind is null || version is null
            ? (null, null)
            : (null, await StoredAsync(connection, id, kind, version.Value, knownVersion, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<CaseEvent>> LoadHistoryAsync(CaseId id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadHistoryAsync(connection, id, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<CommandResult?> FindResultAsync(Guid commandId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var json = await connection.QuerySingleOrDefaultAsync<string>(
            new CommandDefinition("SELECT result FROM commands WHERE id = @id", new { id = Bytes(commandId) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return json is null ? null : await WithEventsAsync(connection, JsonSerializer.Deserialize<CommandResult>(json, _json)!, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<CommitOutcome> CommitAsync(CaseCommit commit, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(commit);
        // Serialised here, off the writer's thread.
        var (resultJson, eventJson) = ToJson(commit, _json);

        // The row written with the version this commit follows, when the engine says which case it decided on (a version's
        // row is derived from its history, so that case's row is what the file holds): unchanged columns and keys are not
        // rewritten.
        var rowBefore = commit.Previous is { } before && before.Version == commit.ExpectedVersion && commit.ExpectedVersion > 0 ? before.ToRow() : null;
        var op = new CommitOp(commit, resultJson, eventJson, rowBefore);
        var outcome = (CommitOutcome)await EnqueueAsync(op).ConfigureAwait(false);
        if (outcome is { Status: CommitStatus.DuplicateCommand, Existing: { } existing })
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            return outcome with { Existing = await WithEventsAsync(connection, existing, cancellationToken).ConfigureAwait(false) };
        }

        return outcome;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<TimerEntry>> DueTimersAsync(Instant dueBy, int limit, CancellationToken cancellationToken = default)
    {
        Guard.Against.NegativeOrZero(limit);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<TimerRow>(new CommandDefinition(
            DueTimersSql, new { dueBy = dueBy.ToUnixTimeTicks(), limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToEntry())];
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<TimerEntry>> ClaimDueTimersAsync(Instant dueBy, int limit, TimerClaim claim, CancellationToken cancellationToken = default)
    {
        Guard.Against.NegativeOrZero(limit);
        Guard.Against.Null(claim);
        return (IReadOnlyList<TimerEntry>)await EnqueueAsync(new ClaimOp(dueBy, limit, claim)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<int> ReleaseClaimsAsync(string owner, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(owner);
        return (int)(long)await EnqueueAsync(new ReleaseClaimsOp(owner)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<TimerEntry>> TimersOfAsync(CaseId id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<TimerRow>(new CommandDefinition(
            "SELECT case_id AS CaseId, kind AS Kind, due_at AS DueAt, state AS State, version AS Version FROM timers WHERE case_id = @id ORDER BY due_at, kind",
            new { id = Key(id) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToEntry())];
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<CaseRow> QueryAsync(CaseQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(query);
        var (sql, parameters) = QuerySql(query);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var row in connection.QueryUnbufferedAsync<CaseRowDto>(sql, parameters).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return row.ToRow();
        }
    }

    // The SQL of a query and its parameters (internal for the query-plan tests).
    internal static (string Sql, DynamicParameters Parameters) QuerySql(CaseQuery query)
    {
        var sql = new StringBuilder("SELECT c.id AS Id, c.kind AS Kind, c.council AS Council, c.state AS State, c.version AS Version, c.is_open AS IsOpen, " +
            "c.reference AS Reference, c.due_at AS DueAt, c.assignee AS Assignee, c.priority AS Priority, c.created_at AS CreatedAt, c.updated_at AS UpdatedAt, " +
            "(SELECT group_concat(k.key, char(31)) FROM case_keys k WHERE k.case_id = c.id) AS Keys FROM ");
        var where = new List<string>();
        var parameters = new DynamicParameters();
        if (query.Key is { } key)
        {
            // A key names a few cases: start from them (CROSS JOIN fixes SQLite's join order), never from an index over
            // every case of the kind, which the ORDER BY would otherwise tempt the planner into (a test checks the plan).
            sql.Append("case_keys q CROSS JOIN cases c ON c.id = q.case_id");
            where.Add("q.key = @key");
            parameters.Add("key", key);
        }
        else
        {
            sql.Append("cases c");
        }

        Add(query.Kind, "c.kind = @kind", "kind");
        Add(query.Council, "c.council = @council", "council");
        Add(query.IsOpen, "c.is_open = @isOpen", "isOpen");
        Add(query.DueBefore?.ToUnixTimeTicks(), "c.due_at < @dueBefore", "dueBefore");
        Add(query.Assignee?.Trim().ToUpperInvariant(), "c.assignee_key = @assignee", "assignee");
        Add(query.MinPriority, "c.priority >= @minPriority", "minPriority");
        Add(query.Reference?.Trim().ToUpperInvariant(), "c.reference_key = @reference", "reference");
        Add(query.CreatedFrom?.ToUnixTimeTicks(), "c.created_at >= @createdFrom", "createdFrom");
        Add(query.CreatedBefore?.ToUnixTimeTicks(), "c.created_at < @createdBefore", "createdBefore");
        if (query.States is { } states)
        {
            where.Add(states.Count == 0 ? "0" : "c.state IN @states");
            parameters.Add("states", states.ToArray());
        }

        if (where.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", where);
        }

        // A key's cases come in creation order from its own index, so a LIMIT reads no more rows than it returns.
        var (created, id) = query.Key is null ? ("c.created_at", "c.id") : ("q.created_at", "q.case_id");
        sql.Append(query.Order switch
        {
            CaseOrder.Due => " ORDER BY c.due_at IS NULL, c.due_at, c.created_at",
            CaseOrder.Queue => " ORDER BY c.priority DESC, c.due_at IS NULL, c.due_at, c.created_at",
            CaseOrder.Newest => $" ORDER BY {created} DESC, {id} DESC",
            _ => $" ORDER BY {created}, {id}",
        });
        if (query.Limit is { } limit)
        {
            sql.Append(" LIMIT @limit");
            parameters.Add("limit", limit);
        }

        return (sql.ToString(), parameters);

        void Add<T>(T? value, string clause, string name)
        {
            if (value is not null)
            {
                where.Add(clause);
                parameters.Add(name, value);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<long> LastNumberAsync(string scope, CancellationToken cancellationToken = default)
    {
        Guard.Against.NullOrWhiteSpace(scope);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT value FROM sequences WHERE scope = @scope", new { scope }, cancellationToken: cancellationToken)).ConfigureAwait(false) ?? 0L;
    }

    /// <inheritdoc />
    public async ValueTask<int> RowVersionAsync(string kind, CancellationToken cancellationToken = default)
    {
        Guard.Against.NullOrWhiteSpace(kind);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var stored = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT value FROM store_info WHERE key = @key", new { key = $"rows:{kind}" }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return int.TryParse(stored, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : 1;
    }

    /// <inheritdoc />
    public async ValueTask RewriteRowsAsync(string kind, IReadOnlyList<ICaseData> cases, int? version, CancellationToken cancellationToken = default)
    {
        Guard.Against.NullOrWhiteSpace(kind);
        Guard.Against.Null(cases);
        await EnqueueAsync(new RewriteRowsOp(kind, cases, version)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<long> NextSequenceAsync(string scope, CancellationToken cancellationToken = default)
    {
        Guard.Against.NullOrWhiteSpace(scope);
        return (long)await EnqueueAsync(new SequenceOp(scope)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<OutboxMessage>> PendingOutboxAsync(int limit, CancellationToken cancellationToken = default)
    {
        Guard.Against.NegativeOrZero(limit);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<OutboxDto>(new CommandDefinition(
            "SELECT id AS Id, case_id AS CaseId, kind AS Kind, recipient AS Recipient, subject AS Subject, body AS Body, created_at AS CreatedAt " +
            "FROM outbox WHERE delivered_at IS NULL AND failed = 0 ORDER BY seq LIMIT @limit",
            new { limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToMessage())];
    }

    /// <inheritdoc />
    public async ValueTask MarkDeliveredAsync(IEnumerable<Guid> messageIds, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(messageIds);
        await EnqueueAsync(new DeliveredOp([.. messageIds])).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<OutboxEntry>> ListOutboxAsync(OutboxStatus status, int limit, Guid? after = null, CancellationToken cancellationToken = default)
    {
        Guard.Against.NegativeOrZero(limit);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<OutboxDto>(new CommandDefinition(
            ListOutboxSql(status), new { after = after is { } id ? Bytes(id) : null, limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => new OutboxEntry(r.ToMessage(), (int)r.Attempts, r.LastError, r.Failed != 0))];
    }

    // The flag is a literal, not a parameter, so the planner can use the partial index of pending (or failed) messages
    // (internal for the query-plan test).
    internal static string ListOutboxSql(OutboxStatus status) =>
        "SELECT id AS Id, case_id AS CaseId, kind AS Kind, recipient AS Recipient, subject AS Subject, body AS Body, created_at AS CreatedAt, " +
        "attempts AS Attempts, last_error AS LastError, failed AS Failed FROM outbox " +
        $"WHERE delivered_at IS NULL AND failed = {(status == OutboxStatus.Failed ? 1 : 0)} " +
        "AND seq > coalesce((SELECT seq FROM outbox WHERE id = @after), 0) ORDER BY seq LIMIT @limit";

    /// <inheritdoc />
    public async ValueTask<int> RecordDeliveryFailureAsync(Guid messageId, string error, int maxAttempts, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(error);
        Guard.Against.NegativeOrZero(maxAttempts);
        return (int)(long)await EnqueueAsync(new DeliveryFailedOp(messageId, error, maxAttempts)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<int> RetryOutboxAsync(IReadOnlyCollection<Guid>? messageIds, CancellationToken cancellationToken = default) =>
        (int)(long)await EnqueueAsync(new RetryOutboxOp(messageIds is null ? null : [.. messageIds])).ConfigureAwait(false);

    /// <summary>Counts the cases held, by kind (for status screens and reports).</summary>
    public async ValueTask<IReadOnlyDictionary<string, long>> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Kind, long Count)>(new CommandDefinition("SELECT kind, count(*) FROM cases GROUP BY kind", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.ToDictionary(r => r.Kind, r => r.Count);
    }

    /// <summary>Streams every event of every case of <paramref name="kind"/>, case by case, oldest case first.</summary>
    public async IAsyncEnumerable<IReadOnlyList<CaseEvent>> StreamHistoriesAsync(string kind, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var row in QueryAsync(new CaseQuery { Kind = kind }, cancellationToken).ConfigureAwait(false))
        {
            yield return await LoadHistoryAsync(row.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    // A case's head and, unless the caller holds that version, its history (read on the same connection, so in the same
    // snapshot when the caller's transaction spans both; a writer in between only adds to it, and the version is re-read).
    private async ValueTask<StoredCase> StoredAsync(SqliteConnection connection, CaseId id, string kind, long version, long knownVersion, CancellationToken cancellationToken)
    {
        if (version == knownVersion)
        {
            return new StoredCase(kind, version, null);
        }

        var history = await ReadHistoryAsync(connection, id, cancellationToken).ConfigureAwait(false);
        return new StoredCase(kind, history.Count, history);
    }

    // The result is stored without its events: they are in the history, and a repeat reads them back from there.
    private static (string Result, string[] Events) ToJson(CaseCommit commit, JsonSerializerOptions json) =>
        (JsonSerializer.Serialize(commit.Result with { Events = [] }, json), [.. commit.Events.Select(e => JsonSerializer.Serialize(e.Data, json))]);

    private async Task<CommandResult> WithEventsAsync(SqliteConnection connection, CommandResult result, CancellationToken cancellationToken)
    {
        if (result.Status != CommandStatus.Accepted || result.Events.Count > 0)
        {
            return result;
        }

        var history = await ReadHistoryAsync(connection, result.CaseId, cancellationToken).ConfigureAwait(false);
        return result with { Events = [.. history.Where(e => e.CommandId == result.CommandId)] };
    }

    private async Task<IReadOnlyList<CaseEvent>> ReadHistoryAsync(SqliteConnection connection, CaseId id, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<EventDto>(new CommandDefinition(
            "SELECT version AS Version, at AS At, recorded_at AS RecordedAt, state AS State, by_name AS ByName, by_role AS ByRole, reason AS Reason, legal_basis AS LegalBasis, " +
            "command_id AS CommandId, data AS Data FROM events WHERE case_id = @id ORDER BY version",
            new { id = Key(id) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return
        [
            .. rows.Select(r => new CaseEvent(
                id, r.Version, Instant.FromUnixTimeTicks(r.At), new Official(r.ByName, KebabCase.TryParse<OfficialRole>(r.ByRole, out var role) ? role : OfficialRole.System), r.State,
                JsonSerializer.Deserialize<EventData>(r.Data, _json)!, r.Reason, r.LegalBasis, FromBytes(r.CommandId))
            {
                RecordedAt = r.RecordedAt is { } recorded ? Instant.FromUnixTimeTicks(recorded) : null,
            }),
        ];
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    // Ids are stored as 16 bytes in the UUID's own (big-endian) order (schema 4): hex(id) reads as the id the program
    // shows, and version 7 ids sort by time, so inserts append to the indexes.
    internal static byte[] Key(CaseId id) => Bytes(id.Value);

    internal static byte[] Bytes(Guid id) => id.ToByteArray(bigEndian: true);

    internal static Guid FromBytes(byte[] bytes) => new(bytes, bigEndian: true);

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
    // checks before it writes anything, so it needs no savepoint; a write that fails fails its whole batch.
    private async Task WriteLoopAsync()
    {
        using var connection = Open();
        Execute(connection, _options.Durability == Durability.Full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
        using var statements = new WriteStatements(connection) { Json = _json };
        var batch = new List<WriteOp>(_options.MaxBatch);
        while (await _writes.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _options.MaxBatch && _writes.Reader.TryRead(out var op))
            {
                batch.Add(op);
            }

            var results = new object[batch.Count];
            try
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                statements.Enlist(transaction);
                for (var i = 0; i < batch.Count; i++)
                {
                    results[i] = batch[i].Apply(statements);
                }

                transaction.Commit();
            }
#pragma warning disable CA1031 // A failed transaction fails every write in it, with the error, and the loop goes on.
            catch (Exception e)
#pragma warning restore CA1031
            {
                foreach (var op in batch)
                {
                    op.Completion.TrySetException(e);
                }

                continue;
            }

            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult(results[i]);
            }
        }
    }

    private abstract class WriteOp
    {
        public TaskCompletionSource<object> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public abstract object Apply(WriteStatements statements);
    }

    private sealed class CommitOp(CaseCommit commit, string resultJson, string[] eventJson, CaseRow? rowBefore) : WriteOp
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
                    s.UpsertCase(id, row, newCase: _commit.ExpectedVersion == 0);
                }
                else
                {
                    s.UpdateCase(id, row, rowBefore);
                }
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
                    s.UpsertCase(id, data.ToRow(), newCase: false);
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

    // Prepared statements of the writer, reused across batches.
    private sealed class WriteStatements(SqliteConnection connection) : IDisposable
    {
        private static readonly ConcurrentDictionary<int, (string Sql, string[] Names)> TimerInserts = new();
        private static readonly ConcurrentDictionary<int, (string Sql, string[] Kinds)> TimerDeletes = new();

        private readonly Dictionary<string, SqliteCommand> _commands = [];

        public JsonSerializerOptions? Json { get; set; }

        public void Enlist(SqliteTransaction transaction)
        {
            foreach (var command in _commands.Values)
            {
                command.Transaction = transaction;
            }

            Transaction = transaction;
        }

        private SqliteTransaction? Transaction { get; set; }

        // In one statement: the result already recorded for the command id, and the case's stored version (0 if none).
        public (string? Existing, long Version) Check(byte[] commandId, byte[] id) => ((string? Existing, long Version))Run(
            "SELECT (SELECT result FROM commands WHERE id = $command), (SELECT version FROM cases WHERE id = $id)",
            c =>
            {
                using var row = c.ExecuteReader();
                row.Read();
                return (row.IsDBNull(0) ? null : row.GetString(0), row.IsDBNull(1) ? 0L : row.GetInt64(1));
            },
            ("$command", commandId),
            ("$id", id))!;

        public CommandResult Deserialize(string json) => JsonSerializer.Deserialize<CommandResult>(json, Json!)!;

        public (string Result, string[] Events) Serialize(CaseCommit commit) => ToJson(commit, Json!);


        // A new case, or one whose stored row is not known: every column, and the keys.
        public void UpsertCase(byte[] id, CaseRow row, bool newCase)
        {
            Run(
                "INSERT INTO cases (id, kind, council, state, version, is_open, reference, reference_key, due_at, assignee, assignee_key, priority, created_at, updated_at) " +
                "VALUES ($id, $kind, $council, $state, $version, $open, $reference, $referenceKey, $due, $assignee, $assigneeKey, $priority, $created, $updated) " +
                "ON CONFLICT (id) DO UPDATE SET state = excluded.state, version = excluded.version, is_open = excluded.is_open, reference = excluded.reference, " +
                "reference_key = excluded.reference_key, due_at = excluded.due_at, assignee = excluded.assignee, assignee_key = excluded.assignee_key, " +
                "priority = excluded.priority, updated_at = excluded.updated_at",
                c => c.ExecuteNonQuery(),
                ("$id", id), ("$kind", row.Kind), ("$council", row.Council), ("$state", row.State), ("$version", row.Version), ("$open", row.IsOpen ? 1 : 0),
                ("$reference", row.Reference), ("$referenceKey", UpperKey(row.Reference)), ("$due", row.DueAt?.ToUnixTimeTicks()),
                ("$assignee", row.Assignee), ("$assigneeKey", UpperKey(row.Assignee)), ("$priority", row.Priority),
                ("$created", row.CreatedAt.ToUnixTimeTicks()), ("$updated", row.UpdatedAt.ToUnixTimeTicks()));
            ReplaceKeys(id, row.Keys, row.CreatedAt.ToUnixTimeTicks(), newCase);
        }

        // A case whose stored row is known: only the columns that changed. SQLite rewrites an index entry whenever its
        // column is assigned, even to the same value, so a command that does not touch the state, the deadline or the
        // assignee leaves those indexes alone. (At most 2^6 statement shapes, each prepared once.)
        public void UpdateCase(byte[] id, CaseRow row, CaseRow before)
        {
            var set = new StringBuilder("UPDATE cases SET version = $version, updated_at = $updated");
            var parameters = new List<(string, object?)>(10) { ("$id", id), ("$version", row.Version), ("$updated", row.UpdatedAt.ToUnixTimeTicks()) };
            Assign(row.State != before.State, ", state = $state", ("$state", row.State));
            Assign(row.IsOpen != before.IsOpen, ", is_open = $open", ("$open", row.IsOpen ? 1 : 0));
            Assign(row.Reference != before.Reference, ", reference = $reference, reference_key = $referenceKey", ("$reference", row.Reference), ("$referenceKey", UpperKey(row.Reference)));
            Assign(row.DueAt != before.DueAt, ", due_at = $due", ("$due", row.DueAt?.ToUnixTimeTicks()));
            Assign(row.Assignee != before.Assignee, ", assignee = $assignee, assignee_key = $assigneeKey", ("$assignee", row.Assignee), ("$assigneeKey", UpperKey(row.Assignee)));
            Assign(row.Priority != before.Priority, ", priority = $priority", ("$priority", row.Priority));
            Run(set.Append(" WHERE id = $id").ToString(), c => c.ExecuteNonQuery(), [.. parameters]);
            if (!before.Keys.SequenceEqual(row.Keys))
            {
                ReplaceKeys(id, row.Keys, row.CreatedAt.ToUnixTimeTicks(), newCase: false);
            }

            void Assign(bool changed, string sql, params (string, object?)[] values)
            {
                if (changed)
                {
                    set.Append(sql);
                    parameters.AddRange(values);
                }
            }
        }

        // A new case (none stored at the commit's check) has no keys to delete.
        private void ReplaceKeys(byte[] id, IReadOnlyList<string> keys, long createdAt, bool newCase)
        {
            if (!newCase)
            {
                Run("DELETE FROM case_keys WHERE case_id = $id", c => c.ExecuteNonQuery(), ("$id", id));
            }

            foreach (var key in keys.Distinct())
            {
                Run(
                    "INSERT INTO case_keys (key, created_at, case_id) VALUES ($key, $created, $id)",
                    c => c.ExecuteNonQuery(),
                    ("$key", key),
                    ("$created", createdAt),
                    ("$id", id));
            }
        }

        private static string? UpperKey(string? text) => text?.Trim().ToUpperInvariant();

        public void InsertEvent(byte[] id, CaseEvent e, string data) => Run(
            "INSERT INTO events (case_id, version, at, recorded_at, type, state, by_name, by_role, reason, legal_basis, command_id, data) " +
            "VALUES ($id, $version, $at, $recorded, $type, $state, $by, $role, $reason, $basis, $command, $data)",
            c => c.ExecuteNonQuery(),
            ("$id", id), ("$version", e.Version), ("$at", e.At.ToUnixTimeTicks()), ("$recorded", e.RecordedAt?.ToUnixTimeTicks()), ("$type", e.Type), ("$state", e.State), ("$by", e.By.Name),
            ("$role", KebabCase.Of(e.By.Role)), ("$reason", e.Reason), ("$basis", e.LegalBasis), ("$command", Bytes(e.CommandId)), ("$data", data));

        // A case's timers, replaced: a new case has none to delete, and the new ones go in one statement (one shape per
        // count, each prepared once).
        // The case's timers become these: the others are deleted; one that stays (same kind and due instant) keeps its claim,
        // so a worker holding a case's next timers keeps them while it fires the first (schema 8).
        public void ReplaceTimers(byte[] id, IReadOnlyList<TimerEntry> timers, bool newCase)
        {
            if (!newCase)
            {
                var (delete, kinds) = TimerDeletes.GetOrAdd(timers.Count, static count =>
                {
                    var kinds = Enumerable.Range(0, count).Select(i => "$k" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
                    return (count == 0 ? "DELETE FROM timers WHERE case_id = $id" : $"DELETE FROM timers WHERE case_id = $id AND kind NOT IN ({string.Join(", ", kinds)})", kinds);
                });
                Run(delete, c => c.ExecuteNonQuery(), [("$id", id), .. kinds.Select((k, i) => (k, (object?)timers[i].Kind))]);
            }

            if (timers.Count == 0)
            {
                return;
            }

            var (sql, names) = TimerInserts.GetOrAdd(timers.Count, static count =>
            {
                var names = new string[1 + (4 * count)];
                names[0] = "$id";
                for (var i = 0; i < count; i++)
                {
                    var n = i.ToString(CultureInfo.InvariantCulture);
                    (names[1 + (4 * i)], names[2 + (4 * i)], names[3 + (4 * i)], names[4 + (4 * i)]) = ("$k" + n, "$d" + n, "$s" + n, "$v" + n);
                }

                var rows = Enumerable.Range(0, count).Select(i => $"($id, {names[1 + (4 * i)]}, {names[2 + (4 * i)]}, {names[3 + (4 * i)]}, {names[4 + (4 * i)]})");
                return ("INSERT INTO timers (case_id, kind, due_at, state, version) VALUES " + string.Join(", ", rows) +
                    " ON CONFLICT (case_id, kind) DO UPDATE SET due_at = excluded.due_at, state = excluded.state, version = excluded.version, " +
                    "claimed_by = CASE WHEN timers.due_at = excluded.due_at THEN timers.claimed_by END, " +
                    "claimed_until = CASE WHEN timers.due_at = excluded.due_at THEN timers.claimed_until END", names);
            });
            var parameters = new (string, object?)[names.Length];
            parameters[0] = (names[0], id);
            for (var i = 0; i < timers.Count; i++)
            {
                var t = timers[i];
                parameters[1 + (4 * i)] = (names[1 + (4 * i)], t.Kind);
                parameters[2 + (4 * i)] = (names[2 + (4 * i)], t.DueAt.ToUnixTimeTicks());
                parameters[3 + (4 * i)] = (names[3 + (4 * i)], t.ScheduledInState);
                parameters[4 + (4 * i)] = (names[4 + (4 * i)], t.ScheduledAtVersion);
            }

            Run(sql, c => c.ExecuteNonQuery(), parameters);
        }

        public void InsertOutbox(OutboxMessage m) => Run(
            "INSERT INTO outbox (id, case_id, kind, recipient, subject, body, created_at) VALUES ($id, $case, $kind, $recipient, $subject, $body, $created) ON CONFLICT (id) DO NOTHING",
            c => c.ExecuteNonQuery(),
            ("$id", Bytes(m.Id)), ("$case", Key(m.CaseId)), ("$kind", m.Kind), ("$recipient", m.Recipient), ("$subject", m.Subject), ("$body", m.Body),
            ("$created", m.CreatedAt.ToUnixTimeTicks()));

        public void InsertCommand(byte[] commandId, byte[] caseId, string result) => Run(
            "INSERT INTO commands (id, case_id, result) VALUES ($id, $case, $result)", c => c.ExecuteNonQuery(), ("$id", commandId), ("$case", caseId), ("$result", result));

        // The earliest due timers no other owner's live lease holds, claimed for the owner until the lease ends; in due order.
        public IReadOnlyList<TimerEntry> ClaimTimers(Instant dueBy, int limit, TimerClaim claim) => (IReadOnlyList<TimerEntry>)Run(
            "UPDATE timers SET claimed_by = $owner, claimed_until = $until WHERE (case_id, kind) IN (" +
            "SELECT case_id, kind FROM timers WHERE due_at <= $dueBy AND (claimed_until IS NULL OR claimed_until <= $now OR claimed_by = $owner) ORDER BY due_at, case_id, kind LIMIT $limit) " +
            "RETURNING case_id, kind, due_at, state, version",
            c =>
            {
                var claimed = new List<TimerEntry>();
                using var reader = c.ExecuteReader();
                while (reader.Read())
                {
                    claimed.Add(new TimerRow
                    {
                        CaseId = (byte[])reader[0], Kind = reader.GetString(1), DueAt = reader.GetInt64(2), State = reader.GetString(3), Version = reader.GetInt64(4),
                    }.ToEntry());
                }

                return claimed.OrderBy(t => t.DueAt).ThenBy(t => t.CaseId.Value).ThenBy(t => t.Kind, StringComparer.Ordinal).ToList();
            },
            ("$owner", claim.Owner),
            ("$until", claim.Until.ToUnixTimeTicks()),
            ("$dueBy", dueBy.ToUnixTimeTicks()),
            ("$now", claim.Now.ToUnixTimeTicks()),
            ("$limit", limit))!;

        public long ReleaseClaims(string owner) => (long)Run(
            "UPDATE timers SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = $owner", c => (long)c.ExecuteNonQuery(), ("$owner", owner))!;

        public long VersionOf(byte[] id) => (long?)Run("SELECT version FROM cases WHERE id = $id", c => c.ExecuteScalar(), ("$id", id)) ?? 0L;

        public long LastNumber(string scope) => (long?)Run("SELECT value FROM sequences WHERE scope = $scope", c => c.ExecuteScalar(), ("$scope", scope)) ?? 0L;

        // Moves the sequence to the number if it is its next (1 for a new sequence); whether it did.
        public bool TakeNumber(string scope, long number) => (long)Run(
            number == 1
                ? "INSERT INTO sequences (scope, value) VALUES ($scope, 1) ON CONFLICT (scope) DO UPDATE SET value = 1 WHERE value = 0"
                : "UPDATE sequences SET value = $number WHERE scope = $scope AND value = $number - 1",
            c => (long)c.ExecuteNonQuery(),
            ("$scope", scope),
            ("$number", number))! == 1;

        // The keys under a limit's prefix held by other cases than this one.
        public long CountKeys(KeyLimit limit, byte[] id) => (long)Run(
            "SELECT count(*) FROM case_keys WHERE key >= $from AND key < $to AND case_id <> $id",
            c => c.ExecuteScalar(), ("$from", limit.Prefix), ("$to", limit.UpperBound), ("$id", id))!;

        public void SetInfo(string key, string value) => Run(
            "INSERT INTO store_info (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            c => c.ExecuteNonQuery(), ("$key", key), ("$value", value));

        public long NextSequence(string scope) => (long)Run(
            "INSERT INTO sequences (scope, value) VALUES ($scope, 1) ON CONFLICT (scope) DO UPDATE SET value = value + 1 RETURNING value",
            c => c.ExecuteScalar(), ("$scope", scope))!;

        public void MarkDelivered(byte[] id) => Run(
            "UPDATE outbox SET delivered_at = unixepoch() WHERE id = $id AND delivered_at IS NULL", c => c.ExecuteNonQuery(), ("$id", id));

        // One more failed attempt on a pending message, set aside at the maximum; the attempts now, or 0 if it is not pending.
        public long RecordDeliveryFailure(byte[] id, string error, int maxAttempts) => (long?)Run(
            "UPDATE outbox SET attempts = attempts + 1, last_error = $error, failed = (attempts + 1 >= $max) " +
            "WHERE id = $id AND delivered_at IS NULL AND failed = 0 RETURNING attempts",
            c => c.ExecuteScalar(), ("$id", id), ("$error", error), ("$max", maxAttempts)) ?? 0L;

        // Set-aside messages back to pending: one, or every one (id null); how many.
        public long RetryOutbox(byte[]? id) => id is null
            ? (long)Run("UPDATE outbox SET failed = 0, attempts = 0, last_error = NULL WHERE delivered_at IS NULL AND failed = 1", c => (long)c.ExecuteNonQuery())!
            : (long)Run("UPDATE outbox SET failed = 0, attempts = 0, last_error = NULL WHERE id = $id AND delivered_at IS NULL AND failed = 1", c => (long)c.ExecuteNonQuery(), ("$id", id))!;

        public void Dispose()
        {
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }
        }

        private object? Run(string sql, Func<SqliteCommand, object?> execute, params (string Name, object? Value)[] parameters)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                command = connection.CreateCommand();
                command.CommandText = sql;
                foreach (var (name, _) in parameters)
                {
                    command.Parameters.Add(new SqliteParameter { ParameterName = name });
                }

                command.Transaction = Transaction;
                command.Prepare();
                _commands[sql] = command;
            }

            for (var i = 0; i < parameters.Length; i++)
            {
                command.Parameters[i].Value = parameters[i].Value ?? DBNull.Value;
            }

            return execute(command);
        }
    }

    // Dapper materialises these by property; SQLite reports column types per value, so constructors would not match.
    private sealed class TimerRow
    {
        public byte[] CaseId { get; set; } = [];

        public string Kind { get; set; } = "";

        public long DueAt { get; set; }

        public string State { get; set; } = "";

        public long Version { get; set; }

        public TimerEntry ToEntry() => new(new CaseId(FromBytes(CaseId)), Kind, Instant.FromUnixTimeTicks(DueAt), State, Version);
    }

    private sealed class EventDto
    {
        public long Version { get; set; }

        public long At { get; set; }

        public long? RecordedAt { get; set; }

        public string State { get; set; } = "";

        public string ByName { get; set; } = "";

        public string ByRole { get; set; } = "";

        public string? Reason { get; set; }

        public string? LegalBasis { get; set; }

        public byte[] CommandId { get; set; } = [];

        public string Data { get; set; } = "";
    }

    private sealed class OutboxDto
    {
        public byte[] Id { get; set; } = [];

        public byte[] CaseId { get; set; } = [];

        public string Kind { get; set; } = "";

        public string Recipient { get; set; } = "";

        public string Subject { get; set; } = "";

        public string Body { get; set; } = "";

        public long CreatedAt { get; set; }

        public long Attempts { get; set; }

        public string? LastError { get; set; }

        public long Failed { get; set; }

        public OutboxMessage ToMessage() => new(FromBytes(Id), new CaseId(FromBytes(CaseId)), Kind, Recipient, Subject, Body, Instant.FromUnixTimeTicks(CreatedAt));
    }

    private sealed class CaseRowDto
    {
        public byte[] Id { get; set; } = [];

        public string Kind { get; set; } = "";

        public string Council { get; set; } = "";

        public string State { get; set; } = "";

        public long Version { get; set; }

        public long IsOpen { get; set; }

        public string? Reference { get; set; }

        public long? DueAt { get; set; }

        public string? Assignee { get; set; }

        public long Priority { get; set; }

        public long CreatedAt { get; set; }

        public long UpdatedAt { get; set; }

        public string? Keys { get; set; }

        public CaseRow ToRow() => new(
            new CaseId(FromBytes(Id)), Kind, Council, State, Version, IsOpen != 0, Reference, DueAt is { } d ? Instant.FromUnixTimeTicks(d) : null, Assignee,
            (int)Priority, Keys is null ? [] : Keys.Split('\u001f'), Instant.FromUnixTimeTicks(CreatedAt), Instant.FromUnixTimeTicks(UpdatedAt));
    }
}
