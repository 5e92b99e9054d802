using Council.Workflows.Engine;

namespace Council.Workflows.Awards;

/// <summary>A meeting was scheduled.</summary>
[StoredName("MeetingScheduled")]
public sealed record MeetingScheduled(string Council, string Number, LocalDate On, IReadOnlyList<CommissionMember> Members) : EventData
{
    /// <inheritdoc />
    public override string Type => "scheduled";
}

/// <summary>A petition was added to the agenda.</summary>
[StoredName("AddedToAgenda")]
public sealed record AddedToAgenda(AgendaItem Item) : EventData
{
    /// <inheritdoc />
    public override string Type => "added-to-agenda";
}

/// <summary>The meeting was opened with the members present.</summary>
[StoredName("MeetingOpened")]
public sealed record MeetingOpened(IReadOnlyList<string> Present, int Quorum) : EventData
{
    /// <summary>The day of the sitting in the council's zone (none in records written before it was kept: the scheduled day).</summary>
    public LocalDate? OpenedOn { get; init; }

    /// <inheritdoc />
    public override string Type => "opened";
}

/// <summary>A member arrived or left.</summary>
[StoredName("AttendanceChanged")]
public sealed record AttendanceChanged(string Member, bool Present) : EventData
{
    /// <inheritdoc />
    public override string Type => "attendance";
}

/// <summary>A member declared a conflict of interest.</summary>
[StoredName("ConflictDeclared")]
public sealed record ConflictDeclared(ConflictDeclaration Declaration) : EventData
{
    /// <inheritdoc />
    public override string Type => "conflict-declared";
}

/// <summary>A vote was taken.</summary>
[StoredName("VoteTaken")]
public sealed record VoteTaken(VoteRecord Vote) : EventData
{
    /// <inheritdoc />
    public override string Type => "vote";
}

/// <summary>The meeting was closed; nominees not decided were deferred.</summary>
[StoredName("MeetingClosed")]
public sealed record MeetingClosed(IReadOnlyList<NomineeRef> Deferred) : EventData
{
    /// <inheritdoc />
    public override string Type => "closed";
}

/// <summary>The meeting was cancelled.</summary>
[StoredName("MeetingCancelled")]
public sealed record MeetingCancelled(string Reason) : EventData
{
    /// <inheritdoc />
    public override string Type => "cancelled";
}

/// <summary>A nominee of a petition.</summary>
/// <param name="Petition">The petition.</param>
/// <param name="NomineeNo">The nominee.</param>
public sealed record NomineeRef(CaseId Petition, int NomineeNo);
