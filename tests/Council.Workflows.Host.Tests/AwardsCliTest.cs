using Microsoft.Data.Sqlite;

namespace Council.Workflows.Host.Tests;

public sealed class AwardsCliTest : IDisposable
{
    private static readonly string[] Members = ["--chair", "Гречко Наталія", "--secretary", "Ковальчук Андрій", "--member", "Лисенко Оксана", "--member", "Мороз Василь", "--member", "Олійник Тетяна", "--member", "Павленко Роман", "--member", "Руденко Світлана"];
    private readonly string _directory = Directory.CreateTempSubdirectory("council-awards-").FullName;

    private string Db => Path.Combine(_directory, "council.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<CliRun> Council(params string[] args) => CliRun.RunAsync([.. args, "--db", Db, "--as", "Гречко Наталія", "--role", "secretary", "--at", "2023-03-01T10:00"]);

    private async Task RegisteredPetitionAsync()
    {
        (await Council("awards", "petition", "submit", "--petitioner", "Військова частина А0000", "--petitioner-kind", "military-unit",
            "--nominee", "Шевченко Олег Петрович|thanks|military|За мужність", "--nominee", "Бондаренко Ігор|honorary-certificate|military|За евакуацію")).ExitCode.Should().Be(0);
        (await Council("awards", "petition", "register", "1/2023")).ExitCode.Should().Be(0);
    }

    private async Task OpenMeetingAsync()
    {
        (await Council(["awards", "meeting", "schedule", "--on", "2023-03-01", .. Members])).ExitCode.Should().Be(0);
        (await Council("awards", "meeting", "add", "1", "1/2023")).ExitCode.Should().Be(0);
        var open = await Council("awards", "meeting", "open", "1", "--present", "Гречко Наталія", "--present", "Ковальчук Андрій", "--present", "Лисенко Оксана", "--present", "Мороз Василь", "--present", "Олійник Тетяна");
        open.ExitCode.Should().Be(0, open.Err);
    }

    [Fact]
    public async Task PeopleSearch_AMisspeltName_FindsThePersonsNominations()
    {
        await RegisteredPetitionAsync();

        var found = await Council("awards", "people", "search", "Шевчинко Олег");
        var json = await Council("awards", "people", "search", "бондаренко", "--json");
        var none = await Council("awards", "people", "search", "Нікого Немає");

        found.ExitCode.Should().Be(0, found.Err);
        found.Out.Should().Contain("1/2023").And.Contain("#1 Шевченко Олег Петрович — Mayor's letter of thanks").And.Contain("similar name");
        json.Json[0].GetProperty("nominee").GetInt32().Should().Be(2);
        none.Out.Should().Contain("No nomination of such a person.");
    }

    [Fact]
    public async Task PetitionShow_AfterRegistration_ShowsTheEligibilityWarning()
    {
        await RegisteredPetitionAsync();

        var show = await Council("awards", "petition", "show", "1/2023", "--json");

        var petition = show.Json.GetProperty("petition");
        petition.GetProperty("state").GetString().Should().Be("in-review");
        petition.GetProperty("nominees")[1].GetProperty("warnings")[0].GetProperty("rule").GetString().Should().Be("lower-first");
    }

    [Fact]
    public async Task Meeting_ThroughTheCli_ReviewsThePetitionAndPrintsMinutes()
    {
        await RegisteredPetitionAsync();
        await OpenMeetingAsync();
        await Council("awards", "meeting", "declare-conflict", "1", "--member", "Мороз Василь", "--petition", "1/2023", "--nominee", "2");

        var vote = await Council("awards", "meeting", "vote", "1", "--petition", "1/2023", "--nominee", "1", "--for", "Гречко Наталія", "--for", "Ковальчук Андрій", "--for", "Лисенко Оксана", "--against", "Мороз Василь");
        var refused = await Council("awards", "meeting", "vote", "1", "--petition", "1/2023", "--nominee", "2", "--for", "Мороз Василь", "--for", "Гречко Наталія", "--for", "Ковальчук Андрій");
        await Council("awards", "meeting", "vote", "1", "--petition", "1/2023", "--nominee", "2", "--for", "Гречко Наталія", "--against", "Ковальчук Андрій", "--against", "Лисенко Оксана", "--reason", "Недостатньо підстав");
        var close = await Council("awards", "meeting", "close", "1");
        var minutes = await Council("awards", "meeting", "minutes", "1");
        var petition = await Council("awards", "petition", "show", "1/2023", "--json");

        vote.Out.Should().Contain("for 3, against 1, abstained 0: recommended");
        refused.ExitCode.Should().Be(3);
        refused.Err.Should().Contain("Art. 28");
        close.ExitCode.Should().Be(0, close.Err);
        minutes.Out.Should().StartWith("ПРОТОКОЛ № 1").And.Contain("Не голосували через конфлікт інтересів: Мороз Василь.").And.Contain("відмовити; причина: Недостатньо підстав");
        var nominees = petition.Json.GetProperty("petition").GetProperty("nominees");
        nominees[0].GetProperty("status").GetString().Should().Be("recommended");
        nominees[1].GetProperty("status").GetString().Should().Be("rejected");
    }

    [Fact]
    public async Task Show_AMemberWhoLeftAndReturned_IsNamedAsReturned()
    {
        await RegisteredPetitionAsync();
        await OpenMeetingAsync();
        (await Council("awards", "meeting", "attendance", "1", "--member", "Мороз Василь", "--left")).ExitCode.Should().Be(0);
        (await Council("awards", "meeting", "attendance", "1", "--member", "Мороз Василь", "--arrived")).ExitCode.Should().Be(0);

        var show = await Council("awards", "meeting", "show", "1");

        show.Out.Should().Contain("left: Мороз Василь (returned)");
    }

    [Fact]
    public async Task ShowAndMinutes_MemberArrivedAndMemberLeft_SayTheSameNumbers()
    {
        await RegisteredPetitionAsync();
        await OpenMeetingAsync();
        (await Council("awards", "meeting", "attendance", "1", "--member", "Павленко Роман", "--arrived")).ExitCode.Should().Be(0);
        await Council("awards", "meeting", "vote", "1", "--petition", "1/2023", "--nominee", "1", "--for", "Павленко Роман", "--for", "Гречко Наталія", "--for", "Ковальчук Андрій", "--for", "Лисенко Оксана");
        (await Council("awards", "meeting", "attendance", "1", "--member", "Мороз Василь", "--left")).ExitCode.Should().Be(0);
        await Council("awards", "meeting", "close", "1");

        var show = await Council("awards", "meeting", "show", "1");
        var json = await Council("awards", "meeting", "show", "1", "--json");
        var minutes = await Council("awards", "meeting", "minutes", "1");

        show.Out.Should().Contain("present 6 of 7 (5 at the close); arrived during the sitting: Павленко Роман; left: Мороз Василь");
        json.Json.GetProperty("present").GetArrayLength().Should().Be(6);
        minutes.Out.Should().Contain("Присутні (6 з 7 членів комісії; кворум — 4, є)")
            .And.Contain("Павленко Роман — прибув(-ла) під час засідання")
            .And.Contain("Мороз Василь — залишив(-ла) засідання")
            .And.Contain("Відсутні: Руденко Світлана.");
    }

    [Fact]
    public async Task Open_OnAnotherDayThanScheduled_OpensAndSaysSo()
    {
        await Council(["awards", "meeting", "schedule", "--on", "2023-03-02", .. Members]);

        var open = await Council("awards", "meeting", "open", "1", "--present", "Гречко Наталія", "--present", "Ковальчук Андрій", "--present", "Лисенко Оксана", "--present", "Мороз Василь");

        open.ExitCode.Should().Be(0, open.Err);
        open.Out.Should().Contain("in-session").And.Contain("note: Meeting № 1 was scheduled for 02.03.2023 and is opened on 01.03.2023");
    }

    [Fact]
    public async Task Open_WithoutAQuorum_ExitsRefused()
    {
        await Council(["awards", "meeting", "schedule", "--on", "2023-03-01", .. Members]);

        var open = await Council("awards", "meeting", "open", "1", "--present", "Гречко Наталія", "--present", "Ковальчук Андрій");

        open.ExitCode.Should().Be(3);
        open.Err.Should().Contain("Quorum");
    }

    [Fact]
    public async Task GrantAndPresent_TheOnlyRecommendedNominee_ClosesThePetition()
    {
        await Council("awards", "petition", "submit", "--petitioner", "ГО «Волонтери»", "--petitioner-kind", "ngo", "--nominee", "Ткаченко Марія|thanks|volunteer|За допомогу");
        await Council("awards", "petition", "register", "1/2023");
        await OpenMeetingAsync();
        await Council("awards", "meeting", "vote", "1", "--petition", "1/2023", "--nominee", "1", "--for", "Гречко Наталія", "--for", "Ковальчук Андрій", "--for", "Лисенко Оксана");
        await Council("awards", "meeting", "close", "1");

        var wrong = await Council("awards", "grant", "1/2023", "--nominee", "1", "--instrument", "council-decision", "--number", "5", "--on", "2023-03-06");
        var grant = await Council("awards", "grant", "1/2023", "--nominee", "1", "--instrument", "mayors-order", "--number", "215-р", "--on", "2023-03-06");
        var present = await Council("awards", "present", "1/2023", "--nominee", "1", "--on", "2023-03-08", "--json");

        wrong.ExitCode.Should().Be(3);
        grant.ExitCode.Should().Be(0, grant.Err);
        present.Json.GetProperty("state").GetString().Should().Be("closed");
    }

    [Fact]
    public async Task Submit_MalformedNominee_IsOneLine()
    {
        var run = await Council("awards", "petition", "submit", "--petitioner", "X", "--nominee", "Шевченко|thanks");

        run.ShouldFailWithOneLine("is not NAME|AWARD|CATEGORY|JUSTIFICATION");
        run.ExitCode.Should().Be(2);
    }

    [Fact]
    public async Task Submit_SubmittedIn1800_IsOneLineNamingTheField()
    {
        var run = await Council("awards", "petition", "submit", "--petitioner", "X", "--nominee", "Шевченко Олег|thanks|military|За мужність", "--submitted", "1800-03-01");

        run.ShouldFailWithOneLine("--submitted 1800-03-01");
        run.ExitCode.Should().Be(2);
        File.Exists(Db).Should().BeFalse("the date was refused while parsing, before anything was opened or stored");
    }

    [Fact]
    public async Task Submit_SubmittedDecadesBeforeTheAct_IsOneLineNamingTheField()
    {
        var run = await Council("awards", "petition", "submit", "--petitioner", "X", "--nominee", "Шевченко Олег|thanks|military|За мужність", "--submitted", "1950-03-01");

        run.ShouldFailWithOneLine("The date of submission (SubmittedOn) 1950-03-01 is out of range");
        run.ExitCode.Should().Be(2);
    }

    [Fact]
    public async Task Schedule_InTheYear3000_IsOneLineNamingTheField()
    {
        var run = await Council(["awards", "meeting", "schedule", "--on", "3000-03-01", .. Members]);

        run.ShouldFailWithOneLine("--on 3000-03-01");
        run.ExitCode.Should().Be(2);
    }

    [Fact]
    public async Task Schedule_DecadesAfterTheAct_IsOneLineNamingTheField()
    {
        var run = await Council(["awards", "meeting", "schedule", "--on", "2100-03-01", .. Members]);

        run.ShouldFailWithOneLine("The meeting's date (On) 2100-03-01 is out of range");
        run.ExitCode.Should().Be(2);
    }

    [Fact]
    public async Task Submit_AwardOutsideTheCatalogue_IsRecordedWithANoteAndRegistrationIsRefused()
    {
        var submit = await Council("awards", "petition", "submit", "--petitioner", "X", "--nominee", "Шевченко Олег|no-such-award|military|За мужність");
        var json = await Council("awards", "petition", "submit", "--petitioner", "Y", "--nominee", "Бойко Ігор|thanks|no-such-category|За допомогу", "--json");
        var register = await Council("awards", "petition", "register", "1/2023");

        submit.ExitCode.Should().Be(0, submit.Err);
        submit.Out.Should().Contain("Submitted petition 1/2023")
            .And.Contain("note: Nominee 1 (Шевченко Олег): the award 'no-such-award' is not in the catalogue (valid: thanks, honorary-certificate,");
        json.Json.GetProperty("number").GetString().Should().Be("2/2023");
        json.Json.GetProperty("suggestions")[0].GetProperty("code").GetString().Should().Be("unknown-category");
        register.ExitCode.Should().Be(3);
        register.Err.Should().Contain("only when complete");
    }

    [Fact]
    public async Task Minutes_UnknownMeeting_IsOneLine()
    {
        await Council(["awards", "meeting", "schedule", "--on", "2023-03-01", .. Members]);

        var run = await Council("awards", "meeting", "minutes", "7");

        run.ShouldFailWithOneLine("no meeting 7");
    }
}
