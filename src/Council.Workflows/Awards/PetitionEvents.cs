using Council.Workflows.Engine;

namespace Council.Workflows.Awards;

/// <summary>A petition was submitted with its nominees.</summary>
public sealed record PetitionSubmitted(
    string Council, string Number, int Year, Petitioner Petitioner, IReadOnlyList<Nominee> Nominees, LocalDate SubmittedOn, LocalDate? IntendedCeremonyOn) : EventData
{
    /// <inheritdoc />
    public override string Type => "submitted";
}

/// <summary>The eligibility warnings of one nominee.</summary>
/// <param name="NomineeNo">The nominee.</param>
/// <param name="Warnings">The warnings.</param>
public sealed record NomineeWarnings(int NomineeNo, IReadOnlyList<EligibilityWarning> Warnings);

/// <summary>The petition was registered, its eligibility checked; the review term runs.</summary>
public sealed record PetitionRegistered(LocalDate RegisteredOn, LocalDate ReviewDueOn, Instant ReviewLapsesAt, IReadOnlyList<NomineeWarnings> Warnings) : EventData
{
    /// <inheritdoc />
    public override string Type => "registered";
}

/// <summary>Returned to the petitioner for correction.</summary>
public sealed record PetitionReturned(string Reason) : EventData
{
    /// <inheritdoc />
    public override string Type => "returned";
}

/// <summary>Submitted again after correction, with the corrected nominees.</summary>
public sealed record PetitionResubmitted(IReadOnlyList<Nominee> Nominees) : EventData
{
    /// <inheritdoc />
    public override string Type => "resubmitted";
}

/// <summary>Placed on a commission meeting's agenda.</summary>
public sealed record PetitionPlacedOnAgenda(CaseId Meeting, string MeetingNumber, LocalDate MeetingOn) : EventData
{
    /// <inheritdoc />
    public override string Type => "placed-on-agenda";
}

/// <summary>The commission's outcomes for the nominees it considered.</summary>
public sealed record PetitionReviewed(CaseId Meeting, LocalDate On, IReadOnlyList<NomineeReview> Reviews) : EventData
{
    /// <inheritdoc />
    public override string Type => "reviewed";
}

/// <summary>The granting body decided on a nominee.</summary>
public sealed record AwardDecided(int NomineeNo, GrantDecision Decision, LocalDate? PresentationDueOn, Instant? PresentationLapsesAt) : EventData
{
    /// <inheritdoc />
    public override string Type => Decision.Awarded ? "awarded" : "not-awarded";
}

/// <summary>The award was presented.</summary>
public sealed record AwardPresented(int NomineeNo, LocalDate On) : EventData
{
    /// <inheritdoc />
    public override string Type => "presented";
}

/// <summary>The presentation was cancelled.</summary>
public sealed record PresentationCancelled(int NomineeNo, string Reason) : EventData
{
    /// <inheritdoc />
    public override string Type => "presentation-cancelled";
}

/// <summary>Withdrawn by the petitioner.</summary>
public sealed record PetitionWithdrawn(string Reason) : EventData
{
    /// <inheritdoc />
    public override string Type => "withdrawn";
}

/// <summary>A reminder before a petition deadline (review or presentation).</summary>
public sealed record PetitionReminderSent(string Timer, LocalDate DueOn) : EventData
{
    /// <inheritdoc />
    public override string Type => "reminder-sent";
}

/// <summary>A petition deadline passed (review or presentation); escalated.</summary>
public sealed record PetitionDeadlineMissed(string Timer, LocalDate DueOn) : EventData
{
    /// <inheritdoc />
    public override string Type => "deadline-missed";
}
