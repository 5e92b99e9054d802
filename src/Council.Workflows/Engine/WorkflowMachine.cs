namespace Council.Workflows.Engine;

/// <summary>
/// A workflow's definition, written once against Stateless and decided from its transition table: one instance is
/// shared by every case and every thread. Guards read the case being decided through the context accessor, which
/// points at the calling thread's context for the duration of one synchronous decision.
/// </summary>
internal sealed class WorkflowMachine<TState, TTrigger, TContext>
    where TState : struct, Enum
    where TTrigger : struct, Enum
    where TContext : class
{
    [ThreadStatic]
    private static TContext? t_current;

    private readonly WorkflowDefinition<TState, TTrigger> _definition;
    private readonly Dictionary<TState, IReadOnlyList<string>> _permitted;
    private readonly Dictionary<TState, string> _stateNames = Enum.GetValues<TState>().ToDictionary(s => s, s => KebabCase.Of(s));
    private readonly Dictionary<TTrigger, string> _triggerNames = Enum.GetValues<TTrigger>().ToDictionary(t => t, t => KebabCase.Of(t));

    /// <param name="initial">The state of a new case.</param>
    /// <param name="configure">Writes the rules; guards read the context through the given accessor.</param>
    /// <param name="internalTriggers">Triggers that only the system fires (timers), left out of "permitted" lists.</param>
    public WorkflowMachine(TState initial, Action<WorkflowDefinition<TState, TTrigger>, Func<TContext>> configure, params TTrigger[] internalTriggers)
    {
        _definition = new WorkflowDefinition<TState, TTrigger>(initial);
        configure(_definition, static () => t_current ?? throw new InvalidOperationException("A guard was read outside a decision."));
        var info = _definition.Reference.GetInfo();
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

    /// <summary>
    /// Fires <paramref name="trigger"/> for a case in <paramref name="state"/>, or says why it cannot: as Stateless
    /// would, every guard of the rule is evaluated and each unmet one is named.
    /// </summary>
    public bool TryFire(TState state, TContext context, TTrigger trigger, out TState next, out Refusal? refusal)
    {
        var previous = t_current;
        t_current = context;
        try
        {
            List<string>? unmet = null;
            List<string>? ids = null;
            if (_definition.TryGetHandler(state, trigger, out var handler))
            {
                foreach (var rule in handler.Guards)
                {
                    if (!rule.Item1())
                    {
                        (unmet ??= []).Add(GuardRule.Cited(rule));
                        (ids ??= []).Add(GuardRule.Id(rule));
                    }
                }

                if (unmet is null)
                {
                    next = handler.Dynamic is { } dynamic ? dynamic() : handler.Destination;
                    refusal = null;
                    return true;
                }
            }

            next = state;
            // The refused action is not offered back as permitted: the others are.
            var refused = _triggerNames[trigger];
            refusal = new Refusal(_stateNames[state], refused, unmet ?? [], [.. _permitted[state].Where(t => t != refused)]) { UnmetRules = ids ?? [] };
            return false;
        }
        finally
        {
            t_current = previous;
        }
    }

    /// <summary>
    /// The actions a person may take on a case in <paramref name="state"/>, each with the rules among
    /// <paramref name="considered"/> it fails for the person in <paramref name="context"/> (none: it is open to them).
    /// Only rules that do not depend on an act's arguments are considered (who acts, on which case): what is typed is
    /// checked when the act is made.
    /// </summary>
    public IReadOnlyList<ActionOption> Options(TState state, TContext context, Func<string, bool> considered)
    {
        var previous = t_current;
        t_current = context;
        try
        {
            var options = new List<ActionOption>();
            foreach (var name in _permitted[state])
            {
                var trigger = _triggerNames.First(t => t.Value == name).Key;
                var unmet = new List<string>();
                var ids = new List<string>();
                if (_definition.TryGetHandler(state, trigger, out var handler))
                {
                    foreach (var rule in handler.Guards.Where(g => considered(GuardRule.Id(g))))
                    {
                        if (!rule.Item1())
                        {
                            unmet.Add(GuardRule.Cited(rule));
                            ids.Add(GuardRule.Id(rule));
                        }
                    }
                }

                options.Add(new ActionOption(name, ids, unmet));
            }

            return options;
        }
        finally
        {
            t_current = previous;
        }
    }

    /// <summary>The rules, as written.</summary>
    public WorkflowDefinition<TState, TTrigger> Definition => _definition;

    public string ToMermaid() => StateDiagram.ToMermaid(_definition.Reference.GetInfo());

    public string ToDot() => Stateless.Graph.UmlDotGraph.Format(_definition.Reference.GetInfo());

    public string RulesTable() => StateDiagram.RulesTable(_definition.Reference.GetInfo());
}
