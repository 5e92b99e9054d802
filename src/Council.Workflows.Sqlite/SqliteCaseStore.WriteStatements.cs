using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Council.Workflows.Engine;
using Council.Workflows.Stores;
using Microsoft.Data.Sqlite;

namespace Council.Workflows.Sqlite;

public sealed partial class SqliteCaseStore
{
    // Prepared statements of the writer, reused across batches.
    private sealed class WriteStatements(SqliteConnection connection) : IDisposable
    {
        private static readonly ConcurrentDictionary<int, (string Sql, string[] Names)> TimerInserts = new();
        private static readonly ConcurrentDictionary<int, (string Sql, string[] Kinds)> TimerDeletes = new();

        private readonly Dictionary<string, SqliteCommand> _commands = [];

        public JsonSerializerOptions? Json { get; set; }

        public void Enlist(SqliteTransaction transaction)
        {
            foreach (var command in _commands.Values)
            {
                command.Transaction = transaction;
            }

            Transaction = transaction;
        }

        public SqliteTransaction? Transaction { get; private set; }

        public SqliteConnection Connection => connection;

        // In one statement: the result already recorded for the command id, and the case's stored version (0 if none).
        public (string? Existing, long Version) Check(byte[] commandId, byte[] id) => ((string? Existing, long Version))Run(
            "SELECT (SELECT result FROM commands WHERE id = $command), (SELECT version FROM cases WHERE id = $id)",
            c =>
            {
                using var row = c.ExecuteReader();
                row.Read();
                return (row.IsDBNull(0) ? null : row.GetString(0), row.IsDBNull(1) ? 0L : row.GetInt64(1));
            },
            ("$command", commandId),
            ("$id", id))!;

        public CommandResult Deserialize(string json) => JsonSerializer.Deserialize<CommandResult>(json, Json!)!;

        public (string Result, string[] Events) Serialize(CaseCommit commit) => ToJson(commit, Json!);


        // A new case, or one whose stored row is not known: every column, and the keys.
        public void UpsertCase(byte[] id, CaseRow row, bool newCase, IReadOnlyList<SearchField>? search)
        {
            Run(
                "INSERT INTO cases (id, kind, council, state, version, is_open, reference, reference_key, due_at, assignee, assignee_key, priority, created_at, updated_at) " +
                "VALUES ($id, $kind, $council, $state, $version, $open, $reference, $referenceKey, $due, $assignee, $assigneeKey, $priority, $created, $updated) " +
                "ON CONFLICT (id) DO UPDATE SET state = excluded.state, version = excluded.version, is_open = excluded.is_open, reference = excluded.reference, " +
                "reference_key = excluded.reference_key, due_at = excluded.due_at, assignee = excluded.assignee, assignee_key = excluded.assignee_key, " +
                "priority = excluded.priority, updated_at = excluded.updated_at",
                c => c.ExecuteNonQuery(),
                ("$id", id), ("$kind", row.Kind), ("$council", row.Council), ("$state", row.State), ("$version", row.Version), ("$open", row.IsOpen ? 1 : 0),
                ("$reference", row.Reference), ("$referenceKey", UpperKey(row.Reference)), ("$due", row.DueAt?.ToUnixTimeTicks()),
                ("$assignee", row.Assignee), ("$assigneeKey", UpperKey(row.Assignee)), ("$priority", row.Priority),
                ("$created", row.CreatedAt.ToUnixTimeTicks()), ("$updated", row.UpdatedAt.ToUnixTimeTicks()));
            ReplaceKeys(id, row.Keys, row.CreatedAt.ToUnixTimeTicks(), newCase);
            WriteSearch(id, row.Kind, search, null, beforeKnown: false, newCase);
        }

        // A case whose stored row is known: only the columns that changed. SQLite rewrites an index entry whenever its
        // column is assigned, even to the same value, so a command that does not touch the state, the deadline or the
        // assignee leaves those indexes alone. (At most 2^6 statement shapes, each prepared once.)
        public void UpdateCase(byte[] id, CaseRow row, CaseRow before, IReadOnlyList<SearchField>? search, IReadOnlyList<SearchField>? searchBefore)
        {
            var set = new StringBuilder("UPDATE cases SET version = $version, updated_at = $updated");
            var parameters = new List<(string, object?)>(10) { ("$id", id), ("$version", row.Version), ("$updated", row.UpdatedAt.ToUnixTimeTicks()) };
            Assign(row.State != before.State, ", state = $state", ("$state", row.State));
            Assign(row.IsOpen != before.IsOpen, ", is_open = $open", ("$open", row.IsOpen ? 1 : 0));
            Assign(row.Reference != before.Reference, ", reference = $reference, reference_key = $referenceKey", ("$reference", row.Reference), ("$referenceKey", UpperKey(row.Reference)));
            Assign(row.DueAt != before.DueAt, ", due_at = $due", ("$due", row.DueAt?.ToUnixTimeTicks()));
            Assign(row.Assignee != before.Assignee, ", assignee = $assignee, assignee_key = $assigneeKey", ("$assignee", row.Assignee), ("$assigneeKey", UpperKey(row.Assignee)));
            Assign(row.Priority != before.Priority, ", priority = $priority", ("$priority", row.Priority));
            Run(set.Append(" WHERE id = $id").ToString(), c => c.ExecuteNonQuery(), [.. parameters]);
            if (!before.Keys.SequenceEqual(row.Keys))
            {
                ReplaceKeys(id, row.Keys, row.CreatedAt.ToUnixTimeTicks(), newCase: false);
            }

            WriteSearch(id, row.Kind, search, searchBefore, beforeKnown: true, newCase: false);

            void Assign(bool changed, string sql, params (string, object?)[] values)
            {
                if (changed)
                {
                    set.Append(sql);
                    parameters.AddRange(values);
                }
            }
        }

        // The case's report facts (schema 10) beside its row, under its kind and creation time (which never change): replaced
        // whole with the row's council and state; none given, none kept (a new case has none to delete).
        public void WriteFacts(byte[] id, CaseRow row, string? facts, bool newCase)
        {
            var createdAt = row.CreatedAt.ToUnixTimeTicks();
            if (facts is not null)
            {
                Run("INSERT INTO case_facts (kind, created_at, case_id, council, state, facts) VALUES ($kind, $created, $id, $council, $state, $facts) " +
                    "ON CONFLICT (kind, created_at, case_id) DO UPDATE SET council = excluded.council, state = excluded.state, facts = excluded.facts",
                    c => c.ExecuteNonQuery(), ("$kind", row.Kind), ("$created", createdAt), ("$id", id), ("$council", row.Council), ("$state", row.State), ("$facts", facts));
            }
            else if (!newCase)
            {
                Run("DELETE FROM case_facts WHERE kind = $kind AND created_at = $created AND case_id = $id", c => c.ExecuteNonQuery(),
                    ("$kind", row.Kind), ("$created", createdAt), ("$id", id));
            }
        }

        // A new case (none stored at the commit's check) has no keys to delete.
        private void ReplaceKeys(byte[] id, IReadOnlyList<string> keys, long createdAt, bool newCase)
        {
            if (!newCase)
            {
                Run("DELETE FROM case_keys WHERE case_id = $id", c => c.ExecuteNonQuery(), ("$id", id));
            }

            foreach (var key in keys.Distinct())
            {
                Run(
                    "INSERT INTO case_keys (key, created_at, case_id) VALUES ($key, $created, $id)",
                    c => c.ExecuteNonQuery(),
                    ("$key", key),
                    ("$created", createdAt),
                    ("$id", id));
            }
        }

        private static string? UpperKey(string? text) => text?.Trim().ToUpperInvariant();

        // The case's search document (schema 9): its fields kept; its indexed words indexed again when they changed (a new
        // case's, or one whose earlier fields are not known, always); the words not in its earlier fields added to the
        // vocabulary. A case that gives no fields has no document.
        public void WriteSearch(byte[] id, string kind, IReadOnlyList<SearchField>? fields, IReadOnlyList<SearchField>? before, bool beforeKnown, bool newCase)
        {
            if (beforeKnown && (before ?? []).SequenceEqual(fields ?? []) && (before is null) == (fields is null))
            {
                return;
            }

            if (fields is null)
            {
                if (!newCase && (!beforeKnown || before is not null))
                {
                    var gone = (long?)Run("DELETE FROM search_docs WHERE case_id = $id RETURNING doc", c => c.ExecuteScalar(), ("$id", id));
                    if (gone is { } g)
                    {
                        Run("DELETE FROM search_words WHERE rowid = $doc", c => c.ExecuteNonQuery(), ("$doc", g));
                    }
                }

                return;
            }

            var doc = (long)Run(
                "INSERT INTO search_docs (case_id, kind, fields) VALUES ($id, $kind, $fields) ON CONFLICT (case_id) DO UPDATE SET fields = excluded.fields RETURNING doc",
                c => c.ExecuteScalar(), ("$id", id), ("$kind", kind), ("$fields", SearchFieldsText.Encode(fields)))!;
            if (beforeKnown && before is not null && SearchFieldsText.IndexedEqual(before, fields))
            {
                return;
            }

            if (!newCase && (!beforeKnown || before is not null))
            {
                Run("DELETE FROM search_words WHERE rowid = $doc", c => c.ExecuteNonQuery(), ("$doc", doc));
            }

            Run("INSERT INTO search_words (rowid, words) VALUES ($doc, $words)", c => c.ExecuteNonQuery(), ("$doc", doc), ("$words", SearchDocs.IndexedWords(fields)));
            var known = beforeKnown && before is not null ? SearchFieldsText.Terms(before) : [];
            foreach (var (field, term) in SearchFieldsText.Terms(fields))
            {
                if (!known.Contains((field, term)))
                {
                    Run("INSERT INTO search_terms (field, term) VALUES ($field, $term) ON CONFLICT DO NOTHING", c => c.ExecuteNonQuery(), ("$field", field), ("$term", term));
                }
            }
        }

        public void InsertEvent(byte[] id, CaseEvent e, string data) => Run(
            "INSERT INTO events (case_id, version, at, recorded_at, type, state, by_name, by_role, by_account, reason, legal_basis, command_id, data) " +
            "VALUES ($id, $version, $at, $recorded, $type, $state, $by, $role, $account, $reason, $basis, $command, $data)",
            c => c.ExecuteNonQuery(),
            ("$id", id), ("$version", e.Version), ("$at", e.At.ToUnixTimeTicks()), ("$recorded", e.RecordedAt?.ToUnixTimeTicks()), ("$type", e.Type), ("$state", e.State), ("$by", e.By.Name),
            ("$role", KebabCase.Of(e.By.Role)), ("$account", e.By.Account), ("$reason", e.Reason), ("$basis", e.LegalBasis), ("$command", Bytes(e.CommandId)), ("$data", data));

        // A case's timers, replaced: a new case has none to delete, and the new ones go in one statement (one shape per
        // count, each prepared once).
        // The case's timers become these: the others are deleted; one that stays (same kind and due instant) keeps its claim,
        // so a worker holding a case's next timers keeps them while it fires the first (schema 8).
        public void ReplaceTimers(byte[] id, IReadOnlyList<TimerEntry> timers, bool newCase)
        {
            if (!newCase)
            {
                var (delete, kinds) = TimerDeletes.GetOrAdd(timers.Count, static count =>
                {
                    var kinds = Enumerable.Range(0, count).Select(i => "$k" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
                    return (count == 0 ? "DELETE FROM timers WHERE case_id = $id" : $"DELETE FROM timers WHERE case_id = $id AND kind NOT IN ({string.Join(", ", kinds)})", kinds);
                });
                Run(delete, c => c.ExecuteNonQuery(), [("$id", id), .. kinds.Select((k, i) => (k, (object?)timers[i].Kind.ToString()))]);
            }

            if (timers.Count == 0)
            {
                return;
            }

            var (sql, names) = TimerInserts.GetOrAdd(timers.Count, static count =>
            {
                var names = new string[1 + (4 * count)];
                names[0] = "$id";
                for (var i = 0; i < count; i++)
                {
                    var n = i.ToString(CultureInfo.InvariantCulture);
                    (names[1 + (4 * i)], names[2 + (4 * i)], names[3 + (4 * i)], names[4 + (4 * i)]) = ("$k" + n, "$d" + n, "$s" + n, "$v" + n);
                }

                var rows = Enumerable.Range(0, count).Select(i => $"($id, {names[1 + (4 * i)]}, {names[2 + (4 * i)]}, {names[3 + (4 * i)]}, {names[4 + (4 * i)]})");
                return ("INSERT INTO timers (case_id, kind, due_at, state, version) VALUES " + string.Join(", ", rows) +
                    " ON CONFLICT (case_id, kind) DO UPDATE SET due_at = excluded.due_at, state = excluded.state, version = excluded.version, " +
                    "claimed_by = CASE WHEN timers.due_at = excluded.due_at THEN timers.claimed_by END, " +
                    "claimed_until = CASE WHEN timers.due_at = excluded.due_at THEN timers.claimed_until END", names);
            });
            var parameters = new (string, object?)[names.Length];
            parameters[0] = (names[0], id);
            for (var i = 0; i < timers.Count; i++)
            {
                var t = timers[i];
                parameters[1 + (4 * i)] = (names[1 + (4 * i)], t.Kind.ToString());
                parameters[2 + (4 * i)] = (names[2 + (4 * i)], t.DueAt.ToUnixTimeTicks());
                parameters[3 + (4 * i)] = (names[3 + (4 * i)], t.ScheduledInState);
                parameters[4 + (4 * i)] = (names[4 + (4 * i)], t.ScheduledAtVersion);
            }

            Run(sql, c => c.ExecuteNonQuery(), parameters);
        }

        public void InsertOutbox(OutboxMessage m) => Run(
            "INSERT INTO outbox (id, case_id, kind, recipient, subject, body, created_at) VALUES ($id, $case, $kind, $recipient, $subject, $body, $created) ON CONFLICT (id) DO NOTHING",
            c => c.ExecuteNonQuery(),
            ("$id", Bytes(m.Id)), ("$case", Key(m.CaseId)), ("$kind", m.Kind), ("$recipient", m.Recipient), ("$subject", m.Subject), ("$body", m.Body),
            ("$created", m.CreatedAt.ToUnixTimeTicks()));

        public void InsertCommand(byte[] commandId, byte[] caseId, string result) => Run(
            "INSERT INTO commands (id, case_id, result) VALUES ($id, $case, $result)", c => c.ExecuteNonQuery(), ("$id", commandId), ("$case", caseId), ("$result", result));

        // The earliest due timers no other owner's live lease holds, claimed for the owner until the lease ends; in due order.
        public IReadOnlyList<TimerEntry> ClaimTimers(Instant dueBy, int limit, TimerClaim claim) => (IReadOnlyList<TimerEntry>)Run(
            "UPDATE timers SET claimed_by = $owner, claimed_until = $until WHERE (case_id, kind) IN (" +
            "SELECT case_id, kind FROM timers WHERE due_at <= $dueBy AND (claimed_until IS NULL OR claimed_until <= $now OR claimed_by = $owner) ORDER BY due_at, case_id, kind LIMIT $limit) " +
            "RETURNING case_id, kind, due_at, state, version",
            c =>
            {
                var claimed = new List<TimerEntry>();
                using var reader = c.ExecuteReader();
                while (reader.Read())
                {
                    claimed.Add(new TimerRow
                    {
                        CaseId = (byte[])reader[0], Kind = reader.GetString(1), DueAt = reader.GetInt64(2), State = reader.GetString(3), Version = reader.GetInt64(4),
                    }.ToEntry());
                }

                return claimed.OrderBy(t => t.DueAt).ThenBy(t => t.CaseId.Value).ThenBy(t => t.Kind.ToString(), StringComparer.Ordinal).ToList();
            },
            ("$owner", claim.Owner),
            ("$until", claim.Until.ToUnixTimeTicks()),
            ("$dueBy", dueBy.ToUnixTimeTicks()),
            ("$now", claim.Now.ToUnixTimeTicks()),
            ("$limit", limit))!;

        public long ReleaseClaims(string owner) => (long)Run(
            "UPDATE timers SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = $owner", c => (long)c.ExecuteNonQuery(), ("$owner", owner))!;

        public long VersionOf(byte[] id) => (long?)Run("SELECT version FROM cases WHERE id = $id", c => c.ExecuteScalar(), ("$id", id)) ?? 0L;

        public long LastNumber(string scope) => (long?)Run("SELECT value FROM sequences WHERE scope = $scope", c => c.ExecuteScalar(), ("$scope", scope)) ?? 0L;

        // Moves the sequence to the number if it is its next (1 for a new sequence); whether it did.
        public bool TakeNumber(string scope, long number) => (long)Run(
            number == 1
                ? "INSERT INTO sequences (scope, value) VALUES ($scope, 1) ON CONFLICT (scope) DO UPDATE SET value = 1 WHERE value = 0"
                : "UPDATE sequences SET value = $number WHERE scope = $scope AND value = $number - 1",
            c => (long)c.ExecuteNonQuery(),
            ("$scope", scope),
            ("$number", number))! == 1;

        // The keys under a limit's prefix held by other cases than this one.
        public long CountKeys(KeyLimit limit, byte[] id) => (long)Run(
            "SELECT count(*) FROM case_keys WHERE key >= $from AND key < $to AND case_id <> $id",
            c => c.ExecuteScalar(), ("$from", limit.Prefix), ("$to", limit.UpperBound), ("$id", id))!;

        public void SetInfo(string key, string value) => Run(
            "INSERT INTO store_info (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            c => c.ExecuteNonQuery(), ("$key", key), ("$value", value));

        public long NextSequence(string scope) => (long)Run(
            "INSERT INTO sequences (scope, value) VALUES ($scope, 1) ON CONFLICT (scope) DO UPDATE SET value = value + 1 RETURNING value",
            c => c.ExecuteScalar(), ("$scope", scope))!;

        // A periodic run's mark, unless its job and period have one; whether it was written.
        public bool InsertRun(string job, string period, long ranAt) => (int)Run(
            "INSERT INTO periodic_runs (job, period, ran_at) VALUES ($job, $period, $ranAt) ON CONFLICT (job, period) DO NOTHING",
            c => c.ExecuteNonQuery(), ("$job", job), ("$period", period), ("$ranAt", ranAt))! == 1;

        public void MarkDelivered(byte[] id) => Run(
            "UPDATE outbox SET delivered_at = unixepoch() WHERE id = $id AND delivered_at IS NULL", c => c.ExecuteNonQuery(), ("$id", id));

        // One more failed attempt on a pending message, set aside at the maximum; the attempts now, or 0 if it is not pending.
        public long RecordDeliveryFailure(byte[] id, string error, int maxAttempts) => (long?)Run(
            "UPDATE outbox SET attempts = attempts + 1, last_error = $error, failed = (attempts + 1 >= $max) " +
            "WHERE id = $id AND delivered_at IS NULL AND failed = 0 RETURNING attempts",
            c => c.ExecuteScalar(), ("$id", id), ("$error", error), ("$max", maxAttempts)) ?? 0L;

        // Set-aside messages back to pending: one, or every one (id null); how many.
        public long RetryOutbox(byte[]? id) => id is null
            ? (long)Run("UPDATE outbox SET failed = 0, attempts = 0, last_error = NULL WHERE delivered_at IS NULL AND failed = 1", c => (long)c.ExecuteNonQuery())!
            : (long)Run("UPDATE outbox SET failed = 0, attempts = 0, last_error = NULL WHERE id = $id AND delivered_at IS NULL AND failed = 1", c => (long)c.ExecuteNonQuery(), ("$id", id))!;

        public void Dispose()
        {
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }
        }

        private object? Run(string sql, Func<SqliteCommand, object?> execute, params (string Name, object? Value)[] parameters)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                command = connection.CreateCommand();
                command.CommandText = sql;
                foreach (var (name, _) in parameters)
                {
                    command.Parameters.Add(new SqliteParameter { ParameterName = name });
                }

                command.Transaction = Transaction;
                command.Prepare();
                _commands[sql] = command;
            }

            for (var i = 0; i < parameters.Length; i++)
            {
                command.Parameters[i].Value = parameters[i].Value ?? DBNull.Value;
            }

            return execute(command);
        }
    }
}
