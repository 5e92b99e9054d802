using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Council.Workflows.Benchmarks;

// A throwaway local PostgreSQL cluster for the benchmark, as the tests start theirs (tests/…/Stores/PostgreSqlServer.cs):
// initdb into a folder under /tmp, pg_ctl on a private Unix socket (no TCP), run as `nobody` when this process is root;
// stopped and deleted on Dispose. Unlike the tests' server it keeps fsync on: the durable section measures commits that
// are on disk, as the SQLite sections do with synchronous=FULL.
internal sealed class PgServer : IDisposable
{
    private readonly string _root;
    private readonly string _data;
    private readonly string _bin;
    private readonly string? _runAs;
    private readonly bool _started;

    public PgServer()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new InvalidOperationException("The PostgreSQL sections need a Unix system (initdb and pg_ctl on a Unix socket).");
        }

        _bin = FindBin() ?? throw new InvalidOperationException(
            "PostgreSQL's initdb was not found (PATH, COUNCIL_PG_BIN, /usr/lib/postgresql/*/bin): install Debian's postgresql package to run the PostgreSQL sections.");
        // A short path under /tmp: a Unix socket's path is limited to about 100 bytes, and the unprivileged server user must reach it.
        _root = Path.Combine(Directory.Exists("/tmp") ? "/tmp" : Path.GetTempPath(), $"cwpgb-{Guid.NewGuid():N}"[..14]);
        Directory.CreateDirectory(_root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _data = Path.Combine(_root, "data");
        Socket = Path.Combine(_root, "s");
        Directory.CreateDirectory(Socket);
        Port = FreePort();
        _runAs = Run("id", ["-u"]).Trim() == "0" ? "nobody" : null;
        try
        {
            if (_runAs is not null)
            {
                Run("chown", ["-R", _runAs, _root]);
            }

            Run(Path.Combine(_bin, "initdb"), ["-D", _data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"], asServer: true);
            _started = true;
            // fsync and synchronous_commit stay at their defaults (on). Checkpoints spaced out so they do not land inside a
            // measurement by chance; shared buffers large enough for the 10,000-case store, not for the million.
            Run(Path.Combine(_bin, "pg_ctl"),
            [
                "-D", _data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "120",
                "-o", $"-k {Socket} -p {Port} -c listen_addresses='' -c max_connections=200 -c shared_buffers=512MB -c max_wal_size=8GB -c checkpoint_timeout=30min -c maintenance_work_mem=512MB",
                "start",
            ], asServer: true);
            Admin = ConnectionString("postgres") + ";Pooling=false";
            using var connection = new NpgsqlConnection(Admin);
            connection.Open();
            Version = new NpgsqlCommand("SHOW server_version", connection).ExecuteScalar() as string ?? "?";
        }
        catch (Exception e)
        {
            var log = Path.Combine(_root, "server.log");
            var tail = File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(20)) : "(no server log)";
            Dispose();
            throw new InvalidOperationException($"The benchmark's PostgreSQL server did not start ({_bin}): {e.Message}\n{tail}", e);
        }
    }

    public string Socket { get; }

    public int Port { get; }

    public string Version { get; } = "";

    private string Admin { get; } = "";

    public string ConnectionString(string database, int maxPoolSize = 100) =>
        $"Host={Socket};Port={Port};Username=postgres;Database={database};Maximum Pool Size={maxPoolSize};Timeout=60;Command Timeout=3600";

    /// <summary>A new database, empty or a file copy of <paramref name="template"/> (which must have no connections).</summary>
    public void Create(string name, string? template = null)
    {
        NpgsqlConnection.ClearAllPools();
        Exec(template is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\" STRATEGY FILE_COPY");
    }

    public void Drop(string name)
    {
        NpgsqlConnection.ClearAllPools();
        Exec($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    public void Exec(string sql)
    {
        using var connection = new NpgsqlConnection(Admin);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 3600 };
        command.ExecuteNonQuery();
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
                // Not running: nothing to stop.
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
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} did not finish in 3 minutes.");
        }

        return process.ExitCode == 0
            ? output.Result
            : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result}{output.Result}");
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
