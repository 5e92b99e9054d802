using System.Net;
using System.Text.RegularExpressions;
using Council.Workflows.Awards;
using Council.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace Council.Workflows.Host.Tests.Web;

// The commission's pages as a new user found them (a trial, 2026-12): a vote read with its motion and reason, a meeting
// opened off its day only when confirmed, a category outside the catalogue warned of, refusals cited once in words, the
// agenda named, the grant and "not awarded" as separate forms, buttons capitalised, the petitions filtered and paged, and a
// petition submitted from the browser.
#pragma warning disable CA1001 // the fixture is disposed by IAsyncLifetime.DisposeAsync
public sealed partial class CommissionPagesTest : IAsyncLifetime
#pragma warning restore CA1001
{
    // The server's clock: 27.02.2023, 10:00 in Kyiv.
    private static readonly NodaTime.Instant Now = NodaTime.Instant.FromUtc(2023, 2, 27, 8, 0);

    private static readonly string[] Members = ["--chair", "Гречко Наталія", "--secretary", "Ковальчук Андрій", "--member", "Лисенко Оксана"];

    private readonly WebFixture _f = new();

    public Task InitializeAsync() => _f.StartAsync(true, Now, ("kovalchuk", "Ковальчук Андрій", "secretary"), ("lysenko", "Лисенко Оксана", "commission-member"));

    public Task DisposeAsync() => _f.DisposeAsync().AsTask();

    // A staff act on the command line, in the simulation, an hour before the server's now.
    private async Task<CliRun> CliAsync(params string[] args)
    {
        var run = await _f.Council([.. args, "--as", "Ковальчук Андрій", "--role", "secretary", "--at", "2023-02-27T09:00"]);
        run.ExitCode.Should().Be(0, run.Err + run.Out);
        return run;
    }

    // Submits (and registers) petition 1/2023 with the given nominees ("name|award|category|justification"); returns its id.
    private async Task<string> PetitionAsync(bool register = true, params string[] nominees)
    {
        var submit = await CliAsync(["awards", "petition", "submit", "--petitioner", "Військова частина А0000", "--petitioner-kind", "military-unit",
            .. nominees.SelectMany(n => new[] { "--nominee", n }), "--submitted", "20.02.2023", "--json"]);
        var id = submit.Json.GetProperty("id").GetString()!;
        if (register)
        {
            await CliAsync("awards", "petition", "register", id);
        }

        return id;
    }

    // Schedules meeting 1 on the day given and returns its id (read from the commission's page).
    private async Task<string> MeetingAsync(HttpClient client, string on, params string[] petitions)
    {
        await CliAsync(["awards", "meeting", "schedule", "--on", on, .. Members]);
        foreach (var petition in petitions)
        {
            await CliAsync("awards", "meeting", "add", "1", petition);
        }

        return MeetingLink().Match(await client.GetStringAsync("/commission")).Groups[1].Value;
    }

    // Posts a page's form (its token read from the page first).
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string handler, params (string Name, string Value)[] fields)
    {
        var page = await client.GetStringAsync(path);
        return await client.PostAsync($"{path}?handler={handler}", WebFixture.Form(page, fields));
    }

    private static async Task<string> FollowAsync(HttpClient client, HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            return await response.Content.ReadAsStringAsync();
        }

        return await client.GetStringAsync(response.Headers.Location!.OriginalString);
    }

    // A nominee's block on a page (from its id to the next nominee's or the page's end).
    private static string Block(string html, int no) =>
        html[html.IndexOf($"id=\"nominee-{no}\"", StringComparison.Ordinal)..] is var rest && rest.IndexOf($"id=\"nominee-{no + 1}\"", StringComparison.Ordinal) is > 0 and var end ? rest[..end] : rest;

    // A sitting on the command line: nominee 1 recommended, the meeting closed (so the petition is reviewed).
    private async Task<string> RecommendedAsync(HttpClient client)
    {
        var petition = await PetitionAsync(true, "Шевченко Олег Петрович|thanks|military|За мужність");
        await MeetingAsync(client, "27.02.2023", "1/2023");
        await CliAsync("awards", "meeting", "open", "1", "--present", "Гречко Наталія", "--present", "Ковальчук Андрій", "--present", "Лисенко Оксана");
        await CliAsync("awards", "meeting", "vote", "1", "--petition", "1/2023", "--nominee", "1", "--for", "Гречко Наталія", "--for", "Ковальчук Андрій", "--for", "Лисенко Оксана");
        await CliAsync("awards", "meeting", "close", "1");
        return petition;
    }

    [Fact]
    public async Task Meeting_ADeferralAndANomineeNotVotedOn_ShowTheMotionWithItsReasonAndNotConsidered()
    {
        var client = await _f.SignedInAsync("kovalchuk");
        await PetitionAsync(true, "Шевченко Олег Петрович|thanks|military|За мужність", "Бондаренко Ігор|thanks|military|За евакуацію");
        var meeting = await MeetingAsync(client, "27.02.2023", "1/2023");
        await CliAsync("awards", "meeting", "open", "1", "--present", "Гречко Наталія", "--present", "Ковальчук Андрій", "--present", "Лисенко Оксана");
        await CliAsync("awards", "meeting", "vote", "1", "--petition", "1/2023", "--nominee", "1", "--motion", "defer", "--reason", "Бракує характеристики",
            "--for", "Гречко Наталія", "--for", "Ковальчук Андрій", "--against", "Лисенко Оксана");
        await CliAsync("awards", "meeting", "close", "1");

        var page = await client.GetStringAsync($"/commission/meetings/{meeting}");

        Block(page, 1).Should().Contain("На голосування поставлено:").And.Contain("відкласти розгляд").And.Contain("За — 2, проти — 1, утрималися — 0")
            .And.Contain("Причина: Бракує характеристики");
        Block(page, 2).Should().Contain("не розглянуто").And.Contain("розгляд відкладено до наступного засідання");
    }

    [Fact]
    public async Task Meeting_OpenedBeforeItsDay_IsWarnedOfAndNeedsTheConfirmation()
    {
        var client = await _f.SignedInAsync("kovalchuk");
        var meeting = await MeetingAsync(client, "03.03.2023");
        var path = $"/commission/meetings/{meeting}";
        (string, string)[] present = [("present", "Гречко Наталія"), ("present", "Ковальчук Андрій"), ("present", "Лисенко Оксана")];

        var before = await client.GetStringAsync(path);
        var unconfirmed = await PostAsync(client, path, "Open", [("commandId", Guid.NewGuid().ToString()), .. present]);
        var unconfirmedPage = await unconfirmed.Content.ReadAsStringAsync();
        var stillScheduled = await client.GetStringAsync(path);
        var confirmed = await FollowAsync(client, await PostAsync(client, path, "Open", [("commandId", Guid.NewGuid().ToString()), ("moveDate", "true"), .. present]));

        before.Should().Contain("id=\"off-schedule\"").And.Contain("Засідання призначено на 03.03.2023, а сьогодні 27.02.2023").And.Contain("name=\"moveDate\"");
        unconfirmed.StatusCode.Should().Be(HttpStatusCode.OK);
        unconfirmedPage.Should().Contain("позначте підтвердження");
        stillScheduled.Should().Contain("name=\"moveDate\"", "nothing was opened");
        confirmed.Should().Contain("Засідання відкрито.").And.Contain("Дата засідання тепер 27.02.2023 (сьогодні), а не призначена 03.03.2023");
    }

    [Fact]
    public async Task Petition_ACategoryOutsideTheCatalogue_IsWarnedOfAndNotOfferedForAcceptance()
    {
        var client = await _f.SignedInAsync("kovalchuk");
        var id = await PetitionAsync(false, "Шевченко Олег Петрович|thanks|no-such-category|За мужність");
        var path = $"/commission/petitions/{id}";

        var page = await client.GetStringAsync(path);
        var forced = await (await PostAsync(client, path, "Register", ("commandId", Guid.NewGuid().ToString()))).Content.ReadAsStringAsync();

        Block(page, 1).Should().Contain("no-such-category").And.Contain("категорії немає в каталозі ради");
        page.Should().NotContain("handler=Register").And.Contain("handler=Return");
        forced.Should().Contain("не можна прийняти до розгляду");
        (await client.GetStringAsync(path)).Should().Contain("handler=Return", "the petition is still submitted, to be returned for correction");
    }

    [Fact]
    public async Task Petition_ARefusedAct_CitesItsRuleOnceInWordsAndPermitsOnlyWhatThisAccountMayDo()
    {
        var client = await _f.SignedInAsync("kovalchuk");
        var id = await RecommendedAsync(client);

        var refused = await (await PostAsync(client, $"/commission/petitions/{id}", "Grant",
            ("commandId", Guid.NewGuid().ToString()), ("nominee", "1"), ("instrument", "council-decision"), ("number", "12"), ("on", "27.02.2023"))).Content.ReadAsStringAsync();

        Regex.Count(refused, "Нагороду надає орган, до відання якого вона належить").Should().Be(1, "the rule is cited once");
        refused.Should().NotContain("Дозволено", "nothing else this page offers is open now (withdraw, remind are not the account's acts here)");
    }

    [Fact]
    public async Task Petition_RefusedForIncompleteness_CitesTheRuleOnceWithTheCataloguesNames()
    {
        var client = await _f.SignedInAsync("kovalchuk");
        var id = await PetitionAsync(false, "Шевченко Олег Петрович|thanks|no-such-category|За мужність");

        var refused = await (await PostAsync(client, $"/commission/petitions/{id}", "Register", ("commandId", Guid.NewGuid().ToString()))).Content.ReadAsStringAsync();

        Regex.Count(refused, "Клопотання реєструють лише повним").Should().Be(1, "the rule is cited once");
        refused.Should().Contain("категорії «no-such-category» немає в каталозі ради").And.Contain("Військовослужбовці, Волонтери");
        refused.Should().NotContain("допустимі:", "the valid ids are not listed raw").And.NotContain("military, volunteer");
        refused.Should().Contain("Дозволено: повернути на доопрацювання.", "only what the page offers this account now (not withdraw)");
    }

    [Fact]
    public async Task Petition_PlacedOnAnAgenda_NamesTheMeetingAndOffersTheFormNoMore()
    {
        var client = await _f.SignedInAsync("kovalchuk");
        var id = await PetitionAsync(true, "Шевченко Олег Петрович|thanks|military|За мужність");
        var meeting = await MeetingAsync(client, "27.02.2023");
        var path = $"/commission/petitions/{id}";
        var before = await client.GetStringAsync(path);

        var after = await FollowAsync(client, await PostAsync(client, path, "Agenda", ("commandId", Guid.NewGuid().ToString()), ("meeting", meeting)));

        before.Should().Contain("handler=Agenda");
        after.Should().Contain("Клопотання внесено до порядку денного засідання.").And.Contain($"<a href=\"/commission/meetings/{meeting}\">У порядку денному засідання 27.02.2023 (№ 1)</a>");
        after.Should().NotContain("handler=Agenda");
    }

    [Fact]
    public async Task Meeting_TakesAPetitionInReviewOnItsAgenda_FromItsOwnPage()
    {
        var client = await _f.SignedInAsync("kovalchuk");
        var id = await PetitionAsync(true, "Шевченко Олег Петрович|thanks|military|За мужність");
        var meeting = await MeetingAsync(client, "27.02.2023");
        var path = $"/commission/meetings/{meeting}";
        var before = await client.GetStringAsync(path);

        var unchosen = await (await PostAsync(client, path, "Agenda", ("commandId", Guid.NewGuid().ToString()), ("petition", ""))).Content.ReadAsStringAsync();
        var after = await FollowAsync(client, await PostAsync(client, path, "Agenda", ("commandId", Guid.NewGuid().ToString()), ("petition", id)));

        before.Should().Contain("id=\"add-to-agenda\"").And.Contain($"value=\"{Guid.Parse(id)}\"").And.Contain("Шевченко Олег Петрович");
        unchosen.Should().Contain("Виберіть клопотання");
        after.Should().Contain("Клопотання внесено до порядку денного.").And.NotContain("id=\"add-to-agenda\"", "the only petition in review is on it now");
        (await client.GetStringAsync($"/commission/petitions/{id}")).Should().Contain("У порядку денному засідання 27.02.2023");
    }

    [Fact]
    public async Task Petition_NotAwarded_NeedsNoInstrumentFields_AndAGrantNamesWhatIsMissing()
    {
        var client = await _f.SignedInAsync("kovalchuk");
        var id = await RecommendedAsync(client);
        var path = $"/commission/petitions/{id}";
        var page = await client.GetStringAsync(path);
        var notAwardedForm = NotAwardedForm().Match(page).Value;

        var grantMissing = await (await PostAsync(client, path, "Grant", ("commandId", Guid.NewGuid().ToString()), ("nominee", "1"), ("instrument", "mayors-order"))).Content.ReadAsStringAsync();
        var notAwarded = await FollowAsync(client, await PostAsync(client, path, "NotAwarded", ("commandId", Guid.NewGuid().ToString()), ("nominee", "1")));

        notAwardedForm.Should().NotBeEmpty().And.NotContain("required").And.NotContain("name=\"awarded\"");
        grantMissing.Should().Contain("Не заповнено: Номер документа, Дата документа.");
        notAwarded.Should().Contain("Записано: не нагороджено.").And.Contain("не нагороджено: розпорядження міського голови № б/н від 27.02.2023");
    }

    [Fact]
    public async Task Petition_ActionButtons_StartWithACapitalLetter()
    {
        var client = await _f.SignedInAsync("kovalchuk");
        var submitted = await PetitionAsync(false, "Шевченко Олег Петрович|thanks|military|За мужність");

        var page = await client.GetStringAsync($"/commission/petitions/{submitted}");

        var buttons = SubmitButton().Matches(page).Select(m => m.Groups[1].Value.Trim()).Where(b => b.Length > 0 && b != "Вийти" && b != "English").ToList();
        buttons.Should().Contain("Прийняти до розгляду").And.Contain("Повернути на доопрацювання");
        buttons.Should().OnlyContain(b => char.IsUpper(b[0]));
    }

    [Fact]
    public async Task Petitions_AreFilteredAndPaged_InTheRegistersOrder()
    {
        var engine = _f.App.Services.GetRequiredService<WorkflowEngine>();
        var secretary = new Official("Ковальчук Андрій", OfficialRole.Secretary);
        for (var i = 1; i <= 55; i++)
        {
            (await engine.ExecuteAsync(new SubmitPetition
            {
                CommandId = Guid.NewGuid(), CaseId = new CaseId(Guid.NewGuid()), Actor = secretary, At = Now.Minus(NodaTime.Duration.FromMinutes(100 - i)),
                Petitioner = new Petitioner(PetitionerKind.Ngo, $"ГО «Волонтери {i}»"),
                Nominees = [new NomineeProposal { Name = i == 7 ? "Ткаченко Марія" : $"Кандидат {i}", Award = "thanks", Category = i % 2 == 0 ? "volunteer" : "medicine", Justification = "За допомогу" }],
            })).Status.Should().Be(CommandStatus.Accepted);
        }

        var client = await _f.SignedInAsync("lysenko");

        var first = await client.GetStringAsync("/commission/petitions");
        var second = await client.GetStringAsync("/commission/petitions?p=2");
        var byName = await client.GetStringAsync("/commission/petitions?q=ткаченко");
        var byCategory = await client.GetStringAsync("/commission/petitions?category=volunteer&year=2023&state=submitted");

        PetitionNumber().Matches(first).Select(m => m.Groups[1].Value).Should().HaveCount(50).And.StartWith("55/2023");
        first.Should().Contain("Знайдено клопотань: 55").And.Contain("сторінка 1 з 2").And.Contain("p=2");
        PetitionNumber().Matches(second).Select(m => m.Groups[1].Value).Should().Equal("5/2023", "4/2023", "3/2023", "2/2023", "1/2023");
        PetitionNumber().Matches(byName).Select(m => m.Groups[1].Value).Should().Equal("7/2023");
        PetitionNumber().Matches(byCategory).Should().HaveCount(27);
        first.Should().NotContain("/commission/petitions/new", "a commission member does not submit petitions");
    }

    [Fact]
    public async Task NewPetition_FromTheBrowser_IsSubmittedRegisteredAndShowsItsWarnings()
    {
        var client = await _f.SignedInAsync("kovalchuk");
        var form = await client.GetStringAsync("/commission/petitions/new");

        var missing = await (await client.PostAsync("/commission/petitions/new", WebFixture.Form(form,
            ("commandId", Guid.NewGuid().ToString()), ("rows", "5"), ("petitioner", "Військова частина А0000"), ("kind", "military-unit"),
            ("n1.name", "Коваль Іван"), ("n1.award", "thanks"), ("n1.justification", "За мужність")))).Content.ReadAsStringAsync();
        var more = await (await client.PostAsync("/commission/petitions/new?handler=More", WebFixture.Form(form, ("rows", "5"), ("petitioner", "Військова частина А0000")))).Content.ReadAsStringAsync();
        var created = await client.PostAsync("/commission/petitions/new", WebFixture.Form(form,
            ("commandId", Guid.NewGuid().ToString()), ("rows", "5"), ("petitioner", "Військова частина А0000"), ("kind", "military-unit"), ("submitted", "20.02.2023"), ("register", "true"),
            ("n1.name", "Коваль Іван"), ("n1.position", "старший солдат"), ("n1.category", "military"), ("n1.award", "thanks"), ("n1.justification", "За мужність"),
            ("n2.name", "Коваль Іван"), ("n2.category", "military"), ("n2.award", "honorary-certificate"), ("n2.justification", "За евакуацію")));
        var page = await FollowAsync(client, created);

        form.Should().Contain("<select id=\"n1.category\"").And.Contain("Військовослужбовці").And.Contain("Подяка міського голови");
        missing.Should().Contain("Кандидат 1: не заповнено — Категорія");
        more.Should().Contain("id=\"row-10\"").And.Contain("value=\"Військова частина А0000\"");
        created.StatusCode.Should().Be(HttpStatusCode.Redirect);
        page.Should().Contain("Клопотання 1/2023").And.Contain("Клопотання зареєстровано й прийнято до розгляду.").And.Contain("Застережень щодо права на нагороду:")
            .And.Contain("старший солдат");
        Block(page, 2).Should().Contain("notice soon").And.Contain("ще раз", "the same person named twice is an eligibility warning the commission sees");
    }

    [GeneratedRegex("href=\"/commission/meetings/([0-9a-f-]{36})\"")]
    private static partial Regex MeetingLink();

    [GeneratedRegex("<form[^>]*handler=NotAwarded[^>]*>.*?</form>", RegexOptions.Singleline)]
    private static partial Regex NotAwardedForm();

    [GeneratedRegex("<button type=\"submit\"[^>]*>([^<]*)</button>")]
    private static partial Regex SubmitButton();

    [GeneratedRegex("<a href=\"/commission/petitions/[0-9a-f-]{36}\">([^<]+)</a>")]
    private static partial Regex PetitionNumber();
}
