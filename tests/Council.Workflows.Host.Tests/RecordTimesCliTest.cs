using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Council.Workflows.Host.Tests;

// Working and simulation databases; an act's two times; command ids reused — as a clerk meets them on the command line.
public sealed class RecordTimesCliTest : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-times-").FullName;

    private string Db => Path.Combine(_directory, "council.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<CliRun> Council(params string[] args) => CliRun.RunAsync([.. args, "--db", Db]);

    private async Task RegisterAsync(string at = "2023-01-31T10:00", params string[] more)
    {
        var run = await Council(["appeals", "register", "--kind", "application", "--applicant", "Коваленко Петро Іванович", "--address", "м. Житомир",
            "--subject", "Ремонт дороги", "--at", at, "--as", "Петренко Олена", "--role", "clerk", .. more]);
        run.ExitCode.Should().Be(0, run.Err);
    }

    [Fact]
    public async Task Assign_DatedBeforeTheRegistration_IsRefusedWithTheRule()
    {
        await RegisterAsync();

        var run = await Council("appeals", "assign", "К-1", "--executor", "Бондар Сергій", "--role", "head", "--at", "2022-12-31T10:00");

        run.ExitCode.Should().Be(3, run.Err);
        run.Err.Should().Contain("not dated before the case's latest act");
        (await Council("appeals", "show", "К-1", "--json")).Json.GetProperty("history").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task Register_DatedAfterTheClockInAWorkingDatabase_IsRefused()
    {
        var run = await Council("appeals", "register", "--kind", "application", "--applicant", "Коваленко Петро", "--address", "м. Житомир",
            "--subject", "Дорога", "--at", "2999-01-31T10:00");

        run.ExitCode.Should().Be(3, run.Err);
        run.Err.Should().Contain("not dated after the clock");
    }

    [Fact]
    public async Task RunOnceAt_OnAWorkingDatabase_IsRefusedWithOneLine()
    {
        await RegisterAsync();

        var run = await Council("run", "--once", "--at", "2024-01-01", "--outbox", "none");

        run.ShouldFailWithOneLine("working database");
        run.ExitCode.Should().Be(2);
        (await Council("appeals", "show", "К-1", "--json")).Json.GetProperty("history").GetArrayLength().Should().Be(1, "nothing was swept");
    }

    [Fact]
    public async Task InitSimulation_OnAWorkingDatabase_IsRefused()
    {
        (await Council("init")).ExitCode.Should().Be(0);

        var run = await Council("init", "--simulation");

        run.ShouldFailWithOneLine("working database");
        run.ExitCode.Should().Be(2);
    }

    [Fact]
    public async Task Init_Json_SaysWhichKindOfDatabaseItIs()
    {
        var simulation = await Council("init", "--simulation", "--json");
        var again = await Council("init", "--json");

        simulation.Json.GetProperty("mode").GetString().Should().Be("simulation");
        again.Json.GetProperty("mode").GetString().Should().Be("simulation", "a simulation file never becomes a working one");
    }

    [Fact]
    public async Task Demo_OnAWorkingDatabase_RefusesAndKeepsIt()
    {
        await RegisterAsync();

        var run = await Council("demo", "--scale", "0.01", "--replace");

        run.ShouldFailWithOneLine("working database");
        (await Council("appeals", "show", "К-1", "--json")).ExitCode.Should().Be(0, "the council's record is still there");
    }

    [Fact]
    public async Task ReportAndExport_OfASimulation_SayItIsSimulated()
    {
        (await Council("init", "--simulation")).ExitCode.Should().Be(0);
        await RegisterAsync();

        var text = await Council("report", "--year", "2023", "--lang", "uk");
        var json = await Council("report", "--year", "2023", "--format", "json");
        var jsonl = await Council("export", "--year", "2023", "--format", "jsonl");
        var csv = await Council("export", "--year", "2023", "--format", "csv");

        text.Out.Should().Contain("СИМУЛЯЦІЯ");
        json.Json.GetProperty("simulated").GetBoolean().Should().BeTrue();
        JsonDocument.Parse(jsonl.Out.Split('\n')[0]).RootElement.GetProperty("simulated").GetBoolean().Should().BeTrue();
        var rows = csv.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        rows[0].TrimEnd('\r').Should().EndWith("recorded_at,simulated");
        rows[1].TrimEnd('\r').Should().EndWith(",true");
    }

    [Fact]
    public async Task ReportAndExport_OfAWorkingDatabase_DoNotSayItIsSimulated()
    {
        await RegisterAsync();

        var text = await Council("report", "--year", "2023", "--lang", "uk");
        var jsonl = await Council("export", "--year", "2023", "--format", "jsonl");

        text.Out.Should().NotContain("СИМУЛЯЦІЯ");
        JsonDocument.Parse(jsonl.Out.Split('\n')[0]).RootElement.GetProperty("simulated").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task Show_Json_GivesEachEventsActAndRecordTimes()
    {
        await RegisterAsync("2023-01-31T10:00", "--received", "2023-01-30");

        var history = (await Council("appeals", "show", "К-1", "--json")).Json.GetProperty("history")[0];

        history.GetProperty("at").GetString().Should().Be("2023-01-31T08:00:00Z");
        var recorded = NodaTime.Text.InstantPattern.ExtendedIso.Parse(history.GetProperty("recordedAt").GetString()!).Value;
        recorded.Should().BeGreaterThan(NodaTime.Instant.FromUtc(2026, 1, 1, 0, 0), "the record is dated by the clock, not by --at");
    }

    [Fact]
    public async Task Register_CommandIdReusedForAnotherLetter_IsAConflictAndNotStored()
    {
        var id = Guid.NewGuid().ToString();
        await RegisterAsync("2023-01-31T10:00", "--command-id", id);

        var run = await Council("appeals", "register", "--kind", "complaint", "--applicant", "Мазур Ганна", "--address", "м. Житомир",
            "--subject", "Освітлення", "--at", "2023-01-31T11:00", "--command-id", id);

        run.ExitCode.Should().Be(4, run.Out + run.Err);
        run.Out.Should().NotContain("Registered");
        (await Council("appeals", "list", "--json")).Json.GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task Answer_WithoutAnOutcome_IsRefusedAsBadInputAndNothingIsRecorded()
    {
        await RegisterAsync();
        await Council("appeals", "assign", "К-1", "--executor", "Бондар Сергій", "--role", "head", "--at", "2023-02-01T10:00");

        var run = await Council("appeals", "answer", "К-1", "--summary", "Відремонтовано", "--as", "Бондар Сергій", "--role", "executor", "--at", "2023-02-10T10:00");

        run.ShouldFailWithOneLine("--outcome");
        run.ExitCode.Should().Be(2);
        (await Council("appeals", "show", "К-1", "--json")).Json.GetProperty("state").GetString().Should().Be("under-consideration");
    }

    [Fact]
    public async Task AnnulAndCorrect_FromTheCommandLine_AreRecordedWithTheirReasons()
    {
        await RegisterAsync();
        await RegisterAsync("2023-01-31T10:05");

        var annul = await Council("appeals", "annul", "К-2", "--reason", "Зареєстровано двічі", "--duplicate-of", "К-1", "--at", "2023-01-31T11:00");
        var correct = await Council("appeals", "correct", "К-1", "--subject", "Ремонт дороги на вул. Київській", "--reason", "Уточнено", "--at", "2023-01-31T11:00");

        annul.ExitCode.Should().Be(0, annul.Err);
        correct.ExitCode.Should().Be(0, correct.Err);
        (await Council("appeals", "show", "К-2", "--json")).Json.GetProperty("state").GetString().Should().Be("annulled");
        var shown = (await Council("appeals", "show", "К-1", "--json")).Json;
        shown.GetProperty("subject").GetString().Should().Be("Ремонт дороги на вул. Київській");
        shown.GetProperty("history")[1].GetProperty("data").GetProperty("changes")[0].GetProperty("old").GetString().Should().Be("Ремонт дороги");
    }
}
