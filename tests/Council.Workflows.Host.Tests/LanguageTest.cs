using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Council.Workflows.Host.Tests;

// What people read is Ukrainian unless --lang en or the settings' Language say otherwise; machine output (JSON keys, states,
// triggers, rule ids, exit codes) is the same in both languages.
public sealed partial class LanguageTest : IDisposable
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
    public async Task EveryHelpPage_IsUkrainianByDefault()
    {
        // Walks every verb's help: a line with English words and no Cyrillic letter is a text left untranslated
        // (usage lines, examples and option names excepted).
        var untranslated = new List<string>();
        var pages = 0;
        async Task Walk(string[] path)
        {
            pages++;
            var help = (await CliRun.RunDefaultAsync([.. path, "--help"])).Out;
            untranslated.AddRange(help.Split('\n')
                .Where(l => !CyrillicLetter().IsMatch(l) && EnglishWords().IsMatch(l) && !l.TrimStart().StartsWith("council ", StringComparison.Ordinal))
                .Select(l => $"[{string.Join(' ', path)}] {l.Trim()}"));
            var verbs = help.Split('\n').SkipWhile(l => !l.StartsWith("Команди:", StringComparison.Ordinal)).Skip(1)
                .Where(l => l.StartsWith("  ", StringComparison.Ordinal) && l.Length > 2 && char.IsAsciiLetterLower(l[2]))
                .Select(l => l.Trim().Split(' ')[0]);
            foreach (var verb in verbs.ToList())
            {
                await Walk([.. path, verb]);
            }
        }

        await Walk([]);

        pages.Should().BeGreaterThan(60, "the walk reached every verb");
        untranslated.Should().BeEmpty();
    }

    [System.Text.RegularExpressions.GeneratedRegex("[а-яіїєґА-ЯІЇЄҐ]")]
    private static partial System.Text.RegularExpressions.Regex CyrillicLetter();

    [System.Text.RegularExpressions.GeneratedRegex("[A-Za-z]{3,} [a-z]{3,} [a-z]{3,}")]
    private static partial System.Text.RegularExpressions.Regex EnglishWords();

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

        (await Council("appeals", "list")).ShouldFailWithOneLine("Language 'fr': give uk (українська) or en (English)");
        (await CliRun.RunDefaultAsync("config", "check", Path.Combine(_directory, "appsettings.json"))).Err.Should().Contain("Language: «fr»: вкажіть uk (українська) або en (English) (джерело: ");
    }

    [Fact]
    public async Task SettingsProblems_ReadInTheChosenLanguage_WithTheKeysAsWritten()
    {
        var settings = Path.Combine(_directory, "appsettings.json");
        await File.WriteAllTextAsync(settings, """
            { "TimeZoneId": "Mars/Olympus", "Misspelt": 1,
              "Calendar": { "DeclaredDaysOff": [ { "Date": "31.02.2024", "Reason": "x" } ] },
              "Appeals": { "Outgoing": { "Format": "№" } } }
            """);

        var ukrainian = await CliRun.RunDefaultAsync("config", "check", settings);
        var english = await CliRun.RunDefaultAsync("--lang", "en", "config", "check", settings);

        ukrainian.ExitCode.Should().NotBe(0);
        ukrainian.Err.Should().Contain("Misspelt: не є налаштуванням (тут відомі: ")
            .And.Contain("Calendar:DeclaredDaysOff:0:Date: «31.02.2024» — не дата (31.12.2024 або 2024-12-31) (джерело: ");
        english.Err.Should().Contain("Misspelt: is not a setting (known here: ")
            .And.Contain("Calendar:DeclaredDaysOff:0:Date: '31.02.2024' is not a date (31.12.2024 or 2024-12-31) (from ");
    }

    [Fact]
    public async Task LibraryOptionRules_ReadInTheChosenLanguage()
    {
        var settings = Path.Combine(_directory, "appsettings.json");
        await File.WriteAllTextAsync(settings, """{ "TimeZoneId": "Mars/Olympus", "Appeals": { "Outgoing": { "Format": "№" } } }""");

        var ukrainian = await CliRun.RunDefaultAsync("config", "check", settings);
        var english = await CliRun.RunDefaultAsync("--lang", "en", "config", "check", settings);

        ukrainian.Err.Should().Contain("TimeZoneId: невідомий часовий пояс «Mars/Olympus»")
            .And.Contain("Appeals:Outgoing:Format: має містити {number}");
        english.Err.Should().Contain("TimeZoneId: unknown time-zone id 'Mars/Olympus'")
            .And.Contain("Appeals:Outgoing:Format: must contain {number}");
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

    [Fact]
    public async Task AppealsVerbs_SpeakUkrainianByDefault_AndTheirJsonIsTheSameInEnglish()
    {
        (await Council("init", "--simulation")).ExitCode.Should().Be(0);
        string[] clerk = ["--as", "Петренко Олена", "--role", "діловод"];
        var empty = await Council(["appeals", "list", .. clerk]);
        var registered = await Council(["appeals", "register", "--kind", "скарга", "--applicant", "Коваленко Петро", "--address", "м. Житомир",
            "--subject", "Дорога", "--complained-about", "КП «Шляхове»", "--at", "31.01.2023 10:00", .. clerk]);
        (await Council("appeals", "assign", "К-1", "--executor", "Бондар Сергій", "--at", "01.02.2023 09:30", "--as", "Мельник Віктор", "--role", "голова")).ExitCode.Should().Be(0);
        var list = await Council("appeals", "list", "--at", "01.03.2023");
        var show = await Council("appeals", "show", "К-1", "--at", "01.03.2023");
        var help = await Council("appeals", "register", "--help");
        var missing = await Council("appeals", "assign", "К-1");
        var showJson = await Council("appeals", "show", "К-1", "--at", "01.03.2023", "--json");
        var showJsonEnglish = await Council("--lang", "en", "appeals", "show", "К-1", "--at", "01.03.2023", "--json");
        var listEnglish = await Council("--lang", "en", "appeals", "list", "--at", "01.03.2023");

        empty.Out.Should().Be("Звернень не знайдено.\n");
        registered.Out.Should().StartWith("Зареєстровано К-1 (ідентифікатор ").And.Contain("надійшло 31.01.2023, строк — до 28.02.2023.");
        list.Out.Should().MatchRegex(@"^К-1 від 31\.01\.2023  на розгляді  строк 28\.02\.2023 ПРОСТРОЧЕНО  Бондар Сергій  Дорога\n$");
        listEnglish.Out.Should().MatchRegex(@"^К-1 of 31\.01\.2023  under-consideration  due 28\.02\.2023 OVERDUE  Бондар Сергій  Дорога\n$");
        show.Out.Should().Contain("К-1 (скарга, поштою) — на розгляді").And.Contain("  виконавець: Бондар Сергій; контролює: Мельник Віктор")
            .And.Contain("Петренко Олена (діловод) → зареєстровано").And.NotContain("under-consideration");
        help.Out.Should().Contain("Опис:").And.Contain("Параметри:").And.Contain("Зареєструвати звернення при надходженні").And.Contain("(ПОТРІБНО)");
        missing.ShouldFailWithOneLine("Параметр '--executor' обов'язковий.");
        showJson.Out.Should().Be(showJsonEnglish.Out, "machine output does not change with the language");
    }

    [Fact]
    public async Task AwardsVerbs_SpeakUkrainianByDefault_AndARefusedVoteCitesItsRuleInUkrainian()
    {
        string[] secretary = ["--as", "Гречко Наталія", "--role", "секретар", "--at", "01.03.2023 10:00"];
        (await Council(["awards", "petition", "submit", "--petitioner", "Військова частина А0000", "--petitioner-kind", "military-unit",
            "--nominee", "Шевченко Олег Петрович|thanks|military|За мужність", .. secretary])).Out.Should().StartWith("Подано клопотання 1/2023 (ідентифікатор ");
        (await Council(["awards", "petition", "register", "1/2023", .. secretary])).ExitCode.Should().Be(0);
        (await Council(["awards", "meeting", "schedule", "--on", "01.03.2023", "--chair", "Гречко Наталія", "--secretary", "Ковальчук Андрій",
            "--member", "Лисенко Оксана", "--member", "Мороз Василь", "--member", "Олійник Тетяна", .. secretary])).Out.Should().StartWith("Призначено засідання № 1 на 01.03.2023");
        (await Council(["awards", "meeting", "add", "1", "1/2023", .. secretary])).ExitCode.Should().Be(0);
        (await Council(["awards", "meeting", "open", "1", "--present", "Гречко Наталія", "--present", "Ковальчук Андрій", "--present", "Лисенко Оксана", .. secretary])).ExitCode.Should().Be(0);

        var vote = await Council(["awards", "meeting", "vote", "1", "--petition", "1/2023", "--nominee", "1", "--for", "Гречко Наталія", "--for", "Мороз Василь", .. secretary]);
        var show = await Council(["awards", "meeting", "show", "1", .. secretary]);

        vote.ExitCode.Should().Be(3);
        vote.Err.Should().Contain("відмовлено: Дію «голосувати» відхилено у стані «триває»: Кожен присутній член голосує один раз; відсутні не голосують (відсутні: Мороз Василь)")
            .And.NotContain("ballots-present-once");
        show.Out.Should().StartWith("Засідання № 1, 01.03.2023 — триває; присутні 3 з 5").And.Contain("клопотання 1/2023").And.Contain("ще не вирішено");
    }

    private static List<string?> Rules(JsonElement refusal) => [.. refusal.GetProperty("rules").EnumerateArray().Select(r => r.GetString())];
}
