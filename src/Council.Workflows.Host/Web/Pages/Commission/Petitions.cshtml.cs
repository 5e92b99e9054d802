using Council.Workflows.Awards;
using Council.Workflows.Engine;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Council.Workflows.Host.Web.Pages.Commission;

/// <summary>The award petitions, in the register's order (newest year first): their state, petitioner and nominees.</summary>
internal sealed class PetitionsModel(WorkflowEngine engine, WebSession who) : PageModel
{
    public IReadOnlyList<Petition> Petitions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Sitting.MayRead(who))
        {
            return Forbid();
        }

        var found = new List<Petition>();
        await foreach (var row in engine.Store.QueryAsync(new CaseQuery { Kind = Petition.CaseKind, Order = CaseOrder.Newest, Limit = 1000 }, ct).ConfigureAwait(false))
        {
            if (await engine.LoadAsync(row.Id, ct).ConfigureAwait(false) is Petition petition)
            {
                found.Add(petition);
            }
        }

        static int Sequence(Petition p) => int.TryParse(p.Number.Split('/')[0], System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;
        Petitions = [.. found.OrderByDescending(p => p.Year).ThenByDescending(Sequence)];
        return Page();
    }
}
