using Council.Workflows.Awards;
using Council.Workflows.Engine;

namespace Council.Workflows.Tests.Awards;

// A refusal cites the rules that failed, each with what fails it in this case: who is not a member, the counts, the absent
// voter, the nominee and field of an incomplete petition, the instrument an award needs.
public class RefusalDetailTest
{
    private readonly AwardsFixture _f = new();

    [Fact]
    public async Task Open_WithStrangersAndNoQuorum_NamesThemAndGivesTheCounts()
    {
        var petition = await _f.RegisteredAsync(AwardsFixture.Nominee());
        var meeting = await _f.ScheduledAsync(petition);

        var result = await _f.Engine.ExecuteAsync(_f.Open(meeting, ["Гречко Наталія", "Іванов Іван", "Петров Петро"]));

        result.Refusal!.UnmetGuards.Should().HaveCount(2);
        result.Refusal.UnmetGuards[0].Should().EndWith("(not members: Іванов Іван, Петров Петро; the commission: Гречко Наталія, Ковальчук Андрій, Лисенко Оксана, Мороз Василь, Олійник Тетяна, Павленко Роман, Руденко Світлана)");
        result.Refusal.UnmetGuards[1].Should().EndWith("(1 of 7 members present; the quorum is 4)");
    }

    [Fact]
    public async Task Vote_ByAnAbsentMember_CitesOnlyThePresenceRule_NamingTheMember()
    {
        var petition = await _f.RegisteredAsync(AwardsFixture.Nominee());
        var meeting = await _f.OpenedAsync(["Гречко Наталія", "Ковальчук Андрій", "Лисенко Оксана", "Мороз Василь"], petition);

        var result = await _f.Engine.ExecuteAsync(_f.Vote(meeting, petition, 1, votesFor: 3, voters: ["Гречко Наталія", "Ковальчук Андрій", "Руденко Світлана"]));

        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().Be("Each member present votes once; absent members do not vote (absent: Руденко Світлана)");
        result.Refusal.PermittedTriggers.Should().NotContain("vote");
    }

    [Fact]
    public async Task Vote_OnANomineeNotOnTheAgenda_CitesOnlyTheAgendaRule_WithWhatIsOnIt()
    {
        var petition = await _f.RegisteredAsync(AwardsFixture.Nominee());
        var other = await _f.RegisteredAsync(AwardsFixture.Nominee("Бондар Ігор"));
        var meeting = await _f.OpenedAsync(null, petition);

        var result = await _f.Engine.ExecuteAsync(_f.Vote(meeting, other, 1, votesFor: 7));

        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().Be($"Only a nominee on the agenda is declared on or voted on (on the agenda: {petition.Number} #1)");
    }

    [Fact]
    public async Task Register_AnIncompletePetition_NamesTheNomineeTheFieldAndTheValidValues()
    {
        var submitted = await _f.Engine.ExecuteAsync(_f.Submission(AwardsFixture.Nominee(), AwardsFixture.Nominee("Бондар Ігор", category: "militari")));

        var result = await _f.Engine.ExecuteAsync(_f.Register(submitted.CaseId));

        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().Contain("(nominee 2 (Бондар Ігор): category 'militari' (valid: military, volunteer, police,")
            .And.NotContain("nominee 1");
    }

    [Fact]
    public async Task Grant_ByTheWrongInstrument_NamesTheOneTheAwardNeeds()
    {
        var petition = await _f.RecommendedAsync(AwardsFixture.Nominee());

        var result = await _f.Engine.ExecuteAsync(_f.Grant(petition, 1, GrantingInstrument.CouncilDecision));

        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().EndWith("(«Подяка міського голови» is granted by mayors-order, not council-decision)");
    }
}
