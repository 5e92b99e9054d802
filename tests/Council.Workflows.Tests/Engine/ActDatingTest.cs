using Council.Workflows.Appeals;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;
using Council.Workflows.Tests.Appeals;
using NodaTime.Testing;
using static Council.Workflows.Tests.Appeals.AppealFixture;

namespace Council.Workflows.Tests.Engine;

// Two times per act: when the official says it happened (At) and when the record was written (RecordedAt, the clock).
public class ActDatingTest
{
    private readonly FakeClock _clock = new(Kyiv(2023, 3, 15, 12));

    private (AppealFixture Fixture, WorkflowEngine Engine, ICaseStore Store) Working(bool simulation = false)
    {
        var store = new InMemoryCaseStore { IsSimulation = simulation };
        var f = new AppealFixture(store: _ => store);
        return (f, new WorkflowEngine(store, f.Engine.Workflows, _clock), store);
    }

    [Fact]
    public async Task Execute_ActDatedBeforeTheCasesLatestAct_IsRefusedAndNothingIsRecorded()
    {
        var (f, engine, store) = Working();
        var registered = await engine.ExecuteAsync(f.Registration() with { At = Kyiv(2023, 3, 1) });
        var assign = f.Assign(registered.CaseId) with { At = Kyiv(2023, 2, 1) };

        var refused = await engine.ExecuteAsync(assign);
        var retried = await engine.ExecuteAsync(assign with { At = Kyiv(2023, 3, 2) });

        refused.Status.Should().Be(CommandStatus.Refused);
        refused.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().StartWith("An act is not dated before the case's latest act");
        refused.Refusal.Message.Should().NotContain("Permitted");
        retried.Status.Should().Be(CommandStatus.Accepted, "the refusal of a misdated act is not recorded under its command id");
        retried.IsRepeat.Should().BeFalse();
        (await store.LoadHistoryAsync(registered.CaseId)).Should().HaveCount(2);
    }

    [Fact]
    public async Task Execute_InterimAnswerDatedBeforeReceipt_IsRefused()
    {
        var (f, engine, _) = Working();
        var registered = await engine.ExecuteAsync(f.Registration() with { At = Kyiv(2023, 3, 1) });
        await engine.ExecuteAsync(f.Assign(registered.CaseId) with { At = Kyiv(2023, 3, 2) });

        var interim = await engine.ExecuteAsync(f.Interim(registered.CaseId) with { At = Kyiv(2023, 2, 13) });

        interim.Status.Should().Be(CommandStatus.Refused);
    }

    [Fact]
    public async Task Execute_ActDatedAfterTheClockInAWorkingStore_IsRefused()
    {
        var (f, engine, store) = Working();

        var result = await engine.ExecuteAsync(f.Registration() with { At = _clock.GetCurrentInstant().Plus(Duration.FromDays(30)) });

        result.Status.Should().Be(CommandStatus.Refused);
        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().StartWith("An act is not dated after the clock");
        (await engine.LoadAsync(result.CaseId)).Should().BeNull();
    }

    [Fact]
    public async Task Execute_ActDatedWithinTheClockTolerance_IsAccepted()
    {
        var (f, engine, _) = Working();

        var result = await engine.ExecuteAsync(f.Registration() with { At = _clock.GetCurrentInstant().Plus(Duration.FromSeconds(30)) });

        result.Status.Should().Be(CommandStatus.Accepted);
    }

    [Fact]
    public async Task Execute_ActDatedAfterTheClockInASimulation_IsAccepted()
    {
        var (f, engine, _) = Working(simulation: true);

        var result = await engine.ExecuteAsync(f.Registration() with { At = _clock.GetCurrentInstant().Plus(Duration.FromDays(300)) });

        result.Status.Should().Be(CommandStatus.Accepted);
    }

    [Fact]
    public async Task Execute_Accepted_RecordsTheActsInstantAndTheClocksApart()
    {
        var (f, engine, store) = Working();

        var result = await engine.ExecuteAsync(f.Registration() with { At = Kyiv(2023, 3, 1) });

        var e = (await store.LoadHistoryAsync(result.CaseId)).Single();
        e.At.Should().Be(Kyiv(2023, 3, 1));
        e.RecordedAt.Should().Be(_clock.GetCurrentInstant());
        result.Events.Single().RecordedAt.Should().Be(_clock.GetCurrentInstant());
    }

    [Fact]
    public async Task Execute_ClockSetBack_RecordedTimeNeverGoesBackWithinACase()
    {
        var (f, engine, store) = Working();
        var registered = await engine.ExecuteAsync(f.Registration() with { At = Kyiv(2023, 3, 1) });
        var first = _clock.GetCurrentInstant();
        _clock.Reset(first.Minus(Duration.FromHours(2)));

        await engine.ExecuteAsync(f.Assign(registered.CaseId) with { At = Kyiv(2023, 3, 2) });

        (await store.LoadHistoryAsync(registered.CaseId)).Select(e => e.RecordedAt).Should().Equal(first, first);
    }

    [Fact]
    public async Task FireTimer_SweptBeforeTheCasesLatestAct_IsIgnoredWithoutARecord()
    {
        var (f, engine, store) = Working(simulation: true);
        var registered = await engine.ExecuteAsync(f.Registration() with { At = Kyiv(2023, 1, 31) });
        await engine.ExecuteAsync(f.Assign(registered.CaseId) with { At = Kyiv(2023, 2, 24) });
        var reminder = (await store.TimersOfAsync(registered.CaseId))[0];

        var early = await engine.FireAsync(reminder, reminder.DueAt);
        var onTime = await engine.FireAsync(reminder, Kyiv(2023, 2, 24, 12));

        early.Status.Should().Be(CommandStatus.Ignored);
        onTime.Status.Should().Be(CommandStatus.Accepted, "the ignored sweep left no result under the timer's command id");
    }

    [Fact]
    public async Task Register_ReceivedLongBeforeRegistration_IsRefusedAsBadInput()
    {
        var (f, engine, _) = Working();

        var act = async () => await engine.ExecuteAsync(f.Registration() with { At = Kyiv(2023, 3, 15), ReceivedOn = D(2023, 3, 1) });

        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("14 days earlier").And.Contain("MaxDaysReceivedBeforeRegistration");
    }

    [Fact]
    public async Task Register_ReceivedWithinTheLimit_KeepsTheDateOfReceiptApartFromTheRegistration()
    {
        var (f, engine, store) = Working();

        var result = await engine.ExecuteAsync(f.Registration() with { At = Kyiv(2023, 3, 13), ReceivedOn = D(2023, 3, 10) });

        var appeal = (Appeal)(await engine.LoadAsync(result.CaseId))!;
        appeal.ReceivedOn.Should().Be(D(2023, 3, 10));
        appeal.RegisteredAt.Should().Be(Kyiv(2023, 3, 13));
        appeal.Deadline.DueOn.Should().Be(D(2023, 4, 10), "the term runs from receipt");
    }

    [Fact]
    public async Task Register_ComplaintWithTheDecisionDatedAfterReceipt_IsRefusedAsBadInput()
    {
        var (f, engine, _) = Working();
        var complaint = f.Registration() with
        {
            At = Kyiv(2023, 3, 13), Kind = AppealKind.Complaint, DecidedOn = D(2023, 4, 1), LearnedOn = D(2023, 4, 2),
        };

        var act = async () => await engine.ExecuteAsync(complaint);

        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("after the complaint was received");
    }

    [Fact]
    public async Task ActAtTheClock_AfterAnActDatedAheadWithinTheTolerance_IsTaken()
    {
        // Another system's clock ran half a minute ahead; the clerk acting "now" right after is not held back for it.
        var (f, engine, _) = Working();
        var now = _clock.GetCurrentInstant();
        var registered = await engine.ExecuteAsync(f.Registration() with { At = now - Duration.FromMinutes(5) });
        var ahead = await engine.ExecuteAsync(f.Assign(registered.CaseId) with { At = now + Duration.FromSeconds(30) });

        var atTheClock = await engine.ExecuteAsync(f.Interim(registered.CaseId) with { At = now });
        var backdated = await engine.ExecuteAsync(f.Interim(registered.CaseId) with { At = now - Duration.FromMinutes(5), CommandId = Guid.NewGuid() });

        ahead.Status.Should().Be(CommandStatus.Accepted);
        atTheClock.Status.Should().Be(CommandStatus.Accepted, atTheClock.Message);
        backdated.Status.Should().Be(CommandStatus.Refused, "an act dated minutes before the latest is still refused");
    }
}
