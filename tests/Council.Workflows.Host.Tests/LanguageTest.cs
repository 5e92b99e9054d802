using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Council.Workflows.Host.Tests;

// What people read is Ukrainian unless --lang en or the settings' Language say otherwise; machine output (JSON keys, states,
// triggers, rule ids, exit codes) is the same in both languages.
public sealed class LanguageTest : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-lang-").FullName;

    private string Db => Path.Combine(_directory, "council.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<CliRun> Council(params string[] args) => CliRun.RunDefaultAsync([.. args, "--db", Db]);

    [Fact]
    public async Task Help_IsUkrainianByDefault_AndEnglishOnRequest()
    {
        var ukrainian = await CliRun.RunDefaultAsync("--help");
        var english = await CliRun.RunDefaultAsync("--lang", "en", "--help");

        ukrainian.Out.Should().Contain("звернення громадян і клопотання про нагородження").And.Contain("Мова того, що читають люди");
        english.Out.Should().Contain("citizens' appeals and award petitions").And.NotContain("звернення громадян");
    }

    [Fact]
    public async Task UnknownVerb_IsAnsweredInTheChosenLanguage()
    {
        (await CliRun.RunDefaultAsync("apeals")).ShouldFailWithOneLine("'apeals' — не команда 'council'; можливо, 'council appeals'?");
        (await CliRun.RunDefaultAsync("--lang=en", "apeals")).ShouldFailWithOneLine("did you mean 'council appeals'?");
    }

    [Fact]
    public async Task AnUnknownLanguage_IsOneLine_WithTheChoices()
    {
        var run = await Council("--lang", "de", "appeals", "list");

        run.ExitCode.Should().Be(2);
        run.ShouldFailWithOneLine("--lang 'de': give uk (українська) or en (English).");
    }

    [Fact]
    public async Task TheSettingsLanguage_ChoosesEnglish_AndLangOverridesIt()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "appsettings.json"), """{ "Language": "en" }""");

        (await Council("apeals")).Err.Should().Contain("is not a verb of");
        (await Council("--lang", "uk", "apeals")).Err.Should().Contain("не команда");
        (await Council("--set", "Language=uk", "apeals")).Err.Should().Contain("не команда");
    }

    [Fact]
    public async Task ABadSettingsLanguage_IsRefused()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "appsettings.json"), """{ "Language": "fr" }""");

        (await Council("appeals", "list")).ShouldFailWithOneLine("Language 'fr' is neither uk nor en");
    }

    [Fact]
    public async Task ARefusal_ReadsInEitherLanguage_WithTheSameMachineOutput()
    {
        (await Council("init", "--simulation")).ExitCode.Should().Be(0);
        var registered = await Council("appeals", "register", "--kind", "заява", "--applicant", "Коваленко Петро", "--address", "м. Житомир",
            "--subject", "Дорога", "--at", "27.01.2023 10:00", "--as", "Петренко Олена", "--role", "діловод", "--json");
        registered.ExitCode.Should().Be(0, registered.Err);
        var id = registered.Json.GetProperty("id").GetString()!;
        string[] extend = ["appeals", "assign", id, "--executor", "Бондар Ігор", "--at", "2023-01-27T11:00", "--as", "Бондар Ігор", "--role", "executor"];

        var ukrainian = await Council(extend);
        var english = await Council(["--lang", "en", .. extend]);
        var ukrainianJson = await Council([.. extend, "--json"]);
        var englishJson = await Council(["--lang", "en", .. extend, "--json"]);

        ukrainian.ExitCode.Should().Be(3);
        english.ExitCode.Should().Be(3);
        ukrainian.Err.Should().Contain("Дію «призначити виконавця» відхилено у стані «зареєстровано»: Лише голова").And.Contain("призначають виконавця");
        english.Err.Should().Contain("'assign' is refused in state 'registered': Only head").And.Contain("assign the executor");
        var uk = ukrainianJson.Json.GetProperty("refusal");
        var en = englishJson.Json.GetProperty("refusal");
        uk.GetProperty("state").GetString().Should().Be("registered").And.Be(en.GetProperty("state").GetString());
        uk.GetProperty("trigger").GetString().Should().Be("assign").And.Be(en.GetProperty("trigger").GetString());
        Rules(uk).Should().Equal("appeal-assign-role").And.Equal(Rules(en));
        uk.EnumerateObject().Select(p => p.Name).Should().Equal(en.EnumerateObject().Select(p => p.Name));
    }

    private static List<string?> Rules(JsonElement refusal) => [.. refusal.GetProperty("rules").EnumerateArray().Select(r => r.GetString())];
}
