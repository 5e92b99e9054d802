using Council.Workflows.Awards;
using Council.Workflows.Engine;
using static Council.Workflows.Tests.Awards.AwardsFixture;

namespace Council.Workflows.Tests.Awards;

public class PetitionTest
{
    private readonly AwardsFixture _f = new();

    [Fact]
    public async Task Submit_TwoNominees_NumbersThePetitionAndItsNominees()
    {
        var result = await _f.Engine.ExecuteAsync(_f.Submission(Nominee(), Nominee("Ткаченко Марія", category: "volunteer")));

        var petition = await _f.PetitionAsync(result.CaseId);
        petition.Number.Should().Be("1/2023");
        petition.State.Should().Be(PetitionState.Submitted);
        petition.Nominees.Select(n => (n.No, n.Status)).Should().Equal((1, NomineeStatus.Pending), (2, NomineeStatus.Pending));
    }

    [Fact]
    public async Task Submit_NoNominees_IsAnArgumentError()
    {
        var act = () => _f.Engine.ExecuteAsync(_f.Submission() with { Nominees = [] }).AsTask();

        await act.Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task Submit_SubmittedIn1800_IsAnArgumentErrorNamingTheField()
    {
        var act = () => _f.Engine.ExecuteAsync(_f.Submission() with { SubmittedOn = new LocalDate(1800, 3, 1) }).AsTask();

        (await act.Should().ThrowAsync<ArgumentOutOfRangeException>().WithMessage("The date of submission (SubmittedOn) 1800-03-01 is out of range*from 2018-03-01 to 2028-03-01*"))
            .Which.ParamName.Should().Be("SubmittedOn");
    }

    [Fact]
    public async Task Submit_CeremonyInTheYear3000_IsAnArgumentErrorNamingTheField()
    {
        var act = () => _f.Engine.ExecuteAsync(_f.Submission() with { IntendedCeremonyOn = new LocalDate(3000, 1, 1) }).AsTask();

        await act.Should().ThrowAsync<ArgumentOutOfRangeException>().WithMessage("The intended ceremony (IntendedCeremonyOn) 3000-01-01 is out of range*");
    }

    [Fact]
    public async Task Submit_CeremonyNextYear_IsAccepted()
    {
        var result = await _f.Engine.ExecuteAsync(_f.Submission() with { IntendedCeremonyOn = new LocalDate(2024, 8, 24) });

        result.Status.Should().Be(CommandStatus.Accepted);
    }

    [Fact]
    public async Task Register_CompletePetition_StartsTheReviewTerm()
    {
        var petition = await _f.RegisteredAsync();

        petition.State.Should().Be(PetitionState.InReview);
        petition.ReviewDueOn.Should().Be(new LocalDate(2023, 3, 31));
        (await _f.Store.TimersOfAsync(petition.Id)).Select(t => t.Kind.ToString()).Should().Equal(
            "review-reminder-7d:2023-03-31", "review-reminder-1d:2023-03-31", "review-missed:2023-03-31");
    }

    [Fact]
    public async Task Submit_AwardAndCategoryOutsideTheCatalogue_IsRecordedAndSaysSoNamingTheNomineeAndTheValidIds()
    {
        var result = await _f.Engine.ExecuteAsync(_f.Submission(Nominee(), Nominee("Ткаченко Марія", award: "golden-key", category: "heroes")));

        result.Status.Should().Be(CommandStatus.Accepted);
        (await _f.PetitionAsync(result.CaseId)).Nominees[1].ProposedAward.Should().Be("golden-key");
        result.Suggestions.Select(s => s.Code).Should().Equal("unknown-award", "unknown-category");
        result.Suggestions[0].Message.Should().Contain("Nominee 2 (Ткаченко Марія): the award 'golden-key' is not in the catalogue (valid: thanks, honorary-certificate, merit-3");
        result.Suggestions[1].Message.Should().Contain("the category 'heroes' is not in the catalogue (valid: military, volunteer");
        result.Suggestions.Should().OnlyContain(s => s.SuggestedTrigger == "return-for-correction");
    }

    [Fact]
    public async Task Submit_EverythingInTheCatalogue_SaysNothing()
    {
        var result = await _f.Engine.ExecuteAsync(_f.Submission());

        result.Suggestions.Should().BeEmpty();
    }

    [Fact]
    public async Task Register_UnknownAward_IsRefusedAsIncomplete()
    {
        var submitted = await _f.Engine.ExecuteAsync(_f.Submission(Nominee(award: "golden-key")));

        var result = await _f.Engine.ExecuteAsync(_f.Register(submitted.CaseId));

        result.Status.Should().Be(CommandStatus.Refused);
        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().Contain("only when complete");
    }

    [Fact]
    public async Task ReturnAndResubmit_CorrectedPetition_IsRegistered()
    {
        var submitted = await _f.Engine.ExecuteAsync(_f.Submission(Nominee(award: "golden-key")));
        await _f.Engine.ExecuteAsync(new ReturnPetition { CommandId = Guid.NewGuid(), CaseId = submitted.CaseId, Actor = Secretary, At = _f.Now, Reason = "Невідома відзнака" });

        await _f.Engine.ExecuteAsync(new ResubmitPetition { CommandId = Guid.NewGuid(), CaseId = submitted.CaseId, Actor = Clerk, At = _f.Now, Nominees = [Nominee()] });
        var result = await _f.Engine.ExecuteAsync(_f.Register(submitted.CaseId));

        result.State.Should().Be("in-review");
        (await _f.Store.PendingOutboxAsync(10)).Should().ContainSingle(m => m.Kind == "petitioner-notice");
    }

    [Fact]
    public async Task Register_ByAnOfficialWhoIsNotStaff_IsRefused()
    {
        var submitted = await _f.Engine.ExecuteAsync(_f.Submission());

        var result = await _f.Engine.ExecuteAsync(_f.Register(submitted.CaseId) with { Actor = Outsider });

        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().StartWith("Only secretary, clerk, head");
    }

    [Fact]
    public async Task Grant_WithTheWrongInstrument_IsRefused()
    {
        var petition = await _f.RecommendedAsync();

        var result = await _f.Engine.ExecuteAsync(_f.Grant(petition, 1, GrantingInstrument.CouncilDecision));

        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().Contain("body that owns it");
    }

    [Fact]
    public async Task Grant_BeforeTheCommissionRecommends_IsRefused()
    {
        var petition = await _f.RegisteredAsync();

        var result = await _f.Engine.ExecuteAsync(_f.Grant(petition, 1));

        result.Refusal!.UnmetGuards.Should().Contain(g => g.Contains("commission recommended"));
    }

    [Fact]
    public async Task Grant_DatedBeforeTheRecommendation_IsRefusedNamingTheRule()
    {
        var petition = await _f.RecommendedAsync();

        var result = await _f.Engine.ExecuteAsync(_f.Grant(petition, 1, on: new LocalDate(2023, 2, 28)));

        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().Be("A grant is dated on or after the commission's recommendation");
    }

    [Fact]
    public async Task Grant_InAnAbsurdYear_IsAnArgumentErrorNamingTheField()
    {
        var petition = await _f.RecommendedAsync();

        var act = () => _f.Engine.ExecuteAsync(_f.Grant(petition, 1, on: new LocalDate(3023, 3, 20))).AsTask();

        await act.Should().ThrowAsync<ArgumentOutOfRangeException>().WithMessage("The granting instrument's date (On) 3023-03-20 is out of range*");
    }

    [Fact]
    public async Task Grant_EveryNominee_DecidesThePetitionAndStartsThePresentationTerm()
    {
        var petition = await _f.RecommendedAsync();

        var result = await _f.Engine.ExecuteAsync(_f.Grant(petition, 1));

        var decided = await _f.PetitionAsync(petition.Id);
        result.State.Should().Be("decided");
        decided.Nominees[0].Grant.Should().Be(new GrantDecision(true, "thanks", GrantingInstrument.MayorsOrder, "123-р", new LocalDate(2023, 3, 20)));
        decided.Nominees[0].PresentationDueOn.Should().Be(new LocalDate(2023, 5, 19));
        (await _f.Store.TimersOfAsync(petition.Id)).Should().Contain(t => t.Kind.ToString() == "presentation-1-missed:2023-05-19");
    }

    [Fact]
    public async Task Grant_AwardTheNomineeHoldsFromAnotherPetition_IsRefusedNamingTheRule()
    {
        await _f.AwardedAsync(new LocalDate(2023, 3, 20), Nominee(award: "merit-3"));
        var second = await _f.RecommendedAsync(Nominee(name: "шевченко  олег петрович", award: "merit-3"));

        var result = await _f.Engine.ExecuteAsync(_f.Grant(second, 1, on: new LocalDate(2023, 3, 21)));

        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().StartWith("An award is granted to a person once, unless its catalogue entry allows repeats");
        (await _f.PetitionAsync(second.Id)).Nominees[0].Status.Should().Be(NomineeStatus.Recommended);
    }

    [Fact]
    public async Task Grant_TheSamePersonNamedTwiceInOnePetition_IsRefusedTheSecondTime()
    {
        var petition = await _f.RecommendedAsync(Nominee(award: "merit-3"), Nominee(award: "merit-3"));
        await _f.Engine.ExecuteAsync(_f.Grant(petition, 1));

        var again = await _f.Engine.ExecuteAsync(_f.Grant(petition, 1));
        var twin = await _f.Engine.ExecuteAsync(_f.Grant(petition, 2));

        again.Refusal!.UnmetGuards.Should().Contain(g => g.Contains("commission recommended"));
        twin.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().Contain("granted to a person once");
    }

    [Fact]
    public async Task Grant_RepeatableAwardOnAnotherDay_IsGranted()
    {
        await _f.AwardedAsync(new LocalDate(2022, 6, 1));
        var second = await _f.RecommendedAsync();

        var result = await _f.Engine.ExecuteAsync(_f.Grant(second, 1));

        result.Status.Should().Be(CommandStatus.Accepted, result.Refusal?.Message);
    }

    [Fact]
    public async Task Grant_RepeatableAwardTwiceOnOneDay_IsRefused()
    {
        await _f.AwardedAsync(new LocalDate(2023, 3, 20));
        var second = await _f.RecommendedAsync();

        var result = await _f.Engine.ExecuteAsync(_f.Grant(second, 1));

        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().Contain("twice on the same day");
    }

    [Fact]
    public async Task Grant_AwardWhoseCatalogueEntryAllowsRepeats_IsGrantedAgain()
    {
        var f = new AwardsFixture(new AwardOptions { Types = [.. DefaultAwards.Types.Select(t => t.Id == "merit-3" ? t with { RepeatAllowed = true } : t)] });
        await f.AwardedAsync(new LocalDate(2020, 3, 20), Nominee(award: "merit-3"));
        var second = await f.RecommendedAsync(Nominee(award: "merit-3"));

        var result = await f.Engine.ExecuteAsync(f.Grant(second, 1));

        result.Status.Should().Be(CommandStatus.Accepted, result.Refusal?.Message);
    }

    [Fact]
    public async Task Present_EveryAwardedNominee_ClosesThePetition()
    {
        var petition = await _f.AwardedAsync(new LocalDate(2023, 3, 20), Nominee(), Nominee("Ткаченко Марія"));

        await _f.Engine.ExecuteAsync(_f.Present(petition, 1));
        var result = await _f.Engine.ExecuteAsync(new CancelAwardPresentation { CommandId = Guid.NewGuid(), CaseId = petition.Id, Actor = Secretary, At = _f.Now, NomineeNo = 2, Reason = "Нагороду передано родині" });

        result.State.Should().Be("closed");
        (await _f.Store.TimersOfAsync(petition.Id)).Should().BeEmpty();
    }

    [Fact]
    public async Task Present_BeforeTheGrantingDecision_IsRefused()
    {
        var petition = await _f.AwardedAsync(new LocalDate(2023, 3, 20));

        var result = await _f.Engine.ExecuteAsync(_f.Present(petition, 1, new LocalDate(2023, 3, 19)));

        result.Status.Should().Be(CommandStatus.Refused);
    }

    [Fact]
    public async Task Present_BeforeTheGrantingDecision_NamesTheRule()
    {
        var petition = await _f.AwardedAsync(new LocalDate(2023, 3, 20));

        var result = await _f.Engine.ExecuteAsync(_f.Present(petition, 1, new LocalDate(2023, 3, 19)));

        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().Be("An award is presented on or after its granting decision");
    }

    [Fact]
    public async Task Present_InAnAbsurdYear_IsAnArgumentErrorNamingTheField()
    {
        var petition = await _f.AwardedAsync(new LocalDate(2023, 3, 20));

        var act = () => _f.Engine.ExecuteAsync(_f.Present(petition, 1, new LocalDate(1023, 3, 25))).AsTask();

        await act.Should().ThrowAsync<ArgumentOutOfRangeException>().WithMessage("The date of presentation (On) 1023-03-25 is out of range*");
    }

    [Fact]
    public async Task NotAwarded_TheOnlyNominee_ClosesThePetition()
    {
        var petition = await _f.RecommendedAsync();

        var result = await _f.Engine.ExecuteAsync(_f.Grant(petition, 1, awarded: false));

        result.State.Should().Be("closed");
    }

    [Fact]
    public async Task Withdraw_AfterAnAwardIsGranted_IsRefused()
    {
        var petition = await _f.AwardedAsync(new LocalDate(2023, 3, 20), Nominee(), Nominee("Ткаченко Марія"));

        var result = await _f.Engine.ExecuteAsync(new WithdrawPetition { CommandId = Guid.NewGuid(), CaseId = petition.Id, Actor = Clerk, At = _f.Now, Reason = "Передумали" });

        result.Status.Should().Be(CommandStatus.Refused);
    }

    [Fact]
    public async Task PresentationMissed_Timer_RecordsItAndEscalatesToTheSecretary()
    {
        var petition = await _f.AwardedAsync(new LocalDate(2023, 3, 20));
        var missed = (await _f.Store.TimersOfAsync(petition.Id)).Single(t => t.Kind.Purpose.StartsWith("presentation-1-missed", StringComparison.Ordinal));

        var result = await _f.Engine.FireAsync(missed, missed.DueAt);

        result.Events.Single().Type.Should().Be("deadline-missed");
        (await _f.Store.PendingOutboxAsync(10)).Should().ContainSingle(m => m.Kind == "escalation" && m.Recipient == "secretary");
    }

    [Fact]
    public async Task ReviewReminder_SweptAfterTheReviewTermLapsed_IsNotSentAndNoReminderStaysPending()
    {
        var petition = await _f.RegisteredAsync();
        var timers = await _f.Store.TimersOfAsync(petition.Id);
        var missed = timers.Single(t => t.Kind.Purpose.StartsWith("review-missed", StringComparison.Ordinal));
        var late = missed.DueAt.Plus(Duration.FromDays(10));

        var sweep = await new TimerSweeper(_f.Engine).SweepAsync(late);

        sweep.Should().Be(new SweepReport(1, 2, 0, 0));
        (await _f.Store.LoadHistoryAsync(petition.Id)).Select(e => e.Type).Should().NotContain("reminder-sent");
        (await _f.Store.TimersOfAsync(petition.Id)).Should().BeEmpty();
    }

    [Fact]
    public async Task History_OfAClosedPetition_ReplaysToTheCurrentState()
    {
        var petition = await _f.AwardedAsync(new LocalDate(2023, 3, 20));
        await _f.Engine.ExecuteAsync(_f.Present(petition, 1));
        var current = await _f.PetitionAsync(petition.Id);

        var replayed = _f.Petitions.Replay(await _f.Store.LoadHistoryAsync(petition.Id));

        replayed.Should().BeEquivalentTo(current);
    }
}
