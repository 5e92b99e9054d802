using System.CommandLine;
using System.Diagnostics;
using Council.Workflows.Engine;
using Council.Workflows.Host.Configuration;
using Council.Workflows.Host.Import;
using Council.Workflows.PostgreSql;
using Council.Workflows.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Command = System.CommandLine.Command;

namespace Council.Workflows.Host.Cli;

/// <summary>
/// <c>council store copy --from FILE --to CONNECTION</c>: moves a council's SQLite file into a PostgreSQL database, in one
/// transaction, then checks it through both stores; a copy that does not check is deleted again.
/// </summary>
internal static class StoreCommand
{
    private static readonly TextSource T = new("Verbs");

    public static Command Create(CliOutput output)
    {
        var from = new Option<string>("--from") { Description = T["Store.Opt.from"], HelpName = "FILE", Required = true };
        var to = new Option<string>("--to") { Description = T["Store.Opt.to"], HelpName = "CONNECTION", Required = true };
        var copy = new Command("copy", T["Help.store.copy"]) { from, to };
        copy.SetAction(output.Guarded(async (parse, ct) =>
        {
            var path = Path.GetFullPath(parse.GetValue(from)!);
            var connection = parse.GetValue(to)!;
            if (!File.Exists(path))
            {
                throw new CliException(T.Format("Store.Msg.NoFile", path));
            }

            if (!CouncilSettings.IsConnectionString(connection))
            {
                throw new CliException(T["Store.Msg.NotPostgreSql"]);
            }

            switch (await StoreCopy.SchemaVersionOfAsync(path, ct).ConfigureAwait(false))
            {
                case null or 0:
                    throw new CliException(T.Format("Store.Msg.NotAStore", path), CouncilCli.Failure);
                case { } version when version < SqliteCaseStore.SchemaVersion:
                    throw new CliException(T.Format("Store.Msg.Older", path, version, SqliteCaseStore.SchemaVersion), CouncilCli.Failure);
                case { } version when version > SqliteCaseStore.SchemaVersion:
                    throw new CliException(T.Format("Store.Msg.Newer", path, version, SqliteCaseStore.SchemaVersion), CouncilCli.Failure);
                default:
                    break;
            }

            // The council's settings are the file's (appsettings.json beside it, --config, --set); the council copied into is
            // theirs (DefaultCouncil), or the one --council names, as every verb's --council names the council served on
            // PostgreSQL (the file's cases must be that council's: checked below).
            var settings = CouncilSettings.Load(parse.GetValue(GlobalOptions.Config), path, StaffSession.Sets(parse));
            var council = StaffSession.ServedCouncil(settings);
            var others = (await StoreCopy.CouncilsOfAsync(path, ct).ConfigureAwait(false)).Where(c => c != council).ToList();
            if (others.Count > 0)
            {
                // A case's council is in its history: copied under another name, it could never be acted on again.
                throw new CliException(T.Format("Store.Msg.OtherCouncil", path, string.Join(", ", others), council));
            }

            var clock = Stopwatch.StartNew();
            var options = new CouncilWorkflowsOptions();
            settings.Bind(options, null);
            await using var services = new ServiceCollection().AddCouncilWorkflows(o => settings.Bind(o, null)).BuildServiceProvider();
            var eventTypes = services.GetRequiredService<WorkflowRegistry>().EventTypes;
            await using var source = new SqliteCaseStore(new SqliteStoreOptions { Path = path, ReadOnly = true }, eventTypes);

            // The target schema made or brought up to date by the store itself, with its rules: a simulation file goes only
            // into a simulation schema (a new schema becomes one), a working file never into a simulation schema.
            await using var target = new PostgreSqlCaseStore(
                new PostgreSqlStoreOptions { ConnectionString = connection, Council = council, Simulation = source.IsSimulation, CreateIfMissing = true }, eventTypes);
            if (target.IsSimulation && !source.IsSimulation)
            {
                throw new CliException(T.Format("Store.Msg.SimulationSchema", path), CouncilCli.Refused);
            }

            output.Progress(T.Format("Store.Msg.Copying", path, council));
            if (council == new CouncilWorkflowsOptions().DefaultCouncil)
            {
                // The file's settings never named its council: its cases carry the name `default`, and one database holds one
                // such council. Copied as it is (the cases' name cannot change), but said, so the operator knows.
                output.Progress(T["Store.Msg.DefaultCouncil"]);
            }

            var (counts, occupied) = await StoreCopy.CopyAsync(path, connection, target.Schema, council, ct).ConfigureAwait(false);
            if (counts is null)
            {
                throw new CliException(T.Format("Store.Msg.Occupied", council, occupied), CouncilCli.Refused);
            }

            // Checked after the commit, through both stores' own reads (what the program will see); a copy that does not
            // check is deleted again in one transaction, so nothing of it remains.
            var differences = await StoreCopy.VerifyAsync(path, source, target, new SqliteAccountStore(source), new PostgreSqlAccountStore(target), ct).ConfigureAwait(false);
            var verified = differences.Count == 0;
            if (!verified)
            {
                await StoreCopy.DeleteCouncilAsync(connection, target.Schema, council, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                // In the register of councils with its name and whether it shares the installation's report, as init and every
                // start record it: an oblast's report counts it from now, not from its first start on PostgreSQL.
                await target.RecordCouncilAsync(options.OrganisationName, settings.Reports.ShareWithInstallation, services.GetRequiredService<NodaTime.IClock>().GetCurrentInstant(), ct).ConfigureAwait(false);
            }

            var seconds = Math.Round(clock.Elapsed.TotalSeconds, 1);
            if (parse.GetValue(GlobalOptions.Json))
            {
                output.WriteJson(new { cases = counts.Cases, events = counts.Events, accounts = counts.Accounts, seconds, verified, council, differences });
            }
            else if (verified)
            {
                output.Line(T.Format("Store.Msg.Copied", counts.Cases, counts.Events, counts.Accounts, council, seconds.ToString("0.0", Language.Numbers)));
            }

            if (!verified)
            {
                output.Error(T.Format("Store.Msg.Mismatch", council));
                foreach (var difference in differences.Take(10))
                {
                    output.Error("  " + difference);
                }

                return CouncilCli.Failure;
            }

            return CouncilCli.Ok;
        }));
        return new Command("store", T["Help.store"]) { copy };
    }
}
