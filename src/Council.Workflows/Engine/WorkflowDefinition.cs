using Stateless;
using Stateless.Reflection;

namespace Council.Workflows.Engine;

/// <summary>
/// A workflow's rules as written once: every call configures the Stateless reference machine (the drawing source and
/// the reference the tests compare against) and records the same rule in a transition table that decides commands
/// without building or renting a machine. The table is the Stateless definition read as data, so the two cannot differ.
/// </summary>
internal sealed class WorkflowDefinition<TState, TTrigger>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    private readonly Dictionary<(TState, TTrigger), Handler> _handlers = [];

    public WorkflowDefinition(TState initial)
    {
        var state = initial;
        Reference = new StateMachine<TState, TTrigger>(() => state, s => state = s);
    }

    /// <summary>The configured Stateless machine, never fired: for diagrams and inspection.</summary>
    public StateMachine<TState, TTrigger> Reference { get; }

    public StateRules Configure(TState state) => new(this, state, Reference.Configure(state));

    public bool TryGetHandler(TState state, TTrigger trigger, out Handler handler) => _handlers.TryGetValue((state, trigger), out handler!);

    private void Add(TState state, TTrigger trigger, Handler handler)
    {
        // Stateless allows several guarded handlers of one trigger in one state; these definitions never need it, and
        // the table decides by one handler, so a second one is a definition error caught at start-up.
        if (!_handlers.TryAdd((state, trigger), handler))
        {
            throw new InvalidOperationException($"The trigger {trigger} is configured twice in the state {state}.");
        }
    }

    /// <summary>One rule: where a trigger leads from a state, and the guards that must hold.</summary>
    /// <param name="Destination">The fixed destination; for an ignored trigger, the state itself.</param>
    /// <param name="Dynamic">For a dynamic transition, computes the destination when fired.</param>
    /// <param name="Guards">Each guard with the description that names its rule.</param>
    /// <param name="Ignored">The trigger is ignored in this state (a late timer).</param>
    internal sealed record Handler(TState Destination, Func<TState>? Dynamic, Tuple<Func<bool>, string>[] Guards, bool Ignored = false);

    /// <summary>Mirrors the part of Stateless's <c>StateConfiguration</c> the workflows use.</summary>
    internal sealed class StateRules(WorkflowDefinition<TState, TTrigger> definition, TState state, StateMachine<TState, TTrigger>.StateConfiguration configuration)
    {
        public StateRules Permit(TTrigger trigger, TState destination)
        {
            configuration.Permit(trigger, destination);
            return Add(trigger, new Handler(destination, null, []));
        }

        public StateRules PermitIf(TTrigger trigger, TState destination, params Tuple<Func<bool>, string>[] guards)
        {
            configuration.PermitIf(trigger, destination, guards);
            return Add(trigger, new Handler(destination, null, guards));
        }

        public StateRules PermitReentry(TTrigger trigger)
        {
            configuration.PermitReentry(trigger);
            return Add(trigger, new Handler(state, null, []));
        }

        public StateRules PermitReentryIf(TTrigger trigger, params Tuple<Func<bool>, string>[] guards)
        {
            configuration.PermitReentryIf(trigger, guards);
            return Add(trigger, new Handler(state, null, guards));
        }

        public StateRules PermitDynamicIf(TTrigger trigger, Func<TState> destination, string destinationDescription, DynamicStateInfos possibleStates, params Tuple<Func<bool>, string>[] guards)
        {
            configuration.PermitDynamicIf(trigger, destination, destinationDescription, possibleStates, guards);
            return Add(trigger, new Handler(state, destination, guards));
        }

        public StateRules Ignore(TTrigger trigger)
        {
            configuration.Ignore(trigger);
            return Add(trigger, new Handler(state, null, [], Ignored: true));
        }

        private StateRules Add(TTrigger trigger, Handler handler)
        {
            definition.Add(state, trigger, handler);
            return this;
        }
    }
}
