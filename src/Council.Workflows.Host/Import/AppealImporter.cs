using System.Globalization;
using System.Text;
using System.Text.Json;
using Council.Workflows.Appeals;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;
using Council.Workflows.Host.Cli;
using CsvHelper;
using NodaTime;
using NodaTime.Text;

namespace Council.Workflows.Host.Import;

/// <summary>A row that could not be imported, with its line and the reason.</summary>
internal sealed record RejectedRow(long Line, string Reason);

/// <summary>What an import did.</summary>
internal sealed record ImportSummary(int Rows, int Imported, int AlreadyPresent, IReadOnlyList<RejectedRow> Rejected);

/// <summary>
/// Imports appeals from a spreadsheet export (CSV with a header row) or JSON lines: every row is validated first and the
/// bad ones reported with their line numbers; the good ones are registered (and assigned, answered, taken off control
/// when the row says so) through the engine in batches whose commits the store groups into one transaction. Every command
/// id is derived from the row, so running the same file again adds nothing.
/// </summary>
internal sealed class AppealImporter(WorkflowEngine engine, DeadlineCalculator calculator, Official importer, string? council)
{
    private static readonly TextSource T = new("Import");

    private static readonly Guid Scope = new("0b8f4a52-7f0c-4a8e-9f6a-3c1d2e4b5a60");

    // The columns a row without an id is known by (its command ids derive from them): the first file format's, so a file
    // imported before the card's columns existed matches its earlier import.
    private static readonly string[] KeyColumns =
    [
        "id", "received", "kind", "channel", "applicant", "address", "email", "subject", "signatories", "unsigned", "benefits", "deputy",
        "personal_head", "executor", "assigned", "answered", "outcome", "summary", "legal_basis", "reasons", "how_to_appeal", "closed",
    ];

    /// <summary>Every column: the registration and its acts, then the card's (codes of the loaded classifier; issues separated by ';').</summary>
    public static readonly string[] Columns =
    [
        .. KeyColumns, "category", "social_status", "sex", "issues", "pages", "attachments", "phone", "do_not_disclose", "resolution", "result",
        "outgoing_number",
    ];

    /// <summary>The encodings a file may be read in: UTF-8 (the default), and Windows-1251, in which many councils' spreadsheets are saved.</summary>
    public static readonly string[] Encodings = ["utf-8", "windows-1251"];

    // A byte sequence the encoding cannot read is decoded as U+FFFD; a row holding one is rejected, never stored garbled.
    private const char Undecodable = '\uFFFD';

    public static Encoding EncodingOf(string name)
    {
        if (name == "windows-1251")
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding(1251);
        }

        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    }

    /// <summary>
    /// Refuses to read a file as Windows-1251 when its bytes are UTF-8 text with letters outside ASCII: read as
    /// Windows-1251 they would be stored garbled (every Cyrillic letter as two wrong ones), and nothing in the file says so.
    /// </summary>
    public static void RefuseMisread(string path, string encodingName)
    {
        if (encodingName != "windows-1251" || !File.Exists(path))
        {
            return;
        }

        var head = new byte[64 * 1024];
        int read;
        using (var stream = File.OpenRead(path))
        {
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        var bytes = head.AsSpan(0, read);
        // A cut at the end of the sample may split one character: up to three bytes are left out of the check.
        var whole = read == head.Length ? bytes[..^3] : bytes;
        if (bytes.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0 && System.Text.Unicode.Utf8.IsValid(whole))
        {
            throw new CliException(T.Format("Import.Utf8Not1251", path));
        }
    }

    public static IEnumerable<(long Line, IReadOnlyDictionary<string, string?> Fields)> ReadCsv(string path, Encoding? encoding = null)
    {
        using var text = new StreamReader(path, encoding ?? EncodingOf("utf-8"), detectEncodingFromByteOrderMarks: true);
        using var reader = CsvReader.Create(text, CsvReaderOptions.Default with { TrackLineNumbers = true, TrimWhitespace = true }, leaveOpen: false);
        var headers = reader.Headers.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var unknown = headers.Where(h => !Columns.Contains(h)).ToList();
        if (unknown.Count > 0)
        {
            throw new CliException(T.Format("Import.UnknownColumns", path, string.Join(", ", unknown), string.Join(", ", Columns)));
        }

        var lastLine = reader.LineNumber;
        while (reader.Read())
        {
            var firstLine = lastLine + 1;
            // A record ends on the reader's line, or further down by the line breaks its fields hold (a quote left open
            // runs on to the end of the file, where the reader's count stops).
            var breaks = 0;
            for (var i = 0; i < reader.FieldCount; i++)
            {
                breaks += reader.GetStringOrNull(i)?.TrimEnd('\r', '\n').Count(c => c == '\n') ?? 0;
            }

            lastLine = Math.Max(reader.LineNumber, firstLine + breaks);
            var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
            string? error = null;
            for (var i = 0; i < headers.Length && i < reader.FieldCount; i++)
            {
                var value = reader.GetStringOrNull(i);
                fields[headers[i]] = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
                if (value is not null && value.Contains('\n', StringComparison.Ordinal))
                {
                    // No field of an appeal holds a line break; one that does is most likely a quote left open, which would
                    // swallow the rows after it: every line it took is named.
                    error ??= lastLine == firstLine + 1 ? T.Format("Import.OpenQuote1", headers[i], firstLine, lastLine) : T.Format("Import.OpenQuote", headers[i], firstLine, lastLine, firstLine + 1);
                }

                error ??= value is not null && value.Contains(Undecodable, StringComparison.Ordinal) ? InvalidText(headers[i]) : null;
            }

            yield return (firstLine, error is null ? fields : new Dictionary<string, string?> { ["$error"] = error });
        }
    }

    private static string InvalidText(string field) =>
        T.Format("Import.NotText", field);

    public static IEnumerable<(long Line, IReadOnlyDictionary<string, string?> Fields)> ReadJsonLines(string path, Encoding? encoding = null)
    {
        long line = 0;
        foreach (var text in File.ReadLines(path, encoding ?? EncodingOf("utf-8")))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            yield return (line, ParseJsonLine(text));
        }
    }

    // One line, one object: anything else — an array, a number, a key twice, bytes that are not text — rejects the line.
    private static Dictionary<string, string?> ParseJsonLine(string text)
    {
        if (text.Contains(Undecodable, StringComparison.Ordinal))
        {
            return new() { ["$error"] = InvalidText(T["Import.TheLine"]) };
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                var kind = document.RootElement.ValueKind.ToString().ToLowerInvariant();
                return new() { ["$error"] = T.Format(kind is "array" ? "Import.NotObjectAn" : "Import.NotObjectA", kind) };
            }

            var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var p in document.RootElement.EnumerateObject())
            {
                var value = p.Value.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.String => p.Value.GetString(),
                    _ => p.Value.GetRawText(),
                };
                if (!fields.TryAdd(p.Name.ToLowerInvariant(), value))
                {
                    return new() { ["$error"] = T.Format("Import.KeyTwice", p.Name) };
                }
            }

            // A misspelt key is refused, as a misspelt CSV column is: its value would otherwise be dropped unnoticed.
            var unknown = fields.Keys.Where(k => !Columns.Contains(k)).ToList();
            if (unknown.Count > 0)
            {
                return new() { ["$error"] = T.Format("Import.UnknownKeys", string.Join(", ", unknown), string.Join(", ", Columns)) };
            }

            return fields;
        }
        catch (JsonException e)
        {
            return new() { ["$error"] = T.Format("Import.NotJson", (e.BytePositionInLine ?? 0) + 1) };
        }
    }

    public async Task<ImportSummary> ImportAsync(
        IEnumerable<(long Line, IReadOnlyDictionary<string, string?> Fields)> rows, int batchSize, Action<int, int>? progress, CancellationToken cancellationToken)
    {
        var rejected = new List<RejectedRow>();
        int total = 0, imported = 0, present = 0;
        var batch = new List<(long Line, List<Command> Commands)>();
        foreach (var (line, fields) in rows)
        {
            total++;
            var (commands, error) = Plan(fields);
            if (error is not null)
            {
                rejected.Add(new RejectedRow(line, error));
                continue;
            }

            batch.Add((line, commands!));
            if (batch.Count >= batchSize)
            {
                await RunBatchAsync(batch, rejected, r => (imported, present) = r ? (imported + 1, present) : (imported, present + 1), cancellationToken).ConfigureAwait(false);
                progress?.Invoke(imported + present, total);
                batch.Clear();
            }
        }

        await RunBatchAsync(batch, rejected, r => (imported, present) = r ? (imported + 1, present) : (imported, present + 1), cancellationToken).ConfigureAwait(false);
        progress?.Invoke(imported + present, total);
        return new ImportSummary(total, imported, present, [.. rejected.OrderBy(r => r.Line)]);
    }

    // The rows of a batch go at once (the store groups their commits); each row's commands in order. A row is one unit:
    // its commands are first tried together on a scratch engine, and a row that would be refused at any step (or whose
    // values the workflow rejects) commits nothing, not even its registration. The rows' registrations reach the engine in
    // the file's order, which numbers them in that order.
    private async Task RunBatchAsync(List<(long Line, List<Command> Commands)> batch, List<RejectedRow> rejected, Action<bool> counted, CancellationToken cancellationToken)
    {
        var scratch = new WorkflowEngine(new InMemoryCaseStore { IsSimulation = engine.Store.IsSimulation }, engine.Workflows);
        // Each row goes to the engine once it is tried and the row before it has gone (not finished): tried in parallel,
        // given in order.
        var previous = Task.CompletedTask;
        var rows = new List<Task<(long Line, bool Fresh, string? Error)>>(batch.Count);
        foreach (var row in batch)
        {
            var given = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            rows.Add(RunRowAsync(row, TriedAsync(row), previous, given, cancellationToken));
            previous = given.Task;
        }

        var outcomes = await Task.WhenAll(rows).ConfigureAwait(false);

        async Task<string?> TriedAsync((long Line, List<Command> Commands) row) =>
            await TryAsync(scratch, row.Commands, cancellationToken).ConfigureAwait(false) is { } refused
            && await engine.Store.FindResultAsync(row.Commands[0].CommandId, cancellationToken).ConfigureAwait(false) is null ? refused : null;
        foreach (var (line, fresh, error) in outcomes)
        {
            if (error is null)
            {
                counted(fresh);
            }
            else
            {
                rejected.Add(new RejectedRow(line, error));
            }
        }
    }

    // One row through the engine; its first command is given to the engine before this method first waits.
    private async Task<(long Line, bool Fresh, string? Error)> RunRowAsync(
        (long Line, List<Command> Commands) row, Task<string?> tried, Task previous, TaskCompletionSource given, CancellationToken cancellationToken)
    {
        string? refused;
        try
        {
            refused = await tried.ConfigureAwait(false);
            await previous.ConfigureAwait(false);
        }
        catch
        {
            given.TrySetResult();
            throw;
        }

        if (refused is not null)
        {
            // A refused row gives nothing to the engine: the next row need not wait for it.
            given.TrySetResult();
            return (row.Line, false, refused);
        }

        var fresh = false;
        foreach (var command in row.Commands)
        {
            // The engine takes the first command's place in the numbers' queue before its first wait, so the row after this
            // one, given once this call returns, is numbered after it.
            var executing = engine.ExecuteAsync(command, cancellationToken);
            given.TrySetResult();
            var result = await executing.ConfigureAwait(false);
            if (result.Status == CommandStatus.Conflict && command is RegisterAppeal)
            {
                return (row.Line, false, IdReused(result) ?? T.Format("Import.Conflict", result.Message));
            }

            if (!result.IsAccepted)
            {
                return (row.Line, false, $"{Act(command)}: {result.Refusal?.Message ?? result.Message}");
            }

            fresh |= command is RegisterAppeal && !result.IsRepeat;
        }

        return (row.Line, fresh, null);
    }

    // The act a row's command is, for people («зареєструвати звернення»), not its type's name.
    private static string Act(Command command) => Texts.Trigger(KebabCase.FromPascal(command.GetType().Name));

    // The row's commands on the scratch engine: why the first of them that would not go through would not, or null.
    private static async Task<string?> TryAsync(WorkflowEngine scratch, List<Command> commands, CancellationToken cancellationToken)
    {
        foreach (var command in commands)
        {
            CommandResult result;
            try
            {
                result = await scratch.ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
            }
            catch (ArgumentException e)
            {
                return $"{Act(command)}: {Reasons.Of(e)}";
            }

            if (!result.IsAccepted)
            {
                return IdReused(result) ?? $"{Act(command)}: {result.Refusal?.Message ?? result.Message}";
            }
        }

        return null;
    }

    // A row whose id an earlier row (of this file or an earlier import) used with other values: its commands' ids, derived
    // from the id, were used for other commands.
    private static string? IdReused(CommandResult result) =>
        result is { Status: CommandStatus.Conflict, ConflictCode: "command-id-reused" }
            ? T["Import.IdReused"]
            : null;

    private (List<Command>? Commands, string? Error) Plan(IReadOnlyDictionary<string, string?> f)
    {
        if (f.TryGetValue("$error", out var parseError))
        {
            return (null, parseError);
        }

        // A record takes plain text only, from a file as from the command line: no control or bidi-formatting character.
        if (f.Where(p => p.Value is not null).Select(p => CliText.Problem(p.Key, p.Value!)).FirstOrDefault(p => p is not null) is { } unsafeText)
        {
            return (null, unsafeText);
        }

        string? Get(string name) => f.TryGetValue(name, out var value) ? value : null;
        var errors = new List<string>();
        var received = Date("received", required: true);
        var kind = Enum<AppealKind>("kind", required: true, ("пропозиція", AppealKind.Proposal), ("заява", AppealKind.Application), ("клопотання", AppealKind.Application), ("скарга", AppealKind.Complaint));
        var channel = Enum<AppealChannel>("channel", required: false) ?? AppealChannel.Post;
        var applicant = Get("applicant");
        var subject = Get("subject");
        if (applicant is null)
        {
            errors.Add(T["Import.NoApplicant"]);
        }

        if (subject is null)
        {
            errors.Add(T["Import.NoSubject"]);
        }

        int? signatories = null;
        if (Get("signatories") is { } s)
        {
            if (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 1)
            {
                signatories = n;
            }
            else
            {
                errors.Add(T.Format("Import.Signatories", s));
            }
        }

        var unsigned = Bool("unsigned");
        var benefits = Bool("benefits");
        var deputy = Bool("deputy");
        var personalHead = Bool("personal_head");
        var closed = Bool("closed");
        var executor = Get("executor");
        var assigned = Date("assigned", required: false);
        var answered = Date("answered", required: false);
        var outcome = Enum<AnswerOutcome>("outcome", required: answered is not null);
        var pages = Count("pages");
        var attachments = Count("attachments");
        if (answered is not null && executor is null)
        {
            errors.Add(T["Import.NeedsExecutor"]);
        }

        if (closed && answered is null)
        {
            errors.Add(T["Import.ClosedNeedsAnswered"]);
        }

        if (received is { } r && (assigned < r || answered < r))
        {
            errors.Add(T["Import.BeforeReceived"]);
        }

        if (errors.Count > 0)
        {
            return (null, string.Join("; ", errors));
        }

        var key = Get("id") ?? string.Join('|', KeyColumns.Select(c => Get(c) ?? ""));
        Guid Id(string step) => DeterministicGuid.Create(Scope, $"{council}|{key}|{step}");
        var caseId = new CaseId(Id("case"));
        var receivedOn = received!.Value;
        var commands = new List<Command>
        {
            new RegisterAppeal
            {
                CommandId = Id("register"), CaseId = caseId, Actor = importer, At = At(receivedOn, 9), Council = council, Kind = kind!.Value, Channel = channel,
                Applicants = [new Applicant(applicant!, Get("address"), Get("email"))], Signatories = signatories, Subject = subject!, HasSignature = !unsigned,
                Benefits = benefits, Deputy = deputy, PersonalHead = personalHead,
                Card = new AppealCard
                {
                    AuthorCategory = Get("category"), SocialStatus = Get("social_status"), Sex = Get("sex"),
                    Issues = Get("issues")?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
                    Pages = pages, Attachments = attachments, Phone = Get("phone"), DoNotDisclose = Bool("do_not_disclose"),
                },
            },
        };
        if (executor is not null)
        {
            var on = assigned ?? receivedOn;
            commands.Add(new AssignExecutor { CommandId = Id("assign"), CaseId = caseId, Actor = importer, At = At(on, 10), Executor = executor, Resolution = Get("resolution") });
        }

        if (answered is { } answerOn)
        {
            commands.Add(new AnswerAppeal
            {
                CommandId = Id("answer"), CaseId = caseId, Actor = new Official(executor!, OfficialRole.Executor), At = At(answerOn, 16), Outcome = outcome!.Value,
                Summary = Get("summary") ?? "Відповідь надано (імпортовано).", LegalBasis = Get("legal_basis"), Reasons = Get("reasons"), HowToAppeal = Get("how_to_appeal"),
                ResultCode = Get("result"), OutgoingNumber = Get("outgoing_number"),
            });
            if (closed)
            {
                commands.Add(new TakeAppealOffControl { CommandId = Id("close"), CaseId = caseId, Actor = importer, At = At(answerOn, 17) });
            }
        }

        // Copied from an earlier register: dated as the register has it, however long ago (Acts:MaxDaysBack is for acts done now).
        return ([.. commands.Select(c => c with { Imported = true })], null);

        LocalDate? Date(string name, bool required)
        {
            if (Get(name) is not { } text)
            {
                if (required)
                {
                    errors.Add(T.Format("Import.Missing", name));
                }

                return null;
            }

            var parsed = Cli.OfficeDates.Date(text);
            if (parsed.Success && parsed.Value.Year is >= 1996 and <= 2999)
            {
                return parsed.Value;
            }

            errors.Add(Cli.OfficeDates.NoSuchDay(text) is { } noSuchDay ? $"{name} {noSuchDay.TrimEnd('.')}" : T.Format("Import.NotADate", name, text));
            return null;
        }

        T? Enum<T>(string name, bool required, params (string Word, T Value)[] synonyms)
            where T : struct, System.Enum
        {
            if (Get(name) is not { } text)
            {
                if (required)
                {
                    errors.Add(AppealImporter.T.Format("Import.Missing", name));
                }

                return null;
            }

            if (KebabCase.TryParse<T>(text.Replace('_', '-'), out var value))
            {
                return value;
            }

            foreach (var (word, synonym) in synonyms)
            {
                if (string.Equals(word, text, StringComparison.OrdinalIgnoreCase))
                {
                    return synonym;
                }
            }

            errors.Add(AppealImporter.T.Format("Import.NotOneOf", name, text, string.Join(", ", System.Enum.GetValues<T>().Select(KebabCase.Of))));
            return null;
        }

        int? Count(string name)
        {
            if (Get(name) is not { } text)
            {
                return null;
            }

            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return n;
            }

            errors.Add(T.Format("Import.NotANumber", name, text));
            return null;
        }

        bool Bool(string name)
        {
            switch (Get(name)?.ToLowerInvariant())
            {
                case null or "" or "0" or "false" or "no" or "ні":
                    return false;
                case "1" or "true" or "yes" or "так" or "x":
                    return true;
                default:
                    errors.Add(T.Format("Import.NotYesNo", name, Get(name)));
                    return false;
            }
        }
    }

    private Instant At(LocalDate date, int hour) => date.At(new LocalTime(hour, 0)).InZoneLeniently(calculator.Zone).ToInstant();
}
