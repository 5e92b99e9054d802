using Ardalis.GuardClauses;
using Council.Workflows.Engine;
using Council.Workflows.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SQLite store.</summary>
public static class SqliteServiceCollectionExtensions
{
    /// <summary>
    /// Uses the SQLite store (one file, created and migrated on first use) as the <see cref="ICaseStore"/>, in place of the
    /// in-memory default. Call with <c>AddCouncilWorkflows</c>, before or after it.
    /// </summary>
    public static IServiceCollection AddCouncilWorkflowsSqlite(this IServiceCollection services, Action<SqliteStoreOptions>? configure = null)
    {
        Guard.Against.Null(services);
        var options = new SqliteStoreOptions();
        configure?.Invoke(options);
        services.RemoveAll<SqliteCaseStore>();
        services.AddSingleton(sp => new SqliteCaseStore(options, sp.GetRequiredService<WorkflowRegistry>()));
        services.RemoveAll<ICaseStore>();
        services.AddSingleton<ICaseStore>(sp => sp.GetRequiredService<SqliteCaseStore>());
        return services;
    }
}
