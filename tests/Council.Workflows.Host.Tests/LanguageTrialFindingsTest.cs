using Microsoft.Data.Sqlite;

namespace Council.Workflows.Host.Tests;

// What the new users' trials of the Ukrainian command line (issue 16) tripped on, each fixed at its cause. These run as a
// council does: Ukrainian unless --lang says otherwise.
public sealed class LanguageTrialFindingsTest : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-trial16-").FullName;

    private string Db => Path.Combine(_directory, "council.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<CliRun> Council(params string[] args) => CliRun.RunDefaultAsync([.. args, "--db", Db]);

    private static readonly string[] Register =
        ["appeals", "register", "--kind", "заява", "--applicant", "Іваненко Іван", "--address", "м. Київ", "--subject", "Тест", "--as", "Петренко Олена", "--role", "діловод"];

    [Fact]
    public async Task AWorkingFile_RefusesAnActDatedYearsBack_InWordsAndLocalTime_ButAnImportCopiesOldYears()
    {
        var old = TimeProvider.System.GetUtcNow().AddYears(-3).ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture);

        var refused = await Council([.. Register, "--received", old, "--at", old + " 10:00", "--set", "Acts:MaxDaysBack=31"]);

        refused.ExitCode.Should().Be(3);
        refused.Err.Should().Contain("Дію «зареєструвати звернення» відхилено у стані «ще не зареєстровано»")
            .And.Contain($"раніше ніж за 31 дн. до сьогодні: {old} 10:00").And.NotContain("register-appeal").And.NotContain("Z ");
        (await Council("appeals", "list")).Out.Should().Be("Звернень не знайдено.\n");

        // An earlier year's register brought in is dated as it has it.
        var csv = Path.Combine(_directory, "old.csv");
        await File.WriteAllTextAsync(csv, $"received,kind,applicant,address,subject\n{old},заява,Мазур Ганна,м. Київ,Світло\n");
        var import = await Council("import", "appeals", "--csv", csv, "--as", "Петренко Олена", "--role", "діловод", "--set", "Acts:MaxDaysBack=31");
        import.ExitCode.Should().Be(0, import.Err + import.Out);
    }

    [Fact]
    public async Task TheList_DatesEachIndex_SoTwoYearsOfК1AreTwoLines()
    {
        (await Council([.. Register, "--received", "2023-03-01", "--at", "2023-03-01T10:00"])).ExitCode.Should().Be(0);
        (await Council([.. Register.Select(a => a == "Тест" ? "Інше" : a), "--received", "2024-03-01", "--at", "2024-03-01T10:00"])).ExitCode.Should().Be(0);

        var list = await Council("appeals", "list");

        list.Out.Should().Contain("І-1 від 01.03.2023").And.Contain("І-1 від 01.03.2024");
        (await Council("appeals", "show", "І-1")).Err.Should().Contain("--year");
    }

    [Fact]
    public async Task AnActDatedBeforeTheLatest_NamesBothInTheCouncilsTime()
    {
        (await Council([.. Register, "--received", "2023-03-02", "--at", "2023-03-02T10:00"])).ExitCode.Should().Be(0);

        var refused = await Council("appeals", "assign", "І-1", "--executor", "Бондар Сергій", "--at", "01.03.2023 10:00", "--as", "Мельник Віктор", "--role", "голова");

        refused.Err.Should().Contain("Дію «призначити виконавця» відхилено у стані «зареєстровано»").And.Contain("01.03.2023 10:00 раніше за 02.03.2023 10:00");
    }

    [Theory]
    [InlineData("31.02.2023", "31.02.2023: такого дня немає (лютий 2023 року має 28 дн.)")]
    [InlineData("2024-02-30", "2024-02-30: такого дня немає (лютий 2024 року має 29 дн.)")]
    [InlineData("12.13.2023", "12.13.2023: місяця 13 немає")]
    public async Task AnImpossibleDate_IsSaidToBeNoDay_NotGivenAFormatHint(string date, string expected)
    {
        (await Council("init")).ExitCode.Should().Be(0);
        var option = await Council([.. Register, "--received", date]);
        var at = await Council("appeals", "list", "--at", date + " 10:00");

        option.ShouldFailWithOneLine("--received: " + expected);
        at.ShouldFailWithOneLine("--at: " + expected);
    }

    [Fact]
    public async Task AWrongNumber_SaysWhatIsExpected_WithoutDotNetTypeNames()
    {
        var year = await Council("report", "--year", "двадцять");
        var scale = await Council("demo", "--scale", "abc");

        year.ShouldFailWithOneLine("Не вдалося прочитати 'двадцять' для параметра '--year' (очікується ціле число)");
        scale.ShouldFailWithOneLine("(очікується число)");
        (year.Err + scale.Err).Should().NotContain("System.");
    }

    [Fact]
    public async Task AMisspeltOption_GetsTheNearest()
    {
        (await Council("appeals", "list", "--exectuor", "Бондар")).ShouldFailWithOneLine("У 'council appeals list' немає параметра '--exectuor'; можливо, --executor?");
        (await Council("appeals", "list", "--zzzz")).ShouldFailWithOneLine("У 'council appeals list' немає параметра '--zzzz' (council appeals list --help покаже всі)");
    }

    [Fact]
    public async Task APetition_IsShownWithTheCataloguesNames_AndTheListInTheRegistersOrder()
    {
        (await Council("init", "--simulation")).ExitCode.Should().Be(0);
        string[] secretary = ["--as", "Ковальчук Андрій", "--role", "секретар"];
        for (var i = 0; i < 11; i++)
        {
            (await Council(["awards", "petition", "submit", "--petitioner", "Військова частина А0000", "--petitioner-kind", "military-unit",
                "--nominee", $"Шевченко Олег Петрович {i}|thanks|military|За мужність", "--at", "2023-03-01T10:00", .. secretary])).ExitCode.Should().Be(0);
        }

        var show = await Council("awards", "petition", "show", "1/2023");
        var list = await Council("awards", "petition", "list");

        show.Out.Should().Contain("(Військовослужбовці) — Подяка міського голови: ").And.NotContain("thanks").And.NotContain("military)")
            .And.Contain("; Військова частина А0000;").And.NotContain("військова частина Військова");
        list.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]).Should()
            .Equal(Enumerable.Range(1, 11).Select(n => $"{n}/2023"), "1/2023 … 9/2023, 10/2023, 11/2023: the register's order");
    }

    [Fact]
    public async Task AKindWithALatinLetter_SaysWhichLetterIsLatin_AndARoleMisspeltGetsTheNearest()
    {
        (await Council("init")).ExitCode.Should().Be(0);

        var kind = await Council([.. Register.Select(a => a == "заява" ? "заявa" : a)]);
        var role = await Council("appeals", "list", "--role", "діловд");
        var state = await Council("appeals", "list", "--state", "на розглядi");

        kind.Err.Should().Contain("Можливо, «заява»? (у «заявa» латинські літери: a)");
        role.Err.Should().Contain("Можливо, «діловод»?");
        state.Err.Should().Contain("Можливо, «на розгляді»?");
    }

    [Fact]
    public async Task TheReceipt_SaysWhereTheCodeIsChecked_AndNamesTheApplicant()
    {
        (await Council([.. Register, "--received", "2023-03-02", "--at", "2023-03-02T10:00"])).ExitCode.Should().Be(0);

        var withPage = await Council("appeals", "receipt", "І-1", "--format", "html", "--set", "Letterhead:StatusPage=https://rada.example.gov.ua/status");
        var without = await Council("appeals", "receipt", "І-1", "--format", "html");

        withPage.Out.Should().Contain("Іваненко Іван").And.Contain("на сторінці https://rada.example.gov.ua/status");
        without.Out.Should().Contain("у відділі звернень громадян");
    }
}
