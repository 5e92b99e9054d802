using System.CommandLine;
using Council.Workflows.Sqlite;
using Command = System.CommandLine.Command;

namespace Council.Workflows.Host.Cli;

/// <summary><c>council init</c>: create (or migrate) the database file.</summary>
internal static class InitCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("init", "Create the database file (or bring an older one up to date). Other verbs that write create it too.");
        command.SetAction(output.Guarded(async (parse, _) =>
        {
            var existed = File.Exists(StaffSession.DatabasePath(parse));
            await using var session = StaffSession.Open(parse, create: true);
            if (session.Json)
            {
                output.WriteJson(new { path = session.Path, schemaVersion = SqliteCaseStore.SchemaVersion, created = !existed });
            }
            else
            {
                output.Line($"{(existed ? "Up to date" : "Created")}: {session.Path} (schema version {SqliteCaseStore.SchemaVersion}).");
            }

            return CouncilCli.Ok;
        }));
        return command;
    }
}
