using System.CommandLine;
using Microsoft.Data.Sqlite;
using Command = System.CommandLine.Command;

namespace Council.Workflows.Host.Cli;

/// <summary><c>council check</c>: SQLite's own integrity check of the database file, read-only.</summary>
internal static class CheckCommand
{
    private static readonly TextSource T = new("Verbs");

    private const int Shown = 10;

    public static Command Create(CliOutput output)
    {
        var quick = new Option<bool>("--quick") { Description = T["Check.Opt.quick"] };
        var command = new Command(
            "check",
            T["Help.check"])
        {
            quick,
        };
        command.SetAction(output.Guarded(async (parse, ct) =>
        {
            if (StaffSession.Settings(parse).IsPostgreSql)
            {
                throw new CliException(T["Check.Msg.PostgreSql"]);
            }

            var path = StaffSession.DatabasePath(parse);
            if (!File.Exists(path))
            {
                throw new CliException(T.Format("Check.Msg.NoDatabase", path));
            }

            var pragma = parse.GetValue(quick) ? "quick_check" : "integrity_check";
            // SQLite may report several problems in one row, a line each: each is a problem of its own here.
            var problems = (await CheckAsync(path, pragma, ct).ConfigureAwait(false))
                .SelectMany(p => p.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            if (parse.GetValue(GlobalOptions.Json))
            {
                output.WriteJson(new { database = path, check = pragma, ok = problems.Count == 0, problems });
            }
            else if (problems.Count == 0)
            {
                output.Line(T.Format("Check.Msg.Ok", path, pragma));
            }
            else
            {
                output.Line(T.Format(problems.Count >= 100 ? "Check.Msg.DamagedMore" : "Check.Msg.Damaged", path, pragma, problems.Count));
                foreach (var problem in problems.Take(Shown))
                {
                    output.Line($"  {problem}");
                }

                output.Line(T["Check.Msg.Restore"]);
            }

            return problems.Count == 0 ? CouncilCli.Ok : CouncilCli.Failure;
        }));
        return command;
    }

    // The problems SQLite reports (at most 100), none when the file is intact. Damage that stops the check itself is one problem.
    private static async Task<List<string>> CheckAsync(string path, string pragma, CancellationToken cancellationToken)
    {
        try
        {
            return await RunCheckAsync(path, pragma, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (DatabaseFailures.IsReadOnly(e) && !File.Exists(path + "-wal"))
        {
            // A folder or file this user may not write, and no write-ahead log: the file as it is (see SqliteStoreOptions.ReadOnly).
            return await RunCheckAsync(new Uri(path).AbsoluteUri + "?immutable=1", pragma, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<List<string>> RunCheckAsync(string dataSource, string pragma, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        try
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dataSource, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA {pragma}(100);";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var line = reader.GetString(0);
                if (line != "ok")
                {
                    problems.Add(line);
                }
            }
        }
        catch (SqliteException e) when (DatabaseFailures.IsDamaged(e))
        {
            problems.Add(e.Message);
        }

        return problems;
    }
}
