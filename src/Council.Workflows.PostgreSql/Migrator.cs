using System.Globalization;
using System.Reflection;
using Npgsql;

namespace Council.Workflows.PostgreSql;

/// <summary>The schema was written by a newer Council.Workflows whose schema version this one does not know.</summary>
public sealed class SchemaTooNewException(string where, long found, int known)
    : Exception($"The PostgreSQL schema {where} has schema version {found}, newer than this program knows ({known}): upgrade Council.Workflows to open it.")
{
    /// <summary>The schema, with its server and database (no credentials).</summary>
    public string Where { get; } = where;

    /// <summary>The schema version it has.</summary>
    public long Found { get; } = found;

    /// <summary>The newest schema version this program knows.</summary>
    public int Known { get; } = known;
}

/// <summary>The schema does not exist and the store may not create it (<see cref="PostgreSqlStoreOptions.CreateIfMissing"/> is off).</summary>
public sealed class SchemaMissingException(string where)
    : Exception($"There is no Council.Workflows schema {where}, and the store may not create one (CreateIfMissing is off): create it once with a store that may.");

/// <summary>The schema exists but holds tables that are not a Council.Workflows store's.</summary>
public sealed class NotAStoreException(string where)
    : Exception($"The PostgreSQL schema {where} has tables but no Council.Workflows schema version: it is not a Council.Workflows store.")
{
    /// <summary>The schema, with its server and database (no credentials).</summary>
    public string Where { get; } = where;
}

/// <summary>A working schema was to be opened as a simulation: councils' records never become one.</summary>
public sealed class WorkingStoreException(string where)
    : Exception($"The PostgreSQL schema {where} holds councils' working records: it cannot be used as a simulation (acts dated freely). Use a new schema for a simulation.")
{
    /// <summary>The schema, with its server and database (no credentials).</summary>
    public string Where { get; } = where;
}

// Versioned migrations: numbered SQL scripts embedded in this assembly (their own numbering, from 0001), applied in one
// transaction under an advisory lock, so several processes starting at once migrate once; the versions applied are rows
// of schema_version.
internal static class Migrator
{
    // The advisory lock's first key: "CWPG". The second is the schema's hash, so two schemas migrate independently.
    private const int LockSpace = 0x43575047;

    private static readonly (int Version, string Sql)[] Scripts = Load();

    public static int Latest => Scripts[^1].Version;

    /// <summary>Brings the schema up to the latest version; returns whether it is a simulation.</summary>
    public static bool Migrate(NpgsqlConnection connection, string schema, string where, bool createIfMissing, bool simulation, int timeoutSeconds)
    {
        // A schema already at the latest version needs no lock (versions only grow): read so, processes opening it at once do
        // not wait for each other's checks in turn.
        if (Current(connection, schema) is var (found, mode) && found >= Latest)
        {
            return Checked(where, found, simulation, mode);
        }

        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, "SELECT pg_advisory_xact_lock(@space, hashtext(@schema))", timeoutSeconds, ("space", LockSpace), ("schema", schema));
        var exists = Scalar<bool>(connection, transaction, "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = @schema)", ("schema", schema));
        var versioned = exists && Scalar<bool>(connection, transaction,
            "SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = @schema AND tablename = 'schema_version')", ("schema", schema));
        if (exists && !versioned && Scalar<bool>(connection, transaction, "SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = @schema)", ("schema", schema)))
        {
            throw new NotAStoreException(where);
        }

        if (!versioned && !createIfMissing)
        {
            throw new SchemaMissingException(where);
        }

        var quoted = "\"" + schema + "\"";
        Execute(connection, transaction, $"CREATE SCHEMA IF NOT EXISTS {quoted}; SET LOCAL search_path TO {quoted}; " +
            "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", timeoutSeconds);
        var current = Scalar<int>(connection, transaction, "SELECT coalesce(max(version), 0) FROM schema_version");
        if (current > Latest)
        {
            throw new SchemaTooNewException(where, current, Latest);
        }

        foreach (var (version, sql) in Scripts.Where(s => s.Version > current))
        {
            // A migration may take long on a big installation: no statement timeout for it.
            Execute(connection, transaction, sql, 0);
            Execute(connection, transaction, "INSERT INTO schema_version (version) VALUES (@version)", timeoutSeconds, ("version", version));
        }

        if (current == 0)
        {
            // A schema created now is what the options say; its mode belongs to the schema (council '').
            Execute(connection, transaction, "INSERT INTO store_info (council, key, value) VALUES ('', 'mode', @mode)", timeoutSeconds, ("mode", simulation ? "simulation" : "working"));
        }

        var isSimulation = Scalar<bool>(connection, transaction, "SELECT EXISTS (SELECT 1 FROM store_info WHERE council = '' AND key = 'mode' AND value = 'simulation')");
        transaction.Commit();
        return Checked(where, Latest, simulation, isSimulation);
    }

    // The schema's version and whether it is a simulation, read without a lock; null when it has no schema_version yet.
    private static (int Version, bool Simulation)? Current(NpgsqlConnection connection, string schema)
    {
        var quoted = "\"" + schema + "\"";
        using var exists = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL AND to_regclass(@info) IS NOT NULL", connection);
        exists.Parameters.AddWithValue("table", quoted + ".schema_version");
        exists.Parameters.AddWithValue("info", quoted + ".store_info");
        if (exists.ExecuteScalar() is not true)
        {
            return null;
        }

        using var read = new NpgsqlCommand(
            $"SELECT (SELECT coalesce(max(version), 0) FROM {quoted}.schema_version), " +
            $"EXISTS (SELECT 1 FROM {quoted}.store_info WHERE council = '' AND key = 'mode' AND value = 'simulation')", connection);
        using var reader = read.ExecuteReader();
        reader.Read();
        return (reader.GetInt32(0), reader.GetBoolean(1));
    }

    private static bool Checked(string where, int version, bool simulation, bool isSimulation)
    {
        if (version > Latest)
        {
            throw new SchemaTooNewException(where, version, Latest);
        }

        if (simulation && !isSimulation)
        {
            throw new WorkingStoreException(where);
        }

        return isSimulation;
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, int timeoutSeconds, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        command.CommandTimeout = timeoutSeconds;
        command.ExecuteNonQuery();
    }

    private static T Scalar<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static (int, string)[] Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        return
        [
            .. assembly.GetManifestResourceNames()
                .Where(n => n.EndsWith(".sql", StringComparison.Ordinal))
                .Select(n =>
                {
                    var file = n.Split('.')[^2];
                    var version = int.Parse(file.Split('_')[0], CultureInfo.InvariantCulture);
                    using var stream = assembly.GetManifestResourceStream(n)!;
                    using var reader = new StreamReader(stream);
                    return (version, reader.ReadToEnd());
                })
                .OrderBy(s => s.version),
        ];
    }
}
