using Council.Workflows.Appeals;
using Council.Workflows.Engine;
using static Council.Workflows.Tests.Appeals.AppealFixture;

namespace Council.Workflows.Tests.Appeals;

public class LateComplaintTest
{
    private readonly AppealFixture _f = new();

    private Task<Appeal> LateAsync() =>
        _f.RegisterAsync(_f.Registration() with { Kind = AppealKind.Complaint, DecidedOn = D(2022, 10, 3), LearnedOn = D(2022, 12, 1) });

    private MarkComplaintLate MarkLate(CaseId id) => new() { CommandId = Guid.NewGuid(), CaseId = id, Actor = Clerk, At = _f.Now };

    private RequestTermRestoration Request(CaseId id) => new() { CommandId = Guid.NewGuid(), CaseId = id, Actor = Clerk, At = _f.Now, Grounds = "Перебував на лікуванні" };

    private DecideTermRestoration Decide(CaseId id, bool restore) => new() { CommandId = Guid.NewGuid(), CaseId = id, Actor = Head, At = _f.Now, Restore = restore, Reason = "Довідка з лікарні" };

    [Fact]
    public async Task MarkLate_ComplaintAfterItsWindow_RecordsTheLastDay()
    {
        var appeal = await LateAsync();

        var result = await _f.ExecuteAsync(MarkLate(appeal.Id));

        result.State.Should().Be("late-complaint");
        ((ComplaintMarkedLate)result.Events.Single().Data).LastDay.Should().Be(D(2023, 1, 2));
    }

    [Fact]
    public async Task MarkLate_ComplaintInTime_IsRefused()
    {
        var appeal = await _f.RegisterAsync(_f.Registration() with { Kind = AppealKind.Complaint, DecidedOn = D(2023, 1, 10), LearnedOn = D(2023, 1, 20) });

        var result = await _f.ExecuteAsync(MarkLate(appeal.Id));

        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().StartWith("Art. 17");
    }

    [Fact]
    public async Task MarkLate_DatesGivenAtIntake_AreUsed()
    {
        var appeal = await _f.RegisterAsync(_f.Registration() with { Kind = AppealKind.Complaint });

        var result = await _f.ExecuteAsync(MarkLate(appeal.Id) with { DecidedOn = D(2021, 5, 1), LearnedOn = D(2021, 5, 1) });

        result.State.Should().Be("late-complaint");
    }

    [Fact]
    public async Task RestoreTerm_ATimerIgnoredWhileLate_FiresWhenScheduledAgain()
    {
        // The worker claimed the reminder just before the complaint was marked late, and fired it after: ignored. Once
        // the term is restored the same reminder (same kind, due instant and state) is scheduled again and must fire.
        var appeal = await LateAsync();
        var reminder = (await _f.Store.TimersOfAsync(appeal.Id))[0];
        await _f.ExecuteAsync(MarkLate(appeal.Id));
        (await _f.Engine.FireAsync(reminder, reminder.DueAt)).Status.Should().Be(CommandStatus.Ignored);
        await _f.ExecuteAsync(Request(appeal.Id));
        await _f.ExecuteAsync(Decide(appeal.Id, restore: true));

        var again = (await _f.Store.TimersOfAsync(appeal.Id)).Single(t => t.Kind == reminder.Kind);
        var fired = await _f.Engine.FireAsync(again, again.DueAt);

        (again.DueAt, again.ScheduledInState).Should().Be((reminder.DueAt, reminder.ScheduledInState));
        fired.IsRepeat.Should().BeFalse();
        fired.Events.Should().ContainSingle().Which.Type.Should().Be("reminder-sent");
        (await _f.Store.TimersOfAsync(appeal.Id)).Should().NotContain(t => t.Kind == reminder.Kind);
    }

    [Fact]
    public async Task RestoreTerm_ForAValidReason_ReturnsTheComplaintToTheNormalFlow()
    {
        var appeal = await LateAsync();
        await _f.ExecuteAsync(MarkLate(appeal.Id));
        await _f.ExecuteAsync(Request(appeal.Id));

        var restored = await _f.ExecuteAsync(Decide(appeal.Id, restore: true));
        var assigned = await _f.ExecuteAsync(_f.Assign(appeal.Id));

        restored.State.Should().Be("registered");
        assigned.State.Should().Be("under-consideration");
    }

    [Fact]
    public async Task RefuseRestoration_LeavesTheComplaintNotConsidered()
    {
        var appeal = await LateAsync();
        await _f.ExecuteAsync(MarkLate(appeal.Id));
        await _f.ExecuteAsync(Request(appeal.Id));

        var result = await _f.ExecuteAsync(Decide(appeal.Id, restore: false));

        result.State.Should().Be("not-considered");
    }

    [Fact]
    public async Task RestoreTerm_ByAClerk_IsRefused()
    {
        var appeal = await LateAsync();
        await _f.ExecuteAsync(MarkLate(appeal.Id));
        await _f.ExecuteAsync(Request(appeal.Id));

        var result = await _f.ExecuteAsync(Decide(appeal.Id, restore: true) with { Actor = Clerk });

        result.Status.Should().Be(CommandStatus.Refused);
    }

    [Fact]
    public async Task NotConsider_LateComplaintWithoutARequest_IsAccepted()
    {
        var appeal = await LateAsync();
        await _f.ExecuteAsync(MarkLate(appeal.Id));

        var result = await _f.ExecuteAsync(_f.NotConsider(appeal.Id, NotConsideredGround.LateComplaint));

        result.State.Should().Be("not-considered");
        result.Events.Single().LegalBasis.Should().Contain("ст. 17");
    }
}
