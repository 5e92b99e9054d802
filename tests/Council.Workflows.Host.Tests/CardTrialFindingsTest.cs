using Microsoft.Data.Sqlite;

namespace Council.Workflows.Host.Tests;

// What the new-user trial of the card, search, journal and printing found, each fixed.
public sealed class CardTrialFindingsTest : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-card-trial-").FullName;

    private string Db => Path.Combine(_directory, "council.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<CliRun> Council(params string[] args) => CliRun.RunAsync([.. args, "--db", Db]);

    private async Task RegisterAsync(string name, params string[] more) =>
        (await Council(["appeals", "register", "--kind", "application", "--applicant", name, "--address", "м. Житомир", "--subject", "Ремонт дороги", "--at", "2023-01-31T10:00", .. more])).ExitCode.Should().Be(0);

    [Theory]
    [InlineData("appeals", "card", "К-1", "--format", "html")]
    [InlineData("export", "--year", "2023")]
    [InlineData("report", "--year", "2023")]
    public async Task Out_NamingTheDatabaseOrItsJournal_IsRefused_AndTheRegisterSurvives(params string[] args)
    {
        await RegisterAsync("Коваленко Петро");

        var database = await Council([.. args, "--out", Db]);
        var journal = await Council([.. args, "--out", Db + "-wal"]);

        database.ShouldFailWithOneLine("is a database file: writing there would destroy it");
        journal.ShouldFailWithOneLine("is the journal of the database");
        (await Council("appeals", "show", "К-1", "--at", "2023-02-01")).ExitCode.Should().Be(0);
        (await Council("check")).ExitCode.Should().Be(0);
    }

    [Fact]
    public async Task Register_ASurnameWithALatinLookAlike_IsIndexedInCyrillic_AndWarned()
    {
        var run = await Council("appeals", "register", "--kind", "application", "--applicant", "Cидоренко Іван", "--address", "м. Житомир", "--subject", "Дорога", "--at", "2023-01-31T10:00");

        run.ExitCode.Should().Be(0, run.Err);
        run.Out.Should().Contain("Registered С-1").And.Contain("mixes Latin letters (C) with Cyrillic ones");
        (await Council("appeals", "show", "С-1", "--json", "--at", "2023-02-01")).Json.GetProperty("index").GetString().Should().Be("С-1");
    }

    [Fact]
    public async Task Search_OfAnArticle10Appeal_MasksTheName_UnlessAsked_AndTheJsonCarriesTheFlag()
    {
        await RegisterAsync("Бондаренко Віра", "--do-not-disclose");

        var text = await Council("appeals", "search", "--applicant", "Бондаренко", "--at", "2023-02-01");
        var json = (await Council("appeals", "search", "--applicant", "Бондаренко", "--json", "--at", "2023-02-01")).Json.GetProperty("hits")[0];
        var disclosed = await Council("appeals", "search", "--applicant", "Бондаренко", "--disclose-protected", "--at", "2023-02-01");

        text.Out.Should().Contain("Б-1").And.Contain("(приховано,ст.10)").And.NotContain("Бондаренко Віра");
        json.GetProperty("applicants")[0].GetString().Should().Be("(приховано,ст.10)");
        json.GetProperty("doNotDisclose").GetBoolean().Should().BeTrue();
        disclosed.Out.Should().Contain("Бондаренко Віра");
    }

    [Fact]
    public async Task Search_APagePastTheLastOrAReversedRange_IsOneLine()
    {
        await RegisterAsync("Коваленко Петро");

        (await Council("appeals", "search", "--page", "9", "--at", "2023-02-01")).ShouldFailWithOneLine("--page 9 is past the last page: 1 found, 1 page of 20.");
        (await Council("appeals", "search", "--received-from", "05.02.2023", "--received-to", "01.02.2023", "--at", "2023-02-10")).ShouldFailWithOneLine("--received-from 05.02.2023 is after --received-to 01.02.2023");
    }

    [Fact]
    public async Task Register_OverlongValues_AreRefusedWithTheirLengths()
    {
        var run = await Council("appeals", "register", "--kind", "application", "--applicant", new string('Я', 400), "--subject", "Дорога");

        run.ShouldFailWithOneLine("an applicant's name is at most 300 characters (it is 400)");
    }

    [Fact]
    public async Task Numbers_TypedAsWords_AndDocxWithoutAFile_GetPlainMessages()
    {
        var pages = await Council("appeals", "register", "--kind", "application", "--applicant", "Коваленко Петро", "--subject", "Дорога", "--pages", "abc");
        await RegisterAsync("Коваленко Петро");
        var docx = await Council("appeals", "letter", "К-1", "--format", "docx");
        var minutes = await Council("awards", "meeting", "minutes", "abc");

        pages.ExitCode.Should().Be(2);
        pages.Err.Should().Contain("--pages").And.NotContain("System.Nullable");
        docx.ShouldFailWithOneLine("--out letter.docx");
        minutes.ShouldFailWithOneLine("no meeting abc");
        minutes.Err.Should().NotContain("Latin");
    }

    [Fact]
    public async Task Search_SubjectAndAddressWords_AreFoundInOtherEndings()
    {
        (await Council("appeals", "register", "--kind", "application", "--applicant", "Коваленко Петро", "--address", "м. Житомир, вул. Київській, 5",
            "--subject", "Ремонт дорогу біля школи", "--at", "2023-01-31T10:00")).ExitCode.Should().Be(0);

        var text = await Council("appeals", "search", "--text", "дорога школа", "--json", "--at", "2023-02-01");
        var address = await Council("appeals", "search", "--address", "Київська", "--json", "--at", "2023-02-01");
        var none = await Council("appeals", "search", "--text", "дах", "--json", "--at", "2023-02-01");

        text.Json.GetProperty("total").GetInt32().Should().Be(1);
        address.Json.GetProperty("total").GetInt32().Should().Be(1);
        none.Json.GetProperty("total").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task ReadingVerbs_OnAFileFromAnOlderVersion_UpgradeItOnce_AndRead()
    {
        var fixture = Path.Combine(Appeals.RepositoryRoot(), "tests", "Council.Workflows.Tests", "Fixtures", "schema6-history.sql");
        using (var connection = new SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = await File.ReadAllTextAsync(fixture);
            command.ExecuteNonQuery();
        }

        var list = await Council("appeals", "list");
        var report = await Council("report", "--year", "2023", "--statutory", "--format", "json");
        var search = await Council("appeals", "search", "--applicant", "Коваленко", "--json");

        list.ExitCode.Should().Be(0, list.Err);
        report.ExitCode.Should().Be(0, report.Err);
        report.Json.GetProperty("allChecksHold").GetBoolean().Should().BeTrue();
        search.ExitCode.Should().Be(0, search.Err);
    }

    [Fact]
    public async Task Import_AnsweredRows_TakeTheJournalsNumber_OrTheExternalOneGiven()
    {
        var csv = Path.Combine(_directory, "in.csv");
        await File.WriteAllTextAsync(csv, "received,kind,applicant,subject,executor,answered,outcome,outgoing_number\n2023-01-10,заява,Коваленко Петро,Дорога,Бондар Сергій,2023-01-20,satisfied,\n");
        var journal = await Council("import", "appeals", "--csv", csv);
        (await Council("appeals", "show", "К-1", "--json", "--at", "2023-02-01")).Json.GetProperty("letters")[0].GetProperty("number").GetString().Should().Be("1");

        var external = Path.Combine(_directory, "ext.csv");
        await File.WriteAllTextAsync(external, "received,kind,applicant,subject,executor,answered,outcome,outgoing_number\n2023-01-11,заява,Мазур Ганна,Світло,Бондар Сергій,2023-01-21,satisfied,02-07/15\n2023-01-11,заява,Ткачук Іван,Сміття,Бондар Сергій,2023-01-21,satisfied,\n");
        await File.WriteAllTextAsync(Path.Combine(_directory, "appsettings.json"), """{ "Appeals": { "Outgoing": { "Numbering": "external" } } }""");
        var run = await Council("import", "appeals", "--csv", external);

        journal.ExitCode.Should().Be(0, journal.Err);
        run.ExitCode.Should().Be(2, "the row without the external number is rejected");
        run.Err.Should().Contain("line 3").And.Contain("--outgoing-number");
        (await Council("appeals", "show", "М-2", "--json", "--at", "2023-02-01")).Json.GetProperty("letters")[0].GetProperty("number").GetString().Should().Be("02-07/15");
    }
}
