using Council.Workflows.Appeals;
using Council.Workflows.Awards;
using Council.Workflows.Deadlines;
using Microsoft.Extensions.Options;

namespace Council.Workflows;

/// <summary>The configuration of Council.Workflows: the council's zone, its working calendar, counting rules and terms.</summary>
public sealed class CouncilWorkflowsOptions
{
    /// <summary>
    /// The id of the council a case belongs to when a command names none. One installation serves many councils: each
    /// case records its council, and registration numbers run per council. The default value is <c>default</c>.
    /// </summary>
    public string DefaultCouncil { get; set; } = "default";

    /// <summary>The organisation's name as the receipt stamp shows it. The default value is "Міська рада".</summary>
    public string OrganisationName { get; set; } = "Міська рада";

    /// <summary>The council's details on its letters: address, contacts, code, who signs.</summary>
    public Printing.LetterheadOptions Letterhead { get; set; } = new();

    /// <summary>The council's choices for citizens' appeals.</summary>
    public AppealOptions Appeals { get; set; } = new();

    /// <summary>The council's award catalogue and its choices for petitions and the awards commission.</summary>
    public AwardOptions Awards { get; set; } = new();

    /// <summary>The IANA id of the council's time zone. The default value is <c>Europe/Kyiv</c>.</summary>
    public string TimeZoneId { get; set; } = "Europe/Kyiv";

    /// <summary>The working calendar. The default value is the calendar of the current law (martial law from 2022-03-24).</summary>
    public WorkingCalendarOptions Calendar { get; set; } = new();

    /// <summary>
    /// How terms are counted. The default value is <see cref="CountingPolicy.Default"/>: the day after, calendar months
    /// with end-of-month clamp, a non-working last day rolls forward.
    /// </summary>
    public CountingPolicy CountingPolicy { get; set; } = CountingPolicy.Default;

    /// <summary>The named terms. The default value is <see cref="StatutoryTerms.All"/>.</summary>
    public IList<StatutoryTerm> Terms { get; set; } = [.. StatutoryTerms.All];

    /// <summary>How acts may be dated against the clock.</summary>
    public ActDatingOptions Acts { get; set; } = new();

    /// <summary>How the engine works: what it keeps in memory.</summary>
    public EngineOptions Engine { get; set; } = new();
}

/// <summary>How the workflow engine works.</summary>
public sealed class EngineOptions
{
    /// <summary>
    /// How many current cases the engine keeps in memory, each checked against the stored version before use (0 keeps
    /// none: every load replays the history). The default value is 10,000.
    /// </summary>
    public int CaseCacheSize { get; set; } = 10_000;

    internal void Validate(List<string> failures)
    {
        if (CaseCacheSize < 0)
        {
            failures.Add($"Engine.CaseCacheSize: {Texts.Format("Setting.NotNegative", CaseCacheSize)}");
        }
    }
}

/// <summary>
/// How acts may be dated. Every event records two times: when the official says the act happened
/// (<see cref="Engine.CaseEvent.At"/>) and when the record was written (<see cref="Engine.CaseEvent.RecordedAt"/>, the clock).
/// An act is never dated before its case's latest act; in a working store it is never dated after the clock either.
/// </summary>
public sealed class ActDatingOptions
{
    /// <summary>
    /// How far after the engine's clock an act may be dated in a working store, for the clocks of other systems that send
    /// commands. The default value is one minute.
    /// </summary>
    public TimeSpan ClockTolerance { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The time zone (IANA id) a misdated act's times are written in when it is refused, to the minute. The default value is
    /// none, which writes instants in UTC (ISO 8601); registered through <c>AddCouncilWorkflows</c>, the council's
    /// <see cref="CouncilWorkflowsOptions.TimeZoneId"/>.
    /// </summary>
    public string? TimeZoneId { get; set; }

    /// <summary>
    /// How many days before the clock an act may be dated in a working store (a letter answered yesterday, recorded today);
    /// an act dated further back is refused unless it is <see cref="Engine.Command.Imported"/>. A simulation takes any date.
    /// The default value is none (no limit), for programs that replay a register of their own; the council host sets 31
    /// [choice: a month's paperwork caught up; the register is kept day by day].
    /// </summary>
    public int? MaxDaysBack { get; set; }

    internal void Validate(List<string> failures)
    {
        if (MaxDaysBack is < 0 or > 3660)
        {
            failures.Add($"Acts.MaxDaysBack: {Texts.Format("Setting.RangeDays", 0, 3660)}");
        }

        if (ClockTolerance < TimeSpan.Zero || ClockTolerance > TimeSpan.FromHours(1))
        {
            failures.Add($"Acts.ClockTolerance: {Texts.Get("Setting.ClockTolerance")}");
        }
    }
}

internal sealed class CouncilWorkflowsOptionsValidator : IValidateOptions<CouncilWorkflowsOptions>
{
    public ValidateOptionsResult Validate(string? name, CouncilWorkflowsOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.TimeZoneId) || DateTimeZoneProviders.Tzdb.GetZoneOrNull(options.TimeZoneId) is null)
        {
            failures.Add($"TimeZoneId: {Texts.Format("Setting.TimeZone", options.TimeZoneId)}");
        }

        try
        {
            (options.Calendar ?? throw new ArgumentException(Texts.Format("Setting.ListRequired", "Calendar"))).Validate();
        }
        catch (ArgumentException e)
        {
            failures.Add($"Calendar: {e.Message}");
        }

        if (options.CountingPolicy is null
            || !Enum.IsDefined(options.CountingPolicy.Start) || !Enum.IsDefined(options.CountingPolicy.Month) || !Enum.IsDefined(options.CountingPolicy.Roll))
        {
            failures.Add($"CountingPolicy: {Texts.Get("Setting.CountingPolicy")}");
        }

        try
        {
            _ = new StatutoryTermCatalog(options.Terms ?? throw new ArgumentException(Texts.Format("Setting.ListRequired", "Terms")));
        }
        catch (ArgumentException e)
        {
            failures.Add($"Terms: {e.Message}");
        }

        if (string.IsNullOrWhiteSpace(options.DefaultCouncil))
        {
            failures.Add($"DefaultCouncil: {Texts.Get("Setting.NotEmpty")}");
        }
        else if (!CouncilKeys.IsValid(options.DefaultCouncil))
        {
            failures.Add($"DefaultCouncil: {Texts.Format("Setting.CouncilKey", options.DefaultCouncil)}");
        }

        if (options.Appeals is null)
        {
            failures.Add($"Appeals: {Texts.Get("Setting.Required")}");
        }
        else
        {
            options.Appeals.Validate(failures);
        }

        if (options.Letterhead is null)
        {
            failures.Add($"Letterhead: {Texts.Get("Setting.Required")}");
        }
        else
        {
            options.Letterhead.Validate(failures);
        }

        if (options.Acts is null)
        {
            failures.Add($"Acts: {Texts.Get("Setting.Required")}");
        }
        else
        {
            options.Acts.Validate(failures);
        }

        if (options.Engine is null)
        {
            failures.Add($"Engine: {Texts.Get("Setting.Required")}");
        }
        else
        {
            options.Engine.Validate(failures);
        }

        if (options.Awards is null)
        {
            failures.Add($"Awards: {Texts.Get("Setting.Required")}");
        }
        else
        {
            options.Awards.Validate(failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
