using Council.Workflows.Awards;
using Council.Workflows.Engine;
using static Council.Workflows.Tests.Awards.AwardsFixture;

namespace Council.Workflows.Tests.Awards;

public class EligibilityTest
{
    private readonly AwardsFixture _f = new();

    private static IReadOnlyList<string> Rules(Petition petition, int no = 1) => [.. petition.NomineeNo(no)!.Warnings.Select(w => w.Rule)];

    [Fact]
    public async Task Register_FirstThanks_HasNoWarnings()
    {
        var petition = await _f.RegisteredAsync();

        petition.Nominees[0].Warnings.Should().BeEmpty();
    }

    [Fact]
    public async Task Register_PosthumousAwardThatIsNotGrantedPosthumously_WarnsNamingTheRule()
    {
        var petition = await _f.RegisteredAsync(Nominee(award: "merit-2", posthumous: true));

        Rules(petition).Should().Contain("posthumous");
    }

    [Fact]
    public async Task Register_HigherAwardWithoutALowerOne_WarnsLowerFirst()
    {
        var petition = await _f.RegisteredAsync(Nominee(award: "honorary-certificate"));

        Rules(petition).Should().Equal("lower-first");
        petition.Nominees[0].Warnings[0].Message.Should().Contain("Подяка");
    }

    [Fact]
    public async Task Register_HigherAwardTooSoonAfterTheLowerOne_WarnsInterval()
    {
        await _f.AwardedAsync(new LocalDate(2022, 6, 1));
        _f.Clock.Reset(Instant.FromUtc(2023, 9, 1, 8, 0));

        var petition = await _f.RegisteredAsync(Nominee(award: "honorary-certificate"));

        Rules(petition).Should().Equal("interval");
        petition.Nominees[0].Warnings[0].Message.Should().Contain("01.06.2024");
    }

    [Fact]
    public async Task Register_HigherAwardAfterTheInterval_HasNoWarnings()
    {
        await _f.AwardedAsync(new LocalDate(2020, 6, 1));

        var petition = await _f.RegisteredAsync(Nominee(award: "honorary-certificate"));

        petition.Nominees[0].Warnings.Should().BeEmpty();
    }

    [Fact]
    public async Task Register_OnceOnlyAwardHeldAlready_Warns()
    {
        await _f.AwardedAsync(new LocalDate(2022, 6, 1), Nominee(award: "courage-honour-valour"));

        var petition = await _f.RegisteredAsync(Nominee(award: "courage-honour-valour"));

        Rules(petition).Should().Contain("once-per-person");
    }

    [Fact]
    public async Task Register_AnnualCapReached_WarnsAndTheGrantIsRefused()
    {
        var f = new AwardsFixture(new AwardOptions { Types = [.. DefaultAwards.Types.Select(t => t.Id == "honorary-citizen" ? t with { AnnualCap = 1 } : t)] });
        await f.AwardedAsync(new LocalDate(2023, 3, 20), Nominee("Бойко Ігор", award: "honorary-citizen"));

        var second = await f.RecommendedAsync(Nominee("Гончар Віра", award: "honorary-citizen"));
        var grant = await f.Engine.ExecuteAsync(f.Grant(second, 1, GrantingInstrument.CouncilDecision));

        Rules(second).Should().Equal("annual-cap");
        grant.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().Contain("annual cap");
    }

    [Fact]
    public async Task Register_RejectedWithinTwelveMonths_WarnsResubmission()
    {
        var rejected = await _f.RegisteredAsync();
        var meeting = await _f.OpenedAsync(null, rejected);
        await _f.Engine.ExecuteAsync(_f.Vote(meeting, rejected, 1, votesFor: 1, against: 6));
        await _f.CloseAsync(meeting);

        var again = await _f.RegisteredAsync();

        Rules(again).Should().Equal("resubmission");
    }

    [Fact]
    public async Task Register_SubmittedTooCloseToTheCeremony_WarnsLateSubmission()
    {
        var submitted = await _f.Engine.ExecuteAsync(_f.Submission() with { IntendedCeremonyOn = new LocalDate(2023, 3, 10) });
        await _f.Engine.ExecuteAsync(_f.Register(submitted.CaseId));

        var petition = await _f.PetitionAsync(submitted.CaseId);

        Rules(petition).Should().Equal("late-submission");
    }

    [Fact]
    public async Task Register_WarningsNeverRejectTheNominee()
    {
        var petition = await _f.RegisteredAsync(Nominee(award: "merit-1", posthumous: true));

        petition.State.Should().Be(PetitionState.InReview);
        petition.Nominees[0].Status.Should().Be(NomineeStatus.Pending);
        petition.Nominees[0].Warnings.Should().HaveCountGreaterThan(1);
    }
}
