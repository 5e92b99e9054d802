using Council.Workflows.Engine;
using Council.Workflows.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Council.Workflows.Tests.Composition;

public sealed class AddCouncilWorkflowsSqliteTest : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-di-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void AddCouncilWorkflowsSqlite_CalledTwice_RegistersOneStoreAndAppliesBothConfigurations()
    {
        var path = Path.Combine(_directory, "council.db");
        var services = new ServiceCollection()
            .AddCouncilWorkflows()
            .AddCouncilWorkflowsSqlite(o => o.Path = path)
            .AddCouncilWorkflowsSqlite(o => o.Durability = Durability.Normal);

        using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<ICaseStore>();

        services.Count(d => d.ServiceType == typeof(SqliteCaseStore)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(ICaseStore)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IValidateOptions<SqliteStoreOptions>)).Should().Be(1);
        store.Should().BeOfType<SqliteCaseStore>().Which.Path.Should().Be(path);
        provider.GetRequiredService<IOptions<SqliteStoreOptions>>().Value.Durability.Should().Be(Durability.Normal);
    }

    [Fact]
    public void AddCouncilWorkflowsSqlite_InvalidOptions_FailsNamingEachBeforeAnyFileIsMade()
    {
        var path = Path.Combine(_directory, "council.db");
        using var provider = new ServiceCollection()
            .AddCouncilWorkflows()
            .AddCouncilWorkflowsSqlite(o =>
            {
                o.Path = path;
                o.MaxBatch = 0;
                o.BusyTimeout = TimeSpan.FromSeconds(-1);
            })
            .BuildServiceProvider();

        var act = () => provider.GetRequiredService<ICaseStore>();

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().HaveCount(2)
            .And.Contain(f => f.Contains("MaxBatch", StringComparison.Ordinal))
            .And.Contain(f => f.Contains("BusyTimeout", StringComparison.Ordinal));
        File.Exists(path).Should().BeFalse();
    }
}
