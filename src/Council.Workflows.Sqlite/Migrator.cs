using System.Globalization;
using System.Reflection;
using Microsoft.Data.Sqlite;

namespace Council.Workflows.Sqlite;

/// <summary>The database was written by a newer Council.Workflows whose schema this one does not know.</summary>
public sealed class SchemaTooNewException(string path, long found, int known)
    : Exception($"The database {path} has schema version {found}, newer than this program knows ({known}): upgrade Council.Workflows to open it.")
{
    /// <summary>The database file.</summary>
    public string Path { get; } = path;

    /// <summary>The schema version the file has.</summary>
    public long Found { get; } = found;

    /// <summary>The newest schema version this program knows.</summary>
    public int Known { get; } = known;
}

/// <summary>
/// A reader found a database of an older schema that it may not bring up to date (the file, or its folder, is read-only to
/// this user): it is upgraded once by a user who may write it.
/// </summary>
public sealed class SchemaUpgradeNeededException(string path, long found, int known)
    : Exception($"The database {path} has schema version {found}; this program reads version {known} and upgrades a file once on first use, which needs write access: run any command once as a user who may write the file and its folder (council init --db {path}), then read it as before.")
{
    /// <summary>The database file.</summary>
    public string Path { get; } = path;

    /// <summary>The schema version the file has.</summary>
    public long Found { get; } = found;

    /// <summary>The schema version this program reads.</summary>
    public int Known { get; } = known;
}

/// <summary>The file is not a Council.Workflows database, or is damaged.</summary>
public sealed class NotAStoreException(string path, string reason)
    : Exception($"{path} is not a readable Council.Workflows database ({reason}).")
{
    /// <summary>The file.</summary>
    public string Path { get; } = path;

    /// <summary>Why it could not be read, as SQLite said.</summary>
    public string Reason { get; } = reason;
}

/// <summary>A working database was to be opened as a simulation: a council's record never becomes one.</summary>
public sealed class WorkingStoreException(string path)
    : Exception($"{path} is a council's working database: it cannot be used as a simulation (acts dated freely). Use a new file for a simulation.")
{
    /// <summary>The database file.</summary>
    public string Path { get; } = path;
}

// Versioned migrations: numbered SQL scripts embedded in this assembly, applied in order inside one transaction each,
// the schema version kept in SQLite's user_version.
internal static class Migrator
{
    private static readonly (int Version, string Sql)[] Scripts = Load();

    public static int Latest => Scripts[^1].Version;

    /// <summary>The file's schema version (0 for a new, empty file).</summary>
    public static long VersionOf(SqliteConnection connection) => Scalar(connection, "PRAGMA user_version;");

    /// <summary>Brings the file up to the latest schema; returns whether it is a simulation database.</summary>
    public static bool Migrate(SqliteConnection connection, string path, bool simulation)
    {
        long current;
        try
        {
            // One statement, so one snapshot: read apart, another process's first migration could commit between the two
            // reads (no version yet, then tables) and the file be taken for a foreign one.
            current = Scalar(connection, "SELECT CASE WHEN (SELECT user_version FROM pragma_user_version) = 0 AND (SELECT count(*) FROM sqlite_master) > 0 THEN -1 ELSE (SELECT user_version FROM pragma_user_version) END;");
            if (current == -1)
            {
                throw new NotAStoreException(path, "it has tables but no Council.Workflows schema version");
            }
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 26 or 11)
        {
            throw new NotAStoreException(path, e.SqliteErrorCode == 26 ? "not a database file" : "the file is damaged");
        }

        if (current > Latest)
        {
            throw new SchemaTooNewException(path, current, Latest);
        }

        // Schema 4 rewrites every id from .NET's mixed byte order to the UUID's own.
        connection.CreateFunction("council_uuid_be", (byte[] id) => new Guid(id).ToByteArray(bigEndian: true), isDeterministic: true);
        // Each script runs in an IMMEDIATE transaction that first reads the version again: two processes opening a new (or
        // old) file at the same moment take turns, and the second finds the first's work done instead of running it again.
        var created = false;
        foreach (var (version, sql) in Scripts.Where(s => s.Version > current))
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "PRAGMA user_version;";
            var now = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (now >= version)
            {
                transaction.Commit();
                continue;
            }

            created |= now == 0;
            command.CommandText = sql + $"\nPRAGMA user_version = {version.ToString(CultureInfo.InvariantCulture)};";
            command.ExecuteNonQuery();
            if (version == 5)
            {
                // A file created now is what the options say; a file that had a schema before is a working record.
                command.CommandText = "INSERT INTO store_info (key, value) VALUES ('mode', $mode)";
                command.Parameters.AddWithValue("$mode", created && simulation ? "simulation" : "working");
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        var isSimulation = Scalar(connection, "SELECT count(*) FROM store_info WHERE key = 'mode' AND value = 'simulation'") > 0;
        if (simulation && !isSimulation)
        {
            throw new WorkingStoreException(path);
        }

        return isSimulation;
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
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
