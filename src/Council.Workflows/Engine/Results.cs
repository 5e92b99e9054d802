namespace Council.Workflows.Engine;

/// <summary>What became of a command.</summary>
public enum CommandStatus
{
    /// <summary>Applied: events appended, timers rescheduled.</summary>
    Accepted,

    /// <summary>Not permitted now; nothing changed. <see cref="CommandResult.Refusal"/> says why.</summary>
    Refused,

    /// <summary>A timer whose case moved on; nothing changed.</summary>
    Ignored,

    /// <summary>The case changed since the version the caller saw; nothing changed.</summary>
    Conflict,

    /// <summary>No case has that id.</summary>
    NotFound,
}

/// <summary>Why a command was refused: the state, the trigger, the unmet rules and what is permitted instead.</summary>
/// <param name="State">The state of the case, kebab-case.</param>
/// <param name="Trigger">The trigger the command asked for, kebab-case.</param>
/// <param name="UnmetGuards">The rules that were not met, for people, in the language of the thread that decided
/// (<see cref="System.Globalization.CultureInfo.CurrentUICulture"/>), each naming its legal basis where there is one.</param>
/// <param name="PermittedTriggers">The other triggers of this state (the refused one left out), kebab-case.</param>
public sealed record Refusal(string State, string Trigger, IReadOnlyList<string> UnmetGuards, IReadOnlyList<string> PermittedTriggers)
{
    /// <summary>The stable kebab-case ids of the rules that were not met (<c>art20-45-days</c>), in the order of
    /// <see cref="UnmetGuards"/>, for machines: they do not change with the language.</summary>
    public IReadOnlyList<string> UnmetRules { get; init; } = [];

    /// <summary>A one-paragraph explanation naming the action and the state for people, in the language the rules are cited
    /// in (the UI culture when the refusal was made).</summary>
    public string Message { get; } = Explain(State, Trigger, UnmetGuards, PermittedTriggers);

    private static string Explain(string state, string trigger, IReadOnlyList<string> unmet, IReadOnlyList<string> permittedTriggers)
    {
        var permitted = permittedTriggers.Count == 0 ? Texts.Get("Refusal.NothingElse") : string.Join(", ", permittedTriggers.Select(Texts.Trigger));
        return unmet.Count == 0
            ? Texts.Format("Refusal.NotPermitted", Texts.Trigger(trigger), Texts.State(state), permitted)
            : permittedTriggers.Count == 0
                ? Texts.Format("Refusal.Refused", Texts.Trigger(trigger), Texts.State(state), string.Join("; ", unmet))
                : Texts.Format("Refusal.RefusedPermitted", Texts.Trigger(trigger), Texts.State(state), string.Join("; ", unmet), permitted);
    }
}

/// <summary>Something the system noticed and an official should decide on, such as a likely repeated appeal.</summary>
/// <param name="Code">A stable kebab-case code, such as <c>likely-repeat</c> or <c>anonymous</c>.</param>
/// <param name="Message">What was noticed, for a person.</param>
/// <param name="SuggestedTrigger">The trigger the official may want, kebab-case, if any.</param>
/// <param name="LegalBasis">The rule behind it, if any.</param>
public sealed record Suggestion(string Code, string Message, string? SuggestedTrigger = null, string? LegalBasis = null);

/// <summary>The result of a command. The same command id always returns the first result.</summary>
public sealed record CommandResult
{
    /// <summary>What became of the command.</summary>
    public required CommandStatus Status { get; init; }

    /// <summary>The command.</summary>
    public required Guid CommandId { get; init; }

    /// <summary>The case.</summary>
    public required CaseId CaseId { get; init; }

    /// <summary>The state of the case afterwards (or as found, when nothing changed), kebab-case; null when not found.</summary>
    public string? State { get; init; }

    /// <summary>The version of the case afterwards.</summary>
    public long Version { get; init; }

    /// <summary>The events the command appended.</summary>
    public IReadOnlyList<CaseEvent> Events { get; init; } = [];

    /// <summary>For a refusal, why.</summary>
    public Refusal? Refusal { get; init; }

    /// <summary>What the system noticed for an official to decide on.</summary>
    public IReadOnlyList<Suggestion> Suggestions { get; init; } = [];

    /// <summary>A one-line message for <see cref="CommandStatus.Conflict"/>, <see cref="CommandStatus.NotFound"/> and <see cref="CommandStatus.Ignored"/>.</summary>
    public string? Message { get; init; }

    /// <summary>
    /// For a <see cref="CommandStatus.Conflict"/>, what conflicted, for machines: <c>exists</c> (the case was registered
    /// already), <c>version</c> (the caller's expected version is stale), <c>changed</c> (the case changed while deciding),
    /// <c>related</c> (a related record changed), <c>command-id-reused</c> (the id was used for another act);
    /// otherwise null. The <see cref="Message"/> says the same for a person, in the reader's language.
    /// </summary>
    public string? ConflictCode { get; init; }

    /// <summary>Whether this result was returned for a repeated command id rather than computed now.</summary>
    public bool IsRepeat { get; init; }

    /// <summary>Whether the command was applied.</summary>
    public bool IsAccepted => Status == CommandStatus.Accepted;

    // What the command asked for (CommandFingerprint), kept with its result so a reused command id is told apart from a
    // retry; 0 in results recorded before it was kept.
    [System.Text.Json.Serialization.JsonInclude]
    [System.Text.Json.Serialization.JsonPropertyName("fingerprint")]
    internal long Fingerprint { get; init; }
}

/// <summary>
/// An action a case's state permits, and the rules that stop the person asking from taking it (empty when it is open to
/// them; <see cref="UnmetRules"/> are the rules' ids, <see cref="UnmetTexts"/> their texts in the reader's language).
/// </summary>
public sealed record ActionOption(string Trigger, IReadOnlyList<string> UnmetRules, IReadOnlyList<string> UnmetTexts)
{
    /// <summary>Whether the person may take the action (what they type is checked when they do).</summary>
    public bool IsOpen => UnmetRules.Count == 0;
}
