using System.Net;

namespace Council.Workflows.Host.Tests.Web;

// The staff's pages: nobody without an account, nothing without the role, no form without its token, an executor's card
// closed to another executor, every card opening logged, and the headers that keep a browser honest.
#pragma warning disable CA1001 // the fixture is disposed by IAsyncLifetime.DisposeAsync
public sealed class WebPagesTest : IAsyncLifetime
#pragma warning restore CA1001
{
    private readonly WebFixture _f = new();

    public Task InitializeAsync() => _f.StartAsync(
        true,
        NodaTime.Instant.FromUtc(2023, 2, 27, 8, 0),
        ("petrenko", "Петренко Олена", "clerk"),
        ("bondar", "Бондар Сергій", "executor"),
        ("savchuk", "Савчук Марія", "executor"),
        ("melnyk", "Мельник Віктор", "head"),
        ("audytor", "Руденко Світлана", "auditor"));

    public Task DisposeAsync() => _f.DisposeAsync().AsTask();

    // Registers an appeal on the command line (received 31.01.2023) and assigns it; returns its id.
    private async Task<string> AppealAsync(string applicant, string executor, bool benefits = false)
    {
        var register = await _f.Council([
            "appeals", "register", "--kind", "application", "--applicant", applicant, "--address", "м. Житомир", "--subject", "Дорога",
            "--at", "2023-01-31T10:00", "--as", "Петренко Олена", "--role", "clerk", "--json", .. benefits ? new[] { "--benefits" } : []]);
        register.ExitCode.Should().Be(0, register.Err);
        var id = register.Json.GetProperty("id").GetString()!;
        (await _f.Council("appeals", "assign", id, "--executor", executor, "--at", "2023-02-01T09:00", "--as", "Мельник Віктор", "--role", "head")).ExitCode.Should().Be(0);
        return id;
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/appeals/register")]
    [InlineData("/admin")]
    [InlineData("/commission")]
    [InlineData("/appeals/search")]
    [InlineData("/appeals/0190a0a0-0000-7000-8000-000000000000")]
    public async Task EveryPage_SendsAnAnonymousCallerToSignIn(string path)
    {
        var response = await _f.Browser().GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.Should().StartWith("http://localhost/account/sign-in");
    }

    [Fact]
    public async Task APageForAnotherRole_IsDenied()
    {
        var executor = await _f.SignedInAsync("bondar");
        var clerk = await _f.SignedInAsync("petrenko");

        (await executor.GetAsync("/appeals/register")).Headers.Location!.OriginalString.Should().Contain("/account/denied");
        (await executor.GetAsync("/commission")).Headers.Location!.OriginalString.Should().Contain("/account/denied");
        (await clerk.GetAsync("/admin")).Headers.Location!.OriginalString.Should().Contain("/account/denied");
        (await clerk.GetAsync("/appeals/register")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AFormWithoutItsToken_IsRefused()
    {
        var id = await AppealAsync("Коваленко Петро", "Бондар Сергій");
        var executor = await _f.SignedInAsync("bondar");

        var signIn = await _f.Browser().PostAsync("/account/sign-in", new FormUrlEncodedContent([new("login", "bondar"), new("password", WebFixture.Password("bondar"))]));
        var act = await executor.PostAsync($"/appeals/{id}", new FormUrlEncodedContent([new("act", "interim-answer"), new("text", "x"), new("version", "2")]));

        signIn.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        act.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await _f.Council("appeals", "show", id, "--json")).Json.GetProperty("history").GetArrayLength().Should().Be(2, "nothing was recorded");
    }

    [Fact]
    public async Task AnExecutor_CannotOpenAnotherExecutorsAppealByItsAddress()
    {
        var mine = await AppealAsync("Коваленко Петро", "Бондар Сергій");
        var theirs = await AppealAsync("Мороз Василь", "Савчук Марія");
        var executor = await _f.SignedInAsync("bondar");

        (await executor.GetAsync($"/appeals/{mine}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await executor.GetAsync($"/appeals/{theirs}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var desk = await executor.GetStringAsync("/");
        desk.Should().Contain("Коваленко Петро").And.NotContain("Мороз Василь");
    }

    [Fact]
    public async Task TheCard_OffersTheActionsOpenToTheAccount_AndActs()
    {
        var id = await AppealAsync("Коваленко Петро", "Бондар Сергій");
        var executor = await _f.SignedInAsync("bondar");

        var card = await executor.GetStringAsync($"/appeals/{id}");
        card.Should().Contain("id=\"act-answer\"").And.Contain("id=\"act-interim-answer\"");
        card.Should().Contain("Не для вас", "extending is the head's: shown closed, with its rule");
        var answered = await executor.PostAsync($"/appeals/{id}", WebFixture.Form(card,
            ("act", "answer"), ("commandId", Guid.NewGuid().ToString()), ("version", "2"), ("outcome", "satisfied"), ("summary", "Дорогу відремонтовано")));

        answered.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var show = await _f.Council("appeals", "show", id, "--json");
        show.Json.GetProperty("state").GetString().Should().Be("answered");
        show.Json.GetProperty("history")[2].GetProperty("account").GetString().Should().Be("bondar");
    }

    [Fact]
    public async Task AStaleForm_IsRefused_WithNothingRecorded()
    {
        var id = await AppealAsync("Коваленко Петро", "Бондар Сергій");
        var executor = await _f.SignedInAsync("bondar");
        var card = await executor.GetStringAsync($"/appeals/{id}");

        var stale = await executor.PostAsync($"/appeals/{id}", WebFixture.Form(card,
            ("act", "interim-answer"), ("commandId", Guid.NewGuid().ToString()), ("version", "1"), ("text", "Розглядаємо")));

        stale.StatusCode.Should().Be(HttpStatusCode.OK);
        (await stale.Content.ReadAsStringAsync()).Should().Contain("Хтось змінив це звернення");
        (await _f.Council("appeals", "show", id, "--json")).Json.GetProperty("history").GetArrayLength().Should().Be(2);
    }

    [Fact]
    public async Task OpeningACard_IsInTheAccessLog_WhichTheAuditorReads()
    {
        var id = await AppealAsync("Коваленко Петро", "Бондар Сергій");
        var clerk = await _f.SignedInAsync("petrenko");
        (await clerk.GetAsync($"/appeals/{id}")).StatusCode.Should().Be(HttpStatusCode.OK);
        var auditor = await _f.SignedInAsync("audytor");

        var toLog = await auditor.GetAsync("/admin");
        var log = await auditor.GetStringAsync("/admin/log");
        var cli = await _f.Council("users", "access-log", "--user", "audytor", "--password-file", _f.PasswordFile("audytor", WebFixture.Password("audytor")), "--json");

        toLog.Headers.Location!.OriginalString.Should().Be("/admin/log", "an auditor's part of the administration is the log");
        log.Should().Contain("petrenko").And.Contain("К-1");
        cli.Json.EnumerateArray().Should().Contain(e => e.GetProperty("login").GetString() == "petrenko" && e.GetProperty("caseId").GetString() == id);
    }

    [Fact]
    public async Task TheDesk_PutsBenefitsFirst_MarksTheOverdue_AndIsLight()
    {
        await AppealAsync("Коваленко Петро", "Бондар Сергій");
        await AppealAsync("Мазур Ганна", "Бондар Сергій", benefits: true);
        _f.Clock!.Reset(NodaTime.Instant.FromUtc(2023, 3, 2, 8, 0));
        var clerk = await _f.SignedInAsync("petrenko");

        var response = await clerk.GetAsync("/");
        var desk = await response.Content.ReadAsStringAsync();

        desk.IndexOf("Мазур Ганна", StringComparison.Ordinal).Should().BeLessThan(desk.IndexOf("Коваленко Петро", StringComparison.Ordinal));
        desk.Should().Contain("class=\"late\"").And.Contain("прострочено");
        response.Content.Headers.ContentLength.GetValueOrDefault(desk.Length).Should().BeLessThan(150_000);
    }

    [Fact]
    public async Task TheStatusPage_ShowsTheStateToWhoeverHoldsTheReceipt_AndNeverAName()
    {
        var id = await AppealAsync("Коваленко Петро", "Бондар Сергій");
        var code = Council.Workflows.Appeals.StatusCode.For(new Council.Workflows.Engine.CaseId(Guid.Parse(id)));
        var receipt = await _f.Council("appeals", "receipt", id);
        var citizen = _f.Browser();
        var form = await citizen.GetStringAsync("/status");

        var found = await (await citizen.PostAsync("/status", WebFixture.Form(form, ("index", "k-1"), ("received", "31.01.2023"), ("code", code.ToLowerInvariant())))).Content.ReadAsStringAsync();
        var wrongCode = await (await citizen.PostAsync("/status", WebFixture.Form(form, ("index", "К-1"), ("received", "31.01.2023"), ("code", "00000000")))).Content.ReadAsStringAsync();
        var wrongDate = await (await citizen.PostAsync("/status", WebFixture.Form(form, ("index", "К-1"), ("received", "01.02.2023"), ("code", code)))).Content.ReadAsStringAsync();

        receipt.Out.Should().Contain(code);
        found.Should().Contain("на розгляді").And.Contain("28.02.2023").And.NotContain("Коваленко").And.NotContain("Дорога");
        wrongCode.Should().Contain("Звернення з таким індексом, датою й кодом немає").And.NotContain("на розгляді");
        wrongDate.Should().Contain("Звернення з таким індексом, датою й кодом немає");
    }

    [Fact]
    public async Task Search_FindsAMisspeltApplicant_AndAnExecutorOnlyTheirs()
    {
        await AppealAsync("Коваленко Петро", "Бондар Сергій");
        await AppealAsync("Коваленко Петро", "Савчук Марія");
        var clerk = await _f.SignedInAsync("petrenko");
        var executor = await _f.SignedInAsync("savchuk");

        var forClerk = await clerk.GetStringAsync("/appeals/search?applicant=" + Uri.EscapeDataString("Kоваленкo"));
        var forExecutor = await executor.GetStringAsync("/appeals/search?applicant=" + Uri.EscapeDataString("Коваленко"));

        forClerk.Should().Contain("Знайдено: 2").And.Contain(">К-1<").And.Contain(">К-2<");
        forExecutor.Should().Contain("Знайдено: 1").And.Contain(">К-2<").And.NotContain(">К-1<");
    }

    [Fact]
    public async Task TheClerk_ReassignsSeveral_AndDownloadsTheList()
    {
        var first = await AppealAsync("Коваленко Петро", "Бондар Сергій");
        var second = await AppealAsync("Мороз Василь", "Бондар Сергій");
        var clerk = await _f.SignedInAsync("petrenko");
        var desk = await clerk.GetStringAsync("/");

        var reassigned = await clerk.PostAsync("/?handler=Reassign", WebFixture.Form(desk, ("chosen", first), ("chosen", second), ("executor", "Савчук Марія")));
        var csv = await clerk.GetAsync("/?handler=Csv");
        var text = await csv.Content.ReadAsStringAsync();

        reassigned.StatusCode.Should().Be(HttpStatusCode.Redirect);
        foreach (var id in new[] { first, second })
        {
            var show = await _f.Council("appeals", "show", id, "--json");
            show.Json.GetProperty("executor").GetString().Should().Be("Савчук Марія");
            show.Json.GetProperty("history").EnumerateArray().Last().GetProperty("account").GetString().Should().Be("petrenko");
        }

        csv.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        text.Should().Contain("index,received,applicant,subject,executor,state,due,overdue,benefits").And.Contain("К-1,2023-01-31,Коваленко Петро,Дорога,Савчук Марія");
    }

    [Fact]
    public async Task Reports_AreMadeForTheHeadAndTheClerk_InEveryFormat_AndNotForAnExecutor()
    {
        await AppealAsync("Коваленко Петро", "Бондар Сергій");
        var head = await _f.SignedInAsync("melnyk");
        var executor = await _f.SignedInAsync("bondar");

        var tables = await head.GetAsync("/reports?handler=Statutory&year=2023&quarter=1&format=html");
        var xlsx = await head.GetAsync("/reports?handler=Statutory&year=2023&quarter=1&format=xlsx");
        var year = await head.GetAsync("/reports?handler=Year&year=2023&format=html");
        var bad = await head.GetAsync("/reports?handler=Year&year=20233");
        var word = await head.GetAsync("/reports?handler=Statutory&year=abc&quarter=1");

        tables.StatusCode.Should().Be(HttpStatusCode.OK);
        (await tables.Content.ReadAsStringAsync()).Should().Contain("<table");
        xlsx.Content.Headers.ContentType!.MediaType.Should().Be("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        (await xlsx.Content.ReadAsByteArrayAsync())[..2].Should().Equal((byte)'P', (byte)'K');
        (await year.Content.ReadAsStringAsync()).Should().Contain("2023");
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        word.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await word.Content.ReadAsStringAsync()).Should().Contain("«abc» — не рік").And.Contain("<form", "the reports page again, with why");
        (await executor.GetAsync("/reports")).Headers.Location!.OriginalString.Should().Contain("/account/denied");
    }

    [Fact]
    public async Task AnAccountWithSeveralRoles_ActsInTheRoleThatOpensTheAction()
    {
        var id = await AppealAsync("Коваленко Петро", "Бондар Сергій");
        var add = await _f.Council("users", "add", "tkach", "--name", "Ткач Ірина", "--grant", "clerk,deputy-head",
            "--new-password-file", _f.PasswordFile("tkach", WebFixture.Password("tkach")), "--user", "admin", "--password-file", _f.AdminPassword);
        add.ExitCode.Should().Be(0, add.Err);
        var both = await _f.SignedInAsync("tkach");

        var card = await both.GetStringAsync($"/appeals/{id}");
        card.Should().Contain("id=\"act-extend\"", "extending is a deputy head's, and this clerk is one too");
        var role = System.Text.RegularExpressions.Regex.Match(card[card.IndexOf("id=\"act-extend\"", StringComparison.Ordinal)..], "name=\"role\" value=\"([a-z-]+)\"").Groups[1].Value;
        var extended = await both.PostAsync($"/appeals/{id}", WebFixture.Form(card,
            ("act", "extend"), ("commandId", Guid.NewGuid().ToString()), ("version", "2"), ("role", role),
            ("newDueOn", "10.03.2023"), ("reason", "Потрібне обстеження дороги"), ("notice", "Лист № 5")));

        role.Should().Be("deputy-head");
        extended.StatusCode.Should().Be(HttpStatusCode.Redirect, await extended.Content.ReadAsStringAsync());
        var last = (await _f.Council("appeals", "show", id, "--json")).Json.GetProperty("history").EnumerateArray().Last();
        last.GetProperty("role").GetString().Should().Be("deputy-head");
        last.GetProperty("account").GetString().Should().Be("tkach");
    }

    [Fact]
    public async Task EveryResponse_CarriesTheSecurityHeaders()
    {
        var response = await _f.Browser().GetAsync("/account/sign-in");

        response.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("default-src 'self'").And.Contain("script-src 'self'").And.NotContain("unsafe-inline");
        response.Headers.GetValues("X-Frame-Options").Single().Should().Be("DENY");
        response.Headers.GetValues("X-Content-Type-Options").Single().Should().Be("nosniff");
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
    }

    [Fact]
    public async Task FiveWrongPasswords_LockTheAccount_AndSignInIsRateLimited()
    {
        var browser = _f.Browser();
        for (var i = 0; i < 5; i++)
        {
            var page = await browser.GetStringAsync("/account/sign-in");
            var refused = await browser.PostAsync("/account/sign-in", WebFixture.Form(page, ("login", "petrenko"), ("password", "wrong password")));
            refused.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var form = await browser.GetStringAsync("/account/sign-in");
        var locked = await browser.PostAsync("/account/sign-in", WebFixture.Form(form, ("login", "petrenko"), ("password", WebFixture.Password("petrenko"))));
        (await locked.Content.ReadAsStringAsync()).Should().Contain("заблоковано");

        // Ten attempts a minute from one address: the rest wait (six were made above).
        var limited = false;
        for (var i = 0; i < 10 && !limited; i++)
        {
            var page = await browser.GetStringAsync("/account/sign-in");
            limited = (await browser.PostAsync("/account/sign-in", WebFixture.Form(page, ("login", "bondar"), ("password", "wrong")))).StatusCode == HttpStatusCode.TooManyRequests;
        }

        limited.Should().BeTrue();
    }

    [Fact]
    public async Task AnAppealAssignedToAMisspeltName_IsNotFoundInAnExecutorsSearch_AndTheCardRefusesSuchAName()
    {
        // The command line took a name no account has (a simulation types names); the web keeps to the accounts.
        var id = await AppealAsync("Коваленко Петро", "Бондарь Сергій");
        var executor = await _f.SignedInAsync("bondar");
        var head = await _f.SignedInAsync("melnyk");

        var search = await executor.GetStringAsync("/appeals/search?applicant=" + Uri.EscapeDataString("Коваленко"));
        var card = await head.GetStringAsync($"/appeals/{id}");
        var refused = await head.PostAsync($"/appeals/{id}", WebFixture.Form(card,
            ("act", "assign"), ("commandId", Guid.NewGuid().ToString()), ("version", "2"), ("executor", "Бондарь Сергій"), ("resolution", "Перевірити на місці")));
        var fixedName = await head.PostAsync($"/appeals/{id}", WebFixture.Form(card,
            ("act", "assign"), ("commandId", Guid.NewGuid().ToString()), ("version", "2"), ("executor", "бондар сергій")));

        search.Should().NotContain("Коваленко Петро", "the executor may not open that appeal, so search does not show it");
        card.Should().Contain("<datalist id=\"executors\">").And.Contain("<option value=\"Бондар Сергій\">").And.Contain("<option value=\"Савчук Марія\">");
        (await refused.Content.ReadAsStringAsync()).Should().Contain("«Бондарь Сергій» — немає облікового запису виконавця з таким ім&#x27;ям")
            .And.Contain("Оберіть зі списку: Бондар Сергій, Савчук Марія");
        (await refused.Content.ReadAsStringAsync()).Should().Contain("value=\"Перевірити на місці\"", "what was typed comes back with the refusal");
        fixedName.StatusCode.Should().Be(HttpStatusCode.Redirect, "a name typed in another case is the account's name");
        (await executor.GetStringAsync($"/appeals/{id}")).Should().Contain("Коваленко Петро");
    }

    [Fact]
    public async Task AnEmptyRequiredField_IsNamed()
    {
        var id = await AppealAsync("Коваленко Петро", "Бондар Сергій");
        var executor = await _f.SignedInAsync("bondar");
        var card = await executor.GetStringAsync($"/appeals/{id}");

        var empty = await executor.PostAsync($"/appeals/{id}", WebFixture.Form(card,
            ("act", "answer"), ("commandId", Guid.NewGuid().ToString()), ("version", "2"), ("outcome", "satisfied"), ("summary", "  ")));

        var page = await empty.Content.ReadAsStringAsync();
        page.Should().Contain("Заповніть поле").And.NotContain("Required input");
    }

    [Theory]
    [InlineData("/no-such-page", HttpStatusCode.NotFound, "Такої сторінки немає")]
    [InlineData("/appeals/0190a0a0-0000-7000-8000-000000000000", HttpStatusCode.NotFound, "Такої сторінки немає")]
    public async Task AnErrorStatus_HasAPageThatSaysWhatHappened(string path, HttpStatusCode status, string text)
    {
        var clerk = await _f.SignedInAsync("petrenko");

        var response = await clerk.GetAsync(path);

        response.StatusCode.Should().Be(status);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await response.Content.ReadAsStringAsync()).Should().Contain(text).And.Contain("<html lang=\"uk\">");
    }

    [Fact]
    public async Task AnAdministrator_ManagesAccountsAndKeysOnThePage_AndOthersCannot()
    {
        var admin = await _f.SignedInAsync("admin", File.ReadAllText(_f.AdminPassword).Trim());
        var page = await admin.GetStringAsync("/admin");

        async Task<string> Followed(HttpResponseMessage response) =>
            response.StatusCode == HttpStatusCode.Redirect ? await admin.GetStringAsync(response.Headers.Location!.OriginalString) : await response.Content.ReadAsStringAsync();
        var added = await Followed(await admin.PostAsync("/admin?handler=Add", WebFixture.Form(page,
            ("login", "kravets"), ("name", "Кравець Ірина"), ("roles", "executor"), ("password", "kravets long passphrase"), ("again", "kravets long passphrase"))));
        var differ = await (await admin.PostAsync("/admin?handler=Add", WebFixture.Form(page,
            ("login", "other"), ("name", "Інший"), ("roles", "clerk"), ("password", "a long passphrase"), ("again", "another passphrase")))).Content.ReadAsStringAsync();
        var roles = await Followed(await admin.PostAsync("/admin?handler=Roles", WebFixture.Form(page, ("login", "kravets"), ("roles", "executor"), ("roles", "controller"))));
        var key = await Followed(await admin.PostAsync("/admin?handler=Key", WebFixture.Form(page, ("name", "АСКОД"), ("roles", "clerk"))));
        var afterReload = await admin.GetStringAsync("/admin");
        var lastAdmin = await (await admin.PostAsync("/admin?handler=Roles", WebFixture.Form(page, ("login", "admin"), ("roles", "clerk")))).Content.ReadAsStringAsync();
        var self = await (await admin.PostAsync("/admin?handler=Disable", WebFixture.Form(page, ("login", "admin"), ("disable", "true"), ("confirm", "true")))).Content.ReadAsStringAsync();
        var unconfirmed = await (await admin.PostAsync("/admin?handler=Disable", WebFixture.Form(page, ("login", "kravets"), ("disable", "true")))).Content.ReadAsStringAsync();

        page.Should().Contain("href=\"/admin/settings\"").And.Contain("href=\"/admin/log\"");
        (await admin.GetStringAsync("/admin/settings")).Should().Contain("<td>TimeZoneId</td><td class=\"text\">Europe/Kyiv</td><td>типове значення</td>");
        unconfirmed.Should().Contain("notice error").And.Contain("Так, вимкнути kravets");
        var log = await admin.GetStringAsync("/admin/log");
        log.Should().Contain("додано обліковий запис").And.Contain("kravets (Кравець Ірина): executor")
            .And.Contain("змінено ролі облікового запису").And.Contain("controller")
            .And.Contain("видано ключ API").And.Contain("АСКОД (cw_", "every administrator's act is in the access log");
        added.Should().Contain("Обліковий запис kravets додано");
        differ.Should().Contain("Паролі не збігаються");
        roles.Should().Contain("Ролі kravets збережено");
        (await _f.Council("users", "roles", "kravets")).Out.Should().Contain("executor").And.Contain("controller").And.Contain("admin", "the grant is recorded with who made it");
        var secret = System.Text.RegularExpressions.Regex.Match(key, "cw_[0-9a-f]{10}_[A-Za-z0-9_-]+").Value;
        secret.Should().NotBeEmpty("the key is shown once");
        afterReload.Should().NotContain(secret, "shown once: a reload shows it no more, and issues nothing");
        (await _f.Api(secret).GetAsync("/api/v1/appeals")).StatusCode.Should().Be(HttpStatusCode.OK);
        lastAdmin.Should().Contain("notice error");
        self.Should().Contain("notice error");
        (await (await _f.SignedInAsync("kravets", "kravets long passphrase")).GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.OK);

        // Not an administrator: the acts are refused, even with a valid form token.
        var clerk = await _f.SignedInAsync("petrenko");
        var clerksPage = await clerk.GetStringAsync("/appeals/register");
        var refused = await clerk.PostAsync("/admin?handler=Add", WebFixture.Form(clerksPage,
            ("login", "intruder"), ("name", "Хтось"), ("roles", "administrator"), ("password", "intruder passphrase"), ("again", "intruder passphrase")));
        refused.StatusCode.Should().Be(HttpStatusCode.Redirect);
        refused.Headers.Location!.OriginalString.Should().Contain("/account/denied");
        (await _f.Council("users", "list")).Out.Should().NotContain("intruder");
    }

    [Fact]
    public async Task TheCard_ShowsTheClassifiersFieldsAndTheTerm_AndAReturnedAppealNoTermExplanation()
    {
        var register = await _f.Council([
            "appeals", "register", "--kind", "application", "--applicant", "Мазур Ганна", "--address", "м. Житомир", "--subject", "Світло",
            "--category", "7.5", "--sex", "4.1", "--pages", "2", "--attachments", "1", "--phone", "+380671234567", "--no-study",
            "--at", "2023-02-20T10:00", "--as", "Петренко Олена", "--role", "clerk", "--json"]);
        register.ExitCode.Should().Be(0, register.Err);
        var id = register.Json.GetProperty("id").GetString()!;
        var clerk = await _f.SignedInAsync("petrenko");

        var card = await clerk.GetStringAsync($"/appeals/{id}");
        card.Should().Contain("Категорія автора").And.Contain("7.5 ").And.Contain("Стать").And.Contain("4.1 ")
            .And.Contain("380671234567").And.Contain("Аркушів").And.Contain("додатки: 1 арк.")
            .And.Contain("Строк:").And.Contain("15", "the 15-day term chosen at registration is named")
            .And.Contain("Чого бракує у зверненні", "the two return forms are told apart")
            .And.Contain("Яких даних бракує для розгляду");

        var returned = await clerk.PostAsync($"/appeals/{id}", WebFixture.Form(card,
            ("act", "return-incomplete"), ("commandId", Guid.NewGuid().ToString()), ("version", "1"), ("explanation", "Не зазначено адресу")));
        returned.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var after = await clerk.GetStringAsync($"/appeals/{id}");
        after.Should().NotContain("Чому саме ця дата").And.NotContain("Строк:", "a returned appeal has no term running to explain");
    }

    [Fact]
    public async Task AnImpossibleDateOnTheCard_IsNamed_AndAStaleFormSaysToReload()
    {
        var id = await AppealAsync("Коваленко Петро", "Бондар Сергій");
        var head = await _f.SignedInAsync("melnyk");
        var card = await head.GetStringAsync($"/appeals/{id}");

        var impossible = await (await head.PostAsync($"/appeals/{id}", WebFixture.Form(card,
            ("act", "extend"), ("commandId", Guid.NewGuid().ToString()), ("version", "2"), ("newDueOn", "31.02.2023"), ("reason", "Вивчення"), ("notice", "Лист")))).Content.ReadAsStringAsync();
        var stale = await head.PostAsync($"/appeals/{id}", new FormUrlEncodedContent([new("__csrf", "stale"), new("act", "extend")]));

        impossible.Should().Contain("такого дня немає");
        stale.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await stale.Content.ReadAsStringAsync()).Should().Contain("сторінка застаріла").And.NotContain("JSON");
    }

    [Fact]
    public async Task Annulling_IsConfirmed()
    {
        var id = await AppealAsync("Коваленко Петро", "Бондар Сергій");
        var head = await _f.SignedInAsync("melnyk");
        var card = await head.GetStringAsync($"/appeals/{id}");

        var unconfirmed = await (await head.PostAsync($"/appeals/{id}", WebFixture.Form(card,
            ("act", "annul"), ("commandId", Guid.NewGuid().ToString()), ("version", "2"), ("annulReason", "Зареєстровано двічі")))).Content.ReadAsStringAsync();
        var confirmed = await head.PostAsync($"/appeals/{id}", WebFixture.Form(card,
            ("act", "annul"), ("commandId", Guid.NewGuid().ToString()), ("version", "2"), ("annulReason", "Зареєстровано двічі"), ("confirm", "true")));

        card.Should().Contain("name=\"confirm\" value=\"true\" required");
        unconfirmed.Should().Contain("notice error").And.Contain("Так, анулювати реєстрацію");
        confirmed.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await _f.Council("appeals", "show", id, "--json")).Json.GetProperty("state").GetString().Should().Be("annulled");
    }

    [Fact]
    public async Task ALateComplaint_IsMarked_ItsTermRestorationAskedAndDecided_OnTheCard()
    {
        var register = await _f.Council([
            "appeals", "register", "--kind", "complaint", "--applicant", "Мазур Ганна", "--address", "м. Житомир", "--subject", "Скарга на рішення",
            "--complained-about", "рішення ЖЕК", "--decided", "10.01.2022", "--learned", "15.01.2022",
            "--at", "2023-02-20T10:00", "--as", "Петренко Олена", "--role", "clerk", "--json"]);
        register.ExitCode.Should().Be(0, register.Err);
        var id = register.Json.GetProperty("id").GetString()!;
        var clerk = await _f.SignedInAsync("petrenko");
        var head = await _f.SignedInAsync("melnyk");

        var card = await clerk.GetStringAsync($"/appeals/{id}");
        card.Should().Contain("id=\"act-mark-late\"").And.Contain("value=\"10.01.2022\"", "the dates given at registration are offered");
        var badDate = await (await clerk.PostAsync($"/appeals/{id}", WebFixture.Form(card,
            ("act", "mark-late"), ("commandId", Guid.NewGuid().ToString()), ("version", "1"), ("decidedOn", "30.02.2022")))).Content.ReadAsStringAsync();
        badDate.Should().Contain("такого дня немає");
        var marked = await clerk.PostAsync($"/appeals/{id}", WebFixture.Form(card,
            ("act", "mark-late"), ("commandId", Guid.NewGuid().ToString()), ("version", "1"), ("decidedOn", "10.01.2022"), ("learnedOn", "15.01.2022")));
        marked.StatusCode.Should().Be(HttpStatusCode.Redirect);

        card = await clerk.GetStringAsync($"/appeals/{id}");
        card.Should().Contain("id=\"act-request-restoration\"");
        var requested = await clerk.PostAsync($"/appeals/{id}", WebFixture.Form(card,
            ("act", "request-restoration"), ("commandId", Guid.NewGuid().ToString()), ("version", "2"), ("grounds", "Перебувала на лікуванні")));
        requested.StatusCode.Should().Be(HttpStatusCode.Redirect);

        var headsCard = await head.GetStringAsync($"/appeals/{id}");
        headsCard.Should().Contain("id=\"act-restore-term\"").And.Contain("id=\"act-refuse-restoration\"");
        var empty = await (await head.PostAsync($"/appeals/{id}", WebFixture.Form(headsCard,
            ("act", "restore-term"), ("commandId", Guid.NewGuid().ToString()), ("version", "3"), ("decisionReason", " ")))).Content.ReadAsStringAsync();
        empty.Should().Contain("Заповніть поле «Чому (мотиви рішення)»");
        var restored = await head.PostAsync($"/appeals/{id}", WebFixture.Form(headsCard,
            ("act", "restore-term"), ("commandId", Guid.NewGuid().ToString()), ("version", "3"), ("decisionReason", "Лікарняний підтверджено")));
        restored.StatusCode.Should().Be(HttpStatusCode.Redirect);

        var show = await _f.Council("appeals", "show", id, "--json");
        show.Json.GetProperty("state").GetString().Should().Be("registered", "a restored term puts the complaint back to be considered");
        show.Json.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("type").GetString()).Should()
            .Contain(["complaint-late", "restoration-requested", "term-restored"]);
    }

    [Fact]
    public async Task TheLessCommonActs_HaveTheirFormsOnTheCard()
    {
        var register = await _f.Council([
            "appeals", "register", "--kind", "application", "--applicant", "Мазур Ганна", "--address", "м. Житомир", "--subject", "Світло",
            "--at", "2023-02-20T10:00", "--as", "Петренко Олена", "--role", "clerk", "--json"]);
        var id = register.Json.GetProperty("id").GetString()!;
        var clerk = await _f.SignedInAsync("petrenko");

        var card = await clerk.GetStringAsync($"/appeals/{id}");
        var returned = await clerk.PostAsync($"/appeals/{id}", WebFixture.Form(card,
            ("act", "return-incomplete"), ("commandId", Guid.NewGuid().ToString()), ("version", "1"), ("explanation", "Не зазначено адресу для відповіді")));

        card.Should().Contain("id=\"act-return-incomplete\"").And.Contain("id=\"act-not-consider\"").And.Contain("id=\"act-annul\"")
            .And.NotContain("Виконується в командному рядку: council appeals return");
        returned.StatusCode.Should().Be(HttpStatusCode.Redirect, await returned.Content.ReadAsStringAsync());
        (await _f.Council("appeals", "show", id, "--json")).Json.GetProperty("state").GetString().Should().Be("returned");
    }

    [Fact]
    public async Task TheRegistration_IsCorrectedOnTheCard_OnlyWhatChanged()
    {
        var register = await _f.Council([
            "appeals", "register", "--kind", "application", "--applicant", "Мазур Ганна", "--address", "м. Житомир", "--subject", "Свтіло",
            "--at", "2023-02-20T10:00", "--as", "Петренко Олена", "--role", "clerk", "--json"]);
        var id = register.Json.GetProperty("id").GetString()!;
        var clerk = await _f.SignedInAsync("petrenko");
        var card = await clerk.GetStringAsync($"/appeals/{id}");

        var corrected = await clerk.PostAsync($"/appeals/{id}", WebFixture.Form(card,
            ("act", "correct"), ("commandId", Guid.NewGuid().ToString()), ("version", "1"), ("applicant", "Мазур Ганна"), ("address", "м. Житомир"),
            ("subject", "Світло"), ("correctReason", "Помилка введення")));

        card.Should().Contain("id=\"act-correct\"");
        corrected.StatusCode.Should().Be(HttpStatusCode.Redirect, await corrected.Content.ReadAsStringAsync());
        var shown = (await _f.Council("appeals", "show", id, "--json")).Json;
        shown.GetProperty("subject").GetString().Should().Be("Світло");
    }

    [Fact]
    public async Task TheRegisterForm_TakesTheFifteenDayTermAndTheCardsClassifierFields()
    {
        var clerk = await _f.SignedInAsync("petrenko");
        var form = await clerk.GetStringAsync("/appeals/register");
        var preview = await clerk.GetStringAsync("/appeals/register?handler=Due&received=27.02.2023&deputy=false&noStudy=true");

        var registered = await clerk.PostAsync("/appeals/register", WebFixture.Form(form,
            ("commandId", Guid.NewGuid().ToString()), ("kind", "application"), ("channel", "post"), ("applicant", "Мазур Ганна"), ("subject", "Світло"),
            ("received", "27.02.2023"), ("noStudy", "true"), ("category", "7.5"), ("issues", ""), ("pages", "2"), ("phone", "+380 67 000 00 00")));

        form.Should().Contain("name=\"noStudy\"").And.Contain("name=\"category\"");
        preview.Should().Contain("14.03.2023");
        registered.StatusCode.Should().Be(HttpStatusCode.Redirect, await registered.Content.ReadAsStringAsync());
        var id = registered.Headers.Location!.OriginalString.Split('/', '?')[2];
        var shown = (await _f.Council("appeals", "show", id, "--json")).Json;
        shown.GetProperty("dueOn").GetString().Should().Be("2023-03-14", "15 days from 27.02.2023");
        shown.GetRawText().Should().Contain("7.5").And.Contain("+380 67 000 00 00");

        var complaint = await clerk.PostAsync("/appeals/register", WebFixture.Form(form,
            ("commandId", Guid.NewGuid().ToString()), ("kind", "complaint"), ("channel", "post"), ("applicant", "Коваль Іван"), ("subject", "Скарга на відмову"),
            ("received", "27.02.2023"), ("signatories", "5"), ("complainedAbout", "Управління ЖКГ"), ("decidedOn", "10.02.2023"), ("learnedOn", "31.02.2023")));
        (await complaint.Content.ReadAsStringAsync()).Should().Contain("31.02.2023: такого дня немає")
            .And.Contain("value=\"Управління ЖКГ\"").And.Contain("value=\"5\"", "what was typed comes back with the refusal");
        var fixedComplaint = await clerk.PostAsync("/appeals/register", WebFixture.Form(form,
            ("commandId", Guid.NewGuid().ToString()), ("kind", "complaint"), ("channel", "post"), ("applicant", "Коваль Іван"), ("subject", "Скарга на відмову"),
            ("received", "27.02.2023"), ("signatories", "5"), ("complainedAbout", "Управління ЖКГ"), ("decidedOn", "10.02.2023"), ("learnedOn", "12.02.2023")));
        fixedComplaint.StatusCode.Should().Be(HttpStatusCode.Redirect, await fixedComplaint.Content.ReadAsStringAsync());
        var complaintId = fixedComplaint.Headers.Location!.OriginalString.Split('/', '?')[2];
        var complaintShown = (await _f.Council("appeals", "show", complaintId, "--json")).Json;
        complaintShown.GetProperty("collective").GetBoolean().Should().BeTrue();
        complaintShown.GetRawText().Should().Contain("Управління ЖКГ");
    }

    [Fact]
    public async Task ARefusalOnTheCard_OffersOnlyWhatThisAccountMayDo_AndCitesItsRulesOnce()
    {
        var id = await AppealAsync("Коваленко Петро", "Бондар Сергій");
        var executor = await _f.SignedInAsync("bondar");
        var card = await executor.GetStringAsync($"/appeals/{id}");

        var refused = await (await executor.PostAsync($"/appeals/{id}", WebFixture.Form(card,
            ("act", "answer"), ("commandId", Guid.NewGuid().ToString()), ("version", "2"), ("outcome", "refused"), ("summary", "Відмовлено")))).Content.ReadAsStringAsync();

        var notice = System.Text.RegularExpressions.Regex.Match(refused, "<div class=\"notice error\" role=\"alert\">(.*?)</div>\\s*</div>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        notice.Should().Contain("відхилено").And.Contain("Дозволено: проміжна відповідь");
        notice.Should().NotContain("продовжити строк", "extending is the head's, not this executor's").And.NotContain("<li>");
    }
}
