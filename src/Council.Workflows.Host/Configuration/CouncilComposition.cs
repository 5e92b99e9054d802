using Council.Workflows.Host.Cli;
using Council.Workflows.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Council.Workflows.Host.Configuration;

/// <summary>
/// The one composition root: every verb, the worker and (later) the web host register Council.Workflows through it, with
/// the council's settings bound and checked before anything is opened.
/// </summary>
internal static class CouncilComposition
{
    /// <summary>
    /// Registers the workflows and the SQLite store with the council's <paramref name="settings"/>, then
    /// <paramref name="store"/>'s changes (a verb's own: read-only, simulation, durability).
    /// </summary>
    /// <exception cref="CliException">A setting is unknown or not of its kind: one line each, with where it came from.</exception>
    public static IServiceCollection AddCouncil(this IServiceCollection services, CouncilSettings settings, Action<SqliteStoreOptions>? store = null)
    {
        Check(settings);
        services.AddCouncilWorkflows(o =>
        {
            settings.Bind(o, null);
            // The council's register is kept day by day: an act dated more than a month back is refused (README, "The record").
            o.Acts.MaxDaysBack ??= 31;
        });
        if (settings.ConnectionString is { } connection)
        {
            // PostgreSQL: the store serves the council the settings name (DefaultCouncil), its rows apart from every other
            // council's in the same database. A verb's own choices (a new store a simulation, or none made) apply as on SQLite.
            var verb = new SqliteStoreOptions();
            store?.Invoke(verb);
            var council = new CouncilWorkflowsOptions();
            settings.Bind(council, null);
            return services.AddCouncilWorkflowsPostgreSql(o =>
            {
                o.ConnectionString = connection;
                o.Council = council.DefaultCouncil;
                o.Simulation = verb.Simulation;
                o.CreateIfMissing = verb.CreateIfMissing;
            });
        }

        return services
            .AddCouncilWorkflowsSqlite(o =>
            {
                settings.Bind(new CouncilWorkflowsOptions(), o);
                o.Path = settings.DatabasePath;
                store?.Invoke(o);
            });
    }

    /// <summary>Every problem of the settings' binding, as one <see cref="CliException"/> with a line each.</summary>
    public static void Check(CouncilSettings settings)
    {
        // Every problem in one pass: what does not bind, then the rules over what did (so a council fixes its file once).
        var council = new CouncilWorkflowsOptions();
        var problems = settings.Bind(council, new SqliteStoreOptions());
        problems.AddRange(settings.RuleProblems(council));
        if (problems.Count > 0)
        {
            throw new CliException(string.Join("\n", problems.Select(p => $"{new TextSource("Output")["Binder.Prefix"]}: {p}")));
        }

        // The store's own rules, checked before any file is made (the store is not built here, only its options).
        if (settings.ConnectionString is { } connection)
        {
            using var postgres = new ServiceCollection().AddCouncilWorkflowsPostgreSql(o =>
            {
                o.ConnectionString = connection;
                o.Council = council.DefaultCouncil;
            }).BuildServiceProvider();
            _ = postgres.GetRequiredService<Microsoft.Extensions.Options.IOptions<PostgreSql.PostgreSqlStoreOptions>>().Value;
            return;
        }

        using var services = new ServiceCollection().AddCouncilWorkflowsSqlite(o =>
        {
            settings.Bind(new CouncilWorkflowsOptions(), o);
            o.Path = settings.DatabasePath;
        }).BuildServiceProvider();
        _ = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SqliteStoreOptions>>().Value;
    }
}
