using Council.Workflows.Engine;

namespace Council.Workflows.Appeals;

/// <summary>Registers an appeal on receipt. Creates the case.</summary>
public sealed record RegisterAppeal : Command, ICreatesCase
{
    /// <summary>The council; <see langword="null"/> for the installation's default council.</summary>
    public string? Council { get; init; }

    /// <summary>The kind.</summary>
    public required AppealKind Kind { get; init; }

    /// <summary>How it arrived. The default value is <see cref="AppealChannel.Post"/>.</summary>
    public AppealChannel Channel { get; init; } = AppealChannel.Post;

    /// <summary>The applicants: one, or several for a collective appeal.</summary>
    public required IReadOnlyList<Applicant> Applicants { get; init; }

    /// <summary>For a collective appeal, the number of signatories if more than the applicants listed.</summary>
    public int? Signatories { get; init; }

    /// <summary>The substance of the issue.</summary>
    public required string Subject { get; init; }

    /// <summary>The date of receipt; <see langword="null"/> for the local date of <see cref="Command.At"/>.</summary>
    public LocalDate? ReceivedOn { get; init; }

    /// <summary>Whether the letter is signed. The default value is <see langword="true"/>.</summary>
    public bool HasSignature { get; init; } = true;

    /// <summary>Whether the letter is dated. The default value is <see langword="true"/>.</summary>
    public bool HasDate { get; init; } = true;

    /// <summary>Whether the applicant has statutory benefits (considered first). The default value is <see langword="false"/>.</summary>
    public bool Benefits { get; init; }

    /// <summary>Whether Art. 15 part 2 applies: considered personally by the head.</summary>
    public bool PersonalHead { get; init; }

    /// <summary>Whether this is a deputy's appeal (депутатське звернення): its own terms.</summary>
    public bool Deputy { get; init; }

    /// <summary>For a complaint, the body or official whose decision it complains about.</summary>
    public string? ComplainedAbout { get; init; }

    /// <summary>For a complaint, the date of the decision complained about.</summary>
    public LocalDate? DecidedOn { get; init; }

    /// <summary>For a complaint, the date the applicant learned of the decision.</summary>
    public LocalDate? LearnedOn { get; init; }

    /// <summary>The consideration term; <see langword="null"/> for the council's default.</summary>
    public ConsiderationTerm? Term { get; init; }

    /// <summary>The registration-control card's fields (the classifier's codes, pages, a phone, Art. 10), if any.</summary>
    public AppealCard? Card { get; init; }
}

/// <summary>Assigns (or reassigns) the executor. The first assignment puts the appeal on control by the acting official.</summary>
public sealed record AssignExecutor : Command
{
    /// <summary>The executor's name.</summary>
    public required string Executor { get; init; }

    /// <summary>Optionally, the consideration term decided on assignment (15 days or one month).</summary>
    public ConsiderationTerm? Term { get; init; }

    /// <summary>The head's resolution (резолюція): what the executor is to do, as written on the card.</summary>
    public string? Resolution { get; init; }
}

/// <summary>Forwards the appeal to the competent body (Art. 7: within 5 days, the applicant told).</summary>
public sealed record ForwardAppeal : Command, ISendsLetter
{
    /// <summary>
    /// For a council whose outgoing letters are numbered in another system (<see cref="OutgoingNumbering.External"/>), the
    /// number given there; the council's own journal numbers the letter itself and refuses a typed one.
    /// </summary>
    public string? OutgoingNumber { get; init; }

    Command ISendsLetter.WithOutgoingNumber(string number) => this with { OutgoingNumber = number };

    /// <summary>The competent body.</summary>
    public required string To { get; init; }
}

/// <summary>Returns the appeal to the applicant with an explanation.</summary>
public sealed record ReturnAppeal : Command, ISendsLetter
{
    /// <summary>
    /// For a council whose outgoing letters are numbered in another system (<see cref="OutgoingNumbering.External"/>), the
    /// number given there; the council's own journal numbers the letter itself and refuses a typed one.
    /// </summary>
    public string? OutgoingNumber { get; init; }

    Command ISendsLetter.WithOutgoingNumber(string number) => this with { OutgoingNumber = number };

    /// <summary>
    /// <see langword="true"/> for missing details of Art. 5 (10 days), <see langword="false"/> for lacking data needed for a
    /// reasoned decision (Art. 7, 5 days).
    /// </summary>
    public required bool MissingDetails { get; init; }

    /// <summary>The explanation to the applicant.</summary>
    public required string Explanation { get; init; }
}

/// <summary>Decides not to consider the appeal (Art. 8, Art. 17).</summary>
public sealed record NotConsiderAppeal : Command, ISendsLetter
{
    /// <summary>
    /// For a council whose outgoing letters are numbered in another system (<see cref="OutgoingNumbering.External"/>), the
    /// number given there; the council's own journal numbers the letter itself and refuses a typed one.
    /// </summary>
    public string? OutgoingNumber { get; init; }

    Command ISendsLetter.WithOutgoingNumber(string number) => this with { OutgoingNumber = number };

    /// <summary>The ground.</summary>
    public required NotConsideredGround Ground { get; init; }

    /// <summary>For <see cref="NotConsideredGround.RepeatedResolved"/>, the earlier appeal resolved on the merits.</summary>
    public CaseId? Earlier { get; init; }

    /// <summary>For <see cref="NotConsideredGround.Anonymous"/>: authorship cannot be established although signed and addressed.</summary>
    public bool AuthorshipUnknown { get; init; }

    /// <summary>For <see cref="NotConsideredGround.LegallyIncapable"/>, the court decision.</summary>
    public string? CourtDecision { get; init; }
}

/// <summary>Records that a complaint was filed after its Art. 17 window.</summary>
public sealed record MarkComplaintLate : Command
{
    /// <summary>The date of the decision complained about, if not given at registration.</summary>
    public LocalDate? DecidedOn { get; init; }

    /// <summary>The date the applicant learned of it, if not given at registration.</summary>
    public LocalDate? LearnedOn { get; init; }
}

/// <summary>Records the applicant's request to restore a missed term, with the grounds given.</summary>
public sealed record RequestTermRestoration : Command
{
    /// <summary>The grounds the applicant gives.</summary>
    public required string Grounds { get; init; }
}

/// <summary>Decides on the request to restore a missed term.</summary>
public sealed record DecideTermRestoration : Command
{
    /// <summary>Whether the term is restored (a valid reason) or not.</summary>
    public required bool Restore { get; init; }

    /// <summary>Why.</summary>
    public required string Reason { get; init; }
}

/// <summary>Extends the term (Art. 20): by the head or a deputy head, with a reason and the notice to the applicant.</summary>
public sealed record ExtendTerm : Command, ISendsLetter
{
    /// <summary>
    /// For a council whose outgoing letters are numbered in another system (<see cref="OutgoingNumbering.External"/>), the
    /// number given there; the council's own journal numbers the letter itself and refuses a typed one.
    /// </summary>
    public string? OutgoingNumber { get; init; }

    Command ISendsLetter.WithOutgoingNumber(string number) => this with { OutgoingNumber = number };

    /// <summary>The new due date; never past 45 days from receipt in total.</summary>
    public required LocalDate NewDueOn { get; init; }

    /// <summary>Why a month is not enough.</summary>
    public string? Reason { get; init; }

    /// <summary>The notice sent to the applicant (its number, date or text).</summary>
    public string? Notice { get; init; }
}

/// <summary>Shortens the term on the applicant's reasoned written demand (Art. 20).</summary>
public sealed record ShortenTerm : Command
{
    /// <summary>The new due date.</summary>
    public required LocalDate NewDueOn { get; init; }

    /// <summary>The applicant's written demand (its number, date or text) with its reasons.</summary>
    public string? Demand { get; init; }
}

/// <summary>Records an interim answer, such as a progress letter; it closes nothing.</summary>
public sealed record GiveInterimAnswer : Command, ISendsLetter
{
    /// <summary>
    /// For a council whose outgoing letters are numbered in another system (<see cref="OutgoingNumbering.External"/>), the
    /// number given there; the council's own journal numbers the letter itself and refuses a typed one.
    /// </summary>
    public string? OutgoingNumber { get; init; }

    Command ISendsLetter.WithOutgoingNumber(string number) => this with { OutgoingNumber = number };

    /// <summary>What was said.</summary>
    public required string Text { get; init; }
}

/// <summary>Records the final answer (or a supplement to it).</summary>
public sealed record AnswerAppeal : Command, ISendsLetter
{
    /// <summary>
    /// For a council whose outgoing letters are numbered in another system (<see cref="OutgoingNumbering.External"/>), the
    /// number given there; the council's own journal numbers the letter itself and refuses a typed one.
    /// </summary>
    public string? OutgoingNumber { get; init; }

    Command ISendsLetter.WithOutgoingNumber(string number) => this with { OutgoingNumber = number };

    /// <summary>The outcome.</summary>
    public required AnswerOutcome Outcome { get; init; }

    /// <summary>The substance of the decision.</summary>
    public required string Summary { get; init; }

    /// <summary>How it is sent. The default value is <see cref="AnswerChannel.Written"/>.</summary>
    public AnswerChannel Channel { get; init; } = AnswerChannel.Written;

    /// <summary>Whether every issue raised was considered and answered. The default value is <see langword="true"/>.</summary>
    public bool AllIssuesAddressed { get; init; } = true;

    /// <summary>For a refusal: the legal basis.</summary>
    public string? LegalBasis { get; init; }

    /// <summary>For a refusal: the reasons.</summary>
    public string? Reasons { get; init; }

    /// <summary>For a refusal: how to appeal it.</summary>
    public string? HowToAppeal { get; init; }

    /// <summary>The result as the classifier counts it, a code of §9 (such as <c>9.1</c>, resolved positively).</summary>
    public string? ResultCode { get; init; }
}

/// <summary>Takes the appeal off control (знято з контролю).</summary>
public sealed record TakeAppealOffControl : Command;

/// <summary>
/// Annuls a registration made by mistake (the same letter registered twice): the appeal is kept in the history with its
/// number, which is never reused, and is left out of the year's counts. Not a withdrawal.
/// </summary>
public sealed record AnnulRegistration : Command
{
    /// <summary>Why the registration is annulled.</summary>
    public required string Reason { get; init; }

    /// <summary>The index of the registration this one repeated, if it was a duplicate.</summary>
    public string? DuplicateOf { get; init; }
}

/// <summary>Corrects a typo in the registration's first applicant's name or address, or in the subject; the old values are kept in the history.</summary>
public sealed record CorrectRegistration : Command
{
    /// <summary>The first applicant's name as it should read, or <see langword="null"/> to leave it.</summary>
    public string? Applicant { get; init; }

    /// <summary>The first applicant's address as it should read, or <see langword="null"/> to leave it.</summary>
    public string? Address { get; init; }

    /// <summary>The subject as it should read, or <see langword="null"/> to leave it.</summary>
    public string? Subject { get; init; }

    /// <summary>Why (the typo found, the document checked).</summary>
    public required string Reason { get; init; }
}

/// <summary>Records the applicant's withdrawal, where the council's policy allows it.</summary>
public sealed record WithdrawAppeal : Command
{
    /// <summary>The applicant's statement.</summary>
    public required string Statement { get; init; }
}
