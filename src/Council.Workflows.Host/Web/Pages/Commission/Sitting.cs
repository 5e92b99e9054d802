using Council.Workflows.Accounts;

namespace Council.Workflows.Host.Web.Pages.Commission;

/// <summary>Who reads the commission's pages: its secretary and members, the head and deputies, the clerk, the auditor.</summary>
internal static class Sitting
{
    public static bool MayRead(WebSession who) =>
        who.Has(AccountRole.Secretary) || who.Has(AccountRole.CommissionMember) || who.Has(AccountRole.Head) || who.Has(AccountRole.DeputyHead)
        || who.Has(AccountRole.Clerk) || who.Has(AccountRole.Auditor);
}
