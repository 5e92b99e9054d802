using Microsoft.Data.Sqlite;

namespace Council.Workflows.Host.Tests;

/// <summary>A continuous worker that cannot start says why as <c>run --once</c> does: one line, exit code 1, no host stack trace.</summary>
public sealed class WorkerStartTest : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-start-").FullName;

    private string Db => Path.Combine(_directory, "council.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task NewerSchemaAsync()
    {
        (await CliRun.RunAsync("init", "--db", Db)).ExitCode.Should().Be(0);
        await using var connection = new SqliteConnection($"Data Source={Db};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version = 999;";
        await command.ExecuteNonQueryAsync();
    }

    [Theory]
    [InlineData("not a database", "is not a readable Council.Workflows database")]
    [InlineData("newer schema", "newer than this program knows")]
    public async Task Run_Continuous_CannotOpenTheDatabase_PrintsTheSameOneLineAsOnce(string problem, string fragment)
    {
        if (problem == "not a database")
        {
            await File.WriteAllTextAsync(Db, "Реєстр звернень, 2023\n" + new string('x', 5000));
        }
        else
        {
            await NewerSchemaAsync();
        }

        var once = await CouncilProcess.RunAsync("run", "--once", "--outbox", "none", "--db", Db);
        var continuous = await CouncilProcess.RunAsync("run", "--interval", "1", "--outbox", "none", "--db", Db);

        continuous.ExitCode.Should().Be(1);
        new CliRun(continuous.ExitCode, continuous.Out, continuous.Err).ShouldFailWithOneLine(fragment);
        continuous.Out.Should().BeEmpty();
        continuous.Err.Should().Be(once.Err);
    }
}
