using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Council.Workflows.Accounts;
using Council.Workflows.Engine;
using Council.Workflows.PostgreSql;
using Council.Workflows.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Council.Workflows.Host.Import;

/// <summary>What one copy moved.</summary>
internal sealed record StoreCopyCounts(long Cases, long Events, long Accounts);

/// <summary>
/// Copies a council's SQLite file into a PostgreSQL schema, table by table, in one PostgreSQL transaction (binary COPY for
/// the tables that grow: cases, events, keys, commands, timers, outbox, facts, search), and checks the result through the
/// stores' own contract. The file is read in one read transaction, so what is copied is one moment of it.
/// </summary>
internal static class StoreCopy
{
    // The tables of a council's rows in the PostgreSQL schema that have a counterpart in the SQLite file (protection_keys
    // has none: a web host makes its own).
    private static readonly string[] CouncilTables =
    [
        "cases", "case_keys", "events", "timers", "commands", "outbox", "sequences", "search_docs", "search_terms", "case_facts", "store_info",
        "accounts", "account_roles", "role_grants", "api_keys", "access_log",
    ];

    private const char KeySeparator = '\u001f';

    /// <summary>The councils the file's cases name (a case's council is in its history, so it cannot be moved to another).</summary>
    public static async Task<IReadOnlyList<string>> CouncilsOfAsync(string path, CancellationToken cancellationToken) =>
        await TextsAsync(path, "SELECT DISTINCT council FROM cases ORDER BY council", cancellationToken).ConfigureAwait(false);

    // The first column of a query over the file, as text.
    private static async Task<List<string>> TextsAsync(string path, string sql, CancellationToken cancellationToken)
    {
        await using var source = await OpenSourceAsync(path, cancellationToken).ConfigureAwait(false);
        await using var command = source.CreateCommand();
        command.CommandText = sql;
        var texts = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            texts.Add(reader.GetString(0));
        }

        return texts;
    }

    /// <summary>The file's schema version (0: none), or <see langword="null"/> when it is not an SQLite database at all.</summary>
    public static async Task<long?> SchemaVersionOfAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var source = await OpenSourceAsync(path, cancellationToken).ConfigureAwait(false);
            await using var command = source.CreateCommand();
            command.CommandText = "SELECT CASE WHEN (SELECT user_version FROM pragma_user_version) = 0 AND (SELECT count(*) FROM sqlite_master) > 0 THEN 0 ELSE (SELECT user_version FROM pragma_user_version) END";
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 26 or 11)
        {
            return null;
        }
    }

    /// <summary>
    /// Copies every row of the file into <paramref name="council"/> of the schema, in one transaction; the council must hold
    /// nothing yet (checked in the same transaction, under an advisory lock of the council).
    /// </summary>
    /// <returns>The counts, or the table in which the council already holds rows (nothing copied then).</returns>
    public static async Task<(StoreCopyCounts? Counts, string? Occupied)> CopyAsync(string path, string connectionString, string schema, string council, CancellationToken cancellationToken)
    {
        await using var source = await OpenSourceAsync(path, cancellationToken).ConfigureAwait(false);
        await using var read = source.BeginTransaction(deferred: true);
        await using var target = await OpenTargetAsync(connectionString, schema, cancellationToken).ConfigureAwait(false);
        await using var transaction = await target.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCouncil = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('council-store-copy' || chr(31) || @council, 0))", target, transaction))
        {
            lockCouncil.Parameters.AddWithValue("council", council);
            await lockCouncil.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var table in CouncilTables)
        {
            await using var occupied = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {table} WHERE council = @council)", target, transaction);
            occupied.Parameters.AddWithValue("council", council);
            if (await occupied.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                return (null, table);
            }
        }

        var copy = new Copier(source, read, target, council, cancellationToken);
        var cases = await copy.TableAsync(
            "SELECT id, kind, state, version, is_open, reference, reference_key, due_at, assignee, assignee_key, priority, " +
            "(SELECT group_concat(key, char(31)) FROM (SELECT k.key FROM case_keys k WHERE k.case_id = c.id ORDER BY k.key)), created_at, updated_at FROM cases c",
            "cases (council, id, kind, state, version, is_open, reference, reference_key, due_at, assignee, assignee_key, priority, keys, created_at, updated_at)",
            [Uuid, Text, Text, Bigint, Bool, Text, Text, Bigint, Text, Text, Int, Keys, Bigint, Bigint]).ConfigureAwait(false);
        await copy.TableAsync("SELECT key, created_at, case_id FROM case_keys", "case_keys (council, key, created_at, case_id)", [Text, Bigint, Uuid]).ConfigureAwait(false);
        var events = await copy.TableAsync(
            "SELECT case_id, version, at, recorded_at, type, state, by_name, by_role, by_account, reason, legal_basis, command_id, data FROM events",
            "events (council, case_id, version, at, recorded_at, type, state, by_name, by_role, by_account, reason, legal_basis, command_id, data)",
            [Uuid, Bigint, Bigint, Bigint, Text, Text, Text, Text, Text, Text, Text, Uuid, Text]).ConfigureAwait(false);

        // Claims are not copied: a lease names a worker of the file's installation, and every timer is free to claim here.
        await copy.TableAsync("SELECT case_id, kind, due_at, state, version FROM timers", "timers (council, case_id, kind, due_at, state, version)",
            [Uuid, Text, Bigint, Text, Bigint]).ConfigureAwait(false);
        await copy.TableAsync("SELECT id, case_id, result FROM commands", "commands (council, id, case_id, result)", [Uuid, Uuid, Text]).ConfigureAwait(false);

        // In the file's order (seq), so the new sequence numbers keep it: the worker delivers oldest first.
        await copy.TableAsync(
            "SELECT id, case_id, kind, recipient, subject, body, created_at, delivered_at, attempts, last_error, failed FROM outbox ORDER BY seq",
            "outbox (council, id, case_id, kind, recipient, subject, body, created_at, delivered_at, attempts, last_error, failed)",
            [Uuid, Uuid, Text, Text, Text, Text, Bigint, DeliveredAt, Int, Text, Bool]).ConfigureAwait(false);
        await copy.TableAsync("SELECT scope, value FROM sequences", "sequences (council, scope, value)", [Text, Bigint]).ConfigureAwait(false);
        await copy.TableAsync("SELECT case_id, kind, created_at, state, facts FROM case_facts", "case_facts (council, case_id, kind, created_at, state, facts)",
            [Uuid, Text, Bigint, Text, Text]).ConfigureAwait(false);

        // Search: the fields as the file keeps them (both stores encode them alike); the words, which the file's FTS5 index
        // does not give back, made again from the indexed fields as the PostgreSQL store makes them, through a staging table
        // (the tsvector made by the server from the lexemes).
        await using (var staging = new NpgsqlCommand(
            "CREATE TEMP TABLE copy_search (ord bigint NOT NULL, case_id uuid NOT NULL, kind text NOT NULL, fields text NOT NULL, words text[] NOT NULL) ON COMMIT DROP",
            target, transaction))
        {
            await staging.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await copy.TableAsync("SELECT doc, case_id, kind, fields, fields FROM search_docs ORDER BY doc", "copy_search (ord, case_id, kind, fields, words)",
            [Bigint, Uuid, Text, Text, Lexemes], withCouncil: false).ConfigureAwait(false);
        await using (var search = new NpgsqlCommand(
            "INSERT INTO search_docs (council, case_id, kind, fields, words) SELECT @council, case_id, kind, fields, array_to_tsvector(words) FROM copy_search ORDER BY ord",
            target, transaction))
        {
            search.Parameters.AddWithValue("council", council);
            await search.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await copy.TableAsync("SELECT field, term FROM search_terms", "search_terms (council, field, term)", [Text, Text]).ConfigureAwait(false);

        // What the file says of its rows per kind (rows:<kind>); its mode is the schema's, not the council's.
        await copy.TableAsync("SELECT key, value FROM store_info WHERE key <> 'mode'", "store_info (council, key, value)", [Text, Text]).ConfigureAwait(false);
        var accounts = await copy.TableAsync(
            "SELECT login_key, login, name, password_hash, security_stamp, disabled, failed_sign_ins, locked_until, created_at FROM accounts",
            "accounts (council, login_key, login, name, password_hash, security_stamp, disabled, failed_sign_ins, locked_until, created_at)",
            [Text, Text, Text, Text, Text, Bool, Int, Bigint, Bigint]).ConfigureAwait(false);
        await copy.TableAsync("SELECT login_key, role FROM account_roles", "account_roles (council, login_key, role)", [Text, Text]).ConfigureAwait(false);
        await copy.TableAsync("SELECT login_key, role, granted, by_login, at FROM role_grants ORDER BY seq", "role_grants (council, login_key, role, granted, by_login, at)",
            [Text, Text, Bool, Text, Bigint]).ConfigureAwait(false);
        await copy.TableAsync(
            "SELECT id, prefix, hash, name, roles, created_at, created_by, revoked_at, last_used_at FROM api_keys",
            "api_keys (council, id, prefix, hash, name, roles, created_at, created_by, revoked_at, last_used_at)",
            [Uuid, Text, Text, Text, Text, Bigint, Text, Bigint, Bigint]).ConfigureAwait(false);
        await copy.TableAsync("SELECT at, login, what, case_id, detail FROM access_log ORDER BY seq", "access_log (council, at, login, what, case_id, detail)",
            [Bigint, Text, Text, Uuid, Text]).ConfigureAwait(false);

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (new StoreCopyCounts(cases, events, accounts), null);
    }

    /// <summary>Deletes every row of the council that a copy writes, in one transaction (a copy that did not verify).</summary>
    public static async Task DeleteCouncilAsync(string connectionString, string schema, string council, CancellationToken cancellationToken)
    {
        await using var target = await OpenTargetAsync(connectionString, schema, cancellationToken).ConfigureAwait(false);
        await using var transaction = await target.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var table in CouncilTables)
        {
            await using var delete = new NpgsqlCommand($"DELETE FROM {table} WHERE council = @council", target, transaction);
            delete.Parameters.AddWithValue("council", council);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Compares the two stores through <see cref="ICaseStore"/>: the cases by kind and state, every case's history (each
    /// event serialized), its pending timers, every sequence's last number, and the accounts. Returns the differences, the
    /// first few of each sort; none when the copy is faithful.
    /// </summary>
    public static async Task<IReadOnlyList<string>> VerifyAsync(
        string path, SqliteCaseStore source, PostgreSqlCaseStore target, IAccountStore sourceAccounts, IAccountStore targetAccounts, CancellationToken cancellationToken)
    {
        const int Shown = 5;
        var differences = new ConcurrentQueue<string>();
        var sourceRows = await RowsAsync(source, cancellationToken).ConfigureAwait(false);
        var targetRows = await RowsAsync(target, cancellationToken).ConfigureAwait(false);
        foreach (var group in sourceRows.Values.GroupBy(r => (r.Kind, r.State)).Concat(targetRows.Values.GroupBy(r => (r.Kind, r.State))).Select(g => g.Key).Distinct())
        {
            var (inSource, inTarget) = (sourceRows.Values.Count(r => (r.Kind, r.State) == group), targetRows.Values.Count(r => (r.Kind, r.State) == group));
            if (inSource != inTarget)
            {
                differences.Enqueue($"{group.Kind} {group.State}: {inSource} ≠ {inTarget}");
            }
        }

        foreach (var missing in sourceRows.Keys.Except(targetRows.Keys).Take(Shown))
        {
            differences.Enqueue($"{missing}: missing");
        }

        var cases = 0;
        await Parallel.ForEachAsync(sourceRows.Keys, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            var (a, b) = (await source.LoadHistoryAsync(id, ct).ConfigureAwait(false), await target.LoadHistoryAsync(id, ct).ConfigureAwait(false));
            var problem = a.Count != b.Count
                ? $"{id.Value:N}: {a.Count} ≠ {b.Count} events"
                : Enumerable.Range(0, a.Count).FirstOrDefault(i => Serialized(a[i]) != Serialized(b[i]), -1) is var at and >= 0
                    ? $"{id.Value:N}: event {a[at].Version} ({a[at].Type}) differs"
                    : null;
            if (problem is null)
            {
                var (ta, tb) = (await source.TimersOfAsync(id, ct).ConfigureAwait(false), await target.TimersOfAsync(id, ct).ConfigureAwait(false));
                if (!Timers(ta).SequenceEqual(Timers(tb), StringComparer.Ordinal))
                {
                    problem = $"{id.Value:N}: timers {ta.Count} ≠ {tb.Count}";
                }
            }

            if (problem is not null && Interlocked.Increment(ref cases) <= Shown)
            {
                differences.Enqueue(problem);
            }
        }).ConfigureAwait(false);

        foreach (var scope in await ScopesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            var (a, b) = (await source.LastNumberAsync(scope, cancellationToken).ConfigureAwait(false), await target.LastNumberAsync(scope, cancellationToken).ConfigureAwait(false));
            if (a != b)
            {
                differences.Enqueue($"{scope}: {a} ≠ {b}");
            }
        }

        var (accountsA, accountsB) = (await sourceAccounts.CountAsync(cancellationToken).ConfigureAwait(false), await targetAccounts.CountAsync(cancellationToken).ConfigureAwait(false));
        if (accountsA != accountsB)
        {
            differences.Enqueue($"accounts: {accountsA} ≠ {accountsB}");
        }

        return [.. differences];
    }

    private static async Task<Dictionary<CaseId, CaseRow>> RowsAsync(ICaseStore store, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<CaseId, CaseRow>();
        await foreach (var row in store.QueryAsync(new CaseQuery(), cancellationToken).ConfigureAwait(false))
        {
            rows[row.Id] = row;
        }

        return rows;
    }

    private static Task<List<string>> ScopesAsync(string path, CancellationToken cancellationToken) =>
        TextsAsync(path, "SELECT scope FROM sequences ORDER BY scope", cancellationToken);

    // One event as text: every field the history holds, its data as JSON of its own type.
    private static string Serialized(CaseEvent e) => string.Join(
        '\u001f',
        e.CaseId.Value.ToString("N"), e.Version.ToString(CultureInfo.InvariantCulture), e.Type, e.State, e.At.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture),
        e.RecordedAt?.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture) ?? "-", e.By.Name, e.By.Role.ToString(), e.By.Account ?? "-", e.Reason ?? "-",
        e.LegalBasis ?? "-", e.CommandId.ToString("N"), JsonSerializer.Serialize(e.Data, e.Data.GetType(), Cli.CliOutput.Json));

    private static IEnumerable<string> Timers(IReadOnlyList<TimerEntry> timers) =>
        timers.Select(t => $"{t.Kind}|{t.DueAt.ToUnixTimeTicks()}|{t.ScheduledInState}|{t.ScheduledAtVersion}").Order(StringComparer.Ordinal);

    private static async Task<SqliteConnection> OpenSourceAsync(string path, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<NpgsqlConnection> OpenTargetAsync(string connectionString, string schema, CancellationToken cancellationToken)
    {
        // No statement timeout: a council's whole history may take minutes to send.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema, CommandTimeout = 0 };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // A column: its type in PostgreSQL and the value of the SQLite value (never DBNull).
    private sealed record Column(NpgsqlDbType Type, Func<object, object> Convert);

    private static readonly Column Uuid = new(NpgsqlDbType.Uuid, v => new Guid((byte[])v, bigEndian: true));
    private static readonly Column Text = new(NpgsqlDbType.Text, v => (string)v);
    private static readonly Column Bigint = new(NpgsqlDbType.Bigint, v => (long)v);
    private static readonly Column Int = new(NpgsqlDbType.Integer, v => checked((int)(long)v));
    private static readonly Column Bool = new(NpgsqlDbType.Boolean, v => (long)v != 0);
    private static readonly Column Keys = new(NpgsqlDbType.Array | NpgsqlDbType.Text, v => ((string)v).Split(KeySeparator).Distinct(StringComparer.Ordinal).ToArray());

    // SQLite marks delivery with unixepoch() (seconds); PostgreSQL with now().
    private static readonly Column DeliveredAt = new(NpgsqlDbType.TimestampTz, v => DateTimeOffset.FromUnixTimeSeconds((long)v));
    // The lexemes the PostgreSQL store indexes for a document's encoded fields, made by the store's own code.
    private static readonly Column Lexemes = new(NpgsqlDbType.Array | NpgsqlDbType.Text, v => SearchDocs.Lexemes((string)v));

    private sealed class Copier(SqliteConnection source, SqliteTransaction read, NpgsqlConnection target, string council, CancellationToken cancellationToken)
    {
        // Streams the rows of the SQLite query into PostgreSQL with binary COPY (the council first unless told otherwise).
        public async Task<long> TableAsync(string select, string into, Column[] columns, bool withCouncil = true)
        {
            await using var command = source.CreateCommand();
            command.Transaction = read;
            command.CommandText = select;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var writer = await target.BeginBinaryImportAsync($"COPY {into} FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
            long rows = 0;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                await writer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                if (withCouncil)
                {
                    await writer.WriteAsync(council, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                }

                for (var i = 0; i < columns.Length; i++)
                {
                    if (reader.IsDBNull(i))
                    {
                        if (ReferenceEquals(columns[i], Keys))
                        {
                            await writer.WriteAsync(Array.Empty<string>(), columns[i].Type, cancellationToken).ConfigureAwait(false);
                        }
                        else
                        {
                            await writer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                        }
                    }
                    else
                    {
                        await WriteAsync(writer, columns[i].Convert(reader.GetValue(i)), columns[i].Type).ConfigureAwait(false);
                    }
                }

                rows++;
            }

            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            return rows;
        }

        // Each value written as its own type (the importer's generic write checks the type it is given).
        private Task WriteAsync(NpgsqlBinaryImporter writer, object value, NpgsqlDbType type) => value switch
        {
            Guid g => writer.WriteAsync(g, type, cancellationToken),
            string s => writer.WriteAsync(s, type, cancellationToken),
            long l => writer.WriteAsync(l, type, cancellationToken),
            int n => writer.WriteAsync(n, type, cancellationToken),
            bool b => writer.WriteAsync(b, type, cancellationToken),
            string[] a => writer.WriteAsync(a, type, cancellationToken),
            DateTimeOffset d => writer.WriteAsync(d, type, cancellationToken),
            _ => throw new InvalidOperationException($"No column of type {value.GetType()} is copied."),
        };
    }
}
