using System.Runtime.CompilerServices;
using Ardalis.GuardClauses;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;

namespace Council.Workflows.Appeals;

/// <summary>The questions appeals staff ask: what is due soon, what is overdue, what is on whose desk, in queue order.</summary>
public sealed class AppealQueries
{
    private static readonly string[] AwaitingAnswer = [KebabCase.Of(AppealState.Registered), KebabCase.Of(AppealState.UnderConsideration)];
    private readonly WorkflowEngine _engine;
    private readonly ICaseStore _store;
    private readonly DeadlineCalculator _calculator;

    /// <summary>Creates the queries over an engine's store.</summary>
    public AppealQueries(WorkflowEngine engine, DeadlineCalculator calculator)
    {
        _engine = Guard.Against.Null(engine);
        _store = engine.Store;
        _calculator = Guard.Against.Null(calculator);
    }

    /// <summary>One appeal, or <see langword="null"/>.</summary>
    public async ValueTask<Appeal?> GetAsync(CaseId id, CancellationToken cancellationToken = default) =>
        await _engine.LoadAsync(id, cancellationToken).ConfigureAwait(false) as Appeal;

    /// <summary>One appeal by its registration index (such as <c>К-115</c>) in a council and year, or <see langword="null"/>.</summary>
    public async ValueTask<Appeal?> FindByIndexAsync(string index, int year, string? council = null, CancellationToken cancellationToken = default)
    {
        Guard.Against.NullOrWhiteSpace(index);
        await foreach (var appeal in QueryAsync(new CaseQuery { Kind = Appeal.CaseKind, Council = council, Reference = index.Trim() }, cancellationToken).ConfigureAwait(false))
        {
            if (appeal.Year == year)
            {
                return appeal;
            }
        }

        return null;
    }

    /// <summary>Appeals awaiting an answer whose due date is within <paramref name="days"/> days of the local date of <paramref name="now"/> (overdue ones included), earliest first.</summary>
    public IAsyncEnumerable<Appeal> DueWithinAsync(int days, Instant now, CancellationToken cancellationToken = default)
    {
        Guard.Against.Negative(days);
        var until = _calculator.EndOf(_calculator.DateOf(now).PlusDays(days));
        return QueryAsync(new CaseQuery { Kind = Appeal.CaseKind, States = AwaitingAnswer, DueBefore = until.PlusTicks(1), Order = CaseOrder.Due }, cancellationToken);
    }

    /// <summary>Appeals overdue at <paramref name="at"/>: awaiting an answer after their deadline lapsed, earliest first.</summary>
    public IAsyncEnumerable<Appeal> OverdueAsync(Instant at, CancellationToken cancellationToken = default) =>
        QueryAsync(new CaseQuery { Kind = Appeal.CaseKind, States = AwaitingAnswer, DueBefore = at.PlusTicks(1), Order = CaseOrder.Due }, cancellationToken);

    /// <summary>Appeals on <paramref name="executor"/>'s desk: assigned to them and awaiting an answer, in queue order.</summary>
    public IAsyncEnumerable<Appeal> ByExecutorAsync(string executor, CancellationToken cancellationToken = default)
    {
        Guard.Against.NullOrWhiteSpace(executor);
        return QueryAsync(new CaseQuery { Kind = Appeal.CaseKind, Assignee = executor.Trim(), States = AwaitingAnswer, Order = CaseOrder.Queue }, cancellationToken);
    }

    /// <summary>Appeals in <paramref name="state"/>, oldest first.</summary>
    public IAsyncEnumerable<Appeal> ByStateAsync(AppealState state, CancellationToken cancellationToken = default) =>
        QueryAsync(new CaseQuery { Kind = Appeal.CaseKind, States = [KebabCase.Of(state)] }, cancellationToken);

    /// <summary>The work queue: open appeals awaiting an answer, persons with statutory benefits first, then by due date.</summary>
    public IAsyncEnumerable<Appeal> QueueAsync(CancellationToken cancellationToken = default) =>
        QueryAsync(new CaseQuery { Kind = Appeal.CaseKind, States = AwaitingAnswer, Order = CaseOrder.Queue }, cancellationToken);

    /// <summary>Appeals matching any store query (the kind is forced to appeals).</summary>
    public async IAsyncEnumerable<Appeal> QueryAsync(CaseQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(query);
        await foreach (var row in _store.QueryAsync(query with { Kind = Appeal.CaseKind }, cancellationToken).ConfigureAwait(false))
        {
            if (await _engine.LoadAsync(row.Id, cancellationToken).ConfigureAwait(false) is Appeal appeal)
            {
                yield return appeal;
            }
        }
    }
}
