using Council.Workflows.Awards;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Council.Workflows.Host.Web.Pages.Commission;

/// <summary>
/// A new award petition as it came on paper: the petitioner, the date of submission and the intended ceremony, its nominees
/// (name, position, category and award from the council's catalogue, justification), submitted and — unless the official
/// says not — registered at once, so the eligibility warnings are on the petition's page that follows.
/// </summary>
internal sealed class NewPetitionModel(WorkflowEngine engine, WebSession who, IOptions<CouncilWorkflowsOptions> options, DeadlineCalculator calculator) : PageModel
{
    /// <summary>The nominee rows the form has at first; "more rows" adds as many again.</summary>
    public const int RowsAtFirst = 5;

    public AwardOptions Awards => options.Value.Awards;

    public string Today => WebText.D(calculator.DateOf(who.Now));

    /// <summary>How many nominee rows the form shows.</summary>
    public int Rows { get; private set; } = RowsAtFirst;

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public Guid NextCommandId { get; private set; } = Command.NewId();

    /// <summary>The account's role a petition is submitted in: the first of the library's staff roles it holds, else none.</summary>
    public static Official? SubmitterOf(WebSession who, AwardOptions awards) =>
        awards.StaffRoles.Where(r => who.ActingRoles.Contains(r)).Select(r => who.Acting(r)).FirstOrDefault();

    public static string CategoryName(NomineeCategory c) => WebText.Ukrainian ? c.NameUk : c.NameEn;

    public static string AwardName(AwardType t) => t.Name(WebText.Ukrainian ? TextLanguage.Ukrainian : TextLanguage.English);

    /// <summary>What the form sent in <paramref name="field"/> (shown again after a refusal), else empty.</summary>
    public string Posted(string field) =>
        Microsoft.AspNetCore.Http.HttpMethods.IsPost(Request.Method) && Request.HasFormContentType ? Request.Form[field].ToString() : "";

    /// <summary>Whether "register at once" is ticked: at first yes; after a post, as it was sent.</summary>
    public bool RegisterChecked => !Microsoft.AspNetCore.Http.HttpMethods.IsPost(Request.Method) || Posted("register") == "true";

    public IActionResult OnGet() => SubmitterOf(who, Awards) is null ? Forbid() : Page();

    /// <summary>The same form with more nominee rows, what was typed kept.</summary>
    public IActionResult OnPostMore(int rows)
    {
        if (SubmitterOf(who, Awards) is null)
        {
            return Forbid();
        }

        Rows = Math.Clamp(rows, RowsAtFirst, 95) + RowsAtFirst;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid commandId, int rows, string? petitioner, string? kind, string? submitted, string? ceremony, bool register, CancellationToken ct)
    {
        if (SubmitterOf(who, Awards) is not { } actor)
        {
            return Forbid();
        }

        Rows = Math.Clamp(rows, RowsAtFirst, 100);
        NextCommandId = commandId == Guid.Empty ? Command.NewId() : commandId;
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(petitioner))
        {
            problems.Add(WebText.W.Format("Web.Form.Missing", WebText.W["Web.New.Petitioner"]));
        }

        if (Cli.OfficeWords.Parse<PetitionerKind>(kind) is not { } petitionerKind)
        {
            problems.Add(WebText.W.Format("Web.Form.Missing", WebText.W["Web.New.Kind"]));
            petitionerKind = default;
        }

        var submittedOn = OptionalDate(submitted, "Web.New.Submitted", problems);
        var ceremonyOn = OptionalDate(ceremony, "Web.New.Ceremony", problems);
        var nominees = new List<NomineeProposal>();
        for (var row = 1; row <= Rows; row++)
        {
            string F(string name) => Request.Form[$"n{row}.{name}"].ToString().Trim();
            var (name, position, category, award, justification) = (F("name"), F("position"), F("category"), F("award"), F("justification"));
            if (name.Length + position.Length + category.Length + award.Length + justification.Length == 0)
            {
                continue;
            }

            // A row begun is a nominee: each field it lacks is named with the row's number.
            var missing = new List<string>();
            if (name.Length == 0)
            {
                missing.Add(WebText.W["Web.New.Name"]);
            }

            if (Awards.Category(category) is null)
            {
                missing.Add(WebText.W["Web.New.Category"]);
            }

            if (Awards.Type(award) is null)
            {
                missing.Add(WebText.W["Web.New.Award"]);
            }

            if (justification.Length == 0)
            {
                missing.Add(WebText.W["Web.New.Justification"]);
            }

            if (missing.Count > 0)
            {
                problems.Add(WebText.W.Format("Web.New.RowMissing", row, string.Join(", ", missing)));
                continue;
            }

            nominees.Add(new NomineeProposal
            {
                Name = name, Position = position.Length == 0 ? null : position, Category = category, Award = award, Justification = justification,
                Posthumous = Request.Form[$"n{row}.posthumous"] == "true", IsOrganisation = Request.Form[$"n{row}.organisation"] == "true",
            });
        }

        if (nominees.Count == 0 && problems.Count == 0)
        {
            problems.Add(WebText.W["Web.New.NoNominee"]);
        }

        if (problems.Count > 0)
        {
            Problems = problems;
            return Page();
        }

        CommandResult result;
        var caseId = Cli.StaffSession.CaseIdFor(NextCommandId);
        try
        {
            result = await engine.ExecuteAsync(new SubmitPetition
            {
                CommandId = NextCommandId, CaseId = caseId, Actor = actor, At = who.Now, Petitioner = new Petitioner(petitionerKind, petitioner!),
                Nominees = nominees, SubmittedOn = submittedOn, IntendedCeremonyOn = ceremonyOn,
            }, ct).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            Problems = [Reasons.Of(e)];
            return Page();
        }

        if (result.Status != CommandStatus.Accepted)
        {
            Problems = [result.Refusal?.Message ?? result.Message ?? WebText.T["Meeting.BadForm"]];
            return Page();
        }

        if (!register)
        {
            return Redirect($"/commission/petitions/{result.CaseId.Value}?done=submit");
        }

        // Registered at once: the eligibility check runs now and its warnings are on the petition's page.
        var registered = await engine.ExecuteAsync(
            new RegisterPetition { CommandId = DeterministicGuid.Create(NextCommandId, "register"), CaseId = result.CaseId, Actor = actor, At = who.Now }, ct).ConfigureAwait(false);
        return Redirect($"/commission/petitions/{result.CaseId.Value}?done={(registered.Status == CommandStatus.Accepted ? "register" : "submit")}");
    }

    private static NodaTime.LocalDate? OptionalDate(string? text, string field, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (Cli.OfficeDates.Date(text.Trim()) is { Success: true } date)
        {
            return date.Value;
        }

        problems.Add(WebText.W.Format("Web.New.BadDate", WebText.W[field], Cli.OfficeDates.NoSuchDay(text) ?? text));
        return null;
    }
}
