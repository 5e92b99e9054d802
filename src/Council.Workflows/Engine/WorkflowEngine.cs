using Ardalis.GuardClauses;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Council.Workflows.Engine;

/// <summary>
/// Applies commands to cases: loads the case, lets its workflow decide, and commits the events, the case row, the
/// timers, the outbox and the processed command id in one atomic write with the expected version. The same command id
/// twice has one effect and returns the first result; a stale expected version is a conflict, never an overwrite.
/// </summary>
public sealed partial class WorkflowEngine
{
    // Without an expected version from the caller, a version race (with another process) is retried against the newer case.
    private const int MaxAttempts = 10;

    // Commands on one case are serialised within the process (striped by case id), so they queue instead of racing;
    // commands on different cases run in parallel, and the store may group their commits.
    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, 256).Select(_ => new SemaphoreSlim(1, 1))];

    // A commit slower than this is logged at warning: the store (a disk, a lock, a server) is holding the office up.
    private static readonly TimeSpan SlowCommit = TimeSpan.FromSeconds(1);

    private readonly ILogger _logger;
    private readonly IClock _clock;
    private readonly Duration _clockTolerance;
    private readonly NumberHandout _numbers = new();
    private readonly CaseCache _cache;
    private volatile bool _rowsCurrent;
    private Task? _rowsRefresh;

    private readonly DateTimeZone? _datingZone;

    private readonly Duration? _maxBack;

    /// <summary>Creates an engine.</summary>
    /// <param name="store">Where cases live.</param>
    /// <param name="workflows">The workflows.</param>
    /// <param name="clock">The clock that dates the records (<see cref="CaseEvent.RecordedAt"/>) and bounds the acts. The default value is the system's.</param>
    /// <param name="dating">How acts may be dated. The default value is <see cref="ActDatingOptions"/>'s defaults.</param>
    /// <param name="logger">
    /// Where the engine tells an operator what needs them: a refused command's rules (debug), a conflict and a commit slower
    /// than a second (warning). The default value is none.
    /// </param>
    /// <param name="options">How the engine works (what it keeps in memory). The default value is <see cref="EngineOptions"/>'s defaults.</param>
    public WorkflowEngine(
        ICaseStore store, WorkflowRegistry workflows, IClock? clock = null, ActDatingOptions? dating = null, ILogger<WorkflowEngine>? logger = null,
        EngineOptions? options = null)
    {
        _cache = new CaseCache(Guard.Against.Negative((options ?? new EngineOptions()).CaseCacheSize, nameof(options)));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Store = Guard.Against.Null(store);
        Workflows = Guard.Against.Null(workflows);
        _clock = clock ?? new TimeProviderClock(TimeProvider.System);
        _clockTolerance = Duration.FromTimeSpan((dating ?? new ActDatingOptions()).ClockTolerance);
        _maxBack = dating?.MaxDaysBack is { } days ? Duration.FromDays(days) : null;
        _datingZone = dating?.TimeZoneId is { } zoneId ? DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) : null;
    }

    /// <summary>The store.</summary>
    public ICaseStore Store { get; }

    /// <summary>The workflows.</summary>
    public WorkflowRegistry Workflows { get; }

    /// <summary>The clock that dates the records and bounds the acts.</summary>
    public IClock Clock => _clock;

    /// <summary>
    /// The current state of a case, derived by its workflow from the history the store holds (or kept from an earlier
    /// load or commit, when the store's version is the same), or <see langword="null"/> if there is none.
    /// </summary>
    public async ValueTask<ICaseData?> LoadAsync(CaseId id, CancellationToken cancellationToken = default)
    {
        var known = _cache.VersionOf(id);
        return await Store.LoadCaseAsync(id, known, cancellationToken).ConfigureAwait(false) is { } stored
            ? await DeriveAsync(id, stored, cancellationToken).ConfigureAwait(false)
            : null;
    }

    // The case a store's answer stands for: the one kept at that version, the one the store kept, or the history replayed.
    private async ValueTask<ICaseData> DeriveAsync(CaseId id, StoredCase stored, CancellationToken cancellationToken)
    {
        if (_cache.At(id, stored.Version) is { } kept)
        {
            return kept;
        }

        if (stored.Current is { } current && current.Version == stored.Version)
        {
            return current;
        }

        var history = stored.History ?? await Store.LoadHistoryAsync(id, cancellationToken).ConfigureAwait(false);
        var derived = Workflows.Replay(stored.Kind, history);
        _cache.Remember(derived);
        return derived;
    }

    /// <summary>Applies a command. Refusals, conflicts and unknown ids are results, not exceptions.</summary>
    /// <exception cref="ArgumentException">No workflow handles the command, or its arguments are wrong.</exception>
    public async ValueTask<CommandResult> ExecuteAsync(Command command, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(command);
        Guard.Against.Default(command.CommandId, nameof(command));
        Guard.Against.Default(command.CaseId, nameof(command));
        Guard.Against.Null(command.Actor, nameof(command));

        using var activity = CouncilTelemetry.Activities.StartActivity(command.GetType().Name);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();

        // A command that creates a numbered case takes its place in the numbers' queue now, before its first wait, so the
        // commands of one caller are numbered in the order it gave them. It takes no stripe: a case not yet made has no
        // other command to queue behind (a second creation of it is refused by the store's version check), and a command
        // that waits for its turn must hold no stripe another place in the queue may be waiting for.
        var arriving = command is ICreatesCase ? Workflows.For(command).ReadsFor(null, command) : null;
        var turn = arriving is { Numbers.Count: > 0 } ? _numbers.Reserve(arriving.Numbers[0]) : null;
        CommandResult result;
        string? kind;
        try
        {
            var stripe = turn is null ? _stripes[(command.CaseId.Value.GetHashCode() & int.MaxValue) % _stripes.Length] : null;
            if (stripe is not null)
            {
                await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            try
            {
                (result, kind) = await ExecuteSerialisedAsync(command, arriving, turn, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                stripe?.Release();
            }
        }
        finally
        {
            turn?.Leave();
        }

        var status = KebabCase.Of(result.Status);
        activity?.SetTag("council.case", result.CaseId.ToString());
        activity?.SetTag("council.status", status);
        CouncilTelemetry.Commands.Add(
            1,
            new KeyValuePair<string, object?>("workflow", kind),
            new KeyValuePair<string, object?>("command", command.GetType().Name),
            new KeyValuePair<string, object?>("status", status));
        if (result.Status == CommandStatus.Refused)
        {
            LogRefused(_logger, command.GetType().Name, command.CaseId, result.State, result.Refusal?.UnmetGuards);
        }
        else if (result.Status == CommandStatus.Conflict)
        {
            LogConflict(_logger, command.GetType().Name, command.CaseId, result.Message ?? "");
        }

        CouncilTelemetry.CommandDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        return result;
    }

    private async ValueTask<(CommandResult Result, string? Kind)> ExecuteSerialisedAsync(Command command, CaseReads? arriving, NumberHandout.Turn? turn, CancellationToken cancellationToken)
    {
        if (!_rowsCurrent)
        {
            await RefreshRowsAsync(cancellationToken).ConfigureAwait(false);
        }

        var fingerprint = CommandFingerprint.Of(command);
        for (var attempt = 1; ; attempt++)
        {
            var (first, stored) = await Store.LoadForCommandAsync(command.CommandId, command.CaseId, _cache.VersionOf(command.CaseId), cancellationToken).ConfigureAwait(false);
            if (first is not null)
            {
                return (Repeat(command, fingerprint, first), null);
            }

            var current = stored is null ? null : await DeriveAsync(command.CaseId, stored, cancellationToken).ConfigureAwait(false);

            if (Precheck(command, current) is { } early)
            {
                return (early, current?.Kind);
            }

            // The record's own time: the clock, never earlier than the case's previous record (a clock set back).
            var clock = _clock.GetCurrentInstant();
            if (Misdated(command, current, clock) is { } misdated)
            {
                return (misdated, current?.Kind);
            }

            var recorded = current?.LastRecordedAt is { } last && last > clock ? last : clock;
            command = command with { RecordedAt = recorded };

            var workflow = current is not null && command is FireTimer ? Workflows.ByKind(current.Kind) : Workflows.For(command);
            // What a new case's decision reads was worked out on its arrival.
            var reads = current is null && arriving is not null ? arriving : workflow.ReadsFor(current, command);
            var related = reads.IsEmpty ? RelatedCases.None : await ReadAsync(reads, cancellationToken).ConfigureAwait(false);
            CommitOutcome outcome;
            CommandResult result;
            CaseCommit commit;
            if (reads.Numbers.Count == 0)
            {
                (commit, result) = ToCommit(workflow, current, command, fingerprint, workflow.Decide(current, command, related));
                var committing = System.Diagnostics.Stopwatch.GetTimestamp();
                outcome = await Store.CommitAsync(commit, cancellationToken).ConfigureAwait(false);
                WarnIfSlow(command, committing);
            }
            else
            {
                // The place taken on arrival serves a creating command's first attempt. Any other numbered decision (an answer
                // taking its outgoing number, a retry) queues now, holding only its own case's stripe: every place ahead of it
                // already holds all it needs, so the queue cannot wait on a stripe, and parallel answers of one journal take
                // their numbers in turn instead of racing for one and retrying.
                var own = turn is not null && turn.Covers(reads.Numbers) ? turn : null;
                if (own is null)
                {
                    turn?.Leave();
                    own = reads.Numbers.Count == 1 ? _numbers.Reserve(reads.Numbers[0]) : null;
                }

                turn = null;
                (outcome, commit, result) = await DecideNumberedAsync(workflow, current, command, fingerprint, reads, related, own, cancellationToken).ConfigureAwait(false);
            }

            switch (outcome.Status)
            {
                case CommitStatus.Committed:
                    if (commit.Case is { } after)
                    {
                        _cache.Remember(after);
                    }

                    return (result, workflow.Kind);
                case CommitStatus.DuplicateCommand:
                    return (Repeat(command, fingerprint, outcome.Existing!), workflow.Kind);
                case CommitStatus.RelatedConflict when attempt < MaxAttempts:
                case CommitStatus.VersionConflict when command.ExpectedVersion is null && attempt < MaxAttempts:
                    await Task.Delay(Random.Shared.Next(1, 5 * attempt), cancellationToken).ConfigureAwait(false);
                    continue;
                case CommitStatus.RelatedConflict:
                    return (Conflict(command, current, "related", Texts.Get("Conflict.related")), workflow.Kind);
                default:
                    var now = await LoadAsync(command.CaseId, cancellationToken).ConfigureAwait(false);
                    return (Conflict(command, now, "changed", Texts.Format("Conflict.changed", now?.Version ?? 0)), workflow.Kind);
            }
        }
    }

    /// <summary>
    /// Rewrites the rows a store holds from an earlier way of deriving them (<see cref="IWorkflow.RowVersion"/>), once per
    /// kind and store; the engine does it before its first command, so limits and queries over keys see every case.
    /// </summary>
    public async ValueTask RefreshRowsAsync(CancellationToken cancellationToken = default)
    {
        // One refresh at a time: the first caller starts it, the others await the same; a failed one is tried again.
        var refresh = new Task<Task>(() => RefreshRowsCoreAsync(cancellationToken));
        var running = Interlocked.CompareExchange(ref _rowsRefresh, refresh.Unwrap(), null);
        if (running is null)
        {
            refresh.Start(TaskScheduler.Default);
            running = _rowsRefresh!;
        }

        try
        {
            await running.ConfigureAwait(false);
        }
        catch
        {
            _ = Interlocked.CompareExchange(ref _rowsRefresh, null, running);
            throw;
        }
    }

    private async Task RefreshRowsCoreAsync(CancellationToken cancellationToken)
    {
        foreach (var workflow in Workflows.All)
        {
            if (await Store.RowVersionAsync(workflow.Kind, cancellationToken).ConfigureAwait(false) >= workflow.RowVersion)
            {
                continue;
            }

            const int Chunk = 500;
            var ids = new List<CaseId>();
            await foreach (var row in Store.QueryAsync(new CaseQuery { Kind = workflow.Kind }, cancellationToken).ConfigureAwait(false))
            {
                ids.Add(row.Id);
            }

            foreach (var chunk in ids.Chunk(Chunk))
            {
                var cases = new List<ICaseData>(chunk.Length);
                foreach (var id in chunk)
                {
                    if (await LoadAsync(id, cancellationToken).ConfigureAwait(false) is { } found)
                    {
                        cases.Add(found);
                    }
                }

                await Store.RewriteRowsAsync(workflow.Kind, cases, null, cancellationToken).ConfigureAwait(false);
            }

            await Store.RewriteRowsAsync(workflow.Kind, [], workflow.RowVersion, cancellationToken).ConfigureAwait(false);
        }

        _rowsCurrent = true;
    }

    // A decision that takes numbers: in its turn in the queues of its sequences (in this engine), the next numbers are
    // handed out, the command decided and its commit handed to the store, so commits of one sequence reach the store in the order of their
    // numbers and none fails for another's. The commit is awaited outside the gate, so the store still groups them.
    private async ValueTask<(CommitOutcome Outcome, CaseCommit Commit, CommandResult Result)> DecideNumberedAsync(
        IWorkflow workflow, ICaseData? current, Command command, long fingerprint, CaseReads reads, RelatedCases related, NumberHandout.Turn? turn, CancellationToken cancellationToken)
    {
        ValueTask<CommitOutcome> pending;
        long committing;
        CaseCommit commit;
        CommandResult result;
        try
        {
            if (turn is not null)
            {
                await turn.EnterAsync(cancellationToken).ConfigureAwait(false);
            }

            var numbers = new Dictionary<string, long>(reads.Numbers.Count, StringComparer.Ordinal);
            foreach (var scope in reads.Numbers)
            {
                numbers[scope] = _numbers.Known(scope) is { } last
                    ? last + 1
                    : await Store.LastNumberAsync(scope, cancellationToken).ConfigureAwait(false) + 1;
            }

            (commit, result) = ToCommit(workflow, current, command, fingerprint, workflow.Decide(current, command, related.WithOwnNumbers(numbers)));
            _numbers.Handed(commit.Numbers);
            committing = System.Diagnostics.Stopwatch.GetTimestamp();
            pending = Store.CommitAsync(commit, cancellationToken);
        }
        catch
        {
            _numbers.Forget(reads.Numbers);
            throw;
        }
        finally
        {
            turn?.Leave();
        }

        CommitOutcome outcome;
        try
        {
            outcome = await pending.ConfigureAwait(false);
            WarnIfSlow(command, committing);
        }
        catch
        {
            _numbers.Forget(reads.Numbers);
            throw;
        }

        if (outcome.Status != CommitStatus.Committed)
        {
            // A number handed out and not taken leaves a hole: the next decision reads the store again.
            _numbers.Forget(reads.Numbers);
        }

        return (outcome, commit, result);
    }

    // The read step: every related case, query and number the decision names, read before it decides.
    private async ValueTask<RelatedCases> ReadAsync(CaseReads reads, CancellationToken cancellationToken)
    {
        var cases = new Dictionary<CaseId, ICaseData>(reads.Cases.Count);
        foreach (var id in reads.Cases)
        {
            if (await LoadAsync(id, cancellationToken).ConfigureAwait(false) is { } found)
            {
                cases[found.Id] = found;
            }
        }

        var queried = new Dictionary<CaseQuery, IReadOnlyList<ICaseData>>(reads.Queries.Count);
        foreach (var query in reads.Queries)
        {
            var ids = new List<CaseId>();
            await foreach (var row in Store.QueryAsync(query, cancellationToken).ConfigureAwait(false))
            {
                ids.Add(row.Id);
            }

            var loaded = new List<ICaseData>(ids.Count);
            foreach (var id in ids)
            {
                if (await LoadAsync(id, cancellationToken).ConfigureAwait(false) is { } found)
                {
                    loaded.Add(found);
                }
            }

            queried[query] = loaded;
        }

        return RelatedCases.Owning(cases, queried);
    }

    /// <summary>Fires a due timer through the command path. A timer whose case moved on is ignored.</summary>
    public ValueTask<CommandResult> FireAsync(TimerEntry timer, Instant now, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(timer);
        return ExecuteAsync(FireTimer.For(timer, now), cancellationToken);
    }

    private static CommandResult? Precheck(Command command, ICaseData? current)
    {
        if (command is ICreatesCase)
        {
            return current is null
                ? null
                : Conflict(command, current, "exists", Texts.Format("Conflict.exists", command.CaseId));
        }

        if (current is null)
        {
            return new CommandResult
            {
                Status = command is FireTimer ? CommandStatus.Ignored : CommandStatus.NotFound,
                CommandId = command.CommandId,
                CaseId = command.CaseId,
                Message = Texts.Format("NotFound.id", command.CaseId),
            };
        }

        if (command.ExpectedVersion is { } expected && expected != current.Version)
        {
            return Conflict(command, current, "version", Texts.Format("Conflict.version", current.Version, expected));
        }

        return null;
    }

    // An act is never dated before its case's latest act, nor (in a working store) after the clock. Such a command is
    // refused before anything is decided, and the refusal is not recorded: the same command, dated right, may follow.
    private CommandResult? Misdated(Command command, ICaseData? current, Instant now)
    {
        string? rule = null, ruleId = null;
        // A case's latest act dated ahead of the clock (another system's clock, within the tolerance) does not hold the
        // next act back: in a working store an act dated at the clock is taken, though it is a moment before that one.
        var aheadOfClock = current is not null && !Store.IsSimulation && current.LastActAt > now && command.At >= now - _clockTolerance;
        if (current is not null && command.At < current.LastActAt && !aheadOfClock)
        {
            (ruleId, rule) = ("act-before-latest", Texts.Format("Rule.act-before-latest", When(command.At, current.LastActAt), When(current.LastActAt, command.At)));
        }
        else if (!Store.IsSimulation && command.At > now + _clockTolerance)
        {
            (ruleId, rule) = ("act-after-clock", Texts.Format("Rule.act-after-clock", When(command.At, now), When(now, command.At)));
        }
        else if (_maxBack is { } maxBack && !Store.IsSimulation && !command.Imported && command is not FireTimer && command.At < now - maxBack)
        {
            (ruleId, rule) = ("act-too-far-back", Texts.Format("Rule.act-too-far-back", When(command.At, command.At), (int)maxBack.TotalDays));
        }

        if (rule is null)
        {
            return null;
        }

        return new CommandResult
        {
            Status = command is FireTimer ? CommandStatus.Ignored : CommandStatus.Refused,
            CommandId = command.CommandId,
            CaseId = command.CaseId,
            State = current?.StateName,
            Version = current?.Version ?? 0,
            Refusal = command is FireTimer ? null : new Refusal(current?.StateName ?? "new", KebabCase.FromPascal(command.GetType().Name), [rule], []) { UnmetRules = [ruleId!] },
            Message = rule + ".",
        };

    }

    // A time in a dating refusal: in the council's zone to the minute (seconds where two times differ only in them), else ISO.
    private string When(Instant instant, Instant other)
    {
        if (_datingZone is null)
        {
            return NodaTime.Text.InstantPattern.General.Format(instant);
        }

        const string minutes = "dd.MM.uuuu HH:mm";
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        var local = instant.InZone(_datingZone).LocalDateTime;
        var text = local.ToString(minutes, culture);
        return text == other.InZone(_datingZone).LocalDateTime.ToString(minutes, culture) && instant != other ? local.ToString("dd.MM.uuuu HH:mm:ss", culture) : text;
    }

    private static CommandResult Conflict(Command command, ICaseData? current, string code, string message) => new()
    {
        ConflictCode = code,
        Status = CommandStatus.Conflict,
        CommandId = command.CommandId,
        CaseId = command.CaseId,
        State = current?.StateName,
        Version = current?.Version ?? 0,
        Message = message,
    };

    // The first result of a command id, for a retry of the same act; a conflict when the id is reused for another command.
    private static CommandResult Repeat(Command command, long fingerprint, CommandResult first)
    {
        if (first.CaseId == command.CaseId && CommandFingerprint.Matches(first.Fingerprint, fingerprint, command))
        {
            return first with { IsRepeat = true };
        }

        return new CommandResult
        {
            Status = CommandStatus.Conflict,
            CommandId = command.CommandId,
            CaseId = command.CaseId,
            ConflictCode = "command-id-reused",
            Message = first.CaseId == command.CaseId
                ? Texts.Format("Conflict.id-reused", command.CommandId)
                : Texts.Format("Conflict.id-reused-elsewhere", command.CommandId, first.CaseId),
        };
    }

    private static (CaseCommit Commit, CommandResult Result) ToCommit(IWorkflow workflow, ICaseData? current, Command command, long fingerprint, Decision decision)
    {
        var expected = current?.Version ?? 0;
        var after = decision.Status == CommandStatus.Accepted ? decision.Case! : current;
        var result = new CommandResult
        {
            Status = decision.Status,
            CommandId = command.CommandId,
            CaseId = command.CaseId,
            State = after?.StateName,
            Version = after?.Version ?? 0,
            Events = decision.Events,
            Refusal = decision.Refusal,
            Suggestions = decision.Suggestions,
            Message = decision.Message,
            Fingerprint = fingerprint,
        };

        // A refusal changes nothing but is recorded, so a retry returns it; an ignored timer also drops stale timers.
        var timers = decision.Status switch
        {
            CommandStatus.Accepted => Rescheduled(workflow, current, after!),
            CommandStatus.Ignored when current is not null => workflow.TimersFor(current),
            _ => null,
        };
        var commit = new CaseCommit(
            command.CaseId,
            expected,
            decision.Status == CommandStatus.Accepted ? after : null,
            decision.Events,
            timers,
            decision.Outbox,
            result)
        {
            Numbers = decision.Status == CommandStatus.Accepted ? decision.Numbers : [],
            Limits = decision.Status == CommandStatus.Accepted ? decision.Limits : [],
            Previous = current,
        };
        return (commit, result);
    }

    // The store holds the workflow's timers of the current case (every commit that writes timers writes those), so a
    // command that leaves the schedule as it was (an executor assigned, an interim answer) leaves the stored timers as
    // they are: nothing is rewritten, and each keeps the version that scheduled it. Timers stored under other options
    // or calendar data are not refreshed by such a command; the sweep ignores them when they fire and reschedules then.
    private static IReadOnlyList<TimerEntry>? Rescheduled(IWorkflow workflow, ICaseData? current, ICaseData after)
    {
        var timers = workflow.TimersFor(after);
        // Each timer carries the state it was scheduled in, so a new state with timers is a new schedule.
        return current is null || (timers.Count > 0 && current.StateName != after.StateName) || !SameSchedule(workflow.TimersFor(current), timers)
            ? timers
            : null;
    }

    private static bool SameSchedule(IReadOnlyList<TimerEntry> before, IReadOnlyList<TimerEntry> after)
    {
        if (before.Count != after.Count)
        {
            return false;
        }

        for (var i = 0; i < before.Count; i++)
        {
            if (before[i].Kind != after[i].Kind || before[i].DueAt != after[i].DueAt || before[i].ScheduledInState != after[i].ScheduledInState)
            {
                return false;
            }
        }

        return true;
    }

    private void WarnIfSlow(Command command, long started)
    {
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        if (elapsed > SlowCommit)
        {
            LogSlowCommit(_logger, command.GetType().Name, command.CaseId, (long)elapsed.TotalMilliseconds);
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Debug, Message = "{Command} on case {CaseId} refused in state {State}: {Rules}")]
    private static partial void LogRefused(ILogger logger, string command, CaseId caseId, string? state, IReadOnlyList<string>? rules);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "{Command} on case {CaseId} conflicted: {Reason}")]
    private static partial void LogConflict(ILogger logger, string command, CaseId caseId, string reason);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "{Command} on case {CaseId}: the store took {Milliseconds} ms to commit it")]
    private static partial void LogSlowCommit(ILogger logger, string command, CaseId caseId, long milliseconds);
}
