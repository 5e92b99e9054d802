using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Ardalis.GuardClauses;
using Council.Workflows.Engine;
using Council.Workflows.Stores;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Council.Workflows.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode, created and migrated on first use. Commits from concurrent callers are
/// grouped into one transaction (one fsync for many) by a single writer; each is checked against its expected version
/// inside the transaction, so several processes can share a file. Reads use pooled connections.
/// </summary>
public sealed partial class SqliteCaseStore : ICaseStore, IAsyncDisposable, IDisposable
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
                else if (Migrator.VersionOf(connection) is var found and > 0 && found < Migrator.Latest)
                {
                    // A verb that only reads an older file: the file is brought up to date first, as any verb that writes would.
                    UpgradeForReading(connectionString, found, options.Simulation);
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

    private void UpgradeForReading(SqliteConnectionStringBuilder readOnly, long found, bool simulation)
    {
        var writable = new SqliteConnectionStringBuilder(readOnly.ToString()) { Mode = SqliteOpenMode.ReadWrite, Pooling = false };
        try
        {
            using var connection = new SqliteConnection(writable.ToString());
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL;");
            _ = Migrator.Migrate(connection, Path, simulation);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 8 or 14)
        {
            throw new SchemaUpgradeNeededException(Path, found, Migrator.Latest);
        }
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
        // The search fields too (schema 9), derived here off the writer's thread: the index is rewritten only when they changed.
        // And the report facts (schema 10), written with the row.
        var op = new CommitOp(commit, resultJson, eventJson, rowBefore, commit.Case?.SearchFields, rowBefore is null ? null : commit.Previous!.SearchFields, commit.Case?.ReportFacts);
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

    /// <inheritdoc />
    /// <remarks>
    /// From the rows and the facts their commits wrote (schema 10), in one read; a row written before facts were kept (the
    /// engine's row refresh fills them once) comes with none.
    /// </remarks>
    public async IAsyncEnumerable<CaseFacts> QueryFactsAsync(CaseQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(query);
        var (sql, parameters) = FactsSql(query);
        var plan = FactsPlan.Of(sql);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        // A report reads a range of the file once, in order: mapped, the pages come from the system's cache without copies
        // into the connection's small one.
        Execute(connection, "PRAGMA mmap_size = 1073741824;");
        string[] parts = [sql];
        if (plan is { } split)
        {
            // The rows without facts are looked for only when the counts say there are some (the look is a probe per row).
            parts = await ScalarAsync(split.Complete).ConfigureAwait(false) == 1 ? [split.Facts] : [split.Facts, split.Missing];
        }

        foreach (var part in parts)
        {
            await using var command = Command(part);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var id = new CaseId(FromBytes((byte[])reader.GetValue(0)));
                yield return new CaseFacts(id, reader.GetString(1), Instant.FromUnixTimeTicks(reader.GetInt64(2)), reader.IsDBNull(3) ? null : reader.GetString(3));
            }
        }

        SqliteCommand Command(string text)
        {
            var command = connection.CreateCommand();
            command.CommandText = text;
            foreach (var (name, value) in parameters)
            {
                if (text.Contains(name, StringComparison.Ordinal))
                {
                    command.Parameters.AddWithValue(name, value);
                }
            }

            return command;
        }

        async Task<long> ScalarAsync(string text)
        {
            await using var command = Command(text);
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
    }

    // A report-shaped facts query in its parts: the facts range, the rows of the range without facts, and the check that
    // there are none (the cases in the range as many as the facts).
    internal sealed record FactsPlan(string Facts, string Missing, string Complete)
    {
        private const string Union = " UNION ALL ";
        public const string NoFactsClause = " AND NOT EXISTS (SELECT 1 FROM case_facts x WHERE x.kind = c.kind AND x.created_at = c.created_at AND x.case_id = c.id)";

        public static FactsPlan? Of(string sql)
        {
            var union = sql.IndexOf(Union, StringComparison.Ordinal);
            if (union < 0)
            {
                return null;
            }

            var (facts, missing) = (sql[..union], sql[(union + Union.Length)..]);
            return new(facts, missing, $"SELECT ({Count(missing.Replace(NoFactsClause, "", StringComparison.Ordinal))}) = ({Count(facts)})");
        }

        private static string Count(string select) => "SELECT count(*)" + select[select.IndexOf(" FROM ", StringComparison.Ordinal)..];
    }

    // The SQL of a facts query (internal for the tests). A report's query — a kind, and at most a council, a creation range
    // and states — reads the kind's facts range in case_facts, clustered by creation time, with the rows that have no facts
    // yet (written before facts were kept) found through ix_cases_created; any other criterion reads through the cases.
    internal static (string Sql, List<(string Name, object Value)> Parameters) FactsSql(CaseQuery query)
    {
        var parameters = new List<(string, object)>();
        var reportShaped = query.Kind is not null && query.IsOpen is null && query.DueBefore is null && query.Assignee is null && query.MinPriority is null
            && query.Reference is null && query.Key is null;
        var cases = Criteria(query, "c", parameters, withKind: true);
        if (!reportShaped)
        {
            return ("SELECT c.id, c.state, c.created_at, f.facts FROM cases c LEFT JOIN case_facts f ON f.kind = c.kind AND f.created_at = c.created_at AND f.case_id = c.id" +
                Where(cases), parameters);
        }

        var facts = Criteria(query, "f", null, withKind: true);
        var sql = "SELECT f.case_id, f.state, f.created_at, f.facts FROM case_facts f" + Where(facts) +
            " UNION ALL SELECT c.id, c.state, c.created_at, NULL FROM cases c" +
            Where(cases) + (cases.Count > 0 ? "" : " WHERE 1") + FactsPlan.NoFactsClause;
        return (sql, parameters);

        static string Where(List<string> where) => where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "";
    }

    // The query's criteria as SQL over the alias's columns; the parameters are added once (when the list is given).
    private static List<string> Criteria(CaseQuery query, string alias, List<(string Name, object Value)>? parameters, bool withKind)
    {
        var where = new List<string>();
        Add(withKind ? query.Kind : null, $"{alias}.kind = $kind", "$kind");
        Add(query.Council, $"{alias}.council = $council", "$council");
        Add(query.IsOpen is { } open ? (open ? 1 : 0) : null, $"{alias}.is_open = $isOpen", "$isOpen");
        Add(query.DueBefore?.ToUnixTimeTicks(), $"{alias}.due_at < $dueBefore", "$dueBefore");
        Add(query.Assignee?.Trim().ToUpperInvariant(), $"{alias}.assignee_key = $assignee", "$assignee");
        Add(query.MinPriority, $"{alias}.priority >= $minPriority", "$minPriority");
        Add(query.Reference?.Trim().ToUpperInvariant(), $"{alias}.reference_key = $reference", "$reference");
        Add(query.CreatedFrom?.ToUnixTimeTicks(), $"{alias}.created_at >= $createdFrom", "$createdFrom");
        Add(query.CreatedBefore?.ToUnixTimeTicks(), $"{alias}.created_at < $createdBefore", "$createdBefore");
        if (query.Key is { } key)
        {
            where.Add($"{alias}.id IN (SELECT case_id FROM case_keys WHERE key = $key)");
            parameters?.Add(("$key", key));
        }

        if (query.States is { } states)
        {
            where.Add(states.Count == 0 ? "0" : $"{alias}.state IN ({string.Join(", ", states.Select((_, i) => $"$state{i}"))})");
            parameters?.AddRange(states.Select((state, i) => ($"$state{i}", (object)state)));
        }

        return where;

        void Add(object? value, string clause, string name)
        {
            if (value is not null)
            {
                where.Add(clause);
                parameters?.Add((name, value));
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// From the word index (schema 9): a criterion with <see cref="WordCriterion.Accepts"/> is first matched against the
    /// field's vocabulary, and the index is asked for the cases with any of the words it accepts; every criterion's words
    /// must be found (FTS5, diacritics removed). The fields are returned as the commit wrote them.
    /// </remarks>
    public async IAsyncEnumerable<CaseDocument> SearchAsync(CaseTextQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(query);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var match = await MatchAsync(connection, query, cancellationToken).ConfigureAwait(false);
        if (match == "")
        {
            yield break;
        }

        // A match starts from the index (CROSS JOIN fixes the order); without one, every document of the kind is read.
        var sql = match is null
            ? "SELECT d.case_id AS Id, c.state AS State, d.fields AS Fields FROM search_docs d CROSS JOIN cases c ON c.id = d.case_id WHERE d.kind = @kind"
            : "SELECT d.case_id AS Id, c.state AS State, d.fields AS Fields FROM search_words w CROSS JOIN search_docs d ON d.doc = w.rowid " +
              "CROSS JOIN cases c ON c.id = d.case_id WHERE search_words MATCH @match AND d.kind = @kind";
        await foreach (var doc in connection.QueryUnbufferedAsync<SearchDocDto>(sql, new { kind = query.Kind, match }).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return new CaseDocument(new CaseId(FromBytes(doc.Id)), doc.State, SearchFieldsText.Decode(doc.Fields));
        }
    }

    // The FTS5 query of the criteria: null when none narrows (every document), "" when one accepts no word at all (no
    // case). Every word is a quoted string, so nothing a clerk types is FTS5 syntax (internal for the tests).
    internal static async Task<string?> MatchAsync(SqliteConnection connection, CaseTextQuery query, CancellationToken cancellationToken)
    {
        var vocabularies = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var clauses = new List<string>();
        foreach (var criterion in query.Words)
        {
            List<string> terms;
            if (criterion.Accepts is null)
            {
                terms = [criterion.Word];
            }
            else
            {
                if (!vocabularies.TryGetValue(criterion.Field, out var vocabulary))
                {
                    vocabulary = (await connection.QueryAsync<string>(new CommandDefinition(
                        "SELECT term FROM search_terms WHERE field = @field", new { field = criterion.Field }, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
                    vocabularies[criterion.Field] = vocabulary;
                }

                terms = [.. vocabulary.Where(criterion.Accepted)];
            }

            if (terms.Count == 0)
            {
                return "";
            }

            if (terms.Count <= SearchFieldsText.MaxTerms)
            {
                clauses.Add("(" + string.Join(" OR ", terms.Select(t => SearchDocs.Phrase(criterion.Field, t))) + ")");
            }
        }

        return clauses.Count == 0 ? null : string.Join(" AND ", clauses);
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
            "SELECT version AS Version, at AS At, recorded_at AS RecordedAt, state AS State, by_name AS ByName, by_role AS ByRole, by_account AS ByAccount, reason AS Reason, legal_basis AS LegalBasis, " +
            "command_id AS CommandId, data AS Data FROM events WHERE case_id = @id ORDER BY version",
            new { id = Key(id) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return
        [
            .. rows.Select(r => new CaseEvent(
                id, r.Version, Instant.FromUnixTimeTicks(r.At), new Official(r.ByName, KebabCase.TryParse<OfficialRole>(r.ByRole, out var role) ? role : OfficialRole.System) { Account = r.ByAccount }, r.State,
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
}
