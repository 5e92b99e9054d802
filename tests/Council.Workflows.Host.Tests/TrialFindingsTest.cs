using System.Text;
using Microsoft.Data.Sqlite;

namespace Council.Workflows.Host.Tests;

// What a new user's trial of the hardened record tripped on (issue 13), each fixed at its cause.
public sealed class TrialFindingsTest : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-trial-").FullName;

    private string Db => Path.Combine(_directory, "council.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<CliRun> Council(params string[] args) => CliRun.RunAsync([.. args, "--db", Db, "--as", "Петренко Олена", "--role", "clerk"]);

    private async Task SimulationAsync() => (await CliRun.RunAsync("init", "--simulation", "--db", Db)).ExitCode.Should().Be(0);

    [Theory]
    [InlineData("appeals", "register", "--kind", "proposal", "--applicant", "Клименко Ольга", "--address", "м. Житомир", "--subject", "Парк")]
    [InlineData("awards", "petition", "submit", "--petitioner", "Військова частина А0000", "--petitioner-kind", "military-unit", "--nominee", "Шевченко Олег Петрович|thanks|military|За мужність")]
    [InlineData("awards", "meeting", "schedule", "--on", "2023-03-10", "--chair", "Гречко Наталія", "--secretary", "Ковальчук Андрій", "--member", "Лисенко Оксана")]
    public async Task ACreatingCommandRetriedWithItsCommandId_ReturnsTheFirstResult_AndMakesOneCase(params string[] args)
    {
        await SimulationAsync();
        var id = Guid.NewGuid().ToString();

        var first = await Council([.. args, "--at", "2023-03-01T10:00", "--command-id", id, "--json"]);
        var again = await Council([.. args, "--at", "2023-03-01T10:05", "--command-id", id, "--json"]);

        first.ExitCode.Should().Be(0, first.Err);
        again.ExitCode.Should().Be(0, again.Err);
        again.Json.GetProperty("id").GetString().Should().Be(first.Json.GetProperty("id").GetString());
        using var connection = new SqliteConnection($"Data Source={Db};Pooling=False");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM cases";
        Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture).Should().Be(1);
    }

    [Fact]
    public async Task ACsvQuoteLeftOpen_NamesEveryLineItTook()
    {
        await SimulationAsync();
        var file = Path.Combine(_directory, "open.csv");
        await File.WriteAllTextAsync(file, """
            received,kind,applicant,address,subject
            2023-01-10,application,Іванов Іван,"вул. Садова, 2,Полив
            2023-01-11,application,Петров Петро,вул. Лісова 1,Світло
            2023-01-12,application,Сидоренко Ольга,вул. Нова 3,Дорога

            """);

        var run = await Council("import", "appeals", "--csv", file, "--at", "2023-02-01T10:00");

        run.ExitCode.Should().Be(2);
        run.Err.Should().Contain("line 2: the field address runs over lines 2–4").And.Contain("the rows on lines 3–4 were taken into it");
    }

    [Fact]
    public async Task AJsonLineWithAMisspeltKey_IsRejected_AsAMisspeltCsvColumnIs()
    {
        await SimulationAsync();
        var file = Path.Combine(_directory, "typo.jsonl");
        await File.WriteAllTextAsync(file, """{"received":"2023-01-10","kind":"application","applicant":"Іванов Іван","adress":"вул. Садова 2","subject":"Полив"}""" + "\n");

        var run = await Council("import", "appeals", "--jsonl", file, "--at", "2023-02-01T10:00");

        run.ExitCode.Should().Be(2);
        run.Err.Should().Contain("line 1: unknown key(s) adress");
    }

    [Fact]
    public async Task AUtf8FileImportedAsWindows1251_IsRefused_NotStoredGarbled()
    {
        var file = Path.Combine(_directory, "utf8.csv");
        await File.WriteAllTextAsync(file, "received,kind,applicant,subject\n2023-01-10,application,Іванов Іван,Полив газонів\n", new UTF8Encoding(false));

        var run = await Council("import", "appeals", "--csv", file, "--encoding", "windows-1251");

        run.ShouldFailWithOneLine("is UTF-8 text, not Windows-1251");
        File.Exists(Db).Should().BeFalse("nothing is opened for a file that would be misread");
    }

    [Fact]
    public async Task Annul_DuplicateOfAnAppealThatDoesNotExistOrIsItself_IsOneLine()
    {
        await SimulationAsync();
        (await Council("appeals", "register", "--kind", "application", "--applicant", "Іванов Іван", "--subject", "Полив", "--at", "2023-02-01T10:00")).ExitCode.Should().Be(0);

        var missing = await Council("appeals", "annul", "І-1", "--reason", "двічі", "--duplicate-of", "К-99", "--at", "2023-02-01T11:00");
        var itself = await Council("appeals", "annul", "І-1", "--reason", "двічі", "--duplicate-of", "І-1", "--at", "2023-02-01T11:00");

        missing.ExitCode.Should().Be(2);
        missing.Err.Should().Contain("К-99");
        itself.ShouldFailWithOneLine("is the appeal being annulled");
    }

    [Fact]
    public async Task Minutes_OfASittingHeldOnAnotherDay_CarryTheDayItWasHeld()
    {
        await SimulationAsync();
        Task<CliRun> Secretary(params string[] args) => CliRun.RunAsync([.. args, "--db", Db, "--as", "Ковальчук Андрій", "--role", "secretary"]);
        (await Secretary("awards", "meeting", "schedule", "--on", "2023-05-10", "--chair", "Гречко Наталія", "--secretary", "Ковальчук Андрій", "--member", "Лисенко Оксана", "--at", "2023-05-01T10:00")).ExitCode.Should().Be(0);
        var open = await Secretary("awards", "meeting", "open", "1", "--present", "Гречко Наталія", "--present", "Ковальчук Андрій", "--present", "Лисенко Оксана", "--at", "2023-05-11T10:00");
        open.ExitCode.Should().Be(0, open.Err);

        var minutes = await Secretary("awards", "meeting", "minutes", "1", "--at", "2023-05-11T12:00");

        minutes.Out.Should().Contain("11.05.2023").And.Contain("(засідання, призначене на 10.05.2023, відбулося 11.05.2023)");
    }

    [Theory]
    [InlineData("not-a-guid", "--command-id 'not-a-guid' is not a command id")]
    [InlineData("00000000-0000-0000-0000-000000000000", "--command-id must not be all zeros")]
    public async Task ACommandIdThatIsNoGuid_IsOneLineWithoutDotNetNames(string value, string message)
    {
        var run = await Council("appeals", "register", "--kind", "application", "--applicant", "Іванов Іван", "--subject", "Полив", "--command-id", value);

        run.ExitCode.Should().Be(2);
        run.Err.Should().Contain(message).And.NotContain("System.").And.NotContain("Parameter");
    }

    [Fact]
    public async Task Correct_WithNothingToCorrect_IsAUsageError()
    {
        await SimulationAsync();
        (await Council("appeals", "register", "--kind", "application", "--applicant", "Іванов Іван", "--subject", "Полив", "--at", "2023-02-01T10:00")).ExitCode.Should().Be(0);

        var run = await Council("appeals", "correct", "І-1", "--reason", "описка", "--at", "2023-02-01T11:00");

        run.ShouldFailWithOneLine("give what to correct");
        run.ExitCode.Should().Be(2);
    }
}
