using Council.Workflows.Accounts;
using Council.Workflows.Engine;
using Council.Workflows.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Council.Workflows.Tests.Stores;

[Collection(PostgreSqlTests.Name)]
public sealed class AddCouncilWorkflowsPostgreSqlTest(PostgreSqlServer server)
{
    [Fact]
    public async Task AddCouncilWorkflowsPostgreSql_CalledTwice_RegistersOneStoreBoundToItsCouncil()
    {
        var schema = $"d_{Guid.NewGuid():N}";
        var services = new ServiceCollection()
            .AddCouncilWorkflows()
            .AddCouncilWorkflowsPostgreSql(o => (o.ConnectionString, o.Schema) = (server.ConnectionString("di"), schema))
            .AddCouncilWorkflowsPostgreSql(o => o.Council = "bucha");

        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<ICaseStore>();

        services.Count(d => d.ServiceType == typeof(PostgreSqlCaseStore)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(ICaseStore)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IValidateOptions<PostgreSqlStoreOptions>)).Should().Be(1);
        store.Should().BeOfType<PostgreSqlCaseStore>().Which.Council.Should().Be("bucha");
        ((PostgreSqlCaseStore)store).Schema.Should().Be(schema);
        provider.GetRequiredService<IAccountStore>().Should().BeOfType<PostgreSqlAccountStore>();
    }

    [Fact]
    public async Task AddCouncilWorkflowsPostgreSql_InvalidOptions_FailNamingEachBeforeAnySchemaIsMade()
    {
        await using var provider = new ServiceCollection()
            .AddCouncilWorkflows()
            .AddCouncilWorkflowsPostgreSql(o =>
            {
                o.ConnectionString = server.ConnectionString("di");
                o.Schema = "Council; DROP";
                o.Council = " ";
                o.CommandTimeout = TimeSpan.Zero;
            })
            .BuildServiceProvider();

        var act = () => provider.GetRequiredService<ICaseStore>();

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().HaveCount(3)
            .And.Contain(f => f.Contains("Schema", StringComparison.Ordinal))
            .And.Contain(f => f.Contains("Council", StringComparison.Ordinal))
            .And.Contain(f => f.Contains("CommandTimeout", StringComparison.Ordinal));
        await using var connection = new NpgsqlConnection(server.ConnectionString("di"));
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_namespace WHERE nspname ILIKE 'council%'", connection);
        ((long)(await count.ExecuteScalarAsync())!).Should().Be(0);
    }
}
