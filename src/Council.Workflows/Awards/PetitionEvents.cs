using Council.Workflows.Engine;

namespace Council.Workflows.Awards;

/// <summary>A petition was submitted with its nominees.</summary>
[StoredName("PetitionSubmitted")]
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
[StoredName("PetitionRegistered")]
public sealed record PetitionRegistered(LocalDate RegisteredOn, LocalDate ReviewDueOn, Instant ReviewLapsesAt, IReadOnlyList<NomineeWarnings> Warnings) : EventData
{
    /// <inheritdoc />
    public override string Type => "registered";
}

/// <summary>Returned to the petitioner for correction.</summary>
[StoredName("PetitionReturned")]
public sealed record PetitionReturned(string Reason) : EventData
{
    /// <inheritdoc />
    public override string Type => "returned";
}

/// <summary>Submitted again after correction, with the corrected nominees.</summary>
[StoredName("PetitionResubmitted")]
public sealed record PetitionResubmitted(IReadOnlyList<Nominee> Nominees) : EventData
{
    /// <inheritdoc />
    public override string Type => "resubmitted";
}

/// <summary>Placed on a commission meeting's agenda.</summary>
[StoredName("PetitionPlacedOnAgenda")]
public sealed record PetitionPlacedOnAgenda(CaseId Meeting, string MeetingNumber, LocalDate MeetingOn) : EventData
{
    /// <inheritdoc />
    public override string Type => "placed-on-agenda";
}

/// <summary>The commission's outcomes for the nominees it considered.</summary>
[StoredName("PetitionReviewed")]
public sealed record PetitionReviewed(CaseId Meeting, LocalDate On, IReadOnlyList<NomineeReview> Reviews) : EventData
{
    /// <inheritdoc />
    public override string Type => "reviewed";
}

/// <summary>The granting body decided on a nominee.</summary>
[StoredName("AwardDecided")]
public sealed record AwardDecided(int NomineeNo, GrantDecision Decision, LocalDate? PresentationDueOn, Instant? PresentationLapsesAt) : EventData
{
    /// <inheritdoc />
    public override string Type => Decision.Awarded ? "awarded" : "not-awarded";
}

/// <summary>The award was presented.</summary>
[StoredName("AwardPresented")]
public sealed record AwardPresented(int NomineeNo, LocalDate On) : EventData
{
    /// <inheritdoc />
    public override string Type => "presented";
}

/// <summary>The presentation was cancelled.</summary>
[StoredName("PresentationCancelled")]
public sealed record PresentationCancelled(int NomineeNo, string Reason) : EventData
{
    /// <inheritdoc />
    public override string Type => "presentation-cancelled";
}

/// <summary>Withdrawn by the petitioner.</summary>
[StoredName("PetitionWithdrawn")]
public sealed record PetitionWithdrawn(string Reason) : EventData
{
    /// <inheritdoc />
    public override string Type => "withdrawn";
}

/// <summary>A reminder before a petition deadline (review or presentation).</summary>
[StoredName("PetitionReminderSent")]
public sealed record PetitionReminderSent(string Timer, LocalDate DueOn) : EventData
{
    /// <inheritdoc />
    public override string Type => "reminder-sent";
}

/// <summary>A petition deadline passed (review or presentation); escalated.</summary>
[StoredName("PetitionDeadlineMissed")]
public sealed record PetitionDeadlineMissed(string Timer, LocalDate DueOn) : EventData
{
    /// <inheritdoc />
    public override string Type => "deadline-missed";
}
