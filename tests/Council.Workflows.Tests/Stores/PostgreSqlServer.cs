using System.Collections.Concurrent;
using Council.Workflows.Testing;

namespace Council.Workflows.Tests.Stores;

// One throwaway PostgreSQL cluster for every test class of the collection (tests/Shared/PostgreSqlCluster.cs: initdb into a
// temporary folder, pg_ctl on a private Unix socket, no TCP), a database per name asked for, stopped and deleted at the end.
// Where the binaries are missing or the server does not start, every test of the collection fails with the reason: they are
// never skipped.
[CollectionDefinition(Name)]
public sealed class PostgreSqlTests : ICollectionFixture<PostgreSqlServer>
{
    public const string Name = "PostgreSQL server";
}

public sealed class PostgreSqlServer : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<string>> _databases = new(StringComparer.Ordinal);

    // fsync off: the cluster is thrown away; what the tests check (commit, locks, visibility) does not depend on it.
    private readonly PostgreSqlCluster _cluster = new(
        "The PostgreSQL test server", "the PostgreSQL store tests", "cwpg-", "-c fsync=off -c max_connections=300 -c shared_buffers=64MB", startSeconds: 60);

    public string Socket => _cluster.Socket;

    public int Port => _cluster.Port;

    // A database of this name (created on first ask), and its connection string.
    public string ConnectionString(string database, int maxPoolSize = 20)
    {
        var name = _databases.GetOrAdd(database, d => new Lazy<string>(() =>
        {
            _cluster.Exec($"CREATE DATABASE \"{d}\"");
            return d;
        })).Value;
        return _cluster.ConnectionString(name) + $";Maximum Pool Size={maxPoolSize};Timeout=30;Command Timeout=60";
    }

    /// <summary>Runs a statement as the superuser in the database postgres (ALTER DATABASE …).</summary>
    public void Exec(string sql) => _cluster.Exec(sql);

    public void Dispose() => _cluster.Dispose();
}
