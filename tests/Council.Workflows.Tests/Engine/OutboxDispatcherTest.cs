using Council.Workflows.Engine;
using Council.Workflows.Tests.Appeals;
using static Council.Workflows.Tests.Appeals.AppealFixture;

namespace Council.Workflows.Tests.Engine;

public class OutboxDispatcherTest
{
    // Two reminders and the escalation of an appeal swept after its deadline, in the outbox of the fixture's store.
    private static async Task<(AppealFixture F, IReadOnlyList<OutboxMessage> Messages)> WithThreeMessagesAsync(Func<WorkflowRegistry, ICaseStore>? store = null)
    {
        var f = new AppealFixture(store: store);
        await f.AssignedAsync();
        // The two reminders before the deadline lapses, then the escalation after it.
        await new TimerSweeper(f.Engine).SweepAsync(Kyiv(2023, 2, 28, 12));
        await new TimerSweeper(f.Engine).SweepAsync(Kyiv(2023, 3, 10));
        return (f, await f.Store.PendingOutboxAsync(10));
    }

    [Fact]
    public async Task Deliver_OldestMessageAlwaysFailing_NeverHoldsBackTheOthers()
    {
        var (f, m) = await WithThreeMessagesAsync();
        var sink = new RefusingSink(m[0].Id);

        var report = await new OutboxDispatcher(f.Store, sink).DeliverAsync();

        report.Should().Be(new OutboxReport(2, 1, 0, "the receiver refused it"));
        sink.Delivered.Select(x => x.Id).Should().Equal(m[1].Id, m[2].Id);
        (await f.Store.ListOutboxAsync(OutboxStatus.Pending, 10)).Should().ContainSingle()
            .Which.Should().Be(new OutboxEntry(m[0], 1, "the receiver refused it", false));
    }

    [Fact]
    public async Task Deliver_MessageFailingEveryRun_IsSetAsideAtMaxAttemptsAndNotTriedAgain()
    {
        var (f, m) = await WithThreeMessagesAsync();
        var sink = new RefusingSink(m[0].Id);
        var dispatcher = new OutboxDispatcher(f.Store, sink, maxAttempts: 2);

        var first = await dispatcher.DeliverAsync();
        var second = await dispatcher.DeliverAsync();
        var third = await dispatcher.DeliverAsync();

        (first.Failed, first.SetAside, second.Failed, second.SetAside).Should().Be((1, 0, 1, 1));
        third.Should().Be(new OutboxReport(0, 0, 0, null));
        sink.Refused.Should().Be(2);
        (await f.Store.ListOutboxAsync(OutboxStatus.Failed, 10)).Should().ContainSingle()
            .Which.Should().Be(new OutboxEntry(m[0], 2, "the receiver refused it", true));
    }

    [Fact]
    public async Task Deliver_SetAsideMessageRetried_IsDeliveredByTheNextRun()
    {
        var (f, m) = await WithThreeMessagesAsync();
        var sink = new RefusingSink(m[0].Id);
        await new OutboxDispatcher(f.Store, sink, maxAttempts: 1).DeliverAsync();
        sink.RefusedId = null;

        await f.Store.RetryOutboxAsync([m[0].Id]);
        var report = await new OutboxDispatcher(f.Store, sink, maxAttempts: 1).DeliverAsync();

        report.Should().Be(new OutboxReport(1, 0, 0, null));
        (await f.Store.PendingOutboxAsync(10)).Should().BeEmpty();
    }

    [Fact]
    public async Task Deliver_StoreWithoutDeliveryRecords_TriesEachMessageOnceAndKeepsTheFailedOnePending()
    {
        var (f, m) = await WithThreeMessagesAsync(_ => new StoreWithoutDeliveryRecords());
        var sink = new RefusingSink(m[0].Id);

        var report = await new OutboxDispatcher(f.Store, sink, maxAttempts: 1).DeliverAsync();

        report.Should().Be(new OutboxReport(2, 1, 0, "the receiver refused it"));
        sink.Refused.Should().Be(1);
        (await f.Store.PendingOutboxAsync(10)).Select(x => x.Id).Should().Equal(m[0].Id);
    }

    private sealed class RefusingSink(Guid refusedId) : IOutboxSink
    {
        public Guid? RefusedId { get; set; } = refusedId;

        public int Refused { get; private set; }

        public List<OutboxMessage> Delivered { get; } = [];

        public Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            if (message.Id == RefusedId)
            {
                Refused++;
                throw new InvalidOperationException("the receiver refused it");
            }

            Delivered.Add(message);
            return Task.CompletedTask;
        }
    }

    // A store written before delivery records: the new members are the interface's defaults.
    private sealed class StoreWithoutDeliveryRecords : Stores.PassThroughStore;
}
