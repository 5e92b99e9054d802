using System.Text.Json;
using Council.Workflows.Engine;
using NodaTime;
using NodaTime.Text;

namespace Council.Workflows.Host.Cli;

/// <summary>How staff verbs report a command's result: one line (or JSON), and the exit code that says what happened.</summary>
internal static class Results
{
    private static readonly TextSource T = new("Output");

    public static int Report(CliOutput output, StaffSession session, CommandResult result, string what)
    {
        // "appeal К-1 assign" stays as it is in the JSON; a person reads it in their language.
        var said = Display(what);
        if (session.Json)
        {
            output.WriteJson(ToJson(result, what));
        }

        switch (result.Status)
        {
            case CommandStatus.Accepted:
                if (!session.Json)
                {
                    output.Line(T.Format(result.IsRepeat ? "Result.Repeat" : "Result.Accepted", said, Council.Workflows.Texts.State(result.State ?? ""), result.Version));
                    foreach (var suggestion in result.Suggestions)
                    {
                        output.Line(T.Format("Result.Note", suggestion.Message) + (suggestion.SuggestedTrigger is { } t ? T.Format("Result.Suggested", Council.Workflows.Texts.Trigger(t)) : "") + (suggestion.LegalBasis is { } b ? $" ({b})" : ""));
                    }
                }

                return CouncilCli.Ok;
            case CommandStatus.Ignored:
                if (!session.Json)
                {
                    output.Line(T.Format("Result.Ignored", said, result.Message));
                }

                return CouncilCli.Ok;
            case CommandStatus.Refused:
                var refusal = result.Refusal!;
                output.Error(T.Format("Result.Refused", refusal.Message));
                return CouncilCli.Refused;
            case CommandStatus.Conflict:
                output.Error(T.Format("Result.Conflict", result.Message));
                return CouncilCli.Conflict;
            default:
                output.Error(result.Message ?? T.Format("Result.NoCase", result.CaseId));
                return CouncilCli.BadInput;
        }
    }

    // The kind of case and the act of a result's label, words for people: "звернення К-1, призначення виконавця".
    private static string Display(string what)
    {
        var words = what.Split(' ');
        if (words.Length < 2)
        {
            return what;
        }

        var (first, verb) = (words[0], words[^1]);
        var head = string.Join(' ', [T.Optional($"What.{first}") ?? first, .. words[1..^1]]);
        return head + T["What.Join"] + (T.Optional($"What.{first}.{verb}") ?? T.Optional($"What.{verb}") ?? verb);
    }

    public static object ToJson(CommandResult result, string what) => new
    {
        status = KebabCase.Of(result.Status),
        what,
        id = result.CaseId.ToString(),
        state = result.State,
        version = result.Version,
        repeat = result.IsRepeat,
        events = result.Events.Select(Event),
        suggestions = result.Suggestions.Select(s => new { code = s.Code, message = s.Message, suggested = s.SuggestedTrigger, legalBasis = s.LegalBasis }),
        refusal = result.Refusal is { } r ? new { state = r.State, trigger = r.Trigger, rules = r.UnmetRules, unmet = r.UnmetGuards, permitted = r.PermittedTriggers, message = r.Message } : null,
        message = result.Message,
    };

    public static object Event(CaseEvent e) => new
    {
        version = e.Version,
        at = Iso(e.At),
        recordedAt = e.RecordedAt is { } recorded ? Iso(recorded) : null,
        type = e.Type,
        by = e.By.Name,
        role = KebabCase.Of(e.By.Role),
        account = e.By.Account,
        state = e.State,
        reason = e.Reason,
        legalBasis = e.LegalBasis,
        data = JsonSerializer.SerializeToElement(e.Data, e.Data.GetType(), CliOutput.Json),
    };

    public static string Iso(Instant instant) => InstantPattern.ExtendedIso.Format(instant);

    /// <summary>An instant as a person reads it: the council's local time to the minute, <c>31.01.2023 10:15</c>.</summary>
    public static string Local(Instant instant, DateTimeZone zone) => LocalMinutes.Format(instant.InZone(zone).LocalDateTime);

    private static readonly LocalDateTimePattern LocalMinutes = LocalDateTimePattern.CreateWithInvariantCulture("dd'.'MM'.'uuuu HH':'mm");

    public static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    public static string? Iso(LocalDate? date) => date is { } d ? Iso(d) : null;
}
