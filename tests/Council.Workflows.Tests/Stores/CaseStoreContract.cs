using Council.Workflows.Appeals;
using Council.Workflows.Awards;
using Council.Workflows.Engine;
using Council.Workflows.Tests.Appeals;
using Council.Workflows.Tests.Awards;

namespace Council.Workflows.Tests.Stores;

// The store contract: every store must pass these, through the engine and directly.
public abstract partial class CaseStoreContract
{
    protected abstract ICaseStore CreateStore(WorkflowRegistry workflows);

    private AppealFixture Appeals(AppealOptions? options = null) => new(options, store: CreateStore);

    private AwardsFixture Awards(AwardOptions? options = null) => new(options, store: CreateStore);

    [Fact]
    public async Task AppealLifecycle_EveryEvent_RoundTripsAndReplaysToTheSameState()
    {
        var f = Appeals();
        var appeal = await f.AssignedAsync(f.Registration() with { Kind = AppealKind.Complaint, ComplainedAbout = "Управління ЖКГ", Benefits = true });
        await f.ExecuteAsync(f.Interim(appeal.Id));
        await f.ExecuteAsync(f.Extend(appeal.Id, new LocalDate(2023, 3, 10)));
        await f.ExecuteAsync(f.Answer(appeal.Id));
        await f.ExecuteAsync(f.Close(appeal.Id));

        var loaded = await f.AppealAsync(appeal.Id);
        var history = await f.Store.LoadHistoryAsync(appeal.Id);

        loaded.State.Should().Be(AppealState.Closed);
        loaded.Deadline.DueOn.Should().Be(new LocalDate(2023, 3, 10));
        history.Select(e => e.Type).Should().Equal("registered", "assigned", "interim-answer", "term-extended", "answered", "taken-off-control");
        history[3].Reason.Should().Be("Потрібна перевірка на місці");
        history[0].By.Should().Be(AppealFixture.Clerk);
        f.Workflow.Replay(history).Should().BeEquivalentTo(loaded);
    }

    [Fact]
    public async Task Registration_Suggestions_RoundTripInTheStoredResult()
    {
        var f = Appeals();
        var command = f.Registration() with { HasSignature = false };
        var first = await f.ExecuteAsync(command);

        var again = await f.ExecuteAsync(command);

        again.IsRepeat.Should().BeTrue();
        again.Suggestions.Should().BeEquivalentTo(first.Suggestions);
        again.Events.Should().BeEquivalentTo(first.Events);
    }

    [Fact]
    public async Task Refusal_RoundTripsInTheStoredResult()
    {
        var f = Appeals();
        var appeal = await f.AssignedAsync();
        var close = f.Close(appeal.Id);
        var first = await f.ExecuteAsync(close);

        var again = await f.ExecuteAsync(close);

        again.Refusal.Should().BeEquivalentTo(first.Refusal);
        again.Status.Should().Be(CommandStatus.Refused);
    }

    [Fact]
    public async Task StaleExpectedVersion_IsAConflictAndWritesNothing()
    {
        var f = Appeals();
        var appeal = await f.AssignedAsync();

        var result = await f.ExecuteAsync(f.Interim(appeal.Id) with { ExpectedVersion = 1 });

        result.Status.Should().Be(CommandStatus.Conflict);
        (await f.Store.LoadHistoryAsync(appeal.Id)).Should().HaveCount(2);
    }

    [Fact]
    public async Task ConcurrentCommands_OnOneCase_AreAllAppliedWithContiguousVersions()
    {
        var f = Appeals();
        var appeal = await f.AssignedAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => Task.Run(() => f.ExecuteAsync(f.Interim(appeal.Id)))));

        results.Should().OnlyContain(r => r.Status == CommandStatus.Accepted);
        (await f.Store.LoadHistoryAsync(appeal.Id)).Select(e => e.Version).Should().Equal(Enumerable.Range(1, 26).Select(v => (long)v));
    }

    [Fact]
    public async Task ConcurrentRegistrations_GetDistinctContiguousNumbers()
    {
        var f = Appeals();

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => f.ExecuteAsync(f.Registration($"Коваленко {i}", $"Питання номер {i}")))));

        var numbers = new List<long>();
        foreach (var r in results)
        {
            numbers.Add((await f.AppealAsync(r.CaseId)).Number);
        }

        numbers.Order().Should().Equal(Enumerable.Range(1, 40).Select(n => (long)n));
    }

    [Fact]
    public async Task ConcurrentRegistrations_InOneEngine_NeverConflictOverTheirNumbers()
    {
        // One engine hands the numbers out in turn and passes the commits to the store in that order: none is decided twice.
        var f = Appeals();
        var counting = new ConflictCountingStore(f.Store);
        var engine = new WorkflowEngine(counting, f.Engine.Workflows);

        var results = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Task.Run(async () => await engine.ExecuteAsync(f.Registration($"Коваленко {i}", $"Питання номер {i}")))));

        results.Should().OnlyContain(r => r.Status == CommandStatus.Accepted);
        counting.RelatedConflicts.Should().Be(0);
        (await f.Store.LastNumberAsync("appeal-index/default/2023")).Should().Be(300);
    }

    [Fact]
    public async Task Lifecycles_OnManyLanesAtOnce_AllFinish()
    {
        // Registrations waiting their turn for a number beside commands on other cases (whose stripes they may share) must
        // never wait for each other in a circle.
        var f = Appeals();
        var lanes = Enumerable.Range(0, 8).Select(lane => Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                var registered = await f.Engine.ExecuteAsync(f.Registration($"Заявник {lane}-{i}", $"Питання {lane}-{i}"));
                registered.Status.Should().Be(CommandStatus.Accepted);
                (await f.Engine.ExecuteAsync(f.Assign(registered.CaseId))).Status.Should().Be(CommandStatus.Accepted);
                (await f.Engine.ExecuteAsync(f.Interim(registered.CaseId))).Status.Should().Be(CommandStatus.Accepted);
            }
        })).ToList();

        var all = Task.WhenAll(lanes);
        var finished = await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(60)));

        finished.Should().BeSameAs(all, "no command waits for another in a circle");
        await all;
        (await f.Store.LastNumberAsync("appeal-index/default/2023")).Should().Be(320);
    }

    [Fact]
    public async Task Registration_NotCommitted_UsesNoNumber()
    {
        // Another registration of the same case id commits while this one is being decided: this one loses the race.
        var f = Appeals();
        var rival = f.Registration("Бондар Ігор", "Інше питання");
        var racing = new RacingStore(f.Store, () => f.ExecuteAsync(rival));
        var engine = new WorkflowEngine(racing, f.Engine.Workflows);

        var lost = await engine.ExecuteAsync(f.Registration() with { CaseId = rival.CaseId });
        var next = await f.RegisterAsync(f.Registration("Мороз Олена", "Вуличне освітлення"));

        lost.Status.Should().Be(CommandStatus.Conflict);
        (await f.AppealAsync(rival.CaseId)).Number.Should().Be(1);
        next.Number.Should().Be(2, "the registration that lost the race took no number");
    }

    [Fact]
    public async Task Registration_WhoseNumberAnotherTookMeanwhile_IsDecidedAgainWithTheNext()
    {
        // Another engine (another process) registers another appeal between this one's read and its commit.
        var f = Appeals();
        var rival = f.Registration("Бондар Ігор", "Інше питання");
        var engine = new WorkflowEngine(new RacingStore(f.Store, () => f.ExecuteAsync(rival)), f.Engine.Workflows);

        var registered = await engine.ExecuteAsync(f.Registration());

        registered.Status.Should().Be(CommandStatus.Accepted);
        (await f.AppealAsync(rival.CaseId)).Index.Should().Be("Б-1");
        (await f.AppealAsync(registered.CaseId)).Index.Should().Be("К-2", "the number read first was taken by the rival; the commit refused it and the engine decided again");
    }

    [Fact]
    public async Task Commit_TakingANumberThatIsNotTheNext_IsARelatedConflictAndWritesNothing()
    {
        var f = Appeals();
        await f.RegisterAsync();
        var command = f.Registration("Бондар Ігор", "Інше питання");
        var decided = await f.Engine.ExecuteAsync(command with { CommandId = Guid.NewGuid(), CaseId = CaseId.New() });
        var scope = "appeal-index/default/2023";
        var last = await f.Store.LastNumberAsync(scope);

        var outcome = await f.Store.CommitAsync(new CaseCommit(command.CaseId, 0, null, [], null, [], new CommandResult { Status = CommandStatus.Refused, CommandId = command.CommandId, CaseId = command.CaseId })
        {
            Numbers = [new TakenNumber(scope, last)],
        });

        decided.Status.Should().Be(CommandStatus.Accepted);
        last.Should().Be(2);
        outcome.Status.Should().Be(CommitStatus.RelatedConflict);
        (await f.Store.FindResultAsync(command.CommandId)).Should().BeNull();
        (await f.Store.LastNumberAsync(scope)).Should().Be(2);
    }

    [Fact]
    public async Task Grants_OnTwoPetitionsAtOnce_DoNotBothPassTheAnnualCap()
    {
        // The second grant is decided on a read made before the first is committed (another official, another process):
        // only the commit can see both, and the second, decided again, is refused by the cap.
        var f = Awards(new AwardOptions { Types = [.. DefaultAwards.Types.Select(t => t.Id == "honorary-citizen" ? t with { AnnualCap = 1 } : t)] });
        var first = await f.RecommendedAsync(AwardsFixture.Nominee("Бойко Ігор", award: "honorary-citizen"));
        var second = await f.RecommendedAsync(AwardsFixture.Nominee("Гончар Віра", award: "honorary-citizen"));
        var racing = new WorkflowEngine(new RacingStore(f.Store, () => f.Engine.ExecuteAsync(f.Grant(first, 1, GrantingInstrument.CouncilDecision)).AsTask()), f.Engine.Workflows);

        var grant = await racing.ExecuteAsync(f.Grant(second, 1, GrantingInstrument.CouncilDecision));

        grant.Status.Should().Be(CommandStatus.Refused);
        grant.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().Contain("annual cap");
        (await f.PetitionAsync(first.Id)).Nominees[0].Status.Should().Be(NomineeStatus.Awarded);
        (await f.PetitionAsync(second.Id)).Nominees[0].Status.Should().NotBe(NomineeStatus.Awarded);
    }

    [Fact]
    public async Task Grants_OfAOnceOnlyAwardToOnePersonAtOnce_DoNotBothPass()
    {
        var f = Awards();
        var first = await f.RecommendedAsync(AwardsFixture.Nominee(award: "courage-honour-valour"));
        var second = await f.RecommendedAsync(AwardsFixture.Nominee(award: "courage-honour-valour"));
        var instrument = f.Options.Type("courage-honour-valour")!.Instrument;
        var racing = new WorkflowEngine(new RacingStore(f.Store, () => f.Engine.ExecuteAsync(f.Grant(first, 1, instrument)).AsTask()), f.Engine.Workflows);

        var grant = await racing.ExecuteAsync(f.Grant(second, 1, instrument));

        grant.Status.Should().Be(CommandStatus.Refused);
        (await f.PetitionAsync(second.Id)).Nominees[0].Status.Should().NotBe(NomineeStatus.Awarded);
    }

    [Fact]
    public async Task Commit_ExceedingAKeyLimit_IsARelatedConflictAndWritesNothing()
    {
        var f = Awards();
        var first = await f.AwardedAsync(new LocalDate(2023, 3, 20), AwardsFixture.Nominee(award: "courage-honour-valour"));
        var second = await f.RecommendedAsync(AwardsFixture.Nominee(award: "courage-honour-valour"));
        var grant = f.Grant(second, 1, f.Options.Type("courage-honour-valour")!.Instrument);
        var stale = new RelatedCases([], new Dictionary<CaseQuery, IReadOnlyList<ICaseData>> { [new CaseQuery { Kind = Petition.CaseKind, Key = second.Nominees[0].Key }] = [] }, new Dictionary<string, long>());
        var decision = f.Petitions.Decide(second, grant, stale);
        var commit = new CaseCommit(second.Id, second.Version, decision.Case, decision.Events, null, [], new CommandResult { Status = CommandStatus.Accepted, CommandId = grant.CommandId, CaseId = second.Id })
        {
            Limits = decision.Limits,
        };

        var outcome = await f.Store.CommitAsync(commit);

        decision.Status.Should().Be(CommandStatus.Accepted, "decided on a read that shows no earlier grant");
        decision.Limits.Should().Contain(l => l.Max == 1 && l.Rule.Contains("once", StringComparison.Ordinal));
        outcome.Status.Should().Be(CommitStatus.RelatedConflict);
        (await f.PetitionAsync(second.Id)).Version.Should().Be(second.Version);
        (await f.Store.FindResultAsync(grant.CommandId)).Should().BeNull();
        first.Nominees[0].Status.Should().Be(NomineeStatus.Awarded);
    }

    [Fact]
    public async Task AcceptedCommand_RepeatedAfterLaterCommands_ReturnsItsOwnFirstResult()
    {
        var f = Appeals();
        var appeal = await f.RegisterAsync();
        var assign = f.Assign(appeal.Id);
        var first = await f.ExecuteAsync(assign);
        await f.ExecuteAsync(f.Extend(appeal.Id, new LocalDate(2023, 3, 17)));

        var again = await f.ExecuteAsync(assign);

        again.IsRepeat.Should().BeTrue();
        again.Should().BeEquivalentTo(first with { IsRepeat = true });
        again.Version.Should().Be(2);
        again.Events.Should().ContainSingle().Which.Type.Should().Be("assigned");
    }

    [Fact]
    public async Task AcceptedCommandWithSuggestions_Repeated_ReturnsTheSameResultOnEveryStore()
    {
        var f = Appeals();
        await f.RegisterAsync();
        var command = f.Registration();
        var first = await f.ExecuteAsync(command);
        first.Suggestions.Should().NotBeEmpty("a second letter of one applicant on one subject is noticed as a likely repeat");

        var again = await f.ExecuteAsync(command);

        again.Should().BeEquivalentTo(first with { IsRepeat = true }, o => o.RespectingRuntimeTypes());
    }

    [Fact]
    public async Task Registration_Repeated_ReturnsItsEventsWithItsNumber()
    {
        var f = Appeals();
        var command = f.Registration();
        var first = await f.ExecuteAsync(command);

        var again = await f.ExecuteAsync(command);

        again.IsRepeat.Should().BeTrue();
        again.Events.Should().ContainSingle().Which.Data.Should().BeOfType<AppealRegistered>().Which.Index.Should().Be(((AppealRegistered)first.Events[0].Data).Index);
    }

    [Fact]
    public async Task ClaimDueTimers_TakesTheDueOnes_AndAnotherClaimerGetsNoneOfThemWhileTheLeaseLives()
    {
        var f = Appeals();
        var first = await f.AssignedAsync();
        var second = await f.AssignedAsync(f.Registration("Бондар Ігор", "Інше питання"));
        var now = Instant.FromUtc(2026, 12, 2, 10, 0);
        var dueBy = AppealFixture.Kyiv(2023, 3, 10);

        var mine = await f.Store.ClaimDueTimersAsync(dueBy, 2, new TimerClaim("worker-a", now, now + Duration.FromMinutes(5)));
        var theirs = await f.Store.ClaimDueTimersAsync(dueBy, 10, new TimerClaim("worker-b", now, now + Duration.FromMinutes(5)));

        var due = await f.Store.DueTimersAsync(dueBy, 10);
        due.Should().HaveCount(6, "two appeals with two reminders and a deadline each");
        mine.Should().Equal(due.Take(2));
        theirs.Should().Equal(due.Skip(2), "the first two are held by worker-a's lease");
        (await f.Store.ClaimDueTimersAsync(dueBy, 10, new TimerClaim("worker-c", now, now + Duration.FromMinutes(5)))).Should().BeEmpty();
        _ = (first, second);
    }

    [Fact]
    public async Task ClaimDueTimers_AfterTheLeaseLapses_AnotherWorkerTakesThem()
    {
        var f = Appeals();
        await f.AssignedAsync();
        var now = Instant.FromUtc(2026, 12, 2, 10, 0);
        var dueBy = AppealFixture.Kyiv(2023, 3, 10);
        var killed = await f.Store.ClaimDueTimersAsync(dueBy, 10, new TimerClaim("killed-worker", now, now + Duration.FromMinutes(5)));

        var early = await f.Store.ClaimDueTimersAsync(dueBy, 10, new TimerClaim("worker-b", now + Duration.FromMinutes(4), now + Duration.FromMinutes(9)));
        var late = await f.Store.ClaimDueTimersAsync(dueBy, 10, new TimerClaim("worker-b", now + Duration.FromMinutes(5), now + Duration.FromMinutes(10)));

        killed.Should().HaveCount(3);
        early.Should().BeEmpty();
        late.Should().Equal(killed);
    }

    [Fact]
    public async Task ClaimDueTimers_ByTheSameOwnerAgain_TakesUpItsOwnClaims()
    {
        // A worker restarted under its old id (the host's: one per machine) need not wait out its predecessor's leases.
        var f = Appeals();
        await f.AssignedAsync();
        var now = Instant.FromUtc(2026, 12, 2, 10, 0);
        var dueBy = AppealFixture.Kyiv(2023, 3, 10);
        var before = await f.Store.ClaimDueTimersAsync(dueBy, 10, new TimerClaim("worker@host", now, now + Duration.FromMinutes(5)));

        var restarted = await f.Store.ClaimDueTimersAsync(dueBy, 10, new TimerClaim("worker@host", now + Duration.FromSeconds(3), now + Duration.FromMinutes(5)));

        restarted.Should().Equal(before);
    }

    [Fact]
    public async Task FiringCommit_ReleasesTheClaim_AndTheNewScheduleIsFreeToClaim()
    {
        var f = Appeals();
        var appeal = await f.AssignedAsync();
        var now = Instant.FromUtc(2026, 12, 2, 10, 0);
        var claim = new TimerClaim("worker-a", now, now + Duration.FromMinutes(5));
        var reminder = (await f.Store.ClaimDueTimersAsync(AppealFixture.Kyiv(2023, 2, 24, 12), 10, claim)).Should().ContainSingle().Subject;

        var fired = await f.Engine.FireAsync(reminder, AppealFixture.Kyiv(2023, 2, 24, 12));
        var next = await f.Store.ClaimDueTimersAsync(AppealFixture.Kyiv(2023, 3, 10), 10, claim with { Owner = "worker-b" });

        fired.Status.Should().Be(CommandStatus.Accepted);
        next.Select(t => t.Kind).Should().Equal((await f.Store.TimersOfAsync(appeal.Id)).Select(t => t.Kind), "the fired reminder is gone and the rest carry no claim");
        next.Should().NotContain(t => t.Kind == reminder.Kind);
    }

    [Fact]
    public async Task ReleaseClaims_FreesWhatTheOwnerDidNotFire()
    {
        var f = Appeals();
        await f.AssignedAsync();
        var now = Instant.FromUtc(2026, 12, 2, 10, 0);
        var dueBy = AppealFixture.Kyiv(2023, 3, 10);
        await f.Store.ClaimDueTimersAsync(dueBy, 10, new TimerClaim("worker-a", now, now + Duration.FromMinutes(5)));

        var released = await f.Store.ReleaseClaimsAsync("worker-a");
        var again = await f.Store.ClaimDueTimersAsync(dueBy, 10, new TimerClaim("worker-b", now, now + Duration.FromMinutes(5)));

        released.Should().Be(3);
        again.Should().HaveCount(3);
    }

    [Fact]
    public async Task Sweepers_TwoAtOnceOnOneStore_FireEveryTimerOnce()
    {
        var f = Appeals();
        for (var i = 0; i < 40; i++)
        {
            await f.AssignedAsync(f.Registration($"Заявник {i}", $"Питання {i}"));
        }

        var sweepers = new[] { new TimerSweeper(f.Engine, batchSize: 7) { Owner = "a" }, new TimerSweeper(f.Engine, batchSize: 7) { Owner = "b" } };

        // Both reminders of every appeal are due by then, and no deadline has lapsed.
        var reports = await Task.WhenAll(sweepers.Select(s => s.SweepAsync(AppealFixture.Kyiv(2023, 2, 28, 12))));

        reports.Sum(r => r.Fired).Should().Be(80, "40 appeals, two reminders each");
        reports.Sum(r => r.Repeated).Should().Be(0, "a claimed timer is never fired by the other sweeper");
        reports.Should().OnlyContain(r => r.Failed == 0 && r.Ignored == 0);
        (await f.Store.DueTimersAsync(AppealFixture.Kyiv(2023, 2, 28, 12), 10)).Should().BeEmpty();
    }

    [Fact]
    public async Task Timers_AreReplacedAndFoundByDueInstantInOrder()
    {
        var f = Appeals();
        var appeal = await f.AssignedAsync();
        await f.ExecuteAsync(f.Extend(appeal.Id, new LocalDate(2023, 3, 17)));

        var timers = await f.Store.TimersOfAsync(appeal.Id);
        var due = await f.Store.DueTimersAsync(AppealFixture.Kyiv(2023, 3, 14, 12), 10);

        timers.Select(t => t.Kind.ToString()).Should().Equal("reminder-3wd:2023-03-17", "reminder-1wd:2023-03-17", "deadline-missed:2023-03-17");
        due.Should().ContainSingle().Which.Should().Be(timers[0]);
    }

    [Fact]
    public async Task FiringATimer_RemovesItInTheSameCommitAndWritesTheOutbox()
    {
        var f = Appeals();
        var appeal = await f.AssignedAsync();
        var missed = (await f.Store.TimersOfAsync(appeal.Id))[^1];

        await f.Engine.FireAsync(missed, missed.DueAt);
        var again = await f.Engine.FireAsync(missed, missed.DueAt);

        again.IsRepeat.Should().BeTrue();
        (await f.Store.TimersOfAsync(appeal.Id)).Should().NotContain(t => t.Kind == missed.Kind);
        var outbox = await f.Store.PendingOutboxAsync(10);
        outbox.Should().ContainSingle(m => m.Kind == "escalation");
        await f.Store.MarkDeliveredAsync(outbox.Select(m => m.Id));
        (await f.Store.PendingOutboxAsync(10)).Should().BeEmpty();
    }

    // An assigned appeal swept after its deadline: two reminders and the escalation in the outbox, oldest first.
    private async Task<(AppealFixture F, IReadOnlyList<OutboxMessage> Messages)> WithThreeMessagesAsync()
    {
        var f = Appeals();
        await f.AssignedAsync();
        // The two reminders before the deadline lapses, then the escalation after it.
        await new TimerSweeper(f.Engine).SweepAsync(AppealFixture.Kyiv(2023, 2, 28, 12));
        await new TimerSweeper(f.Engine).SweepAsync(AppealFixture.Kyiv(2023, 3, 10));
        var messages = await f.Store.PendingOutboxAsync(10);
        messages.Should().HaveCount(3);
        return (f, messages);
    }

    [Fact]
    public async Task OutboxFailures_AreCountedAndAtTheMaximumSetAsideWithTheLastError()
    {
        var (f, m) = await WithThreeMessagesAsync();

        var first = await f.Store.RecordDeliveryFailureAsync(m[0].Id, "receiver down", maxAttempts: 2);
        var second = await f.Store.RecordDeliveryFailureAsync(m[0].Id, "timeout", maxAttempts: 2);
        var third = await f.Store.RecordDeliveryFailureAsync(m[0].Id, "again", maxAttempts: 2);
        var pending = await f.Store.ListOutboxAsync(OutboxStatus.Pending, 10);
        var failed = await f.Store.ListOutboxAsync(OutboxStatus.Failed, 10);

        (first, second, third).Should().Be((1, 2, 0), "a message set aside is no longer pending, so nothing more is recorded");
        pending.Select(e => e.Message.Id).Should().Equal(m[1].Id, m[2].Id);
        (await f.Store.PendingOutboxAsync(10)).Select(x => x.Id).Should().Equal(m[1].Id, m[2].Id);
        var entry = failed.Should().ContainSingle().Subject;
        entry.Message.Should().Be(m[0]);
        (entry.Attempts, entry.LastError, entry.Failed).Should().Be((2, "timeout", true));
    }

    [Fact]
    public async Task OutboxFailure_BelowTheMaximum_StaysPendingWithItsAttempts()
    {
        var (f, m) = await WithThreeMessagesAsync();

        await f.Store.RecordDeliveryFailureAsync(m[1].Id, "receiver down", maxAttempts: 10);
        var pending = await f.Store.ListOutboxAsync(OutboxStatus.Pending, 10);

        pending.Select(e => (e.Message.Id, e.Attempts, e.LastError, e.Failed)).Should().Equal(
            (m[0].Id, 0, null, false), (m[1].Id, 1, "receiver down", false), (m[2].Id, 0, null, false));
    }

    [Fact]
    public async Task OutboxRetry_SetAsideMessages_ArePendingAgainWithNoAttempts()
    {
        var (f, m) = await WithThreeMessagesAsync();
        await f.Store.RecordDeliveryFailureAsync(m[1].Id, "refused", maxAttempts: 1);
        await f.Store.RecordDeliveryFailureAsync(m[2].Id, "refused", maxAttempts: 1);

        var named = await f.Store.RetryOutboxAsync([m[1].Id, m[0].Id]);
        var rest = await f.Store.RetryOutboxAsync(null);
        var none = await f.Store.RetryOutboxAsync(null);

        (named, rest, none).Should().Be((1, 1, 0), "a pending message named is left as it is");
        (await f.Store.ListOutboxAsync(OutboxStatus.Pending, 10)).Select(e => (e.Message.Id, e.Attempts, e.LastError, e.Failed)).Should().Equal(
            (m[0].Id, 0, null, false), (m[1].Id, 0, null, false), (m[2].Id, 0, null, false));
        (await f.Store.ListOutboxAsync(OutboxStatus.Failed, 10)).Should().BeEmpty();
    }

    [Fact]
    public async Task OutboxListing_AfterAMessage_ContinuesBehindItEvenOnceItIsDelivered()
    {
        var (f, m) = await WithThreeMessagesAsync();
        await f.Store.MarkDeliveredAsync([m[0].Id]);

        var afterDelivered = await f.Store.ListOutboxAsync(OutboxStatus.Pending, 1, after: m[0].Id);
        var afterSecond = await f.Store.ListOutboxAsync(OutboxStatus.Pending, 10, after: m[1].Id);
        var afterLast = await f.Store.ListOutboxAsync(OutboxStatus.Pending, 10, after: m[2].Id);

        afterDelivered.Select(e => e.Message.Id).Should().Equal(m[1].Id);
        afterSecond.Select(e => e.Message.Id).Should().Equal(m[2].Id);
        afterLast.Should().BeEmpty();
    }

    [Fact]
    public async Task OutboxFailure_OfADeliveredMessage_RecordsNothing()
    {
        var (f, m) = await WithThreeMessagesAsync();
        await f.Store.MarkDeliveredAsync([m[0].Id]);

        var attempts = await f.Store.RecordDeliveryFailureAsync(m[0].Id, "late", maxAttempts: 1);

        attempts.Should().Be(0);
        (await f.Store.ListOutboxAsync(OutboxStatus.Failed, 10)).Should().BeEmpty();
    }

    [Fact]
    public async Task Queries_FilterAndOrderAsDocumented()
    {
        var f = Appeals();
        var first = await f.AssignedAsync();
        var priority = await f.RegisterAsync(f.Registration("Шевчук Іван", "Оформлення пільг") with { Benefits = true });
        await f.AnsweredAsync(f.Registration("Мазур Ганна", "Освітлення парку"));

        var queue = await f.Queries.QueueAsync().Select(a => a.Id).ToListAsync();
        var byExecutor = await f.Queries.ByExecutorAsync("БОНДАР СЕРГІЙ").Select(a => a.Id).ToListAsync();
        var byKey = await f.Store.QueryAsync(new CaseQuery { Key = first.PartyKey }).Select(r => r.Id).ToListAsync();
        var limited = await f.Store.QueryAsync(new CaseQuery { Limit = 2 }).CountAsync();
        var byReference = await f.Store.QueryAsync(new CaseQuery { Reference = "ш-2" }).SingleAsync();

        queue.Should().Equal(priority.Id, first.Id);
        byExecutor.Should().Equal(first.Id);
        byKey.Should().Equal(first.Id);
        limited.Should().Be(2);
        byReference.Id.Should().Be(priority.Id);
        byReference.Keys.Should().Equal(priority.PartyKey);
    }

    [Fact]
    public async Task Sequences_CountPerScope()
    {
        var store = CreateStore(new WorkflowRegistry([]));

        var a1 = await store.NextSequenceAsync("a");
        var a2 = await store.NextSequenceAsync("a");
        var b1 = await store.NextSequenceAsync("b");

        (a1, a2, b1).Should().Be((1L, 2L, 1L));
    }

    [Fact]
    public async Task AwardsLifecycle_EveryEvent_RoundTripsAndReplays()
    {
        var f = Awards();
        var petition = await f.AwardedAsync(new LocalDate(2023, 3, 20), AwardsFixture.Nominee(), AwardsFixture.Nominee("Ткаченко Марія", award: "honorary-certificate"));
        await f.Engine.ExecuteAsync(f.Present(petition, 1));
        var meetingId = (await f.PetitionAsync(petition.Id)).Nominees[0].Meeting!.Value;

        var loaded = await f.PetitionAsync(petition.Id);
        var meeting = await f.MeetingAsync(meetingId);

        f.Petitions.Replay(await f.Store.LoadHistoryAsync(petition.Id)).Should().BeEquivalentTo(loaded);
        f.Meetings.Replay(await f.Store.LoadHistoryAsync(meetingId)).Should().BeEquivalentTo(meeting);
        loaded.Nominees[1].Warnings.Should().ContainSingle(w => w.Rule == "lower-first");
        MeetingMinutes.Render(meeting, f.Options).Should().Contain("ВИРІШИЛИ: рекомендувати");

        // A grant adds the award's key to the petition's keys (the annual cap counts by it): the store must keep up.
        var granted = loaded.Nominees.Where(n => n.Grant is { Awarded: true }).Select(n => Petition.AwardKey(n.Grant!.Award, n.Grant.On.Year)).ToList();
        granted.Should().NotBeEmpty();
        foreach (var key in granted)
        {
            (await f.Store.QueryAsync(new CaseQuery { Key = key }).Select(r => r.Id).ToListAsync()).Should().Equal(petition.Id);
        }
    }
}

public class InMemoryStoreContractTest : CaseStoreContract
{
    protected override ICaseStore CreateStore(WorkflowRegistry workflows) => new InMemoryCaseStore();
}

// Counts the commits refused because a number or a limit changed; hands every commit to the store as it comes.
internal sealed class ConflictCountingStore(ICaseStore inner) : PassThroughStore(inner)
{
    private int _conflicts;

    public int RelatedConflicts => _conflicts;

    public override async ValueTask<CommitOutcome> CommitAsync(CaseCommit commit, CancellationToken cancellationToken = default)
    {
        var outcome = await Inner.CommitAsync(commit, cancellationToken);
        if (outcome.Status == CommitStatus.RelatedConflict)
        {
            Interlocked.Increment(ref _conflicts);
        }

        return outcome;
    }
}

// Runs a rival command through the real store just before the first commit it is given, then commits that one.
internal sealed class RacingStore(ICaseStore inner, Func<Task<CommandResult>> rival) : PassThroughStore(inner)
{
    private bool _raced;

    public override async ValueTask<CommitOutcome> CommitAsync(CaseCommit commit, CancellationToken cancellationToken = default)
    {
        if (!_raced)
        {
            _raced = true;
            (await rival()).Status.Should().Be(CommandStatus.Accepted);
        }

        return await Inner.CommitAsync(commit, cancellationToken);
    }
}
