using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Council.Workflows.Host.Tests;

/// <summary>Files holding personal data are created readable by their owner only, even under a umask that lets everyone read.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class FilePermissionsTest : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _directory = Directory.CreateTempSubdirectory("council-mode-").FullName;

    private string Db => Path.Combine(_directory, "council.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    // The umask is process-wide: other tests running meanwhile create their files more permissively, which they do not check.
    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint SetUmask(uint mask);

    private Task<CliRun> Council(params string[] args) => CliRun.RunAsync([.. args, "--db", Db]);

    [Fact]
    public async Task CreatedFiles_UnderAPermissiveUmask_AreOwnerOnly()
    {
        var outbox = Path.Combine(_directory, "outbox.jsonl");
        var export = Path.Combine(_directory, "2023.csv");
        var report = Path.Combine(_directory, "2023.html");
        var previous = SetUmask(0);
        try
        {
            var register = await Council("appeals", "register", "--kind", "application", "--applicant", "Коваленко Петро", "--address", "м. Житомир",
                "--subject", "Дорога", "--at", "2023-01-31T10:00");
            var sweep = await Council("run", "--once", "--outbox", "jsonl", "--outbox-file", outbox);
            var exported = await Council("export", "--year", "2023", "--out", export);
            var reported = await Council("report", "--year", "2023", "--format", "html", "--out", report);
            register.ExitCode.Should().Be(0, register.Err);
            sweep.ExitCode.Should().Be(0, sweep.Err);
            exported.ExitCode.Should().Be(0, exported.Err);
            reported.ExitCode.Should().Be(0, reported.Err);

            // SQLite gives the WAL and shared-memory files the database file's permissions; a reader makes both exist.
            await using var connection = new SqliteConnection($"Data Source={Db};Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM cases";
            await command.ExecuteScalarAsync();

            string[] files = [Db, Db + "-wal", Db + "-shm", outbox, export, report];
            files.Should().AllSatisfy(f => File.GetUnixFileMode(f).Should().Be(OwnerOnly, f));
        }
        finally
        {
            _ = SetUmask(previous);
        }
    }
}

