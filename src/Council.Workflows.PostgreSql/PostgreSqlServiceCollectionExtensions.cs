using Ardalis.GuardClauses;
using Council.Workflows.Engine;
using Council.Workflows.PostgreSql;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PostgreSQL store.</summary>
public static class PostgreSqlServiceCollectionExtensions
{
    /// <summary>
    /// Uses the PostgreSQL store (its schema created and migrated on first use) as the <see cref="ICaseStore"/> and the
    /// account store, in place of the in-memory default, bound to one council (<see cref="PostgreSqlStoreOptions.Council"/>),
    /// with its options validated at start like <c>AddCouncilWorkflows</c>'s: every invalid one named. Call with
    /// <c>AddCouncilWorkflows</c>, before or after it. Safe to call twice: the store is registered once, and every
    /// <paramref name="configure"/> given is applied in order.
    /// </summary>
    public static IServiceCollection AddCouncilWorkflowsPostgreSql(this IServiceCollection services, Action<PostgreSqlStoreOptions>? configure = null)
    {
        Guard.Against.Null(services);
        var options = services.AddOptions<PostgreSqlStoreOptions>();
        if (!services.Any(d => d.ServiceType == typeof(CouncilFromEngine)))
        {
            // The store serves the engine's council (CouncilWorkflowsOptions.DefaultCouncil) unless configured otherwise: set
            // first, so every configure given here wins.
            services.AddSingleton<CouncilFromEngine>();
            options.Configure<IOptions<Council.Workflows.CouncilWorkflowsOptions>>((o, engine) => o.Council = engine.Value.DefaultCouncil);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlStoreOptions>, PostgreSqlStoreOptionsValidator>());
        services.TryAddSingleton(sp => new PostgreSqlCaseStore(sp.GetRequiredService<IOptions<PostgreSqlStoreOptions>>().Value, sp.GetRequiredService<WorkflowRegistry>().EventTypes));
        services.RemoveAll<ICaseStore>();
        services.AddSingleton<ICaseStore>(sp => sp.GetRequiredService<PostgreSqlCaseStore>());
        services.RemoveAll<Council.Workflows.Accounts.IAccountStore>();
        services.AddSingleton<Council.Workflows.Accounts.IAccountStore>(sp => new PostgreSqlAccountStore(sp.GetRequiredService<PostgreSqlCaseStore>()));
        return services;
    }
}

// Marks that the store's council was bound to the engine's (once, however often the store is added).
internal sealed class CouncilFromEngine;

internal sealed class PostgreSqlStoreOptionsValidator : IValidateOptions<PostgreSqlStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgreSqlStoreOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("PostgreSqlStoreOptions.ConnectionString (Store:ConnectionString) must name the database (Host=…;Database=…;Username=…).");
        }
        else
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            }
            catch (ArgumentException e)
            {
                failures.Add($"PostgreSqlStoreOptions.ConnectionString (Store:ConnectionString) is not a connection string: {e.Message}");
            }
        }

        if (string.IsNullOrWhiteSpace(options.Council))
        {
            failures.Add("PostgreSqlStoreOptions.Council (Store:Council) must name the council.");
        }
        else if (!Council.Workflows.CouncilKeys.IsValid(options.Council))
        {
            failures.Add($"PostgreSqlStoreOptions.Council (Store:Council) is '{options.Council}': use 1 to 64 lower-case Latin letters, digits, '-', '_' or '.', beginning with a letter or a digit.");
        }

        if (!PostgreSqlCaseStore.IsSchemaName(options.Schema))
        {
            failures.Add($"PostgreSqlStoreOptions.Schema (Store:Schema) is '{options.Schema}': use a plain lower-case identifier (letters a-z, digits, _; at most 63).");
        }

        if (options.CommandTimeout < TimeSpan.FromSeconds(1) || options.CommandTimeout > TimeSpan.FromHours(1))
        {
            failures.Add($"PostgreSqlStoreOptions.CommandTimeout (Store:CommandTimeout) is {options.CommandTimeout}: it must be from 1 second to 1 hour.");
        }

        if (options.WakeHorizon < TimeSpan.Zero || options.WakeHorizon > TimeSpan.FromDays(1))
        {
            failures.Add($"PostgreSqlStoreOptions.WakeHorizon (Store:WakeHorizon) is {options.WakeHorizon}: it must be from zero to 1 day.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
