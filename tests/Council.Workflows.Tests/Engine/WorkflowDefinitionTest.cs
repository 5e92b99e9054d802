using Council.Workflows.Appeals;
using Council.Workflows.Awards;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;
using Stateless;

namespace Council.Workflows.Tests.Engine;

// The transition table decides commands; the Stateless machine configured by the same calls draws the diagrams. They
// must say the same thing: every transition of one is in the other, with the same destinations and guard descriptions.
public class WorkflowDefinitionTest
{
    [Fact]
    public void Table_HoldsExactlyTheStatelessTransitions_OfEveryWorkflow()
    {
        var calculator = DeadlineCalculator.Default;
        var awards = new AwardOptions();
        Check(new AppealWorkflow(calculator, new AppealOptions()).Rules);
        Check(new PetitionWorkflow(calculator, awards).Rules);
        Check(new MeetingWorkflow(calculator, awards).Rules);
    }

    [Fact]
    public void Definition_RefusesATriggerConfiguredTwiceInOneState()
    {
        var definition = new WorkflowDefinition<AppealState, AppealTrigger>(AppealState.Registered);
        definition.Configure(AppealState.Registered).Permit(AppealTrigger.Assign, AppealState.UnderConsideration);

        var again = () => definition.Configure(AppealState.Registered).Ignore(AppealTrigger.Assign);

        again.Should().Throw<InvalidOperationException>().WithMessage("*Assign*twice*Registered*");
    }

    private static void Check<TState, TTrigger>(WorkflowDefinition<TState, TTrigger> definition)
        where TState : struct, Enum
        where TTrigger : struct, Enum
    {
        var info = definition.Reference.GetInfo();
        var fromStateless = new List<string>();
        foreach (var state in info.States)
        {
            var from = (TState)state.UnderlyingState;
            fromStateless.AddRange(state.FixedTransitions.Select(t => Line(from, (TTrigger)t.Trigger.UnderlyingTrigger, ((TState)t.DestinationState.UnderlyingState).ToString(), t.GuardConditionsMethodDescriptions.Select(g => g.Description))));
            fromStateless.AddRange(state.DynamicTransitions.Select(t => Line(from, (TTrigger)t.Trigger.UnderlyingTrigger, "dynamic", t.GuardConditionsMethodDescriptions.Select(g => g.Description))));
            fromStateless.AddRange(state.IgnoredTriggers.Select(t => Line(from, (TTrigger)t.Trigger.UnderlyingTrigger, "ignored", [])));
        }

        var fromTable = new List<string>();
        foreach (var state in Enum.GetValues<TState>())
        {
            foreach (var trigger in Enum.GetValues<TTrigger>())
            {
                if (definition.TryGetHandler(state, trigger, out var handler))
                {
                    var destination = handler.Dynamic is not null ? "dynamic" : handler.Ignored ? "ignored" : handler.Destination.ToString();
                    fromTable.Add(Line(state, trigger, destination, handler.Guards.Select(g => g.Item2)));
                }
            }
        }

        fromTable.Should().NotBeEmpty().And.BeEquivalentTo(fromStateless);
    }

    private static string Line<TState, TTrigger>(TState from, TTrigger trigger, string to, IEnumerable<string> guards) =>
        $"{from} --{trigger}--> {to} [{string.Join(" & ", guards)}]";
}
