using Council.Workflows.Accounts;
using Council.Workflows.Appeals;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Council.Workflows.Host.Web.Pages.Appeals;

/// <summary>
/// Registering an appeal on receipt: the form shows the due date as the date and kind are chosen (with why), registers on
/// Enter, and opens the new card with its receipt. A repeated submit (the same form sent twice) registers once.
/// </summary>
internal sealed class RegisterModel(WorkflowEngine engine, AppealWorkflow workflow, DeadlineCalculator calculator, WebSession who) : PageModel
{
    public Guid CommandId { get; private set; } = Command.NewId();

    public string? Problem { get; private set; }

    public IReadOnlyList<string> ProblemRules { get; private set; } = [];

    public string Today => WebText.D(calculator.DateOf(who.Now));

    public bool MayRegister => who.Has(AccountRole.Clerk) || who.Has(AccountRole.Head) || who.Has(AccountRole.DeputyHead);

    public IActionResult OnGet() => MayRegister ? Page() : Forbid();

    /// <summary>The classifier's sections the form offers: the categories of authors (7) and their social status (8), where loaded.</summary>
    public Council.Workflows.Appeals.Classifier.ClassifierSection? Categories => workflow.Classifier?.Section("7");

    public Council.Workflows.Appeals.Classifier.ClassifierSection? SocialStatuses => workflow.Classifier?.Section("8");

    /// <summary>Whether the loaded classifier lists issues (part II), so issue codes can be given.</summary>
    public bool HasIssues => workflow.Classifier?.Issues.Count > 0;

    // The registration-control card's fields the form took, or none when none was filled (the library checks the codes).
    private static AppealCard? Card(bool doNotDisclose, string? category, string? socialStatus, string? issues, int? pages, string? phone)
    {
        static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        var codes = (issues ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!doNotDisclose && Clean(category) is null && Clean(socialStatus) is null && codes.Length == 0 && pages is null && Clean(phone) is null)
        {
            return null;
        }

        return AppealCard.Empty with
        {
            DoNotDisclose = doNotDisclose, AuthorCategory = Clean(category), SocialStatus = Clean(socialStatus), Issues = codes, Pages = pages, Phone = Clean(phone),
        };
    }

    /// <summary>The due date for the form, as text: what the engine will compute for this date and kind.</summary>
    public IActionResult OnGetDue(string? received, bool deputy, bool noStudy)
    {
        // A date typed is previewed only when it names a day not after today; an empty one is today.
        var today = calculator.DateOf(who.Now);
        if (!string.IsNullOrWhiteSpace(received) && Cli.OfficeDates.Date(received.Trim()) is not { Success: true })
        {
            return Content(Cli.OfficeDates.NoSuchDay(received) ?? WebText.T.Format("Register.BadDate", received.Trim()), "text/plain; charset=utf-8");
        }

        var date = Cli.OfficeDates.Date((received ?? "").Trim()) is { Success: true } parsed ? parsed.Value : today;
        if (date > today)
        {
            return Content(WebText.T.Format("Register.FutureDate", WebText.D(date)), "text/plain; charset=utf-8");
        }

        if (Cli.CliParsing.OutOfRange(date))
        {
            return Content(WebText.T["Register.DueUnknown"], "text/plain; charset=utf-8");
        }

        var deadline = workflow.PreviewDeadline(date, deputy, noStudy ? ConsiderationTerm.NoStudy : null);
        return Content(WebText.T.Format("Register.DuePreview", WebText.D(deadline.DueOn), deadline.Term is { } term ? $"{term.Description(WebText.Ukrainian ? TextLanguage.Ukrainian : TextLanguage.English)}, {term.LegalBasis(WebText.Ukrainian ? TextLanguage.Ukrainian : TextLanguage.English)}" : ""), "text/plain; charset=utf-8");
    }

    public async Task<IActionResult> OnPostAsync(
        Guid commandId, string? kind, string? channel, string? applicant, string? address, string? email, string? subject, string? received,
        bool benefits, bool deputy, bool doNotDisclose, bool noStudy, string? category, string? socialStatus, string? issues, int? pages, string? phone,
        int? signatories, bool personalHead, string? complainedAbout, string? decidedOn, string? learnedOn, CancellationToken ct)
    {
        if (!MayRegister || who.Acting() is not { } actor)
        {
            return Forbid();
        }

        CommandId = commandId == Guid.Empty ? Command.NewId() : commandId;
        var parsedKind = Cli.OfficeWords.Parse<AppealKind>(kind);
        var parsedChannel = Cli.OfficeWords.Parse<AppealChannel>(channel) ?? AppealChannel.Post;
        NodaTime.LocalDate? receivedOn = null;
        if (received is { Length: > 0 })
        {
            if (Cli.OfficeDates.Date(received.Trim()) is { Success: true } r)
            {
                receivedOn = r.Value;
            }
            else
            {
                Problem = Cli.OfficeDates.NoSuchDay(received) ?? WebText.T.Format("Register.BadDate", received);
                return Page();
            }
        }

        // A complaint's dates (the decision, the day the applicant learned of it), when given, are dates.
        NodaTime.LocalDate? DateOrNull(string? text, out string? problem)
        {
            problem = null;
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            if (Cli.OfficeDates.Date(text.Trim()) is { Success: true } d)
            {
                return d.Value;
            }

            problem = Cli.OfficeDates.NoSuchDay(text) ?? WebText.T.Format("Register.BadDate", text.Trim());
            return null;
        }

        var decided = DateOrNull(decidedOn, out var decidedProblem);
        var learned = DateOrNull(learnedOn, out var learnedProblem);
        if ((decidedProblem ?? learnedProblem) is { } dateProblem)
        {
            Problem = dateProblem;
            return Page();
        }

        if (parsedKind is null || string.IsNullOrWhiteSpace(applicant) || string.IsNullOrWhiteSpace(subject))
        {
            Problem = WebText.T["Register.Missing"];
            return Page();
        }

        CommandResult result;
        try
        {
            result = await engine.ExecuteAsync(new RegisterAppeal
            {
                CommandId = CommandId,
                CaseId = Cli.StaffSession.CaseIdFor(CommandId),
                Actor = actor,
                At = who.Now,
                Kind = parsedKind.Value,
                Channel = parsedChannel,
                Applicants = [new Applicant(applicant.Trim(), string.IsNullOrWhiteSpace(address) ? null : address.Trim(), string.IsNullOrWhiteSpace(email) ? null : email.Trim())],
                Subject = subject.Trim(),
                ReceivedOn = receivedOn,
                Benefits = benefits,
                Deputy = deputy,
                Term = noStudy ? ConsiderationTerm.NoStudy : null,
                Signatories = signatories,
                PersonalHead = personalHead,
                ComplainedAbout = string.IsNullOrWhiteSpace(complainedAbout) ? null : complainedAbout.Trim(),
                DecidedOn = decided,
                LearnedOn = learned,
                Card = Card(doNotDisclose, category, socialStatus, issues, pages, phone),
            }, ct).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            Problem = Reasons.Of(e);
            return Page();
        }

        if (result.Status == CommandStatus.Accepted)
        {
            return Redirect($"/appeals/{result.CaseId.Value}?done=register");
        }

        Problem = result.Refusal?.Message ?? result.Message;
        ProblemRules = result.Refusal?.UnmetGuards ?? [];
        CommandId = Command.NewId();
        return Page();
    }
}
