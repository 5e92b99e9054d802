using System.Diagnostics;
using System.Globalization;
using Council.Workflows.Appeals;
using Council.Workflows.Engine;
using Council.Workflows.Sqlite;
using Microsoft.Data.Sqlite;

namespace Council.Workflows.Benchmarks;

// Measurements of whole processes of the host (`council`, copied next to this program): the worker's sweep, the demo
// year, the report. Peak memory is the process's high-water resident set (VmHWM), read until it exits.
internal static class Processes
{
    public sealed record Run(TimeSpan Time, long PeakBytes, string Output);

    /// <summary>A store of <paramref name="background"/> open cases whose timers are years away, plus <paramref name="dueCases"/> registered appeals whose three timers each are due.</summary>
    public static async Task<string> OpenCasesStoreAsync(int background, int dueCases)
    {
        var path = Durable.TempPath($"open-{background}");
        var registry = new WorkflowRegistry([Lifecycle.NewWorkflow()]);
        // A simulation file: the worker sweeps it at a chosen instant (`run --once --at`), which a working file refuses.
        await new SqliteCaseStore(new SqliteStoreOptions { Path = path, Simulation = true }, registry.EventTypes).DisposeAsync();

        // Background: open cases written directly (they are never fired, only stood among).
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            await using var insertCase = connection.CreateCommand();
            insertCase.Transaction = transaction;
            insertCase.CommandText = "INSERT INTO cases (id, kind, council, state, version, is_open, due_at, priority, created_at, updated_at) VALUES ($id, 'appeal', 'default', 'under-consideration', 2, 1, $due, 0, 0, 0)";
            await using var insertTimer = connection.CreateCommand();
            insertTimer.Transaction = transaction;
            insertTimer.CommandText = "INSERT INTO timers (case_id, kind, due_at, state) VALUES ($id, 'deadline-missed:2100-01-01', $due, 'under-consideration')";
            var id = insertCase.Parameters.Add("$id", SqliteType.Blob);
            var due = insertCase.Parameters.Add("$due", SqliteType.Integer);
            var timerId = insertTimer.Parameters.Add("$id", SqliteType.Blob);
            var timerDue = insertTimer.Parameters.Add("$due", SqliteType.Integer);
            var far = Instant.FromUtc(2100, 1, 1, 0, 0).ToUnixTimeTicks();
            for (var i = 0; i < background; i++)
            {
                var bytes = Guid.NewGuid().ToByteArray();
                (id.Value, due.Value, timerId.Value, timerDue.Value) = (bytes, far + i, bytes, far + i);
                await insertCase.ExecuteNonQueryAsync();
                await insertTimer.ExecuteNonQueryAsync();
            }

            // The background rows have no histories to derive rows from: recorded as current, so the engine does not
            // rewrite them (the appeal rows' version, raised to 2 by the word index).
            await using var rowVersion = connection.CreateCommand();
            rowVersion.Transaction = transaction;
            rowVersion.CommandText = "INSERT INTO store_info (key, value) VALUES ('rows:appeal', $version) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
            rowVersion.Parameters.AddWithValue("$version", Lifecycle.NewWorkflow().RowVersion.ToString(CultureInfo.InvariantCulture));
            await rowVersion.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }

        await using (var store = new SqliteCaseStore(new SqliteStoreOptions { Path = path, Durability = Durability.Normal }, registry.EventTypes))
        {
            var engine = new WorkflowEngine(store, registry);
            var clerk = new Official("Петренко Олена", OfficialRole.Clerk);
            await Durable.Lanes(dueCases, async i => await engine.ExecuteAsync(new RegisterAppeal
            {
                CommandId = Command.NewId(), CaseId = CaseId.New(), Actor = clerk, At = Instant.FromUtc(2023, 1, 31, 8, 0), Kind = AppealKind.Application,
                Applicants = [new Applicant(Lifecycle.Applicant(i), "м. Житомир")], Subject = $"Питання {i}",
            }));
        }

        return path;
    }

    /// <summary>A copy of a store file, so a one-shot measurement can be repeated on the same data.</summary>
    public static string Copy(string path)
    {
        var copy = Durable.TempPath("copy");
        using (var source = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            source.Open();
            using var checkpoint = source.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            checkpoint.ExecuteNonQuery();
        }

        File.Copy(path, copy);
        // On disk before anything is timed: a copy still being written back would share the disk with the run's fsyncs.
        using (var written = new FileStream(copy, FileMode.Open, FileAccess.ReadWrite))
        {
            written.Flush(flushToDisk: true);
        }

        return copy;
    }

    /// <summary>Runs <c>council</c> with <paramref name="arguments"/>; fails with its output if it fails.</summary>
    public static Task<Run> CouncilAsync(params string[] arguments)
    {
        var host = Path.Combine(AppContext.BaseDirectory, "council.dll");
        if (!File.Exists(host))
        {
            throw new FileNotFoundException("The host (council.dll) is not next to the benchmarks; build the benchmarks project, which references it.", host);
        }

        return HostAsync(host, arguments);
    }

    /// <summary>Runs the <c>council</c> of <paramref name="host"/> (a council.dll) with <paramref name="arguments"/>; fails with its output if it fails.</summary>
    public static async Task<Run> HostAsync(string host, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(host);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!process.HasExited)
        {
            peak = Math.Max(peak, PeakOf(process));
            await Task.Delay(10);
        }

        await process.WaitForExitAsync();
        var elapsed = watch.Elapsed;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"council {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
        }

        return new Run(elapsed, peak, await output);
    }

    // VmHWM is the high-water mark of the resident set, so the last reading before the exit is the peak up to then.
    private static long PeakOf(Process process)
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    {
                        return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                    }
                }

                return 0;
            }

            process.Refresh();
            return process.PeakWorkingSet64;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>
    /// Grows a store of the demo year to at least <paramref name="cases"/> cases by copying every case (history, row,
    /// keys) under new ids, doubling each round: the report then reads that many real histories.
    /// </summary>
    public static void Multiply(string path, int cases)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandTimeout = 0;
        command.CommandText = "PRAGMA synchronous=OFF; PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
        while (true)
        {
            command.CommandText = "SELECT count(*) FROM cases";
            var count = (long)command.ExecuteScalar()!;
            if (count >= cases)
            {
                return;
            }

            command.CommandText = $"""
                BEGIN;
                CREATE TEMP TABLE map AS SELECT id AS old, randomblob(16) AS new FROM cases LIMIT {cases - count};
                INSERT INTO cases SELECT map.new, kind, council, state, version, is_open, reference, reference_key, due_at, assignee, assignee_key, priority, created_at, updated_at FROM cases JOIN map ON cases.id = map.old;
                INSERT INTO events (case_id, version, at, recorded_at, type, state, by_name, by_role, reason, legal_basis, command_id, data)
                    SELECT map.new, version, at, recorded_at, type, state, by_name, by_role, reason, legal_basis, command_id, data FROM events JOIN map ON events.case_id = map.old;
                INSERT INTO case_keys (key, created_at, case_id) SELECT key, created_at, map.new FROM case_keys JOIN map ON case_keys.case_id = map.old;
                INSERT INTO case_facts (kind, created_at, case_id, council, state, facts) SELECT kind, created_at, map.new, council, state, facts FROM map JOIN case_facts ON case_facts.case_id = map.old;
                DROP TABLE map;
                COMMIT;
                """;
            command.ExecuteNonQuery();
        }
    }
}
