using Council.Workflows.Appeals;
using Council.Workflows.Engine;
using Council.Workflows.Tests.Appeals;
using static Council.Workflows.Tests.Appeals.AppealFixture;

namespace Council.Workflows.Tests.Engine;

public class WorkflowEngineTest
{
    private readonly AppealFixture _f = new();

    [Fact]
    public async Task Execute_SameCommandIdTwice_HasOneEffectAndReturnsTheFirstResult()
    {
        var appeal = await _f.AssignedAsync();
        var interim = _f.Interim(appeal.Id);

        var first = await _f.ExecuteAsync(interim);
        var second = await _f.ExecuteAsync(interim);

        second.IsRepeat.Should().BeTrue();
        second.Version.Should().Be(first.Version);
        second.Events.Should().Equal(first.Events);
        (await _f.Store.LoadHistoryAsync(appeal.Id)).Should().HaveCount(3);
    }

    [Fact]
    public async Task Execute_SameRegistrationTwice_RegistersOnceAndUsesOneNumber()
    {
        var command = _f.Registration();
        await _f.ExecuteAsync(command);

        var again = await _f.ExecuteAsync(command);
        var next = await _f.RegisterAsync();

        again.IsRepeat.Should().BeTrue();
        (await _f.Store.QueryAsync(new CaseQuery()).CountAsync()).Should().Be(2);
        next.Index.Should().Be("К-2");
    }

    [Fact]
    public async Task Execute_RefusedCommandRepeated_ReturnsTheSameRefusal()
    {
        var appeal = await _f.AssignedAsync();
        var close = _f.Close(appeal.Id);
        var first = await _f.ExecuteAsync(close);
        await _f.ExecuteAsync(_f.Answer(appeal.Id));

        var again = await _f.ExecuteAsync(close);

        again.Status.Should().Be(CommandStatus.Refused);
        again.Refusal.Should().Be(first.Refusal);
    }

    [Fact]
    public async Task Execute_StaleExpectedVersion_IsAConflictAndAppendsNothing()
    {
        var appeal = await _f.AssignedAsync();

        var result = await _f.ExecuteAsync(_f.Interim(appeal.Id) with { ExpectedVersion = 1 });

        result.Status.Should().Be(CommandStatus.Conflict);
        result.Message.Should().Contain("version 2, not 1");
        result.ConflictCode.Should().Be("version");
        (await _f.Store.LoadHistoryAsync(appeal.Id)).Should().HaveCount(2);
    }

    [Fact]
    public async Task Execute_CurrentExpectedVersion_IsAccepted()
    {
        var appeal = await _f.AssignedAsync();

        var result = await _f.ExecuteAsync(_f.Interim(appeal.Id) with { ExpectedVersion = 2 });

        result.Status.Should().Be(CommandStatus.Accepted);
        result.Version.Should().Be(3);
    }

    [Fact]
    public async Task Execute_UnknownCase_IsNotFound()
    {
        var result = await _f.ExecuteAsync(_f.Assign(CaseId.New()));

        result.Status.Should().Be(CommandStatus.NotFound);
        result.Message.Should().StartWith("No case has the id");
    }

    [Fact]
    public async Task Execute_ConcurrentCommandsWithoutExpectedVersions_AreAllAppliedInSomeOrder()
    {
        var appeal = await _f.AssignedAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => _f.ExecuteAsync(_f.Interim(appeal.Id)))));

        results.Should().OnlyContain(r => r.Status == CommandStatus.Accepted);
        var history = await _f.Store.LoadHistoryAsync(appeal.Id);
        history.Select(e => e.Version).Should().Equal(Enumerable.Range(1, 34).Select(v => (long)v));
    }

    [Fact]
    public async Task Execute_ConcurrentCommandsWithTheSameExpectedVersion_OneWinsTheRestConflict()
    {
        var appeal = await _f.AssignedAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => _f.ExecuteAsync(_f.Interim(appeal.Id) with { ExpectedVersion = 2 }))));

        results.Count(r => r.Status == CommandStatus.Accepted).Should().Be(1);
        results.Count(r => r.Status == CommandStatus.Conflict).Should().Be(15);
        (await _f.Store.LoadHistoryAsync(appeal.Id)).Should().HaveCount(3);
    }

    [Fact]
    public async Task History_OfAnAnsweredAppeal_ReplaysToTheCurrentState()
    {
        var appeal = await _f.AssignedAsync();
        await _f.ExecuteAsync(_f.Extend(appeal.Id, D(2023, 3, 10)));
        await _f.ExecuteAsync(_f.Answer(appeal.Id));
        var current = await _f.AppealAsync(appeal.Id);

        var replayed = _f.Workflow.Replay(await _f.Store.LoadHistoryAsync(appeal.Id));

        replayed.Should().BeEquivalentTo(current);
    }

    [Fact]
    public async Task History_Events_RecordWhoWhenWhatAndTheResultingState()
    {
        var appeal = await _f.AssignedAsync();

        var history = await _f.Store.LoadHistoryAsync(appeal.Id);

        history.Select(e => (e.Type, e.State, e.By.Name, e.By.Role)).Should().Equal(
            ("registered", "registered", Clerk.Name, OfficialRole.Clerk),
            ("assigned", "under-consideration", Head.Name, OfficialRole.Head));
        history[0].LegalBasis.Should().Contain("ст. 20");
        history.Should().OnlyContain(e => e.At == _f.Now);
    }

    [Fact]
    public async Task Execute_WrongArguments_ThrowAndChangeNothing()
    {
        var appeal = await _f.RegisterAsync();

        var act = () => _f.ExecuteAsync(_f.Assign(appeal.Id, executor: " "));

        await act.Should().ThrowAsync<ArgumentException>();
        (await _f.AppealAsync(appeal.Id)).Version.Should().Be(1);
    }

    [Fact]
    public async Task Execute_CommandNoWorkflowHandles_IsAnArgumentError()
    {
        var engine = new WorkflowEngine(new InMemoryCaseStore(), new WorkflowRegistry([]));

        var act = () => engine.ExecuteAsync(_f.Registration()).AsTask();

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("No workflow handles the command RegisterAppeal*");
    }
}
