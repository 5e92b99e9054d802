using Council.Workflows.Host.Configuration;
using Council.Workflows.Host.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace Council.Workflows.Host.Tests.Web;

// A clerk's day in real headless Chromium against the real server (Kestrel on a free local port): sign in, register an
// appeal with the due date shown as it is typed, assign it; the executor signs in, finds it on the desk and answers it.
// Screenshots of each page are kept under the test's output folder (screenshots/) to be looked at.
public sealed class BrowserTest : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-browser-").FullName;
    private WebApplication? _app;
    private string _base = "";

    private string Db => Path.Combine(_directory, "council.db");

    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        var pw = Path.Combine(_directory, "admin.pw");
        await File.WriteAllTextAsync(pw, "administrator passphrase\n");
        File.SetUnixFileMode(pw, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        (await CliRun.RunAsync("init", "--simulation", "--db", Db)).ExitCode.Should().Be(0);
        (await CliRun.RunAsync("users", "add", "admin", "--name", "Адміністратор", "--grant", "administrator", "--new-password-file", pw, "--db", Db)).ExitCode.Should().Be(0);
        foreach (var (login, name, role) in new[] { ("petrenko", "Петренко Олена", "clerk"), ("bondar", "Бондар Сергій", "executor"), ("kovalchuk", "Ковальчук Андрій", "secretary") })
        {
            var file = Path.Combine(_directory, login + ".pw");
            await File.WriteAllTextAsync(file, WebFixture.Password(login) + "\n");
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            (await CliRun.RunAsync("users", "add", login, "--name", name, "--grant", role, "--new-password-file", file, "--user", "admin", "--password-file", pw, "--db", Db)).ExitCode.Should().Be(0);
        }

        _app = WebApp.Build(CouncilSettings.Load(null, Db, []), new WebOptions { Urls = ["http://127.0.0.1:0"] });
        await _app.StartAsync();
        _base = _app.Urls.Single();
        Directory.CreateDirectory(Screenshots);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task SignInAsync(IPage page, string login, string landing = "form.filters")
    {
        await page.GotoAsync(_base + "/account/sign-in");
        await page.FillAsync("#login", login);
        await page.FillAsync("#password", WebFixture.Password(login));
        await page.PressAsync("#password", "Enter");
        await page.WaitForSelectorAsync(landing);
    }

    private static async Task ShotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    [Fact]
    public async Task AClerksDay_RegistersAssignsAndTheExecutorAnswers()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = PrintedDocumentsTest.Chromium(), Args = ["--no-sandbox"] });
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 }, Locale = "uk-UA" });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") { errors.Add(m.Text); } };
        page.RequestFailed += (_, r) => errors.Add($"{r.Url}: {r.Failure}");
        using (var http = new HttpClient())
        {
            var probe = await http.GetAsync(_base + "/account/sign-in");
            probe.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        }

        await page.GotoAsync(_base + "/");

        (await page.TitleAsync()).Should().Contain("Вхід");
        await ShotAsync(page, "01-sign-in");
        await SignInAsync(page, "petrenko");
        (await page.TextContentAsync("h1")).Should().Contain("Мій стіл");
        await ShotAsync(page, "02-desk-empty");

        await page.ClickAsync("text=Зареєструвати звернення");
        await page.FillAsync("#applicant", "Коваленко Петро Іванович");
        await page.FillAsync("#address", "м. Житомир, вул. Київська, 1");
        await page.FillAsync("#subject", "Не відремонтовано дорогу на вулиці Київській");
        await page.SelectOptionAsync("#kind", "complaint");
        await page.WaitForFunctionAsync("document.getElementById('due-preview').textContent.includes('Строк')");
        await ShotAsync(page, "03-register");
        await page.ClickAsync("button[type=submit] >> text=Зареєструвати");
        await page.WaitForSelectorAsync(".notice.ok");
        (await page.TextContentAsync("h1")).Should().Contain("К-1");
        await page.FillAsync("#act-assign #executor", "Бондар Сергій");
        await page.ClickAsync("#act-assign button[type=submit]");
        await page.WaitForSelectorAsync(".notice.ok");
        (await page.TextContentAsync("dl.card")).Should().Contain("Бондар Сергій");
        await ShotAsync(page, "04-card-assigned");
        await page.ClickAsync("header .who button[type=submit] >> text=Вийти");
        await page.WaitForSelectorAsync("#login");
        await page.GotoAsync(_base + "/");
        page.Url.Should().StartWith(_base + "/account/sign-in", "signed out, the desk asks to sign in again");

        await SignInAsync(page, "bondar");
        await ShotAsync(page, "05-executor-desk");
        await page.ClickAsync("text=К-1");
        await page.FillAsync("#act-answer #summary", "Дорогу на вулиці Київській відремонтовано 20.02.2023.");
        await page.ClickAsync("#act-answer button[type=submit]");
        await page.WaitForSelectorAsync(".notice.ok");
        (await page.TextContentAsync("h1")).Should().Contain("надано відповідь");
        await ShotAsync(page, "06-card-answered");

        await page.ClickAsync("text=English");
        (await page.TextContentAsync("h1")).Should().Contain("answered");
        await ShotAsync(page, "07-card-english");
        errors.Should().BeEmpty("the pages run without script errors (and with a strict Content-Security-Policy)");
    }

    [Fact]
    public async Task ASecretarysSitting_OpensDeclaresVotesClosesAndPrintsTheMinutes()
    {
        // A petition and a meeting for today, made on the command line (a simulation: names and roles typed).
        string[] secretary = ["--as", "Ковальчук Андрій", "--role", "secretary", "--db", Db];
        var date = NodaTime.Instant.FromDateTimeOffset(TimeProvider.System.GetUtcNow()).InZone(NodaTime.DateTimeZoneProviders.Tzdb["Europe/Kyiv"]).Date;
        var today = date.ToString("dd.MM.uuuu", System.Globalization.CultureInfo.InvariantCulture);
        (await CliRun.RunAsync(["awards", "petition", "submit", "--petitioner", "Військова частина А0000", "--petitioner-kind", "military-unit",
            "--nominee", "Шевченко Олег Петрович|thanks|military|За мужність", .. secretary])).ExitCode.Should().Be(0);
        var year = date.Year;
        (await CliRun.RunAsync(["awards", "petition", "register", $"1/{year}", .. secretary])).ExitCode.Should().Be(0);
        (await CliRun.RunAsync(["awards", "meeting", "schedule", "--on", today, "--chair", "Гречко Наталія", "--secretary", "Ковальчук Андрій",
            "--member", "Лисенко Оксана", "--member", "Мороз Василь", "--member", "Олійник Тетяна", .. secretary])).ExitCode.Should().Be(0);
        (await CliRun.RunAsync(["awards", "meeting", "add", "1", $"1/{year}", .. secretary])).ExitCode.Should().Be(0);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = PrintedDocumentsTest.Chromium(), Args = ["--no-sandbox"] });
        var page = await (await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } })).NewPageAsync();
        await SignInAsync(page, "kovalchuk", landing: "main h1");
        await page.ClickAsync("header nav >> text=Комісія");
        await page.ClickAsync("table >> text=1");
        await page.UncheckAsync("#open input[value='Олійник Тетяна']");
        await ShotAsync(page, "08-meeting-scheduled");
        await page.ClickAsync("#open button[type=submit]");
        (await page.TextContentAsync(".notice.ok")).Should().Contain("Засідання відкрито");

        await page.SelectOptionAsync("#nominee-1 select[name=member]", "Мороз Василь");
        await page.ClickAsync("#nominee-1 >> text=Записати заяву");
        (await page.TextContentAsync(".notice.ok")).Should().Contain("Заяву записано");
        // Nothing is chosen in advance: the browser will not send the form until the motion and every ballot are entered.
        (await page.IsCheckedAsync("#nominee-1 input[value=for]")).Should().BeFalse();
        await page.ClickAsync("#nominee-1 >> text=Записати голосування");
        (await page.TextContentAsync("#nominee-1")).Should().NotContain("За — ");
        await page.SelectOptionAsync("#nominee-1 select[name=motion]", "recommend");
        foreach (var radio in await page.QuerySelectorAllAsync("#nominee-1 input[type=radio][value=for]"))
        {
            await radio.CheckAsync();
        }

        await page.ClickAsync("#nominee-1 >> text=Записати голосування");
        (await page.TextContentAsync("#nominee-1")).Should().Contain("За — 3, проти — 0, утрималися — 0").And.Contain("рекомендовано")
            .And.Contain("не голосували (конфлікт інтересів): Мороз Василь");
        await ShotAsync(page, "09-meeting-voted");

        await page.CheckAsync("form[action*=Close] input[name=confirm]");
        await page.ClickAsync("text=Закрити засідання");
        (await page.TextContentAsync(".notice.ok")).Should().Contain("Засідання закрито");
        await ShotAsync(page, "09b-meeting-closed");
        var minutes = await page.RunAndWaitForPopupAsync(() => page.ClickAsync("text=Протокол — для друку"));
        await minutes.WaitForLoadStateAsync();
        (await minutes.ContentAsync()).Should().Contain("ПРОТОКОЛ № 1").And.Contain("Шевченко Олег Петрович");
        await ShotAsync(minutes, "10-minutes");

        // After the sitting: the grant the mayor's order made, then the presentation, on the petition's page.
        await page.GotoAsync(_base + "/commission");
        await page.ClickAsync("text=Клопотання про нагородження");
        await page.ClickAsync($"table >> text=1/{year}");
        (await page.TextContentAsync("#nominee-1")).Should().Contain("Військовослужбовці — Подяка міського голови").And.Contain("рекомендовано");
        (await page.TextContentAsync("#on-agenda")).Should().Contain($"У порядку денному засідання {today}");
        await ShotAsync(page, "12a-petition-recommended");
        await page.SelectOptionAsync("#nominee-1 form.grant select[name=instrument]", "mayors-order");
        await page.FillAsync("#nominee-1 form.grant input[name=number]", "125-р");
        await page.FillAsync("#nominee-1 form.grant input[name=on]", today);
        await page.ClickAsync("#nominee-1 form.grant button[type=submit]");
        (await page.TextContentAsync(".notice.ok")).Should().Contain("Нагородження записано");
        await page.FillAsync("#nominee-1 form.present input[name=on]", today);
        await page.ClickAsync("#nominee-1 form.present button[type=submit]");
        (await page.TextContentAsync("#nominee-1")).Should().Contain($"Вручено {today}").And.Contain($"№ 125-р від {today}");
        await ShotAsync(page, "12-petition");

        // The register of petitions with its filters, and a new petition typed in the browser.
        await page.ClickAsync("text=Клопотання про нагородження");
        await ShotAsync(page, "13-petitions");
        await page.ClickAsync("#new-petition");
        await page.FillAsync("#petitioner", "ГО «Волонтери Житомира»");
        await page.SelectOptionAsync("#kind", "ngo");
        await page.FillAsync("[id='n1.name']", "Ткаченко Марія Іванівна");
        await page.SelectOptionAsync("[id='n1.category']", "volunteer");
        await page.SelectOptionAsync("[id='n1.award']", "thanks");
        await page.FillAsync("[id='n1.justification']", "За допомогу військовим");
        await ShotAsync(page, "14-new-petition");
        await page.ClickAsync("button[type=submit] >> text=Подати клопотання");
        (await page.TextContentAsync(".notice.ok")).Should().Contain("Клопотання зареєстровано");
        await ShotAsync(page, "15-petition-registered");
        await page.ClickAsync("text=English");
        await ShotAsync(page, "16-petition-english");
        await page.ClickAsync("text=Українська");

        // A meeting scheduled for tomorrow, opened today: the page says its date would change and asks for a yes.
        var tomorrow = date.PlusDays(1).ToString("dd.MM.uuuu", System.Globalization.CultureInfo.InvariantCulture);
        (await CliRun.RunAsync(["awards", "meeting", "schedule", "--on", tomorrow, "--chair", "Гречко Наталія", "--secretary", "Ковальчук Андрій", "--member", "Лисенко Оксана", .. secretary])).ExitCode.Should().Be(0);
        await page.GotoAsync(_base + "/commission");
        await page.ClickAsync("table tbody tr:first-child a");
        (await page.TextContentAsync("#off-schedule")).Should().Contain($"призначено на {tomorrow}, а сьогодні {today}");
        await ShotAsync(page, "17-meeting-off-schedule");
    }

    [Fact]
    public async Task AnAdministrator_AddsAnAccountAndIssuesAKey_InTheBrowser()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = PrintedDocumentsTest.Chromium(), Args = ["--no-sandbox"] });
        var page = await (await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } })).NewPageAsync();
        await page.GotoAsync(_base + "/account/sign-in");
        await page.FillAsync("#login", "admin");
        await page.FillAsync("#password", "administrator passphrase");
        await page.PressAsync("#password", "Enter");
        await page.ClickAsync("header nav >> text=Адміністрування");

        await page.FillAsync("#new-login", "kravets");
        await page.FillAsync("#new-name", "Кравець Ірина");
        await page.CheckAsync("form[action*=Add] input[value=executor]");
        await page.FillAsync("#new-password", "kravets long passphrase");
        await page.FillAsync("#new-again", "kravets long passphrase");
        await page.ClickAsync("text=Додати обліковий запис");
        (await page.TextContentAsync(".notice.ok")).Should().Contain("Обліковий запис kravets додано");
        await page.FillAsync("#key-name", "АСКОД");
        await page.CheckAsync("form[action*=Key] input[value=clerk]");
        await page.ClickAsync("text=Видати ключ");
        (await page.TextContentAsync("code.secret")).Should().StartWith("cw_");
        await page.ClickAsync("tr:has-text('kravets') summary");
        await ShotAsync(page, "11-admin");
        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth");
        overflow.Should().BeFalse("the administration page fits an office screen's width");

        // The council's settings: a day off declared, saved into the settings file beside the database.
        await page.ClickAsync("text=Налаштування ради");
        await page.FillAsync("#address", "вул. Соборна, 1, м. Житомир");
        await page.FillAsync("input[name=offDate] >> nth=0", "31.12.2024");
        await page.FillAsync("input[name=offReason] >> nth=0", "розпорядження міського голови № 1");
        await page.ClickAsync("text=Зберегти налаштування");
        (await page.TextContentAsync(".notice.ok")).Should().Contain("Збережено");
        (await File.ReadAllTextAsync(Path.Combine(_directory, "appsettings.json"))).Should().Contain("2024-12-31").And.Contain("вул. Соборна");
        await ShotAsync(page, "13-settings");
        await page.GotoAsync(_base + "/admin/log");
        (await page.TextContentAsync("table")).Should().Contain("змінено налаштування ради");
        await ShotAsync(page, "14-access-log");
    }
}
