using Council.Workflows.Accounts;
using Council.Workflows.Appeals;
using Council.Workflows.Engine;
using Council.Workflows.Host.Cli;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using NodaTime;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace Council.Workflows.Host.Web;

/// <summary>What another council system sends to register an appeal.</summary>
/// <param name="Kind">proposal, application or complaint (or заява, скарга, пропозиція).</param>
/// <param name="Channel">post, in-person, electronic, personal-reception, hotline; default post.</param>
/// <param name="Applicant">The applicant's full name, surname first.</param>
/// <param name="Address">The applicant's address.</param>
/// <param name="Email">The applicant's e-mail (required for an electronic appeal).</param>
/// <param name="Subject">The substance of the appeal.</param>
/// <param name="ReceivedOn">The date of receipt (2023-01-31 or 31.01.2023); default today.</param>
/// <param name="Benefits">Whether the applicant has statutory benefits.</param>
/// <param name="Deputy">Whether it is a deputy's appeal.</param>
/// <param name="DoNotDisclose">Whether the applicant asked that their name and address not be disclosed (Art. 10).</param>
internal sealed record RegisterRequest(
    string Kind, string? Channel, string Applicant, string? Address, string? Email, string Subject, string? ReceivedOn,
    bool Benefits = false, bool Deputy = false, bool DoNotDisclose = false);

/// <summary>Assigns the executor.</summary>
internal sealed record AssignRequest(string Executor, string? Resolution);

/// <summary>Extends the term (Art. 20).</summary>
internal sealed record ExtendRequest(string NewDueOn, string Reason, string Notice, string? OutgoingNumber);

/// <summary>An interim answer.</summary>
internal sealed record InterimRequest(string Text, string? OutgoingNumber);

/// <summary>The answer.</summary>
internal sealed record AnswerRequest(
    string Outcome, string Summary, string? LegalBasis, string? Reasons, string? HowToAppeal, string? ResultCode, string? OutgoingNumber);

/// <summary>
/// The HTTP API under <c>/api/v1</c>: the same commands and queries as the library, for callers with an API key.
/// <c>Idempotency-Key</c> becomes the command id (a retry has one effect); <c>ETag</c>/<c>If-Match</c> carry the case's
/// version (412 on a stale one); a refusal is <c>application/problem+json</c> with the rules that failed and the actions
/// permitted; a case the caller may not see is 404.
/// </summary>
internal static class ApiEndpoints
{
    private static readonly Guid KeyScope = new("3b7f2e61-8d44-4a0c-9f2e-5c1a7d9e4b20");

    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(p => p.AddAuthenticationSchemes(WebApp.ApiKeyScheme).RequireAuthenticatedUser());

        api.MapGet("/appeals", ListAsync).WithName("ListAppeals").WithSummary("Appeals the caller may see, by state or executor, due date first.");
        api.MapGet("/appeals/{id:guid}", GetAsync).WithName("GetAppeal").WithSummary("An appeal's card and history; ETag is its version.");
        api.MapGet("/appeals/{id:guid}/actions", ActionsAsync).WithName("AppealActions").WithSummary("What the caller may do now, and the rules that stop the rest.");
        api.MapPost("/appeals", RegisterAsync).WithName("RegisterAppeal").WithSummary("Register an appeal on receipt.");
        api.MapPost("/appeals/{id:guid}/assign", (Guid id, AssignRequest body, HttpContext http, WebSession who, WorkflowEngine engine) =>
            ActAsync(id, http, who, engine, (c, a, at) => new AssignExecutor { CommandId = c, CaseId = new CaseId(id), Actor = a, At = at, Executor = body.Executor, Resolution = body.Resolution }))
            .WithName("AssignExecutor");
        api.MapPost("/appeals/{id:guid}/extend", (Guid id, ExtendRequest body, HttpContext http, WebSession who, WorkflowEngine engine) =>
            Date(body.NewDueOn, "newDueOn") is { } due
                ? ActAsync(id, http, who, engine, (c, a, at) => new ExtendTerm { CommandId = c, CaseId = new CaseId(id), Actor = a, At = at, NewDueOn = due, Reason = body.Reason, Notice = body.Notice, OutgoingNumber = body.OutgoingNumber })
                : Task.FromResult(BadDate(body.NewDueOn, "newDueOn")))
            .WithName("ExtendTerm");
        api.MapPost("/appeals/{id:guid}/interim", (Guid id, InterimRequest body, HttpContext http, WebSession who, WorkflowEngine engine) =>
            ActAsync(id, http, who, engine, (c, a, at) => new GiveInterimAnswer { CommandId = c, CaseId = new CaseId(id), Actor = a, At = at, Text = body.Text, OutgoingNumber = body.OutgoingNumber }))
            .WithName("GiveInterimAnswer");
        api.MapPost("/appeals/{id:guid}/answer", (Guid id, AnswerRequest body, HttpContext http, WebSession who, WorkflowEngine engine) =>
            OfficeWords.Parse<AnswerOutcome>(body.Outcome) is { } outcome
                ? ActAsync(id, http, who, engine, (c, a, at) => new AnswerAppeal
                {
                    CommandId = c, CaseId = new CaseId(id), Actor = a, At = at, Outcome = outcome, Summary = body.Summary, LegalBasis = body.LegalBasis,
                    Reasons = body.Reasons, HowToAppeal = body.HowToAppeal, ResultCode = body.ResultCode, OutgoingNumber = body.OutgoingNumber,
                })
                : Task.FromResult(Problem(StatusCodes.Status400BadRequest, "bad-request", $"'{body.Outcome}' is not an outcome: satisfied, partly-satisfied, refused, explained.")))
            .WithName("AnswerAppeal");
        api.MapPost("/appeals/{id:guid}/close", (Guid id, HttpContext http, WebSession who, WorkflowEngine engine) =>
            ActAsync(id, http, who, engine, (c, a, at) => new TakeAppealOffControl { CommandId = c, CaseId = new CaseId(id), Actor = a, At = at }))
            .WithName("TakeAppealOffControl");
    }

    private static async Task<IResult> ListAsync(WebSession who, AppealQueries queries, string? state, string? executor, bool? overdue, int? limit, CancellationToken ct)
    {
        if (!who.SeesAllAppeals && !who.Has(AccountRole.Executor))
        {
            return HttpResults.Ok(Array.Empty<object>());
        }

        IReadOnlyCollection<string>? states = null;
        if (state is not null)
        {
            if (!KebabCase.TryParse<AppealState>(state, out var s))
            {
                return Problem(StatusCodes.Status400BadRequest, "bad-request", $"'{state}' is not a state: {string.Join(", ", Enum.GetValues<AppealState>().Select(KebabCase.Of))}.");
            }

            states = [KebabCase.Of(s)];
        }

        var query = new CaseQuery
        {
            States = states,
            Assignee = who.SeesAllAppeals ? executor?.Trim() : who.Name,
            DueBefore = overdue == true ? who.Now.PlusTicks(1) : null,
            IsOpen = overdue == true ? true : null,
            Order = CaseOrder.Due,
            Limit = Math.Clamp(limit ?? 200, 1, 1000),
        };
        var found = new List<object>();
        await foreach (var appeal in queries.QueryAsync(query, ct).ConfigureAwait(false))
        {
            if (who.MaySee(appeal) && (overdue != true || appeal.IsOverdueAt(who.Now)))
            {
                found.Add(AppealsCommands.Summary(appeal, who.Now));
            }
        }

        return HttpResults.Ok(found);
    }

    private static async Task<IResult> GetAsync(Guid id, HttpContext http, WebSession who, WorkflowEngine engine, CancellationToken ct)
    {
        if (await engine.LoadAsync(new CaseId(id), ct).ConfigureAwait(false) is not Appeal appeal || !who.MaySee(appeal))
        {
            return NotFound(id);
        }

        await who.LogAsync("api:appeal", appeal.Id, appeal.Index, ct).ConfigureAwait(false);
        var history = await engine.Store.LoadHistoryAsync(appeal.Id, ct).ConfigureAwait(false);
        var timers = await engine.Store.TimersOfAsync(appeal.Id, ct).ConfigureAwait(false);
        var mask = appeal.Card.DoNotDisclose && !who.SeesProtected;
        if (mask)
        {
            history = [.. history.Select(Article10.Mask)];
        }

        http.Response.Headers.ETag = ETag(appeal.Version);
        return HttpResults.Ok(AppealsCommands.Detail(appeal, history, timers, who.Now, mask));
    }

    private static async Task<IResult> ActionsAsync(Guid id, WebSession who, WorkflowEngine engine, AppealWorkflow workflow, HttpContext http, CancellationToken ct)
    {
        if (await engine.LoadAsync(new CaseId(id), ct).ConfigureAwait(false) is not Appeal appeal || !who.MaySee(appeal))
        {
            return NotFound(id);
        }

        var actor = Actor(http, who);
        var options = actor is null ? [] : workflow.Actions(appeal, actor, who.Now);
        return HttpResults.Ok(options.Select(o => new { action = o.Trigger, open = o.IsOpen, rules = o.UnmetRules, because = o.UnmetTexts }));
    }

    private static async Task<IResult> RegisterAsync(RegisterRequest body, HttpContext http, WebSession who, WorkflowEngine engine, CancellationToken ct)
    {
        if (OfficeWords.Parse<AppealKind>(body.Kind) is not { } kind)
        {
            return Problem(StatusCodes.Status400BadRequest, "bad-request", $"'{body.Kind}' is not a kind: proposal, application, complaint.");
        }

        var channel = AppealChannel.Post;
        if (body.Channel is { Length: > 0 } channelText)
        {
            if (OfficeWords.Parse<AppealChannel>(channelText) is not { } c)
            {
                return Problem(StatusCodes.Status400BadRequest, "bad-request", $"'{channelText}' is not a channel: {string.Join(", ", Enum.GetValues<AppealChannel>().Select(KebabCase.Of))}.");
            }

            channel = c;
        }

        LocalDate? received = null;
        if (body.ReceivedOn is { Length: > 0 } receivedText)
        {
            if (Date(receivedText, "receivedOn") is not { } r)
            {
                return BadDate(receivedText, "receivedOn");
            }

            received = r;
        }

        if (string.IsNullOrWhiteSpace(body.Applicant) || string.IsNullOrWhiteSpace(body.Subject))
        {
            return Problem(StatusCodes.Status400BadRequest, "bad-request", "applicant and subject are required.");
        }

        if (Actor(http, who) is not { } actor)
        {
            return Problem(StatusCodes.Status403Forbidden, "forbidden", "This key acts in no role that registers appeals.");
        }

        var commandId = CommandId(http, who);
        var command = new RegisterAppeal
        {
            CommandId = commandId,
            CaseId = http.Request.Headers.ContainsKey("Idempotency-Key") ? StaffSession.CaseIdFor(commandId) : CaseId.New(),
            Actor = actor,
            At = who.Now,
            Kind = kind,
            Channel = channel,
            Applicants = [new Applicant(body.Applicant.Trim(), body.Address, body.Email)],
            Subject = body.Subject.Trim(),
            ReceivedOn = received,
            Benefits = body.Benefits,
            Deputy = body.Deputy,
            Card = body.DoNotDisclose ? AppealCard.Empty with { DoNotDisclose = true } : null,
        };
        return await ExecuteAsync(engine, command, http, created: true, ct).ConfigureAwait(false);
    }

    private static async Task<IResult> ActAsync(Guid id, HttpContext http, WebSession who, WorkflowEngine engine, Func<Guid, Official, Instant, Command> build)
    {
        var ct = http.RequestAborted;
        // A caller who reads every appeal needs no look first (an unknown case is the engine's "not found"); an executor's
        // key acts only on the appeals assigned to it.
        if (!who.SeesAllAppeals && (await engine.LoadAsync(new CaseId(id), ct).ConfigureAwait(false) is not Appeal appeal || !who.MaySee(appeal)))
        {
            return NotFound(id);
        }

        if (Actor(http, who) is not { } actor)
        {
            return Problem(StatusCodes.Status403Forbidden, "forbidden", "This key acts in no role that acts on appeals.");
        }

        long? expected = null;
        if (http.Request.Headers.IfMatch.ToString() is { Length: > 0 } ifMatch)
        {
            if (!long.TryParse(ifMatch.Trim().Trim('W', '/').Trim('"'), out var version))
            {
                return Problem(StatusCodes.Status400BadRequest, "bad-request", $"If-Match '{ifMatch}' is not a version this API gave (an ETag such as \"3\").");
            }

            expected = version;
        }

        var command = build(CommandId(http, who), actor, who.Now) with { ExpectedVersion = expected };
        return await ExecuteAsync(engine, command, http, created: false, ct).ConfigureAwait(false);
    }

    // Executes the command and answers with its outcome; the library's own argument checks (a name too long, a date of
    // receipt long before registration) are the caller's request being wrong: 400 with the reason.
    private static async Task<IResult> ExecuteAsync(WorkflowEngine engine, Command command, HttpContext http, bool created, CancellationToken ct)
    {
        CommandResult result;
        try
        {
            result = await engine.ExecuteAsync(command, ct).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            return Problem(StatusCodes.Status400BadRequest, "bad-request", Reasons.Of(e));
        }

        if (result is { Status: CommandStatus.Refused, Refusal: { } refusal } && await engine.LoadAsync(result.CaseId, ct).ConfigureAwait(false) is Appeal refused)
        {
            // "permitted": what this caller may do with the appeal now, not every action its state has.
            var open = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<AppealWorkflow>(http.RequestServices).Actions(refused, command.Actor, command.At)
                .Where(o => o.IsOpen).Select(o => o.Trigger).ToHashSet(StringComparer.Ordinal);
            result = result with { Refusal = new Refusal(refusal.State, refusal.Trigger, refusal.UnmetGuards, [.. refusal.PermittedTriggers.Where(open.Contains)]) { UnmetRules = refusal.UnmetRules } };
        }

        return await Outcome(result, http, engine, created, ct).ConfigureAwait(false);
    }

    private static async Task<IResult> Outcome(CommandResult result, HttpContext http, WorkflowEngine engine, bool created, CancellationToken ct)
    {
        switch (result.Status)
        {
            case CommandStatus.Accepted:
                http.Response.Headers.ETag = ETag(result.Version);
                // The index and due date a registration is answered with; an act on a case answers with its state and version.
                var appeal = created ? await engine.LoadAsync(result.CaseId, ct).ConfigureAwait(false) as Appeal : null;
                var body = new
                {
                    id = result.CaseId.ToString(),
                    index = appeal?.Index,
                    state = result.State,
                    version = result.Version,
                    dueOn = appeal is null ? null : Cli.Results.Iso(appeal.Deadline.DueOn),
                    repeat = result.IsRepeat,
                    events = result.Events.Select(Cli.Results.Event),
                    suggestions = result.Suggestions.Select(s => new { code = s.Code, message = s.Message, suggestedAction = s.SuggestedTrigger }),
                };
                return created && !result.IsRepeat ? HttpResults.Created($"/api/v1/appeals/{result.CaseId}", body) : HttpResults.Ok(body);
            case CommandStatus.Refused:
                var refusal = result.Refusal!;
                return HttpResults.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Status = StatusCodes.Status422UnprocessableEntity,
                    Type = "https://council-workflows.org/problems/refused",
                    Title = "The act is refused by the rules.",
                    Detail = refusal.Message,
                    Extensions =
                    {
                        ["state"] = refusal.State,
                        ["action"] = refusal.Trigger,
                        ["rules"] = refusal.UnmetRules,
                        ["because"] = refusal.UnmetGuards,
                        ["permitted"] = refusal.PermittedTriggers,
                    },
                });
            case CommandStatus.NotFound:
                return NotFound(result.CaseId.Value);
            case CommandStatus.Conflict:
                return Problem(
                    result.ConflictCode == "version" ? StatusCodes.Status412PreconditionFailed : StatusCodes.Status409Conflict,
                    result.ConflictCode ?? "conflict",
                    result.Message ?? "conflict",
                    new Dictionary<string, object?> { ["version"] = result.Version });
            default:
                return Problem(StatusCodes.Status409Conflict, "ignored", result.Message ?? "ignored");
        }
    }

    // The official the caller acts as; the Council-Role header chooses among several.
    private static Official? Actor(HttpContext http, WebSession who) =>
        who.Acting(http.Request.Headers["Council-Role"].ToString() is { Length: > 0 } role && KebabCase.TryParse<OfficialRole>(role, out var r) ? r : null);

    // Idempotency-Key → the command id: a GUID as it is; any other key, derived within the caller's own space.
    private static Guid CommandId(HttpContext http, WebSession who)
    {
        var key = http.Request.Headers["Idempotency-Key"].ToString().Trim();
        return key.Length == 0 ? Command.NewId() : Guid.TryParse(key, out var id) && id != Guid.Empty ? id : DeterministicGuid.Create(KeyScope, $"{who.Login}\n{key}");
    }

    private static LocalDate? Date(string text, string field) => OfficeDates.Date(text.Trim()) is { Success: true } parsed ? parsed.Value : null;

    private static IResult BadDate(string text, string field) =>
        Problem(StatusCodes.Status400BadRequest, "bad-request", OfficeDates.NoSuchDay(text) is { } noSuchDay ? $"{field}: {noSuchDay}" : $"{field}: '{text}' is not a date (2023-01-31 or 31.01.2023).");

    private static IResult NotFound(Guid id) => Problem(StatusCodes.Status404NotFound, "not-found", $"No appeal {id} that this caller may see.");

    private static string ETag(long version) => new EntityTagHeaderValue($"\"{version}\"").ToString();

    private static IResult Problem(int status, string code, string detail, IDictionary<string, object?>? extensions = null) =>
        HttpResults.Problem(detail: detail, statusCode: status, type: $"https://council-workflows.org/problems/{code}", extensions: extensions);
}
