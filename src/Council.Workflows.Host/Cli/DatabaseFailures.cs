using Microsoft.Data.Sqlite;

namespace Council.Workflows.Host.Cli;

/// <summary>What SQLite's errors mean to a person, and which of them no retry can mend.</summary>
internal static class DatabaseFailures
{
    private static readonly TextSource T = new("Output");

    private const int Corrupt = 11;
    private const int NotADatabase = 26;
    private const int ReadOnly = 8;

    /// <summary>Whether <paramref name="exception"/> (or one inside it) says the database file is damaged or is not a database.</summary>
    public static bool IsDamaged(Exception exception) => Find(exception, e => e.SqliteErrorCode is Corrupt or NotADatabase) is not null;

    /// <summary>Whether <paramref name="exception"/> (or one inside it) says the database file cannot be written.</summary>
    public static bool IsReadOnly(Exception exception) => Find(exception, e => e.SqliteErrorCode is ReadOnly) is not null;

    /// <summary>The one line for a database this program may not write.</summary>
    public static string ReadOnlyLine => T["Db.ReadOnly"];

    /// <summary>
    /// Whether <paramref name="exception"/> (or one inside it) says the database does not answer now but may soon: a
    /// PostgreSQL server that cannot be reached, restarts, refuses connections or cut one (a failure on the wire rather than
    /// an error of a statement), or a SQLite file another writer keeps busy.
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case Npgsql.PostgresException postgres when postgres.SqlState is { Length: 5 } state && (state.StartsWith("08", StringComparison.Ordinal)
                    || state.StartsWith("53", StringComparison.Ordinal) || state.StartsWith("57P", StringComparison.Ordinal) || state.StartsWith("28", StringComparison.Ordinal) || state == "3D000"):
                    // Connection failures, too many connections or out of resources, a server shutting down or starting, a
                    // refused sign-in (a password changed under the running host), the database gone (renamed, dropped).
                    return true;
                case Npgsql.PostgresException:
                    return false;
                case Npgsql.NpgsqlException:
                    // Not the server's error for a statement: the connection (refused, cut, timed out, the pool exhausted).
                    return true;
                case SqliteException sqlite:
                    return sqlite.SqliteErrorCode is 5 or 6;
                case AggregateException aggregate when aggregate.InnerExceptions.Any(IsUnavailable):
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="exception"/> (or one inside it) says a PostgreSQL connection already open was found cut — its
    /// server ended the session (a restart, an administrator) or the stream broke — as against a server that cannot be
    /// reached now: what a pooled connection kept from before a restart does on its first use, with nothing it was sent run.
    /// </summary>
    public static bool IsBrokenConnection(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case Npgsql.PostgresException postgres:
                    return postgres.SqlState is "57P01" or "57P02";
                case Npgsql.NpgsqlException { InnerException: IOException }:
                    return true;
            }
        }

        return false;
    }

    /// <summary>Whether the worker must stop rather than go on to the next case: the database is damaged or cannot be written.</summary>
    public static bool StopsTheWorker(Exception exception) => IsDamaged(exception) || IsReadOnly(exception);

    /// <summary>
    /// Throws SQLite's read-only error when this process may not write <paramref name="path"/> (asks for the write lock and
    /// gives it back), so a worker that could not record a single firing does not start. Another writer holding the lock
    /// proves the file writable.
    /// </summary>
    public static void EnsureWritable(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 1 }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "BEGIN IMMEDIATE; ROLLBACK;";
        try
        {
            command.ExecuteNonQuery();
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            // Locked by a writer: writable.
        }
    }

    /// <summary>The one line for a damaged database.</summary>
    public static string Damaged(Exception exception) =>
        T.Format("Db.Damaged", Find(exception, e => e.SqliteErrorCode is Corrupt or NotADatabase)?.Message ?? exception.Message);

    private static SqliteException? Find(Exception exception, Func<SqliteException, bool> match)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is SqliteException sqlite && match(sqlite))
            {
                return sqlite;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Select(i => Find(i, match)).FirstOrDefault(f => f is not null) is { } inner)
            {
                return inner;
            }
        }

        return null;
    }
}
