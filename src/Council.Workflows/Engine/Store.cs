using System.Runtime.CompilerServices;

namespace Council.Workflows.Engine;

/// <summary>The current state of one case, derived from its history by its workflow.</summary>
public interface ICaseData
{
    /// <summary>The id.</summary>
    CaseId Id { get; }

    /// <summary>The workflow kind, such as <c>appeal</c>.</summary>
    string Kind { get; }

    /// <summary>The council the case belongs to (one installation can serve many).</summary>
    string Council { get; }

    /// <summary>The version: the number of events in the history.</summary>
    long Version { get; }

    /// <summary>The state, kebab-case.</summary>
    string StateName { get; }

    /// <summary>The row the store keeps for queries.</summary>
    CaseRow ToRow();

    /// <summary>When the case's latest act happened (its latest event's <see cref="CaseEvent.At"/>): no later act is dated before it.</summary>
    Instant LastActAt => ToRow().UpdatedAt;

    /// <summary>When the case's latest event was written (<see cref="CaseEvent.RecordedAt"/>), if known.</summary>
    Instant? LastRecordedAt => null;

    /// <summary>
    /// The row's keys (<see cref="CaseRow.Keys"/>), which a store compares on every commit to know whether to rewrite
    /// them; a case that keeps its keys in one list from version to version returns that list, so the comparison is a
    /// reference check and nothing is derived.
    /// </summary>
    IReadOnlyList<string> Keys => ToRow().Keys;

    /// <summary>
    /// The case's text for search, by field (<see langword="null"/>: the case is not searchable by words). A store that
    /// keeps a word index writes it with every commit that changes it; <see cref="ICaseStore.SearchAsync"/> returns it.
    /// </summary>
    IReadOnlyList<SearchField>? SearchFields => null;

    /// <summary>
    /// What reports read of the case, dated, as text the case alone reads back (<see langword="null"/>: it gives none, and
    /// a report replays its history). A store keeps it beside the row, written in every commit that writes the row, and
    /// returns it from <see cref="ICaseStore.QueryFactsAsync"/>; it never reads it.
    /// </summary>
    string? ReportFacts => null;
}

/// <summary>A case's report facts as a store holds them (<see cref="ICaseData.ReportFacts"/>).</summary>
/// <param name="Id">The case.</param>
/// <param name="State">Its state now.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="Facts">Its facts as its latest commit wrote them; <see langword="null"/> when the store holds none (a row written before facts were kept): read its history instead.</param>
public sealed record CaseFacts(CaseId Id, string State, Instant CreatedAt, string? Facts);

/// <summary>
/// A named piece of a case's text for search, such as an applicant's name. Its words are its text split at spaces: the case
/// folds the text (case, marks, look-alike letters) before giving it, and the store indexes the words as they are.
/// </summary>
/// <param name="Name">The field, such as <c>applicant</c>: letters and digits. A case may give several fields of one name.</param>
/// <param name="Text">The text; its words are separated by single spaces.</param>
/// <param name="Indexed">Whether its words are indexed; an unindexed field is only kept and returned (a date to filter or rank by).</param>
public sealed record SearchField(string Name, string Text, bool Indexed = true)
{
    /// <summary>The words of <see cref="Text"/>.</summary>
    public string[] Words() => Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>A search of cases by the words of their <see cref="ICaseData.SearchFields"/>: every criterion must hold.</summary>
/// <param name="Kind">The workflow kind.</param>
/// <param name="Words">The criteria; none: every case of the kind.</param>
public sealed record CaseTextQuery(string Kind, IReadOnlyList<WordCriterion> Words);

/// <summary>
/// A case has, in an indexed field named <paramref name="Field"/>, a word equal to <paramref name="Word"/> or, with
/// <see cref="Accepts"/>, a word it accepts (a prefix, a word within a word, a misspelling).
/// </summary>
/// <param name="Field">The field's name.</param>
/// <param name="Word">The word; with <see cref="Accepts"/>, only a hint.</param>
public sealed record WordCriterion(string Field, string Word)
{
    /// <summary>Which words of the field the criterion accepts, when not only <see cref="Word"/>.</summary>
    public Func<string, bool>? Accepts { get; init; }

    /// <summary>Whether <paramref name="word"/> meets the criterion.</summary>
    public bool Accepted(string word) => Accepts is { } accepts ? accepts(word) : word == Word;

    /// <summary>Whether a case with <paramref name="fields"/> meets the criterion.</summary>
    public bool Matches(IReadOnlyList<SearchField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return fields.Any(f => f.Indexed && f.Name == Field && f.Words().Any(Accepted));
    }
}

/// <summary>A case found by <see cref="ICaseStore.SearchAsync"/>: its id, state and search fields.</summary>
/// <param name="Id">The id.</param>
/// <param name="State">The state, kebab-case.</param>
/// <param name="Fields">Its search fields as last written; <see langword="null"/> when the store does not keep them (the caller loads the case).</param>
public sealed record CaseDocument(CaseId Id, string State, IReadOnlyList<SearchField>? Fields);

/// <summary>The queryable row of a case, kept by the store next to the history.</summary>
/// <param name="Id">The id.</param>
/// <param name="Kind">The workflow kind.</param>
/// <param name="Council">The council.</param>
/// <param name="State">The state, kebab-case.</param>
/// <param name="Version">The version.</param>
/// <param name="IsOpen">Whether the case still needs work.</param>
/// <param name="Reference">The human reference, such as a registration index.</param>
/// <param name="DueAt">When the current deadline lapses, if one runs.</param>
/// <param name="Assignee">Who the case is assigned to.</param>
/// <param name="Priority">Queue priority: higher first.</param>
/// <param name="Keys">Normalised keys for finding related cases: the applicant of an appeal, the nominees of a petition.</param>
/// <param name="CreatedAt">When the case was created.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record CaseRow(
    CaseId Id, string Kind, string Council, string State, long Version, bool IsOpen, string? Reference, Instant? DueAt,
    string? Assignee, int Priority, IReadOnlyList<string> Keys, Instant CreatedAt, Instant UpdatedAt);

/// <summary>How query results are ordered.</summary>
public enum CaseOrder
{
    /// <summary>Oldest first.</summary>
    Created,

    /// <summary>Earliest deadline first; cases without one last.</summary>
    Due,

    /// <summary>The work queue: higher priority first, then earliest deadline.</summary>
    Queue,

    /// <summary>Newest first (with a <see cref="CaseQuery.Limit"/>: the most recent few).</summary>
    Newest,
}

/// <summary>A filter over case rows. Every criterion given must hold.</summary>
public sealed record CaseQuery
{
    /// <summary>The workflow kind.</summary>
    public string? Kind { get; init; }

    /// <summary>The council.</summary>
    public string? Council { get; init; }

    /// <summary>Any of these states.</summary>
    public IReadOnlyCollection<string>? States { get; init; }

    /// <summary>Open or not.</summary>
    public bool? IsOpen { get; init; }

    /// <summary>Deadline lapsing before this instant (exclusive).</summary>
    public Instant? DueBefore { get; init; }

    /// <summary>Assigned to this official (ignoring case).</summary>
    public string? Assignee { get; init; }

    /// <summary>Priority at least this.</summary>
    public int? MinPriority { get; init; }

    /// <summary>Having this key (an applicant's or a nominee's normalised name).</summary>
    public string? Key { get; init; }

    /// <summary>This reference (ignoring case).</summary>
    public string? Reference { get; init; }

    /// <summary>Created at or after this instant.</summary>
    public Instant? CreatedFrom { get; init; }

    /// <summary>Created before this instant.</summary>
    public Instant? CreatedBefore { get; init; }

    /// <summary>The order. The default value is <see cref="CaseOrder.Created"/>.</summary>
    public CaseOrder Order { get; init; } = CaseOrder.Created;

    /// <summary>At most this many rows, or all.</summary>
    public int? Limit { get; init; }

    /// <summary>Whether <paramref name="row"/> passes the filter.</summary>
    public bool Matches(CaseRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return (Kind is null || row.Kind == Kind)
            && (Council is null || row.Council == Council)
            && (States is null || States.Contains(row.State))
            && (IsOpen is null || row.IsOpen == IsOpen)
            && (DueBefore is null || (row.DueAt is { } due && due < DueBefore))
            && (Assignee is null || string.Equals(row.Assignee, Assignee, StringComparison.OrdinalIgnoreCase))
            && (MinPriority is null || row.Priority >= MinPriority)
            && (Key is null || row.Keys.Contains(Key))
            && (Reference is null || string.Equals(row.Reference, Reference, StringComparison.OrdinalIgnoreCase))
            && (CreatedFrom is null || row.CreatedAt >= CreatedFrom)
            && (CreatedBefore is null || row.CreatedAt < CreatedBefore);
    }
}

/// <summary>
/// Everything one command changes, written atomically: the new case row and its events (with the expected version
/// checked), the case's timers, the processed command id and its result, and the outbox messages.
/// </summary>
/// <param name="CaseId">The case.</param>
/// <param name="ExpectedVersion">The version the decision was made on (0 for a new case).</param>
/// <param name="Case">The case after the command, or <see langword="null"/> when it did not change.</param>
/// <param name="Events">The events to append (empty when nothing changed).</param>
/// <param name="Timers">The case's pending timers after the command, replacing the previous ones; <see langword="null"/> leaves them.</param>
/// <param name="Outbox">Effects that leave the system.</param>
/// <param name="Result">The result, recorded under its command id.</param>
public sealed record CaseCommit(
    CaseId CaseId, long ExpectedVersion, ICaseData? Case, IReadOnlyList<CaseEvent> Events, IReadOnlyList<TimerEntry>? Timers,
    IReadOnlyList<OutboxMessage> Outbox, CommandResult Result)
{
    /// <summary>
    /// The number this commit takes from a sequence (at most one; a store refuses more): it must be the next of its sequence
    /// when the commit is written (else nothing is written and the outcome is <see cref="CommitStatus.RelatedConflict"/>),
    /// and becomes its last.
    /// </summary>
    public IReadOnlyList<TakenNumber> Numbers { get; init; } = [];

    /// <summary>
    /// Limits over every case's keys, checked with this commit's case as it will be: if one would be exceeded, nothing is
    /// written and the outcome is <see cref="CommitStatus.RelatedConflict"/>.
    /// </summary>
    public IReadOnlyList<KeyLimit> Limits { get; init; } = [];

    /// <summary>
    /// The case as it was at <see cref="ExpectedVersion"/>, the one the decision was made on (<see langword="null"/> for a
    /// new case, or when not known): a store compares its row with <see cref="Case"/>'s to rewrite only what changed.
    /// </summary>
    public ICaseData? Previous { get; init; }
}

/// <summary>
/// What a store holds for one case: its workflow kind and version, and its history. The store knows no workflow; the
/// engine derives the case from the history (<see cref="WorkflowEngine.LoadAsync"/>).
/// </summary>
/// <param name="Kind">The workflow kind.</param>
/// <param name="Version">The version: the number of events in the history.</param>
/// <param name="History">
/// The history, oldest first; <see langword="null"/> when the caller said it holds this version already, or when
/// <see cref="Current"/> is given.
/// </param>
public sealed record StoredCase(string Kind, long Version, IReadOnlyList<CaseEvent>? History)
{
    /// <summary>
    /// The case at <see cref="Version"/> as it was given to the store in the commit that wrote it, for a store that keeps
    /// the objects it is given (in memory); the engine then need not replay the history.
    /// </summary>
    public ICaseData? Current { get; init; }
}

/// <summary>A number a commit takes from a sequence; see <see cref="CaseCommit.Numbers"/>.</summary>
/// <param name="Scope">The sequence, such as a council's registrations of a year.</param>
/// <param name="Number">The number: the sequence's last plus one.</param>
public sealed record TakenNumber(string Scope, long Number);

/// <summary>
/// A limit that spans cases: at most <see cref="Max"/> keys that start with <see cref="Prefix"/>, counted over every
/// case (a key held by two cases counts twice), such as the grants of an award in a year. Checked inside the commit, so
/// two commits at once cannot both pass it.
/// </summary>
public sealed record KeyLimit
{
    /// <summary>Creates a limit.</summary>
    /// <param name="prefix">The keys' prefix; it ends with <c>/</c>, so that no other key's prefix is mistaken for it.</param>
    /// <param name="max">The most keys allowed.</param>
    /// <param name="rule">The rule, for the message when a commit is refused by it.</param>
    public KeyLimit(string prefix, int max, string rule)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        ArgumentException.ThrowIfNullOrWhiteSpace(rule);
        if (!prefix.EndsWith('/'))
        {
            throw new ArgumentException($"A key limit's prefix ends with '/': '{prefix}'.", nameof(prefix));
        }

        Prefix = prefix;
        Max = max;
        Rule = rule;
    }

    /// <summary>The keys' prefix, ending with <c>/</c>.</summary>
    public string Prefix { get; }

    /// <summary>The most keys allowed.</summary>
    public int Max { get; }

    /// <summary>The rule.</summary>
    public string Rule { get; }

    /// <summary>The first text after every key with the prefix: the prefix with its final <c>/</c> raised to <c>0</c>.</summary>
    public string UpperBound => string.Concat(Prefix.AsSpan(0, Prefix.Length - 1), "0");

    /// <summary>Whether <paramref name="key"/> counts against the limit.</summary>
    public bool Covers(string key) => key is not null && key.StartsWith(Prefix, StringComparison.Ordinal);
}

/// <summary>What a commit did.</summary>
public enum CommitStatus
{
    /// <summary>Written.</summary>
    Committed,

    /// <summary>Not written: the case is not at the expected version (or already exists, for a new case).</summary>
    VersionConflict,

    /// <summary>Not written: the command id was processed before; <see cref="CommitOutcome.Existing"/> is its result.</summary>
    DuplicateCommand,

    /// <summary>
    /// Not written: something the decision read from other cases has changed — a number it takes was taken
    /// (<see cref="CaseCommit.Numbers"/>) or a limit would be exceeded (<see cref="CaseCommit.Limits"/>). Deciding again on
    /// a fresh read settles it.
    /// </summary>
    RelatedConflict,
}

/// <summary>The outcome of <see cref="ICaseStore.CommitAsync"/>.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Existing">For a duplicate, the first result.</param>
public readonly record struct CommitOutcome(CommitStatus Status, CommandResult? Existing = null);

/// <summary>
/// Where cases live: rows for queries, append-only histories, pending timers by due instant, processed command ids, an
/// outbox and named sequences. Implementations: in memory (tests, embedding), SQLite (the embedded default); the
/// contract is shaped for PostgreSQL too.
/// </summary>
public interface ICaseStore
{
    /// <summary>
    /// What the store holds for a case (its kind, version and history), or <see langword="null"/> if there is none. When
    /// the caller already holds the case at the version stored (<paramref name="knownVersion"/>), the history is not read:
    /// <see cref="StoredCase.History"/> is <see langword="null"/>.
    /// </summary>
    ValueTask<StoredCase?> LoadCaseAsync(CaseId id, long knownVersion = 0, CancellationToken cancellationToken = default);

    /// <summary>The history of a case, oldest first; empty if there is none.</summary>
    ValueTask<IReadOnlyList<CaseEvent>> LoadHistoryAsync(CaseId id, CancellationToken cancellationToken = default);

    /// <summary>The result recorded for a processed command id, or <see langword="null"/>.</summary>
    ValueTask<CommandResult?> FindResultAsync(Guid commandId, CancellationToken cancellationToken = default);

    /// <summary>
    /// What the engine reads before deciding a command: the result already recorded for its id (then the case is not
    /// needed) or else the case, as <see cref="LoadCaseAsync"/> reads it. A store overrides this to read both in one round
    /// trip.
    /// </summary>
    async ValueTask<(CommandResult? Result, StoredCase? Case)> LoadForCommandAsync(Guid commandId, CaseId id, long knownVersion = 0, CancellationToken cancellationToken = default) =>
        await FindResultAsync(commandId, cancellationToken).ConfigureAwait(false) is { } first
            ? (first, null)
            : (null, await LoadCaseAsync(id, knownVersion, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Whether the store holds a simulation (the demo, tests, rehearsals) rather than a council's working record. Acts in
    /// a simulation may be dated freely, after the clock too; in a working store an act is never dated after the clock. A
    /// store is a simulation only if it was made one when it was created, and never becomes a working one.
    /// </summary>
    bool IsSimulation => false;

    /// <summary>Writes a command's changes atomically; see <see cref="CaseCommit"/>.</summary>
    ValueTask<CommitOutcome> CommitAsync(CaseCommit commit, CancellationToken cancellationToken = default);

    /// <summary>The earliest pending timers due at or before <paramref name="dueBy"/>, in due order.</summary>
    ValueTask<IReadOnlyList<TimerEntry>> DueTimersAsync(Instant dueBy, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims the earliest pending timers due at or before <paramref name="dueBy"/> that no other owner's live lease holds
    /// (none, one whose <see cref="TimerClaim.Until"/> is not after <see cref="TimerClaim.Now"/>, or the same owner's: a
    /// worker restarted under its old id takes up its claims), up to <paramref name="limit"/>, for
    /// <paramref name="claim"/>'s owner until its <see cref="TimerClaim.Until"/>; returns them in due order. Another claimer
    /// does not get them while the lease lives; the commit that fires one replaces its case's timers, which releases it;
    /// <see cref="ReleaseClaimsAsync"/> releases the rest. A store written before claims existed returns the due timers
    /// unclaimed (every worker sees every one; the command ids keep a double firing to one effect).
    /// </summary>
    ValueTask<IReadOnlyList<TimerEntry>> ClaimDueTimersAsync(Instant dueBy, int limit, TimerClaim claim, CancellationToken cancellationToken = default) =>
        DueTimersAsync(dueBy, limit, cancellationToken);

    /// <summary>Releases every claim <paramref name="owner"/> still holds (the timers it claimed and did not fire); returns how many.</summary>
    ValueTask<int> ReleaseClaimsAsync(string owner, CancellationToken cancellationToken = default) => ValueTask.FromResult(0);

    /// <summary>The pending timers of one case, in due order.</summary>
    ValueTask<IReadOnlyList<TimerEntry>> TimersOfAsync(CaseId id, CancellationToken cancellationToken = default);

    /// <summary>The rows matching a query, streamed.</summary>
    IAsyncEnumerable<CaseRow> QueryAsync(CaseQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// The cases of <paramref name="query"/>'s kind that may meet its criteria: every case that does, and perhaps some that
    /// do not (an index may fold more than the criteria), so the caller checks each <see cref="CaseDocument.Fields"/>. A
    /// store with a word index (SQLite: FTS5) reads only the candidates; this default reads every row of the kind and
    /// returns no fields (the caller loads the cases).
    /// </summary>
    async IAsyncEnumerable<CaseDocument> SearchAsync(CaseTextQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await foreach (var row in QueryAsync(new CaseQuery { Kind = query.Kind }, cancellationToken).ConfigureAwait(false))
        {
            yield return new CaseDocument(row.Id, row.State, null);
        }
    }

    /// <summary>
    /// The report facts (<see cref="ICaseData.ReportFacts"/>) of the cases matching <paramref name="query"/> (its order and
    /// limit aside), streamed. This default returns every row with no facts, so a report replays each case.
    /// </summary>
    async IAsyncEnumerable<CaseFacts> QueryFactsAsync(CaseQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await foreach (var row in QueryAsync(query with { Limit = null }, cancellationToken).ConfigureAwait(false))
        {
            yield return new CaseFacts(row.Id, row.State, row.CreatedAt, null);
        }
    }

    /// <summary>The next number of a named sequence (1 first), such as the registration numbers of a council's year.</summary>
    ValueTask<long> NextSequenceAsync(string scope, CancellationToken cancellationToken = default);

    /// <summary>
    /// The version of the rows stored for the cases of <paramref name="kind"/> (<see cref="IWorkflow.RowVersion"/>): 1 for
    /// rows written before versions were recorded. A store that derives its rows from the cases it holds whenever they
    /// change (in memory) returns <see cref="int.MaxValue"/>: its rows are never stale.
    /// </summary>
    ValueTask<int> RowVersionAsync(string kind, CancellationToken cancellationToken = default) => ValueTask.FromResult(int.MaxValue);

    /// <summary>
    /// Rewrites the stored rows (columns and keys) of <paramref name="cases"/>, each only if the store still holds it at
    /// that version; with <paramref name="version"/>, then records it as the row version of <paramref name="kind"/>. The
    /// engine calls it once when a workflow derives its rows differently from the rows stored.
    /// </summary>
    ValueTask RewriteRowsAsync(string kind, IReadOnlyList<ICaseData> cases, int? version, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <summary>The last number taken from a named sequence (0 when none was): a commit's <see cref="CaseCommit.Numbers"/> take the next.</summary>
    ValueTask<long> LastNumberAsync(string scope, CancellationToken cancellationToken = default);

    /// <summary>Outbox messages not yet delivered, oldest first.</summary>
    ValueTask<IReadOnlyList<OutboxMessage>> PendingOutboxAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Marks outbox messages delivered.</summary>
    ValueTask MarkDeliveredAsync(IEnumerable<Guid> messageIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Undelivered outbox messages with their delivery records, oldest first: those still pending, or those set aside as
    /// failed. <paramref name="after"/> continues a listing after that message (delivered since or not). A store written
    /// before delivery records existed lists its pending messages with no attempts, and nothing as failed.
    /// </summary>
    async ValueTask<IReadOnlyList<OutboxEntry>> ListOutboxAsync(OutboxStatus status, int limit, Guid? after = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (status != OutboxStatus.Pending)
        {
            return [];
        }

        var pending = await PendingOutboxAsync(after is null ? limit : int.MaxValue, cancellationToken).ConfigureAwait(false);
        var start = after is { } id ? pending.ToList().FindIndex(m => m.Id == id) + 1 : 0;
        return [.. pending.Skip(start).Take(limit).Select(m => new OutboxEntry(m, 0, null, false))];
    }

    /// <summary>
    /// Records a failed delivery of a pending message: one more attempt, and <paramref name="error"/> as its last error.
    /// When its attempts reach <paramref name="maxAttempts"/> it is set aside as failed: no longer pending (it holds back
    /// nothing and is not tried again) until <see cref="RetryOutboxAsync"/> puts it back. Returns the attempts now
    /// recorded, or 0 when the message is not pending (delivered, set aside or unknown). A store written before delivery
    /// records existed records nothing and returns 0: the message stays pending.
    /// </summary>
    ValueTask<int> RecordDeliveryFailureAsync(Guid messageId, string error, int maxAttempts, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(0);

    /// <summary>
    /// Puts outbox messages set aside as failed back to pending, their attempts and last error cleared: those named, or
    /// every one when <paramref name="messageIds"/> is <see langword="null"/>. Returns how many were put back; a message
    /// that is not set aside is left as it is.
    /// </summary>
    ValueTask<int> RetryOutboxAsync(IReadOnlyCollection<Guid>? messageIds, CancellationToken cancellationToken = default) => ValueTask.FromResult(0);
}

/// <summary>
/// A store that tells a waiting worker when work may have arrived: a commit that scheduled timers or queued outbox messages
/// (PostgreSQL: <c>LISTEN/NOTIFY</c>), so an idle worker need not wait out its whole interval. A store without it is polled.
/// </summary>
public interface IStoreWakeups
{
    /// <summary>
    /// Waits until a commit that scheduled timers or queued outbox messages in this store, or until <paramref name="timeout"/>
    /// passes; returns whether it was woken. A wake-up may be spurious (the work already done): the caller just looks again.
    /// </summary>
    ValueTask<bool> WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken = default);
}

/// <summary>
/// A store that records periodic work done for its council (the daily report of a day), each run of a job for a period at
/// most once, together with the outbox messages the run queues, so a job runs once per period whichever worker does it, and
/// after a restart or a change of leader. A store without it runs no periodic work.
/// </summary>
public interface IStorePeriodicRuns
{
    /// <summary>The run of <paramref name="job"/> recorded for <paramref name="period"/>, or <see langword="null"/> when there is none.</summary>
    ValueTask<PeriodicRun?> FindRunAsync(string job, LocalDate period, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records <paramref name="run"/> and queues <paramref name="outbox"/>, in one transaction, if no run of its job for its
    /// period is recorded; returns whether it was recorded. When one is (another worker's, or an earlier one's), nothing is
    /// written and the result is <see langword="false"/>: of several attempts at once, exactly one wins.
    /// </summary>
    ValueTask<bool> RecordRunAsync(PeriodicRun run, IReadOnlyList<OutboxMessage> outbox, CancellationToken cancellationToken = default);
}

/// <summary>One run of periodic work: the job, the period it ran for, and when it ran.</summary>
public sealed record PeriodicRun
{
    /// <summary>Creates a run.</summary>
    /// <param name="job">The job, such as <c>daily-report</c>: lower-case letters, digits and dashes, at most 60.</param>
    /// <param name="period">The period it ran for, named by its first day (a day's job: the day).</param>
    /// <param name="at">When it ran (the clock).</param>
    public PeriodicRun(string job, LocalDate period, Instant at)
    {
        if (!IsJobName(job))
        {
            throw new ArgumentException($"A periodic job's name is lower-case letters, digits and dashes, at most 60: '{job}'.", nameof(job));
        }

        Job = job;
        Period = period;
        At = at;
    }

    /// <summary>The job.</summary>
    public string Job { get; }

    /// <summary>The period, named by its first day.</summary>
    public LocalDate Period { get; }

    /// <summary>When it ran.</summary>
    public Instant At { get; }

    /// <summary>Whether <paramref name="name"/> can name a job.</summary>
    public static bool IsJobName(string? name) =>
        name is { Length: > 0 and <= 60 } && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}

/// <summary>
/// A store shared by several processes that can say which one leads a role for its council (PostgreSQL: a session-level
/// advisory lock held on a connection of its own), so work that one process must do (periodic jobs) is done by one. A store
/// used by one process only needs none: that process leads.
/// </summary>
public interface IStoreLeadership
{
    /// <summary>
    /// Whether this process leads <paramref name="role"/> for the store's council now: it keeps the lead while it lives (and
    /// checks that it still does), or takes it when no live process holds it. A process that dies loses the lead, and another
    /// takes it at its next call. A process whose hold was lost while it lived (its connection cut, the server restarted)
    /// is told so once (<see langword="false"/>), and takes the lead again at a later call if no other process holds it.
    /// </summary>
    ValueTask<bool> LeadAsync(string role, CancellationToken cancellationToken = default);
}

/// <summary>A worker's claim on due timers: who, the clock's reading now, and until when the lease lives.</summary>
/// <param name="Owner">The worker's id, unique among the workers sharing the store.</param>
/// <param name="Now">The clock now (not the instant swept, which a simulation may set).</param>
/// <param name="Until">When the lease ends, if the worker has not fired the timers by then.</param>
public sealed record TimerClaim(string Owner, Instant Now, Instant Until);

/// <summary>Which undelivered outbox messages to list.</summary>
public enum OutboxStatus
{
    /// <summary>Waiting to be delivered (including those that failed fewer times than the maximum).</summary>
    Pending,

    /// <summary>Set aside after failing the maximum number of times; not tried again until retried.</summary>
    Failed,
}

/// <summary>An undelivered outbox message with its delivery record.</summary>
/// <param name="Message">The message.</param>
/// <param name="Attempts">How many deliveries of it failed (since it was last retried).</param>
/// <param name="LastError">Why the last one failed, if one did.</param>
/// <param name="Failed">Whether it is set aside as failed.</param>
public sealed record OutboxEntry(OutboxMessage Message, int Attempts, string? LastError, bool Failed);
