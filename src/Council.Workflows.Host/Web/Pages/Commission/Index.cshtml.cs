using Council.Workflows.Awards;
using Council.Workflows.Engine;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Council.Workflows.Host.Web.Pages.Commission;

/// <summary>The commission's meetings, newest first: scheduled, in session, closed.</summary>
internal sealed class IndexModel(WorkflowEngine engine, WebSession who) : PageModel
{
    public IReadOnlyList<CommissionMeeting> Meetings { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Sitting.MayRead(who))
        {
            return Forbid();
        }

        var found = new List<CommissionMeeting>();
        await foreach (var row in engine.Store.QueryAsync(new CaseQuery { Kind = CommissionMeeting.CaseKind, Order = CaseOrder.Newest, Limit = 200 }, ct).ConfigureAwait(false))
        {
            if (await engine.LoadAsync(row.Id, ct).ConfigureAwait(false) is CommissionMeeting meeting)
            {
                found.Add(meeting);
            }
        }

        Meetings = found;
        return Page();
    }
}
