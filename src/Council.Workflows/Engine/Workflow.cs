namespace Council.Workflows.Engine;

/// <summary>What a workflow decided about a command.</summary>
public sealed record Decision
{
    private Decision()
    {
    }

    /// <summary>Accepted, refused or ignored.</summary>
    public CommandStatus Status { get; private init; }

    /// <summary>For an accepted command, the case afterwards.</summary>
    public ICaseData? Case { get; private init; }

    /// <summary>For an accepted command, the new events.</summary>
    public IReadOnlyList<CaseEvent> Events { get; private init; } = [];

    /// <summary>Effects that leave the system.</summary>
    public IReadOnlyList<OutboxMessage> Outbox { get; private init; } = [];

    /// <summary>What the system noticed for an official.</summary>
    public IReadOnlyList<Suggestion> Suggestions { get; private init; } = [];

    /// <summary>For a refusal, why.</summary>
    public Refusal? Refusal { get; private init; }

    /// <summary>For an ignored command, why.</summary>
    public string? Message { get; private init; }

    /// <summary>The command is applied: <paramref name="case"/> is the case after <paramref name="events"/>.</summary>
    public static Decision Accept(ICaseData @case, IReadOnlyList<CaseEvent> events, IReadOnlyList<OutboxMessage>? outbox = null, IReadOnlyList<Suggestion>? suggestions = null) =>
        new() { Status = CommandStatus.Accepted, Case = @case, Events = events, Outbox = outbox ?? [], Suggestions = suggestions ?? [] };

    /// <summary>
    /// The number this decision takes from a sequence (a registration index; at most one): read as the next
    /// (<see cref="RelatedCases.NextNumber"/>) and taken in the commit only if it still is, so a command that is not
    /// committed uses no number and the numbers have no gaps.
    /// </summary>
    public IReadOnlyList<TakenNumber> Numbers { get; private init; } = [];

    /// <summary>The limits over every case's keys that the commit must keep (an award's annual cap); see <see cref="KeyLimit"/>.</summary>
    public IReadOnlyList<KeyLimit> Limits { get; private init; } = [];

    /// <summary>The same decision, taking <paramref name="number"/> of the sequence <paramref name="scope"/> in its commit.</summary>
    /// <exception cref="InvalidOperationException">The decision already takes a number: a command takes at most one.</exception>
    public Decision WithNumber(string scope, long number)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scope);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(number);
        return Numbers.Count == 0
            ? this with { Numbers = [new TakenNumber(scope, number)] }
            : throw new InvalidOperationException("A decision takes at most one number.");
    }

    /// <summary>The same decision, with a limit its commit must keep.</summary>
    public Decision WithLimit(KeyLimit limit)
    {
        ArgumentNullException.ThrowIfNull(limit);
        return this with { Limits = [.. Limits, limit] };
    }

    /// <summary>The command is refused.</summary>
    public static Decision Refuse(Refusal refusal) => new() { Status = CommandStatus.Refused, Refusal = refusal };

    /// <summary>The command (a late timer) is ignored.</summary>
    public static Decision Ignore(string message) => new() { Status = CommandStatus.Ignored, Message = message };
}

/// <summary>
/// A workflow: the rules of one kind of case. It decides commands against the current case, rebuilds a case from its
/// history, derives the case's timers from its deadlines, and draws itself.
/// </summary>
public interface IWorkflow
{
    /// <summary>The kind of case, such as <c>appeal</c>.</summary>
    string Kind { get; }

    /// <summary>The event types of this workflow, for stores that serialise events.</summary>
    IReadOnlyCollection<Type> EventTypes { get; }

    /// <summary>Whether this workflow handles <paramref name="command"/>.</summary>
    bool Handles(Command command);

    /// <summary>
    /// What deciding <paramref name="command"/> needs to read besides the case: related cases, the cases a query finds,
    /// the next number of a sequence. <paramref name="current"/> is <see langword="null"/> for a command that creates a case.
    /// </summary>
    CaseReads ReadsFor(ICaseData? current, Command command);

    /// <summary>
    /// Decides a command: a pure function of the case (<see langword="null"/> for a command that creates one), the command
    /// and what was read for it (<see cref="ReadsFor"/>). It reads no store and has no effect; what spans cases (a number,
    /// a limit) it states in the decision for the commit to check.
    /// </summary>
    Decision Decide(ICaseData? current, Command command, RelatedCases related);

    /// <summary>
    /// The version of the rows this workflow derives from its cases (<see cref="ICaseData.ToRow"/>): raised when a row's
    /// keys or columns are derived differently, so the engine rewrites the rows stored by an earlier version once.
    /// </summary>
    int RowVersion => 1;

    /// <summary>Rebuilds the case from its history.</summary>
    ICaseData Replay(IReadOnlyList<CaseEvent> history);

    /// <summary>The timers the case should have pending now.</summary>
    IReadOnlyList<TimerEntry> TimersFor(ICaseData data);

    /// <summary>The state diagram in Mermaid, from the same definition that decides commands.</summary>
    string ToMermaid();

    /// <summary>The state diagram in Graphviz DOT.</summary>
    string ToDot();
}

/// <summary>The workflows an engine knows, by kind.</summary>
public sealed class WorkflowRegistry
{
    private readonly IReadOnlyList<IWorkflow> _workflows;
    private readonly Dictionary<string, IWorkflow> _byKind;
    private readonly Dictionary<Type, IWorkflow> _byCommandType = [];
    private readonly Lock _lock = new();

    /// <summary>Creates a registry.</summary>
    /// <exception cref="ArgumentException">Two workflows share a kind.</exception>
    public WorkflowRegistry(IEnumerable<IWorkflow> workflows)
    {
        ArgumentNullException.ThrowIfNull(workflows);
        _workflows = [.. workflows];
        _byKind = new Dictionary<string, IWorkflow>(StringComparer.Ordinal);
        foreach (var workflow in _workflows)
        {
            if (!_byKind.TryAdd(workflow.Kind, workflow))
            {
                throw new ArgumentException($"Two workflows have the kind '{workflow.Kind}'.", nameof(workflows));
            }
        }
    }

    /// <summary>Every workflow.</summary>
    public IReadOnlyList<IWorkflow> All => _workflows;

    /// <summary>The event types of every workflow (<see cref="IWorkflow.EventTypes"/>): what a store reads and writes.</summary>
    public IReadOnlyList<Type> EventTypes => [.. _workflows.SelectMany(w => w.EventTypes)];

    /// <summary>The workflow of a kind.</summary>
    /// <exception cref="ArgumentException">No workflow has that kind.</exception>
    public IWorkflow ByKind(string kind) =>
        _byKind.TryGetValue(kind, out var workflow) ? workflow : throw new ArgumentException($"No workflow has the kind '{kind}'. Known: {string.Join(", ", _byKind.Keys)}.", nameof(kind));

    /// <summary>The workflow that handles <paramref name="command"/>.</summary>
    /// <exception cref="ArgumentException">No workflow handles it.</exception>
    public IWorkflow For(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var type = command.GetType();
        lock (_lock)
        {
            if (_byCommandType.TryGetValue(type, out var known))
            {
                return known;
            }
        }

        return Resolve(command, type);
    }

    // Apart from For, so its closure is made only when a command type is first seen.
    private IWorkflow Resolve(Command command, Type type)
    {
        var workflow = _workflows.FirstOrDefault(w => w.Handles(command))
            ?? throw new ArgumentException($"No workflow handles the command {type.Name}.", nameof(command));
        lock (_lock)
        {
            _byCommandType[type] = workflow;
        }

        return workflow;
    }

    /// <summary>Rebuilds a case of <paramref name="kind"/> from its history.</summary>
    public ICaseData Replay(string kind, IReadOnlyList<CaseEvent> history) => ByKind(kind).Replay(history);
}
