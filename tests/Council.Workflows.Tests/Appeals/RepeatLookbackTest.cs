using Council.Workflows.Appeals;
using Council.Workflows.Engine;

namespace Council.Workflows.Tests.Appeals;

// The repeat check compares a new letter with the applicant's most recent appeals only: flat however often he wrote.
public class RepeatLookbackTest
{
    [Fact]
    public async Task Register_ApplicantWithManyEarlierAppeals_ReadsOnlyTheMostRecentFew()
    {
        var counting = new CountingStore();
        var f = new AppealFixture(new AppealOptions { RepeatLookback = 20 }, store: _ => counting);
        for (var i = 0; i < 60; i++)
        {
            await f.RegisterAsync(f.Registration(subject: $"Питання номер {i} про різне {i * 7}"));
        }

        counting.Loads = 0;
        var result = await f.ExecuteAsync(f.Registration(subject: "Зовсім інша тема листа"));

        result.Status.Should().Be(CommandStatus.Accepted);
        counting.Loads.Should().BeLessThanOrEqualTo(21, "the new case itself, and at most 20 earlier appeals");
    }

    [Fact]
    public async Task Register_RepeatAmongTheMostRecent_IsStillLinked()
    {
        var f = new AppealFixture(new AppealOptions { RepeatLookback = 3 });
        await f.RegisterAsync(f.Registration(subject: "Ремонт дороги на вулиці Київській біля школи"));
        for (var i = 0; i < 2; i++)
        {
            await f.RegisterAsync(f.Registration(subject: $"Інше питання {i}"));
        }

        var repeat = await f.RegisterAsync(f.Registration(subject: "Ремонт дороги на вулиці Київській"));

        repeat.RepeatOfIndexes.Should().Equal("К-1");
    }

    private sealed class CountingStore : ICaseStore
    {
        private readonly InMemoryCaseStore _inner = new();

        public int Loads { get; set; }

        public bool TakesNumbersInCommit => true;

        public ValueTask<CommitOutcome> CommitAsync(CaseCommit commit, CancellationToken cancellationToken = default) => _inner.CommitAsync(commit, cancellationToken);

        public ValueTask<ICaseData?> LoadAsync(CaseId id, CancellationToken cancellationToken = default)
        {
            Loads++;
            return _inner.LoadAsync(id, cancellationToken);
        }

        public ValueTask<IReadOnlyList<CaseEvent>> LoadHistoryAsync(CaseId id, CancellationToken cancellationToken = default) => _inner.LoadHistoryAsync(id, cancellationToken);

        public ValueTask<CommandResult?> FindResultAsync(Guid commandId, CancellationToken cancellationToken = default) => _inner.FindResultAsync(commandId, cancellationToken);

        public ValueTask<IReadOnlyList<TimerEntry>> DueTimersAsync(Instant dueBy, int limit, CancellationToken cancellationToken = default) => _inner.DueTimersAsync(dueBy, limit, cancellationToken);

        public ValueTask<IReadOnlyList<TimerEntry>> TimersOfAsync(CaseId id, CancellationToken cancellationToken = default) => _inner.TimersOfAsync(id, cancellationToken);

        public IAsyncEnumerable<CaseRow> QueryAsync(CaseQuery query, CancellationToken cancellationToken = default) => _inner.QueryAsync(query, cancellationToken);

        public ValueTask<long> NextSequenceAsync(string scope, CancellationToken cancellationToken = default) => _inner.NextSequenceAsync(scope, cancellationToken);

        public ValueTask<IReadOnlyList<OutboxMessage>> PendingOutboxAsync(int limit, CancellationToken cancellationToken = default) => _inner.PendingOutboxAsync(limit, cancellationToken);

        public ValueTask MarkDeliveredAsync(IEnumerable<Guid> messageIds, CancellationToken cancellationToken = default) => _inner.MarkDeliveredAsync(messageIds, cancellationToken);
    }
}
