using System.Runtime.CompilerServices;
using Ardalis.GuardClauses;
using Council.Workflows.Engine;
using Dapper;
using Npgsql;

namespace Council.Workflows.PostgreSql;

/// <summary>A council in the installation's register, as a process of it last recorded it.</summary>
/// <param name="Council">The council's key (its rows' <c>council</c>).</param>
/// <param name="Name">Its name (the organisation's name in its settings), or its key if no process has recorded it yet.</param>
/// <param name="SharesInstallationReport">Whether it allows its figures to be summed into the installation's report.</param>
/// <param name="RecordedAt">When a process of it last recorded this, or <see langword="null"/> if none has yet.</param>
public sealed record InstallationCouncil(string Council, string Name, bool SharesInstallationReport, Instant? RecordedAt);

/// <summary>
/// The installation's view over every council of one PostgreSQL schema, for its operator (whoever holds the database
/// connection): the register of councils (<see cref="CouncilsAsync"/>, recorded by each council's processes through
/// <see cref="PostgreSqlCaseStore.RecordCouncilAsync"/>), and reading the records of a council that allows the installation
/// report (<see cref="ReadSharedCouncilAsync{T}"/>). A council's own store never reads another's rows; this is the one
/// way across, and it reads only: a council that does not allow it is refused, and the store it lends writes nothing.
/// </summary>
public sealed class PostgreSqlInstallation : IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _connectionString;
    private readonly IReadOnlyList<Type> _eventTypes;

    /// <summary>Opens the installation's schema, which must exist (it is brought up to date as a store would).</summary>
    /// <param name="connectionString">The Npgsql connection string (<c>Host=…;Database=…;Username=…</c>).</param>
    /// <param name="eventTypes">The types of the events the histories hold (a registry's <see cref="WorkflowRegistry.EventTypes"/>).</param>
    /// <param name="schema">The schema that holds the tables. The default value is <c>council</c>.</param>
    /// <exception cref="SchemaMissingException">There is no schema.</exception>
    /// <exception cref="SchemaTooNewException">The schema was written by a newer version.</exception>
    /// <exception cref="NotAStoreException">The schema holds tables of something else.</exception>
    public PostgreSqlInstallation(string connectionString, IEnumerable<Type> eventTypes, string schema = "council")
    {
        Guard.Against.NullOrWhiteSpace(connectionString);
        Guard.Against.Null(eventTypes);
        if (!PostgreSqlCaseStore.IsSchemaName(schema))
        {
            throw new ArgumentException($"The schema name '{schema}' is not a plain lower-case identifier (letters a-z, digits, _; at most 63).", nameof(schema));
        }

        _eventTypes = [.. eventTypes];
        _connectionString = connectionString;
        Schema = schema;
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema };
        var where = $"\"{schema}\" of database {builder.Database ?? builder.Username ?? "(default)"} on {builder.Host ?? "localhost"}";
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        try
        {
            using var connection = _dataSource.OpenConnection();
            IsSimulation = Migrator.Migrate(connection, schema, where, createIfMissing: false, simulation: false, builder.CommandTimeout);
        }
        catch
        {
            _dataSource.Dispose();
            throw;
        }
    }

    /// <summary>The schema that holds the tables.</summary>
    public string Schema { get; }

    /// <summary>Whether the schema is a simulation (the demo, tests, rehearsals), not councils' working records.</summary>
    public bool IsSimulation { get; }

    /// <summary>Every council in the register, by key: those that allow the installation report and those that do not.</summary>
    public async Task<IReadOnlyList<InstallationCouncil>> CouncilsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Council, string Name, bool Shares, long? RecordedAt)>(new CommandDefinition(
            "SELECT council, name, shares_installation_report, recorded_at FROM councils ORDER BY council", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => new InstallationCouncil(r.Council, r.Name, r.Shares, r.RecordedAt is { } at ? Instant.FromUnixTimeTicks(at) : null))];
    }

    /// <summary>
    /// Reads the records of <paramref name="council"/>, which must allow the installation report now: <paramref name="read"/>
    /// is given a store bound to that council that only reads its cases (a write, or a read of its outbox, throws
    /// <see cref="InvalidOperationException"/>), closed when <paramref name="read"/> is done.
    /// </summary>
    /// <exception cref="InvalidOperationException">The council is not in the register, or does not allow the installation report.</exception>
    public async Task<T> ReadSharedCouncilAsync<T>(string council, Func<ICaseStore, CancellationToken, Task<T>> read, CancellationToken cancellationToken = default)
    {
        Guard.Against.NullOrWhiteSpace(council);
        Guard.Against.Null(read);
        await using (var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            var shares = await connection.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(
                "SELECT shares_installation_report FROM councils WHERE council = @council", new { council }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (shares is not true)
            {
                throw new InvalidOperationException(shares is null
                    ? $"The council '{council}' is not in the installation's register."
                    : $"The council '{council}' does not allow the installation report (its setting Reports:ShareWithInstallation).");
            }
        }

        await using var store = new PostgreSqlCaseStore(new PostgreSqlStoreOptions { ConnectionString = _connectionString, Schema = Schema, Council = council, CreateIfMissing = false }, _eventTypes);
        return await read(new ReadingStore(store), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <inheritdoc />
    public void Dispose() => _dataSource.Dispose();

    // A council's store lent to the installation: its cases read, nothing written, its letters (the outbox) not read.
    private sealed class ReadingStore(PostgreSqlCaseStore inner) : ICaseStore
    {
        private static InvalidOperationException ReadOnly() => new("A council's store lent to the installation only reads its cases.");

        public bool IsSimulation => inner.IsSimulation;

        public ValueTask<StoredCase?> LoadCaseAsync(CaseId id, long knownVersion = 0, CancellationToken cancellationToken = default) =>
            inner.LoadCaseAsync(id, knownVersion, cancellationToken);

        public ValueTask<IReadOnlyList<CaseEvent>> LoadHistoryAsync(CaseId id, CancellationToken cancellationToken = default) => inner.LoadHistoryAsync(id, cancellationToken);

        public ValueTask<CommandResult?> FindResultAsync(Guid commandId, CancellationToken cancellationToken = default) => inner.FindResultAsync(commandId, cancellationToken);

        public ValueTask<(CommandResult? Result, StoredCase? Case)> LoadForCommandAsync(Guid commandId, CaseId id, long knownVersion = 0, CancellationToken cancellationToken = default) =>
            inner.LoadForCommandAsync(commandId, id, knownVersion, cancellationToken);

        public ValueTask<IReadOnlyList<TimerEntry>> DueTimersAsync(Instant dueBy, int limit, CancellationToken cancellationToken = default) =>
            inner.DueTimersAsync(dueBy, limit, cancellationToken);

        public ValueTask<IReadOnlyList<TimerEntry>> TimersOfAsync(CaseId id, CancellationToken cancellationToken = default) => inner.TimersOfAsync(id, cancellationToken);

        public IAsyncEnumerable<CaseRow> QueryAsync(CaseQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

        public IAsyncEnumerable<CaseDocument> SearchAsync(CaseTextQuery query, CancellationToken cancellationToken = default) => inner.SearchAsync(query, cancellationToken);

        public IAsyncEnumerable<CaseFacts> QueryFactsAsync(CaseQuery query, CancellationToken cancellationToken = default) => inner.QueryFactsAsync(query, cancellationToken);

        public ValueTask<int> RowVersionAsync(string kind, CancellationToken cancellationToken = default) => inner.RowVersionAsync(kind, cancellationToken);

        public ValueTask<long> LastNumberAsync(string scope, CancellationToken cancellationToken = default) => inner.LastNumberAsync(scope, cancellationToken);

        public ValueTask<CommitOutcome> CommitAsync(CaseCommit commit, CancellationToken cancellationToken = default) => throw ReadOnly();

        public ValueTask<IReadOnlyList<TimerEntry>> ClaimDueTimersAsync(Instant dueBy, int limit, TimerClaim claim, CancellationToken cancellationToken = default) => throw ReadOnly();

        public ValueTask<int> ReleaseClaimsAsync(string owner, CancellationToken cancellationToken = default) => throw ReadOnly();

        public ValueTask<long> NextSequenceAsync(string scope, CancellationToken cancellationToken = default) => throw ReadOnly();

        public ValueTask RewriteRowsAsync(string kind, IReadOnlyList<ICaseData> cases, int? version, CancellationToken cancellationToken = default) => throw ReadOnly();

        public ValueTask<IReadOnlyList<OutboxMessage>> PendingOutboxAsync(int limit, CancellationToken cancellationToken = default) => throw ReadOnly();

        public ValueTask MarkDeliveredAsync(IEnumerable<Guid> messageIds, CancellationToken cancellationToken = default) => throw ReadOnly();

        public ValueTask<IReadOnlyList<OutboxEntry>> ListOutboxAsync(OutboxStatus status, int limit, Guid? after = null, CancellationToken cancellationToken = default) => throw ReadOnly();

        public ValueTask<int> RecordDeliveryFailureAsync(Guid messageId, string error, int maxAttempts, CancellationToken cancellationToken = default) => throw ReadOnly();

        public ValueTask<int> RetryOutboxAsync(IReadOnlyCollection<Guid>? messageIds, CancellationToken cancellationToken = default) => throw ReadOnly();
    }
}
