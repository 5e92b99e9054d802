using System.Runtime.CompilerServices;
using Ardalis.GuardClauses;

namespace Council.Workflows.Engine;

/// <summary>
/// A store in memory, for tests and for embedding where nothing must survive the process. Thread-safe: every operation
/// takes one lock, so a commit is atomic.
/// </summary>
public sealed class InMemoryCaseStore : ICaseStore, IStorePeriodicRuns
{
    private readonly Lock _lock = new();
    private readonly Dictionary<CaseId, Entry> _cases = [];
    // Processed command ids: an accepted command's result is in its case's history (the events carry the command id), so
    // only the case is kept for it; other results (refusals, suggestions, messages) are kept whole.
    private readonly Dictionary<Guid, (CaseId Case, long Fingerprint)> _accepted = [];
    private readonly Dictionary<Guid, CommandResult> _processed = [];
    private readonly SortedSet<TimerKey> _timers = new();
    // Leases on pending timers: by case and kind, who holds it and until when.
    private readonly Dictionary<(CaseId, TimerKind), (string Owner, Instant Until)> _claims = [];
    private readonly Dictionary<string, long> _sequences = new(StringComparer.Ordinal);
    // Undelivered messages in the order written, and every message ever written with its position (for duplicates, and to
    // continue a listing after a message delivered since).
    private readonly List<OutboxRecord> _outbox = [];
    private readonly Dictionary<Guid, long> _outboxIds = [];
    // A key's cases: one boxed CaseId for the usual single case, a HashSet once a key has several.
    private readonly Dictionary<string, object> _byKey = new(StringComparer.Ordinal);
    // The keys that limits count (they hold a '/'; a limit's prefix ends with one), in order, for counting by prefix.
    private readonly SortedSet<string> _limitKeys = new(StringComparer.Ordinal);
    // Periodic work done, by job and period.
    private readonly Dictionary<(string Job, LocalDate Period), PeriodicRun> _runs = [];

    /// <summary>The number of cases held.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _cases.Count;
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>Set when the store is made; the default value is <see langword="false"/> (a working store).</remarks>
    public bool IsSimulation { get; init; }

    /// <inheritdoc />
    /// <remarks>The store keeps the case each commit gave it and returns it as <see cref="StoredCase.Current"/>, with no history.</remarks>
    public ValueTask<StoredCase?> LoadCaseAsync(CaseId id, long knownVersion = 0, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_cases.TryGetValue(id, out var entry)
                ? new StoredCase(entry.Case.Kind, entry.Case.Version, null) { Current = entry.Case }
                : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<CaseEvent>> LoadHistoryAsync(CaseId id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<CaseEvent>>(_cases.TryGetValue(id, out var entry) ? [.. entry.Events] : []);
        }
    }

    /// <inheritdoc />
    public ValueTask<CommandResult?> FindResultAsync(Guid commandId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(Processed(commandId));
        }
    }

    /// <inheritdoc />
    public ValueTask<CommitOutcome> CommitAsync(CaseCommit commit, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(commit);
        lock (_lock)
        {
            if (Processed(commit.Result.CommandId) is { } existing)
            {
                return ValueTask.FromResult(new CommitOutcome(CommitStatus.DuplicateCommand, existing));
            }

            _cases.TryGetValue(commit.CaseId, out var entry);
            if ((entry?.Case.Version ?? 0) != commit.ExpectedVersion)
            {
                return ValueTask.FromResult(new CommitOutcome(CommitStatus.VersionConflict));
            }

            if (!NumbersAreNext(commit) || !WithinLimits(commit))
            {
                return ValueTask.FromResult(new CommitOutcome(CommitStatus.RelatedConflict));
            }

            foreach (var taken in commit.Numbers)
            {
                _sequences[taken.Scope] = taken.Number;
            }

            if (commit.Case is not null)
            {
                var keys = commit.Case.Keys;
                if (entry is null)
                {
                    entry = new Entry(commit.Case);
                    _cases.Add(commit.CaseId, entry);
                    AddKeys(keys, commit.CaseId);
                }
                else
                {
                    var old = entry.Case.Keys;
                    if (!ReferenceEquals(old, keys) && !old.SequenceEqual(keys))
                    {
                        RemoveKeys(old, commit.CaseId);
                        AddKeys(keys, commit.CaseId);
                    }

                    entry.Case = commit.Case;
                }

                entry.Events.AddRange(commit.Events);
            }

            if (commit.Timers is not null && entry is not null)
            {
                foreach (var old in entry.Timers)
                {
                    _timers.Remove(new TimerKey(old));

                    // A timer that stays (same kind and due instant) keeps its claim; one that goes releases it.
                    if (!commit.Timers.Any(t => t.Kind == old.Kind && t.DueAt == old.DueAt))
                    {
                        _claims.Remove((old.CaseId, old.Kind));
                    }
                }

                entry.Timers = commit.Timers;
                foreach (var timer in commit.Timers)
                {
                    _timers.Add(new TimerKey(timer));
                }
            }

            foreach (var message in commit.Outbox)
            {
                if (!_outboxIds.ContainsKey(message.Id))
                {
                    _outboxIds.Add(message.Id, _outboxIds.Count + 1);
                    _outbox.Add(new OutboxRecord(message, _outboxIds.Count));
                }
            }

            if (InHistory(commit.Result))
            {
                _accepted[commit.Result.CommandId] = (commit.CaseId, commit.Result.Fingerprint);
            }
            else
            {
                _processed[commit.Result.CommandId] = commit.Result;
            }

            return ValueTask.FromResult(new CommitOutcome(CommitStatus.Committed));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<TimerEntry>> DueTimersAsync(Instant dueBy, int limit, CancellationToken cancellationToken = default)
    {
        Guard.Against.NegativeOrZero(limit);
        lock (_lock)
        {
            var due = new List<TimerEntry>(Math.Min(limit, 64));
            foreach (var key in _timers)
            {
                if (key.Timer.DueAt > dueBy || due.Count == limit)
                {
                    break;
                }

                due.Add(key.Timer);
            }

            return ValueTask.FromResult<IReadOnlyList<TimerEntry>>(due);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<TimerEntry>> ClaimDueTimersAsync(Instant dueBy, int limit, TimerClaim claim, CancellationToken cancellationToken = default)
    {
        Guard.Against.NegativeOrZero(limit);
        Guard.Against.Null(claim);
        lock (_lock)
        {
            var claimed = new List<TimerEntry>(Math.Min(limit, 64));
            foreach (var key in _timers)
            {
                if (key.Timer.DueAt > dueBy || claimed.Count == limit)
                {
                    break;
                }

                var id = (key.Timer.CaseId, key.Timer.Kind);
                if (_claims.TryGetValue(id, out var held) && held.Until > claim.Now && held.Owner != claim.Owner)
                {
                    continue;
                }

                _claims[id] = (claim.Owner, claim.Until);
                claimed.Add(key.Timer);
            }

            return ValueTask.FromResult<IReadOnlyList<TimerEntry>>(claimed);
        }
    }

    /// <inheritdoc />
    public ValueTask<int> ReleaseClaimsAsync(string owner, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(owner);
        lock (_lock)
        {
            var held = _claims.Where(c => c.Value.Owner == owner).Select(c => c.Key).ToList();
            foreach (var id in held)
            {
                _claims.Remove(id);
            }

            return ValueTask.FromResult(held.Count);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<TimerEntry>> TimersOfAsync(CaseId id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<TimerEntry>>(
                _cases.TryGetValue(id, out var entry) ? [.. entry.Timers.OrderBy(t => t.DueAt)] : []);
        }
    }

    /// <inheritdoc />
    /// <remarks>Reads every case of the kind (the store keeps no index): exactly those that meet every criterion.</remarks>
    public async IAsyncEnumerable<CaseDocument> SearchAsync(CaseTextQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(query);
        List<ICaseData> cases;
        lock (_lock)
        {
            cases = [.. _cases.Values.Select(e => e.Case).Where(c => c.Kind == query.Kind)];
        }

        foreach (var data in cases)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fields = data.SearchFields;
            if (fields is null)
            {
                yield return new CaseDocument(data.Id, data.StateName, null);
            }
            else if (query.Words.All(w => w.Matches(fields)))
            {
                yield return new CaseDocument(data.Id, data.StateName, fields);
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Each case's facts as the case kept now gives them (the store keeps the case of its latest commit).</remarks>
    public async IAsyncEnumerable<CaseFacts> QueryFactsAsync(CaseQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(query);
        List<(CaseRow Row, ICaseData Case)> found;
        lock (_lock)
        {
            found = [.. _cases.Values.Select(e => (Row: e.Case.ToRow(), e.Case)).Where(x => query.Matches(x.Row))];
        }

        foreach (var (row, data) in found)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new CaseFacts(row.Id, row.State, row.CreatedAt, data.ReportFacts);
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<CaseRow> QueryAsync(CaseQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(query);
        List<CaseRow> rows;
        lock (_lock)
        {
            // A key narrows the candidates through the key index; otherwise every case is looked at.
            var candidates = query.Key is { } key ? IdsOf(key).Select(id => _cases[id]) : _cases.Values;
            rows = [.. candidates.Select(e => e.Case.ToRow()).Where(query.Matches)];
        }

        IEnumerable<CaseRow> ordered = query.Order switch
        {
            CaseOrder.Due => rows.OrderBy(r => r.DueAt is null).ThenBy(r => r.DueAt).ThenBy(r => r.CreatedAt),
            CaseOrder.Queue => rows.OrderByDescending(r => r.Priority).ThenBy(r => r.DueAt is null).ThenBy(r => r.DueAt).ThenBy(r => r.CreatedAt),
            CaseOrder.Newest => rows.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id.Value),
            _ => rows.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id.Value),
        };
        if (query.Limit is { } limit)
        {
            ordered = ordered.Take(limit);
        }

        foreach (var row in ordered)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return row;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<long> NextSequenceAsync(string scope, CancellationToken cancellationToken = default)
    {
        Guard.Against.NullOrWhiteSpace(scope);
        lock (_lock)
        {
            var next = _sequences.GetValueOrDefault(scope) + 1;
            _sequences[scope] = next;
            return ValueTask.FromResult(next);
        }
    }

    /// <inheritdoc />
    public ValueTask<long> LastNumberAsync(string scope, CancellationToken cancellationToken = default)
    {
        Guard.Against.NullOrWhiteSpace(scope);
        lock (_lock)
        {
            return ValueTask.FromResult(_sequences.GetValueOrDefault(scope));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<OutboxMessage>> PendingOutboxAsync(int limit, CancellationToken cancellationToken = default)
    {
        Guard.Against.NegativeOrZero(limit);
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<OutboxMessage>>([.. _outbox.Where(r => !r.Failed).Take(limit).Select(r => r.Message)]);
        }
    }

    /// <inheritdoc />
    public ValueTask MarkDeliveredAsync(IEnumerable<Guid> messageIds, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(messageIds);
        var ids = messageIds.ToHashSet();
        lock (_lock)
        {
            _outbox.RemoveAll(r => ids.Contains(r.Message.Id));
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<OutboxEntry>> ListOutboxAsync(OutboxStatus status, int limit, Guid? after = null, CancellationToken cancellationToken = default)
    {
        Guard.Against.NegativeOrZero(limit);
        var failed = status == OutboxStatus.Failed;
        lock (_lock)
        {
            var from = after is { } id ? _outboxIds.GetValueOrDefault(id) : 0;
            return ValueTask.FromResult<IReadOnlyList<OutboxEntry>>(
                [.. _outbox.Where(r => r.Failed == failed && r.Position > from).Take(limit).Select(r => new OutboxEntry(r.Message, r.Attempts, r.LastError, r.Failed))]);
        }
    }

    /// <inheritdoc />
    public ValueTask<int> RecordDeliveryFailureAsync(Guid messageId, string error, int maxAttempts, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(error);
        Guard.Against.NegativeOrZero(maxAttempts);
        lock (_lock)
        {
            var record = _outbox.Find(r => r.Message.Id == messageId && !r.Failed);
            if (record is null)
            {
                return ValueTask.FromResult(0);
            }

            record.Attempts++;
            record.LastError = error;
            record.Failed = record.Attempts >= maxAttempts;
            return ValueTask.FromResult(record.Attempts);
        }
    }

    /// <inheritdoc />
    public ValueTask<int> RetryOutboxAsync(IReadOnlyCollection<Guid>? messageIds, CancellationToken cancellationToken = default)
    {
        var ids = messageIds?.ToHashSet();
        lock (_lock)
        {
            var retried = 0;
            foreach (var record in _outbox.Where(r => r.Failed && (ids is null || ids.Contains(r.Message.Id))))
            {
                (record.Failed, record.Attempts, record.LastError) = (false, 0, null);
                retried++;
            }

            return ValueTask.FromResult(retried);
        }
    }

    // Whether the history holds everything the result says: accepted, with its events, nothing noticed, no message.
    private static bool InHistory(CommandResult result)
    {
        if (result is not { Status: CommandStatus.Accepted, Refusal: null, Message: null, Suggestions.Count: 0, Events.Count: > 0 }
            || result.Events[^1].Version != result.Version || result.Events[^1].State != result.State)
        {
            return false;
        }

        foreach (var e in result.Events)
        {
            if (e.CommandId != result.CommandId || e.CaseId != result.CaseId)
            {
                return false;
            }
        }

        return true;
    }

    private CommandResult? Processed(Guid commandId)
    {
        if (_processed.TryGetValue(commandId, out var result))
        {
            return result;
        }

        if (!_accepted.TryGetValue(commandId, out var accepted))
        {
            return null;
        }

        var (caseId, fingerprint) = accepted;
        var events = _cases[caseId].Events.FindAll(e => e.CommandId == commandId);
        return new CommandResult
        {
            Status = CommandStatus.Accepted, CommandId = commandId, CaseId = caseId, State = events[^1].State, Version = events[^1].Version, Events = events,
            Fingerprint = fingerprint,
        };
    }

    // The number a commit takes (at most one) is its sequence's next.
    private bool NumbersAreNext(CaseCommit commit) =>
        commit.Numbers.Count == 0
        || (commit.Numbers.Count == 1 && commit.Numbers[0].Number == _sequences.GetValueOrDefault(commit.Numbers[0].Scope) + 1);

    // Every limit holds with the commit's case as it will be: the other cases' keys under the prefix, and its own.
    private bool WithinLimits(CaseCommit commit)
    {
        foreach (var limit in commit.Limits)
        {
            var count = 0;
            foreach (var key in _limitKeys.GetViewBetween(limit.Prefix, limit.UpperBound).Where(limit.Covers))
            {
                count += IdsOf(key).Count(id => id != commit.CaseId);
            }

            var own = (commit.Case ?? (_cases.TryGetValue(commit.CaseId, out var entry) ? entry.Case : null))?.Keys ?? [];
            count += own.Distinct().Count(limit.Covers);
            if (count > limit.Max)
            {
                return false;
            }
        }

        return true;
    }

    private void AddKeys(IReadOnlyList<string> keys, CaseId id)
    {
        foreach (var key in keys)
        {
            if (key.Contains('/', StringComparison.Ordinal))
            {
                _limitKeys.Add(key);
            }

            if (!_byKey.TryGetValue(key, out var held))
            {
                _byKey[key] = id;
            }
            else if (held is HashSet<CaseId> ids)
            {
                ids.Add(id);
            }
            else if ((CaseId)held != id)
            {
                _byKey[key] = new HashSet<CaseId> { (CaseId)held, id };
            }
        }
    }

    private void RemoveKeys(IReadOnlyList<string> keys, CaseId id)
    {
        foreach (var key in keys)
        {
            if (_byKey.TryGetValue(key, out var held) && (held is HashSet<CaseId> ids ? ids.Remove(id) && ids.Count == 0 : (CaseId)held == id))
            {
                _byKey.Remove(key);
                _limitKeys.Remove(key);
            }
        }
    }

    private IEnumerable<CaseId> IdsOf(string key) => _byKey.TryGetValue(key, out var held)
        ? held as HashSet<CaseId> ?? [(CaseId)held]
        : [];

    // An undelivered message with its delivery record.
    private sealed class OutboxRecord(OutboxMessage message, long position)
    {
        public OutboxMessage Message { get; } = message;

        public long Position { get; } = position;

        public int Attempts { get; set; }

        public string? LastError { get; set; }

        public bool Failed { get; set; }
    }

    /// <inheritdoc />
    public ValueTask<PeriodicRun?> FindRunAsync(string job, LocalDate period, CancellationToken cancellationToken = default)
    {
        Guard.Against.NullOrWhiteSpace(job);
        lock (_lock)
        {
            return ValueTask.FromResult(_runs.GetValueOrDefault((job, period)));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> RecordRunAsync(PeriodicRun run, IReadOnlyList<OutboxMessage> outbox, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(run);
        Guard.Against.Null(outbox);
        lock (_lock)
        {
            if (!_runs.TryAdd((run.Job, run.Period), run))
            {
                return ValueTask.FromResult(false);
            }

            foreach (var message in outbox)
            {
                if (!_outboxIds.ContainsKey(message.Id))
                {
                    _outboxIds.Add(message.Id, _outboxIds.Count + 1);
                    _outbox.Add(new OutboxRecord(message, _outboxIds.Count));
                }
            }

            return ValueTask.FromResult(true);
        }
    }

    // What the store keeps per case: the current case, its history and its pending timers (rows are derived on query).
    private sealed class Entry(ICaseData data)
    {
        public ICaseData Case { get; set; } = data;

        public List<CaseEvent> Events { get; } = [];

        public IReadOnlyList<TimerEntry> Timers { get; set; } = [];
    }

    private readonly record struct TimerKey(TimerEntry Timer) : IComparable<TimerKey>
    {
        public int CompareTo(TimerKey other)
        {
            var byDue = Timer.DueAt.CompareTo(other.Timer.DueAt);
            if (byDue != 0)
            {
                return byDue;
            }

            var byCase = Timer.CaseId.Value.CompareTo(other.Timer.CaseId.Value);
            return byCase != 0 ? byCase : TimerKind.CompareOrdinal(Timer.Kind, other.Timer.Kind);
        }
    }
}
