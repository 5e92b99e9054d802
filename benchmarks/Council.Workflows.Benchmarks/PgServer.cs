using Council.Workflows.Testing;
using Npgsql;

namespace Council.Workflows.Benchmarks;

// A throwaway local PostgreSQL cluster for the benchmark, the tests' own (tests/Shared/PostgreSqlCluster.cs: initdb into a
// folder under /tmp, pg_ctl on a private Unix socket, no TCP, run as `nobody` when this process is root; stopped and deleted
// on Dispose). Unlike the tests' server it keeps fsync on: the durable section measures commits that are on disk, as the
// SQLite sections do with synchronous=FULL.
internal sealed class PgServer : IDisposable
{
    // fsync and synchronous_commit stay at their defaults (on). Checkpoints spaced out so they do not land inside a
    // measurement by chance; shared buffers large enough for the 10,000-case store, not for the million.
    private readonly PostgreSqlCluster _cluster = new(
        "The benchmark's PostgreSQL server", "the PostgreSQL sections", "cwpgb-",
        "-c max_connections=200 -c shared_buffers=512MB -c max_wal_size=8GB -c checkpoint_timeout=30min -c maintenance_work_mem=512MB", startSeconds: 120);

    public string Socket => _cluster.Socket;

    public int Port => _cluster.Port;

    public string Version => _cluster.Version;

    public string ConnectionString(string database, int maxPoolSize = 100) =>
        _cluster.ConnectionString(database) + $";Maximum Pool Size={maxPoolSize};Timeout=60;Command Timeout=3600";

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

    public void Exec(string sql) => _cluster.Exec(sql);

    public void Dispose() => _cluster.Dispose();
}
