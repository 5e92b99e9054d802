using Council.Workflows.Engine;

namespace Council.Workflows.Tests.Stores;

// A store that hands the contract's own members to another store, a new in-memory one unless given (the interface's
// defaults serve the rest, as for a store written before they existed); a test overrides the one member it watches or
// breaks.
internal abstract class PassThroughStore(ICaseStore? inner = null) : ICaseStore
{
    protected ICaseStore Inner { get; } = inner ?? new InMemoryCaseStore();

    public virtual ValueTask<CommitOutcome> CommitAsync(CaseCommit commit, CancellationToken cancellationToken = default) => Inner.CommitAsync(commit, cancellationToken);

    public virtual ValueTask<StoredCase?> LoadCaseAsync(CaseId id, long knownVersion = 0, CancellationToken cancellationToken = default) => Inner.LoadCaseAsync(id, knownVersion, cancellationToken);

    public ValueTask<IReadOnlyList<CaseEvent>> LoadHistoryAsync(CaseId id, CancellationToken cancellationToken = default) => Inner.LoadHistoryAsync(id, cancellationToken);

    public ValueTask<CommandResult?> FindResultAsync(Guid commandId, CancellationToken cancellationToken = default) => Inner.FindResultAsync(commandId, cancellationToken);

    public ValueTask<IReadOnlyList<TimerEntry>> DueTimersAsync(Instant dueBy, int limit, CancellationToken cancellationToken = default) => Inner.DueTimersAsync(dueBy, limit, cancellationToken);

    public ValueTask<IReadOnlyList<TimerEntry>> TimersOfAsync(CaseId id, CancellationToken cancellationToken = default) => Inner.TimersOfAsync(id, cancellationToken);

    public IAsyncEnumerable<CaseRow> QueryAsync(CaseQuery query, CancellationToken cancellationToken = default) => Inner.QueryAsync(query, cancellationToken);

    public ValueTask<long> NextSequenceAsync(string scope, CancellationToken cancellationToken = default) => Inner.NextSequenceAsync(scope, cancellationToken);

    public ValueTask<long> LastNumberAsync(string scope, CancellationToken cancellationToken = default) => Inner.LastNumberAsync(scope, cancellationToken);

    public ValueTask<IReadOnlyList<OutboxMessage>> PendingOutboxAsync(int limit, CancellationToken cancellationToken = default) => Inner.PendingOutboxAsync(limit, cancellationToken);

    public ValueTask MarkDeliveredAsync(IEnumerable<Guid> messageIds, CancellationToken cancellationToken = default) => Inner.MarkDeliveredAsync(messageIds, cancellationToken);
}
