namespace Council.Workflows.Reporting;

/// <summary>The numbers of one year, as the council secretary's annual report uses them.</summary>
/// <param name="Year">The year.</param>
/// <param name="Council">The council, or <see langword="null"/> for every council in the store.</param>
/// <param name="Appeals">Citizens' appeals.</param>
/// <param name="Awards">Award petitions and the commission.</param>
public sealed record YearReport(int Year, string? Council, AppealsYear Appeals, AwardsYear Awards)
{
    /// <summary>Whether the numbers come from a simulation database (the demo, a rehearsal), not a council's working record.</summary>
    public bool Simulated { get; init; }
}

/// <summary>Appeals received in the year, as they stood at the end of it.</summary>
public sealed record AppealsYear
{
    /// <summary>Appeals received in the year.</summary>
    public required int Received { get; init; }

    /// <summary>By kind (kebab-case), in the order of <see cref="Appeals.AppealKind"/>.</summary>
    public required IReadOnlyList<Count> ByKind { get; init; }

    /// <summary>By channel (kebab-case).</summary>
    public required IReadOnlyList<Count> ByChannel { get; init; }

    /// <summary>By month of receipt, January first (12 entries).</summary>
    public required IReadOnlyList<int> ByMonth { get; init; }

    /// <summary>Collective appeals.</summary>
    public required int Collective { get; init; }

    /// <summary>Repeated appeals.</summary>
    public required int Repeated { get; init; }

    /// <summary>Forwarded to the competent body.</summary>
    public required int Forwarded { get; init; }

    /// <summary>Returned to the applicant.</summary>
    public required int Returned { get; init; }

    /// <summary>Not considered.</summary>
    public required int NotConsidered { get; init; }

    /// <summary>Withdrawn.</summary>
    public required int Withdrawn { get; init; }

    /// <summary>Registrations of the year annulled as mistakes (a letter registered twice): not counted in any other figure.</summary>
    public int Annulled { get; init; }

    /// <summary>Answered by the due date.</summary>
    public required int AnsweredOnTime { get; init; }

    /// <summary>Answered after the due date.</summary>
    public required int AnsweredLate { get; init; }

    /// <summary>Still awaiting an answer at the end of the year.</summary>
    public required int StillOpen { get; init; }

    /// <summary>Of those, overdue at the end of the year.</summary>
    public required int OverdueAtYearEnd { get; init; }

    /// <summary>Appeals whose term was extended.</summary>
    public required int Extended { get; init; }

    /// <summary>The median number of calendar days from receipt to the final answer, or <see langword="null"/> if none was answered.</summary>
    public required double? MedianDaysToAnswer { get; init; }

    /// <summary>The 90th percentile of days from receipt to the final answer (nearest rank).</summary>
    public required int? P90DaysToAnswer { get; init; }

    /// <summary>
    /// How many appeals were answered after how many calendar days, fewest days first: what the median and the percentile
    /// are read from, and what lets reports be summed (<see cref="InstallationYearReport.Sum"/>). The default value is empty.
    /// </summary>
    public IReadOnlyList<DayCount> DaysToAnswer { get; init; } = [];

    /// <summary>By executor: assigned, answered on time and late, still open.</summary>
    public required IReadOnlyList<ExecutorLine> ByExecutor { get; init; }

    /// <summary>The share of answered appeals answered on time (0–1), or <see langword="null"/> if none was answered.</summary>
    public double? OnTimeShare => AnsweredOnTime + AnsweredLate == 0 ? null : (double)AnsweredOnTime / (AnsweredOnTime + AnsweredLate);
}

/// <summary>One executor's year.</summary>
/// <param name="Executor">The executor.</param>
/// <param name="Assigned">Appeals assigned (last assignment).</param>
/// <param name="OnTime">Answered on time.</param>
/// <param name="Late">Answered late.</param>
/// <param name="Open">Still awaiting an answer at the end of the year.</param>
public sealed record ExecutorLine(string Executor, int Assigned, int OnTime, int Late, int Open);

/// <summary>How many appeals took a number of days.</summary>
/// <param name="Days">Calendar days from receipt to the final answer.</param>
/// <param name="Appeals">How many appeals took them.</param>
public sealed record DayCount(int Days, int Appeals);

/// <summary>A named count.</summary>
/// <param name="Key">The key (kebab-case id).</param>
/// <param name="Value">The count.</param>
public sealed record Count(string Key, int Value);

/// <summary>The awards commission's year.</summary>
public sealed record AwardsYear
{
    /// <summary>Meetings held (closed) in the year.</summary>
    public required int Meetings { get; init; }

    /// <summary>Petitions on the agenda of a meeting held in the year.</summary>
    public required int PetitionsConsidered { get; init; }

    /// <summary>The nominees of those petitions.</summary>
    public required int Nominees { get; init; }

    /// <summary>Nominees awarded by a granting decision dated in the year.</summary>
    public required int Awarded { get; init; }

    /// <summary>Nominees the commission rejected at a meeting held in the year.</summary>
    public required int Rejected { get; init; }

    /// <summary>Nominees deferred and still awaiting the commission at the end of the year.</summary>
    public required int Deferred { get; init; }

    /// <summary>Nominees the granting body did not award (decisions dated in the year).</summary>
    public required int NotAwarded { get; init; }

    /// <summary>Awarded by category, most first, with <see cref="CategoryLine.DefenceAndRescue"/>.</summary>
    public required IReadOnlyList<CategoryLine> ByCategory { get; init; }

    /// <summary>Awarded by award type, most first.</summary>
    public required IReadOnlyList<AwardTypeLine> ByAwardType { get; init; }

    /// <summary>The share of the awarded in the defence-and-rescue categories (0–1), or <see langword="null"/> if none was awarded.</summary>
    public double? DefenceAndRescueShare => Awarded == 0 ? null : (double)ByCategory.Where(c => c.DefenceAndRescue).Sum(c => c.Awarded) / Awarded;
}

/// <summary>Awarded nominees of one award type.</summary>
/// <param name="Award">The award type id.</param>
/// <param name="NameUk">Its Ukrainian name.</param>
/// <param name="NameEn">Its English name.</param>
/// <param name="Awarded">How many were awarded.</param>
public sealed record AwardTypeLine(string Award, string NameUk, string NameEn, int Awarded);

/// <summary>Awarded nominees of one category.</summary>
/// <param name="Category">The category id.</param>
/// <param name="NameUk">The category's Ukrainian name.</param>
/// <param name="NameEn">The category's English name.</param>
/// <param name="DefenceAndRescue">Whether it is in the defence-and-rescue group.</param>
/// <param name="Awarded">How many were awarded.</param>
public sealed record CategoryLine(string Category, string NameUk, string NameEn, bool DefenceAndRescue, int Awarded);
