using Council.Workflows.Engine;
using Council.Workflows.Tests.Appeals;
using static Council.Workflows.Tests.Appeals.AppealFixture;

namespace Council.Workflows.Tests.Engine;

public class TimerSweeperTest
{
    [Fact]
    public async Task Sweep_AfterDowntimeBeforeTheDeadline_SendsTheMissedRemindersOnceInDueOrder()
    {
        var f = new AppealFixture();
        var appeal = await f.AssignedAsync();
        var sweeper = new TimerSweeper(f.Engine);

        var report = await sweeper.SweepAsync(Kyiv(2023, 2, 28, 12));
        var again = await sweeper.SweepAsync(Kyiv(2023, 2, 28, 12));

        report.Should().Be(new SweepReport(2, 0, 0, 0));
        again.Total.Should().Be(0);
        (await f.Store.LoadHistoryAsync(appeal.Id)).Skip(2).Select(e => (e.Data as Council.Workflows.Appeals.ReminderSent)?.Timer ?? e.Type)
            .Should().Equal("reminder-3wd:2023-02-28", "reminder-1wd:2023-02-28");
    }

    [Fact]
    public async Task Sweep_AfterDowntimePastTheDeadline_RecordsTheMissedDeadlineOnceAndSendsNoStaleReminder()
    {
        var f = new AppealFixture();
        var appeal = await f.AssignedAsync();
        var sweeper = new TimerSweeper(f.Engine);

        var report = await sweeper.SweepAsync(Kyiv(2023, 3, 10));
        var again = await sweeper.SweepAsync(Kyiv(2023, 3, 10));

        report.Should().Be(new SweepReport(1, 2, 0, 0));
        again.Total.Should().Be(0, "no reminder of a lapsed deadline stays pending");
        (await f.Store.LoadHistoryAsync(appeal.Id)).Skip(2).Select(e => e.Type).Should().Equal("deadline-missed");
        (await f.Store.PendingOutboxAsync(10)).Should().ContainSingle().Which.Kind.Should().Be("escalation");
        (await f.Store.TimersOfAsync(appeal.Id)).Should().BeEmpty();
    }

    [Fact]
    public async Task Sweep_BeforeAnythingIsDue_FiresNothing()
    {
        var f = new AppealFixture();
        await f.AssignedAsync();

        var report = await new TimerSweeper(f.Engine).SweepAsync(Kyiv(2023, 2, 22));

        report.Total.Should().Be(0);
    }

    [Fact]
    public async Task Sweep_OneCaseFailing_FiresTheOthersAndLeavesItsTimerPending()
    {
        var f = new AppealFixture(store: _ => new FailingStore());
        var good = await f.AssignedAsync();
        var bad = await f.AssignedAsync(f.Registration("Мазур Ганна", "Інше питання"));
        ((FailingStore)f.Store).FailFor = bad.Id;

        var logger = new Microsoft.Extensions.Logging.Testing.FakeLogger<TimerSweeper>();

        var report = await new TimerSweeper(f.Engine, logger, parallelism: 1).SweepAsync(Kyiv(2023, 3, 10));

        logger.Collector.GetSnapshot().Should().ContainSingle().Which.Should().Match<Microsoft.Extensions.Logging.Testing.FakeLogRecord>(r =>
            r.Level == Microsoft.Extensions.Logging.LogLevel.Warning && r.Message.Contains(bad.Id.ToString()) && r.Exception != null);
        report.Fired.Should().Be(1, "the good case's missed deadline; its reminders of a lapsed deadline are not sent");
        report.Ignored.Should().Be(2);
        report.Failed.Should().Be(1);
        (await f.Store.TimersOfAsync(good.Id)).Should().BeEmpty();
        (await f.Store.TimersOfAsync(bad.Id)).Should().HaveCount(3);
    }

    [Fact]
    public async Task Deliver_SinkFailingOnce_DeliversTheOthersAndThatOneOnTheNextRun()
    {
        var f = new AppealFixture();
        await f.AssignedAsync();
        await new TimerSweeper(f.Engine).SweepAsync(Kyiv(2023, 2, 28, 12));
        await new TimerSweeper(f.Engine).SweepAsync(Kyiv(2023, 3, 10));
        var sink = new FlakySink();

        var first = await new OutboxDispatcher(f.Store, sink).DeliverAsync();
        var second = await new OutboxDispatcher(f.Store, sink).DeliverAsync();

        first.Should().Be(new OutboxReport(2, 1, 0, "receiver down"));
        second.Should().Be(new OutboxReport(1, 0, 0, null));
        sink.Delivered.Select(m => m.Kind).Should().Equal("reminder", "escalation", "reminder");
        (await f.Store.PendingOutboxAsync(10)).Should().BeEmpty();
    }

    private sealed class FailingStore : Stores.PassThroughStore
    {
        public CaseId? FailFor { get; set; }

        public override ValueTask<CommitOutcome> CommitAsync(CaseCommit commit, CancellationToken cancellationToken = default) =>
            commit.CaseId == FailFor ? throw new InvalidOperationException("disk on fire") : base.CommitAsync(commit, cancellationToken);
    }

    private sealed class FlakySink : IOutboxSink
    {
        private int _calls;

        public List<OutboxMessage> Delivered { get; } = [];

        public Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                throw new HttpRequestException("receiver down");
            }

            Delivered.Add(message);
            return Task.CompletedTask;
        }
    }
}
