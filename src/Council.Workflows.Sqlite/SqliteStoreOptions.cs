namespace Council.Workflows.Sqlite;

/// <summary>When a commit counts as done.</summary>
public enum Durability
{
    /// <summary>
    /// Acknowledged only after the transaction is on disk (SQLite <c>synchronous=FULL</c> in WAL mode): a power cut loses
    /// nothing acknowledged. Concurrent commits share one fsync (group commit). The default.
    /// </summary>
    Full,

    /// <summary>
    /// Acknowledged once in the write-ahead log, fsynced at checkpoints (<c>synchronous=NORMAL</c>): faster; a power cut
    /// (not a process crash) may lose the last acknowledged commits, never corrupt the file.
    /// </summary>
    Normal,
}

/// <summary>The SQLite store's settings.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The database file. The default value is <c>council.db</c> in the working directory.</summary>
    public string Path { get; set; } = "council.db";

    /// <summary>When a commit counts as done. The default value is <see cref="Durability.Full"/>.</summary>
    public Durability Durability { get; set; } = Durability.Full;

    /// <summary>How long to wait for another process's write lock before failing. The default value is 5 seconds.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most commits grouped into one transaction. The default value is 256.</summary>
    public int MaxBatch { get; set; } = 256;

    /// <summary>Whether a missing file is created (and migrated). The default value is <see langword="true"/>.</summary>
    public bool CreateIfMissing { get; set; } = true;

    /// <summary>
    /// Whether a file this store creates is a simulation database (the demo, tests, rehearsals), where acts may be dated
    /// freely; otherwise it is a council's working record. Only a new file takes it: an existing file stays what it was
    /// created as, and a working file never becomes a simulation (<see cref="SqliteCaseStore"/> refuses to open it as one).
    /// The default value is <see langword="false"/>.
    /// </summary>
    public bool Simulation { get; set; }

    /// <summary>
    /// Opens the file read-only (SQLite <c>Mode=ReadOnly</c>), for a reader that may not write it (a read-only file or
    /// folder): the journal mode is left as it is, a file needing migration cannot be opened, and every write fails with
    /// SQLite's "attempt to write a readonly database". The default value is <see langword="false"/>.
    /// </summary>
    public bool ReadOnly { get; set; }
}
