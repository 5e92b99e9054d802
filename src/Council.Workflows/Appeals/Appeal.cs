using Council.Workflows.Engine;

namespace Council.Workflows.Appeals;

/// <summary>
/// A citizen's written appeal as it stands: derived from its history by <see cref="Replay"/>, never changed in place.
/// </summary>
public sealed record Appeal : ICaseData
{
    /// <summary>The kind of case.</summary>
    public const string CaseKind = "appeal";

    private Appeal()
    {
    }

    /// <inheritdoc />
    public CaseId Id { get; private set; }

    /// <inheritdoc />
    public string Kind => CaseKind;

    /// <inheritdoc />
    public string Council { get; private init; } = "";

    /// <inheritdoc />
    public long Version { get; private set; }

    /// <summary>The state.</summary>
    public AppealState State { get; private set; }

    /// <inheritdoc />
    public string StateName => KebabCase.Of(State);

    /// <summary>The registration index (Instruction 348), such as <c>К-115</c>, <c>КО-12</c>, <c>БП-3</c>.</summary>
    public string Index { get; private init; } = "";

    /// <summary>The year of registration.</summary>
    public int Year { get; private init; }

    /// <summary>The running number within the year.</summary>
    public long Number { get; private init; }

    /// <summary>The kind of appeal.</summary>
    public AppealKind AppealKind { get; private init; }

    /// <summary>How it arrived.</summary>
    public AppealChannel Channel { get; private init; }

    /// <summary>The applicants.</summary>
    public IReadOnlyList<Applicant> Applicants { get; private init; } = [];

    /// <summary>The number of signatories.</summary>
    public int Signatories { get; private init; }

    /// <summary>Whether the appeal is collective.</summary>
    public bool IsCollective => Applicants.Count > 1 || Signatories > 1;

    /// <summary>The substance of the issue.</summary>
    public string Subject { get; private init; } = "";

    /// <summary>The date of receipt (in the council's zone).</summary>
    public LocalDate ReceivedOn { get; private init; }

    /// <summary>When it was registered.</summary>
    public Instant RegisteredAt { get; private init; }

    /// <summary>Whether the letter is signed.</summary>
    public bool HasSignature { get; private init; }

    /// <summary>Whether the letter is dated.</summary>
    public bool HasDate { get; private init; }

    /// <summary>Whether the applicant has statutory benefits: considered first.</summary>
    public bool Benefits { get; private init; }

    /// <summary>Whether the head considers it personally (Art. 15 part 2).</summary>
    public bool PersonalHead { get; private init; }

    /// <summary>Whether it is a deputy's appeal.</summary>
    public bool Deputy { get; private init; }

    /// <summary>For a complaint, the body whose decision it complains about.</summary>
    public string? ComplainedAbout { get; private init; }

    /// <summary>For a complaint, the date of the decision.</summary>
    public LocalDate? DecidedOn { get; private init; }

    /// <summary>For a complaint, the date the applicant learned of it.</summary>
    public LocalDate? LearnedOn { get; private init; }

    /// <summary>The deadline the appeal runs against.</summary>
    public AppealDeadline Deadline { get; private init; } = null!;

    /// <summary>The latest the term can be extended to (45 days from receipt; one month for a deputy's appeal).</summary>
    public LocalDate MaxDueOn { get; private init; }

    /// <summary>Whether the term was extended.</summary>
    public bool Extended { get; private init; }

    /// <summary>Whether the term was shortened.</summary>
    public bool Shortened { get; private init; }

    /// <summary>The executor.</summary>
    public string? Executor { get; private init; }

    /// <summary>The official who put the appeal on control.</summary>
    public string? ControlledBy { get; private init; }

    /// <summary>Earlier appeals by the same applicant on the same issue.</summary>
    public IReadOnlyList<CaseId> RepeatOf { get; private init; } = [];

    /// <summary>The indexes of <see cref="RepeatOf"/>.</summary>
    public IReadOnlyList<string> RepeatOfIndexes { get; private init; } = [];

    /// <summary>The registration-control card's fields; <see cref="AppealCard.Empty"/> for records written before them.</summary>
    public AppealCard Card { get; private init; } = AppealCard.Empty;

    /// <summary>The head's resolution given with the latest assignment that wrote one.</summary>
    public string? Resolution { get; private init; }

    /// <summary>Whether it repeats an earlier appeal.</summary>
    public bool IsRepeated => RepeatOf.Count > 0;

    /// <summary>The final answer, if given (the latest, when supplemented).</summary>
    public AppealAnswer? Answer { get; private init; }

    /// <summary>The number of interim answers.</summary>
    public int InterimAnswers { get; private init; }

    /// <summary>The letters sent to the applicant, with their outgoing numbers, in the order sent.</summary>
    public IReadOnlyList<OutgoingLetter> Letters { get; private init; } = [];

    /// <summary>Where it was forwarded.</summary>
    public string? ForwardedTo { get; private init; }

    /// <summary>Why it was not considered.</summary>
    public NotConsideredGround? NotConsideredGround { get; private init; }

    /// <summary>The timers already fired (reminders, missed deadlines), by kind.</summary>
    public IReadOnlyList<string> FiredTimers { get; private init; } = [];

    /// <summary>How many deadlines were missed.</summary>
    public int MissedDeadlines { get; private init; }

    /// <summary>When it last changed.</summary>
    public Instant UpdatedAt { get; private set; }

    /// <inheritdoc />
    public Instant LastActAt => UpdatedAt;

    /// <inheritdoc />
    public Instant? LastRecordedAt { get; private set; }

    /// <summary>Whether an answer is awaited, so the deadline runs.</summary>
    public bool IsAwaitingAnswer => State is AppealState.Registered or AppealState.UnderConsideration;

    /// <summary>Whether the appeal still needs work.</summary>
    public bool IsOpen => IsAwaitingAnswer || State is AppealState.LateComplaint or AppealState.RestorationRequested or AppealState.Answered;

    /// <summary>Queue priority: persons with statutory benefits first.</summary>
    public int Priority => Benefits ? 1 : 0;

    /// <summary>Whether the appeal is overdue at <paramref name="at"/>: awaiting an answer after its deadline lapsed.</summary>
    public bool IsOverdueAt(Instant at) => IsAwaitingAnswer && at >= Deadline.LapsesAt;

    /// <summary>Whether the answer came (or, if none yet, whether it is still in time at <paramref name="at"/>).</summary>
    public bool IsOnTimeAt(Instant at) => Answer?.OnTime ?? !IsOverdueAt(at);

    /// <summary>The stamp for the applicant's copy.</summary>
    public AppealReceipt Receipt(string organisation) => new(organisation, ReceivedOn, Index) { Code = StatusCode.For(Id) };

    /// <summary>A normalised key of the first applicant, for finding their earlier appeals (computed once, at registration).</summary>
    public string PartyKey => Keys.Count > 0 ? Keys[0] : "";

    /// <inheritdoc />
    /// <remarks>The applicant's key; one list, made at registration and shared by every later version.</remarks>
    public IReadOnlyList<string> Keys { get; private init; } = [];

    /// <inheritdoc />
    public CaseRow ToRow() => new(
        Id, Kind, Council, StateName, Version, IsOpen, Index, IsAwaitingAnswer ? Deadline.LapsesAt : null, Executor, Priority, Keys,
        RegisteredAt, UpdatedAt);

    /// <inheritdoc />
    /// <remarks>
    /// Folded (<see cref="SearchText.Fold"/>): each applicant's name and address, the subject, the index, the executor and
    /// the card's codes, indexed; the dates of receipt and due and the number, kept for filtering and ranking.
    /// </remarks>
    public IReadOnlyList<SearchField> SearchFields => AppealSearchIndex.FieldsOf(this);

    /// <inheritdoc />
    /// <remarks>
    /// The figures the year, statutory and discipline reports count, after each act that changed them, dated by the act:
    /// reports read them as the appeal stood at a period's end without replaying its history. None (the reports replay it)
    /// when its acts are not in date order.
    /// </remarks>
    string? ICaseData.ReportFacts => Timeline.InOrder ? Timeline.Encode() : null;

    // The figures after each act (see ReportFacts), carried from version to version.
    internal AppealTimeline Timeline { get; private set; } = AppealTimeline.Empty;

    /// <summary>Rebuilds an appeal from its history.</summary>
    /// <exception cref="ArgumentException">The history does not start with registration.</exception>
    public static Appeal Replay(IReadOnlyList<CaseEvent> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        Appeal? appeal = null;
        foreach (var e in history)
        {
            appeal = Apply(appeal, e);
        }

        return appeal ?? throw new ArgumentException("An appeal's history cannot be empty.", nameof(history));
    }

    internal static string PartyKeyOf(Applicant applicant) => NameKey.Of(applicant.FullName);

    // The corrected card: the first applicant's name or address, or the subject; the index (its letter and number) stays.
    private static Appeal Corrected(Appeal appeal, RegistrationCorrected corrected)
    {
        var first = appeal.Applicants[0];
        var name = first.FullName;
        var address = first.Address;
        var subject = appeal.Subject;
        foreach (var change in corrected.Changes)
        {
            switch (change.Field)
            {
                case "applicant":
                    name = change.New ?? name;
                    break;
                case "address":
                    address = change.New;
                    break;
                case "subject":
                    subject = change.New ?? subject;
                    break;
            }
        }

        var applicant = new Applicant(name, address, first.Email);
        return appeal with { Applicants = [applicant, .. appeal.Applicants.Skip(1)], Keys = [PartyKeyOf(applicant)], Subject = subject };
    }

    /// <summary>The appeal after <paramref name="e"/>.</summary>
    internal static Appeal Apply(Appeal? appeal, CaseEvent e)
    {
        Appeal? registered = null;
        if (e.Data is AppealRegistered r)
        {
            if (appeal is not null)
            {
                throw new ArgumentException("An appeal is registered once.", nameof(e));
            }

            appeal = new Appeal
            {
                Council = r.Council,
                Index = r.Index,
                Year = r.Year,
                Number = r.Number,
                AppealKind = r.Kind,
                Channel = r.Channel,
                Applicants = r.Applicants,
                Keys = [PartyKeyOf(r.Applicants[0])],
                Signatories = r.Signatories,
                Subject = r.Subject,
                ReceivedOn = r.ReceivedOn,
                RegisteredAt = e.At,
                HasSignature = r.HasSignature,
                HasDate = r.HasDate,
                Benefits = r.Benefits,
                PersonalHead = r.PersonalHead,
                Deputy = r.Deputy,
                ComplainedAbout = r.ComplainedAbout,
                DecidedOn = r.DecidedOn,
                LearnedOn = r.LearnedOn,
                Deadline = r.Deadline,
                MaxDueOn = r.MaxDueOn,
                RepeatOf = r.RepeatOf,
                RepeatOfIndexes = r.RepeatOfIndexes,
                Card = r.Card ?? AppealCard.Empty,
            };
            registered = appeal;
        }
        else if (appeal is null)
        {
            throw new ArgumentException($"An appeal's history must start with registration, not '{e.Type}'.", nameof(e));
        }

        var state = KebabCase.TryParse<AppealState>(e.State, out var s) ? s : throw new ArgumentException($"Unknown appeal state '{e.State}'.", nameof(e));
        appeal = e.Data switch
        {
            ExecutorAssigned a => appeal with
            {
                Executor = a.Executor,
                ControlledBy = appeal.ControlledBy ?? a.ControlledBy,
                Deadline = a.NewDeadline ?? appeal.Deadline,
                Resolution = a.Resolution ?? appeal.Resolution,
            },
            AppealForwarded f => appeal with { ForwardedTo = f.To },
            AppealNotConsidered n => appeal with { NotConsideredGround = n.Ground },
            ComplaintMarkedLate l => appeal with { DecidedOn = l.DecidedOn, LearnedOn = l.LearnedOn },
            TermExtended x => appeal with { Deadline = x.Deadline, Extended = true },
            TermShortened x => appeal with { Deadline = x.Deadline, Shortened = true },
            InterimAnswerGiven => appeal with { InterimAnswers = appeal.InterimAnswers + 1 },
            AppealAnswered a => appeal with { Answer = a.Answer },
            ReminderSent m => appeal with { FiredTimers = [.. appeal.FiredTimers, m.Timer] },
            DeadlineMissed m => appeal with { FiredTimers = [.. appeal.FiredTimers, m.Timer], MissedDeadlines = appeal.MissedDeadlines + 1 },
            RegistrationCorrected c => Corrected(appeal, c),
            _ => ReferenceEquals(appeal, registered) ? appeal : appeal with { },
        };

        if (e.Data is ILetterEvent { Letter: { } letter })
        {
            appeal = appeal with { Letters = [.. appeal.Letters, letter] };
        }

        // The appeal here is a fresh copy nobody else holds: stamped in place rather than copied a second time.
        var previousAt = registered is null ? appeal.UpdatedAt : (Instant?)null;
        appeal.Id = e.CaseId;
        appeal.State = state;
        appeal.Version = e.Version;
        appeal.UpdatedAt = e.At;
        appeal.LastRecordedAt = e.RecordedAt;
        appeal.Timeline = appeal.Timeline.After(e.At, AppealFigures.Of(appeal), previousAt);
        return appeal;
    }
}
