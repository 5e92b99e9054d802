using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Council.Workflows.Host.Tests;

public sealed class AppealsCommandsTest : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-cli-").FullName;

    private string Db => Path.Combine(_directory, "council.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<CliRun> Council(params string[] args) => CliRun.RunAsync([.. args, "--db", Db]);

    private async Task<string> RegisterAsync(string at = "2023-01-31T10:00")
    {
        var run = await Council("appeals", "register", "--kind", "application", "--applicant", "Коваленко Петро Іванович", "--address", "м. Житомир",
            "--subject", "Ремонт дороги", "--at", at, "--as", "Петренко Олена", "--role", "clerk", "--json");
        run.ExitCode.Should().Be(0, run.Err);
        return run.Json.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task ARefusal_NamesAsPermittedOnlyWhatThisOfficialMayDoNow()
    {
        await RegisterAsync();
        await Council("appeals", "assign", "К-1", "--executor", "Бондар Сергій", "--role", "head", "--as", "Мельник Віктор", "--at", "2023-02-01T10:00");

        var clerk = await Council("appeals", "extend", "К-1", "--to", "15.03.2023", "--reason", "Потрібне вивчення", "--notice", "Лист",
            "--role", "clerk", "--as", "Петренко Олена", "--at", "2023-02-02T10:00", "--json");
        var answer = await Council("appeals", "answer", "К-1", "--outcome", "explained", "--summary", "Роз'яснено",
            "--role", "clerk", "--as", "Петренко Олена", "--at", "2023-02-02T10:00");

        clerk.ExitCode.Should().NotBe(0);
        var permitted = clerk.Json.GetProperty("refusal").GetProperty("permitted").EnumerateArray().Select(e => e.GetString()).ToList();
        permitted.Should().NotContain(["extend", "answer", "interim-answer", "shorten"], "a clerk may do none of them");
        permitted.Should().Contain("correct", "a clerk may correct the registration");
        answer.Err.Should().NotContain("продовжити строк", "the words say the same as the JSON");
    }

    [Fact]
    public async Task Register_Json_PrintsIdIndexAndDueDate()
    {
        var run = await Council("appeals", "register", "--kind", "complaint", "--applicant", "Коваленко Петро", "--address", "м. Житомир",
            "--subject", "Дорога", "--at", "2023-01-31T10:00", "--json");

        run.ExitCode.Should().Be(0, run.Err);
        run.Json.GetProperty("index").GetString().Should().Be("К-1");
        run.Json.GetProperty("dueOn").GetString().Should().Be("2023-02-28");
        run.Json.GetProperty("id").GetString().Should().MatchRegex("^[0-9a-f]{32}$");
    }

    [Fact]
    public async Task Show_Json_HasTheDocumentedFields()
    {
        await RegisterAsync();
        await Council("appeals", "assign", "К-1", "--executor", "Бондар Сергій", "--role", "head", "--as", "Мельник Віктор", "--at", "2023-02-01T10:00");

        var run = await Council("appeals", "show", "К-1", "--json", "--at", "2023-03-01T10:00");

        var json = run.Json;
        json.GetProperty("index").GetString().Should().Be("К-1");
        json.GetProperty("kind").GetString().Should().Be("application");
        json.GetProperty("state").GetString().Should().Be("under-consideration");
        json.GetProperty("receivedOn").GetString().Should().Be("2023-01-31");
        json.GetProperty("dueOn").GetString().Should().Be("2023-02-28");
        json.GetProperty("overdue").GetBoolean().Should().BeTrue();
        json.GetProperty("extended").GetBoolean().Should().BeFalse();
        var history = json.GetProperty("history").EnumerateArray().ToList();
        history.Select(e => e.GetProperty("type").GetString()).Should().Equal("registered", "assigned");
        history[1].GetProperty("by").GetString().Should().Be("Мельник Віктор");
        history[1].GetProperty("at").GetString().Should().Be("2023-02-01T08:00:00Z");
    }

    [Fact]
    public async Task Answer_ThenClose_ByTheController_ClosesTheAppeal()
    {
        await RegisterAsync();
        await Council("appeals", "assign", "К-1", "--executor", "Бондар Сергій", "--role", "head", "--as", "Мельник Віктор", "--at", "2023-02-01T10:00");
        var answer = await Council("appeals", "answer", "К-1", "--outcome", "satisfied", "--summary", "Відремонтовано", "--as", "Бондар Сергій", "--role", "executor", "--at", "2023-02-10T10:00");

        var close = await Council("appeals", "close", "К-1", "--as", "Мельник Віктор", "--role", "head", "--at", "2023-02-11T10:00", "--json");

        answer.ExitCode.Should().Be(0, answer.Err);
        close.ExitCode.Should().Be(0, close.Err);
        close.Json.GetProperty("state").GetString().Should().Be("closed");
    }

    [Fact]
    public async Task Extend_PastTheCap_ExitsRefusedWithTheRuleAndThePermittedActions()
    {
        await RegisterAsync();
        await Council("appeals", "assign", "К-1", "--executor", "Бондар Сергій", "--role", "head", "--at", "2023-02-01T10:00");

        var run = await Council("appeals", "extend", "К-1", "--to", "2023-03-31", "--reason", "r", "--notice", "n", "--role", "head", "--at", "2023-02-20T10:00");

        run.ExitCode.Should().Be(3);
        run.Err.Should().Contain("45 days").And.Contain("Permitted: assign, ").And.NotContain("extend, ").And.NotMatchRegex("Permitted:.*\\bextend\\b");
    }

    [Fact]
    public async Task Interim_WithAStaleCommandIdRetried_HasOneEffect()
    {
        await RegisterAsync();
        await Council("appeals", "assign", "К-1", "--executor", "Бондар Сергій", "--role", "head", "--at", "2023-02-01T10:00");
        var id = Guid.NewGuid().ToString();

        await Council("appeals", "interim", "К-1", "--text", "Розглядається", "--command-id", id, "--role", "head", "--at", "2023-02-02T10:00");
        var again = await Council("appeals", "interim", "К-1", "--text", "Розглядається", "--command-id", id, "--role", "head", "--at", "2023-02-02T10:00", "--json");

        again.Json.GetProperty("repeat").GetBoolean().Should().BeTrue();
        again.Json.GetProperty("version").GetInt64().Should().Be(3);
    }

    [Fact]
    public async Task List_Overdue_FindsTheAppealAfterItsDeadline()
    {
        await RegisterAsync();

        var before = await Council("appeals", "list", "--overdue", "--at", "2023-02-28T23:00", "--json");
        var after = await Council("appeals", "list", "--overdue", "--at", "2023-03-01T00:00", "--json");

        before.Json.GetArrayLength().Should().Be(0);
        after.Json.EnumerateArray().Single().GetProperty("index").GetString().Should().Be("К-1");
    }

    [Fact]
    public async Task List_FiltersCombine_OverdueOnOneExecutorsDesk()
    {
        await RegisterAsync();
        await RegisterAsync();
        await Council("appeals", "assign", "К-1", "--executor", "Бондар Сергій", "--role", "head", "--at", "2023-02-01T10:00");
        await Council("appeals", "assign", "К-2", "--executor", "Савчук Марія", "--role", "head", "--at", "2023-02-01T10:00");

        var run = await Council("appeals", "list", "--overdue", "--executor", "Савчук Марія", "--at", "2023-03-02T10:00", "--json");

        run.Json.EnumerateArray().Select(a => a.GetProperty("index").GetString()).Should().Equal("К-2");
    }

    [Fact]
    public async Task RunOnce_AfterTheDeadline_EscalatesAndShowsItInTheHistory()
    {
        (await Council("init", "--simulation")).ExitCode.Should().Be(0);
        await RegisterAsync();
        var outbox = Path.Combine(_directory, "outbox.jsonl");

        var run = await Council("run", "--once", "--at", "2023-03-01", "--outbox", "jsonl", "--outbox-file", outbox, "--json");
        var show = await Council("appeals", "show", "К-1", "--json");

        run.ExitCode.Should().Be(0, run.Err);
        run.Json.GetProperty("fired").GetInt32().Should().Be(1);
        run.Json.GetProperty("ignored").GetInt32().Should().Be(2, "reminders of a deadline already lapsed are not sent");
        show.Json.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("type").GetString()).Should().EndWith("deadline-missed");
        var lines = File.ReadAllLines(outbox);
        lines.Should().HaveCount(1);
        JsonDocument.Parse(lines[^1]).RootElement.GetProperty("kind").GetString().Should().Be("escalation");
    }

    [Fact]
    public async Task Show_UnknownIndex_IsOneLine()
    {
        await RegisterAsync();

        var run = await Council("appeals", "show", "К-99");

        run.ShouldFailWithOneLine("no appeal К-99");
        run.ExitCode.Should().Be(2);
    }

    [Fact]
    public async Task List_MissingDatabase_IsOneLineAndCreatesNothing()
    {
        var run = await Council("appeals", "list");

        run.ShouldFailWithOneLine("no database at");
        File.Exists(Db).Should().BeFalse();
    }

    [Fact]
    public async Task Register_MalformedDate_IsOneLine()
    {
        var run = await Council("appeals", "register", "--kind", "proposal", "--applicant", "А Б", "--subject", "С", "--received", "31/01/2023");

        run.ShouldFailWithOneLine("--received '31/01/2023' is not a date: use YYYY-MM-DD or DD.MM.YYYY");
    }

    [Fact]
    public async Task Register_MalformedAt_IsOneLine()
    {
        var run = await Council("appeals", "register", "--kind", "proposal", "--applicant", "А Б", "--subject", "С", "--at", "yesterday");

        run.ShouldFailWithOneLine("--at 'yesterday' is not an instant");
    }

    [Fact]
    public async Task Assign_WhileAnotherProgramHoldsTheWriteLock_SaysTheDatabaseIsLocked()
    {
        await RegisterAsync();
        using var other = new SqliteConnection($"Data Source={Db};Pooling=False");
        other.Open();
        using (var begin = other.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE;";
            begin.ExecuteNonQuery();
        }

        var run = await Council("appeals", "assign", "К-1", "--executor", "Бондар Сергій", "--role", "head");

        run.ShouldFailWithOneLine("locked");
    }

    [Fact]
    public async Task Open_CorruptFile_IsOneLine()
    {
        await File.WriteAllTextAsync(Db, "this is not a database, it is a spreadsheet export");

        var run = await Council("appeals", "list");

        run.ShouldFailWithOneLine("is not a readable Council.Workflows database");
    }

    [Fact]
    public async Task Receipt_PrintsTheStampForTheApplicantsCopy()
    {
        await RegisterAsync();

        var run = await Council("appeals", "receipt", "К-1", "--organisation", "Житомирська міська рада");

        run.Out.Should().StartWith("Житомирська міська рада\nНадійшло 31.01.2023\nВх. № К-1\nКод для перевірки стану: ").And.MatchRegex("стану: [0-9A-Z]{8}\n$");
    }
}
