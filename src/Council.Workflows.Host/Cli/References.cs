using Council.Workflows.Appeals;
using Council.Workflows.Awards;
using Council.Workflows.Engine;

namespace Council.Workflows.Host.Cli;

/// <summary>Finds a case by what staff write: its id, or its human reference (an appeal index, a petition or meeting number).</summary>
internal static class References
{
    public static Task<CaseId> Appeal(StaffSession session, string text, int? year) => ResolveAsync(session, Appeals.Appeal.CaseKind, "appeal", text, year, c => ((Appeal)c).Year);

    public static Task<CaseId> Petition(StaffSession session, string text, int? year) => ResolveAsync(session, Awards.Petition.CaseKind, "petition", text, year, c => ((Petition)c).Year);

    public static Task<CaseId> Meeting(StaffSession session, string text, int? year) =>
        ResolveAsync(session, CommissionMeeting.CaseKind, "meeting", text, year, c => ((CommissionMeeting)c).ScheduledOn.Year);

    private static async Task<CaseId> ResolveAsync(StaffSession session, string kind, string noun, string text, int? year, Func<ICaseData, int> yearOf)
    {
        if (CaseId.TryParse(text, out var id))
        {
            var found = await session.Engine.LoadAsync(id).ConfigureAwait(false);
            return found?.Kind == kind ? id : throw new CliException($"no {noun} has the id {text}.");
        }

        var matches = new List<ICaseData>();
        await foreach (var row in session.Store.QueryAsync(new CaseQuery { Kind = kind, Reference = text.Trim() }).ConfigureAwait(false))
        {
            if (await session.Engine.LoadAsync(row.Id).ConfigureAwait(false) is { } data && (year is null || yearOf(data) == year))
            {
                matches.Add(data);
            }
        }

        return matches.Count switch
        {
            1 => matches[0].Id,
            0 => throw new CliException($"no {noun} {text}{(year is null ? "" : $" in {year}")}."),
            _ => throw new CliException($"{text} names {matches.Count} {noun}s ({string.Join(", ", matches.Select(yearOf).Distinct().Order())}): add --year or use the id."),
        };
    }
}
