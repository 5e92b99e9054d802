using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Council.Workflows.Host.Tests;

// A council's settings: appsettings.json beside the database (or --config), COUNCIL__ environment variables, the command
// line; every verb and the worker bound from them; a wrong setting is one line and exit code 2.
public sealed class ConfigurationTest : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-config-").FullName;

    private string Db => Path.Combine(_directory, "council.db");

    private string SettingsFile => Path.Combine(_directory, "appsettings.json");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<CliRun> Council(params string[] args) => CliRun.RunAsync([.. args, "--db", Db]);

    private static readonly string[] Clerk = ["--as", "Петренко Олена", "--role", "clerk"];

    // A setting's value in config show --json: text as it is, a list, number or true/false as its JSON.
    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => value.GetRawText(),
    };

    [Fact]
    public async Task DaysOffInTheSettingsFile_MoveTheDueDateAndTheWorkersSweep()
    {
        // One month from 27.01.2023 is Monday 27.02; the council declares that day off, so the term ends on Tuesday 28.02.
        await File.WriteAllTextAsync(SettingsFile, """
            {
              // the mayor's order, the date as an office writes it
              "Calendar": { "DeclaredDaysOff": [ { "Date": "27.02.2023", "Reason": "розпорядження № 5" } ] }
            }
            """);
        (await Council("init", "--simulation")).ExitCode.Should().Be(0);

        var registered = await Council(["appeals", "register", "--kind", "application", "--applicant", "Коваленко Петро", "--address", "м. Житомир", "--subject", "Дорога", "--at", "2023-01-27T10:00", "--json", .. Clerk]);
        var onTheDayOff = await Council("run", "--once", "--at", "2023-02-28T12:00", "--outbox", "none");
        var afterIt = await Council("run", "--once", "--at", "2023-03-01T12:00", "--outbox", "none");
        var show = await Council("appeals", "show", "К-1", "--json");

        registered.ExitCode.Should().Be(0, registered.Err);
        registered.Json.GetProperty("dueOn").GetString().Should().Be("2023-02-28");
        onTheDayOff.ExitCode.Should().Be(0, onTheDayOff.Err);
        afterIt.ExitCode.Should().Be(0, afterIt.Err);
        var history = show.Json.GetProperty("history").EnumerateArray().Select(e => (Type: e.GetProperty("type").GetString(), At: e.GetProperty("at").GetString())).ToList();
        history.Where(e => e.Type == "deadline-missed").Should().ContainSingle("the worker swept on the 28th found the deadline still running")
            .Which.At.Should().StartWith("2023-03-01");
    }

    [Fact]
    public async Task WithoutTheSettingsFile_TheSameAppealIsDueOnTheDayTheFileDeclaresOff()
    {
        (await Council("init", "--simulation")).ExitCode.Should().Be(0);

        var registered = await Council(["appeals", "register", "--kind", "application", "--applicant", "Коваленко Петро", "--address", "м. Житомир", "--subject", "Дорога", "--at", "2023-01-27T10:00", "--json", .. Clerk]);

        registered.Json.GetProperty("dueOn").GetString().Should().Be("2023-02-27");
    }

    [Fact]
    public async Task OrganisationName_FromTheSettings_IsOnTheReceiptStamp()
    {
        await File.WriteAllTextAsync(SettingsFile, """{ "OrganisationName": "Житомирська міська рада" }""");
        await Council("init", "--simulation");
        await Council(["appeals", "register", "--kind", "application", "--applicant", "Коваленко Петро", "--address", "м. Житомир", "--subject", "Дорога", "--at", "2023-01-27T10:00", .. Clerk]);

        var receipt = await Council("appeals", "receipt", "К-1");

        receipt.Out.Should().Contain("Житомирська міська рада");
    }

    [Fact]
    public async Task Environment_OverridesTheFile_AndTheCommandLineOverridesBoth()
    {
        await File.WriteAllTextAsync(SettingsFile, """{ "OrganisationName": "З файлу", "Appeals": { "RepeatLookback": 5 } }""");
        var environment = new Dictionary<string, string> { ["COUNCIL__OrganisationName"] = "З середовища", ["COUNCIL__Appeals__RepeatLookback"] = "7" };

        var run = await CouncilProcess.RunAsync(environment, "config", "show", "--json", "--db", Db, "--set", "Appeals:RepeatLookback=9");

        run.ExitCode.Should().Be(0, run.Err);
        var settings = JsonDocument.Parse(run.Out).RootElement.GetProperty("settings").EnumerateArray()
            .ToDictionary(s => s.GetProperty("key").GetString()!, s => (Value: Text(s.GetProperty("value")), Source: s.GetProperty("source").GetString()));
        settings["OrganisationName"].Should().Be(("З середовища", "environment COUNCIL__OrganisationName"));
        settings["Appeals:RepeatLookback"].Should().Be(("9", "command line"));
        settings["TimeZoneId"].Should().Be(("Europe/Kyiv", "default"));
    }

    [Fact]
    public async Task OldEnvironmentNames_StillNameTheDatabaseAndTheActingOfficial()
    {
        var environment = new Dictionary<string, string> { ["COUNCIL_DB"] = Db, ["COUNCIL_AS"] = "Бондар Сергій", ["COUNCIL_ROLE"] = "head" };

        var run = await CouncilProcess.RunAsync(environment, "config", "show", "--json");

        run.ExitCode.Should().Be(0, run.Err);
        var root = JsonDocument.Parse(run.Out).RootElement;
        root.GetProperty("database").GetString().Should().Be(Db);
        var settings = root.GetProperty("settings").EnumerateArray().ToDictionary(s => s.GetProperty("key").GetString()!, s => Text(s.GetProperty("value")));
        settings["Acting:Name"].Should().Be("Бондар Сергій");
        settings["Acting:Role"].Should().Be("head");
    }

    [Fact]
    public async Task WrongSettings_AreOneLineEach_WithWhereTheyCameFrom_AndStopEveryVerb()
    {
        await File.WriteAllTextAsync(SettingsFile, """
            {
              "TimeZone": "Europe/Kyiv",
              "Calendar": { "DeclaredDaysOff": [ { "Date": "31.12.24", "Reason": "x" } ] },
              "Appeals": { "ExtendRoles": [ "head", "boss" ] }
            }
            """);

        var show = await Council("config", "show");
        var list = await Council("appeals", "list");

        foreach (var run in new[] { show, list })
        {
            run.ExitCode.Should().Be(2);
            run.Err.Should().NotContain("   at ");
            var lines = run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            lines.Should().HaveCount(3).And.OnlyContain(l => l.StartsWith("council: settings: ", StringComparison.Ordinal) && l.Contains(SettingsFile, StringComparison.Ordinal));
            lines.Should().Contain(l => l.Contains("TimeZone: is not a setting", StringComparison.Ordinal));
            lines.Should().Contain(l => l.Contains("Calendar:DeclaredDaysOff:0:Date: '31.12.24' is not a date", StringComparison.Ordinal));
            lines.Should().Contain(l => l.Contains("Appeals:ExtendRoles:1: 'boss'", StringComparison.Ordinal));
        }

        File.Exists(Db).Should().BeFalse("nothing is opened or created under wrong settings");
    }

    [Fact]
    public async Task SettingsThatBindButBreakARule_AreOneLineEach()
    {
        await File.WriteAllTextAsync(SettingsFile, """{ "TimeZoneId": "Mars/Olympus" }""");

        var show = await Council("config", "show");

        show.ShouldFailWithOneLine($"settings: TimeZoneId: unknown time-zone id 'Mars/Olympus': use an IANA id such as 'Europe/Kyiv' (from {SettingsFile})");
        show.ExitCode.Should().Be(2);
    }

    [Fact]
    public async Task EveryKindOfProblem_IsReportedInOnePass_AndNoDatabaseIsMade()
    {
        await File.WriteAllTextAsync(SettingsFile, """
            { "Misspelt": 1, "TimeZoneId": "Nowhere", "Awards": { "QuorumShare": 2, "SubmissionLeadDays": -3 }, "Acting": { "Role": "janitor" } }
            """);

        var init = await Council("init", "--set", "Engine:CaseCacheSize=-1");

        init.ExitCode.Should().Be(2);
        var lines = init.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().Contain(l => l.Contains("Misspelt: is not a setting", StringComparison.Ordinal));
        lines.Should().Contain(l => l.Contains($"TimeZoneId: unknown time-zone id 'Nowhere'", StringComparison.Ordinal) && l.Contains(SettingsFile, StringComparison.Ordinal));
        lines.Should().Contain(l => l.Contains("Awards:QuorumShare: must be from 0 to below 1", StringComparison.Ordinal));
        lines.Should().Contain(l => l.Contains("Awards:SubmissionLeadDays: is -3", StringComparison.Ordinal));
        lines.Should().Contain(l => l.Contains("Engine:CaseCacheSize: is -1; it must not be negative (from command line)", StringComparison.Ordinal));
        lines.Should().Contain(l => l.Contains("Acting:Role: 'janitor' is not a role", StringComparison.Ordinal));
        File.Exists(Db).Should().BeFalse("settings are checked before anything is created");
    }

    [Theory]
    [InlineData("file")]
    [InlineData("environment")]
    [InlineData("command line")]
    public async Task OneValueWhereAListBelongs_IsRefused_NeverAnEmptyList(string source)
    {
        var environment = new Dictionary<string, string>();
        string[] extra = [];
        switch (source)
        {
            case "file":
                await File.WriteAllTextAsync(SettingsFile, """{ "Appeals": { "ReminderWorkingDaysBefore": 3 } }""");
                break;
            case "environment":
                environment["COUNCIL__Appeals__ReminderWorkingDaysBefore"] = "3";
                break;
            default:
                extra = ["--set", "Appeals:ReminderWorkingDaysBefore=3,1"];
                break;
        }

        var (exitCode, _, err) = await CouncilProcess.RunAsync(environment, ["config", "show", "--db", Db, .. extra]);

        exitCode.Should().Be(2, err);
        err.Should().Contain("Appeals:ReminderWorkingDaysBefore: is a list, not one value").And.Contain("Appeals:ReminderWorkingDaysBefore:0=");
    }

    [Fact]
    public async Task AListFromALaterSource_ReplacesTheWholeList_AndAMissingFieldSaysWhereTheItemCameFrom()
    {
        await File.WriteAllTextAsync(SettingsFile, """
            { "Calendar": { "DeclaredDaysOff": [ { "Date": "2026-12-17", "Reason": "розпорядження № 1" }, { "Date": "2026-12-18", "Reason": "розпорядження № 2" } ] } }
            """);

        var whole = await Council("config", "show", "--json", "--set", "Calendar:DeclaredDaysOff:0:Date=2026-12-24", "--set", "Calendar:DeclaredDaysOff:0:Reason=наказ № 3");
        var partial = await Council("config", "show", "--set", "Calendar:DeclaredDaysOff:0:Date=2026-12-24");

        whole.ExitCode.Should().Be(0, whole.Err);
        var daysOff = whole.Json.GetProperty("settings").EnumerateArray().Single(s => s.GetProperty("key").GetString() == "Calendar:DeclaredDaysOff");
        daysOff.GetProperty("value").GetArrayLength().Should().Be(1, "the command line's list replaces the file's");
        daysOff.GetProperty("value")[0].GetProperty("Reason").GetString().Should().Be("наказ № 3");
        partial.ExitCode.Should().Be(2);
        partial.Err.Should().Contain("Calendar:DeclaredDaysOff:0:Reason: is required (from command line)");
    }

    [Fact]
    public async Task ConfigCheck_TheSampleFile_IsValid()
    {
        var sample = Path.Combine(Appeals.RepositoryRoot(), "samples", "appsettings.sample.json");

        var check = await CliRun.RunAsync("config", "check", sample);

        check.ExitCode.Should().Be(0, check.Err);
        check.Out.Should().Contain("is valid");
    }

    [Fact]
    public async Task ConfigCheck_AFileThatIsNotJsonOrIsMissing_IsOneLine()
    {
        await File.WriteAllTextAsync(SettingsFile, "{ \"Appeals\": ");

        var broken = await CliRun.RunAsync("config", "check", SettingsFile);
        var missing = await CliRun.RunAsync("config", "check", Path.Combine(_directory, "none.json"));

        broken.ShouldFailWithOneLine("is not valid JSON");
        missing.ShouldFailWithOneLine("no settings file at");
    }

    [Fact]
    public async Task ConfigFileOption_NamesTheSettingsAndItsDatabase()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_directory, "etc")).FullName;
        var file = Path.Combine(folder, "council.json");
        await File.WriteAllTextAsync(file, """{ "Store": { "Path": "data/council.db" }, "OrganisationName": "Рада" }""");

        var show = await CliRun.RunAsync("config", "show", "--config", file, "--json");

        show.ExitCode.Should().Be(0, show.Err);
        show.Json.GetProperty("file").GetString().Should().Be(file);
        show.Json.GetProperty("database").GetString().Should().Be(Path.Combine(folder, "data", "council.db"), "a database named in the file is found from the file's folder");
    }

    [Fact]
    public async Task StoreSettingsThatBreakTheStoresRules_AreOneLineEach_AndNoFileIsMade()
    {
        var init = await Council("init", "--set", "Store:MaxBatch=0");

        init.ShouldFailWithOneLine("settings: SqliteStoreOptions.MaxBatch (Store:MaxBatch) is 0");
        init.ExitCode.Should().Be(2);
        File.Exists(Db).Should().BeFalse();
    }

    [Fact]
    public async Task ConfigShow_WithAsAndRole_ShowsWhoACommandWouldActAs()
    {
        var show = await Council("config", "show", "--as", "Мельник Віктор", "--role", "голова");

        show.ExitCode.Should().Be(0, show.Err);
        show.Out.Should().MatchRegex(@"Acting:Name\s+= Мельник Віктор   \[--as\]").And.MatchRegex(@"Acting:Role\s+= head   \[--role\]");
    }
}
