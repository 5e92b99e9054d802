using Council.Workflows.Appeals;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Council.Workflows.Host.Web.Pages;

/// <summary>
/// A citizen's status page, public: the index, the date of receipt and the code printed on the receipt show the appeal's
/// state and due date — never a name, an address or the subject. Any mismatch answers the same "not found", and lookups
/// are rate-limited per address.
/// </summary>
[EnableRateLimiting(WebApp.StatusLimit)]
internal sealed class StatusModel(AppealQueries queries) : PageModel
{
    public string? Index { get; private set; }

    public string? Received { get; private set; }

    /// <summary>The code typed, kept in the form when the lookup is refused.</summary>
    public string? Code { get; private set; }

    public Appeal? Found { get; private set; }

    public bool Looked { get; private set; }

    public bool BadDate { get; private set; }

    /// <summary>Why the date typed names no day (31.02.2023), or null.</summary>
    public string? NoSuchDay { get; private set; }

    public async Task OnPostAsync(string? index, string? received, string? code, CancellationToken ct)
    {
        Looked = true;
        Index = index?.Trim();
        Received = received?.Trim();
        Code = code?.Trim() is { Length: > 0 and <= 20 } typed ? typed : null;
        if (string.IsNullOrEmpty(Index) || Cli.OfficeDates.Date(Received ?? "") is not { Success: true } date)
        {
            BadDate = !string.IsNullOrEmpty(Received);
            NoSuchDay = Cli.OfficeDates.NoSuchDay(Received);
            return;
        }

        var appeal = await queries.FindByIndexAsync(Index, date.Value.Year, null, ct).ConfigureAwait(false)
            ?? await queries.FindByIndexAsync(Cli.References.Cyrillic(Index), date.Value.Year, null, ct).ConfigureAwait(false);
        Found = appeal is not null && appeal.ReceivedOn == date.Value && Council.Workflows.Appeals.StatusCode.Matches(appeal.Id, code) ? appeal : null;
    }
}
