using Council.Workflows.Tests.Appeals;

namespace Council.Workflows.Tests.Appeals;

public class AppealDiagramTest
{
    private readonly AppealFixture _f = new();

    [Fact]
    public void ToMermaid_Definition_DrawsEveryStateAndTheGuardedTransitions()
    {
        var mermaid = _f.Workflow.ToMermaid();

        mermaid.Should().StartWith("stateDiagram-v2");
        mermaid.Should().NotMatchRegex("Closed --> Closed : .*remind", "ignored timers are not drawn");
        mermaid.Should().Contain("Closed --> Closed : correct", "a closed card's typo is still corrected");
        mermaid.Should().Contain("Registered --> UnderConsideration : assign");
        mermaid.Should().Contain("UnderConsideration --> Answered : answer");
        mermaid.Should().Contain("Answered --> Closed : take-off-control");
        mermaid.Should().Contain("RestorationRequested --> Registered : restore-term");
    }

    [Fact]
    public void RulesTable_Definition_ListsEveryGuardWithItsRule()
    {
        var table = _f.Workflow.RulesTable();

        table.Should().Contain("| under-consideration | extend | under-consideration | Art. 20: only head, deputy-head extend the term;");
        table.Should().Contain("Art. 20: total term may not exceed 45 days from receipt");
    }

    [Fact]
    public void ToDot_Definition_IsAGraphvizDigraph()
    {
        var dot = _f.Workflow.ToDot();

        dot.Should().StartWith("digraph");
        dot.Should().Contain("\"Registered\" -> \"Forwarded\"");
    }

    [Fact]
    public void Readme_ShowsTheDiagramGeneratedFromTheDefinition()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")).ReplaceLineEndings("\n");

        readme.Should().Contain("```mermaid\n" + _f.Workflow.ToMermaid().ReplaceLineEndings("\n").TrimEnd() + "\n```",
            "the README's appeal diagram must be regenerated from the definition (council diagram appeals)");
    }

    [Fact]
    public void Readme_ShowsTheRulesTableGeneratedFromTheDefinition()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")).ReplaceLineEndings("\n");

        readme.Should().Contain(_f.Workflow.RulesTable().ReplaceLineEndings("\n"));
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Council.Workflows.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Council.Workflows.sln not found above the test binaries.");
    }
}
