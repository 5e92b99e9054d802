using System.Globalization;
using System.CommandLine;
using Council.Workflows.Awards;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;
using Council.Workflows.Reporting;
using Council.Workflows.Simulation;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Command = System.CommandLine.Command;

namespace Council.Workflows.Host.Cli;

/// <summary><c>council demo</c>: one realistic year built through the engine, then its report.</summary>
internal static class DemoCommand
{
    private static readonly TextSource T = new("Verbs");

    private static readonly string[] DatabaseFiles = ["", "-wal", "-shm"];

    public static Command Create(CliOutput output)
    {
        var seed = new Option<int>("--seed") { Description = T["Demo.Opt.seed"], DefaultValueFactory = _ => 2023, HelpName = "N" };
        var scale = new Option<double>("--scale") { Description = T["Demo.Opt.scale"], DefaultValueFactory = _ => 1.0, HelpName = "X" };
        var replace = new Option<bool>("--replace") { Description = T["Demo.Opt.replace"] };
        var format = ReportCommand.Format();
        var file = new Option<string?>("--out") { Description = T["Demo.Opt.out"], HelpName = "FILE" };
        var command = new Command(
            "demo",
            T["Help.demo"])
        {
            seed, scale, replace, format, file,
        };
        command.SetAction(output.Guarded(async (parse, ct) =>
        {
            var factor = parse.GetValue(scale);
            if (factor is <= 0 or > 100 || double.IsNaN(factor))
            {
                throw new CliException(T["Demo.Msg.Scale"]);
            }

            var reportPath = CliParsing.OutputFile("--out", parse.GetValue(file));
            if (StaffSession.Settings(parse).IsPostgreSql)
            {
                throw new CliException(T["Demo.Msg.PostgreSql"]);
            }

            var path = StaffSession.DatabasePath(parse);
            if (File.Exists(path) && await IsWorkingAsync(path).ConfigureAwait(false))
            {
                // A council's record is never overwritten by a simulated year, nor mixed with one.
                throw new CliException(T.Format("Demo.Msg.Working", path));
            }

            if (File.Exists(path) && await HasCasesAsync(path).ConfigureAwait(false))
            {
                if (!parse.GetValue(replace))
                {
                    throw new CliException(T.Format("Demo.Msg.HoldsCases", path));
                }

                SqliteConnection.ClearAllPools();
                foreach (var suffix in DatabaseFiles)
                {
                    File.Delete(path + suffix);
                }
            }

            var (code, report) = await BuildYearAsync(parse, output, factor, parse.GetValue(seed), ct).ConfigureAwait(false);
            await ReportCommand.WriteAsync(output, report, parse.GetValue(format)!, Language.IsUkrainian, reportPath, ct).ConfigureAwait(false);
            return code;
        }));
        return command;
    }

    /// <summary>Builds the demo year into the (new or emptied) simulation database; returns the exit code and the year's report.</summary>
    internal static async Task<(int Code, YearReport Report)> BuildYearAsync(ParseResult parse, CliOutput output, double factor, int seed, CancellationToken ct)
    {
        // The demo's data can be rebuilt from its seed, so it is written without waiting for the disk on every commit.
        await using var session = StaffSession.Open(parse, create: true, durability: Sqlite.Durability.Normal, simulation: true);
        var profile = YearProfile.Zhytomyr2023.Scaled(factor) with { Seed = seed };
        var awards = session.Get<IOptions<CouncilWorkflowsOptions>>().Value.Awards;
        var simulation = new YearSimulation(session.Engine, session.Get<DeadlineCalculator>(), session.Get<AwardsCoordinator>(), awards);
        var started = System.Diagnostics.Stopwatch.StartNew();
        output.Progress(T.Format("Demo.Msg.Building", profile.Year, session.Path, profile.Appeals, profile.Meetings, profile.Petitions, profile.Nominees));
        var month = 0;
        var result = await simulation.RunAsync(profile, new SyncProgress<SimulationProgress>(p =>
        {
            if (p.Date.Month != month && p.Date.Year == profile.Year)
            {
                month = p.Date.Month;
                output.Progress(T.Format("Demo.Msg.Month", p.Date.ToString("uuuu-MM", CultureInfo.InvariantCulture), p.Commands, p.TimersFired, started.Elapsed.TotalSeconds.ToString("0.0", Language.Numbers)));
            }
        }), ct).ConfigureAwait(false);
        output.Progress(T.Format("Demo.Msg.Done", result.Commands, result.TimersFired, result.Refused, started.Elapsed.TotalSeconds.ToString("0.0", Language.Numbers)));
        var report = await session.Get<YearReportBuilder>().BuildAsync(profile.Year, null, ct).ConfigureAwait(false);
        return (result.Refused == 0 ? CouncilCli.Ok : CouncilCli.Failure, report);
    }

    // A file with a Council.Workflows schema is working unless it says it is a simulation (files from before schema 5 are
    // working); an empty file or one without tables is not a record yet.
    private static async Task<bool> IsWorkingAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT count(*) FROM sqlite_master WHERE name = 'cases'), (SELECT count(*) FROM sqlite_master WHERE name = 'store_info')";
        await using (var reader = await command.ExecuteReaderAsync().ConfigureAwait(false))
        {
            await reader.ReadAsync().ConfigureAwait(false);
            if (reader.GetInt64(0) == 0)
            {
                return false;
            }

            if (reader.GetInt64(1) == 0)
            {
                return true;
            }
        }

        command.CommandText = "SELECT count(*) FROM store_info WHERE key = 'mode' AND value = 'simulation'";
        return (long)(await command.ExecuteScalarAsync().ConfigureAwait(false))! == 0;
    }

    private static async Task<bool> HasCasesAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'cases'";
        if ((long)(await command.ExecuteScalarAsync().ConfigureAwait(false))! == 0)
        {
            return false;
        }

        command.CommandText = "SELECT EXISTS (SELECT 1 FROM cases)";
        return (long)(await command.ExecuteScalarAsync().ConfigureAwait(false))! == 1;
    }

    // Progress<T> posts to the thread pool; this reports in order, on the caller's thread.
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
