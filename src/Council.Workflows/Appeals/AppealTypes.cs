using Council.Workflows.Engine;
using Ardalis.GuardClauses;

namespace Council.Workflows.Appeals;

/// <summary>The kind of an appeal (Art. 3 of the Law on Citizens' Appeals).</summary>
public enum AppealKind
{
    /// <summary>A proposal or remark (пропозиція, зауваження).</summary>
    Proposal,

    /// <summary>An application or request (заява, клопотання).</summary>
    Application,

    /// <summary>A complaint (скарга).</summary>
    Complaint,
}

/// <summary>How the appeal arrived (Art. 5, Art. 22).</summary>
public enum AppealChannel
{
    /// <summary>By post.</summary>
    Post,

    /// <summary>Handed in person or through a representative.</summary>
    InPerson,

    /// <summary>Electronic (електронне звернення); needs an e-mail or other contact.</summary>
    Electronic,

    /// <summary>An oral appeal at a personal reception, handled like a written one (Art. 22).</summary>
    PersonalReception,

    /// <summary>A hotline call, handled like a written one.</summary>
    Hotline,
}

/// <summary>The states of an appeal.</summary>
public enum AppealState
{
    /// <summary>Registered on receipt; awaiting routing or assignment. The consideration term runs.</summary>
    Registered,

    /// <summary>A complaint filed after its Art. 17 window; awaiting a request to restore the term.</summary>
    LateComplaint,

    /// <summary>The applicant asked to restore a missed term (Art. 17).</summary>
    RestorationRequested,

    /// <summary>Assigned to an executor and under consideration. The consideration term runs.</summary>
    UnderConsideration,

    /// <summary>Finally answered; on control until taken off it.</summary>
    Answered,

    /// <summary>Taken off control (знято з контролю): resolved.</summary>
    Closed,

    /// <summary>Forwarded to the competent body (Art. 7).</summary>
    Forwarded,

    /// <summary>Returned to the applicant (Art. 5, Art. 7).</summary>
    Returned,

    /// <summary>Not considered (Art. 8, Art. 17).</summary>
    NotConsidered,

    /// <summary>Withdrawn by the applicant, where the council's policy allows it.</summary>
    Withdrawn,

    /// <summary>
    /// The registration was a mistake (the same letter registered twice): kept in the history, its number never reused, left
    /// out of the year's counts. Not a withdrawal.
    /// </summary>
    Annulled,
}

/// <summary>What happens to an appeal.</summary>
internal enum AppealTrigger
{
    /// <summary>Assign (or reassign) the executor.</summary>
    Assign,

    /// <summary>Forward to the competent body (Art. 7).</summary>
    Forward,

    /// <summary>Return for lacking data needed for a reasoned decision (Art. 7).</summary>
    ReturnLackingData,

    /// <summary>Return for missing the details of Art. 5.</summary>
    ReturnIncomplete,

    /// <summary>Decide not to consider (Art. 8, Art. 17).</summary>
    NotConsider,

    /// <summary>Record that a complaint was filed too late (Art. 17).</summary>
    MarkLate,

    /// <summary>Record the applicant's request to restore a missed term.</summary>
    RequestRestoration,

    /// <summary>Restore the missed term for a valid reason.</summary>
    RestoreTerm,

    /// <summary>Refuse to restore the missed term.</summary>
    RefuseRestoration,

    /// <summary>Extend the term (Art. 20).</summary>
    Extend,

    /// <summary>Shorten the term on the applicant's reasoned written demand (Art. 20).</summary>
    Shorten,

    /// <summary>Record an interim answer; closes nothing.</summary>
    InterimAnswer,

    /// <summary>Record the final answer.</summary>
    Answer,

    /// <summary>Take off control (знято з контролю).</summary>
    TakeOffControl,

    /// <summary>Withdraw, where the council's policy allows it.</summary>
    Withdraw,

    /// <summary>A reminder before the deadline (timer).</summary>
    Remind,

    /// <summary>The deadline passed without a final answer (timer).</summary>
    MissDeadline,

    /// <summary>Annul a registration made by mistake.</summary>
    Annul,

    /// <summary>Correct a typo in the registration's applicant, address or subject; the old value is kept.</summary>
    Correct,
}

/// <summary>The outcome of a final answer.</summary>
public enum AnswerOutcome
{
    /// <summary>Satisfied (задоволено).</summary>
    Satisfied,

    /// <summary>Partly satisfied (задоволено частково).</summary>
    PartlySatisfied,

    /// <summary>Refused (відмовлено); the answer states the legal basis, the reasons and how to appeal.</summary>
    Refused,

    /// <summary>Explained (роз'яснено): an answer to a proposal or a request for information.</summary>
    Explained,
}

/// <summary>How the answer is sent.</summary>
public enum AnswerChannel
{
    /// <summary>In writing, by post or in person.</summary>
    Written,

    /// <summary>Electronically, to the address the applicant gave.</summary>
    Electronic,
}

/// <summary>Why an appeal is not considered.</summary>
public enum NotConsideredGround
{
    /// <summary>Anonymous: no place of residence, unsigned, or authorship cannot be established (Art. 8).</summary>
    Anonymous,

    /// <summary>Repeated by the same person on the same issue, the earlier one resolved on the merits (Art. 8).</summary>
    RepeatedResolved,

    /// <summary>From a person a court declared legally incapable (Art. 8).</summary>
    LegallyIncapable,

    /// <summary>A complaint filed after its window, the term not restored (Art. 17).</summary>
    LateComplaint,
}

/// <summary>Which consideration term applies.</summary>
public enum ConsiderationTerm
{
    /// <summary>15 days: no additional study is needed (Art. 20).</summary>
    NoStudy,

    /// <summary>One month (Art. 20).</summary>
    Standard,
}

/// <summary>Who may take an appeal off control.</summary>
public enum ControlRule
{
    /// <summary>Only the official who put it on control. The default.</summary>
    Controller,

    /// <summary>The official who put it on control, or the head.</summary>
    ControllerOrHead,

    /// <summary>Any official.</summary>
    Anyone,
}

/// <summary>How registration numbers run.</summary>
public enum IndexNumbering
{
    /// <summary>One running number per council and year for every prefix (К-115, КО-116). The default.</summary>
    PerYear,

    /// <summary>A running number per council, year and prefix (К-1, КО-1, БП-1).</summary>
    PerYearAndPrefix,
}

/// <summary>How the outgoing journal numbers the letters the council sends the applicant.</summary>
public enum OutgoingNumbering
{
    /// <summary>One gapless running number per council and calendar year of the letter's date. The default.</summary>
    PerYear,

    /// <summary>One gapless running number per council that never restarts.</summary>
    Continuous,

    /// <summary>
    /// The council numbers its letters in another system (a document-flow system's journal): the clerk types the number
    /// given there (<c>--outgoing-number</c>); a letter without one is recorded without a number.
    /// </summary>
    External,
}

/// <summary>The kinds of letters to the applicant the outgoing journal numbers.</summary>
public enum LetterKind
{
    /// <summary>The answer (or a supplement to it).</summary>
    Answer,

    /// <summary>An interim answer.</summary>
    InterimAnswer,

    /// <summary>The notice that the term was extended (Art. 20).</summary>
    ExtensionNotice,

    /// <summary>The notice that the appeal was forwarded to the competent body (Art. 7).</summary>
    Forwarding,

    /// <summary>The appeal returned with an explanation (Art. 5, Art. 7).</summary>
    Return,

    /// <summary>The notice that the appeal is not considered (Art. 8, Art. 17).</summary>
    NotConsideredNotice,
}

/// <summary>A letter the council sent the applicant: its kind, its outgoing number and its date.</summary>
/// <param name="Kind">What the letter is.</param>
/// <param name="Number">The outgoing number as printed (the journal's format, or as typed for an external journal).</param>
/// <param name="On">The letter's date.</param>
public sealed record OutgoingLetter(LetterKind Kind, string Number, LocalDate On)
{
    /// <summary>The running number in the council's outgoing journal; 0 for a number given by another system.</summary>
    public long Sequence { get; init; }
}

/// <summary>An event that records a letter to the applicant.</summary>
internal interface ILetterEvent
{
    OutgoingLetter? Letter { get; }
}

/// <summary>A command whose act sends the applicant a letter.</summary>
internal interface ISendsLetter
{
    string? OutgoingNumber { get; }

    // The same command with the number another system's journal gave its letter.
    Command WithOutgoingNumber(string number);
}

/// <summary>An applicant: name, place of residence and contact.</summary>
public sealed record Applicant
{
    /// <summary>Creates an applicant.</summary>
    /// <param name="fullName">Surname, name and patronymic, surname first (as Instruction 348 indexes it).</param>
    /// <param name="address">The place of residence, if given.</param>
    /// <param name="email">The e-mail or other contact, if given (required for an electronic appeal).</param>
    public Applicant(string fullName, string? address = null, string? email = null)
    {
        FullName = Guard.Against.NullOrWhiteSpace(fullName, nameof(fullName), "An applicant's full name is required (surname first); it was empty.").Trim();
        Address = string.IsNullOrWhiteSpace(address) ? null : address.Trim();
        Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
    }

    /// <summary>Surname, name and patronymic.</summary>
    public string FullName { get; }

    /// <summary>The place of residence.</summary>
    public string? Address { get; }

    /// <summary>The e-mail or other contact.</summary>
    public string? Email { get; }

    /// <summary>The surname: the first word of the full name.</summary>
    public string Surname => FullName.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
}

/// <summary>The deadline an appeal runs against.</summary>
/// <param name="TermId">The named term it came from, such as <c>appeal.standard</c>, or <c>extended</c>/<c>shortened</c>.</param>
/// <param name="DueOn">The due date, inclusive.</param>
/// <param name="LapsesAt">When it lapses.</param>
/// <param name="LegalBasis">The legal basis.</param>
public sealed record AppealDeadline(string TermId, LocalDate DueOn, Instant LapsesAt, string LegalBasis);

/// <summary>The final answer.</summary>
/// <param name="Outcome">The outcome.</param>
/// <param name="Summary">The substance of the decision.</param>
/// <param name="Channel">How it was sent.</param>
/// <param name="AnsweredOn">The date it was given.</param>
/// <param name="OnTime">Whether it was given by the due date.</param>
/// <param name="AllIssuesAddressed">Whether every issue raised was considered and answered.</param>
/// <param name="LegalBasis">For a refusal, the legal basis.</param>
/// <param name="Reasons">For a refusal, the reasons.</param>
/// <param name="HowToAppeal">For a refusal, how to appeal it.</param>
/// <param name="By">Who answered.</param>
public sealed record AppealAnswer(
    AnswerOutcome Outcome, string Summary, AnswerChannel Channel, LocalDate AnsweredOn, bool OnTime, bool AllIssuesAddressed,
    string? LegalBasis, string? Reasons, string? HowToAppeal, string By)
{
    /// <summary>The result as the classifier counts it (§9), if recorded.</summary>
    public string? ResultCode { get; init; }
}

/// <summary>
/// What the registration-control card (Instruction 348) records of an appeal beside its registration, as the classifier of
/// appeals (CMU Resolution 858) counts it: the author's category (§7) and social status (§8), the sex (§4), the issues
/// (part II), the pages and attachments, a phone, and whether the applicant asked that their name and address not be
/// disclosed (Law on Citizens' Appeals, Art. 10). Codes are checked against the classifier loaded when they are entered;
/// once stored they stay readable whatever classifier is loaded later.
/// </summary>
public sealed record AppealCard
{
    /// <summary>No card fields: what older records have.</summary>
    public static AppealCard Empty { get; } = new();

    /// <summary>The author's category, a code of §7 (such as <c>7.5</c>, combatants).</summary>
    public string? AuthorCategory { get; init; }

    /// <summary>The author's social status, a code of §8.</summary>
    public string? SocialStatus { get; init; }

    /// <summary>The author's sex as the classifier counts it, a code of §4 (<c>4.1</c> male, <c>4.2</c> female).</summary>
    public string? Sex { get; init; }

    /// <summary>The issues raised, codes of part II (topics).</summary>
    public IReadOnlyList<string> Issues { get; init; } = [];

    /// <summary>The letter's pages.</summary>
    public int? Pages { get; init; }

    /// <summary>The attachments' pages (or items).</summary>
    public int? Attachments { get; init; }

    /// <summary>The applicant's phone.</summary>
    public string? Phone { get; init; }

    /// <summary>Art. 10: the applicant asked that their name and address not be disclosed; exports, reports and screens mask them.</summary>
    public bool DoNotDisclose { get; init; }

    /// <summary>Whether any field is set.</summary>
    public bool IsEmpty => this == Empty || (AuthorCategory is null && SocialStatus is null && Sex is null && Issues.Count == 0 && Pages is null
        && Attachments is null && Phone is null && !DoNotDisclose);

    /// <inheritdoc />
    public bool Equals(AppealCard? other) => other is not null && AuthorCategory == other.AuthorCategory && SocialStatus == other.SocialStatus
        && Sex == other.Sex && Issues.SequenceEqual(other.Issues) && Pages == other.Pages && Attachments == other.Attachments && Phone == other.Phone
        && DoNotDisclose == other.DoNotDisclose;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(AuthorCategory, SocialStatus, Sex, Issues.Count, Pages, Attachments, Phone, DoNotDisclose);
}

/// <summary>The stamp on the applicant's copy (Instruction 348 p. 2): organisation, date of receipt, incoming number.</summary>
/// <param name="Organisation">The organisation that received the appeal.</param>
/// <param name="ReceivedOn">The date of receipt.</param>
/// <param name="IncomingNumber">The registration index.</param>
public sealed record AppealReceipt(string Organisation, LocalDate ReceivedOn, string IncomingNumber)
{
    /// <summary>The code the applicant looks the appeal's state up with (<see cref="StatusCode"/>), if given.</summary>
    public string? Code { get; init; }

    /// <summary>The stamp as text, in Ukrainian.</summary>
    public override string ToString() =>
        $"{Organisation}\nНадійшло {ReceivedOn.ToString("dd.MM.uuuu", System.Globalization.CultureInfo.InvariantCulture)}\nВх. № {IncomingNumber}" +
        (Code is null ? "" : $"\nКод для перевірки стану: {Code}");
}
