using Microsoft.Data.Sqlite;

namespace Council.Workflows.Host.Cli;

/// <summary>What SQLite's errors mean to a person, and which of them no retry can mend.</summary>
internal static class DatabaseFailures
{
    private const int Corrupt = 11;
    private const int NotADatabase = 26;
    private const int ReadOnly = 8;

    /// <summary>Whether <paramref name="exception"/> (or one inside it) says the database file is damaged or is not a database.</summary>
    public static bool IsDamaged(Exception exception) => Find(exception, e => e.SqliteErrorCode is Corrupt or NotADatabase) is not null;

    /// <summary>Whether <paramref name="exception"/> (or one inside it) says the database file cannot be written.</summary>
    public static bool IsReadOnly(Exception exception) => Find(exception, e => e.SqliteErrorCode is ReadOnly) is not null;

    /// <summary>The one line for a damaged database.</summary>
    public static string Damaged(Exception exception) =>
        $"the database is damaged ({Find(exception, e => e.SqliteErrorCode is Corrupt or NotADatabase)?.Message ?? exception.Message}); " +
        "nothing more was written. Run 'council check' to see what is wrong, and restore the file from a backup.";

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
