using Council.Workflows.Engine;

namespace Council.Workflows.Appeals;

/// <summary>The appeal was registered on receipt.</summary>
[StoredName("AppealRegistered")]
public sealed record AppealRegistered(
    string Council, string Index, int Year, long Number, AppealKind Kind, AppealChannel Channel, IReadOnlyList<Applicant> Applicants,
    int Signatories, string Subject, LocalDate ReceivedOn, bool HasSignature, bool HasDate, bool Benefits, bool PersonalHead, bool Deputy,
    string? ComplainedAbout, LocalDate? DecidedOn, LocalDate? LearnedOn, AppealDeadline Deadline, LocalDate MaxDueOn,
    IReadOnlyList<CaseId> RepeatOf, IReadOnlyList<string> RepeatOfIndexes) : EventData
{
    /// <inheritdoc />
    public override string Type => "registered";

    /// <summary>The card's fields (none in records written before they existed).</summary>
    public AppealCard? Card { get; init; }
}

/// <summary>An executor was assigned (or replaced); the first assignment puts the appeal on control.</summary>
[StoredName("ExecutorAssigned")]
public sealed record ExecutorAssigned(string Executor, string ControlledBy, AppealDeadline? NewDeadline) : EventData
{
    /// <summary>The head's resolution, if written.</summary>
    public string? Resolution { get; init; }

    /// <inheritdoc />
    public override string Type => "assigned";
}

/// <summary>Forwarded to the competent body (Art. 7), with the notice to the applicant.</summary>
[StoredName("AppealForwarded")]
public sealed record AppealForwarded(string To, LocalDate On, LocalDate DueOn, bool OnTime) : EventData, ILetterEvent
{
    /// <summary>The letter to the applicant with its outgoing number (none in records written before the journal).</summary>
    public OutgoingLetter? Letter { get; init; }

    /// <inheritdoc />
    public override string Type => "forwarded";
}

/// <summary>Returned to the applicant with an explanation (Art. 7 lacking data, Art. 5 missing details).</summary>
[StoredName("AppealReturned")]
public sealed record AppealReturned(bool MissingDetails, string Explanation, LocalDate On, LocalDate DueOn, bool OnTime) : EventData, ILetterEvent
{
    /// <summary>The letter to the applicant with its outgoing number (none in records written before the journal).</summary>
    public OutgoingLetter? Letter { get; init; }

    /// <inheritdoc />
    public override string Type => "returned";
}

/// <summary>Not considered (Art. 8, Art. 17).</summary>
[StoredName("AppealNotConsidered")]
public sealed record AppealNotConsidered(NotConsideredGround Ground, CaseId? Earlier) : EventData, ILetterEvent
{
    /// <summary>The letter to the applicant with its outgoing number (none in records written before the journal).</summary>
    public OutgoingLetter? Letter { get; init; }

    /// <inheritdoc />
    public override string Type => "not-considered";
}

/// <summary>A complaint was found to be filed after its Art. 17 window.</summary>
[StoredName("ComplaintMarkedLate")]
public sealed record ComplaintMarkedLate(LocalDate DecidedOn, LocalDate LearnedOn, LocalDate LastDay) : EventData
{
    /// <inheritdoc />
    public override string Type => "complaint-late";
}

/// <summary>The applicant asked to restore the missed term.</summary>
[StoredName("TermRestorationRequested")]
public sealed record TermRestorationRequested(string Grounds) : EventData
{
    /// <inheritdoc />
    public override string Type => "restoration-requested";
}

/// <summary>The missed term was restored for a valid reason; the complaint is considered as usual.</summary>
[StoredName("TermRestored")]
public sealed record TermRestored : EventData
{
    /// <inheritdoc />
    public override string Type => "term-restored";
}

/// <summary>Restoration of the missed term was refused.</summary>
[StoredName("RestorationRefused")]
public sealed record RestorationRefused : EventData
{
    /// <inheritdoc />
    public override string Type => "restoration-refused";
}

/// <summary>The term was extended by the head or a deputy head, with the applicant notified (Art. 20).</summary>
[StoredName("TermExtended")]
public sealed record TermExtended(AppealDeadline Previous, AppealDeadline Deadline, string Notice) : EventData, ILetterEvent
{
    /// <summary>The letter to the applicant with its outgoing number (none in records written before the journal).</summary>
    public OutgoingLetter? Letter { get; init; }

    /// <inheritdoc />
    public override string Type => "term-extended";
}

/// <summary>The term was shortened on the applicant's reasoned written demand (Art. 20).</summary>
[StoredName("TermShortened")]
public sealed record TermShortened(AppealDeadline Previous, AppealDeadline Deadline, string Demand) : EventData
{
    /// <inheritdoc />
    public override string Type => "term-shortened";
}

/// <summary>An interim answer was given; it closes nothing.</summary>
[StoredName("InterimAnswerGiven")]
public sealed record InterimAnswerGiven(string Text) : EventData, ILetterEvent
{
    /// <summary>The letter to the applicant with its outgoing number (none in records written before the journal).</summary>
    public OutgoingLetter? Letter { get; init; }

    /// <inheritdoc />
    public override string Type => "interim-answer";
}

/// <summary>The final answer was given (a later one supplements it).</summary>
[StoredName("AppealAnswered")]
public sealed record AppealAnswered(AppealAnswer Answer) : EventData, ILetterEvent
{
    /// <summary>The letter to the applicant with its outgoing number (none in records written before the journal).</summary>
    public OutgoingLetter? Letter { get; init; }

    /// <inheritdoc />
    public override string Type => "answered";
}

/// <summary>Taken off control: every issue was considered and answered.</summary>
[StoredName("TakenOffControl")]
public sealed record TakenOffControl : EventData
{
    /// <inheritdoc />
    public override string Type => "taken-off-control";
}

/// <summary>Withdrawn by the applicant, where the council's policy allows it.</summary>
[StoredName("AppealWithdrawn")]
public sealed record AppealWithdrawn : EventData
{
    /// <inheritdoc />
    public override string Type => "withdrawn";
}

/// <summary>A registration made by mistake was annulled; <see cref="DuplicateOf"/> names the registration it repeated, if any.</summary>
[StoredName("RegistrationAnnulled")]
public sealed record RegistrationAnnulled(string? DuplicateOf) : EventData
{
    /// <inheritdoc />
    public override string Type => "registration-annulled";
}

/// <summary>A field of the registration as it was and as corrected.</summary>
/// <param name="Field">The field: <c>applicant</c>, <c>address</c> or <c>subject</c>.</param>
/// <param name="Old">The value before.</param>
/// <param name="New">The value after.</param>
public sealed record FieldCorrection(string Field, string? Old, string? New);

/// <summary>A typo in the registration was corrected; every old value is kept here.</summary>
[StoredName("RegistrationCorrected")]
public sealed record RegistrationCorrected(IReadOnlyList<FieldCorrection> Changes) : EventData
{
    /// <inheritdoc />
    public override string Type => "registration-corrected";
}

/// <summary>A reminder before the deadline was sent.</summary>
[StoredName("ReminderSent")]
public sealed record ReminderSent(string Timer, LocalDate DueOn, string Recipient) : EventData
{
    /// <inheritdoc />
    public override string Type => "reminder-sent";
}

/// <summary>The deadline passed without a final answer; escalated to the head.</summary>
[StoredName("DeadlineMissed")]
public sealed record DeadlineMissed(string Timer, LocalDate DueOn, string EscalatedTo) : EventData
{
    /// <inheritdoc />
    public override string Type => "deadline-missed";
}
