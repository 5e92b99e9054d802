using Stateless;

namespace Council.Workflows.Engine;

/// <summary>
/// A workflow's Stateless definition, configured once per pooled machine and shared by every case: decides one trigger
/// for one case at a time, answers refusals with the unmet rules and the permitted triggers, and draws itself.
/// </summary>
internal sealed class WorkflowMachine<TState, TTrigger, TContext>
    where TState : struct, Enum
    where TTrigger : struct, Enum
    where TContext : class
{
    private readonly MachinePool<TState, TTrigger, TContext> _pool;
    private readonly Dictionary<TState, IReadOnlyList<string>> _permitted;

    /// <param name="initial">The state of a new case.</param>
    /// <param name="configure">Configures one machine; guards read the context through the given accessor.</param>
    /// <param name="internalTriggers">Triggers that only the system fires (timers), left out of "permitted" lists.</param>
    public WorkflowMachine(TState initial, Action<StateMachine<TState, TTrigger>, Func<TContext>> configure, params TTrigger[] internalTriggers)
    {
        _pool = new MachinePool<TState, TTrigger, TContext>(initial, (machine, slot) => configure(machine, () => slot.Current));
        var info = _pool.Reference().GetInfo();
        _permitted = Enum.GetValues<TState>().ToDictionary(s => s, _ => (IReadOnlyList<string>)[]);
        foreach (var state in info.States)
        {
            _permitted[(TState)state.UnderlyingState] = state.FixedTransitions.Select(t => (TTrigger)t.Trigger.UnderlyingTrigger)
                .Concat(state.DynamicTransitions.Select(t => (TTrigger)t.Trigger.UnderlyingTrigger))
                .Where(t => !internalTriggers.Contains(t))
                .Distinct()
                .Select(KebabCase.Of)
                .ToList();
        }
    }

    /// <summary>Fires <paramref name="trigger"/> for a case in <paramref name="state"/>, or says why it cannot.</summary>
    public bool TryFire(TState state, TContext context, TTrigger trigger, out TState next, out Refusal? refusal)
    {
        using var slot = _pool.Rent(state, context);
        if (!slot.Machine.CanFire(trigger, out var unmet))
        {
            next = state;
            refusal = new Refusal(KebabCase.Of(state), KebabCase.Of(trigger), [.. unmet ?? []], _permitted[state]);
            return false;
        }

        slot.Machine.Fire(trigger);
        next = slot.State;
        refusal = null;
        return true;
    }

    public string ToMermaid() => StateDiagram.ToMermaid(_pool.Reference().GetInfo());

    public string ToDot() => Stateless.Graph.UmlDotGraph.Format(_pool.Reference().GetInfo());

    public string RulesTable() => StateDiagram.RulesTable(_pool.Reference().GetInfo());
}
