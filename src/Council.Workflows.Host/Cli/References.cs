using Council.Workflows.Appeals;
using Council.Workflows.Awards;
using Council.Workflows.Engine;

namespace Council.Workflows.Host.Cli;

/// <summary>Finds a case by what staff write: its id, or its human reference (an appeal index, a petition or meeting number).</summary>
internal static class References
{
    private static readonly TextSource T = new("Output");

    private static string Noun(string kind) => T[$"Ref.Noun.{kind}"];

    public static Task<CaseId> Appeal(StaffSession session, string text, int? year) => ResolveAsync(session, Appeals.Appeal.CaseKind, Noun("appeal"), text, year, c => ((Appeal)c).Year);

    public static Task<CaseId> Petition(StaffSession session, string text, int? year) => ResolveAsync(session, Awards.Petition.CaseKind, Noun("petition"), text, year, c => ((Petition)c).Year);

    public static Task<CaseId> Meeting(StaffSession session, string text, int? year) =>
        ResolveAsync(session, CommissionMeeting.CaseKind, Noun("meeting"), text, year, c => ((CommissionMeeting)c).ScheduledOn.Year);

    // Latin letters that look like the Cyrillic capitals an index is written with.
    private static readonly Dictionary<char, char> LookAlikes = new()
    {
        ['A'] = 'А', ['B'] = 'В', ['C'] = 'С', ['E'] = 'Е', ['H'] = 'Н', ['I'] = 'І', ['K'] = 'К', ['M'] = 'М', ['O'] = 'О', ['P'] = 'Р', ['T'] = 'Т', ['X'] = 'Х', ['Y'] = 'У',
        ['a'] = 'А', ['b'] = 'В', ['c'] = 'С', ['e'] = 'Е', ['h'] = 'Н', ['i'] = 'І', ['k'] = 'К', ['m'] = 'М', ['o'] = 'О', ['p'] = 'Р', ['t'] = 'Т', ['x'] = 'Х', ['y'] = 'У',
    };

    private static readonly System.Globalization.CultureInfo Ukrainian = System.Globalization.CultureInfo.GetCultureInfo("uk-UA");

    internal static string Cyrillic(string text) => new([.. text.Select(c => LookAlikes.TryGetValue(c, out var cyrillic) ? cyrillic : char.ToUpper(c, Ukrainian))]);

    private static async Task<CaseId> ResolveAsync(StaffSession session, string kind, string noun, string text, int? year, Func<ICaseData, int> yearOf)
    {
        if (CaseId.TryParse(text, out var id))
        {
            var found = await session.Engine.LoadAsync(id).ConfigureAwait(false);
            return found?.Kind == kind ? id : throw new CliException(T.Format("Ref.NoId", noun, text));
        }

        var matches = new List<ICaseData>();
        await foreach (var row in session.Store.QueryAsync(new CaseQuery { Kind = kind, Reference = text.Trim() }).ConfigureAwait(false))
        {
            if (await session.Engine.LoadAsync(row.Id).ConfigureAwait(false) is { } data && (year is null || yearOf(data) == year))
            {
                matches.Add(data);
            }
        }

        // An index typed in lower case, or with Latin letters that look like Cyrillic ones (the wrong keyboard layout), is
        // the index it looks like; if that is not registered either, the message says which letters were Latin.
        var latin = new string([.. text.Where(c => LookAlikes.ContainsKey(c))]);
        if (matches.Count == 0 && kind == Appeals.Appeal.CaseKind && Cyrillic(text.Trim()) is var cyrillic && cyrillic != text.Trim())
        {
            try
            {
                return await ResolveAsync(session, kind, noun, cyrillic, year, yearOf).ConfigureAwait(false);
            }
            catch (CliException) when (latin.Length > 0)
            {
                throw new CliException(T.Format(latin.Distinct().Count() == 1 ? "Ref.Latin1" : "Ref.Latin", noun, text, year is null ? "" : T.Format("Ref.InYear", year), string.Join(", ", latin.Distinct()), cyrillic));
            }
        }

        return matches.Count switch
        {
            1 => matches[0].Id,
            0 => throw new CliException(T.Format("Ref.None", noun, text, year is null ? "" : T.Format("Ref.InYear", year))),
            _ => throw new CliException(T.Format("Ref.Several", text, matches.Count, noun, string.Join(", ", matches.Select(yearOf).Distinct().Order()))),
        };
    }
}
