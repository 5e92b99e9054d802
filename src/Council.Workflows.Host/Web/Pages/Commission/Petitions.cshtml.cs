using System.Globalization;
using Council.Workflows.Awards;
using Council.Workflows.Engine;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Council.Workflows.Host.Web.Pages.Commission;

/// <summary>
/// The award petitions, in the register's order (newest year first, then the newest number): their state, petitioner and
/// nominees; filtered by state, year, category and words of the petitioner's or a nominee's name, 50 a page.
/// </summary>
internal sealed class PetitionsModel(WorkflowEngine engine, WebSession who, IOptions<CouncilWorkflowsOptions> options) : PageModel
{
    public const int PageSize = 50;

    public IReadOnlyList<Petition> Petitions { get; private set; } = [];

    /// <summary>How many petitions the filters let through (all pages).</summary>
    public int Total { get; private set; }

    /// <summary>The years petitions were submitted in, newest first (the year filter's choices).</summary>
    public IReadOnlyList<int> Years { get; private set; } = [];

    public string? Problem { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Category { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Text { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public AwardOptions Awards => options.Value.Awards;

    /// <summary>Whether this account submits petitions (the library's staff roles: the secretary, the clerk, the head by default).</summary>
    public bool MaySubmit => NewPetitionModel.SubmitterOf(who, Awards) is not null;

    public string CategoryName(string id) =>
        Awards.Category(id) is { } category ? (WebText.Ukrainian ? category.NameUk : category.NameEn) : id;

    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Sitting.MayRead(who))
        {
            return Forbid();
        }

        PetitionState? state = null;
        if (State is { Length: > 0 })
        {
            if (KebabCase.TryParse<PetitionState>(State, out var s))
            {
                state = s;
            }
            else
            {
                Problem = WebText.W.Format("Web.Petitions.BadState", State);
            }
        }

        var found = new List<Petition>();
        await foreach (var row in engine.Store.QueryAsync(new CaseQuery { Kind = Petition.CaseKind, Order = CaseOrder.Newest, Limit = 100_000 }, ct).ConfigureAwait(false))
        {
            if (await engine.LoadAsync(row.Id, ct).ConfigureAwait(false) is Petition petition)
            {
                found.Add(petition);
            }
        }

        Years = [.. found.Select(p => p.Year).Distinct().OrderDescending()];
        var words = (Text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var chosen = found.Where(p =>
            (state is null || p.State == state)
            && (Year is null || p.Year == Year)
            && (string.IsNullOrWhiteSpace(Category) || p.Nominees.Any(n => string.Equals(n.Category, Category.Trim(), StringComparison.OrdinalIgnoreCase)))
            && (words.Length == 0 || Names(p).Any(name => words.All(w => name.Contains(w, StringComparison.CurrentCultureIgnoreCase)))));

        static int Sequence(Petition p) => int.TryParse(p.Number.Split('/')[0], CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;
        var ordered = chosen.OrderByDescending(p => p.Year).ThenByDescending(Sequence).ToList();
        Total = ordered.Count;
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        Petitions = [.. ordered.Skip((PageNumber - 1) * PageSize).Take(PageSize)];
        return Page();
    }

    // The names a text filter looks in: the petitioner's and each nominee's.
    private static IEnumerable<string> Names(Petition p) => [p.Petitioner.Name, .. p.Nominees.Select(n => n.Name)];

    public string Link(int page) =>
        $"/commission/petitions?p={page}&state={Uri.EscapeDataString(State ?? "")}&year={Year?.ToString(CultureInfo.InvariantCulture)}&category={Uri.EscapeDataString(Category ?? "")}&q={Uri.EscapeDataString(Text ?? "")}";
}
