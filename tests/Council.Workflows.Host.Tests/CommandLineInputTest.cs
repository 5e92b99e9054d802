using Microsoft.Data.Sqlite;

namespace Council.Workflows.Host.Tests;

/// <summary>What the command line takes in: text exactly as typed, refused when it could mislead a reader.</summary>
public sealed class CommandLineInputTest : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-input-").FullName;

    private string Db => Path.Combine(_directory, "council.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<CliRun> Council(params string[] args) => CliRun.RunAsync([.. args, "--db", Db]);

    [Fact]
    public async Task Register_SubjectStartingWithAt_StoresTheTextNotTheFile()
    {
        var file = Path.Combine(_directory, "args.rsp");
        await File.WriteAllLinesAsync(file, ["--role", "head", "--as", "Мельник Віктор"]);
        var subject = "@" + file;

        var run = await Council("appeals", "register", "--kind", "application", "--applicant", "Коваленко Петро", "--subject", subject,
            "--as", "Петренко Олена", "--role", "clerk", "--at", "2023-01-31T10:00", "--json");
        var show = await Council("appeals", "show", run.Json.GetProperty("id").GetString()!, "--json");

        run.ExitCode.Should().Be(0, run.Err);
        show.Json.GetProperty("subject").GetString().Should().Be(subject);
        var registered = show.Json.GetProperty("history")[0];
        registered.GetProperty("role").GetString().Should().Be("clerk");
        registered.GetProperty("by").GetString().Should().Be("Петренко Олена");
    }
}
