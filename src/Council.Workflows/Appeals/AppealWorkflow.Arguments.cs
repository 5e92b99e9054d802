using Ardalis.GuardClauses;
using Council.Workflows.Engine;

namespace Council.Workflows.Appeals;

// Arguments that are wrong whatever the case's state throw here, before any rule is read; refusals are results.
public sealed partial class AppealWorkflow
{
    // The card's codes are the loaded classifier's (each section its own); counts are not negative; the codes are kept as
    // typed, trimmed, and the issues without repeats.
    private AppealCard CheckedCard(AppealCard? card)
    {
        card ??= AppealCard.Empty;
        if (card.IsEmpty)
        {
            return AppealCard.Empty;
        }

        var problems = new List<string>();
        string? Code(string section, string? code)
        {
            if (string.IsNullOrWhiteSpace(code))
            {
                return null;
            }

            if (Classifier.Check(section, code) is { } problem)
            {
                problems.Add(problem);
            }

            return code.Trim();
        }

        var checkedCard = card with
        {
            AuthorCategory = Code("7", card.AuthorCategory),
            SocialStatus = Code("8", card.SocialStatus),
            Sex = Code("4", card.Sex),
            Issues = [.. (card.Issues ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim()).Distinct(StringComparer.Ordinal)],
            Phone = string.IsNullOrWhiteSpace(card.Phone) ? null : card.Phone.Trim(),
        };
        problems.AddRange(checkedCard.Issues.Select(Classifier.CheckIssue).OfType<string>());
        if (card.Pages is < 0 || card.Attachments is < 0)
        {
            problems.Add(Texts.Get("Arg.pages-negative"));
        }

        return problems.Count == 0 ? checkedCard : throw new ArgumentException(string.Join("; ", problems) + ".", nameof(card));
    }

    // Wrong arguments throw; refusals are results.
    private void CheckArguments(Command command)
    {
        CheckOutgoingNumber(command);
        switch (command)
        {
            case AssignExecutor a:
                Guard.Against.NullOrWhiteSpace(a.Executor, nameof(a.Executor));
                break;
            case AnswerAppeal { ResultCode: { } result } when !string.IsNullOrWhiteSpace(result) && Classifier.Check("9", result) is { } problem:
                throw new ArgumentException(problem + ".", nameof(command));
            case ForwardAppeal f:
                Guard.Against.NullOrWhiteSpace(f.To, nameof(f.To));
                break;
            case ReturnAppeal r:
                Guard.Against.NullOrWhiteSpace(r.Explanation, nameof(r.Explanation));
                break;
            case NotConsiderAppeal n:
                Guard.Against.EnumOutOfRange(n.Ground, nameof(n.Ground));
                break;
            case RequestTermRestoration q:
                Guard.Against.NullOrWhiteSpace(q.Grounds, nameof(q.Grounds));
                break;
            case DecideTermRestoration d:
                Guard.Against.NullOrWhiteSpace(d.Reason, nameof(d.Reason));
                break;
            case GiveInterimAnswer i:
                Guard.Against.NullOrWhiteSpace(i.Text, nameof(i.Text));
                break;
            case AnswerAppeal a:
                Guard.Against.NullOrWhiteSpace(a.Summary, nameof(a.Summary));
                Guard.Against.EnumOutOfRange(a.Outcome, nameof(a.Outcome));
                Guard.Against.EnumOutOfRange(a.Channel, nameof(a.Channel));
                break;
            case WithdrawAppeal w:
                Guard.Against.NullOrWhiteSpace(w.Statement, nameof(w.Statement));
                break;
            case AnnulRegistration n:
                Guard.Against.NullOrWhiteSpace(n.Reason, nameof(n.Reason));
                break;
            case CorrectRegistration c:
                Guard.Against.NullOrWhiteSpace(c.Reason, nameof(c.Reason));
                if (c.Applicant is not null)
                {
                    Guard.Against.NullOrWhiteSpace(c.Applicant, nameof(c.Applicant));
                }

                if (c.Subject is not null)
                {
                    Guard.Against.NullOrWhiteSpace(c.Subject, nameof(c.Subject));
                }

                break;
        }
    }
}
