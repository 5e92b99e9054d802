using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Council.Workflows.Testing;

// A throwaway local PostgreSQL cluster, shared by the tests' server (tests/…/Stores/PostgreSqlServer.cs) and the benchmark's
// (benchmarks/…/PgServer.cs); tests/Shared, compiled into each. initdb into a folder under /tmp, pg_ctl on a private Unix
// socket (no TCP), run as `nobody` when this process is root; stopped and deleted on Dispose. Where the binaries are missing
// or the server does not start, the constructor throws with the reason and the server log's tail.
internal sealed class PostgreSqlCluster : IDisposable
{
    private readonly string _root;
    private readonly string _data;
    private readonly string _bin;
    private readonly string? _runAs;
    private readonly bool _started;

    /// <param name="name">Who starts it, for messages: "The PostgreSQL test server".</param>
    /// <param name="purpose">What needs it, for the message when PostgreSQL is not installed: "the PostgreSQL store tests".</param>
    /// <param name="prefix">The folder's name under /tmp begins with it (short: a socket's path is limited to about 100 bytes).</param>
    /// <param name="settings">The server's settings beyond the socket and port (<c>-c name=value …</c>).</param>
    /// <param name="startSeconds">How long pg_ctl waits for the server to start.</param>
    public PostgreSqlCluster(string name, string purpose, string prefix, string settings, int startSeconds)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new InvalidOperationException($"{name} needs a Unix system (initdb and pg_ctl on a Unix socket).");
        }

        _bin = FindBin() ?? throw new InvalidOperationException(
            $"PostgreSQL's initdb was not found (PATH, COUNCIL_PG_BIN, /usr/lib/postgresql/*/bin): install Debian's postgresql package (.ci/run does) to run {purpose}.");
        // A short path under /tmp (not TMPDIR): a Unix socket's path is limited to about 100 bytes, and an unprivileged server
        // user must reach it (a TMPDIR under /root would not let it).
        _root = Path.Combine(Directory.Exists("/tmp") ? "/tmp" : Path.GetTempPath(), (prefix + Guid.NewGuid().ToString("N"))[..(prefix.Length + 8)]);
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
            Run(Path.Combine(_bin, "pg_ctl"),
            [
                "-D", _data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", startSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-o", $"-k {Socket} -p {Port} -c listen_addresses='' {settings}",
                "start",
            ], asServer: true);
            Admin = ConnectionString("postgres") + ";Pooling=false;Timeout=60;Command Timeout=3600";
            using var connection = new NpgsqlConnection(Admin);
            connection.Open();
            using var version = new NpgsqlCommand("SHOW server_version", connection);
            Version = version.ExecuteScalar() as string ?? "?";
        }
        catch (Exception e)
        {
            var log = Path.Combine(_root, "server.log");
            var tail = File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(20)) : "(no server log)";
            Dispose();
            throw new InvalidOperationException($"{name} did not start ({_bin}): {e.Message}\n{tail}", e);
        }
    }

    public string Socket { get; }

    public int Port { get; }

    /// <summary>The server's version, as it says it.</summary>
    public string Version { get; } = "?";

    private string Admin { get; } = "";

    /// <summary>The connection string of a database (the caller adds pooling and timeouts).</summary>
    public string ConnectionString(string database) => $"Host={Socket};Port={Port};Username=postgres;Database={database}";

    /// <summary>Runs a statement as the superuser, in the database postgres (CREATE DATABASE, DROP DATABASE …).</summary>
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
