using System.CommandLine;
using Council.Workflows.Host.Configuration;
using Council.Workflows.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Command = System.CommandLine.Command;

namespace Council.Workflows.Host.Cli;

/// <summary><c>council config show|check</c>: the council's effective settings and where each came from; a settings file checked.</summary>
internal static class ConfigCommand
{
    private static readonly TextSource T = new("Verbs");

    public static Command Create(CliOutput output)
    {
        var command = new Command(
            "config",
            T["Help.config"])
        {
            Show(output),
            Check(output),
        };
        return command;
    }

    private static Command Show(CliOutput output)
    {
        var command = new Command(
            "show",
            T["Help.config-show"]);
        command.SetAction(output.Guarded((parse, _) =>
        {
            var settings = StaffSession.Settings(parse);
            var (council, store) = Validated(settings);
            var lines = settings.Effective(council, store, settings.Configuration["Acting:Name"], settings.Configuration["Acting:Role"]).ToList();
            // --as and --role act for this command over the settings: shown as what a command given them would use.
            for (var i = 0; i < lines.Count; i++)
            {
                if (lines[i].Key == "Acting:Name" && parse.GetValue(GlobalOptions.As) is { } name)
                {
                    lines[i] = (lines[i].Key, name, "--as");
                }
                else if (lines[i].Key == "Acting:Role" && parse.GetValue(GlobalOptions.Role) is { } role)
                {
                    lines[i] = (lines[i].Key, OfficeWords.Canonical(role), "--role");
                }
            }

            if (parse.GetValue(GlobalOptions.Json))
            {
                output.WriteJson(new
                {
                    file = settings.File,
                    database = settings.IsPostgreSql ? settings.Database(StaffSession.ServedCouncil(settings)) : settings.DatabasePath,
                    settings = lines.Select(l => new { key = l.Key, value = AsJson(l.Value), source = l.Source }),
                });
            }
            else
            {
                output.Line(T.Format("Config.Msg.File", settings.File ?? T.Format("Config.Msg.NoFile", CouncilSettings.FileName)));
                output.Line(T.Format("Config.Msg.Database", settings.IsPostgreSql ? settings.Database(StaffSession.ServedCouncil(settings)) : settings.DatabasePath));
                var width = lines.Max(l => l.Key.Length);
                foreach (var (key, value, source) in lines)
                {
                    output.Line($"{key.PadRight(width)} = {value}   [{source}]");
                }
            }

            return Task.FromResult(CouncilCli.Ok);
        }));
        return command;
    }

    private static Command Check(CliOutput output)
    {
        var file = new Argument<string>("file") { Description = T["Config.Arg.file"] };
        var command = new Command(
            "check",
            T["Help.config-check"])
        {
            file,
        };
        command.SetAction(output.Guarded((parse, _) =>
        {
            var path = System.IO.Path.GetFullPath(parse.GetValue(file)!);
            if (!System.IO.File.Exists(path))
            {
                throw new CliException(T.Format("Config.Msg.Missing", path));
            }

            var settings = CouncilSettings.Load(path, null, [], new Dictionary<string, string?>());
            Validated(settings);
            output.Line(T.Format("Config.Msg.Valid", settings.File));
            return Task.FromResult(CouncilCli.Ok);
        }));
        return command;
    }

    // The settings bound and checked as the verbs would: each problem one line (a CliException or the options' own rules).
    // A value shown as JSON text (a list, a number, true or false) is written as that JSON value; other text as a string.
    private static object? AsJson(string? value)
    {
        if (value is null)
        {
            return null;
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(value);
            return document.RootElement.ValueKind is System.Text.Json.JsonValueKind.String ? value : document.RootElement.Clone();
        }
        catch (System.Text.Json.JsonException)
        {
            return value;
        }
    }

    private static (CouncilWorkflowsOptions Council, SqliteStoreOptions Store) Validated(CouncilSettings settings)
    {
        CouncilComposition.Check(settings);
        using var services = new ServiceCollection().AddCouncilWorkflows(o => settings.Bind(o, null)).BuildServiceProvider();
        var council = services.GetRequiredService<IOptions<CouncilWorkflowsOptions>>().Value;
        var store = new SqliteStoreOptions();
        settings.Bind(new CouncilWorkflowsOptions(), store);
        store.Path = settings.IsPostgreSql ? settings.Database(council.DefaultCouncil) : settings.DatabasePath;
        return (council, store);
    }
}
