using Ardalis.GuardClauses;
using Council.Workflows.Engine;

namespace Council.Workflows.Awards;

/// <summary>
/// Keeps a meeting and its petitions in step. The engine changes one case per command, so what touches both — placing a
/// petition on the agenda, reporting a closed meeting's outcomes — is a command on the meeting followed by commands on the
/// petitions whose ids are derived from the first. Repeating a call (after a crash, say) applies nothing twice.
/// </summary>
public sealed class AwardsCoordinator
{
    private readonly WorkflowEngine _engine;

    /// <summary>Creates the coordinator.</summary>
    public AwardsCoordinator(WorkflowEngine engine) => _engine = Guard.Against.Null(engine);

    /// <summary>Adds a petition to a meeting's agenda and records it on the petition.</summary>
    /// <returns>The meeting's result; the petition is told only if the meeting accepted it.</returns>
    public async ValueTask<CommandResult> PlaceOnAgendaAsync(Guid commandId, CaseId meeting, CaseId petition, Official actor, Instant at, CancellationToken cancellationToken = default)
    {
        var result = await _engine.ExecuteAsync(
            new AddPetitionToAgenda { CommandId = commandId, CaseId = meeting, Actor = actor, At = at, Petition = petition }, cancellationToken).ConfigureAwait(false);
        if (result.IsAccepted)
        {
            await _engine.ExecuteAsync(
                new PlacePetitionOnAgenda { CommandId = DeterministicGuid.Create(commandId, "petition"), CaseId = petition, Actor = actor, At = at, Meeting = meeting },
                cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>Closes a meeting and reports its outcomes to every petition on its agenda.</summary>
    public async ValueTask<CommandResult> CloseMeetingAsync(Guid commandId, CaseId meeting, Official actor, Instant at, CancellationToken cancellationToken = default)
    {
        var result = await _engine.ExecuteAsync(new CloseMeeting { CommandId = commandId, CaseId = meeting, Actor = actor, At = at }, cancellationToken).ConfigureAwait(false);
        if (result.IsAccepted)
        {
            await ReportOutcomesAsync(meeting, actor, at, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>
    /// Reports a closed meeting's outcomes to its petitions; safe to call again (each report's command id is derived from
    /// the meeting and the petition).
    /// </summary>
    /// <exception cref="InvalidOperationException">The meeting is not closed.</exception>
    public async ValueTask<IReadOnlyList<CommandResult>> ReportOutcomesAsync(CaseId meeting, Official actor, Instant at, CancellationToken cancellationToken = default)
    {
        var closed = await _engine.LoadAsync(meeting, cancellationToken).ConfigureAwait(false) as CommissionMeeting
            ?? throw new ArgumentException($"No commission meeting has the id {meeting}.", nameof(meeting));
        if (closed.State != MeetingState.Closed)
        {
            throw new InvalidOperationException($"Meeting {closed.Number} is {closed.StateName}; outcomes are reported once it is closed.");
        }

        var results = new List<CommandResult>();
        foreach (var item in closed.Agenda)
        {
            results.Add(await _engine.ExecuteAsync(
                new RecordPetitionReview
                {
                    CommandId = DeterministicGuid.Create(meeting.Value, $"review/{item.Petition}"),
                    CaseId = item.Petition,
                    Actor = actor,
                    At = at,
                    Meeting = meeting,
                    Reviews = closed.ReviewsOf(item.Petition),
                },
                cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>
    /// The nominations of a person across every petition (the secretary's "has she been awarded before?"): each nominee
    /// whose name matches <paramref name="name"/> as an office types it (<see cref="Appeals.SearchText"/>: case, stress,
    /// apostrophes, Latin look-alikes, a letter or two misspelt), with the petition; closest first, then newest.
    /// </summary>
    public async ValueTask<IReadOnlyList<(Petition Petition, Nominee Nominee, double Score)>> PeopleAsync(string name, CancellationToken cancellationToken = default)
    {
        Guard.Against.NullOrWhiteSpace(name);
        var wanted = Appeals.SearchText.Words(name);
        var found = new List<(Petition, Nominee, double)>();
        await foreach (var row in _engine.Store.QueryAsync(new CaseQuery { Kind = Petition.CaseKind }, cancellationToken).ConfigureAwait(false))
        {
            if (await _engine.LoadAsync(row.Id, cancellationToken).ConfigureAwait(false) is not Petition petition)
            {
                continue;
            }

            foreach (var nominee in petition.Nominees)
            {
                var words = Appeals.SearchText.Words(nominee.Name);
                var score = wanted.Length == 0 ? 0 : wanted.Min(w => words.Length == 0 ? 0 : words.Max(x => Appeals.SearchText.Match(w, x)));
                if (score > 0)
                {
                    found.Add((petition, nominee, score));
                }
            }
        }

        return [.. found.OrderByDescending(f => f.Item3).ThenByDescending(f => f.Item1.SubmittedAt)];
    }
}
