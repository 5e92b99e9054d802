namespace Council.Workflows.Engine;

/// <summary>
/// A command: an intent to change one case, carrying a command id (the same id twice has one effect), the acting
/// official and the instant it happened.
/// </summary>
public abstract record Command
{
    /// <summary>The id of this command; a retry carries the same id.</summary>
    public required Guid CommandId { get; init; }

    /// <summary>The case the command is for (for a command that creates a case, the id the new case gets).</summary>
    public required CaseId CaseId { get; init; }

    /// <summary>Who acts.</summary>
    public required Official Actor { get; init; }

    /// <summary>When the act happened.</summary>
    public required Instant At { get; init; }

    /// <summary>
    /// The version of the case the caller saw, or <see langword="null"/> to act on the current version. A stale
    /// expected version gives <see cref="CommandStatus.Conflict"/>.
    /// </summary>
    public long? ExpectedVersion { get; init; }

    /// <summary>
    /// When the engine took the command, by its clock: the <see cref="CaseEvent.RecordedAt"/> of the events it writes. Set
    /// by the engine, never by the caller (the official's instant is <see cref="At"/>).
    /// </summary>
    public Instant? RecordedAt { get; internal init; }

    /// <summary>
    /// Whether the act is copied from an earlier register (an import of past years) rather than done now: such an act may be
    /// dated further back than <see cref="ActDatingOptions.MaxDaysBack"/>. Set by importers only, never from a form or an API
    /// request. The default value is <see langword="false"/>.
    /// </summary>
    public bool Imported { get; init; }

    /// <summary>
    /// A new command id: a UUID version 7, like <see cref="CaseId.New"/>. Make one when the official acts (a form shown,
    /// a letter scanned) and send it with every retry of that act; an importer can derive ids from its source instead.
    /// </summary>
    public static Guid NewId() => UUIDNext.Uuid.NewSequential();
}

/// <summary>A command that creates its case.</summary>
public interface ICreatesCase;

/// <summary>Fires a timer through the command path: ignored when the case moved on since it was scheduled.</summary>
public sealed record FireTimer : Command
{
    /// <summary>The timer to fire.</summary>
    public required TimerEntry Timer { get; init; }

    /// <summary>The command that fires <paramref name="timer"/>; its id is derived from the timer, so firing twice has one effect.</summary>
    public static FireTimer For(TimerEntry timer, Instant now)
    {
        ArgumentNullException.ThrowIfNull(timer);
        return new FireTimer
        {
            CommandId = timer.CommandId,
            CaseId = timer.CaseId,
            Actor = Official.System,
            At = now,
            Timer = timer,
        };
    }
}
