using Council.Workflows.Appeals;
using Council.Workflows.Engine;
using Council.Workflows.Tests.Appeals;
using static Council.Workflows.Tests.Appeals.AppealFixture;

namespace Council.Workflows.Tests.Engine;

public class TimerTest
{
    private readonly AppealFixture _f = new();

    [Fact]
    public async Task Register_Default_SchedulesTwoRemindersAndTheMissedDeadline()
    {
        var appeal = await _f.RegisterAsync();

        var timers = await _f.Store.TimersOfAsync(appeal.Id);

        timers.Select(t => (t.Kind.ToString(), t.DueAt)).Should().Equal(
            ("reminder-3wd:2023-02-28", Kyiv(2023, 2, 23, 9)),
            ("reminder-1wd:2023-02-28", Kyiv(2023, 2, 27, 9)),
            ("deadline-missed:2023-02-28", Kyiv(2023, 3, 1, 0)));
        timers.Should().OnlyContain(t => t.ScheduledInState == "registered");
    }

    [Fact]
    public async Task Fire_Reminder_SendsItToTheExecutorAndDropsTheTimer()
    {
        var appeal = await _f.AssignedAsync();
        var reminder = (await _f.Store.TimersOfAsync(appeal.Id))[0];

        var result = await _f.Engine.FireAsync(reminder, reminder.DueAt);

        result.Events.Single().Type.Should().Be("reminder-sent");
        result.State.Should().Be("under-consideration");
        (await _f.Store.TimersOfAsync(appeal.Id)).Should().NotContain(t => t.Kind == reminder.Kind);
        (await _f.Store.PendingOutboxAsync(10)).Should().ContainSingle(m => m.Kind == "reminder" && m.Recipient == "Бондар Сергій");
    }

    [Fact]
    public async Task Command_LeavingTheScheduleAsItWas_LeavesTheStoredTimersAlone()
    {
        var appeal = await _f.AssignedAsync();
        var scheduled = await _f.Store.TimersOfAsync(appeal.Id);

        (await _f.ExecuteAsync(_f.Assign(appeal.Id, executor: "Савчук Марія"))).Status.Should().Be(CommandStatus.Accepted);

        var kept = await _f.Store.TimersOfAsync(appeal.Id);
        kept.Should().Equal(scheduled, "nothing in the schedule changed, so the timers keep the version that scheduled them");
        kept.Should().OnlyContain(t => t.ScheduledAtVersion == 2);
        var fired = await _f.Engine.FireAsync(kept[0], kept[0].DueAt);
        fired.Status.Should().Be(CommandStatus.Accepted);
        (await _f.Store.PendingOutboxAsync(10)).Should().ContainSingle(m => m.Kind == "reminder" && m.Recipient == "Савчук Марія");
    }

    [Fact]
    public async Task Command_ChangingTheSchedule_RewritesTheTimers()
    {
        var appeal = await _f.AssignedAsync();

        await _f.ExecuteAsync(_f.Extend(appeal.Id, D(2023, 3, 10)));

        (await _f.Store.TimersOfAsync(appeal.Id)).Should().OnlyContain(t => t.ScheduledAtVersion == 3 && t.Kind.About == new LocalDate(2023, 3, 10));
    }

    [Fact]
    public async Task Fire_MissedDeadline_RecordsItAndEscalatesToTheHead()
    {
        var appeal = await _f.AssignedAsync();
        var missed = (await _f.Store.TimersOfAsync(appeal.Id)).Single(t => t.Kind.Purpose.StartsWith("deadline-missed", StringComparison.Ordinal));

        var result = await _f.Engine.FireAsync(missed, missed.DueAt);

        result.Events.Single().Type.Should().Be("deadline-missed");
        (await _f.AppealAsync(appeal.Id)).MissedDeadlines.Should().Be(1);
        (await _f.Store.PendingOutboxAsync(10)).Should().ContainSingle(m => m.Kind == "escalation" && m.Recipient == "head");
    }

    [Fact]
    public async Task Fire_SameTimerTwice_HasOneEffect()
    {
        var appeal = await _f.AssignedAsync();
        var missed = (await _f.Store.TimersOfAsync(appeal.Id))[^1];

        await _f.Engine.FireAsync(missed, missed.DueAt);
        var again = await _f.Engine.FireAsync(missed, missed.DueAt.Plus(Duration.FromHours(5)));

        again.IsRepeat.Should().BeTrue();
        (await _f.Store.LoadHistoryAsync(appeal.Id)).Count(e => e.Type == "deadline-missed").Should().Be(1);
    }

    [Fact]
    public async Task Fire_TimerOfAnAnsweredAppeal_IsIgnored()
    {
        var appeal = await _f.AssignedAsync();
        var reminder = (await _f.Store.TimersOfAsync(appeal.Id))[0];
        await _f.ExecuteAsync(_f.Answer(appeal.Id));

        var result = await _f.Engine.FireAsync(reminder, reminder.DueAt);

        result.Status.Should().Be(CommandStatus.Ignored);
        result.Events.Should().BeEmpty();
        (await _f.Store.TimersOfAsync(appeal.Id)).Should().BeEmpty();
    }

    [Fact]
    public async Task Fire_TimerScheduledInAnEarlierState_IsIgnored()
    {
        var appeal = await _f.RegisterAsync();
        var reminder = (await _f.Store.TimersOfAsync(appeal.Id))[0];
        await _f.ExecuteAsync(_f.Assign(appeal.Id));

        var result = await _f.Engine.FireAsync(reminder, reminder.DueAt);

        result.Status.Should().Be(CommandStatus.Ignored);
        result.Message.Should().Contain("scheduled in state 'registered'");
    }

    [Fact]
    public async Task Fire_TimerOfACaseThatDoesNotExist_IsIgnored()
    {
        var timer = new TimerEntry(CaseId.New(), TimerKind.Parse("reminder-1wd:2023-02-28"), _f.Now, "registered");

        var result = await _f.Engine.FireAsync(timer, _f.Now);

        result.Status.Should().Be(CommandStatus.Ignored);
    }

    [Fact]
    public async Task Extend_ReschedulesTheTimersToTheNewDueDate()
    {
        var appeal = await _f.AssignedAsync();

        await _f.ExecuteAsync(_f.Extend(appeal.Id, D(2023, 3, 17)));

        (await _f.Store.TimersOfAsync(appeal.Id)).Select(t => t.Kind.ToString()).Should().Equal(
            "reminder-3wd:2023-03-17", "reminder-1wd:2023-03-17", "deadline-missed:2023-03-17");
    }

    [Fact]
    public async Task DueTimers_AcrossCases_ComeInDueOrderUpToTheInstant()
    {
        await _f.RegisterAsync();
        _f.Clock.Reset(Kyiv(2023, 2, 1));
        await _f.RegisterAsync(_f.Registration("Мазур Ганна") with { At = _f.Now, Term = ConsiderationTerm.NoStudy });

        var due = await _f.Store.DueTimersAsync(Kyiv(2023, 2, 28, 12), 100);

        due.Select(t => t.DueAt).Should().BeInAscendingOrder();
        due.Should().HaveCount(5);
        due[0].Kind.Should().Be(new TimerKind("reminder-3wd", new LocalDate(2023, 2, 16)));
    }

    [Fact]
    public async Task Reminders_CustomOffsets_AreScheduledThatManyWorkingDaysBefore()
    {
        var f = new AppealFixture(new AppealOptions { ReminderWorkingDaysBefore = [5], ReminderTimeOfDay = new LocalTime(8, 30) });

        var appeal = await f.RegisterAsync();

        (await f.Store.TimersOfAsync(appeal.Id))[0].DueAt.Should().Be(
            new LocalDateTime(2023, 2, 21, 8, 30).InZoneStrictly(DateTimeZoneProviders.Tzdb["Europe/Kyiv"]).ToInstant());
    }

    [Fact]
    public async Task Overdue_IsDerivableFromTheDatesAtAnyInstant()
    {
        var appeal = await _f.AssignedAsync();

        appeal.IsOverdueAt(Kyiv(2023, 2, 28, 23)).Should().BeFalse();
        appeal.IsOverdueAt(Kyiv(2023, 3, 1, 0)).Should().BeTrue();
    }

    [Theory]
    [InlineData("reminder-3wd:2023-02-16", "reminder-3wd", "2023-02-16")]
    [InlineData("review-missed:2023-05-01", "review-missed", "2023-05-01")]
    [InlineData("legacy", "legacy", null)]
    [InlineData("odd:not-a-date", "odd:not-a-date", null)]
    public void TimerKind_ReadFromItsStoredText_KeepsPurposeAndDateApartAndWritesTheSameText(string stored, string purpose, string? about)
    {
        var kind = TimerKind.Parse(stored);

        kind.Purpose.Should().Be(purpose);
        kind.About.Should().Be(about is null ? null : NodaTime.Text.LocalDatePattern.Iso.Parse(about).Value);
        kind.ToString().Should().Be(stored, "a timer stored before the type existed fires under the same id");
    }

    [Fact]
    public void TimerKind_PurposeWithAColon_IsRefused()
    {
        var act = () => new TimerKind("reminder:2023-01-01");

        act.Should().Throw<ArgumentException>().WithMessage("*date is its own field*");
    }

    [Fact]
    public void TimerEntry_CommandId_IsTheSameAsWhenItsKindWasText()
    {
        var id = new CaseId(Guid.Parse("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"));
        var typed = new TimerEntry(id, new TimerKind("deadline-missed", new LocalDate(2023, 3, 10)), Kyiv(2023, 3, 11, 0), "under-consideration", 3);

        // The id as computed when the kind was the text "deadline-missed:2023-03-10" (the same scope and name).
        typed.CommandId.Should().Be(Council.Workflows.Engine.DeterministicGuid.Create(
            new Guid("6f1c2b1e-3d0a-4e55-9a55-1f3f7c9f2a10"), $"{id}/deadline-missed:2023-03-10/{Kyiv(2023, 3, 11, 0).ToUnixTimeTicks()}/under-consideration/3"));
    }

    [Fact]
    public void TimerKind_InJson_IsItsStoredText()
    {
        var kind = new TimerKind("reminder-1wd", new LocalDate(2023, 2, 28));

        var json = System.Text.Json.JsonSerializer.Serialize(new { kind });

        json.Should().Be("""{"kind":"reminder-1wd:2023-02-28"}""", "a firing command's fingerprint is taken over its JSON, as before the type");
        System.Text.Json.JsonSerializer.Deserialize<TimerKind>("\"reminder-1wd:2023-02-28\"").Should().Be(kind);
    }
}
