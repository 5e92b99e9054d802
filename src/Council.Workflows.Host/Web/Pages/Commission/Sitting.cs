using Council.Workflows.Accounts;

namespace Council.Workflows.Host.Web.Pages.Commission;

/// <summary>Who reads the commission's pages: its secretary and members, the head and deputies, the clerk, the auditor.</summary>
internal static class Sitting
{
    public static bool MayRead(WebSession who) =>
        who.Has(AccountRole.Secretary) || who.Has(AccountRole.CommissionMember) || who.Has(AccountRole.Head) || who.Has(AccountRole.DeputyHead)
        || who.Has(AccountRole.Clerk) || who.Has(AccountRole.Auditor);

    // The command line writes states and outcomes in English as their ids ("in-review", "not-awarded"); the pages read
    // them as words, where the awards texts have a page's own (Web.State.*, Web.Word.*), else as everywhere else.

    /// <summary>A petition's or a meeting's state as the pages write it.</summary>
    public static string State(string kebab) => WebText.W.Optional($"Web.State.{kebab}") ?? WebText.State(kebab);

    /// <summary>A nominee's status, an outcome or a motion as the pages write it.</summary>
    public static string Word<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        WebText.W.Optional($"Web.Word.{Engine.KebabCase.Of(value)}") ?? WebText.Word(value);
}
