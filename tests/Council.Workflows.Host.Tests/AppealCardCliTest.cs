using Microsoft.Data.Sqlite;

namespace Council.Workflows.Host.Tests;

// The registration-control card from the command line: the classifier's codes, the resolution, the result, Art. 10.
public sealed class AppealCardCliTest : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-card-").FullName;

    private string Db => Path.Combine(_directory, "council.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<CliRun> Council(params string[] args) => CliRun.RunAsync([.. args, "--db", Db]);

    [Fact]
    public async Task Register_WithTheCardsCodes_ShowsThemNamedByTheClassifier_AndTheAnswersResult()
    {
        var register = await Council("appeals", "register", "--kind", "application", "--applicant", "Коваленко Петро Іванович", "--address", "м. Житомир",
            "--subject", "Ремонт дороги", "--category", "7.5", "--sex", "4.1", "--pages", "2", "--attachments", "1", "--phone", "+380671234567",
            "--at", "2023-01-31T10:00", "--as", "Петренко Олена", "--role", "clerk");
        register.ExitCode.Should().Be(0, register.Err);
        (await Council("appeals", "assign", "К-1", "--executor", "Бондар Сергій", "--resolution", "Підготувати відповідь", "--at", "2023-01-31T11:00", "--as", "Мельник Віктор", "--role", "head")).ExitCode.Should().Be(0);
        var answer = await Council("appeals", "answer", "К-1", "--outcome", "satisfied", "--summary", "Відремонтовано", "--result", "9.1", "--at", "2023-02-10T10:00", "--as", "Бондар Сергій", "--role", "executor");
        answer.ExitCode.Should().Be(0, answer.Err);

        var show = await Council("appeals", "show", "К-1", "--at", "2023-02-10T11:00");
        var json = await Council("appeals", "show", "К-1", "--json", "--at", "2023-02-10T11:00");

        var card = await Council("appeals", "card", "К-1", "--at", "2023-02-10T11:00");
        card.ExitCode.Should().Be(0, card.Err);
        card.Out.Should().Contain("РЕЄСТРАЦІЙНО-КОНТРОЛЬНА КАРТКА").And.Contain("Лицьовий бік").And.Contain("Зворотний бік")
            .And.MatchRegex(@"Категорія автора:\s+7\.5 Учасники бойових дій").And.MatchRegex(@"Резолюція:\s+Підготувати відповідь")
            .And.MatchRegex(@"Результат \(код\):\s+9\.1 вирішено позитивно").And.MatchRegex(@"Телефон:\s+\+380671234567");
        show.Out.Should().Contain("card: category 7.5 Учасники бойових дій; sex 4.1 Чоловіча; 2 pp.; attachments 1; phone +380671234567")
            .And.Contain("resolution: Підготувати відповідь").And.Contain("result 9.1");
        json.Json.GetProperty("card").GetProperty("authorCategory").GetString().Should().Be("7.5");
        json.Json.GetProperty("answer").GetProperty("resultCode").GetString().Should().Be("9.1");
    }

    [Fact]
    public async Task Letters_TakeTheOutgoingJournalsNumbers_AndATypedNumberIsRefusedUnlessTheJournalIsExternal()
    {
        foreach (var name in new[] { "Коваленко Петро", "Мазур Ганна" })
        {
            (await Council("appeals", "register", "--kind", "application", "--applicant", name, "--subject", "Дорога", "--at", "2023-01-31T10:00", "--role", "clerk")).ExitCode.Should().Be(0);
        }

        (await Council("appeals", "assign", "К-1", "--executor", "Бондар Сергій", "--at", "2023-01-31T11:00", "--role", "head")).ExitCode.Should().Be(0);
        (await Council("appeals", "forward", "М-2", "--to", "Обласна адміністрація", "--at", "2023-02-01T10:00", "--role", "clerk")).ExitCode.Should().Be(0);
        var typed = await Council("appeals", "answer", "К-1", "--outcome", "satisfied", "--summary", "Так", "--outgoing-number", "02-07/315", "--at", "2023-02-10T10:00", "--as", "Бондар Сергій", "--role", "executor");
        var answer = await Council("appeals", "answer", "К-1", "--outcome", "satisfied", "--summary", "Так", "--at", "2023-02-10T10:00", "--as", "Бондар Сергій", "--role", "executor");

        typed.ExitCode.Should().Be(2);
        typed.Err.Should().Contain("numbers its letters itself");
        answer.ExitCode.Should().Be(0, answer.Err);
        (await Council("appeals", "show", "К-1", "--at", "2023-02-10T11:00")).Out.Should().Contain("letter: відповідь вих. № 2 від 10.02.2023");
        var json = (await Council("appeals", "show", "М-2", "--json", "--at", "2023-02-10T11:00")).Json.GetProperty("letters")[0];
        json.GetProperty("kind").GetString().Should().Be("forwarding");
        json.GetProperty("number").GetString().Should().Be("1");

        File.WriteAllText(Path.Combine(_directory, "appsettings.json"), """{ "Appeals": { "Outgoing": { "Numbering": "external" } } }""");
        (await Council("appeals", "register", "--kind", "application", "--applicant", "Ткачук Іван", "--subject", "Сміття", "--at", "2023-02-11T10:00", "--role", "clerk")).ExitCode.Should().Be(0);
        (await Council("appeals", "assign", "Т-3", "--executor", "Бондар Сергій", "--at", "2023-02-11T11:00", "--role", "head")).ExitCode.Should().Be(0);
        var external = await Council("appeals", "interim", "Т-3", "--text", "На розгляді", "--outgoing-number", "02-07/315", "--at", "2023-02-12T10:00", "--as", "Бондар Сергій", "--role", "executor");
        external.ExitCode.Should().Be(0, external.Err);
        (await Council("appeals", "show", "Т-3", "--at", "2023-02-12T11:00")).Out.Should().Contain("letter: проміжна відповідь вих. № 02-07/315 від 12.02.2023");
    }

    [Theory]
    [InlineData("--category", "7.99", "'7.99' is not a code of the classifier's section 7")]
    [InlineData("--sex", "male", "valid: 4.1, 4.2")]
    [InlineData("--issue", "101", "the loaded classifier lists no issues")]
    public async Task Register_WithACodeTheClassifierLacks_IsOneLineWithTheValidOnes_AndNothingIsRegistered(string option, string value, string message)
    {
        var run = await Council("appeals", "register", "--kind", "application", "--applicant", "Коваленко Петро", "--subject", "Дорога", option, value, "--at", "2023-01-31T10:00");

        run.ExitCode.Should().Be(2);
        run.Err.Should().Contain(message);
        run.Err.Trim().Split('\n').Should().ContainSingle();
        (await Council("appeals", "list", "--at", "2023-01-31T11:00")).Out.Should().NotContain("К-1");
    }

    [Fact]
    public async Task CouncilsClassifierFile_NamedInTheSettings_GivesTheIssues()
    {
        File.WriteAllText(Path.Combine(_directory, "classifier.json"), """
            { "characteristics": [ { "code": "7", "items": [ { "code": "7.1", "name_uk": "Учасники війни" } ] } ],
              "issues": [ { "code": "101", "name_uk": "Житлово-комунальне господарство" } ] }
            """);
        File.WriteAllText(Path.Combine(_directory, "appsettings.json"), """{ "Appeals": { "ClassifierFile": "classifier.json" } }""");

        var run = await Council("appeals", "register", "--kind", "application", "--applicant", "Коваленко Петро", "--subject", "Дорога", "--issue", "101", "--at", "2023-01-31T10:00");
        var show = await Council("appeals", "show", "К-1", "--at", "2023-01-31T11:00");

        run.ExitCode.Should().Be(0, run.Err);
        show.Out.Should().Contain("issues 101 Житлово-комунальне господарство");
    }

    [Fact]
    public async Task Export_OfAnAppealUnderArticle10_MasksTheApplicant_UnlessTheArchiveAsks()
    {
        (await Council("appeals", "register", "--kind", "application", "--applicant", "Коваленко Петро Іванович", "--address", "м. Житомир, вул. Лесі Українки, 5",
            "--subject", "Ремонт дороги", "--phone", "+380671234567", "--do-not-disclose", "--at", "2023-01-31T10:00")).ExitCode.Should().Be(0);
        (await Council("appeals", "correct", "К-1", "--applicant", "Коваленко Петро Іванович-Другий", "--reason", "Описка", "--at", "2023-01-31T10:30", "--role", "clerk")).ExitCode.Should().Be(0);
        (await Council("appeals", "register", "--kind", "application", "--applicant", "Мазур Ганна Петрівна", "--subject", "Освітлення", "--at", "2023-01-31T11:00")).ExitCode.Should().Be(0);

        var csv = await Council("export", "--year", "2023");
        var jsonl = await Council("export", "--year", "2023", "--format", "jsonl");
        var archive = await Council("export", "--year", "2023", "--format", "jsonl", "--disclose-protected");

        foreach (var export in new[] { csv.Out, jsonl.Out })
        {
            export.Should().NotContain("Коваленко").And.NotContain("Лесі Українки").And.NotContain("+380671234567");
            export.Should().Contain("(приховано,ст.10)").And.Contain("Мазур Ганна Петрівна", "only the protected applicant is masked");
        }

        archive.Out.Should().Contain("Коваленко Петро Іванович").And.Contain("+380671234567");
    }

    [Fact]
    public async Task Search_AMisspeltSurnameTypedPartlyInLatin_FindsTheEarlierLetter()
    {
        (await Council("appeals", "register", "--kind", "application", "--applicant", "Коваленко Петро Іванович", "--subject", "Ремонт дороги", "--at", "2023-01-31T10:00")).ExitCode.Should().Be(0);
        (await Council("appeals", "register", "--kind", "application", "--applicant", "Мазур Ганна", "--subject", "Світло", "--at", "2023-01-31T11:00")).ExitCode.Should().Be(0);

        var text = await Council("appeals", "search", "--applicant", "Kaваленко", "--at", "2023-02-01T10:00");
        var json = await Council("appeals", "search", "--index", "M-2", "--json", "--at", "2023-02-01T10:00");
        var none = await Council("appeals", "search", "--applicant", "Нікого", "--at", "2023-02-01T10:00");

        text.ExitCode.Should().Be(0, text.Err);
        text.Out.Should().Contain("1 found").And.Contain("К-1").And.Contain("similar name").And.NotContain("М-2");
        json.Json.GetProperty("total").GetInt32().Should().Be(1);
        json.Json.GetProperty("hits")[0].GetProperty("appeal").GetProperty("index").GetString().Should().Be("М-2");
        none.Out.Should().Contain("No appeal matches.");
    }

    [Fact]
    public async Task Import_TheCardsColumns_AreKept_AndACodeTheClassifierLacksRejectsItsRow()
    {
        var file = Path.Combine(_directory, "card.csv");
        await File.WriteAllTextAsync(file, """
            id,received,kind,applicant,subject,category,sex,pages,phone,do_not_disclose,executor,resolution,answered,outcome,result
            a1,2023-01-10,application,Іванов Іван,Полив,7.5,4.1,3,+380671234567,так,Бондар Сергій,Розглянути,2023-01-20,satisfied,9.1
            a2,2023-01-11,application,Петров Петро,Світло,7.99,,,,,,,,,
            """);

        var run = await Council("import", "appeals", "--csv", file, "--at", "2023-02-01T10:00");
        var show = await Council("appeals", "show", "І-1", "--json", "--at", "2023-02-01T11:00");

        run.ExitCode.Should().Be(2);
        run.Err.Should().Contain("line 3").And.Contain("'7.99' is not a code of the classifier's section 7");
        var card = show.Json.GetProperty("card");
        card.GetProperty("authorCategory").GetString().Should().Be("7.5");
        card.GetProperty("pages").GetInt32().Should().Be(3);
        card.GetProperty("doNotDisclose").GetBoolean().Should().BeTrue();
        show.Json.GetProperty("resolution").GetString().Should().Be("Розглянути");
        show.Json.GetProperty("answer").GetProperty("resultCode").GetString().Should().Be("9.1");
    }
}
