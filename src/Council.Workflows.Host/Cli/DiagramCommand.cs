using System.CommandLine;
using Command = System.CommandLine.Command;
using Council.Workflows.Appeals;
using Council.Workflows.Awards;
using Council.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace Council.Workflows.Host.Cli;

/// <summary><c>council diagram</c>: a workflow's state diagram or rules, drawn from its definition.</summary>
internal static class DiagramCommand
{
    private static readonly TextSource T = new("Verbs");

    public static Command Create(CliOutput output)
    {
        var workflow = new Argument<string>("workflow") { Description = T["Diagram.Arg.workflow"] };
        workflow.Validators.Add(result =>
        {
            var value = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (value is not ("appeals" or "petitions" or "meetings"))
            {
                result.AddError($"'{value}' is not a workflow: use appeals, petitions or meetings.");
            }
        });
        var format = CliParsing.Choice("--format", T["Diagram.Opt.format"], "mermaid", "mermaid", "dot", "rules");
        var command = new Command("diagram", T["Diagram.Cmd.diagram"])
        {
            workflow, format,
        };
        command.SetAction(output.Guarded((parse, _) =>
        {
            var settings = StaffSession.Settings(parse);
            Configuration.CouncilComposition.Check(settings);
            using var services = new ServiceCollection().AddCouncilWorkflows(o => settings.Bind(o, null)).BuildServiceProvider();
            var kind = parse.GetValue(workflow) switch { "petitions" => Petition.CaseKind, "meetings" => CommissionMeeting.CaseKind, _ => Appeal.CaseKind };
            var definition = services.GetRequiredService<WorkflowRegistry>().ByKind(kind);
            output.Out.Write(parse.GetValue(format) switch
            {
                "dot" => definition.ToDot() + "\n",
                "rules" => definition switch
                {
                    AppealWorkflow a => a.RulesTable(),
                    PetitionWorkflow p => p.RulesTable(),
                    MeetingWorkflow m => m.RulesTable(),
                    _ => throw new CliException(T.Format("Diagram.NoRules", kind)),
                },
                _ => definition.ToMermaid(),
            });
            return Task.FromResult(CouncilCli.Ok);
        }));
        return command;
    }
}
