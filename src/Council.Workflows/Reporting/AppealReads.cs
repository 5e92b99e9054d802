using System.Runtime.CompilerServices;
using Council.Workflows.Appeals;
using Council.Workflows.Engine;

namespace Council.Workflows.Reporting;

/// <summary>An appeal as the reports read it: its figures as it stood at any instant.</summary>
internal abstract class AppealAsOf
{
    /// <summary>Its state now, kebab-case, as the store holds it.</summary>
    public string CurrentState { get; init; } = "";

    /// <summary>The date of receipt its registration recorded, or null when its history does not start with one.</summary>
    public abstract LocalDate? RegisteredReceivedOn { get; }

    /// <summary>Its figures after the acts dated before <paramref name="end"/>, or null when none was.</summary>
    public abstract AppealFigures? At(Instant end);
}

/// <summary>
/// The appeals a report reads: from the facts the store keeps (each case's dated figures, written by its commits), or, with
/// <c>replay</c> (the reference) and for any case whose facts the store does not hold, from its history replayed up to the
/// instant asked.
/// </summary>
internal sealed class AppealReads(ICaseStore store, WorkflowRegistry workflows, bool replay)
{
    public async IAsyncEnumerable<AppealAsOf> AppealsAsync(CaseQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var cases = replay
            ? store.QueryAsync(query, cancellationToken).Select(r => new CaseFacts(r.Id, r.State, r.CreatedAt, null))
            : store.QueryFactsAsync(query, cancellationToken);
        await foreach (var found in cases.ConfigureAwait(false))
        {
            var timeline = found.Facts is { } facts ? Decode(facts) : null;
            yield return timeline is not null
                ? new FromFacts(timeline) { CurrentState = found.State }
                : new FromHistory(await store.LoadHistoryAsync(found.Id, cancellationToken).ConfigureAwait(false), workflows) { CurrentState = found.State };
        }
    }

    // Facts this version cannot read (damaged, or written by another) are not trusted: the history is.
    private static AppealTimeline? Decode(string facts)
    {
        try
        {
            return AppealTimeline.Decode(facts);
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private sealed class FromFacts(AppealTimeline timeline) : AppealAsOf
    {
        public override LocalDate? RegisteredReceivedOn => timeline.First?.ReceivedOn;

        public override AppealFigures? At(Instant end) => timeline.AsOf(end);
    }

    // The reference: the history of acts dated before the instant, replayed by the workflow.
    private sealed class FromHistory(IReadOnlyList<CaseEvent> history, WorkflowRegistry workflows) : AppealAsOf
    {
        public override LocalDate? RegisteredReceivedOn => history.Count > 0 && history[0].Data is AppealRegistered registered ? registered.ReceivedOn : null;

        public override AppealFigures? At(Instant end)
        {
            var upToEnd = history.Where(e => e.At < end).ToList();
            return upToEnd.Count > 0 && workflows.Replay(Appeal.CaseKind, upToEnd) is Appeal appeal ? AppealFigures.Of(appeal) : null;
        }
    }
}
