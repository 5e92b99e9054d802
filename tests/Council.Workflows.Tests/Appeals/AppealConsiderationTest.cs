using Council.Workflows.Appeals;
using Council.Workflows.Engine;
using static Council.Workflows.Tests.Appeals.AppealFixture;

namespace Council.Workflows.Tests.Appeals;

public class AppealConsiderationTest
{
    private readonly AppealFixture _f = new();

    [Fact]
    public async Task Assign_ByTheHead_PutsTheAppealUnderConsiderationAndOnTheHeadsControl()
    {
        var appeal = await _f.RegisterAsync();

        var result = await _f.ExecuteAsync(_f.Assign(appeal.Id));

        var assigned = await _f.AppealAsync(appeal.Id);
        result.State.Should().Be("under-consideration");
        assigned.Executor.Should().Be("Бондар Сергій");
        assigned.ControlledBy.Should().Be(Head.Name);
    }

    [Fact]
    public async Task Assign_ByAnExecutor_IsRefused()
    {
        var appeal = await _f.RegisterAsync();

        var result = await _f.ExecuteAsync(_f.Assign(appeal.Id, by: Executor));

        result.Status.Should().Be(CommandStatus.Refused);
        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().Contain("assign the executor");
    }

    [Fact]
    public async Task Assign_Again_ReplacesTheExecutorAndKeepsTheController()
    {
        var appeal = await _f.AssignedAsync();

        await _f.ExecuteAsync(_f.Assign(appeal.Id, by: DeputyHead, executor: OtherExecutor.Name));

        var reassigned = await _f.AppealAsync(appeal.Id);
        reassigned.Executor.Should().Be(OtherExecutor.Name);
        reassigned.ControlledBy.Should().Be(Head.Name);
    }

    [Fact]
    public async Task Assign_DecidingNoStudyIsNeeded_SetsThe15DayTerm()
    {
        var appeal = await _f.RegisterAsync();

        await _f.ExecuteAsync(_f.Assign(appeal.Id) with { Term = ConsiderationTerm.NoStudy });

        (await _f.AppealAsync(appeal.Id)).Deadline.DueOn.Should().Be(D(2023, 2, 15));
    }

    [Fact]
    public async Task Extend_ByTheHeadWithReasonAndNotice_MovesTheDueDateAndTellsTheApplicant()
    {
        var appeal = await _f.AssignedAsync();

        var result = await _f.ExecuteAsync(_f.Extend(appeal.Id, D(2023, 3, 17)));

        var extended = await _f.AppealAsync(appeal.Id);
        result.Status.Should().Be(CommandStatus.Accepted);
        extended.Deadline.DueOn.Should().Be(D(2023, 3, 17));
        extended.Extended.Should().BeTrue();
        result.Events.Single().Reason.Should().Be("Потрібна перевірка на місці");
        (await _f.Store.PendingOutboxAsync(10)).Should().Contain(m => m.Kind == "applicant-notice" && m.Body.Contains("17.03.2023"));
    }

    [Fact]
    public async Task Extend_ByADeputyHead_IsAccepted()
    {
        var appeal = await _f.AssignedAsync();

        var result = await _f.ExecuteAsync(_f.Extend(appeal.Id, D(2023, 3, 10), by: DeputyHead));

        result.Status.Should().Be(CommandStatus.Accepted);
    }

    [Fact]
    public async Task Extend_ByTheExecutor_IsRefused()
    {
        var appeal = await _f.AssignedAsync();

        var result = await _f.ExecuteAsync(_f.Extend(appeal.Id, D(2023, 3, 10), by: Executor));

        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().Be("Art. 20: only head, deputy-head extend the term");
    }

    [Fact]
    public async Task Extend_WithoutTheNoticeToTheApplicant_IsRefused()
    {
        var appeal = await _f.AssignedAsync();

        var result = await _f.ExecuteAsync(_f.Extend(appeal.Id, D(2023, 3, 10), notice: null));

        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().Contain("notified");
    }

    [Fact]
    public async Task Extend_WithoutAReason_IsRefused()
    {
        var appeal = await _f.AssignedAsync();

        var result = await _f.ExecuteAsync(_f.Extend(appeal.Id, D(2023, 3, 10), reason: ""));

        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().Contain("why a month is not enough");
    }

    [Fact]
    public async Task Extend_PastFortyFiveDaysFromReceipt_IsRefused()
    {
        var appeal = await _f.AssignedAsync();

        var result = await _f.ExecuteAsync(_f.Extend(appeal.Id, D(2023, 3, 18)));

        result.Status.Should().Be(CommandStatus.Refused);
        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().Contain("45 days");
        (await _f.AppealAsync(appeal.Id)).Deadline.DueOn.Should().Be(D(2023, 2, 28));
    }

    [Fact]
    public async Task Extend_TwiceWithinTheCap_IsAcceptedAndNeverPassesIt()
    {
        var appeal = await _f.AssignedAsync();
        await _f.ExecuteAsync(_f.Extend(appeal.Id, D(2023, 3, 10)));

        var second = await _f.ExecuteAsync(_f.Extend(appeal.Id, D(2023, 3, 17)));
        var third = await _f.ExecuteAsync(_f.Extend(appeal.Id, D(2023, 3, 20)));

        second.Status.Should().Be(CommandStatus.Accepted);
        third.Status.Should().Be(CommandStatus.Refused);
    }

    [Fact]
    public async Task Extend_DeputysAppealPastOneMonth_IsRefused()
    {
        var appeal = await _f.AssignedAsync(_f.Registration() with { Deputy = true });

        var result = await _f.ExecuteAsync(_f.Extend(appeal.Id, D(2023, 3, 1)));

        result.Status.Should().Be(CommandStatus.Refused);
    }

    [Fact]
    public async Task Extend_DeputysAppealToOneMonth_IsAccepted()
    {
        var appeal = await _f.AssignedAsync(_f.Registration() with { Deputy = true });

        var result = await _f.ExecuteAsync(_f.Extend(appeal.Id, D(2023, 2, 28)));

        result.Status.Should().Be(CommandStatus.Accepted);
    }

    [Fact]
    public async Task Shorten_OnTheApplicantsWrittenDemand_MovesTheDueDateEarlier()
    {
        var appeal = await _f.AssignedAsync();

        var result = await _f.ExecuteAsync(_f.Shorten(appeal.Id, D(2023, 2, 10)));

        result.Status.Should().Be(CommandStatus.Accepted);
        (await _f.AppealAsync(appeal.Id)).Deadline.DueOn.Should().Be(D(2023, 2, 10));
    }

    [Fact]
    public async Task Shorten_WithoutTheDemand_IsRefused()
    {
        var appeal = await _f.AssignedAsync();

        var result = await _f.ExecuteAsync(_f.Shorten(appeal.Id, D(2023, 2, 10), demand: null));

        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().Contain("written demand");
    }

    [Fact]
    public async Task InterimAnswer_UnderConsideration_ClosesNothing()
    {
        var appeal = await _f.AssignedAsync();

        var result = await _f.ExecuteAsync(_f.Interim(appeal.Id));

        result.State.Should().Be("under-consideration");
        (await _f.AppealAsync(appeal.Id)).InterimAnswers.Should().Be(1);
        (await _f.ExecuteAsync(_f.Close(appeal.Id))).Status.Should().Be(CommandStatus.Refused);
    }

    [Fact]
    public async Task Answer_ByTheExecutorInTime_IsRecordedOnTime()
    {
        var appeal = await _f.AssignedAsync();

        var result = await _f.ExecuteAsync(_f.Answer(appeal.Id));

        var answered = await _f.AppealAsync(appeal.Id);
        result.State.Should().Be("answered");
        answered.Answer!.OnTime.Should().BeTrue();
        answered.Answer.Outcome.Should().Be(AnswerOutcome.Satisfied);
        (await _f.Store.PendingOutboxAsync(10)).Should().ContainSingle(m => m.Kind == "applicant-answer");
    }

    [Fact]
    public async Task Answer_AfterTheDueDate_IsRecordedLate()
    {
        var appeal = await _f.AssignedAsync();
        _f.Clock.Reset(Kyiv(2023, 3, 1));

        await _f.ExecuteAsync(_f.Answer(appeal.Id) with { At = _f.Now });

        (await _f.AppealAsync(appeal.Id)).Answer!.OnTime.Should().BeFalse();
    }

    [Fact]
    public async Task Answer_ByAnotherExecutor_IsRefused()
    {
        var appeal = await _f.AssignedAsync();

        var result = await _f.ExecuteAsync(_f.Answer(appeal.Id, by: OtherExecutor));

        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().Contain("Only the executor");
    }

    [Fact]
    public async Task Answer_RefusalWithoutBasisReasonsAndHowToAppeal_IsRefused()
    {
        var appeal = await _f.AssignedAsync();

        var result = await _f.ExecuteAsync(_f.Answer(appeal.Id, outcome: AnswerOutcome.Refused));

        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().StartWith("Art. 19");
    }

    [Fact]
    public async Task Answer_RefusalWithBasisReasonsAndHowToAppeal_IsAccepted()
    {
        var appeal = await _f.AssignedAsync();
        var command = _f.Answer(appeal.Id, outcome: AnswerOutcome.Refused) with
        {
            LegalBasis = "ст. 30 Закону «Про місцеве самоврядування в Україні»",
            Reasons = "Дорога не перебуває на балансі міста.",
            HowToAppeal = "Рішення може бути оскаржене до суду.",
        };

        var result = await _f.ExecuteAsync(command);

        result.Status.Should().Be(CommandStatus.Accepted);
        result.Events.Single().LegalBasis.Should().Contain("ст. 30");
    }

    [Fact]
    public async Task Answer_PersonalHeadAppealByADeputyHead_IsRefused()
    {
        var appeal = await _f.AssignedAsync(_f.Registration() with { PersonalHead = true });

        var byDeputy = await _f.ExecuteAsync(_f.Answer(appeal.Id, by: DeputyHead));

        byDeputy.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().StartWith("Art. 15 part 2");
    }

    [Fact]
    public async Task Answer_PersonalHeadAppealByTheHead_IsAccepted()
    {
        var appeal = await _f.AssignedAsync(_f.Registration() with { PersonalHead = true });

        var byHead = await _f.ExecuteAsync(_f.Answer(appeal.Id, by: Head));

        byHead.Status.Should().Be(CommandStatus.Accepted);
    }

    [Fact]
    public async Task Answer_ElectronicallyWithoutAnAddress_IsRefused()
    {
        var appeal = await _f.AssignedAsync(_f.Registration() with { Applicants = [new("Коваленко Петро", "м. Житомир")] });

        var result = await _f.ExecuteAsync(_f.Answer(appeal.Id) with { Channel = AnswerChannel.Electronic });

        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().Contain("electronic answer");
    }

    [Fact]
    public async Task TakeOffControl_ByTheControllerAfterAFullAnswer_ClosesTheAppeal()
    {
        var appeal = await _f.AnsweredAsync();

        var result = await _f.ExecuteAsync(_f.Close(appeal.Id));

        result.State.Should().Be("closed");
        (await _f.AppealAsync(appeal.Id)).IsOpen.Should().BeFalse();
    }

    [Fact]
    public async Task TakeOffControl_ByAnotherOfficial_IsRefused()
    {
        var appeal = await _f.AnsweredAsync();

        var result = await _f.ExecuteAsync(_f.Close(appeal.Id, by: DeputyHead));

        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().Contain("who put the appeal on control");
    }

    [Fact]
    public async Task TakeOffControl_ByTheHeadWhenPolicyAllowsIt_IsAccepted()
    {
        var f = new AppealFixture(new AppealOptions { TakeOffControlBy = ControlRule.ControllerOrHead });
        var appeal = await f.RegisterAsync();
        await f.ExecuteAsync(f.Assign(appeal.Id, by: DeputyHead));
        await f.ExecuteAsync(f.Answer(appeal.Id));

        var result = await f.ExecuteAsync(f.Close(appeal.Id, by: Head));

        result.Status.Should().Be(CommandStatus.Accepted);
    }

    [Fact]
    public async Task TakeOffControl_WithIssuesLeftUnanswered_IsRefusedUntilASupplementaryAnswer()
    {
        var appeal = await _f.AssignedAsync();
        await _f.ExecuteAsync(_f.Answer(appeal.Id, allIssues: false));

        var refused = await _f.ExecuteAsync(_f.Close(appeal.Id));
        await _f.ExecuteAsync(_f.Answer(appeal.Id));
        var accepted = await _f.ExecuteAsync(_f.Close(appeal.Id));

        refused.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().Contain("every issue addressed");
        accepted.State.Should().Be("closed");
    }

    [Fact]
    public async Task TakeOffControl_BeforeAnyAnswer_IsNotPermittedAndSaysWhatIs()
    {
        var appeal = await _f.AssignedAsync();

        var result = await _f.ExecuteAsync(_f.Close(appeal.Id));

        result.Refusal!.State.Should().Be("under-consideration");
        result.Refusal.Trigger.Should().Be("take-off-control");
        result.Refusal.UnmetGuards.Should().BeEmpty();
        result.Refusal.PermittedTriggers.Should().Contain(["answer", "extend", "interim-answer"]);
        result.Refusal.Message.Should().Contain("not permitted in state 'under-consideration'");
    }

    [Fact]
    public async Task Withdraw_ByDefault_IsRefusedAsTheLawGivesNoSuchRight()
    {
        var appeal = await _f.AssignedAsync();

        var result = await _f.ExecuteAsync(new WithdrawAppeal { CommandId = Guid.NewGuid(), CaseId = appeal.Id, Actor = Clerk, At = _f.Now, Statement = "Прошу не розглядати" });

        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().Contain("no right to withdraw");
    }

    [Fact]
    public async Task Withdraw_WhenPolicyAllowsIt_IsAccepted()
    {
        var f = new AppealFixture(new AppealOptions { AllowWithdrawal = true });
        var appeal = await f.AssignedAsync();

        var result = await f.ExecuteAsync(new WithdrawAppeal { CommandId = Guid.NewGuid(), CaseId = appeal.Id, Actor = Clerk, At = f.Now, Statement = "Прошу не розглядати" });

        result.State.Should().Be("withdrawn");
    }
}
