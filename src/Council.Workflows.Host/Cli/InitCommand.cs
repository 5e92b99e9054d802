using System.CommandLine;
using Council.Workflows.Sqlite;
using Command = System.CommandLine.Command;

namespace Council.Workflows.Host.Cli;

/// <summary><c>council init</c>: create (or migrate) the database file.</summary>
internal static class InitCommand
{
    private static readonly TextSource T = new("Verbs");

    public static Command Create(CliOutput output)
    {
        var simulation = new Option<bool>("--simulation")
        {
            Description = T["Init.Opt.simulation"],
        };
        var command = new Command(
            "init",
            T["Help.init"])
        {
            simulation,
        };
        command.SetAction(output.Guarded(async (parse, ct) =>
        {
            var existed = StaffSession.Settings(parse).StoreExists();
            await using var session = StaffSession.Open(parse, create: true, simulation: parse.GetValue(simulation), newCouncil: true);
            // On PostgreSQL the schema may have been there before while the council is new in it: say which was made.
            var newCouncil = session.Store is PostgreSql.PostgreSqlCaseStore postgres && !await postgres.KnowsCouncilAsync(ct).ConfigureAwait(false)
                ? postgres.Council
                : null;
            await session.RecordCouncilAsync(StaffSession.Settings(parse), ct).ConfigureAwait(false);
            var mode = session.IsSimulation ? "simulation" : "working";
            if (session.Json)
            {
                output.WriteJson(new { path = session.Path, schemaVersion = StaffSession.Settings(parse).IsPostgreSql ? PostgreSql.PostgreSqlCaseStore.SchemaVersion : SqliteCaseStore.SchemaVersion, created = !existed, councilCreated = newCouncil is not null, mode });
            }
            else
            {
                output.Line(T.Format(existed ? "Init.Msg.UpToDate" : "Init.Msg.Created", session.Path, StaffSession.Settings(parse).IsPostgreSql ? PostgreSql.PostgreSqlCaseStore.SchemaVersion : SqliteCaseStore.SchemaVersion, T[$"Init.Mode.{mode}"]));
                if (newCouncil is not null)
                {
                    output.Line(T.Format("Init.Msg.CouncilMade", newCouncil));
                }
            }

            return CouncilCli.Ok;
        }));
        return command;
    }
}
