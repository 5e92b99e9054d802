using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Council.Workflows.Appeals;
using Council.Workflows.Engine;
using Council.Workflows.PostgreSql;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Council.Workflows.Benchmarks;

// Section 9 (issue 18): the PostgreSQL store on a local server this benchmark starts (PgServer).
//   durablePgVsRawPg — the engine on the store against the raw replay of the very writes it made;
//   workers3Vs1      — a backlog of due timers swept by one worker and by three, every timer fired exactly once;
//   pgSweep1MVs10k   — the sweep of 1,002 due timers among 1,000,000 open cases against 10,000.
internal static partial class PgBench
{
    private static Instant s_remindersDue;
    private static readonly Instant SweepAt = Instant.FromUtc(2023, 6, 1, 0, 0);
    private static readonly Official Clerk = new("Петренко Олена", OfficialRole.Clerk);
    private static readonly Official Head = new("Мельник Віктор", OfficialRole.Head);
    private static int s_names;

    public static async Task RunAsync(CompareSizes sizes, Dictionary<string, object?> results)
    {
        using var server = new PgServer();
        Console.WriteLine($"9. PostgreSQL {server.Version} (local, Unix socket, fsync on), started by the benchmark");
        results["pgVersion"] = server.Version;
        await DurableAsync(server, sizes, results);
        await WorkersAsync(server, sizes, results);
        await SweepScalingAsync(server, sizes, results);
    }

    // ---- 9a. durablePgVsRawPg -------------------------------------------------------------------------------------------

    private static async Task DurableAsync(PgServer server, CompareSizes sizes, Dictionary<string, object?> results)
    {
        var n = sizes.PgLifecycles;
        var rounds = sizes.Quick ? 2 : 3;
        var engine = new List<TimeSpan>();
        var raw = new List<TimeSpan>();
        long commits = 0, statements = 0;
        for (var r = 0; r < rounds; r++)
        {
            var engineDb = Name("engine");
            var capturedDb = Name("captured");
            var rawDb = Name("raw");
            server.Create(engineDb);
            server.Create(capturedDb);
            server.Create(rawDb);
            try
            {
                // Timed: the engine on the store as a council runs it. Not timed: the same lifecycles again with every
                // statement logged (logging costs the engine's side), whose writes the raw replay then makes.
                engine.Add((await EngineAsync(server.ConnectionString(engineDb), n, capture: false)).Time);
                var (_, writes, once) = await EngineAsync(server.ConnectionString(capturedDb), n, capture: true);
                commits = writes.Sum(w => w.Count);
                statements = writes.Sum(w => w.Sum(c => c.Sum(b => b.Count))) + once.Count;
                raw.Add(await RawAsync(server.ConnectionString(rawDb), writes, once));
                await SameRowsAsync(server.ConnectionString(capturedDb), server.ConnectionString(rawDb));
                await SameRowsAsync(server.ConnectionString(engineDb), server.ConnectionString(rawDb));
            }
            finally
            {
                server.Drop(engineDb);
                server.Drop(capturedDb);
                server.Drop(rawDb);
            }
        }

        var (e, w) = (Median(engine), Median(raw));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   9a. {n:N0} lifecycles durable, {Durable.Submitters} submitters: engine on PostgreSQL {e.TotalMilliseconds:N0} ms ({n / e.TotalSeconds:N0}/s), raw replay of its writes ({commits:N0} transactions, {statements:N0} statements) {w.TotalMilliseconds:N0} ms ({n / w.TotalSeconds:N0}/s): durablePgVsRawPg {w / e:0.00} (rounds: engine {string.Join(", ", engine.Select(t => t.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture)))}; raw {string.Join(", ", raw.Select(t => t.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture)))})"));
        results["pgLifecycles"] = n;
        results["pgEngineMs"] = Round(e.TotalMilliseconds);
        results["pgRawMs"] = Round(w.TotalMilliseconds);
        results["durablePgVsRawPg"] = Round(w / e);
    }

    // The engine on the store, 8 submitters. Captured (the untimed run): every statement the store sent, with its values,
    // from Npgsql's command log of the whole run, split into each lifecycle's commits (CommitsAsync), each a list of batches
    // of writes; and the engine's one-off writes of its own.
    private static async Task<(TimeSpan Time, List<List<List<List<(string Sql, object?[] Values)>>>> Writes, List<(string Sql, object?[] Values)> Once)> EngineAsync(string connectionString, int lifecycles, bool capture)
    {
        var registry = new WorkflowRegistry([Lifecycle.NewWorkflow()]);
        var ids = capture ? Enumerable.Range(0, lifecycles).Select(_ => CaseId.New()).ToArray() : null;
        await using var store = new PostgreSqlCaseStore(new PostgreSqlStoreOptions { ConnectionString = connectionString }, registry.EventTypes);
        if (capture)
        {
            await Capture.LogAsync(store, connectionString);
            Capture.Start();
        }

        var engine = new WorkflowEngine(store, registry);
        var watch = Stopwatch.StartNew();
        await Durable.Lanes(lifecycles, i => Lifecycle.OneAsync(engine, i, id: ids?[i]));
        var elapsed = watch.Elapsed;
        if (!capture)
        {
            return (elapsed, [], []);
        }

        var (writes, once) = await CommitsAsync(connectionString, Capture.Stop(), ids!);
        return (elapsed, writes, once);
    }

    // Each lifecycle's commits in its order, from the run's log in the order the statements completed. A commit is a batch
    // that begins with BEGIN, and it is the lifecycle's whose case it claims the command id for (INSERT INTO commands …
    // case_id): never the async flow that logged it. (A per-flow log lost statements: the store's wakeup after a commit
    // runs on in the committing flow while the lifecycle goes on to its next command, and the two wrote one list at once.)
    // The one-off INSERT … sequences before a sequence's first number, sent on the commit's connection just before its batch,
    // joins that commit. Outside the lifecycles: the engine's note, before its first command, that the store's rows are
    // current (INSERT INTO store_info, once per kind). Strict: every lifecycle has exactly its commands' commits, the
    // commits are as many as the engine committed (rows in commands), and every write of the log is in one or is a note.
    private static async Task<(List<List<List<List<(string Sql, object?[] Values)>>>> Writes, List<(string Sql, object?[] Values)> Once)> CommitsAsync(string connectionString, List<Capture.Entry> log, CaseId[] ids)
    {
        var lifecycleOf = new Dictionary<Guid, int>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            lifecycleOf.Add(ids[i].Value, i);
        }

        var writes = ids.Select(_ => new List<List<List<(string, object?[])>>>()).ToList();
        var before = new Dictionary<int, List<List<(string, object?[])>>>();
        var once = new List<(string Sql, object?[] Values)>();
        long commits = 0, sequences = 0;
        foreach (var entry in log)
        {
            var batch = entry.Commands.Where(c => IsWrite(c.Sql)).Select(Positional).ToList();
            if (entry.Commands[0].Sql != "BEGIN")
            {
                if (batch.Count == 0)
                {
                    continue;
                }

                if (entry.Commands.Count == 1 && entry.Commands[0].Sql.StartsWith(RowsNote, StringComparison.Ordinal))
                {
                    once.AddRange(batch);
                    continue;
                }

                if (entry.Commands.Count != 1 || !entry.Commands[0].Sql.StartsWith(CreateSequence, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"The store wrote outside a commit: {Short(entry)}.");
                }

                sequences++;
                before.TryAdd(entry.Connector, []);
                before[entry.Connector].Add(batch);
                continue;
            }

            var claims = batch.Where(c => c.Sql == ClaimCommand).ToList();
            if (claims.Count != 1 || claims[0].Values[2] is not { } value || !lifecycleOf.TryGetValue(value is Guid g ? g : Guid.Parse(value.ToString()!), out var lifecycle))
            {
                throw new InvalidOperationException($"A commit claims {claims.Count} command ids, not one of a lifecycle's cases: {Short(entry)}.");
            }

            commits++;
            var commit = before.Remove(entry.Connector, out var first) ? first : [];
            commit.Add(batch);
            writes[lifecycle].Add(commit);
        }

        if (before.Count > 0)
        {
            throw new InvalidOperationException($"{before.Count} INSERT … sequences came before no commit on their connection.");
        }

        for (var i = 0; i < writes.Count; i++)
        {
            var expected = Lifecycle.Extended(i) ? 5 : 4;
            if (writes[i].Count != expected)
            {
                throw new InvalidOperationException($"Lifecycle {i} (case {ids[i]}) has {writes[i].Count} commits in the log, not {expected}: the store's statements have changed, or the log lost or misplaced one.");
            }
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var committed = await ScalarAsync(connection, "SELECT count(*) FROM council.commands");
        var made = await ScalarAsync(connection, "SELECT count(*) FROM council.sequences");
        var noted = await ScalarAsync(connection, "SELECT count(*) FROM council.store_info WHERE key LIKE 'rows:%'");
        return commits == committed && sequences == made && once.Count == noted
            ? (writes, once)
            : throw new InvalidOperationException($"The log holds {commits:N0} commits, {sequences:N0} sequences made and {once.Count} notes; the engine committed {committed:N0} commands, made {made:N0} sequences and {noted} notes.");

        static string Short(Capture.Entry entry) => string.Join(" | ", entry.Commands.Select(c => c.Sql[..Math.Min(60, c.Sql.Length)]));
    }

    // The store's claim of the command id in each commit, numbered (its third value is the case's id), its making of a
    // sequence's row and its note of the rows' version (Npgsql logs a command's statement numbered, a batch's as sent).
    private const string ClaimCommand = "INSERT INTO commands (council, id, case_id, result) VALUES ($1, $2, $3, $4)";
    private const string CreateSequence = "INSERT INTO sequences (council, scope, value) VALUES (";
    private const string RowsNote = "INSERT INTO store_info (council, key, value) VALUES (";

    private static bool IsWrite(string sql) =>
        sql.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) || sql.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase) || sql.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase)
        || sql.StartsWith("WITH moved AS (UPDATE", StringComparison.Ordinal) || sql.StartsWith(TakeNumber, StringComparison.Ordinal);

    // The store's taking of a number (a conditional update that fails its batch when the number is not the next).
    private const string TakeNumber = "WITH taken AS (UPDATE sequences SET value = @number";

    // The statement with its named parameters numbered in the order they first appear, as Npgsql numbers them (its log
    // lists the values in that order). The number's update becomes "move the sequence on by one": the replay's lanes do not
    // take numbers in the engine's order, and a conditional update that matched nothing would write nothing.
    private static (string Sql, object?[] Values) Positional((string Sql, object?[] Values) command)
    {
        var values = command.Values.Select(Value).ToArray();
        if (command.Sql.StartsWith(TakeNumber, StringComparison.Ordinal))
        {
            // number, council, scope
            return ("UPDATE sequences SET value = value + 1 WHERE council = $1 AND scope = $2", [values[1], values[2]]);
        }

        var names = new List<string>();
        var sql = ParameterName().Replace(command.Sql, m =>
        {
            var index = names.IndexOf(m.Groups[1].Value);
            if (index < 0)
            {
                names.Add(m.Groups[1].Value);
                index = names.Count - 1;
            }

            return $"${index + 1}";
        });
        return names.Count == values.Length || names.Count == 0
            ? (sql, values)
            : throw new InvalidOperationException($"{names.Count} parameters named in '{command.Sql}' but {values.Length} values logged.");
    }

    // Npgsql logs a null as "NULL" and an array as its elements in brackets ("[a, b]"): both turned back into what the store
    // sent. The store's arrays are keys, words, timer kinds and states (text) and due instants and versions (bigint); none
    // of its texts in this lifecycle is "NULL" or bracketed, and no element holds ", " (the replay's row counts check it).
    private static object Value(object? logged) => logged switch
    {
        null or DBNull or "NULL" => DBNull.Value,
        string s when s.Length >= 2 && s[0] == '[' && s[^1] == ']' => Array(s[1..^1]),
        _ => logged,
    };

    private static object Array(string inner)
    {
        var items = inner.Length == 0 ? [] : inner.Split(", ");
        var numbers = new long[items.Length];
        return items.Length > 0 && items.Select((t, i) => long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out numbers[i])).All(ok => ok)
            ? numbers
            : items;
    }

    [GeneratedRegex(@"(?<![@\w])@([A-Za-z_]\w*)", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterName();

    // The same writes, each lane's lifecycles in its order, one transaction per commit on a pooled connection of its own (as
    // the store takes one per commit), each of the store's batches sent as one batch, BEGIN with the first and COMMIT with
    // the last (as the store sends them), after the engine's one-off note: no engine, no reads, no JSON.
    private static async Task<TimeSpan> RawAsync(string connectionString, List<List<List<List<(string Sql, object?[] Values)>>>> writes, List<(string Sql, object?[] Values)> once)
    {
        var registry = new WorkflowRegistry([Lifecycle.NewWorkflow()]);
        await new PostgreSqlCaseStore(new PostgreSqlStoreOptions { ConnectionString = connectionString }, registry.EventTypes).DisposeAsync();
        await using var source = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = "council", MaxAutoPrepare = 64, AutoPrepareMinUsages = 2 }.ConnectionString);
        var watch = Stopwatch.StartNew();
        await using (var connection = await source.OpenConnectionAsync())
        {
            foreach (var (sql, values) in once)
            {
                await using var command = new NpgsqlCommand(sql, connection);
                foreach (var v in values)
                {
                    command.Parameters.Add(new NpgsqlParameter { Value = v });
                }

                await command.ExecuteNonQueryAsync();
            }
        }

        await Durable.Lanes(writes.Count, async i =>
        {
            foreach (var commit in writes[i])
            {
                await using var connection = await source.OpenConnectionAsync();
                for (var k = 0; k < commit.Count; k++)
                {
                    await using var b = new NpgsqlBatch(connection);
                    if (k == 0)
                    {
                        b.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
                    }

                    foreach (var (sql, values) in commit[k])
                    {
                        var command = new NpgsqlBatchCommand(sql);
                        foreach (var v in values)
                        {
                            command.Parameters.Add(new NpgsqlParameter { Value = v });
                        }

                        b.BatchCommands.Add(command);
                    }

                    if (k == commit.Count - 1)
                    {
                        b.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
                    }

                    await b.ExecuteNonQueryAsync();
                }
            }
        });
        return watch.Elapsed;
    }

    // The replay wrote what the engine wrote: the same number of rows in every table the commits touch.
    private static async Task SameRowsAsync(string engine, string raw)
    {
        string[] tables = ["cases", "events", "timers", "commands", "outbox", "case_keys", "case_facts", "search_docs", "search_terms", "sequences", "store_info"];
        var a = await CountsAsync(engine, tables);
        var b = await CountsAsync(raw, tables);
        if (!a.SequenceEqual(b))
        {
            throw new InvalidOperationException($"The raw replay's rows differ from the engine's: {string.Join(", ", tables.Select((t, i) => $"{t} {a[i]}/{b[i]}"))}.");
        }
    }

    private static async Task<long[]> CountsAsync(string connectionString, string[] tables)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var counts = new long[tables.Length];
        for (var i = 0; i < tables.Length; i++)
        {
            counts[i] = await ScalarAsync(connection, $"SELECT count(*) FROM council.{tables[i]}");
        }

        return counts;
    }

    // ---- 9b. workers3Vs1 ------------------------------------------------------------------------------------------------

    private static async Task WorkersAsync(PgServer server, CompareSizes sizes, Dictionary<string, object?> results)
    {
        var timers = sizes.PgBacklogTimers;
        var cases = timers / 2;
        var template = Name("backlog");
        server.Create(template);
        try
        {
            var build = Stopwatch.StartNew();
            await RegisterAsync(server.ConnectionString(template), cases, Instant.FromUtc(2023, 1, 31, 8, 0));
            // The sweep's instant: when every appeal's two reminders are due and its deadline is not.
            await using (var connection = new NpgsqlConnection(server.ConnectionString(template)))
            {
                await connection.OpenAsync();
                var lastReminder = await ScalarAsync(connection, "SELECT max(due_at) FROM council.timers WHERE kind LIKE 'reminder-%'");
                var firstDeadline = await ScalarAsync(connection, "SELECT min(due_at) FROM council.timers WHERE kind NOT LIKE 'reminder-%'");
                var reminders = await ScalarAsync(connection, "SELECT count(*) FROM council.timers WHERE kind LIKE 'reminder-%'");
                if (lastReminder >= firstDeadline || reminders != cases * 2L)
                {
                    throw new InvalidOperationException($"The backlog's {reminders:N0} reminders are not all due before the first deadline.");
                }

                s_remindersDue = Instant.FromUnixTimeTicks(lastReminder);
            }

            NpgsqlConnection.ClearAllPools();
            Console.WriteLine($"   9b. backlog: {cases:N0} appeals registered through the engine in {build.Elapsed.TotalSeconds:N0} s; their two reminders each ({cases * 2:N0} timers) due at the sweep");
            var one = new List<TimeSpan>();
            var three = new List<TimeSpan>();
            for (var r = 0; r < (sizes.Quick ? 2 : 1); r++)
            {
                one.Add(await BacklogSweepAsync(server, template, 1, cases));
                three.Add(await BacklogSweepAsync(server, template, 3, cases));
            }

            var (t1, t3) = (Median(one), Median(three));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"       one worker {t1.TotalSeconds:N1} s ({cases * 2 / t1.TotalSeconds:N0} timers/s), three workers {t3.TotalSeconds:N1} s ({cases * 2 / t3.TotalSeconds:N0} timers/s): workers3Vs1 {t1 / t3:0.00}; duplicates 0"));
            results["pgBacklogTimers"] = cases * 2;
            results["pgOneWorkerTimersPerSecond"] = Round(cases * 2 / t1.TotalSeconds);
            results["pgThreeWorkersTimersPerSecond"] = Round(cases * 2 / t3.TotalSeconds);
            results["workers3Vs1"] = Round(t1 / t3);
            results["workers3Duplicates"] = 0;
        }
        finally
        {
            server.Drop(template);
        }
    }

    // Appeals registered through the engine, 8 submitters, each with its reminders and deadline scheduled.
    private static async Task RegisterAsync(string connectionString, int count, Instant at)
    {
        var registry = new WorkflowRegistry([Lifecycle.NewWorkflow()]);
        await using var store = new PostgreSqlCaseStore(new PostgreSqlStoreOptions { ConnectionString = connectionString }, registry.EventTypes);
        var engine = new WorkflowEngine(store, registry);
        var offset = Interlocked.Add(ref s_names, count) - count;
        await Durable.Lanes(count, async i =>
        {
            var result = await engine.ExecuteAsync(new RegisterAppeal
            {
                CommandId = Command.NewId(), CaseId = CaseId.New(), Actor = Clerk, At = at, Kind = AppealKind.Application,
                Applicants = [new Applicant(Lifecycle.Applicant(offset + i), "м. Житомир")], Subject = $"Питання {i}",
            });
            if (result.Status != CommandStatus.Accepted)
            {
                throw new InvalidOperationException($"A registration was refused: {result.Message}");
            }
        });
    }

    // A file copy of the backlog swept by `workers` TimerSweepers at once, each with its own store (its own pool) and owner;
    // afterwards every reminder must have been sent once: the fired events counted per timer from the store.
    private static async Task<TimeSpan> BacklogSweepAsync(PgServer server, string template, int workers, int cases)
    {
        var copy = Name($"w{workers}");
        server.Create(copy, template);
        try
        {
            var registry = new WorkflowRegistry([Lifecycle.NewWorkflow()]);
            var stores = Enumerable.Range(0, workers)
                .Select(_ => new PostgreSqlCaseStore(new PostgreSqlStoreOptions { ConnectionString = server.ConnectionString(copy, 40) }, registry.EventTypes)).ToList();
            try
            {
                var sweepers = stores.Select((s, k) => new TimerSweeper(new WorkflowEngine(s, registry)) { Owner = $"worker-{k + 1}" }).ToList();
                var watch = Stopwatch.StartNew();
                var reports = await Task.WhenAll(sweepers.Select(s => s.SweepAsync(s_remindersDue)));
                var elapsed = watch.Elapsed;
                var (fired, ignored, repeated, failed) = (reports.Sum(r => r.Fired), reports.Sum(r => r.Ignored), reports.Sum(r => r.Repeated), reports.Sum(r => r.Failed));
                await using var connection = new NpgsqlConnection(server.ConnectionString(copy));
                await connection.OpenAsync();
                var sent = await ScalarAsync(connection, "SELECT count(*) FROM council.events WHERE type = 'reminder-sent'");
                // A reminder's event names its timer's kind: the same kind twice for one case is a timer fired twice.
                var duplicates = await ScalarAsync(connection,
                    "SELECT count(*) FROM (SELECT case_id, data FROM council.events WHERE type = 'reminder-sent' GROUP BY case_id, data HAVING count(*) > 1) d");
                var twice = await ScalarAsync(connection,
                    "SELECT count(*) FROM (SELECT case_id, version FROM council.events GROUP BY case_id, version HAVING count(*) > 1) d");
                var left = await ScalarAsync(connection, $"SELECT count(*) FROM council.timers WHERE due_at <= {s_remindersDue.ToUnixTimeTicks()}");
                var outbox = await ScalarAsync(connection, "SELECT count(*) FROM council.outbox WHERE kind = 'reminder'");
                Console.WriteLine($"       {workers} worker(s): {elapsed.TotalSeconds:N1} s; fired {fired:N0} ({string.Join(" + ", reports.Select(r => r.Fired.ToString("N0", CultureInfo.InvariantCulture)))}), ignored {ignored}, repeated {repeated}, failed {failed}; in the store: {sent:N0} reminders sent, {duplicates} timers fired twice, {left} due timers left, {outbox:N0} reminder letters");
                if (duplicates != 0 || twice != 0 || sent != cases * 2L || fired != cases * 2 || failed != 0 || left != 0 || outbox != cases * 2L)
                {
                    throw new InvalidOperationException(
                        $"DUPLICATES OR LOSSES with {workers} worker(s): {duplicates} timers fired more than once, {twice} versions written twice, {sent:N0} reminders sent and {fired:N0} fired for {cases * 2:N0} timers, {outbox:N0} letters, {left} due timers left, {failed} failures.");
                }

                return elapsed;
            }
            finally
            {
                foreach (var s in stores)
                {
                    await s.DisposeAsync();
                }
            }
        }
        finally
        {
            server.Drop(copy);
        }
    }

    // ---- 9c. pgSweep1MVs10k ---------------------------------------------------------------------------------------------

    private static async Task SweepScalingAsync(PgServer server, CompareSizes sizes, Dictionary<string, object?> results)
    {
        const int dueCases = Compare.SweepDueCases;
        var large = sizes.PgOpenCases;
        var smallDb = Name("open10k");
        var largeDb = Name("openlarge");
        try
        {
            var smallBuild = await OpenCasesAsync(server, smallDb, 10_000, dueCases);
            var largeBuild = await OpenCasesAsync(server, largeDb, large, dueCases);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   9c. stores of 10,000 and {large:N0} open cases (+{dueCases} due appeals) built in {smallBuild.TotalSeconds:N0} s and {largeBuild.TotalSeconds:N0} s"));
            results["pgOpenCasesBuildSeconds"] = Round(largeBuild.TotalSeconds);
            var (sweepSmall, sweepLarge, claimSmall, claimLarge) = (new List<TimeSpan>(), new List<TimeSpan>(), new List<TimeSpan>(), new List<TimeSpan>());
            for (var r = 0; r < (sizes.Quick ? 2 : 3); r++)
            {
                var (c, s) = await OpenSweepAsync(server, smallDb, dueCases);
                claimSmall.Add(c);
                sweepSmall.Add(s);
                (c, s) = await OpenSweepAsync(server, largeDb, dueCases);
                claimLarge.Add(c);
                sweepLarge.Add(s);
            }

            var (ss, sl, cs, cl) = (Median(sweepSmall), Median(sweepLarge), Median(claimSmall), Median(claimLarge));
            var largeName = large >= 1_000_000 && large % 1_000_000 == 0 ? $"{large / 1_000_000}M" : $"{large / 1000}k";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"       sweep of {dueCases * 3:N0} due timers: among 10,000 {ss.TotalMilliseconds:N0} ms, among {large:N0} {sl.TotalMilliseconds:N0} ms: pgSweep{largeName}Vs10k {sl / ss:0.00}; the first claim alone (find and claim all due): {cs.TotalMilliseconds:N1} ms / {cl.TotalMilliseconds:N1} ms, x{cl / cs:0.00}"));
            results["pgLargeOpenCases"] = large;
            results["pgSweep10kMs"] = Round(ss.TotalMilliseconds);
            results["pgSweepLargeMs"] = Round(sl.TotalMilliseconds);
            results["pgClaim10kMs"] = Round(cs.TotalMilliseconds);
            results["pgClaimLargeMs"] = Round(cl.TotalMilliseconds);
            results["pgSweep1MVs10k"] = results[$"pgSweep{largeName}Vs10k"] = Round(sl / ss);
            results["pgClaim1MVs10k"] = results[$"pgClaim{largeName}Vs10k"] = Round(cl / cs);
        }
        finally
        {
            server.Drop(smallDb);
            server.Drop(largeDb);
        }
    }

    // The due appeals registered through the engine (their three timers due at the sweep); one open appeal registered and
    // assigned through the engine in 2024 (its timers after the sweep) as the template; the background made by copying the
    // template's rows in SQL under new ids — its case row (a reference of its own), its history, its timers, its keys and
    // its report facts — so the store loads each as the real case it is. Then VACUUM ANALYZE, as a server does on its own.
    private static async Task<TimeSpan> OpenCasesAsync(PgServer server, string db, int background, int dueCases)
    {
        var watch = Stopwatch.StartNew();
        server.Create(db);
        var connectionString = server.ConnectionString(db);
        await RegisterAsync(connectionString, dueCases, Instant.FromUtc(2023, 1, 31, 8, 0));
        var registry = new WorkflowRegistry([Lifecycle.NewWorkflow()]);
        var templateId = CaseId.New();
        await using (var store = new PostgreSqlCaseStore(new PostgreSqlStoreOptions { ConnectionString = connectionString }, registry.EventTypes))
        {
            var engine = new WorkflowEngine(store, registry);
            var at = Instant.FromUtc(2024, 1, 31, 8, 0);
            foreach (var result in new[]
            {
                await engine.ExecuteAsync(new RegisterAppeal
                {
                    CommandId = Command.NewId(), CaseId = templateId, Actor = Clerk, At = at, Kind = AppealKind.Application,
                    Applicants = [new Applicant("Шаблонний Тарас Петрович", "м. Житомир")], Subject = "Ремонт дороги",
                }),
                await engine.ExecuteAsync(new AssignExecutor { CommandId = Command.NewId(), CaseId = templateId, Actor = Head, At = at, Executor = "Бондар Сергій" }),
            })
            {
                if (result.Status != CommandStatus.Accepted)
                {
                    throw new InvalidOperationException($"The template appeal was refused: {result.Message}");
                }
            }
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var template = templateId.Value.ToString();
        foreach (var sql in new[]
        {
            "SET search_path = council",
            "SET synchronous_commit = off",
            $"CREATE TEMP TABLE ids AS SELECT n, gen_random_uuid() AS id FROM generate_series(2, {background}) n",
            "INSERT INTO cases (council, id, kind, state, version, is_open, reference, reference_key, due_at, assignee, assignee_key, priority, keys, created_at, updated_at) " +
            "SELECT c.council, i.id, c.kind, c.state, c.version, c.is_open, c.reference || '.' || i.n, c.reference_key || '.' || i.n, c.due_at, c.assignee, c.assignee_key, c.priority, c.keys, c.created_at, c.updated_at " +
            $"FROM ids i CROSS JOIN cases c WHERE c.id = '{template}'",
            "INSERT INTO events (council, case_id, version, at, recorded_at, type, state, by_name, by_role, by_account, reason, legal_basis, command_id, data) " +
            "SELECT e.council, i.id, e.version, e.at, e.recorded_at, e.type, e.state, e.by_name, e.by_role, e.by_account, e.reason, e.legal_basis, gen_random_uuid(), e.data " +
            $"FROM ids i CROSS JOIN events e WHERE e.case_id = '{template}'",
            "INSERT INTO timers (council, case_id, kind, due_at, state, version) SELECT t.council, i.id, t.kind, t.due_at, t.state, t.version " +
            $"FROM ids i CROSS JOIN timers t WHERE t.case_id = '{template}'",
            $"INSERT INTO case_keys (council, key, created_at, case_id) SELECT k.council, k.key, k.created_at, i.id FROM ids i CROSS JOIN case_keys k WHERE k.case_id = '{template}'",
            "INSERT INTO case_facts (council, case_id, kind, created_at, state, facts) SELECT f.council, i.id, f.kind, f.created_at, f.state, f.facts " +
            $"FROM ids i CROSS JOIN case_facts f WHERE f.case_id = '{template}'",
        })
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 3600 };
            await command.ExecuteNonQueryAsync();
        }

        await using (var vacuum = new NpgsqlCommand("VACUUM ANALYZE", connection) { CommandTimeout = 3600 })
        {
            await vacuum.ExecuteNonQueryAsync();
        }

        var open = await ScalarAsync(connection, "SELECT count(*) FROM council.cases WHERE is_open");
        var pending = await ScalarAsync(connection, $"SELECT count(*) FROM council.timers WHERE due_at > {SweepAt.ToUnixTimeTicks()}");
        if (open != background + dueCases || pending != background * 3L)
        {
            throw new InvalidOperationException($"The store holds {open:N0} open cases and {pending:N0} later timers, not {background + dueCases:N0} and {background * 3L:N0}.");
        }

        // One background case read back through the store, as a worker would load it.
        await using (var store = new PostgreSqlCaseStore(new PostgreSqlStoreOptions { ConnectionString = connectionString }, registry.EventTypes))
        {
            var id = await ScalarGuidAsync(connection, "SELECT id FROM ids WHERE n = 2");
            var history = await store.LoadHistoryAsync(new CaseId(id));
            var appeal = Appeal.Replay(history);
            if (history.Count != 2 || appeal.State != AppealState.UnderConsideration)
            {
                throw new InvalidOperationException($"A copied case reads back as {history.Count} events in state {appeal.State}.");
            }
        }

        return watch.Elapsed;
    }

    // On a fresh file copy (checkpointed, then copied by the server): the first claim alone, released, then the worker's
    // sweep (TimerSweeper over the store) timed; each due case fires its deadline and decides its two late reminders.
    private static async Task<(TimeSpan Claim, TimeSpan Sweep)> OpenSweepAsync(PgServer server, string db, int dueCases)
    {
        var copy = Name("sweep");
        server.Create(copy, db);
        try
        {
            var registry = new WorkflowRegistry([Lifecycle.NewWorkflow()]);
            await using var store = new PostgreSqlCaseStore(new PostgreSqlStoreOptions { ConnectionString = server.ConnectionString(copy) }, registry.EventTypes);
            var engine = new WorkflowEngine(store, registry);
            var now = engine.Clock.GetCurrentInstant();
            var watch = Stopwatch.StartNew();
            var claimed = await store.ClaimDueTimersAsync(SweepAt, 512, new TimerClaim("probe", now, now + Duration.FromMinutes(5)));
            var claim = watch.Elapsed;
            await store.ReleaseClaimsAsync("probe");
            if (claimed.Count != 512)
            {
                throw new InvalidOperationException($"The claim took {claimed.Count} timers, not 512.");
            }

            watch.Restart();
            var report = await new TimerSweeper(engine).SweepAsync(SweepAt);
            var sweep = watch.Elapsed;
            return report is { Failed: 0 } && report.Fired == dueCases && report.Fired + report.Ignored == dueCases * 3
                ? (claim, sweep)
                : throw new InvalidOperationException($"The sweep decided {report.Total} timers ({report.Fired} fired, {report.Ignored} ignored, {report.Failed} failed), not {dueCases * 3} ({dueCases} fired).");
        }
        finally
        {
            server.Drop(copy);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------------------

    private static string Name(string what) => $"bench_{what}_{Guid.NewGuid():N}"[..Math.Min(60, 7 + what.Length + 13)];

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 3600 };
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task<Guid> ScalarGuidAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (Guid)(await command.ExecuteScalarAsync())!;
    }

    private static TimeSpan Median(List<TimeSpan> times)
    {
        var sorted = times.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static double Round(double value) => Math.Round(value, 2);

    // Npgsql's command log (category Npgsql.Command, with parameter values): every command completed between Start and
    // Stop, in the order they completed, each with the connection (Npgsql's connector) it ran on — one log for the whole
    // run, whichever async flow sent the command.
    internal static class Capture
    {
        private static readonly Lock Gate = new();
        private static List<Entry>? s_log;

        public sealed record Entry(int Connector, List<(string Sql, object?[] Values)> Commands);

        public static void Start()
        {
            lock (Gate)
            {
                s_log = [];
            }
        }

        public static List<Entry> Stop()
        {
            lock (Gate)
            {
                var log = s_log ?? throw new InvalidOperationException("The capture was not started.");
                s_log = null;
                return log;
            }
        }

        private static readonly ILoggerFactory Factory = LoggerFactory.Create(b => b.AddProvider(new Provider()).SetMinimumLevel(LogLevel.Information));

        // The store makes its data source from its connection string, with no logging (Npgsql's global logging setting does
        // not reach data sources). The benchmark swaps in one made the same way (the store's search path and command
        // timeout) with the command log and parameter values on. Reflection, because the store has no option for it; if
        // the field is renamed this fails loudly.
        public static async Task LogAsync(PostgreSqlCaseStore store, string connectionString)
        {
            var field = typeof(PostgreSqlCaseStore).GetField("_dataSource", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)
                ?? throw new InvalidOperationException("PostgreSqlCaseStore has no _dataSource field any more: the capture of its writes needs another way in.");
            var old = (NpgsqlDataSource)field.GetValue(store)!;
            var builder = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = store.Schema, CommandTimeout = 30 }.ConnectionString);
            builder.UseLoggerFactory(Factory).EnableParameterLogging();
            field.SetValue(store, builder.Build());
            await old.DisposeAsync();
        }

        private sealed class Provider : ILoggerProvider
        {
            public ILogger CreateLogger(string categoryName) => categoryName == "Npgsql.Command" ? new Logger() : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

            public void Dispose()
            {
            }
        }

        private sealed class Logger : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            // Npgsql decides once, when a data source is made, whether it logs commands: always yes; kept between Start and Stop.
            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (Volatile.Read(ref s_log) is null || state is not IReadOnlyList<KeyValuePair<string, object?>> fields)
                {
                    return;
                }

                int? connector = null;
                string? text = null;
                IEnumerable? parameters = null;
                var commands = new List<(string, object?[])>();
                foreach (var (key, value) in fields)
                {
                    switch (key)
                    {
                        case "BatchCommands" when value is Array batch:
                            foreach (var item in batch)
                            {
                                if (item is not ITuple { Length: 2 } tuple || tuple[0] is not string sql)
                                {
                                    throw new InvalidOperationException($"Npgsql logged a batch without parameters ({item}): parameter logging is off.");
                                }

                                commands.Add((sql, tuple[1] is IEnumerable values ? [.. values.Cast<object?>()] : []));
                            }

                            break;
                        case "CommandText":
                            text = value as string;
                            break;
                        case "Parameters":
                            parameters = value as IEnumerable;
                            break;
                        case "ConnectorId" when value is int id:
                            connector = id;
                            break;
                    }
                }

                if (text is not null)
                {
                    commands.Add((text, parameters is null ? [] : [.. parameters.Cast<object?>()]));
                }

                if (commands.Count == 0)
                {
                    return;
                }

                var entry = new Entry(connector ?? throw new InvalidOperationException("Npgsql logged a command without its connector id."), commands);
                lock (Gate)
                {
                    s_log?.Add(entry);
                }
            }
        }
    }
}
