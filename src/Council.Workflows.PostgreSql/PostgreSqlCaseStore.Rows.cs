using Council.Workflows.Engine;

namespace Council.Workflows.PostgreSql;

public sealed partial class PostgreSqlCaseStore
{
    // Dapper materialises these by property.
    private sealed class CaseRowDto
    {
        public Guid Id { get; set; }

        public string Kind { get; set; } = "";

        public string State { get; set; } = "";

        public long Version { get; set; }

        public bool IsOpen { get; set; }

        public string? Reference { get; set; }

        public long? DueAt { get; set; }

        public string? Assignee { get; set; }

        public int Priority { get; set; }

        public string[] Keys { get; set; } = [];

        public long CreatedAt { get; set; }

        public long UpdatedAt { get; set; }

        public CaseRow ToRow(string council) => new(
            new CaseId(Id), Kind, council, State, Version, IsOpen, Reference, DueAt is { } d ? Instant.FromUnixTimeTicks(d) : null, Assignee,
            Priority, Keys, Instant.FromUnixTimeTicks(CreatedAt), Instant.FromUnixTimeTicks(UpdatedAt));
    }

    private sealed class FactsDto
    {
        public Guid Id { get; set; }

        public string State { get; set; } = "";

        public long CreatedAt { get; set; }

        public string? Facts { get; set; }
    }

    private sealed class TimerRow
    {
        public Guid CaseId { get; set; }

        public string Kind { get; set; } = "";

        public long DueAt { get; set; }

        public string State { get; set; } = "";

        public long Version { get; set; }

        public TimerEntry ToEntry() => new(new CaseId(CaseId), TimerKind.Parse(Kind), Instant.FromUnixTimeTicks(DueAt), State, Version);
    }

    private sealed class OutboxDto
    {
        public Guid Id { get; set; }

        public Guid CaseId { get; set; }

        public string Kind { get; set; } = "";

        public string Recipient { get; set; } = "";

        public string Subject { get; set; } = "";

        public string Body { get; set; } = "";

        public long CreatedAt { get; set; }

        public int Attempts { get; set; }

        public string? LastError { get; set; }

        public bool Failed { get; set; }

        public OutboxMessage ToMessage() => new(Id, new CaseId(CaseId), Kind, Recipient, Subject, Body, Instant.FromUnixTimeTicks(CreatedAt));
    }

    private sealed class SearchDocDto
    {
        public Guid Id { get; set; }

        public string State { get; set; } = "";

        public string Fields { get; set; } = "";
    }
}
