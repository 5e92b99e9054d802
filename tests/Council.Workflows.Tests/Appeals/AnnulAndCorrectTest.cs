using Council.Workflows.Appeals;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;
using Council.Workflows.Reporting;
using static Council.Workflows.Tests.Appeals.AppealFixture;

namespace Council.Workflows.Tests.Appeals;

// A registration made by mistake is annulled; a typo in one is corrected; neither is a withdrawal.
public class AnnulAndCorrectTest
{
    private readonly AppealFixture _f = new();

    private AnnulRegistration Annul(CaseId id, Official? by = null) =>
        new() { CommandId = Guid.NewGuid(), CaseId = id, Actor = by ?? Clerk, At = _f.Now, Reason = "Той самий лист зареєстровано двічі", DuplicateOf = "К-1" };

    private CorrectRegistration Correct(CaseId id, string? applicant = null, string? address = null, string? subject = null, Official? by = null) =>
        new() { CommandId = Guid.NewGuid(), CaseId = id, Actor = by ?? Clerk, At = _f.Now, Applicant = applicant, Address = address, Subject = subject, Reason = "Описка при реєстрації" };

    [Fact]
    public async Task Annul_DuplicateRegistration_KeepsItInTheHistoryWithItsNumberAndStopsItsTimers()
    {
        await _f.RegisterAsync();
        var duplicate = await _f.RegisterAsync();

        var result = await _f.ExecuteAsync(Annul(duplicate.Id));

        result.Status.Should().Be(CommandStatus.Accepted);
        var annulled = await _f.AppealAsync(duplicate.Id);
        annulled.State.Should().Be(AppealState.Annulled);
        annulled.Index.Should().Be("К-2");
        annulled.IsOpen.Should().BeFalse();
        var e = (await _f.Store.LoadHistoryAsync(duplicate.Id))[^1];
        e.Type.Should().Be("registration-annulled");
        e.Reason.Should().Be("Той самий лист зареєстровано двічі");
        ((RegistrationAnnulled)e.Data).DuplicateOf.Should().Be("К-1");
        (await _f.Store.TimersOfAsync(duplicate.Id)).Should().BeEmpty();
    }

    [Fact]
    public async Task Register_AfterAnAnnulment_NeverReusesTheAnnulledNumber()
    {
        await _f.RegisterAsync();
        var duplicate = await _f.RegisterAsync();
        await _f.ExecuteAsync(Annul(duplicate.Id));

        var next = await _f.RegisterAsync(_f.Registration("Мазур Ганна", "Освітлення двору"));

        next.Index.Should().Be("М-3");
    }

    [Fact]
    public async Task Annul_ByAnExecutor_IsRefusedNamingTheRule()
    {
        var appeal = await _f.AssignedAsync();

        var result = await _f.ExecuteAsync(Annul(appeal.Id, Executor));

        result.Status.Should().Be(CommandStatus.Refused);
        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().Contain("annul");
    }

    [Fact]
    public async Task Annul_AnAnsweredAppeal_IsNotPermitted()
    {
        var appeal = await _f.AnsweredAsync();

        var result = await _f.ExecuteAsync(Annul(appeal.Id, Head));

        result.Status.Should().Be(CommandStatus.Refused);
        result.Refusal!.UnmetGuards.Should().BeEmpty();
        result.Refusal.PermittedTriggers.Should().NotContain("annul");
    }

    [Fact]
    public async Task Correct_ApplicantAndSubject_KeepsTheOldValuesAndTheIndex()
    {
        var appeal = await _f.RegisterAsync(_f.Registration("Ковалнко Петро Іванович", "Ремнт дороги"));

        var result = await _f.ExecuteAsync(Correct(appeal.Id, applicant: "Коваленко Петро Іванович", subject: "Ремонт дороги"));

        result.Status.Should().Be(CommandStatus.Accepted);
        var corrected = await _f.AppealAsync(appeal.Id);
        corrected.Applicants[0].FullName.Should().Be("Коваленко Петро Іванович");
        corrected.Applicants[0].Address.Should().Be("м. Житомир, вул. Київська, 1");
        corrected.Subject.Should().Be("Ремонт дороги");
        corrected.Index.Should().Be("К-1");
        corrected.State.Should().Be(AppealState.Registered);
        var e = (RegistrationCorrected)(await _f.Store.LoadHistoryAsync(appeal.Id))[^1].Data;
        e.Changes.Should().Equal(
            new FieldCorrection("applicant", "Ковалнко Петро Іванович", "Коваленко Петро Іванович"),
            new FieldCorrection("subject", "Ремнт дороги", "Ремонт дороги"));
    }

    [Fact]
    public async Task Correct_ApplicantsName_FindsTheAppealByTheCorrectedName()
    {
        var appeal = await _f.RegisterAsync(_f.Registration("Ковалнко Петро Іванович"));

        await _f.ExecuteAsync(Correct(appeal.Id, applicant: "Коваленко Петро Іванович"));

        var rows = await _f.Store.QueryAsync(new CaseQuery { Key = Council.Workflows.Engine.NameKey.Of("Коваленко Петро Іванович") }).ToListAsync();
        rows.Select(r => r.Id).Should().Equal(appeal.Id);
    }

    [Fact]
    public async Task Correct_NothingDifferent_IsRefusedNamingTheRule()
    {
        var appeal = await _f.RegisterAsync();

        var result = await _f.ExecuteAsync(Correct(appeal.Id, subject: appeal.Subject));

        result.Status.Should().Be(CommandStatus.Refused);
        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().StartWith("A correction changes");
    }

    [Fact]
    public async Task Correct_AClosedAppeal_IsStillPossible()
    {
        var appeal = await _f.AnsweredAsync();
        await _f.ExecuteAsync(_f.Close(appeal.Id));

        var result = await _f.ExecuteAsync(Correct(appeal.Id, address: "м. Житомир, вул. Київська, 11"));

        result.Status.Should().Be(CommandStatus.Accepted);
        (await _f.AppealAsync(appeal.Id)).State.Should().Be(AppealState.Closed);
    }

    [Fact]
    public async Task YearReport_WithAnAnnulledRegistration_LeavesItOutOfTheCounts()
    {
        await _f.RegisterAsync();
        var duplicate = await _f.RegisterAsync();
        await _f.ExecuteAsync(Annul(duplicate.Id));
        var builder = new YearReportBuilder(_f.Store, _f.Engine.Workflows, _f.Calculator, new Council.Workflows.Awards.AwardOptions());

        var report = await builder.BuildAsync(2023, null);

        report.Appeals.Received.Should().Be(1);
        report.Appeals.Annulled.Should().Be(1);
        report.Appeals.ByKind.Sum(c => c.Value).Should().Be(1);
    }
}
