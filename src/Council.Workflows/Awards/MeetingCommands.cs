using Council.Workflows.Engine;

namespace Council.Workflows.Awards;

/// <summary>Schedules a commission meeting. Creates the case.</summary>
public sealed record ScheduleMeeting : Command, ICreatesCase
{
    /// <summary>The council; <see langword="null"/> for the installation's default council.</summary>
    public string? Council { get; init; }

    /// <summary>The date.</summary>
    public required LocalDate On { get; init; }

    /// <summary>The members, with one chair and one secretary.</summary>
    public required IReadOnlyList<CommissionMember> Members { get; init; }
}

/// <summary>Adds a registered petition to the agenda (through <see cref="AwardsCoordinator"/>, which also tells the petition).</summary>
public sealed record AddPetitionToAgenda : Command
{
    /// <summary>The petition.</summary>
    public required CaseId Petition { get; init; }
}

/// <summary>Opens the meeting with the members present.</summary>
public sealed record OpenMeeting : Command
{
    /// <summary>The members present.</summary>
    public required IReadOnlyList<string> Present { get; init; }
}

/// <summary>Records a member arriving or leaving.</summary>
public sealed record RecordAttendance : Command
{
    /// <summary>The member.</summary>
    public required string Member { get; init; }

    /// <summary>Whether present from now on.</summary>
    public required bool Present { get; init; }
}

/// <summary>Records a member's declaration of a conflict of interest for a nominee.</summary>
public sealed record DeclareConflictOfInterest : Command
{
    /// <summary>The member.</summary>
    public required string Member { get; init; }

    /// <summary>The petition.</summary>
    public required CaseId Petition { get; init; }

    /// <summary>The nominee.</summary>
    public required int NomineeNo { get; init; }

    /// <summary>Whether declared publicly (so the member may vote if recusals would break the quorum).</summary>
    public bool Publicly { get; init; }
}

/// <summary>Takes a vote on a nominee; the outcome is computed from the ballots.</summary>
public sealed record TakeVote : Command
{
    /// <summary>The petition.</summary>
    public required CaseId Petition { get; init; }

    /// <summary>The nominee.</summary>
    public required int NomineeNo { get; init; }

    /// <summary>What is put to the vote. The default value is <see cref="Motion.Recommend"/>.</summary>
    public Motion Motion { get; init; } = Motion.Recommend;

    /// <summary>For a recommendation, the award (the proposed one when <see langword="null"/>).</summary>
    public string? Award { get; init; }

    /// <summary>The ballots, one per voting member.</summary>
    public required IReadOnlyList<Ballot> Ballots { get; init; }

    /// <summary>The reason recorded if the recommendation fails (a rejection) or for a deferral.</summary>
    public string? Reason { get; init; }
}

/// <summary>Closes the meeting (through <see cref="AwardsCoordinator"/>, which reports the outcomes to the petitions).</summary>
public sealed record CloseMeeting : Command;

/// <summary>Cancels a scheduled meeting.</summary>
public sealed record CancelMeeting : Command
{
    /// <summary>Why.</summary>
    public required string Reason { get; init; }
}
