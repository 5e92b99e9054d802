using Council.Workflows.Engine;

namespace Council.Workflows.Awards;

/// <summary>A meeting was scheduled.</summary>
public sealed record MeetingScheduled(string Council, string Number, LocalDate On, IReadOnlyList<CommissionMember> Members) : EventData
{
    /// <inheritdoc />
    public override string Type => "scheduled";
}

/// <summary>A petition was added to the agenda.</summary>
public sealed record AddedToAgenda(AgendaItem Item) : EventData
{
    /// <inheritdoc />
    public override string Type => "added-to-agenda";
}

/// <summary>The meeting was opened with the members present.</summary>
public sealed record MeetingOpened(IReadOnlyList<string> Present, int Quorum) : EventData
{
    /// <inheritdoc />
    public override string Type => "opened";
}

/// <summary>A member arrived or left.</summary>
public sealed record AttendanceChanged(string Member, bool Present) : EventData
{
    /// <inheritdoc />
    public override string Type => "attendance";
}

/// <summary>A member declared a conflict of interest.</summary>
public sealed record ConflictDeclared(ConflictDeclaration Declaration) : EventData
{
    /// <inheritdoc />
    public override string Type => "conflict-declared";
}

/// <summary>A vote was taken.</summary>
public sealed record VoteTaken(VoteRecord Vote) : EventData
{
    /// <inheritdoc />
    public override string Type => "vote";
}

/// <summary>The meeting was closed; nominees not decided were deferred.</summary>
public sealed record MeetingClosed(IReadOnlyList<NomineeRef> Deferred) : EventData
{
    /// <inheritdoc />
    public override string Type => "closed";
}

/// <summary>The meeting was cancelled.</summary>
public sealed record MeetingCancelled(string Reason) : EventData
{
    /// <inheritdoc />
    public override string Type => "cancelled";
}

/// <summary>A nominee of a petition.</summary>
/// <param name="Petition">The petition.</param>
/// <param name="NomineeNo">The nominee.</param>
public sealed record NomineeRef(CaseId Petition, int NomineeNo);
