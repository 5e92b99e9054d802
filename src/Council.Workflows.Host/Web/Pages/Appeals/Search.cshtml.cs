using Council.Workflows.Accounts;
using Council.Workflows.Appeals;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Council.Workflows.Host.Web.Pages.Appeals;

/// <summary>
/// The register's search, as <c>council appeals search</c>: by applicant (misspelt, Latin look-alikes forgiven), subject
/// words, address, index; ranked, paged. An executor searches the appeals assigned to them; names under Art. 10 are masked
/// for roles that do not handle the appeal.
/// </summary>
internal sealed class SearchModel(AppealQueries queries, WebSession who) : PageModel
{
    public const int Size = 20;

    public string? Applicant { get; private set; }

    public string? Text { get; private set; }

    public string? Address { get; private set; }

    public string? Index { get; private set; }

    public int PageNumber { get; private set; } = 1;

    public AppealSearchPage? Found { get; private set; }

    public string? Problem { get; private set; }

    public WebSession Who => who;

    public async Task OnGetAsync(string? applicant, string? text, string? address, string? index, int p, CancellationToken ct)
    {
        Applicant = Clean(applicant);
        Text = Clean(text);
        Address = Clean(address);
        Index = Clean(index);
        PageNumber = Math.Max(1, p);
        if (Applicant is null && Text is null && Address is null && Index is null)
        {
            return;
        }

        if (!who.SeesAllAppeals && !who.Has(AccountRole.Executor))
        {
            Found = new AppealSearchPage([], 0);
            return;
        }

        try
        {
            var search = new AppealSearch { Applicant = Applicant, Text = Text, Address = Address, Index = Index, PageSize = Size, Page = PageNumber };
            if (who.SeesAllAppeals)
            {
                Found = await queries.SearchAsync(search, ct).ConfigureAwait(false);
            }
            else
            {
                // An executor finds only what they may open: the search's executor filter forgives spelling, so its hits are
                // kept to the appeals assigned to exactly this account's name, and paged here.
                var mine = await queries.SearchAsync(search with { Executor = who.Name, PageSize = 1000, Page = 1 }, ct).ConfigureAwait(false);
                var seen = mine.Hits.Where(h => who.MaySee(h.Appeal)).ToList();
                Found = new AppealSearchPage([.. seen.Skip((PageNumber - 1) * Size).Take(Size)], seen.Count);
            }
        }
        catch (ArgumentException e)
        {
            Problem = Reasons.Of(e);
        }
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim()[..Math.Min(text.Trim().Length, 300)];

    public string Link(int page) =>
        $"/appeals/search?applicant={Uri.EscapeDataString(Applicant ?? "")}&text={Uri.EscapeDataString(Text ?? "")}&address={Uri.EscapeDataString(Address ?? "")}&index={Uri.EscapeDataString(Index ?? "")}&p={page}";
}
