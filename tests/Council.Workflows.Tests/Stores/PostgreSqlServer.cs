using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Council.Workflows.Tests.Stores;

// One throwaway PostgreSQL cluster for every test class of the collection: initdb into a temporary folder, pg_ctl on a
// private Unix socket (no TCP), a database per name asked for, stopped and deleted at the end. Where the binaries are
// missing or the server does not start, every test of the collection fails with the reason: they are never skipped.
[CollectionDefinition(Name)]
public sealed class PostgreSqlTests : ICollectionFixture<PostgreSqlServer>
{
    public const string Name = "PostgreSQL server";
}

public sealed class PostgreSqlServer : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<string>> _databases = new(StringComparer.Ordinal);
    private readonly string _root;
    private readonly string _data;
    private readonly string _bin;
    private readonly string? _runAs;
    private readonly bool _started;

    public PostgreSqlServer()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new InvalidOperationException("The PostgreSQL test server needs a Unix system (initdb and pg_ctl on a Unix socket).");
        }

        _bin = FindBin() ?? throw new InvalidOperationException(
            "PostgreSQL's initdb was not found (PATH, COUNCIL_PG_BIN, /usr/lib/postgresql/*/bin): install Debian's postgresql package (.ci/run does) to run the PostgreSQL store tests.");
        // A short path under /tmp (not TMPDIR): a Unix socket's path is limited to about 100 bytes, and an unprivileged server
        // user must reach it (a TMPDIR under /root would not let it).
        _root = Directory.Exists("/tmp") ? Path.Combine("/tmp", $"cwpg-{Guid.NewGuid():N}"[..13]) : Path.Combine(Path.GetTempPath(), $"cwpg-{Guid.NewGuid():N}"[..13]);
        Directory.CreateDirectory(_root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _data = Path.Combine(_root, "data");
        Socket = Path.Combine(_root, "s");
        Directory.CreateDirectory(Socket);
        Port = FreePort();
        // initdb refuses to run as root: the cluster then belongs to an unprivileged user, who gets the folder.
        _runAs = Run("id", ["-u"]).Trim() == "0" ? "nobody" : null;
        try
        {
            if (_runAs is not null)
            {
                Run("chown", ["-R", _runAs, _root]);
            }

            Run(Path.Combine(_bin, "initdb"), ["-D", _data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"], asServer: true);
            _started = true;
            // fsync off: the cluster is thrown away; what the tests check (commit, locks, visibility) does not depend on it.
            Run(Path.Combine(_bin, "pg_ctl"),
            [
                "-D", _data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60",
                "-o", $"-k {Socket} -p {Port} -c listen_addresses='' -c fsync=off -c max_connections=300 -c shared_buffers=64MB",
                "start",
            ], asServer: true);
            Admin = $"Host={Socket};Port={Port};Username=postgres;Database=postgres;Pooling=false;Timeout=30";
            using var connection = new NpgsqlConnection(Admin);
            connection.Open();
        }
        catch (Exception e)
        {
            var log = Path.Combine(_root, "server.log");
            var tail = File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(20)) : "(no server log)";
            Dispose();
            throw new InvalidOperationException($"The PostgreSQL test server did not start ({_bin}): {e.Message}\n{tail}", e);
        }
    }

    public string Socket { get; }

    public int Port { get; }

    private string Admin { get; } = "";

    // A database of this name (created on first ask), and its connection string.
    public string ConnectionString(string database, int maxPoolSize = 20)
    {
        var name = _databases.GetOrAdd(database, d => new Lazy<string>(() =>
        {
            using var connection = new NpgsqlConnection(Admin);
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{d}\"", connection);
            command.ExecuteNonQuery();
            return d;
        })).Value;
        return $"Host={Socket};Port={Port};Username=postgres;Database={name};Maximum Pool Size={maxPoolSize};Timeout=30;Command Timeout=60";
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        if (_started)
        {
            try
            {
                Run(Path.Combine(_bin, "pg_ctl"), ["-D", _data, "-m", "immediate", "-w", "stop"], asServer: true);
            }
            catch (InvalidOperationException)
            {
                // Not running (it did not start): nothing to stop.
            }
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private string Run(string file, string[] arguments, bool asServer = false)
    {
        var start = new ProcessStartInfo(asServer && _runAs is not null ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asServer && _runAs is not null)
        {
            foreach (var a in new[] { "-u", _runAs, "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        // pg_ctl leaves the server holding its output: read to the end only what a finished command wrote.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} did not finish in 2 minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result}{output.Result}");
        }

        return output.Result;
    }

    private static string? FindBin()
    {
        if (Environment.GetEnvironmentVariable("COUNCIL_PG_BIN") is { Length: > 0 } given && File.Exists(Path.Combine(given, "initdb")))
        {
            return given;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            {
                return dir;
            }
        }

        // Debian keeps them off PATH, one folder per major version: the newest.
        return Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(d => File.Exists(Path.Combine(d.Dir, "initdb")))
                .OrderByDescending(d => d.Version)
                .Select(d => d.Dir)
                .FirstOrDefault()
            : null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
