using Council.Workflows.Awards;
using Council.Workflows.Engine;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Council.Workflows.Host.Web.Pages.Commission;

/// <summary>The commission's meetings, newest first: scheduled, in session, closed.</summary>
internal sealed class IndexModel(WorkflowEngine engine, WebSession who, Deadlines.DeadlineCalculator calculator) : PageModel
{
    public IReadOnlyList<CommissionMeeting> Meetings { get; private set; } = [];

    public string? Problem { get; private set; }

    /// <summary>Whether this account schedules meetings (the secretary; the head).</summary>
    public bool MaySchedule => Scheduler is not null;

    public Guid NextCommandId { get; } = Command.NewId();

    public string Today => WebText.D(calculator.DateOf(who.Now));

    private Official? Scheduler =>
        new[] { OfficialRole.Secretary, OfficialRole.Head }.Where(r => who.ActingRoles.Contains(r)).Select(r => who.Acting(r)).FirstOrDefault();

    /// <summary>Schedules a meeting: its date, chair, secretary and members (one name a line).</summary>
    public async Task<IActionResult> OnPostScheduleAsync(Guid commandId, string? on, string? chair, string? secretary, string? members, CancellationToken ct)
    {
        if (Scheduler is not { } actor)
        {
            return Forbid();
        }

        var names = (members ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (Cli.OfficeDates.Date(on ?? "") is not { Success: true } date || string.IsNullOrWhiteSpace(chair) || string.IsNullOrWhiteSpace(secretary))
        {
            Problem = Cli.OfficeDates.NoSuchDay(on) ?? WebText.T["Commission.ScheduleMissing"];
            return await OnGetAsync(ct).ConfigureAwait(false);
        }

        try
        {
            var result = await engine.ExecuteAsync(new ScheduleMeeting
            {
                CommandId = commandId == Guid.Empty ? Command.NewId() : commandId, CaseId = Cli.StaffSession.CaseIdFor(commandId), Actor = actor, At = who.Now, On = date.Value,
                Members = [new CommissionMember(chair, CommissionRole.Chair), new CommissionMember(secretary, CommissionRole.Secretary), .. names.Select(n => new CommissionMember(n))],
            }, ct).ConfigureAwait(false);
            if (result.Status == CommandStatus.Accepted)
            {
                return Redirect($"/commission/meetings/{result.CaseId.Value}");
            }

            Problem = result.Refusal?.Message ?? result.Message;
        }
        catch (ArgumentException e)
        {
            Problem = Reasons.Of(e);
        }

        return await OnGetAsync(ct).ConfigureAwait(false);
    }

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
