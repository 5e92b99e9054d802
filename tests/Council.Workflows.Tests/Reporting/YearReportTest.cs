using Council.Workflows.Appeals;
using Council.Workflows.Awards;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;
using Council.Workflows.Reporting;
using Council.Workflows.Tests.Appeals;
using Council.Workflows.Tests.Awards;
using static Council.Workflows.Tests.Appeals.AppealFixture;

namespace Council.Workflows.Tests.Reporting;

public class YearReportTest
{
    // A small year counted by hand: five appeals received in 2023 and one in 2022.
    //  К-1  application, post,       assigned 01.02, answered 10.02 (10 days, on time)
    //  К-2  complaint,   electronic, assigned, extended to 10.03, answered 09.03 (37 days, on time)
    //  М-3  proposal,    post,       assigned, answered 02.03 (30 days, late: due 28.02)
    //  Т-4  application, post,       forwarded
    //  Ш-5  application, post,       received 20.12.2023, assigned, open at year end (due 22.01.2024: not overdue)
    //  and Б-1 of 2022, answered in 2023: not counted
    private static async Task<AppealFixture> AppealsYearAsync()
    {
        var f = new AppealFixture();
        f.Clock.Reset(Kyiv(2022, 12, 28));
        var old = await f.AssignedAsync(f.Registration("Бойко Ігор", "Старе питання") with { At = f.Now });
        f.Clock.Reset(Kyiv(2023, 1, 31));
        var k1 = await f.AssignedAsync();
        var k2 = await f.AssignedAsync(f.Registration("Кравець Інна", "Скарга на управління") with { Kind = AppealKind.Complaint, Channel = AppealChannel.Electronic });
        var m3 = await f.AssignedAsync(f.Registration("Мазур Ганна", "Пропозиція щодо парку") with { Kind = AppealKind.Proposal });
        var t4 = await f.RegisterAsync(f.Registration("Ткач Олег", "Не до нас"));
        await f.ExecuteAsync(f.Forward(t4.Id));
        await f.ExecuteAsync(f.Answer(old.Id) with { At = Kyiv(2023, 1, 5) });
        await f.ExecuteAsync(f.Answer(k1.Id) with { At = Kyiv(2023, 2, 10) });
        await f.ExecuteAsync(f.Extend(k2.Id, new LocalDate(2023, 3, 10)) with { At = Kyiv(2023, 2, 20) });
        await f.ExecuteAsync(f.Answer(k2.Id) with { At = Kyiv(2023, 3, 9) });
        await f.ExecuteAsync(f.Answer(m3.Id, by: OtherExecutor) with { Actor = Head, At = Kyiv(2023, 3, 2) });
        f.Clock.Reset(Kyiv(2023, 12, 20));
        await f.AssignedAsync(f.Registration("Шевчук Іван", "Освітлення") with { At = f.Now });
        return f;
    }

    private static YearReportBuilder Builder(ICaseStore store, WorkflowRegistry workflows) =>
        new(store, workflows, DeadlineCalculator.Default, new AwardOptions());

    [Fact]
    public async Task Build_HandCountedAppeals_GivesTheSameNumbers()
    {
        var f = await AppealsYearAsync();

        var report = (await Builder(f.Store, new WorkflowRegistry([f.Workflow])).BuildAsync(2023)).Appeals;

        report.Received.Should().Be(5);
        report.ByKind.Should().Equal(new Count("proposal", 1), new Count("application", 3), new Count("complaint", 1));
        report.ByChannel.Single(c => c.Key == "electronic").Value.Should().Be(1);
        report.ByMonth[0].Should().Be(4);
        report.ByMonth[11].Should().Be(1);
        report.Forwarded.Should().Be(1);
        report.AnsweredOnTime.Should().Be(2);
        report.AnsweredLate.Should().Be(1);
        report.StillOpen.Should().Be(1);
        report.OverdueAtYearEnd.Should().Be(0);
        report.Extended.Should().Be(1);
        report.MedianDaysToAnswer.Should().Be(30);
        report.P90DaysToAnswer.Should().Be(37);
        report.OnTimeShare.Should().BeApproximately(2.0 / 3, 1e-9);
        report.ByExecutor.Should().ContainSingle(e => e.Executor == "Бондар Сергій").Which.Should().Be(new ExecutorLine("Бондар Сергій", 4, 2, 1, 1));
    }

    [Fact]
    public async Task Build_AsOfYearEnd_IgnoresWhatHappenedLater()
    {
        var f = await AppealsYearAsync();
        var open = await f.Queries.ByStateAsync(AppealState.UnderConsideration).SingleAsync();
        await f.ExecuteAsync(f.Answer(open.Id) with { At = Kyiv(2024, 1, 10) });

        var report = (await Builder(f.Store, new WorkflowRegistry([f.Workflow])).BuildAsync(2023)).Appeals;

        report.StillOpen.Should().Be(1);
        report.AnsweredOnTime.Should().Be(2);
    }

    [Fact]
    public async Task Build_AppealOpenPastItsDeadlineAtYearEnd_IsOverdue()
    {
        var f = new AppealFixture();
        f.Clock.Reset(Kyiv(2023, 11, 1));
        await f.AssignedAsync(f.Registration() with { At = f.Now });

        var report = (await Builder(f.Store, new WorkflowRegistry([f.Workflow])).BuildAsync(2023)).Appeals;

        report.OverdueAtYearEnd.Should().Be(1);
    }

    [Fact]
    public async Task Build_HandCountedAwards_GivesTheSameNumbers()
    {
        // Two meetings: petition A (2 nominees: one awarded military, one rejected), petition B (3 nominees: one awarded
        // volunteer, one awarded culture, one deferred and still waiting at year end).
        var f = new AwardsFixture();
        var a = await f.RegisteredAsync(AwardsFixture.Nominee("Шевченко Олег"), AwardsFixture.Nominee("Гнатюк Павло", category: "sport"));
        var first = await f.OpenedAsync(null, a);
        await f.Engine.ExecuteAsync(f.Vote(first, a, 1, votesFor: 7));
        await f.Engine.ExecuteAsync(f.Vote(first, a, 2, votesFor: 1, against: 6));
        await f.CloseAsync(first);
        var b = await f.RegisteredAsync(AwardsFixture.Nominee("Ткаченко Марія", category: "volunteer"), AwardsFixture.Nominee("Лисенко Ірина", category: "culture"), AwardsFixture.Nominee("Ковальчук Юрій", category: "business"));
        var second = await f.OpenedAsync(null, b);
        await f.Engine.ExecuteAsync(f.Vote(second, b, 1, votesFor: 7));
        await f.Engine.ExecuteAsync(f.Vote(second, b, 2, votesFor: 7));
        await f.Engine.ExecuteAsync(f.Vote(second, b, 3, votesFor: 7) with { Motion = Motion.Defer });
        await f.CloseAsync(second);
        await f.Engine.ExecuteAsync(f.Grant(a, 1));
        await f.Engine.ExecuteAsync(f.Grant(b, 1));
        await f.Engine.ExecuteAsync(f.Grant(b, 2));

        var report = (await Builder(f.Store, new WorkflowRegistry([f.Petitions, f.Meetings])).BuildAsync(2023)).Awards;

        report.Meetings.Should().Be(2);
        report.PetitionsConsidered.Should().Be(2);
        report.Nominees.Should().Be(5);
        report.Awarded.Should().Be(3);
        report.Rejected.Should().Be(1);
        report.Deferred.Should().Be(1);
        report.ByCategory.Select(c => (c.Category, c.Awarded)).Should().BeEquivalentTo([("military", 1), ("volunteer", 1), ("culture", 1)]);
        report.DefenceAndRescueShare.Should().BeApproximately(2.0 / 3, 1e-9);
        report.ByAwardType.Should().Equal(new AwardTypeLine("thanks", "Подяка міського голови", "Mayor's letter of thanks", 3));
    }

    [Fact]
    public async Task Build_OtherYear_CountsNothing()
    {
        var f = await AppealsYearAsync();

        var report = await Builder(f.Store, new WorkflowRegistry([f.Workflow])).BuildAsync(2021);

        report.Appeals.Received.Should().Be(0);
        report.Appeals.MedianDaysToAnswer.Should().BeNull();
        report.Awards.Awarded.Should().Be(0);
    }
}
