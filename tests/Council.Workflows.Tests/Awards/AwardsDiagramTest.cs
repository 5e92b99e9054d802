using Council.Workflows.Tests.Appeals;

namespace Council.Workflows.Tests.Awards;

public class AwardsDiagramTest
{
    private readonly AwardsFixture _f = new();

    private static string Readme() => File.ReadAllText(Path.Combine(AppealDiagramTest.RepositoryRoot(), "README.md")).ReplaceLineEndings("\n");

    [Fact]
    public void PetitionToMermaid_DrawsTheDynamicOutcomes()
    {
        var mermaid = _f.Petitions.ToMermaid();

        mermaid.Should().Contain("InReview --> Reviewed : record-review");
        mermaid.Should().Contain("Decided --> Closed : present, cancel-presentation");
    }

    [Fact]
    public void MeetingToMermaid_DrawsTheSession()
    {
        var mermaid = _f.Meetings.ToMermaid();

        mermaid.Should().Contain("Scheduled --> InSession : open");
        mermaid.Should().Contain("InSession --> InSession : attendance, declare-conflict, vote");
    }

    [Fact]
    public void Readme_ShowsBothDiagramsAndRulesGeneratedFromTheDefinitions()
    {
        var readme = Readme();

        readme.Should().Contain("```mermaid\n" + _f.Petitions.ToMermaid().TrimEnd() + "\n```");
        readme.Should().Contain("```mermaid\n" + _f.Meetings.ToMermaid().TrimEnd() + "\n```");
        readme.Should().Contain(_f.Petitions.RulesTable());
        readme.Should().Contain(_f.Meetings.RulesTable());
    }
}
