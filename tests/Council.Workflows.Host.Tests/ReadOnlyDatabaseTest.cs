using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Council.Workflows.Host.Tests;

/// <summary>
/// A database this user may not write (the file 0444 in a folder 0555): the verbs that only read still serve it; the
/// others, the worker included, say so in one line. Run as a separate process, as an unprivileged user when the tests
/// run as root (whom file permissions do not stop).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReadOnlyDatabaseTest : IDisposable
{
    private const UnixFileMode ReadOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private readonly string _directory = Directory.CreateTempSubdirectory("council-ro-").FullName;

    private string Db => Path.Combine(_directory, "council.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.SetUnixFileMode(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.Delete(_directory, recursive: true);
    }

    private async Task MakeReadOnlyDatabaseAsync()
    {
        var register = await CliRun.RunAsync("appeals", "register", "--kind", "application", "--applicant", "Коваленко Петро", "--address", "м. Житомир",
            "--subject", "Ремонт дороги", "--at", "2023-01-31T10:00", "--db", Db);
        register.ExitCode.Should().Be(0, register.Err);
        SqliteConnection.ClearAllPools();
        File.SetUnixFileMode(Db, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(_directory, ReadOnlyFolder);
    }

    private async Task<(int ExitCode, string Out, string Err)> AsReaderAsync(params string[] args)
    {
        var info = new ProcessStartInfo(Environment.IsPrivilegedProcess ? "setpriv" : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Environment.IsPrivilegedProcess)
        {
            foreach (var arg in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "dotnet" })
            {
                info.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in (string[])[CouncilProcess.Dll, .. args, "--db", Db])
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["HOME"] = Path.GetTempPath();
        info.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["COUNCIL__Language"] = "en";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Theory]
    [InlineData("appeals", "list", "Ремонт дороги")]
    [InlineData("appeals", "show", "К-1", "Ремонт дороги")]
    [InlineData("report", "--year", "2023", "--lang", "en", "Report for 2023")]
    [InlineData("export", "--year", "2023", "Ремонт дороги")]
    [InlineData("check", "ok: ")]
    public async Task ReadingVerb_ReadOnlyDatabase_StillServes(params string[] argsThenExpected)
    {
        await MakeReadOnlyDatabaseAsync();

        var (code, stdout, stderr) = await AsReaderAsync(argsThenExpected[..^1]);

        code.Should().Be(0, stderr);
        stdout.Should().Contain(argsThenExpected[^1]);
    }

    [Theory]
    [InlineData("appeals", "register", "--kind", "application", "--applicant", "Мельник Віктор", "--subject", "Тротуар")]
    [InlineData("run", "--once", "--outbox", "none")]
    [InlineData("run", "--interval", "1", "--outbox", "none")]
    public async Task WritingVerb_ReadOnlyDatabase_IsOneLineWithExitCode1(params string[] args)
    {
        await MakeReadOnlyDatabaseAsync();

        var (code, stdout, stderr) = await AsReaderAsync(args);

        code.Should().Be(1, stdout);
        new CliRun(code, stdout, stderr).ShouldFailWithOneLine("the database is read-only");
    }
}
