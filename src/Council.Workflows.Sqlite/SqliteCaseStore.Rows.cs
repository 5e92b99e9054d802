using Ardalis.GuardClauses;
using Council.Workflows.Engine;

namespace Council.Workflows.Sqlite;

public sealed partial class SqliteCaseStore
{
    // Dapper materialises these by property; SQLite reports column types per value, so constructors would not match.
    private sealed class TimerRow
    {
        public byte[] CaseId { get; set; } = [];

        public string Kind { get; set; } = "";

        public long DueAt { get; set; }

        public string State { get; set; } = "";

        public long Version { get; set; }

        public TimerEntry ToEntry() => new(new CaseId(FromBytes(CaseId)), TimerKind.Parse(Kind), Instant.FromUnixTimeTicks(DueAt), State, Version);
    }

    private sealed class EventDto
    {
        public long Version { get; set; }

        public long At { get; set; }

        public long? RecordedAt { get; set; }

        public string? ByAccount { get; set; }

        public string State { get; set; } = "";

        public string ByName { get; set; } = "";

        public string ByRole { get; set; } = "";

        public string? Reason { get; set; }

        public string? LegalBasis { get; set; }

        public byte[] CommandId { get; set; } = [];

        public string Data { get; set; } = "";
    }

    private sealed class OutboxDto
    {
        public byte[] Id { get; set; } = [];

        public byte[] CaseId { get; set; } = [];

        public string Kind { get; set; } = "";

        public string Recipient { get; set; } = "";

        public string Subject { get; set; } = "";

        public string Body { get; set; } = "";

        public long CreatedAt { get; set; }

        public long Attempts { get; set; }

        public string? LastError { get; set; }

        public long Failed { get; set; }

        public OutboxMessage ToMessage() => new(FromBytes(Id), new CaseId(FromBytes(CaseId)), Kind, Recipient, Subject, Body, Instant.FromUnixTimeTicks(CreatedAt));
    }

    private sealed class SearchDocDto
    {
        public byte[] Id { get; set; } = [];

        public string State { get; set; } = "";

        public string Fields { get; set; } = "";
    }

    private sealed class CaseRowDto
    {
        public byte[] Id { get; set; } = [];

        public string Kind { get; set; } = "";

        public string Council { get; set; } = "";

        public string State { get; set; } = "";

        public long Version { get; set; }

        public long IsOpen { get; set; }

        public string? Reference { get; set; }

        public long? DueAt { get; set; }

        public string? Assignee { get; set; }

        public long Priority { get; set; }

        public long CreatedAt { get; set; }

        public long UpdatedAt { get; set; }

        public string? Keys { get; set; }

        public CaseRow ToRow() => new(
            new CaseId(FromBytes(Id)), Kind, Council, State, Version, IsOpen != 0, Reference, DueAt is { } d ? Instant.FromUnixTimeTicks(d) : null, Assignee,
            (int)Priority, Keys is null ? [] : Keys.Split('\u001f'), Instant.FromUnixTimeTicks(CreatedAt), Instant.FromUnixTimeTicks(UpdatedAt));
    }
}
