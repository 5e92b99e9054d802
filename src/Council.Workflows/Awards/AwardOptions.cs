namespace Council.Workflows.Awards;

/// <summary>What a recommendation's majority is counted against.</summary>
public enum MajorityBase
{
    /// <summary>The members present and voting: ballots cast for, against or abstaining. The default.</summary>
    VotesCast,

    /// <summary>Ballots for and against only; abstentions do not count.</summary>
    ForAndAgainst,

    /// <summary>Every member present who may vote on the nominee.</summary>
    MembersPresent,

    /// <summary>Every member of the commission.</summary>
    AllMembers,
}

/// <summary>A council's choices for award petitions and the commission (legal-rules.md 3.3, 3.4).</summary>
public sealed class AwardOptions
{
    /// <summary>The award types. The default value is <see cref="DefaultAwards.Types"/>.</summary>
    public IList<AwardType> Types { get; set; } = [.. DefaultAwards.Types];

    /// <summary>The nominee categories. The default value is <see cref="DefaultAwards.Categories"/>.</summary>
    public IList<NomineeCategory> Categories { get; set; } = [.. DefaultAwards.Categories];

    /// <summary>The quorum as a share of the members that must be exceeded: more than half by default (0.5).</summary>
    public double QuorumShare { get; set; } = 0.5;

    /// <summary>What a recommendation's majority is counted against. The default value is <see cref="MajorityBase.VotesCast"/>.</summary>
    public MajorityBase Majority { get; set; } = MajorityBase.VotesCast;

    /// <summary>Whether the chair's vote decides a tie. The default value is <see langword="false"/>: a tie fails.</summary>
    public bool ChairCastingVote { get; set; }

    /// <summary>A petition is submitted at least this many days before the intended ceremony. The default value is 30.</summary>
    public int SubmissionLeadDays { get; set; } = 30;

    /// <summary>A registered petition is reviewed within this many days. The default value is 30.</summary>
    public int ReviewWithinDays { get; set; } = 30;

    /// <summary>An award is presented within this many days of the granting decision. The default value is 60.</summary>
    public int PresentationWithinDays { get; set; } = 60;

    /// <summary>A rejected nominee may be submitted again after this many months. The default value is 12.</summary>
    public int ResubmissionAfterMonths { get; set; } = 12;

    /// <summary>
    /// A date an act brings in — a petition's submission or intended ceremony, a meeting's day, a grant's or a presentation's
    /// date — lies within this many years before or after the act's own date (and from 1900 to 2999, the range of the deadline
    /// calculus); a date outside is refused as an argument error naming the field. The default value is 5.
    /// </summary>
    public int DateRangeYears { get; set; } = 5;

    /// <summary>Reminders before the review and presentation deadlines, in calendar days. The default value is 7 and 1.</summary>
    public IList<int> ReminderDaysBefore { get; set; } = [7, 1];

    /// <summary>Who registers, returns and records decisions on petitions. The default value is secretary, clerk and head.</summary>
    public IList<Engine.OfficialRole> StaffRoles { get; set; } = [Engine.OfficialRole.Secretary, Engine.OfficialRole.Clerk, Engine.OfficialRole.Head];

    /// <summary>The local time of day reminders are due. The default value is 09:00.</summary>
    public LocalTime ReminderTimeOfDay { get; set; } = new(9, 0);

    /// <summary>Who petition escalations go to. The default value is "secretary".</summary>
    public string EscalationRecipient { get; set; } = "secretary";

    /// <summary>The award type of <paramref name="id"/>, or <see langword="null"/>.</summary>
    public AwardType? Type(string? id) => id is null ? null : Types.FirstOrDefault(t => string.Equals(t.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The category of <paramref name="id"/>, or <see langword="null"/>.</summary>
    public NomineeCategory? Category(string? id) => id is null ? null : Categories.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The members needed for a quorum out of <paramref name="members"/>.</summary>
    public int QuorumOf(int members) => (int)Math.Floor(members * QuorumShare) + 1;

    internal void Validate(List<string> failures)
    {
        if (Types is null || Types.Count == 0 || Types.Select(t => t.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count() != Types.Count)
        {
            failures.Add($"Awards.Types: {Texts.Get("Setting.AwardTypes")}");
        }

        if (Categories is null || Categories.Count == 0 || Categories.Select(c => c.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count() != Categories.Count)
        {
            failures.Add($"Awards.Categories: {Texts.Get("Setting.Categories")}");
        }

        if (Types?.FirstOrDefault(t => t.OncePerPerson && t.RepeatAllowed) is { } both)
        {
            failures.Add($"Awards.Types: {Texts.Format("Setting.OnceAndRepeat", both.Id)}");
        }

        if (Types?.FirstOrDefault(t => t.AnnualCap is < 0) is { } capped)
        {
            failures.Add($"Awards.Types: {Texts.Format("Setting.AnnualCap", capped.Id, capped.AnnualCap)}");
        }

        if (QuorumShare is < 0 or >= 1 || double.IsNaN(QuorumShare))
        {
            failures.Add($"Awards.QuorumShare: {Texts.Get("Setting.QuorumShare")}");
        }

        if (SubmissionLeadDays < 0)
        {
            failures.Add($"Awards.SubmissionLeadDays: {Texts.Format("Setting.NotNegative", SubmissionLeadDays)}");
        }

        if (ReviewWithinDays < 1)
        {
            failures.Add($"Awards.ReviewWithinDays: {Texts.Format("Setting.ReviewDays", ReviewWithinDays)}");
        }

        if (PresentationWithinDays < 1)
        {
            failures.Add($"Awards.PresentationWithinDays: {Texts.Format("Setting.PresentationDays", PresentationWithinDays)}");
        }

        if (ResubmissionAfterMonths < 0)
        {
            failures.Add($"Awards.ResubmissionAfterMonths: {Texts.Format("Setting.NotNegative", ResubmissionAfterMonths)}");
        }

        if (DateRangeYears is < 1 or > 1000)
        {
            failures.Add($"Awards.DateRangeYears: {Texts.Format("Setting.Range", 1, 1000)}");
        }

        if (ReminderDaysBefore is null || ReminderDaysBefore.Any(d => d < 1))
        {
            failures.Add($"Awards.ReminderDaysBefore: {Texts.Get("Setting.ReminderDaysAwards")}");
        }
    }
}
