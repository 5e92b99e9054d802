using System.Text;
using Stateless.Reflection;

namespace Council.Workflows.Engine;

// Drawings of a workflow from its Stateless definition. Mermaid is kept compact for reading (kebab-case triggers,
// no guard text, no ignored timer loops); the rules table lists every guard with the rule it names.
internal static class StateDiagram
{
    public static string ToMermaid(StateMachineInfo info)
    {
        var text = new StringBuilder("stateDiagram-v2\n");
        text.Append("    [*] --> ").Append(info.InitialState.UnderlyingState).Append('\n');
        foreach (var state in info.States)
        {
            var edges = state.FixedTransitions.Select(t => (Trigger: t.Trigger, To: t.DestinationState.UnderlyingState.ToString()!))
                .Concat(state.DynamicTransitions.SelectMany(t => t.PossibleDestinationStates.Select(d => (Trigger: t.Trigger, To: d.DestinationState))));
            foreach (var group in edges.GroupBy(e => e.To))
            {
                var triggers = string.Join(", ", group.Select(e => Trigger(e.Trigger)).Distinct());
                text.Append("    ").Append(state.UnderlyingState).Append(" --> ").Append(group.Key).Append(" : ").Append(triggers).Append('\n');
            }

            // A state whose only transitions lead back to itself (a correction of the record) ends the lifecycle.
            if (state.FixedTransitions.All(t => Equals(t.DestinationState.UnderlyingState, state.UnderlyingState)) && !state.DynamicTransitions.Any())
            {
                text.Append("    ").Append(state.UnderlyingState).Append(" --> [*]\n");
            }
        }

        return text.ToString();
    }

    public static string RulesTable(StateMachineInfo info)
    {
        var text = new StringBuilder("| from | trigger | to | rules (every one must hold) |\n|---|---|---|---|\n");
        foreach (var state in info.States)
        {
            var transitions = state.FixedTransitions.Select(t => (Transition: (TransitionInfo)t, To: KebabCase.FromPascal(t.DestinationState.UnderlyingState.ToString()!)))
                .Concat(state.DynamicTransitions.Select(t => (Transition: (TransitionInfo)t, To: string.Join(" or ", t.PossibleDestinationStates.Select(d => KebabCase.FromPascal(d.DestinationState))))));
            foreach (var (transition, to) in transitions)
            {
                var guards = transition.GuardConditionsMethodDescriptions.Select(g => g.Description).Where(d => !string.IsNullOrWhiteSpace(d)).ToList();
                text.Append("| ").Append(KebabCase.FromPascal(state.UnderlyingState.ToString()!))
                    .Append(" | ").Append(Trigger(transition.Trigger))
                    .Append(" | ").Append(to)
                    .Append(" | ").Append(guards.Count == 0 ? "—" : string.Join("; ", guards).Replace("|", "\\|", StringComparison.Ordinal))
                    .Append(" |\n");
            }
        }

        return text.ToString();
    }

    private static string Trigger(TriggerInfo trigger) => KebabCase.FromPascal(trigger.UnderlyingTrigger.ToString()!);
}
