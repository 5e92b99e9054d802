using Council.Workflows.Engine;

namespace Council.Workflows.Tests.Stores;

// Periodic runs, part of the store contract: a job's run for a period is recorded once, with its outbox messages or not at all.
public abstract partial class CaseStoreContract
{
    private static readonly Instant RunAt = Instant.FromUtc(2026, 12, 3, 6, 0);
    private static readonly LocalDate Day = new(2026, 12, 3);

    private static OutboxMessage Report(string subject) =>
        new(Guid.NewGuid(), CaseId.New(), "daily-report", "control", subject, "Прострочено: 0", RunAt);

    private IStorePeriodicRuns RunsStore(out ICaseStore store)
    {
        store = CreateStore(new WorkflowRegistry([]));
        return store.Should().BeAssignableTo<IStorePeriodicRuns>("every store keeps periodic runs").Subject;
    }

    [Fact]
    public async Task RecordRun_FirstForItsPeriod_IsRecordedWithItsOutbox()
    {
        var runs = RunsStore(out var store);
        var message = Report("Звіт за 03.12.2026");

        var recorded = await runs.RecordRunAsync(new PeriodicRun("daily-report", Day, RunAt), [message]);

        recorded.Should().BeTrue();
        (await runs.FindRunAsync("daily-report", Day)).Should().Be(new PeriodicRun("daily-report", Day, RunAt));
        (await store.PendingOutboxAsync(10)).Should().Equal(message);
    }

    [Fact]
    public async Task RecordRun_SamePeriodAgain_IsRefusedAndQueuesNothing()
    {
        var runs = RunsStore(out var store);
        await runs.RecordRunAsync(new PeriodicRun("daily-report", Day, RunAt), [Report("перший")]);

        var again = await runs.RecordRunAsync(new PeriodicRun("daily-report", Day, RunAt.Plus(Duration.FromHours(1))), [Report("другий")]);

        again.Should().BeFalse();
        (await store.PendingOutboxAsync(10)).Select(m => m.Subject).Should().Equal("перший");
        (await runs.FindRunAsync("daily-report", Day))!.At.Should().Be(RunAt, "the first run's mark stands");
    }

    [Fact]
    public async Task RecordRun_OtherDayOrOtherJob_IsItsOwnRun()
    {
        var runs = RunsStore(out _);
        await runs.RecordRunAsync(new PeriodicRun("daily-report", Day, RunAt), []);

        var nextDay = await runs.RecordRunAsync(new PeriodicRun("daily-report", Day.PlusDays(1), RunAt.Plus(Duration.FromDays(1))), []);
        var otherJob = await runs.RecordRunAsync(new PeriodicRun("retention", Day, RunAt), []);

        nextDay.Should().BeTrue();
        otherJob.Should().BeTrue();
        (await runs.FindRunAsync("daily-report", Day.PlusDays(2))).Should().BeNull();
    }

    [Fact]
    public async Task RecordRun_ManyAtOnce_ExactlyOneWins()
    {
        var runs = RunsStore(out var store);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(async () => await runs.RecordRunAsync(new PeriodicRun("daily-report", Day, RunAt), [Report($"спроба {i}")]))));

        results.Count(r => r).Should().Be(1);
        (await store.PendingOutboxAsync(100)).Should().ContainSingle();
    }
}
