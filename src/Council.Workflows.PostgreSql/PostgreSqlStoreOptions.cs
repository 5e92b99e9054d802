namespace Council.Workflows.PostgreSql;

/// <summary>The PostgreSQL store's settings.</summary>
public sealed class PostgreSqlStoreOptions
{
    /// <summary>
    /// The Npgsql connection string (<c>Host=…;Database=…;Username=…</c>); its search path is set by <see cref="Schema"/>.
    /// The default value is empty: it must be given.
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// The council whose rows this store reads and writes. One database holds many councils, each isolated from the others:
    /// its own cases, sequences (its own К-1), command ids, timers, outbox and accounts. The default value is <c>default</c>;
    /// <c>AddCouncilWorkflowsPostgreSql</c> sets it to the engine's <c>CouncilWorkflowsOptions.DefaultCouncil</c> before the
    /// configuration given to it.
    /// </summary>
    public string Council { get; set; } = "default";

    /// <summary>The PostgreSQL schema that holds the tables (created if missing). The default value is <c>council</c>.</summary>
    public string Schema { get; set; } = "council";

    /// <summary>
    /// Whether a schema that does not exist yet is created (and every schema brought up to the latest version on open). Off,
    /// a database without the schema is refused. The default value is <see langword="true"/>.
    /// </summary>
    public bool CreateIfMissing { get; set; } = true;

    /// <summary>
    /// Whether a schema this store creates is a simulation (the demo, tests, rehearsals), where acts may be dated freely;
    /// otherwise it holds councils' working records. Only a new schema takes it; a working schema never becomes a simulation
    /// (<see cref="PostgreSqlCaseStore"/> refuses to open it as one). The default value is <see langword="false"/>.
    /// </summary>
    public bool Simulation { get; set; }

    /// <summary>
    /// How soon a timer a commit schedules must fall due for the commit to wake the council's idle workers (LISTEN/NOTIFY)
    /// instead of leaving it to their polling; a commit that queues outbox messages always wakes them. From zero to one day.
    /// The default value is 2 minutes.
    /// </summary>
    public TimeSpan WakeHorizon { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long one statement may run before it is cancelled. The default value is 30 seconds.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
