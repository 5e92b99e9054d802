using System.Text.Json.Serialization;

namespace Council.Workflows.Engine;

/// <summary>What happened to a case, as data. Each workflow defines its own kinds; <see cref="Type"/> names one.</summary>
public abstract record EventData
{
    /// <summary>The kebab-case name of the event, such as <c>registered</c> or <c>term-extended</c>.</summary>
    [JsonIgnore]
    public abstract string Type { get; }
}

/// <summary>
/// One entry of a case's append-only history: when, who (name and role), what, why, on what legal basis, and the state
/// the case was in afterwards.
/// </summary>
/// <param name="CaseId">The case.</param>
/// <param name="Version">The version of the case this event made (1 for the first event).</param>
/// <param name="At">When it happened.</param>
/// <param name="By">Who acted.</param>
/// <param name="State">The state of the case after the event, kebab-case.</param>
/// <param name="Data">What happened.</param>
/// <param name="Reason">Why, as the official gave it.</param>
/// <param name="LegalBasis">The legal basis, when a rule of law applies.</param>
/// <param name="CommandId">The command that produced the event.</param>
public sealed record CaseEvent(CaseId CaseId, long Version, Instant At, Official By, string State, EventData Data, string? Reason, string? LegalBasis, Guid CommandId)
{
    /// <summary>
    /// When the record was written: the engine's clock when it committed the event, never set by a caller and never going
    /// back within a case. <see cref="At"/> is when the official says the act happened. <see langword="null"/> for events
    /// written before this was recorded (schema 4 and earlier).
    /// </summary>
    public Instant? RecordedAt { get; init; }

    /// <summary>The kebab-case name of the event.</summary>
    public string Type => Data.Type;
}

/// <summary>
/// A pending timed trigger, as data: a case, a kind, a due instant, the state it was scheduled in and the case version
/// that scheduled it. Timers are derived from a case's deadlines after every command and fired by the worker through
/// the command path.
/// </summary>
/// <param name="CaseId">The case.</param>
/// <param name="Kind">What the timer does, such as a reminder or a missed deadline, and the date it is about.</param>
/// <param name="DueAt">When it is due.</param>
/// <param name="ScheduledInState">The state the case was in when it was scheduled; in any other state the timer is ignored.</param>
/// <param name="ScheduledAtVersion">
/// The case's version when it was scheduled (0: not known, as for timers stored before it was recorded). It is part of
/// the firing command's id, so a timer that was fired and ignored once, and is later scheduled again with the same kind,
/// due instant and state (a complaint's term restored), fires under a new id instead of repeating the ignored result.
/// </param>
public sealed record TimerEntry(CaseId CaseId, TimerKind Kind, Instant DueAt, string ScheduledInState, long ScheduledAtVersion = 0)
{
    private static readonly Guid TimerScope = new("6f1c2b1e-3d0a-4e55-9a55-1f3f7c9f2a10");

    /// <summary>The id of the command that fires this timer: the same timer always fires under the same id.</summary>
    public Guid CommandId => DeterministicGuid.Create(
        TimerScope,
        ScheduledAtVersion == 0
            ? $"{CaseId}/{Kind}/{DueAt.ToUnixTimeTicks()}/{ScheduledInState}"
            : $"{CaseId}/{Kind}/{DueAt.ToUnixTimeTicks()}/{ScheduledInState}/{ScheduledAtVersion}");
}

/// <summary>An effect that leaves the system — a reminder, an escalation, a notice — written with the command that caused it.</summary>
/// <param name="Id">A stable id the receiver can de-duplicate on.</param>
/// <param name="CaseId">The case.</param>
/// <param name="Kind">What it is, such as <c>reminder</c>, <c>escalation</c>, <c>applicant-notice</c>.</param>
/// <param name="Recipient">Who it is for (an official's name, "applicant", "head").</param>
/// <param name="Subject">A one-line subject.</param>
/// <param name="Body">The text.</param>
/// <param name="CreatedAt">When the command that caused it happened.</param>
public sealed record OutboxMessage(Guid Id, CaseId CaseId, string Kind, string Recipient, string Subject, string Body, Instant CreatedAt);
