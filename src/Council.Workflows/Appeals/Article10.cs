using Council.Workflows.Engine;

namespace Council.Workflows.Appeals;

/// <summary>
/// Law on Citizens' Appeals, Art. 10: at the applicant's request their name and place of residence are not disclosed. An
/// appeal registered with <see cref="AppealCard.DoNotDisclose"/> has its applicants' names, addresses and contacts and its
/// phone masked wherever its record leaves the office's own card: exports, reports, lists for others.
/// </summary>
public static class Article10
{
    /// <summary>What stands in place of what is not disclosed.</summary>
    public const string Masked = "(приховано,ст.10)";

    /// <summary>Whether the history's appeal asked for non-disclosure (its registration says so).</summary>
    public static bool Applies(IReadOnlyList<CaseEvent> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return history.Count > 0 && history[0].Data is AppealRegistered { Card.DoNotDisclose: true };
    }

    /// <summary>The applicant with name, address and contact masked.</summary>
    public static Applicant Mask(Applicant applicant)
    {
        ArgumentNullException.ThrowIfNull(applicant);
        return new Applicant(Masked, applicant.Address is null ? null : Masked, applicant.Email is null ? null : Masked);
    }

    /// <summary>
    /// <paramref name="e"/> with what identifies the applicant masked: the registration's applicants and phone, and the old and
    /// new values of a corrected name or address. Other events are returned as they are.
    /// </summary>
    public static CaseEvent Mask(CaseEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Data switch
        {
            AppealRegistered r => e with
            {
                Data = r with
                {
                    Applicants = [.. r.Applicants.Select(Mask)],
                    Card = r.Card is { Phone: not null } card ? card with { Phone = Masked } : r.Card,
                },
            },
            RegistrationCorrected c => e with
            {
                Data = c with
                {
                    Changes = [.. c.Changes.Select(f => f.Field is "subject" ? f : f with { Old = f.Old is null ? null : Masked, New = f.New is null ? null : Masked })],
                },
            },
            _ => e,
        };
    }
}
