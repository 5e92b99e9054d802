using Ardalis.GuardClauses;
using Council.Workflows.Engine;

namespace Council.Workflows.Awards;

/// <summary>Who petitions for an award.</summary>
public enum PetitionerKind
{
    /// <summary>An enterprise.</summary>
    Enterprise,

    /// <summary>An institution.</summary>
    Institution,

    /// <summary>A non-governmental organisation.</summary>
    Ngo,

    /// <summary>A military unit.</summary>
    MilitaryUnit,

    /// <summary>A deputy of the council.</summary>
    Deputy,

    /// <summary>A faction of the council.</summary>
    Faction,

    /// <summary>A standing commission of the council.</summary>
    StandingCommission,

    /// <summary>A department of the council.</summary>
    CouncilDepartment,

    /// <summary>The mayor.</summary>
    Mayor,
}

/// <summary>The states of an award petition. After registration the state follows its nominees.</summary>
public enum PetitionState
{
    /// <summary>Submitted, not yet registered.</summary>
    Submitted,

    /// <summary>Returned to the petitioner for correction.</summary>
    Returned,

    /// <summary>Registered; some nominee still awaits the commission (pending or deferred).</summary>
    InReview,

    /// <summary>The commission has reviewed every nominee; some recommendation awaits the granting body.</summary>
    Reviewed,

    /// <summary>Every nominee has a final outcome; some awarded nominee awaits presentation.</summary>
    Decided,

    /// <summary>Every awarded nominee was presented or the presentation cancelled.</summary>
    Closed,

    /// <summary>Withdrawn by the petitioner.</summary>
    Withdrawn,
}

/// <summary>What happens to a petition.</summary>
internal enum PetitionTrigger
{
    /// <summary>Register a complete petition.</summary>
    Register,

    /// <summary>Return it for correction.</summary>
    ReturnForCorrection,

    /// <summary>Submit the corrected petition again.</summary>
    Resubmit,

    /// <summary>Place it on a commission meeting's agenda.</summary>
    PlaceOnAgenda,

    /// <summary>Record the commission's outcomes for its nominees.</summary>
    RecordReview,

    /// <summary>Record the granting body's decision for a nominee.</summary>
    Grant,

    /// <summary>Record the presentation of an award.</summary>
    Present,

    /// <summary>Cancel a presentation, with a reason.</summary>
    CancelPresentation,

    /// <summary>Withdraw the petition.</summary>
    Withdraw,

    /// <summary>A reminder before a deadline (timer).</summary>
    Remind,

    /// <summary>A deadline passed (timer).</summary>
    MissDeadline,
}

/// <summary>Where a nominee stands.</summary>
public enum NomineeStatus
{
    /// <summary>Awaiting the commission.</summary>
    Pending,

    /// <summary>Deferred by the commission to a later meeting.</summary>
    Deferred,

    /// <summary>Recommended (for the proposed award or another).</summary>
    Recommended,

    /// <summary>Rejected by the commission, with a reason.</summary>
    Rejected,

    /// <summary>Awarded by the granting body.</summary>
    Awarded,

    /// <summary>Not awarded by the granting body.</summary>
    NotAwarded,

    /// <summary>The award was presented.</summary>
    Presented,

    /// <summary>The presentation was cancelled, with a reason.</summary>
    PresentationCancelled,
}

/// <summary>The commission's outcome for one nominee.</summary>
public enum ReviewOutcome
{
    /// <summary>Recommended for the proposed award.</summary>
    Recommended,

    /// <summary>Recommended for another (usually lower) award.</summary>
    RecommendedOther,

    /// <summary>Rejected, with a reason.</summary>
    Rejected,

    /// <summary>Deferred to a later meeting.</summary>
    Deferred,
}

/// <summary>The petitioner.</summary>
/// <param name="Kind">What kind of petitioner.</param>
/// <param name="Name">Its name.</param>
public sealed record Petitioner(PetitionerKind Kind, string Name)
{
    /// <summary>The name, never empty.</summary>
    public string Name { get; init; } = Guard.Against.NullOrWhiteSpace(Name).Trim();
}

/// <summary>A nominee as the petition proposes them.</summary>
public sealed record NomineeProposal
{
    /// <summary>The person's full name (surname first) or the organisation's name.</summary>
    public required string Name { get; init; }

    /// <summary>Whether the nominee is an organisation.</summary>
    public bool IsOrganisation { get; init; }

    /// <summary>Whether the award is proposed posthumously.</summary>
    public bool Posthumous { get; init; }

    /// <summary>The id of the proposed award type.</summary>
    public required string Award { get; init; }

    /// <summary>The id of the nominee category.</summary>
    public required string Category { get; init; }

    /// <summary>Why the nominee deserves it.</summary>
    public required string Justification { get; init; }

    /// <summary>Position and place of work or service, if given.</summary>
    public string? Position { get; init; }
}

/// <summary>A warning from the eligibility check: the rule and what was found. The commission sees it; it rejects nothing.</summary>
/// <param name="Rule">The rule: <c>interval</c>, <c>lower-first</c>, <c>posthumous</c>, <c>annual-cap</c>, <c>once-per-person</c>, <c>resubmission</c>, <c>late-submission</c>.</param>
/// <param name="Message">What was found, for a person.</param>
public sealed record EligibilityWarning(string Rule, string Message);

/// <summary>The granting body's decision for a nominee.</summary>
/// <param name="Awarded">Whether the award was granted.</param>
/// <param name="Award">The award type granted (or considered).</param>
/// <param name="Instrument">The instrument.</param>
/// <param name="Number">The instrument's number.</param>
/// <param name="On">The instrument's date.</param>
public sealed record GrantDecision(bool Awarded, string Award, GrantingInstrument Instrument, string Number, LocalDate On);

/// <summary>A nominee of a petition, as they stand now.</summary>
public sealed record Nominee
{
    /// <summary>The nominee's number within the petition, from 1.</summary>
    public required int No { get; init; }

    /// <summary>The name.</summary>
    public required string Name { get; init; }

    /// <summary>The normalised name, for finding the nominee's award history.</summary>
    public string Key => NameKey.Of(Name);

    /// <summary>Whether an organisation.</summary>
    public bool IsOrganisation { get; init; }

    /// <summary>Whether posthumous.</summary>
    public bool Posthumous { get; init; }

    /// <summary>The proposed award type.</summary>
    public required string ProposedAward { get; init; }

    /// <summary>The category.</summary>
    public required string Category { get; init; }

    /// <summary>The justification.</summary>
    public required string Justification { get; init; }

    /// <summary>Position and place of work or service.</summary>
    public string? Position { get; init; }

    /// <summary>Where the nominee stands.</summary>
    public NomineeStatus Status { get; init; }

    /// <summary>The award the commission recommended.</summary>
    public string? RecommendedAward { get; init; }

    /// <summary>The commission's reason (for a rejection or deferral) or the cancellation reason.</summary>
    public string? Reason { get; init; }

    /// <summary>The last meeting that considered the nominee.</summary>
    public CaseId? Meeting { get; init; }

    /// <summary>The date of the commission's outcome.</summary>
    public LocalDate? ReviewedOn { get; init; }

    /// <summary>The granting decision.</summary>
    public GrantDecision? Grant { get; init; }

    /// <summary>The presentation is due by this date (after an award is granted).</summary>
    public LocalDate? PresentationDueOn { get; init; }

    /// <summary>When the presentation term lapses.</summary>
    public Instant? PresentationLapsesAt { get; init; }

    /// <summary>The date of presentation.</summary>
    public LocalDate? PresentedOn { get; init; }

    /// <summary>The warnings of the eligibility check at registration.</summary>
    public IReadOnlyList<EligibilityWarning> Warnings { get; init; } = [];

    /// <summary>Whether the commission still has to decide on the nominee.</summary>
    public bool AwaitsCommission => Status is NomineeStatus.Pending or NomineeStatus.Deferred;

    /// <summary>Whether the nominee has a final outcome (awarded, not awarded, rejected, and what follows).</summary>
    public bool IsFinal => Status is not (NomineeStatus.Pending or NomineeStatus.Deferred or NomineeStatus.Recommended);

    /// <summary>The award granted, if any.</summary>
    public string? AwardedType => Grant is { Awarded: true } g ? g.Award : null;
}

/// <summary>The commission's outcome for one nominee, as a closed meeting reports it to the petition.</summary>
/// <param name="NomineeNo">The nominee.</param>
/// <param name="Outcome">The outcome.</param>
/// <param name="Award">For a recommendation, the award recommended.</param>
/// <param name="Reason">For a rejection or deferral, why.</param>
public sealed record NomineeReview(int NomineeNo, ReviewOutcome Outcome, string? Award, string? Reason);
