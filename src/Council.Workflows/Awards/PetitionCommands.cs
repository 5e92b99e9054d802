using Council.Workflows.Engine;

namespace Council.Workflows.Awards;

/// <summary>Submits an award petition with one or more nominees. Creates the case.</summary>
public sealed record SubmitPetition : Command, ICreatesCase
{
    /// <summary>The council; <see langword="null"/> for the installation's default council.</summary>
    public string? Council { get; init; }

    /// <summary>The petitioner.</summary>
    public required Petitioner Petitioner { get; init; }

    /// <summary>The nominees.</summary>
    public required IReadOnlyList<NomineeProposal> Nominees { get; init; }

    /// <summary>The date of submission; <see langword="null"/> for the local date of <see cref="Command.At"/>.</summary>
    public LocalDate? SubmittedOn { get; init; }

    /// <summary>The ceremony the petitioner intends the awards for, if any.</summary>
    public LocalDate? IntendedCeremonyOn { get; init; }
}

/// <summary>Registers a complete petition, checking each nominee's eligibility against the award history held.</summary>
public sealed record RegisterPetition : Command;

/// <summary>Returns a petition for correction.</summary>
public sealed record ReturnPetition : Command
{
    /// <summary>What to correct.</summary>
    public required string Reason { get; init; }
}

/// <summary>Submits a corrected petition again.</summary>
public sealed record ResubmitPetition : Command
{
    /// <summary>The corrected nominees.</summary>
    public required IReadOnlyList<NomineeProposal> Nominees { get; init; }
}

/// <summary>Records that the petition is on a meeting's agenda (issued by <see cref="AwardsCoordinator"/>).</summary>
public sealed record PlacePetitionOnAgenda : Command
{
    /// <summary>The meeting.</summary>
    public required CaseId Meeting { get; init; }
}

/// <summary>Records the commission's outcomes for the petition's nominees (issued by <see cref="AwardsCoordinator"/>).</summary>
public sealed record RecordPetitionReview : Command
{
    /// <summary>The meeting.</summary>
    public required CaseId Meeting { get; init; }

    /// <summary>The outcomes.</summary>
    public required IReadOnlyList<NomineeReview> Reviews { get; init; }
}

/// <summary>Records the granting body's decision for a nominee.</summary>
public sealed record RecordGrant : Command
{
    /// <summary>The nominee.</summary>
    public required int NomineeNo { get; init; }

    /// <summary>Whether the award was granted.</summary>
    public required bool Awarded { get; init; }

    /// <summary>The instrument.</summary>
    public required GrantingInstrument Instrument { get; init; }

    /// <summary>The instrument's number.</summary>
    public required string Number { get; init; }

    /// <summary>The instrument's date.</summary>
    public required LocalDate On { get; init; }
}

/// <summary>Records the presentation of an award.</summary>
public sealed record RecordPresentation : Command
{
    /// <summary>The nominee.</summary>
    public required int NomineeNo { get; init; }

    /// <summary>The date of the ceremony.</summary>
    public required LocalDate On { get; init; }
}

/// <summary>Cancels a presentation, with a reason.</summary>
public sealed record CancelAwardPresentation : Command
{
    /// <summary>The nominee.</summary>
    public required int NomineeNo { get; init; }

    /// <summary>Why.</summary>
    public required string Reason { get; init; }
}

/// <summary>Withdraws a petition before any award is granted.</summary>
public sealed record WithdrawPetition : Command
{
    /// <summary>The petitioner's statement.</summary>
    public required string Reason { get; init; }
}
