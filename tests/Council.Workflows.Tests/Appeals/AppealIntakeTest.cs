using Council.Workflows.Appeals;
using Council.Workflows.Engine;
using static Council.Workflows.Tests.Appeals.AppealFixture;

namespace Council.Workflows.Tests.Appeals;

public class AppealIntakeTest
{
    private readonly AppealFixture _f = new();

    [Fact]
    public async Task Forward_WithinFiveDays_IsOnTimeAndTellsTheApplicant()
    {
        var appeal = await _f.RegisterAsync();

        var result = await _f.ExecuteAsync(_f.Forward(appeal.Id));

        result.State.Should().Be("forwarded");
        var forwarded = (AppealForwarded)result.Events.Single().Data;
        forwarded.OnTime.Should().BeTrue();
        forwarded.DueOn.Should().Be(D(2023, 2, 6));
        (await _f.Store.PendingOutboxAsync(10)).Should().ContainSingle(m => m.Kind == "applicant-notice" && m.Body.Contains("направлено за належністю"));
    }

    [Fact]
    public async Task Forward_AfterFiveDays_IsRecordedLate()
    {
        var appeal = await _f.RegisterAsync();
        _f.Clock.Reset(Kyiv(2023, 2, 7));

        var result = await _f.ExecuteAsync(_f.Forward(appeal.Id) with { At = _f.Now });

        ((AppealForwarded)result.Events.Single().Data).OnTime.Should().BeFalse();
    }

    [Fact]
    public async Task Forward_ComplaintToTheBodyComplainedAbout_IsRefused()
    {
        var appeal = await _f.RegisterAsync(_f.Registration() with { Kind = AppealKind.Complaint, ComplainedAbout = "Управління ЖКГ" });

        var result = await _f.ExecuteAsync(_f.Forward(appeal.Id, "управління  ЖКГ"));

        result.Status.Should().Be(CommandStatus.Refused);
        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().StartWith("Art. 7");
    }

    [Fact]
    public async Task Forward_ByAnExecutor_IsRefusedNamingWhoMay()
    {
        var appeal = await _f.RegisterAsync();

        var result = await _f.ExecuteAsync(_f.Forward(appeal.Id, by: Executor));

        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().Contain("clerk, head, deputy-head");
    }

    [Fact]
    public async Task Return_MissingDetails_RunsAgainstTheTenDayTerm()
    {
        var appeal = await _f.RegisterAsync();

        var result = await _f.ExecuteAsync(_f.Return(appeal.Id, missingDetails: true));

        var returned = (AppealReturned)result.Events.Single().Data;
        returned.DueOn.Should().Be(D(2023, 2, 10));
        result.Events.Single().LegalBasis.Should().Contain("ст. 5");
        result.State.Should().Be("returned");
    }

    [Fact]
    public async Task Return_LackingData_RunsAgainstTheFiveDayTerm()
    {
        var appeal = await _f.RegisterAsync();

        var result = await _f.ExecuteAsync(_f.Return(appeal.Id, missingDetails: false));

        ((AppealReturned)result.Events.Single().Data).DueOn.Should().Be(D(2023, 2, 6));
        result.Events.Single().LegalBasis.Should().Contain("ст. 7");
    }

    [Fact]
    public async Task NotConsider_AnonymousButSignedAndAddressed_IsRefused()
    {
        var appeal = await _f.RegisterAsync();

        var result = await _f.ExecuteAsync(_f.NotConsider(appeal.Id, NotConsideredGround.Anonymous));

        result.Status.Should().Be(CommandStatus.Refused);
        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().Contain("Art. 8");
    }

    [Fact]
    public async Task NotConsider_Unsigned_IsAccepted()
    {
        var appeal = await _f.RegisterAsync(_f.Registration() with { HasSignature = false });

        var result = await _f.ExecuteAsync(_f.NotConsider(appeal.Id, NotConsideredGround.Anonymous));

        result.State.Should().Be("not-considered");
        (await _f.Store.PendingOutboxAsync(10)).Should().BeEmpty("nobody can be told of an anonymous appeal");
    }

    [Fact]
    public async Task NotConsider_RepeatOfAnAppealAnsweredOnTheMerits_IsAccepted()
    {
        var earlier = await _f.AnsweredAsync();
        var repeat = await _f.RegisterAsync();

        var result = await _f.ExecuteAsync(_f.NotConsider(repeat.Id, NotConsideredGround.RepeatedResolved) with { Earlier = earlier.Id });

        result.State.Should().Be("not-considered");
    }

    [Fact]
    public async Task NotConsider_RepeatOfAnAppealStillUnderConsideration_IsRefused()
    {
        var earlier = await _f.AssignedAsync();
        var repeat = await _f.RegisterAsync();

        var result = await _f.ExecuteAsync(_f.NotConsider(repeat.Id, NotConsideredGround.RepeatedResolved) with { Earlier = earlier.Id });

        result.Status.Should().Be(CommandStatus.Refused);
    }

    [Fact]
    public async Task NotConsider_IncapableWithoutTheCourtDecision_IsRefused()
    {
        var appeal = await _f.RegisterAsync();

        var refused = await _f.ExecuteAsync(_f.NotConsider(appeal.Id, NotConsideredGround.LegallyIncapable));
        var accepted = await _f.ExecuteAsync(_f.NotConsider(appeal.Id, NotConsideredGround.LegallyIncapable) with { CourtDecision = "Рішення суду у справі № 296/1/23" });

        refused.Status.Should().Be(CommandStatus.Refused);
        accepted.Status.Should().Be(CommandStatus.Accepted);
        accepted.Events.Single().Reason.Should().Contain("296/1/23");
    }
}
