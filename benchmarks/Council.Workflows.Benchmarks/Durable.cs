using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Council.Workflows.Appeals;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;
using Council.Workflows.Sqlite;
using Microsoft.Data.Sqlite;
using Stateless;

namespace Council.Workflows.Benchmarks;

// The same appeal lifecycles made durable three ways, each with 8 concurrent submitters and every command acknowledged
// only after its transaction is committed with synchronous=FULL: through the engine on the SQLite store (group commit),
// the naive durable pattern (a Stateless machine per case, one transaction per command), and the raw ceiling (the very
// rows the engine wrote, replayed by a bare loop with the same statements and the same group commit, no engine).
internal static class Durable
{
    public const int Submitters = 8;

    /// <summary>The engine on SQLite; returns the time and the database (kept for the raw replay; the caller deletes it).</summary>
    public static async Task<(TimeSpan Time, string Path)> EngineAsync(int lifecycles)
    {
        var path = TempPath("engine");
        var registry = new WorkflowRegistry([Lifecycle.NewWorkflow()]);
        var store = new SqliteCaseStore(new SqliteStoreOptions { Path = path, Durability = Durability.Full }, registry.EventTypes);
        await using (store.ConfigureAwait(false))
        {
            var engine = new WorkflowEngine(store, registry);
            var watch = Stopwatch.StartNew();
            await Lanes(lifecycles, i => Lifecycle.OneAsync(engine, i)).ConfigureAwait(false);
            return (watch.Elapsed, path);
        }
    }

    /// <summary>The naive durable pattern: per command, BEGIN IMMEDIATE, read the case, build its machine, fire, write, COMMIT.</summary>
    public static async Task<TimeSpan> NaiveAsync(int lifecycles)
    {
        var path = TempPath("naive");
        try
        {
            await using (var setup = await OpenAsync(path).ConfigureAwait(false))
            {
                Exec(setup, """
                    PRAGMA journal_mode=WAL;
                    CREATE TABLE cases (id BLOB PRIMARY KEY, state TEXT NOT NULL, version INTEGER NOT NULL, executor TEXT, due_on TEXT, data TEXT NOT NULL) WITHOUT ROWID;
                    CREATE TABLE events (case_id BLOB NOT NULL, version INTEGER NOT NULL, at INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (case_id, version)) WITHOUT ROWID;
                    """);
            }

            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Submitters).Select(lane => Task.Run(async () =>
            {
                await using var connection = await OpenAsync(path).ConfigureAwait(false);
                Exec(connection, "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;");
                for (var i = lane; i < lifecycles; i += Submitters)
                {
                    var id = CaseId.New().Value.ToByteArray(bigEndian: true);
                    NaiveCommand(connection, id, i, null);
                    NaiveCommand(connection, id, i, AppealTrigger.Assign);
                    if (Lifecycle.Extended(i))
                    {
                        NaiveCommand(connection, id, i, AppealTrigger.Extend);
                    }

                    NaiveCommand(connection, id, i, AppealTrigger.Answer);
                    NaiveCommand(connection, id, i, AppealTrigger.TakeOffControl);
                }
            }))).ConfigureAwait(false);
            return watch.Elapsed;
        }
        finally
        {
            Delete(path);
        }
    }

    private static void NaiveCommand(SqliteConnection connection, byte[] id, int i, AppealTrigger? trigger)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        var c = new Lifecycle.NaiveCase();
        var version = 0L;
        string? due = null;
        if (trigger is not null)
        {
            using var read = connection.CreateCommand();
            read.Transaction = transaction;
            read.CommandText = "SELECT state, version, executor, due_on FROM cases WHERE id = $id";
            read.Parameters.AddWithValue("$id", id);
            using var reader = read.ExecuteReader();
            reader.Read();
            c.State = Enum.Parse<AppealState>(reader.GetString(0));
            version = reader.GetInt64(1);
            c.Executor = reader.IsDBNull(2) ? null : reader.GetString(2);
            due = reader.GetString(3);
        }

        var machine = new StateMachine<AppealState, AppealTrigger>(() => c.State, s => c.State = s);
        Lifecycle.Configure(machine, c);
        string type;
        if (trigger is { } t)
        {
            machine.Fire(t);
            type = t.ToString();
            if (t == AppealTrigger.Assign)
            {
                c.Executor = "Бондар Сергій";
            }
            else if (t == AppealTrigger.Extend)
            {
                due = "2023-03-10";
            }
        }
        else
        {
            type = "Registered";
            due = DeadlineCalculator.Default.Compute(new LocalDate(2023, 1, 31), StatutoryTerms.AppealStandard).DueOn.ToString("uuuu-MM-dd", null);
        }

        var data = JsonSerializer.Serialize(new { applicant = Lifecycle.Applicant(i), subject = "Ремонт дороги", state = c.State.ToString(), c.Executor, due });
        using var write = connection.CreateCommand();
        write.Transaction = transaction;
        write.CommandText = """
            INSERT INTO cases (id, state, version, executor, due_on, data) VALUES ($id, $state, $version, $executor, $due, $data)
              ON CONFLICT (id) DO UPDATE SET state = excluded.state, version = excluded.version, executor = excluded.executor, due_on = excluded.due_on, data = excluded.data;
            INSERT INTO events (case_id, version, at, type, data) VALUES ($id, $version, $at, $type, $data);
            """;
        write.Parameters.AddWithValue("$id", id);
        write.Parameters.AddWithValue("$state", c.State.ToString());
        write.Parameters.AddWithValue("$version", version + 1);
        write.Parameters.AddWithValue("$executor", (object?)c.Executor ?? DBNull.Value);
        write.Parameters.AddWithValue("$due", due);
        write.Parameters.AddWithValue("$data", data);
        write.Parameters.AddWithValue("$at", 0L);
        write.Parameters.AddWithValue("$type", type);
        write.ExecuteNonQuery();
        transaction.Commit();
    }

    /// <summary>
    /// The ceiling: the rows the engine wrote to <paramref name="enginePath"/>, one write per command in each lane's order,
    /// replayed by 8 submitters into a fresh store through one writer that commits whatever is waiting in one transaction.
    /// </summary>
    public static async Task<TimeSpan> RawAsync(string enginePath, int lifecycles)
    {
        var writes = await ReadWritesAsync(enginePath).ConfigureAwait(false);
        if (writes.Count != lifecycles)
        {
            throw new InvalidOperationException($"The engine's database holds {writes.Count} cases, not {lifecycles}.");
        }

        var path = TempPath("raw");
        try
        {
            var registry = new WorkflowRegistry([Lifecycle.NewWorkflow()]);
            await new SqliteCaseStore(new SqliteStoreOptions { Path = path }, registry.EventTypes).DisposeAsync().ConfigureAwait(false);
            var queue = Channel.CreateUnbounded<(CommandWrite Write, TaskCompletionSource Done)>(new UnboundedChannelOptions { SingleReader = true });
            var writer = Task.Run(() => WriteLoopAsync(path, queue.Reader));
            var watch = Stopwatch.StartNew();
            await Lanes(lifecycles, async i =>
            {
                foreach (var write in writes[i])
                {
                    var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    queue.Writer.TryWrite((write, done));
                    await done.Task.ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
            var elapsed = watch.Elapsed;
            queue.Writer.Complete();
            await writer.ConfigureAwait(false);
            return elapsed;
        }
        finally
        {
            Delete(path);
        }
    }

    private static async Task WriteLoopAsync(string path, ChannelReader<(CommandWrite Write, TaskCompletionSource Done)> reader)
    {
        await using var connection = await OpenAsync(path).ConfigureAwait(false);
        Exec(connection, "PRAGMA synchronous=FULL;");
        var statements = new Dictionary<string, SqliteCommand>();
        var batch = new List<(CommandWrite Write, TaskCompletionSource Done)>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < 256 && reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
            using (var transaction = connection.BeginTransaction(deferred: false))
            {
                foreach (var (write, _) in batch)
                {
                    foreach (var (sql, values) in write.Statements)
                    {
                        if (!statements.TryGetValue(sql, out var command))
                        {
                            command = connection.CreateCommand();
                            command.CommandText = sql;
                            for (var p = 0; p < values.Length; p++)
                            {
                                command.Parameters.Add(new SqliteParameter { ParameterName = $"$p{p}" });
                            }

                            statements[sql] = command;
                        }

                        command.Transaction = transaction;
                        for (var p = 0; p < values.Length; p++)
                        {
                            command.Parameters[p].Value = values[p] ?? DBNull.Value;
                        }

                        command.ExecuteNonQuery();
                    }
                }

                transaction.Commit();
            }
            }
            catch (SqliteException failure)
            {
                // A statement the schema no longer takes fails the replay loudly instead of leaving its lanes waiting.
                foreach (var (_, done) in batch)
                {
                    done.TrySetException(failure);
                }

                throw;
            }

            foreach (var (_, done) in batch)
            {
                done.SetResult();
            }
        }

        foreach (var command in statements.Values)
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed record CommandWrite(List<(string Sql, object?[] Values)> Statements);

    // Per case, one write per command: the case row at that version, its key, its event, its timers, the outbox message
    // the event sent, the processed command; the registration also takes its number. The store writes exactly these.
    private static async Task<List<List<CommandWrite>>> ReadWritesAsync(string path)
    {
        var (versions, searchVersions) = await RowsByVersionAsync(path).ConfigureAwait(false);
        await using var connection = await OpenAsync(path).ConfigureAwait(false);
        var cases = new List<List<CommandWrite>>();
        var byCase = new Dictionary<string, List<CommandWrite>>();
        var rows = new Dictionary<string, object?[]>();
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT id, kind, council, state, version, is_open, reference, reference_key, due_at, assignee, assignee_key, priority, created_at, updated_at FROM cases ORDER BY created_at, id";
            await using var reader = await read.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                var values = new object?[14];
                reader.GetValues(values);
                var key = Convert.ToHexString((byte[])values[0]!);
                rows[key] = values;
                byCase[key] = [];
                cases.Add(byCase[key]);
            }
        }

        var timers = Group(connection, "SELECT case_id, kind, due_at, state FROM timers");
        var keys = Group(connection, "SELECT case_id, key FROM case_keys");
        var outbox = Group(connection, "SELECT case_id, id, kind, recipient, subject, body, created_at FROM outbox ORDER BY seq");
        var sent = new Dictionary<string, int>();
        var commands = Group(connection, "SELECT case_id, id, result FROM commands").Values.SelectMany(c => c).ToDictionary(c => Convert.ToHexString((byte[])c[1]!));
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT case_id, version, at, type, state, by_name, by_role, reason, legal_basis, command_id, data FROM events ORDER BY case_id, version";
            await using var reader = await read.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                var e = new object?[11];
                reader.GetValues(e);
                var caseKey = Convert.ToHexString((byte[])e[0]!);
                var version = (int)(long)e[1]!;
                var statements = new List<(string, object?[])>();
                if (version == 1)
                {
                    var row = (object?[])rows[caseKey].Clone();
                    var first = versions[caseKey][0];
                    (row[3], row[4], row[5], row[8], row[9], row[10], row[13]) = (first.State, 1L, first.IsOpen ? 1 : 0, first.DueAt?.ToUnixTimeTicks(), first.Assignee, Upper(first.Assignee), first.UpdatedAt.ToUnixTimeTicks());
                    // The store takes the registration's number with one statement that checks it is the next.
                    statements.Add(("INSERT INTO sequences (scope, value) VALUES ($p0, 1) ON CONFLICT (scope) DO UPDATE SET value = value + 1", ["appeal-index/default/2023"]));
                    statements.Add(("INSERT INTO cases (id, kind, council, state, version, is_open, reference, reference_key, due_at, assignee, assignee_key, priority, created_at, updated_at) VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11, $p12, $p13) " +
                        "ON CONFLICT (id) DO UPDATE SET state = excluded.state, version = excluded.version, is_open = excluded.is_open, reference = excluded.reference, reference_key = excluded.reference_key, due_at = excluded.due_at, assignee = excluded.assignee, assignee_key = excluded.assignee_key, priority = excluded.priority, updated_at = excluded.updated_at", row));
                }
                else
                {
                    statements.Add(ChangedColumns(e[0]!, versions[caseKey][version - 2], versions[caseKey][version - 1]));
                }

                // The store writes a case's keys only when they change: in this lifecycle, at registration (nothing to delete).
                if ((long)e[1]! == 1)
                {
                    foreach (var k in keys.GetValueOrDefault(caseKey) ?? [])
                    {
                        statements.Add(("INSERT INTO case_keys (key, created_at, case_id) VALUES ($p0, $p1, $p2)", [k[1], rows[caseKey][12], e[0]]));
                    }
                }

                if (searchVersions[caseKey][version - 1] is { } fields)
                {
                    SearchWrites(statements, e[0]!, version == 1 ? null : searchVersions[caseKey][version - 2], fields, version == 1);
                }

                statements.Add(("INSERT INTO events (case_id, version, at, type, state, by_name, by_role, reason, legal_basis, command_id, data) VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10)", e));
                // The store leaves the timers alone when the schedule stays as it was: here, when the answered appeal is
                // taken off control (no timers before or after).
                // A new case has no timers to delete, and a case's timers go in one statement.
                if ((string)e[3]! is not "taken-off-control")
                {
                    var scheduled = (string)e[3]! is "answered" ? [] : timers.GetValueOrDefault(caseKey) ?? StandIn(e);
                    if (version > 1)
                    {
                        // As the store (schema 8): the timers that go are deleted; those that stay keep their claims.
                        var kinds = Enumerable.Range(0, scheduled.Count).Select(i => $"$p{i + 1}");
                        statements.Add((scheduled.Count == 0 ? "DELETE FROM timers WHERE case_id = $p0" : $"DELETE FROM timers WHERE case_id = $p0 AND kind NOT IN ({string.Join(", ", kinds)})",
                            [e[0], .. scheduled.Select(t => t[1])]));
                    }

                    if (scheduled.Count > 0)
                    {
                        var values = Enumerable.Range(0, scheduled.Count).Select(i => $"($p0, $p{(4 * i) + 1}, $p{(4 * i) + 2}, $p{(4 * i) + 3}, $p{(4 * i) + 4})");
                        statements.Add(("INSERT INTO timers (case_id, kind, due_at, state, version) VALUES " + string.Join(", ", values) +
                            " ON CONFLICT (case_id, kind) DO UPDATE SET due_at = excluded.due_at, state = excluded.state, version = excluded.version, " +
                            "claimed_by = CASE WHEN timers.due_at = excluded.due_at THEN timers.claimed_by END, claimed_until = CASE WHEN timers.due_at = excluded.due_at THEN timers.claimed_until END",
                            [e[0], .. scheduled.SelectMany(t => new[] { t[1], t[2], t[3], e[1] })]));
                    }
                }

                if ((string)e[3]! is "answered" or "term-extended")
                {
                    // The letter takes the next number of the outgoing journal in the same commit (one statement on its sequence).
                    statements.Add(("INSERT INTO sequences (scope, value) VALUES ($p0, 1) ON CONFLICT (scope) DO UPDATE SET value = value + 1", ["appeal-outgoing/default/2023"]));
                    var messages = outbox[caseKey];
                    var n = sent.GetValueOrDefault(caseKey);
                    sent[caseKey] = n + 1;
                    var m = messages[n];
                    statements.Add(("INSERT INTO outbox (id, case_id, kind, recipient, subject, body, created_at) VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6) ON CONFLICT (id) DO NOTHING", [m[1], m[0], m[2], m[3], m[4], m[5], m[6]]));
                }

                var command = commands[Convert.ToHexString((byte[])e[9]!)];
                statements.Add(("INSERT INTO commands (id, case_id, result) VALUES ($p0, $p1, $p2)", [command[1], command[0], command[2]]));
                byCase[caseKey].Add(new CommandWrite(statements));
            }
        }

        if (sent.Values.Sum() != outbox.Values.Sum(m => m.Count))
        {
            throw new InvalidOperationException("The replay does not send every outbox message the engine wrote.");
        }

        return cases;

        // A closed case has no timers left to copy; while open it had its reminder and its deadline.
        static List<object?[]> StandIn(object?[] e) =>
        [
            [e[0], "reminder-3wd:2023-02-27", Instant.FromUtc(2023, 2, 22, 7, 0).ToUnixTimeTicks(), e[4]],
            [e[0], "reminder-1wd:2023-02-27", Instant.FromUtc(2023, 2, 24, 7, 0).ToUnixTimeTicks(), e[4]],
            [e[0], "deadline-missed:2023-02-27", Instant.FromUtc(2023, 2, 27, 22, 0).ToUnixTimeTicks(), e[4]],
        ];
    }

    // Each case's row at every version, replayed from its history as the store derives it.
    // Each case's search fields at every version too (schema 9), as the store writes them into its word index.
    private static async Task<(Dictionary<string, List<CaseRow>> Rows, Dictionary<string, List<IReadOnlyList<SearchField>?>> Search)> RowsByVersionAsync(string path)
    {
        var registry = new WorkflowRegistry([Lifecycle.NewWorkflow()]);
        await using var store = new SqliteCaseStore(new SqliteStoreOptions { Path = path, CreateIfMissing = false }, registry.EventTypes);
        var rows = new Dictionary<string, List<CaseRow>>();
        var search = new Dictionary<string, List<IReadOnlyList<SearchField>?>>();
        await foreach (var row in store.QueryAsync(new CaseQuery()).ConfigureAwait(false))
        {
            var history = await store.LoadHistoryAsync(row.Id).ConfigureAwait(false);
            var cases = Enumerable.Range(1, history.Count).Select(v => registry.Replay(row.Kind, [.. history.Take(v)])).ToList();
            var key = Convert.ToHexString(row.Id.Value.ToByteArray(bigEndian: true));
            rows[key] = [.. cases.Select(c => c.ToRow())];
            search[key] = [.. cases.Select(c => c.SearchFields)];
        }

        return (rows, search);
    }

    // The store's writes to its word index for a case going from one version's search fields to the next (schema 9): the
    // document (fields as text) when they changed; its words, deleted and indexed again, when the indexed ones changed;
    // the words not indexed before added to the vocabulary.
    private static void SearchWrites(List<(string, object?[])> statements, object id, IReadOnlyList<SearchField>? before, IReadOnlyList<SearchField> after, bool first)
    {
        if (before is not null && before.SequenceEqual(after))
        {
            return;
        }

        statements.Add(("INSERT INTO search_docs (case_id, kind, fields) VALUES ($p0, $p1, $p2) ON CONFLICT (case_id) DO UPDATE SET fields = excluded.fields", [id, "appeal", Encode(after)]));
        var indexed = after.Where(f => f.Indexed).ToList();
        if (before is not null && before.Where(f => f.Indexed).SequenceEqual(indexed))
        {
            return;
        }

        if (!first)
        {
            statements.Add(("DELETE FROM search_words WHERE rowid = (SELECT doc FROM search_docs WHERE case_id = $p0)", [id]));
        }

        var words = indexed.SelectMany(f => f.Words().Select(w => (f.Name, w))).ToList();
        statements.Add(("INSERT INTO search_words (rowid, words) VALUES ((SELECT doc FROM search_docs WHERE case_id = $p0), $p1)", [id, string.Concat(words.Select(w => $"{w.Name}_{w.w} "))]));
        var known = before?.Where(f => f.Indexed).SelectMany(f => f.Words().Select(w => (f.Name, w))).ToHashSet() ?? [];
        foreach (var (field, word) in words.Distinct().Where(w => !known.Contains(w)))
        {
            statements.Add(("INSERT INTO search_terms (field, term) VALUES ($p0, $p1) ON CONFLICT DO NOTHING", [field, word]));
        }

        static string Encode(IReadOnlyList<SearchField> fields) => string.Join('\u001e', fields.Select(f => $"{f.Name}\u001f{(f.Indexed ? '1' : '0')}{f.Text}"));
    }

    // The store's update of a case whose previous row it knows: the version, the instant and the columns that changed.
    private static (string, object?[]) ChangedColumns(object id, CaseRow before, CaseRow row)
    {
        var sql = new System.Text.StringBuilder("UPDATE cases SET version = $p1, updated_at = $p2");
        var values = new List<object?> { id, row.Version, row.UpdatedAt.ToUnixTimeTicks() };
        Changed(row.State != before.State, "state", row.State);
        Changed(row.IsOpen != before.IsOpen, "is_open", row.IsOpen ? 1 : 0);
        Changed(row.Reference != before.Reference, "reference", row.Reference, "reference_key", Upper(row.Reference));
        Changed(row.DueAt != before.DueAt, "due_at", row.DueAt?.ToUnixTimeTicks());
        Changed(row.Assignee != before.Assignee, "assignee", row.Assignee, "assignee_key", Upper(row.Assignee));
        Changed(row.Priority != before.Priority, "priority", row.Priority);
        return (sql.Append(" WHERE id = $p0").ToString(), [.. values]);

        void Changed(bool changed, string column, object? value, string? column2 = null, object? value2 = null)
        {
            if (!changed)
            {
                return;
            }

            values.Add(value);
            sql.Append(System.Globalization.CultureInfo.InvariantCulture, $", {column} = $p{values.Count - 1}");
            if (column2 is not null)
            {
                values.Add(value2);
                sql.Append(System.Globalization.CultureInfo.InvariantCulture, $", {column2} = $p{values.Count - 1}");
            }
        }
    }

    private static string? Upper(string? text) => text?.Trim().ToUpperInvariant();

    private static Dictionary<string, List<object?[]>> Group(SqliteConnection connection, string sql)
    {
        var groups = new Dictionary<string, List<object?[]>>();
        using var read = connection.CreateCommand();
        read.CommandText = sql;
        using var reader = read.ExecuteReader();
        while (reader.Read())
        {
            var values = new object?[reader.FieldCount];
            reader.GetValues(values);
            var key = Convert.ToHexString((byte[])values[0]!);
            if (!groups.TryGetValue(key, out var list))
            {
                groups[key] = list = [];
            }

            list.Add(values);
        }

        return groups;
    }

    /// <summary>The 8 submitters: lane k runs lifecycles k, k + 8, k + 16, … one after another.</summary>
    public static Task Lanes(int lifecycles, Func<int, Task> run) =>
        Task.WhenAll(Enumerable.Range(0, Submitters).Select(lane => Task.Run(async () =>
        {
            for (var i = lane; i < lifecycles; i += Submitters)
            {
                await run(i).ConfigureAwait(false);
            }
        })));

    public static string TempPath(string name) => Path.Combine(Path.GetTempPath(), $"council-bench-{name}-{Guid.NewGuid():N}.db");

    public static void Delete(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }
    }

    private static async Task<SqliteConnection> OpenAsync(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync().ConfigureAwait(false);
        return connection;
    }

    private static void Exec(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
