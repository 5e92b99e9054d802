using Ardalis.GuardClauses;
using Council.Workflows.Engine;
using Council.Workflows.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SQLite store.</summary>
public static class SqliteServiceCollectionExtensions
{
    /// <summary>
    /// Uses the SQLite store (one file, created and migrated on first use) as the <see cref="ICaseStore"/>, in place of the
    /// in-memory default, with its options (<see cref="SqliteStoreOptions"/>) validated at start like
    /// <c>AddCouncilWorkflows</c>'s: every invalid one named. Call with <c>AddCouncilWorkflows</c>, before or after it. Safe
    /// to call twice: the store is registered once, and every <paramref name="configure"/> given is applied in order.
    /// </summary>
    public static IServiceCollection AddCouncilWorkflowsSqlite(this IServiceCollection services, Action<SqliteStoreOptions>? configure = null)
    {
        Guard.Against.Null(services);
        var options = services.AddOptions<SqliteStoreOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStoreOptions>, SqliteStoreOptionsValidator>());
        services.TryAddSingleton(sp => new SqliteCaseStore(sp.GetRequiredService<IOptions<SqliteStoreOptions>>().Value, sp.GetRequiredService<WorkflowRegistry>().EventTypes));
        services.RemoveAll<ICaseStore>();
        services.AddSingleton<ICaseStore>(sp => sp.GetRequiredService<SqliteCaseStore>());
        services.RemoveAll<Council.Workflows.Accounts.IAccountStore>();
        services.AddSingleton<Council.Workflows.Accounts.IAccountStore>(sp => new SqliteAccountStore(sp.GetRequiredService<SqliteCaseStore>()));
        return services;
    }
}

internal sealed class SqliteStoreOptionsValidator : IValidateOptions<SqliteStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteStoreOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            failures.Add("SqliteStoreOptions.Path (Store:Path) must name the database file.");
        }

        if (!Enum.IsDefined(options.Durability))
        {
            failures.Add($"SqliteStoreOptions.Durability (Store:Durability) is {(int)options.Durability}: use full or normal.");
        }

        if (options.BusyTimeout < TimeSpan.Zero || options.BusyTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"SqliteStoreOptions.BusyTimeout (Store:BusyTimeout) is {options.BusyTimeout}: it must be from 0 to 10 minutes.");
        }

        if (options.MaxBatch is < 1 or > 100_000)
        {
            failures.Add($"SqliteStoreOptions.MaxBatch (Store:MaxBatch) is {options.MaxBatch}: it must be from 1 to 100,000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
