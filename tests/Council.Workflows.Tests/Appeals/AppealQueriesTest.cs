using Council.Workflows.Appeals;
using static Council.Workflows.Tests.Appeals.AppealFixture;

namespace Council.Workflows.Tests.Appeals;

public class AppealQueriesTest
{
    private readonly AppealFixture _f = new();

    [Fact]
    public async Task DueWithin_SevenDays_FindsOnlyAppealsDueByThen()
    {
        var soon = await _f.RegisterAsync(_f.Registration() with { Term = ConsiderationTerm.NoStudy });
        await _f.RegisterAsync(_f.Registration("Мазур Ганна"));

        var due = await _f.Queries.DueWithinAsync(7, Kyiv(2023, 2, 9)).ToListAsync();

        due.Select(a => a.Id).Should().Equal(soon.Id);
    }

    [Fact]
    public async Task Overdue_AfterTheLapse_FindsAppealsStillAwaitingAnAnswer()
    {
        var late = await _f.AssignedAsync();
        var answered = await _f.AnsweredAsync(_f.Registration("Мазур Ганна"));

        var overdue = await _f.Queries.OverdueAsync(Kyiv(2023, 3, 1, 0)).ToListAsync();
        var notYet = await _f.Queries.OverdueAsync(Kyiv(2023, 2, 28, 23)).ToListAsync();

        overdue.Select(a => a.Id).Should().Equal(late.Id);
        notYet.Should().BeEmpty();
        answered.IsOverdueAt(Kyiv(2023, 3, 1, 0)).Should().BeFalse();
    }

    [Fact]
    public async Task ByExecutor_FindsOpenAppealsOnTheirDesk()
    {
        var mine = await _f.AssignedAsync();
        var other = await _f.RegisterAsync(_f.Registration("Мазур Ганна"));
        await _f.ExecuteAsync(_f.Assign(other.Id, executor: OtherExecutor.Name));

        var desk = await _f.Queries.ByExecutorAsync("бондар сергій").ToListAsync();

        desk.Select(a => a.Id).Should().Equal(mine.Id);
    }

    [Fact]
    public async Task ByState_FindsAppealsInThatState()
    {
        await _f.AssignedAsync();
        var registered = await _f.RegisterAsync(_f.Registration("Мазур Ганна"));

        var found = await _f.Queries.ByStateAsync(AppealState.Registered).ToListAsync();

        found.Select(a => a.Id).Should().Equal(registered.Id);
    }

    [Fact]
    public async Task FindByIndex_KnownIndexAndYear_FindsTheAppeal()
    {
        var appeal = await _f.RegisterAsync();

        var found = await _f.Queries.FindByIndexAsync("к-1", 2023);

        found!.Id.Should().Be(appeal.Id);
        (await _f.Queries.FindByIndexAsync("К-1", 2024)).Should().BeNull();
    }
}
