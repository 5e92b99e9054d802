namespace Council.Workflows.Host.Tests;

public class DiagramCommandTest
{
    [Theory]
    [InlineData("appeals", "Registered --> UnderConsideration : assign")]
    [InlineData("petitions", "Submitted --> InReview : register")]
    [InlineData("meetings", "Scheduled --> InSession : open")]
    public async Task Diagram_Workflow_PrintsItsMermaid(string workflow, string edge)
    {
        var run = await CliRun.RunAsync("diagram", workflow);

        run.ExitCode.Should().Be(0);
        run.Out.Should().StartWith("stateDiagram-v2").And.Contain(edge);
    }

    [Fact]
    public async Task Diagram_Rules_PrintsTheRulesTable()
    {
        var run = await CliRun.RunAsync("diagram", "appeals", "--format", "rules");

        run.Out.Should().Contain("Art. 20: total term may not exceed 45 days");
    }

    [Fact]
    public async Task Diagram_Dot_PrintsADigraph()
    {
        var run = await CliRun.RunAsync("diagram", "meetings", "--format", "dot");

        run.Out.Should().StartWith("digraph");
    }

    [Fact]
    public async Task Diagram_UnknownWorkflow_IsOneLine()
    {
        var run = await CliRun.RunAsync("diagram", "budgets");

        run.ShouldFailWithOneLine("'budgets' is not a workflow");
    }
}
