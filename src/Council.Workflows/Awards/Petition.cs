using System.Globalization;
using Council.Workflows.Engine;

namespace Council.Workflows.Awards;

/// <summary>An award petition as it stands, derived from its history by <see cref="Replay"/>.</summary>
public sealed record Petition : ICaseData
{
    /// <summary>The kind of case.</summary>
    public const string CaseKind = "petition";

    private Petition()
    {
    }

    /// <inheritdoc />
    public CaseId Id { get; private init; }

    /// <inheritdoc />
    public string Kind => CaseKind;

    /// <inheritdoc />
    public string Council { get; private init; } = "";

    /// <inheritdoc />
    public long Version { get; private init; }

    /// <summary>The state.</summary>
    public PetitionState State { get; private init; }

    /// <inheritdoc />
    public string StateName => KebabCase.Of(State);

    /// <summary>The registration number, such as <c>12/2023</c>.</summary>
    public string Number { get; private init; } = "";

    /// <summary>The year of submission.</summary>
    public int Year { get; private init; }

    /// <summary>The petitioner.</summary>
    public Petitioner Petitioner { get; private init; } = null!;

    /// <summary>The nominees.</summary>
    public IReadOnlyList<Nominee> Nominees { get; private init; } = [];

    /// <summary>The date of submission.</summary>
    public LocalDate SubmittedOn { get; private init; }

    /// <summary>When it was submitted.</summary>
    public Instant SubmittedAt { get; private init; }

    /// <summary>The intended ceremony.</summary>
    public LocalDate? IntendedCeremonyOn { get; private init; }

    /// <summary>The date of registration.</summary>
    public LocalDate? RegisteredOn { get; private init; }

    /// <summary>The review is due by this date.</summary>
    public LocalDate? ReviewDueOn { get; private init; }

    /// <summary>When the review term lapses.</summary>
    public Instant? ReviewLapsesAt { get; private init; }

    /// <summary>The meeting whose agenda the petition is on (the latest).</summary>
    public CaseId? Meeting { get; private init; }

    /// <summary>Why it was returned, if it was.</summary>
    public string? ReturnReason { get; private init; }

    /// <summary>The timers already fired, by kind.</summary>
    public IReadOnlyList<string> FiredTimers { get; private init; } = [];

    /// <summary>When it last changed.</summary>
    public Instant UpdatedAt { get; private init; }

    /// <inheritdoc />
    public Instant LastActAt => UpdatedAt;

    /// <inheritdoc />
    public Instant? LastRecordedAt { get; private init; }

    /// <summary>Whether the petition still needs work.</summary>
    public bool IsOpen => State is not (PetitionState.Closed or PetitionState.Withdrawn);

    /// <summary>The nominee with number <paramref name="no"/>, or <see langword="null"/>.</summary>
    public Nominee? NomineeNo(int no) => no >= 1 && no <= Nominees.Count ? Nominees[no - 1] : null;

    /// <summary>The next deadline: the review while in review, else the earliest presentation.</summary>
    public Instant? NextDeadline =>
        State == PetitionState.InReview ? ReviewLapsesAt : Nominees.Where(n => n.Status == NomineeStatus.Awarded && n.PresentationLapsesAt is not null).Min(n => n.PresentationLapsesAt);

    /// <summary>The state a petition's nominees put it in once registered.</summary>
    public static PetitionState StateOf(IReadOnlyList<Nominee> nominees)
    {
        ArgumentNullException.ThrowIfNull(nominees);
        return nominees.Any(n => n.AwaitsCommission) ? PetitionState.InReview
            : nominees.Any(n => n.Status == NomineeStatus.Recommended) ? PetitionState.Reviewed
            : nominees.Any(n => n.Status == NomineeStatus.Awarded) ? PetitionState.Decided
            : PetitionState.Closed;
    }

    /// <inheritdoc />
    public CaseRow ToRow()
    {
        var granted = Nominees.Where(n => n.Grant is { Awarded: true }).ToList();
        var keys = Nominees.Select(n => n.Key)
            .Concat(granted.Select(n => AwardKey(n.Grant!.Award, n.Grant.On.Year)))
            .Concat(granted.SelectMany(n => new[]
            {
                GrantedPrefix(Council, n.Grant!.Award, n.Grant.On.Year) + n.No.ToString(CultureInfo.InvariantCulture),
                HeldPrefix(n.Grant.Award, n.Key),
                HeldOnPrefix(n.Grant.Award, n.Key, n.Grant.On),
            }))
            .Distinct()
            .ToList();
        return new CaseRow(Id, Kind, Council, StateName, Version, IsOpen, Number, NextDeadline, null, 0, keys, SubmittedAt, UpdatedAt);
    }

    /// <summary>The row key of an award type granted in a year, for annual caps.</summary>
    public static string AwardKey(string awardType, int year) => $"award:{awardType}:{year.ToString(CultureInfo.InvariantCulture)}";

    // The keys the commit's limits count (KeyLimit): a granted nominee holds one under its award's year (the annual cap),
    // one under the award and the person (once), and one under the award, the person and the day (once a day).
    internal static string GrantedPrefix(string council, string award, int year) =>
        $"granted/{Part(council)}/{Part(award)}/{year.ToString(CultureInfo.InvariantCulture)}/";

    internal static string HeldPrefix(string award, string personKey) => $"held/{Part(award)}/{personKey}/";

    internal static string HeldOnPrefix(string award, string personKey, LocalDate on) =>
        $"held-on/{Part(award)}/{personKey}/{on.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture)}/";

    // A council's or an award's id as one part of a key: lower-case, its slashes escaped.
    private static string Part(string id) => Uri.EscapeDataString(id.Trim().ToLowerInvariant());

    /// <summary>Rebuilds a petition from its history.</summary>
    public static Petition Replay(IReadOnlyList<CaseEvent> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        Petition? petition = null;
        foreach (var e in history)
        {
            petition = Apply(petition, e);
        }

        return petition ?? throw new ArgumentException("A petition's history cannot be empty.", nameof(history));
    }

    internal static Petition Apply(Petition? petition, CaseEvent e)
    {
        if (e.Data is PetitionSubmitted s)
        {
            petition = new Petition
            {
                Council = s.Council,
                Number = s.Number,
                Year = s.Year,
                Petitioner = s.Petitioner,
                Nominees = s.Nominees,
                SubmittedOn = s.SubmittedOn,
                SubmittedAt = e.At,
                IntendedCeremonyOn = s.IntendedCeremonyOn,
            };
        }
        else if (petition is null)
        {
            throw new ArgumentException($"A petition's history must start with its submission, not '{e.Type}'.", nameof(e));
        }

        var state = KebabCase.TryParse<PetitionState>(e.State, out var st) ? st : throw new ArgumentException($"Unknown petition state '{e.State}'.", nameof(e));
        petition = e.Data switch
        {
            PetitionRegistered r => petition with
            {
                RegisteredOn = r.RegisteredOn,
                ReviewDueOn = r.ReviewDueOn,
                ReviewLapsesAt = r.ReviewLapsesAt,
                Nominees = [.. petition.Nominees.Select(n => n with { Warnings = r.Warnings.FirstOrDefault(w => w.NomineeNo == n.No)?.Warnings ?? [] })],
            },
            PetitionReturned r => petition with { ReturnReason = r.Reason },
            PetitionResubmitted r => petition with { Nominees = r.Nominees, ReturnReason = null },
            PetitionPlacedOnAgenda a => petition with { Meeting = a.Meeting },
            PetitionReviewed r => petition with { Nominees = Reviewed(petition.Nominees, r) },
            AwardDecided d => petition with
            {
                Nominees = Replace(petition.Nominees, d.NomineeNo, n => n with
                {
                    Status = d.Decision.Awarded ? NomineeStatus.Awarded : NomineeStatus.NotAwarded,
                    Grant = d.Decision,
                    PresentationDueOn = d.PresentationDueOn,
                    PresentationLapsesAt = d.PresentationLapsesAt,
                }),
            },
            AwardPresented p => petition with { Nominees = Replace(petition.Nominees, p.NomineeNo, n => n with { Status = NomineeStatus.Presented, PresentedOn = p.On }) },
            PresentationCancelled c => petition with { Nominees = Replace(petition.Nominees, c.NomineeNo, n => n with { Status = NomineeStatus.PresentationCancelled, Reason = c.Reason }) },
            PetitionReminderSent m => petition with { FiredTimers = [.. petition.FiredTimers, m.Timer] },
            PetitionDeadlineMissed m => petition with { FiredTimers = [.. petition.FiredTimers, m.Timer] },
            _ => petition,
        };

        var previousAt = e.Data is PetitionSubmitted ? (Instant?)null : petition.UpdatedAt;
        var next = petition with { Id = e.CaseId, State = state, Version = e.Version, UpdatedAt = e.At, LastRecordedAt = e.RecordedAt };
        return next with { Timeline = next.Timeline.After(e.At, PetitionFigures.Of(next), previousAt) };
    }

    // The figures the year report counts after each act (see ReportFacts), carried from version to version.
    internal DatedTimeline<PetitionFigures> Timeline { get; private init; } = DatedTimeline<PetitionFigures>.Empty;

    /// <inheritdoc />
    /// <remarks>The nominees' categories, statuses, reviews and grants after each act that changed them, dated by the act.</remarks>
    string? ICaseData.ReportFacts => Timeline.InOrder ? Timeline.Encode() : null;

    internal static IReadOnlyList<Nominee> Reviewed(IReadOnlyList<Nominee> nominees, PetitionReviewed review) =>
        [.. nominees.Select(n => review.Reviews.FirstOrDefault(r => r.NomineeNo == n.No) is { } r
            ? n with
            {
                Status = r.Outcome switch
                {
                    ReviewOutcome.Recommended or ReviewOutcome.RecommendedOther => NomineeStatus.Recommended,
                    ReviewOutcome.Rejected => NomineeStatus.Rejected,
                    _ => NomineeStatus.Deferred,
                },
                RecommendedAward = r.Outcome is ReviewOutcome.Recommended or ReviewOutcome.RecommendedOther ? r.Award ?? n.ProposedAward : null,
                Reason = r.Reason,
                Meeting = review.Meeting,
                ReviewedOn = review.On,
            }
            : n)];

    internal static IReadOnlyList<Nominee> Replace(IReadOnlyList<Nominee> nominees, int no, Func<Nominee, Nominee> change) =>
        [.. nominees.Select(n => n.No == no ? change(n) : n)];
}
