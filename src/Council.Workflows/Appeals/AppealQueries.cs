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

    /// <summary>
    /// The appeals matching <paramref name="search"/>, ranked (the closest applicant names first, then the newest, then by
    /// number and id) and paged. The store's word index (SQLite: FTS5 over the folded words of names, addresses, subject,
    /// index, executor and codes) gives the candidates; each is checked by the same rules as <see cref="ScanAsync"/> on the
    /// search fields stored with it, and only the page's appeals are loaded. The hits are the scan's.
    /// </summary>
    public async ValueTask<AppealSearchPage> SearchAsync(AppealSearch search, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(search);
        Guard.Against.OutOfRange(search.PageSize, nameof(search.PageSize), 1, 1000);
        Guard.Against.NegativeOrZero(search.Page, nameof(search.Page));
        // Rows (and the index) written by an earlier version are rewritten first, once.
        await _engine.RefreshRowsAsync(cancellationToken).ConfigureAwait(false);
        var compiled = new AppealSearchIndex.Compiled(search);
        var hits = new List<AppealSearchIndex.Hit>();
        await foreach (var document in _store.SearchAsync(compiled.Query(), cancellationToken).ConfigureAwait(false))
        {
            var fields = document.Fields;
            if (fields is null)
            {
                // A store that keeps no fields: the appeal itself.
                if (await _engine.LoadAsync(document.Id, cancellationToken).ConfigureAwait(false) is not Appeal appeal)
                {
                    continue;
                }

                fields = appeal.SearchFields;
            }

            if (compiled.Check(document.Id, document.State, fields) is { } hit)
            {
                hits.Add(hit);
            }
        }

        var page = hits.OrderByDescending(h => h.Score).ThenByDescending(h => h.ReceivedOn).ThenByDescending(h => h.Number).ThenBy(h => h.Id.Value)
            .Skip((search.Page - 1) * search.PageSize).Take(search.PageSize);
        var shown = new List<(Appeal, double)>(search.PageSize);
        foreach (var hit in page)
        {
            if (await _engine.LoadAsync(hit.Id, cancellationToken).ConfigureAwait(false) is Appeal appeal)
            {
                shown.Add((appeal, hit.Score));
            }
        }

        return new AppealSearchPage(shown, hits.Count);
    }

    /// <summary>
    /// The appeals matching <paramref name="search"/> as <see cref="SearchAsync"/> finds them, by reading every appeal of the
    /// register (loading and replaying each): the reference the indexed search is held to, and what it is measured against.
    /// </summary>
    public async ValueTask<AppealSearchPage> ScanAsync(AppealSearch search, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(search);
        Guard.Against.OutOfRange(search.PageSize, nameof(search.PageSize), 1, 1000);
        Guard.Against.NegativeOrZero(search.Page, nameof(search.Page));
        var applicant = SearchText.Words(search.Applicant);
        var address = SearchText.Stems(search.Address);
        var text = SearchText.Stems(search.Text);
        var index = search.Index is { } wanted ? SearchText.Fold(wanted).Replace(" ", "-", StringComparison.Ordinal) : null;
        var executor = SearchText.Words(search.Executor);
        var code = search.Code?.Trim();
        var query = new CaseQuery { Kind = Appeal.CaseKind, States = search.State is { } state ? [KebabCase.Of(state)] : null };

        var hits = new List<(Appeal Appeal, double Score)>();
        await foreach (var appeal in QueryAsync(query, cancellationToken).ConfigureAwait(false))
        {
            if ((search.ReceivedFrom is { } rf && appeal.ReceivedOn < rf) || (search.ReceivedTo is { } rt && appeal.ReceivedOn > rt)
                || (search.DueFrom is { } df && appeal.Deadline.DueOn < df) || (search.DueTo is { } dt && appeal.Deadline.DueOn > dt)
                || (index is not null && SearchText.Fold(appeal.Index).Replace(" ", "-", StringComparison.Ordinal) != index)
                || (executor.Length > 0 && !AppealSearchIndex.AllIn(executor, SearchText.Words(appeal.Executor)))
                || (address.Length > 0 && !AppealSearchIndex.AllIn(address, [.. appeal.Applicants.SelectMany(a => SearchText.Words(a.Address))]))
                || (text.Length > 0 && !AppealSearchIndex.AllIn(text, SearchText.Words(appeal.Subject)))
                || (code is not null && !HasCode(appeal, code)))
            {
                continue;
            }

            var score = 1.0;
            if (applicant.Length > 0)
            {
                score = appeal.Applicants.Max(a => AppealSearchIndex.NameScore(applicant, SearchText.Words(a.FullName)));
                if (score <= 0)
                {
                    continue;
                }
            }

            hits.Add((appeal, score));
        }

        var ranked = hits.OrderByDescending(h => h.Score).ThenByDescending(h => h.Appeal.ReceivedOn).ThenByDescending(h => h.Appeal.Number).ThenBy(h => h.Appeal.Id.Value).ToList();
        return new AppealSearchPage([.. ranked.Skip((search.Page - 1) * search.PageSize).Take(search.PageSize)], ranked.Count);

        static bool HasCode(Appeal appeal, string code) =>
            appeal.Card.AuthorCategory == code || appeal.Card.SocialStatus == code || appeal.Card.Sex == code
            || appeal.Card.Issues.Contains(code) || appeal.Answer?.ResultCode == code;
    }
}
