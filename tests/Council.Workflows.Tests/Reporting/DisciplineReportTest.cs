using Council.Workflows.Appeals;
using Council.Workflows.Engine;
using Council.Workflows.Reporting;
using Council.Workflows.Tests.Appeals;
using static Council.Workflows.Tests.Appeals.AppealFixture;

namespace Council.Workflows.Tests.Reporting;

// The executors' discipline: per department and executor, what was on control in the period and how it went.
public class DisciplineReportTest
{
    [Fact]
    public async Task Quarter_CountsEachExecutorsWork_ByDepartment_AndLeavesOutWhatWasDoneBefore()
    {
        var f = new AppealFixture();
        var builder = new DisciplineReportBuilder(f.Store, new WorkflowRegistry([f.Workflow]), f.Calculator,
            [new Department { Name = "Управління ЖКГ", Executors = ["Бондар Сергій"] }]);

        // Answered in June: not the third quarter's work.
        f.Clock.Reset(Kyiv(2023, 6, 1));
        var june = await f.AnsweredAsync();
        // July: Бондар answers one on time and one late, one is extended and still open past its date at the quarter's end.
        f.Clock.Reset(Kyiv(2023, 7, 3));
        var onTime = await f.AssignedAsync(f.Registration("Мазур Ганна", "Освітлення"));
        var late = await f.AssignedAsync(f.Registration("Ткачук Іван", "Сміття"));
        var extended = await f.AssignedAsync(f.Registration("Бондар Олена", "Дах"));
        var other = await f.RegisterAsync(f.Registration("Савчук Іра", "Двір"));
        await f.ExecuteAsync(f.Assign(other.Id, executor: "Савчук Марія"));
        await f.ExecuteAsync(f.Extend(extended.Id, D(2023, 8, 17)));
        f.Clock.Reset(Kyiv(2023, 7, 20));
        await f.ExecuteAsync(f.Answer(onTime.Id));
        f.Clock.Reset(Kyiv(2023, 8, 20));
        await f.ExecuteAsync(f.Answer(late.Id));

        var report = await builder.BuildAsync(D(2023, 7, 1), D(2023, 9, 30));

        var rows = report.Table.Rows.ToDictionary(r => (r.Code, r.Label), r => r.Values);
        rows[("department", "Управління ЖКГ")].Should().Equal(3, 1, 1, 1, 1);
        rows[("executor", "Бондар Сергій")].Should().Equal(3, 1, 1, 1, 1);
        rows[("executor", "Савчук Марія")].Should().Equal(1, 0, 0, 1, 0);
        rows[("department", "Поза підрозділами")].Should().Equal(1, 0, 0, 1, 0);
        rows[("total", "Разом")].Should().Equal(4, 1, 1, 2, 1);
        report.Checks.Should().OnlyContain(c => c.Holds);
        june.State.Should().Be(AppealState.Answered);
    }
}

public class DepartmentOptionsTest
{
    [Fact]
    public void Validate_AnExecutorInTwoDepartmentsOrAnUnnamedOne_IsRefused()
    {
        var twice = new AppealOptions { Departments = [new Department { Name = "ЖКГ", Executors = ["Бондар Сергій"] }, new Department { Name = "Освіта", Executors = ["бондар сергій"] }] };
        var unnamed = new AppealOptions { Departments = [new Department { Name = " ", Executors = ["Бондар Сергій"] }] };
        var failures = new List<string>();

        twice.Validate(failures);
        unnamed.Validate(failures);

        failures.Should().HaveCount(2);
        failures[0].Should().Contain("is in more than one department (ЖКГ, Освіта)");
        failures[1].Should().Contain("each department has a name");
    }
}
