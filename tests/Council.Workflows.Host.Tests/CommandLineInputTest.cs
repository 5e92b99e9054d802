using Council.Workflows.Appeals;
using Council.Workflows.Engine;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Council.Workflows.Host.Tests;

/// <summary>What the command line takes in: text exactly as typed, refused when it could mislead a reader.</summary>
public sealed class CommandLineInputTest : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-input-").FullName;

    private string Db => Path.Combine(_directory, "council.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<CliRun> Council(params string[] args) => CliRun.RunAsync([.. args, "--db", Db]);

    [Fact]
    public async Task Dates_TypedTheOfficeWay_AreTakenLikeIso_AndMachineOutputStaysIso()
    {
        var run = await Council("appeals", "register", "--kind", "application", "--applicant", "Коваленко Петро", "--subject", "Дорога",
            "--received", "30.01.2023", "--at", "31.01.2023 10:15", "--json");
        var assign = await Council("appeals", "assign", "К-1", "--executor", "Бондар Сергій", "--role", "head", "--at", "1.2.2023");
        var wrong = await Council("appeals", "search", "--received-from", "31.02.2023");
        var show = await Council("appeals", "show", "К-1", "--json", "--at", "2023-02-02");

        run.ExitCode.Should().Be(0, run.Err);
        assign.ExitCode.Should().Be(0, assign.Err);
        show.Json.GetProperty("receivedOn").GetString().Should().Be("2023-01-30");
        show.Json.GetProperty("history")[0].GetProperty("at").GetString().Should().Be("2023-01-31T08:15:00Z");
        show.Json.GetProperty("history")[1].GetProperty("at").GetString().Should().Be("2023-01-31T22:00:00Z");
        wrong.ExitCode.Should().Be(2);
        wrong.Err.Should().Contain("--received-from: 31.02.2023: there is no such day (February 2023 has 28 days)");
    }

    [Fact]
    public async Task Choices_TypedInUkrainian_AreTheDocumentedValues_AndJsonKeepsThem()
    {
        var register = await Council("appeals", "register", "--kind", "Скарга", "--channel", "особистий прийом", "--applicant", "Мазур Ганна", "--address", "м. Житомир",
            "--subject", "Світло", "--role", "діловод", "--at", "2023-01-31T10:00");
        await Council("appeals", "assign", "М-1", "--executor", "Бондар Сергій", "--role", "голова", "--at", "2023-01-31T11:00");
        var answer = await Council("appeals", "answer", "М-1", "--outcome", "роз'яснено", "--summary", "Пояснено", "--as", "Бондар Сергій", "--role", "виконавець", "--at", "2023-02-01T10:00");
        var wrong = await Council("appeals", "register", "--kind", "лист", "--applicant", "Мазур Ганна", "--subject", "Світло");
        var show = (await Council("appeals", "show", "М-1", "--json", "--at", "2023-02-02")).Json;

        register.ExitCode.Should().Be(0, register.Err);
        answer.ExitCode.Should().Be(0, answer.Err);
        show.GetProperty("kind").GetString().Should().Be("complaint");
        show.GetProperty("channel").GetString().Should().Be("personal-reception");
        show.GetProperty("answer").GetProperty("outcome").GetString().Should().Be("explained");
        show.GetProperty("history")[0].GetProperty("role").GetString().Should().Be("clerk");
        show.GetProperty("history")[1].GetProperty("role").GetString().Should().Be("head");
        wrong.ShouldFailWithOneLine("--kind 'лист' is not one of: proposal, application, complaint (or пропозиція, зауваження, заява, клопотання, скарга)");
    }

    [Fact]
    public async Task Index_TypedWithLatinLookAlikesOrInLowerCase_IsFound_OrTheMessageNamesTheLatinLetters()
    {
        (await Council("appeals", "register", "--kind", "application", "--applicant", "Коваленко Петро", "--subject", "Дорога", "--collective", "3", "--at", "2023-01-31T10:00")).ExitCode.Should().Be(0);

        var latin = await Council("appeals", "show", "KO-1", "--json", "--at", "2023-02-01");
        var lower = await Council("appeals", "show", "ко-1", "--json", "--at", "2023-02-01");
        var missing = await Council("appeals", "show", "KO-9", "--at", "2023-02-01");

        latin.Json.GetProperty("index").GetString().Should().Be("КО-1");
        lower.Json.GetProperty("index").GetString().Should().Be("КО-1");
        missing.ShouldFailWithOneLine("no appeal KO-9: K, O are Latin letters, and КО-9 in Cyrillic is not registered either.");
    }

    [Theory]
    [InlineData(new[] { "apeals", "list" }, "'apeals' is not a verb of 'council'; did you mean 'council appeals'?")]
    [InlineData(new[] { "appeals", "serch" }, "'serch' is not a verb of 'council appeals'; did you mean 'council appeals search'?")]
    [InlineData(new[] { "awards", "xyz" }, "'xyz' is not a verb of 'council awards'. Verbs: petition, meeting")]
    public async Task UnknownVerb_IsNamed_WithTheNearestAndTheVerbsThereAre(string[] args, string message)
    {
        var run = await Council(args);

        run.ExitCode.Should().Be(2);
        run.ShouldFailWithOneLine(message);
    }

    [Fact]
    public async Task Register_SubjectStartingWithAt_StoresTheTextNotTheFile()
    {
        var file = Path.Combine(_directory, "args.rsp");
        await File.WriteAllLinesAsync(file, ["--role", "head", "--as", "Мельник Віктор"]);
        var subject = "@" + file;

        var run = await Council("appeals", "register", "--kind", "application", "--applicant", "Коваленко Петро", "--subject", subject,
            "--as", "Петренко Олена", "--role", "clerk", "--at", "2023-01-31T10:00", "--json");
        var show = await Council("appeals", "show", run.Json.GetProperty("id").GetString()!, "--json");

        run.ExitCode.Should().Be(0, run.Err);
        show.Json.GetProperty("subject").GetString().Should().Be(subject);
        var registered = show.Json.GetProperty("history")[0];
        registered.GetProperty("role").GetString().Should().Be("clerk");
        registered.GetProperty("by").GetString().Should().Be("Петренко Олена");
    }

    [Theory]
    [InlineData("--applicant", "Коваленко\u001b[2J Петро")]
    [InlineData("--subject", "Ремонт\nдороги")]
    [InlineData("--subject", "Ремонт \u202Eдороги")]
    [InlineData("--address", "м. Житомир\u009b31m")]
    [InlineData("--as", "Петренко\u0007 Олена")]
    public async Task Register_ControlCharacterInText_IsRefusedNamingTheOption(string option, string value)
    {
        var values = new Dictionary<string, string> { ["--applicant"] = "Коваленко Петро", ["--subject"] = "Ремонт дороги", ["--at"] = "2023-01-31T10:00" };
        values[option] = value;

        var run = await Council(["appeals", "register", "--kind", "application", .. values.SelectMany(v => new[] { v.Key, v.Value })]);

        run.ExitCode.Should().Be(2);
        run.ShouldFailWithOneLine(option);
        run.Err.Should().NotContain("\u001b").And.NotContain("\u0007").And.NotContain("\u009b").And.NotContain("\u202E");
        File.Exists(Db).Should().BeFalse("nothing is opened, let alone stored, for refused input");
    }

    [Fact]
    public async Task ListAndShow_StoredTextWithEscapeSequences_PrintVisibleEscapesAndExactJson()
    {
        const string subject = "Ремонт\u001b]0;pwned\u0007 дороги\u202E\nК-2 fake";
        var id = CaseId.New();
        await using (var services = new ServiceCollection().AddCouncilWorkflows().AddCouncilWorkflowsSqlite(o => o.Path = Db).BuildServiceProvider())
        {
            // Written through the library, as records made before the command line refused such text.
            var result = await services.GetRequiredService<WorkflowEngine>().ExecuteAsync(new RegisterAppeal
            {
                CommandId = Guid.NewGuid(), CaseId = id, At = Instant.FromUtc(2023, 1, 31, 8, 0), Actor = new Official("Петренко Олена", OfficialRole.Clerk),
                Kind = AppealKind.Application, Applicants = [new Applicant("Коваленко\u001b[31m Петро", null)], Subject = subject,
            });
            result.Status.Should().Be(CommandStatus.Accepted);
        }

        var list = await Council("appeals", "list", "--at", "2023-02-01");
        var show = await Council("appeals", "show", id.ToString(), "--at", "2023-02-01");
        var json = await Council("appeals", "show", id.ToString(), "--at", "2023-02-01", "--json");

        list.ExitCode.Should().Be(0, list.Err);
        show.ExitCode.Should().Be(0, show.Err);
        foreach (var text in new[] { list.Out, show.Out })
        {
            text.Should().NotContainAny("\u001b", "\u0007", "\u202E");
            text.Should().Contain("Ремонт\\x1B]0;pwned\\x07 дороги\\u202E\\x0AК-2 fake");
        }

        list.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle();
        show.Out.Should().Contain("Коваленко\\x1B[31m Петро");
        json.Json.GetProperty("subject").GetString().Should().Be(subject);
    }

    [Theory]
    [InlineData("--at is empty", "appeals", "list", "--at", "")]
    [InlineData("--at '0001-01-01' is outside", "appeals", "list", "--at", "0001-01-01")]
    [InlineData("--at '9999-12-31' is outside", "run", "--once", "--outbox", "none", "--at", "9999-12-31")]
    [InlineData("--at '9999-12-31T23:59:59-12:00' is outside", "appeals", "show", "З-1", "--at", "9999-12-31T23:59:59-12:00")]
    [InlineData("--received 0001-01-01 is outside", "appeals", "register", "--kind", "application", "--applicant", "Коваленко Петро", "--subject", "Дорога", "--received", "0001-01-01")]
    [InlineData("--on 9999-12-31 is outside", "awards", "meeting", "schedule", "--on", "9999-12-31", "--chair", "Гречко Наталія", "--secretary", "Ковальчук Андрій")]
    [InlineData("--decided 0001-01-01 is outside", "deadlines", "complaint", "--decided", "0001-01-01", "--learned", "2023-01-01")]
    [InlineData("--due-within '100000000' is not a whole number from 0 to 36525", "appeals", "list", "--due-within", "100000000")]
    [InlineData("--due-within '2147483647' is not a whole number", "appeals", "list", "--due-within", "2147483647")]
    [InlineData("--year 9999 is outside", "export", "--year", "9999")]
    [InlineData("--out", "export", "--year", "2023", "--out", "no-such-folder/2023.csv")]
    [InlineData("--out", "report", "--year", "2023", "--out", "no-such-folder/2023.html", "--format", "html")]
    public async Task Verb_ValueOutOfRangeOrEmptyOrUnwritable_IsOneLineWithExitCode2(string fragment, params string[] args)
    {
        (await Council("init")).ExitCode.Should().Be(0);
        var outArgs = args.Select(a => a.StartsWith("no-such-folder/", StringComparison.Ordinal) ? Path.Combine(_directory, a) : a).ToArray();

        var run = await Council(outArgs);

        run.ExitCode.Should().Be(2, run.Err);
        run.ShouldFailWithOneLine(fragment);
        run.Err.Should().NotContain("unexpected");
    }
}
