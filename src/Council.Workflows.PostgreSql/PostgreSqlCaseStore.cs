using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ardalis.GuardClauses;
using Council.Workflows.Engine;
using Council.Workflows.Stores;
using Dapper;
using Npgsql;

namespace Council.Workflows.PostgreSql;

/// <summary>
/// The PostgreSQL store, for installations that outgrow one machine: many councils in one database (each store bound to
/// one, <see cref="PostgreSqlStoreOptions.Council"/>, and seeing only its rows), several application instances and workers
/// sharing it. Each commit is its own transaction, acknowledged once it has committed; the expected version is checked under
/// the case's row lock, a new case's id by its primary key, a number by moving its sequence only from the number before, a
/// key limit under an advisory lock of its prefix. Timers are claimed with <c>FOR UPDATE SKIP LOCKED</c> and a lease.
/// </summary>
public sealed partial class PostgreSqlCaseStore : ICaseStore, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly NumberTurns _numberTurns = new();
    private readonly JsonSerializerOptions _json;
    private readonly string _council;
    private readonly TimeSpan _wakeHorizon;

    /// <summary>Opens the store, creating and migrating its schema if allowed.</summary>
    /// <param name="options">The database, the schema and the council.</param>
    /// <param name="eventTypes">
    /// The types of the events the histories hold, each with its <see cref="StoredNameAttribute"/> (a registry's
    /// <see cref="WorkflowRegistry.EventTypes"/>).
    /// </param>
    /// <exception cref="SchemaTooNewException">The schema was written by a newer version.</exception>
    /// <exception cref="SchemaMissingException">There is no schema and <see cref="PostgreSqlStoreOptions.CreateIfMissing"/> is off.</exception>
    /// <exception cref="NotAStoreException">The schema holds tables of something else.</exception>
    /// <exception cref="WorkingStoreException">A working schema was to be opened as a simulation.</exception>
    public PostgreSqlCaseStore(PostgreSqlStoreOptions options, IEnumerable<Type> eventTypes)
    {
        Guard.Against.Null(options);
        Guard.Against.Null(eventTypes);
        Guard.Against.NullOrWhiteSpace(options.ConnectionString, nameof(options.ConnectionString));
        Guard.Against.NullOrWhiteSpace(options.Council, nameof(options.Council));
        if (!IsSchemaName(options.Schema))
        {
            throw new ArgumentException($"The schema name '{options.Schema}' is not a plain lower-case identifier (letters a-z, digits, _; at most 63).", nameof(options));
        }

        Guard.Against.OutOfRange(options.CommandTimeout, nameof(options.CommandTimeout), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Guard.Against.OutOfRange(options.WakeHorizon, nameof(options.WakeHorizon), TimeSpan.Zero, TimeSpan.FromDays(1));
        _council = options.Council.Trim();
        _wakeHorizon = options.WakeHorizon;
        Schema = options.Schema;
        _json = StoreJson.Create(eventTypes);
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            SearchPath = options.Schema,
            CommandTimeout = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds),
        };
        if (!options.ConnectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            // The store sends the same few dozen statements over and over: each connection prepares them once (parsed and
            // planned once, not on every commit), unless the connection string says otherwise.
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        if (!options.ConnectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            // A connection back in the pool keeps its session as it is (no DISCARD ALL, which would also drop the prepared
            // statements): the store leaves nothing in a session — its locks are the transaction's, its settings local, and
            // the connections that listen or lead are cleared or not pooled (PostgreSqlCaseStore.Wakeups, .Leadership).
            builder.NoResetOnClose = true;
        }
        Where = $"\"{options.Schema}\" of database {builder.Database ?? builder.Username ?? "(default)"} on {builder.Host ?? "localhost"}";
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        // A leader's or a listener's connection is its own, never pooled: closed, its session ends and its advisory lock or
        // LISTEN goes with it.
        _leaderSource = new Lazy<NpgsqlDataSource>(() => NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Pooling = false }.ConnectionString));
        try
        {
            using var connection = _dataSource.OpenConnection();
            IsSimulation = Migrator.Migrate(connection, options.Schema, Where, options.CreateIfMissing, options.Simulation, builder.CommandTimeout);
        }
        catch
        {
            _dataSource.Dispose();
            throw;
        }
    }

    /// <summary>The schema version this program writes.</summary>
    public static int SchemaVersion => Migrator.Latest;

    /// <summary>The council whose rows this store reads and writes.</summary>
    public string Council => _council;

    /// <summary>The schema that holds the tables.</summary>
    public string Schema { get; }

    /// <inheritdoc />
    public bool IsSimulation { get; }

    // Where the store is, for messages (no credentials).
    internal string Where { get; }

    internal static bool IsSchemaName(string? name) => name is not null && SchemaName().IsMatch(name);

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaName();

    internal ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) => _dataSource.OpenConnectionAsync(cancellationToken);

    // After the server stopped answering: the pool's idle connections are to a server that may be gone (restarted, cut),
    // and each would fail once on its next use; dropped, so the next use opens a new one.
    internal void ForgetIdleConnections() => _dataSource.Clear();

    // Rows as Dapper maps them, streamed through a reader of the store's own. Not Dapper's unbuffered query: disposing it
    // cancels its command even when every row was read, and a cancel request is a new connection to the server (a process
    // forked and ended) — one per query, measured as most of the server's work under load.
    internal static async IAsyncEnumerable<T> StreamAsync<T>(NpgsqlConnection connection, string sql, object parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var parse = reader.GetRowParser<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return parse(reader);
        }
    }

    /// <inheritdoc />
    public async ValueTask<StoredCase?> LoadCaseAsync(CaseId id, long knownVersion = 0, CancellationToken cancellationToken = default)
    {
        var (_, stored) = await LoadAsync(null, id, knownVersion, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    /// <inheritdoc />
    /// <remarks>One statement, so one round trip and one snapshot: the result recorded for the command, or else the case's head and (unless the caller holds its version) its history.</remarks>
    public async ValueTask<(CommandResult? Result, StoredCase? Case)> LoadForCommandAsync(Guid commandId, CaseId id, long knownVersion = 0, CancellationToken cancellationToken = default)
    {
        var (json, stored) = await LoadAsync(commandId, id, knownVersion, cancellationToken).ConfigureAwait(false);
        if (json is null)
        {
            return (null, stored);
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await WithEventsAsync(connection, JsonSerializer.Deserialize<CommandResult>(json, _json)!, cancellationToken).ConfigureAwait(false), null);
    }

    // The head row (part 0: the recorded result, the kind and version) and the events (part 1), in one statement.
    private async Task<(string? Result, StoredCase? Case)> LoadAsync(Guid? commandId, CaseId id, long knownVersion, CancellationToken cancellationToken)
    {
        const string Sql =
            "WITH r AS (SELECT result FROM commands WHERE council = @council AND id = @command), " +
            "h AS (SELECT kind, version FROM cases WHERE council = @council AND id = @id) " +
            "SELECT 0 AS part, (SELECT result FROM r), (SELECT kind FROM h), (SELECT version FROM h), " +
            "NULL::bigint, NULL::bigint, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::uuid, NULL::text " +
            "UNION ALL SELECT 1, NULL, NULL, e.version, e.at, e.recorded_at, e.state, e.by_name, e.by_role, e.by_account, e.reason, e.legal_basis, e.command_id, e.data " +
            "FROM events e WHERE e.council = @council AND e.case_id = @id AND NOT EXISTS (SELECT 1 FROM r) AND (SELECT version FROM h) <> @known " +
            "ORDER BY 1, 4";
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.AddWithValue("council", _council);
        command.Parameters.AddWithValue("command", commandId ?? Guid.Empty);
        command.Parameters.AddWithValue("id", id.Value);
        command.Parameters.AddWithValue("known", knownVersion);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var result = reader.IsDBNull(1) ? null : reader.GetString(1);
        if (result is not null)
        {
            return (result, null);
        }

        if (reader.IsDBNull(2))
        {
            return (null, null);
        }

        var (kind, version) = (reader.GetString(2), reader.GetInt64(3));
        if (version == knownVersion)
        {
            return (null, new StoredCase(kind, version, null));
        }

        var history = new List<CaseEvent>((int)Math.Min(version, 1000));
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            history.Add(ReadEvent(reader, id, 3));
        }

        return (null, new StoredCase(kind, history.Count, history));
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
        var json = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT result FROM commands WHERE council = @council AND id = @id", new { council = _council, id = commandId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return json is null ? null : await WithEventsAsync(connection, JsonSerializer.Deserialize<CommandResult>(json, _json)!, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<CaseRow> QueryAsync(CaseQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(query);
        if (query.Council is { } council && council != _council)
        {
            yield break;
        }

        var (sql, parameters) = QuerySql(query, _council);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var row in StreamAsync<CaseRowDto>(connection, sql, parameters, cancellationToken).ConfigureAwait(false))
        {
            yield return row.ToRow(_council);
        }
    }

    // The SQL of a query and its parameters (internal for the tests).
    internal static (string Sql, DynamicParameters Parameters) QuerySql(CaseQuery query, string council)
    {
        var parameters = new DynamicParameters();
        parameters.Add("council", council);
        var where = Criteria(query, "c", parameters);
        var sql = "SELECT c.id AS Id, c.kind AS Kind, c.state AS State, c.version AS Version, c.is_open AS IsOpen, c.reference AS Reference, c.due_at AS DueAt, " +
            "c.assignee AS Assignee, c.priority AS Priority, c.keys AS Keys, c.created_at AS CreatedAt, c.updated_at AS UpdatedAt FROM cases c WHERE " +
            string.Join(" AND ", where) + query.Order switch
            {
                CaseOrder.Due => " ORDER BY c.due_at IS NULL, c.due_at, c.created_at, c.id",
                CaseOrder.Queue => " ORDER BY c.priority DESC, c.due_at IS NULL, c.due_at, c.created_at, c.id",
                CaseOrder.Newest => " ORDER BY c.created_at DESC, c.id DESC",
                _ => " ORDER BY c.created_at, c.id",
            };
        if (query.Limit is { } limit)
        {
            sql += " LIMIT @limit";
            parameters.Add("limit", limit);
        }

        return (sql, parameters);
    }

    // The query's criteria over the alias's columns (the store's council first); its parameters added.
    private static List<string> Criteria(CaseQuery query, string alias, DynamicParameters parameters)
    {
        var where = new List<string> { $"{alias}.council = @council" };
        Add(query.Kind, $"{alias}.kind = @kind", "kind");
        Add(query.IsOpen, $"{alias}.is_open = @isOpen", "isOpen");
        Add(query.DueBefore?.ToUnixTimeTicks(), $"{alias}.due_at < @dueBefore", "dueBefore");
        Add(query.Assignee?.Trim().ToUpperInvariant(), $"{alias}.assignee_key = @assignee", "assignee");
        Add(query.MinPriority, $"{alias}.priority >= @minPriority", "minPriority");
        Add(query.Reference?.Trim().ToUpperInvariant(), $"{alias}.reference_key = @reference", "reference");
        Add(query.CreatedFrom?.ToUnixTimeTicks(), $"{alias}.created_at >= @createdFrom", "createdFrom");
        Add(query.CreatedBefore?.ToUnixTimeTicks(), $"{alias}.created_at < @createdBefore", "createdBefore");
        if (query.Key is { } key)
        {
            // The key's cases found first (an array computed once) and then looked up by id: as a semi-join, the planner
            // would walk the newest cases backwards looking for the key's — every case, for a key with none (measured
            // growing with the store: a registration's repeat check).
            where.Add($"{alias}.id = ANY(ARRAY(SELECT k.case_id FROM case_keys k WHERE k.council = @council AND k.key = @key))");
            parameters.Add("key", key);
        }

        if (query.States is { } states)
        {
            where.Add($"{alias}.state = ANY(@states)");
            parameters.Add("states", states.ToArray());
        }

        return where;

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
    /// <remarks>From the rows and the facts their commits wrote, in one read, oldest case first.</remarks>
    public async IAsyncEnumerable<CaseFacts> QueryFactsAsync(CaseQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(query);
        if (query.Council is { } council && council != _council)
        {
            yield break;
        }

        var parameters = new DynamicParameters();
        parameters.Add("council", _council);
        var where = Criteria(query, "c", parameters);
        var sql = "SELECT c.id AS Id, c.state AS State, c.created_at AS CreatedAt, f.facts AS Facts FROM cases c " +
            "LEFT JOIN case_facts f ON f.council = c.council AND f.case_id = c.id WHERE " + string.Join(" AND ", where) + " ORDER BY c.created_at, c.id";
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var row in StreamAsync<FactsDto>(connection, sql, parameters, cancellationToken).ConfigureAwait(false))
        {
            yield return new CaseFacts(new CaseId(row.Id), row.State, Instant.FromUnixTimeTicks(row.CreatedAt), row.Facts);
        }
    }

    /// <inheritdoc />
    public async ValueTask<long> LastNumberAsync(string scope, CancellationToken cancellationToken = default)
    {
        Guard.Against.NullOrWhiteSpace(scope);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT value FROM sequences WHERE council = @council AND scope = @scope", new { council = _council, scope }, cancellationToken: cancellationToken)).ConfigureAwait(false) ?? 0L;
    }

    /// <inheritdoc />
    public async ValueTask<long> NextSequenceAsync(string scope, CancellationToken cancellationToken = default)
    {
        Guard.Against.NullOrWhiteSpace(scope);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO sequences (council, scope, value) VALUES (@council, @scope, 1) ON CONFLICT (council, scope) DO UPDATE SET value = sequences.value + 1 RETURNING value",
            new { council = _council, scope }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<int> RowVersionAsync(string kind, CancellationToken cancellationToken = default)
    {
        Guard.Against.NullOrWhiteSpace(kind);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var stored = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT value FROM store_info WHERE council = @council AND key = @key", new { council = _council, key = $"rows:{kind}" }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return int.TryParse(stored, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : 1;
    }

    /// <summary>Counts the council's cases, by kind (for status screens and reports).</summary>
    public async ValueTask<IReadOnlyDictionary<string, long>> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Kind, long Count)>(new CommandDefinition(
            "SELECT kind, count(*) FROM cases WHERE council = @council GROUP BY kind", new { council = _council }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.ToDictionary(r => r.Kind, r => r.Count);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _wakeSent.ConfigureAwait(false);
        await DropListenerAsync().ConfigureAwait(false);
        await DropLeadsAsync().ConfigureAwait(false);
        if (_leaderSource.IsValueCreated)
        {
            await _leaderSource.Value.DisposeAsync().ConfigureAwait(false);
        }

        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _wakeSent.GetAwaiter().GetResult();
        DropListenerAsync().AsTask().GetAwaiter().GetResult();
        DropLeadsAsync().AsTask().GetAwaiter().GetResult();
        if (_leaderSource.IsValueCreated)
        {
            _leaderSource.Value.Dispose();
        }

        _dataSource.Dispose();
    }

    // The result is stored without its events: they are in the history, and a repeat reads them back from there.
    private async Task<CommandResult> WithEventsAsync(NpgsqlConnection connection, CommandResult result, CancellationToken cancellationToken)
    {
        if (result.Status != CommandStatus.Accepted || result.Events.Count > 0)
        {
            return result;
        }

        var history = await ReadHistoryAsync(connection, result.CaseId, cancellationToken).ConfigureAwait(false);
        return result with { Events = [.. history.Where(e => e.CommandId == result.CommandId)] };
    }

    private async Task<IReadOnlyList<CaseEvent>> ReadHistoryAsync(NpgsqlConnection connection, CaseId id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT version, at, recorded_at, state, by_name, by_role, by_account, reason, legal_basis, command_id, data FROM events " +
            "WHERE council = @council AND case_id = @id ORDER BY version", connection);
        command.Parameters.AddWithValue("council", _council);
        command.Parameters.AddWithValue("id", id.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var history = new List<CaseEvent>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            history.Add(ReadEvent(reader, id, 0));
        }

        return history;
    }

    // An event from the reader's columns from `at`: version, at, recorded_at, state, by_name, by_role, by_account, reason,
    // legal_basis, command_id, data.
    private CaseEvent ReadEvent(NpgsqlDataReader r, CaseId id, int at)
    {
        var official = new Official(r.GetString(at + 4), KebabCase.TryParse<OfficialRole>(r.GetString(at + 5), out var role) ? role : OfficialRole.System)
        {
            Account = r.IsDBNull(at + 6) ? null : r.GetString(at + 6),
        };
        return new CaseEvent(
            id, r.GetInt64(at), Instant.FromUnixTimeTicks(r.GetInt64(at + 1)), official, r.GetString(at + 3),
            JsonSerializer.Deserialize<EventData>(r.GetString(at + 10), _json)!, r.IsDBNull(at + 7) ? null : r.GetString(at + 7),
            r.IsDBNull(at + 8) ? null : r.GetString(at + 8), r.GetGuid(at + 9))
        {
            RecordedAt = r.IsDBNull(at + 2) ? null : Instant.FromUnixTimeTicks(r.GetInt64(at + 2)),
        };
    }
}
