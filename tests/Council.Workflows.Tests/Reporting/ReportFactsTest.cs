using Council.Workflows.Appeals;
using Council.Workflows.Engine;
using Council.Workflows.Reporting;
using Council.Workflows.Simulation;
using Council.Workflows.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Council.Workflows.Tests.Reporting;

// The reports read the facts each commit keeps beside the case (issue 16, "Fast"); the replay of every history stays the
// reference. Both must give the same report, figure for figure: on the demo year, on appeals registered, annulled,
// corrected and answered one by one, and on a file whose older rows have no facts, in the in-memory and the SQLite store.
public sealed class ReportFactsTest : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"council-facts-{Guid.NewGuid():N}.db");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    }

    private ServiceProvider Services(bool sqlite)
    {
        var services = new ServiceCollection().AddCouncilWorkflows();
        if (sqlite)
        {
            services.AddCouncilWorkflowsSqlite(o => (o.Path, o.Simulation) = (_path, true));
        }

        return services.BuildServiceProvider();
    }

    private static async Task DemoYearAsync(ServiceProvider services, double scale)
    {
        var simulation = new YearSimulation(services.GetRequiredService<WorkflowEngine>(), services.GetRequiredService<Council.Workflows.Deadlines.DeadlineCalculator>(),
            services.GetRequiredService<Council.Workflows.Awards.AwardsCoordinator>(), services.GetRequiredService<IOptions<CouncilWorkflowsOptions>>().Value.Awards);
        var result = await simulation.RunAsync(YearProfile.Zhytomyr2023.Scaled(scale));
        result.Refused.Should().Be(0);
    }

    // Every report both ways: the year, each quarter's tables and the year's, the executors' discipline for periods ending
    // mid-year (so each case is read as it stood then, not as it stands now).
    private static async Task ShouldAgreeAsync(ServiceProvider services, int year)
    {
        var yearFast = services.GetRequiredService<YearReportBuilder>();
        (await yearFast.BuildAsync(year)).Should().BeEquivalentTo(await yearFast.WithReplay().BuildAsync(year), o => o.RespectingRuntimeTypes());

        var statutory = services.GetRequiredService<StatutoryReportBuilder>();
        for (var quarter = 1; quarter <= 4; quarter++)
        {
            (await statutory.QuarterAsync(year, quarter)).Should().BeEquivalentTo(await statutory.WithReplay().QuarterAsync(year, quarter), o => o.RespectingRuntimeTypes(), $"Q{quarter}");
        }

        (await statutory.YearAsync(year)).Should().BeEquivalentTo(await statutory.WithReplay().YearAsync(year), o => o.RespectingRuntimeTypes());

        var discipline = services.GetRequiredService<DisciplineReportBuilder>();
        foreach (var (from, to) in new[] { (new LocalDate(year, 1, 1), new LocalDate(year, 3, 31)), (new LocalDate(year, 2, 15), new LocalDate(year, 6, 10)), (new LocalDate(year, 1, 1), new LocalDate(year, 12, 31)) })
        {
            (await discipline.BuildAsync(from, to)).Should().BeEquivalentTo(await discipline.WithReplay().BuildAsync(from, to), o => o.RespectingRuntimeTypes(), $"{from}–{to}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DemoYear_FactsAndReplay_GiveTheSameReports(bool sqlite)
    {
        await using var services = Services(sqlite);
        await DemoYearAsync(services, 0.1);

        await ShouldAgreeAsync(services, 2023);
        (await services.GetRequiredService<YearReportBuilder>().BuildAsync(2023)).Appeals.Received.Should().BeGreaterThan(100);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AppealsActedOnOneByOne_AnnulledCorrectedExtendedAnsweredLate_GiveTheSameReports(bool sqlite)
    {
        await using var services = Services(sqlite);
        var engine = services.GetRequiredService<WorkflowEngine>();
        var clerk = new Official("Петренко Олена", OfficialRole.Clerk);
        var head = new Official("Мельник Віктор", OfficialRole.Head);
        var executor = new Official("Бондар Сергій", OfficialRole.Executor);
        var day = Instant.FromUtc(2023, 3, 1, 8, 0);
        var ids = new List<CaseId>();
        for (var i = 0; i < 12; i++)
        {
            var at = day.Plus(Duration.FromDays(i * 20));
            var register = await engine.ExecuteAsync(new RegisterAppeal
            {
                CommandId = Guid.NewGuid(), CaseId = CaseId.New(), Actor = clerk, At = at, Kind = (AppealKind)(i % 3), ReceivedOn = at.InUtc().Date,
                Applicants = [new Applicant($"Коваленко{i} Петро", "м. Житомир, вул. Київська, 1", null)], Subject = $"Питання {i}",
            });
            register.IsAccepted.Should().BeTrue(register.Refusal?.Message);
            ids.Add(register.CaseId);
        }

        async Task Run(Command command) => (await engine.ExecuteAsync(command)).IsAccepted.Should().BeTrue();
        Instant After(CaseId id, int days) => day.Plus(Duration.FromDays((ids.IndexOf(id) * 20) + days));
        await Run(new AnnulRegistration { CommandId = Guid.NewGuid(), CaseId = ids[0], Actor = clerk, At = After(ids[0], 1), Reason = "Двічі" });
        await Run(new CorrectRegistration { CommandId = Guid.NewGuid(), CaseId = ids[1], Actor = clerk, At = After(ids[1], 1), Subject = "Ремонт даху", Reason = "Описка" });
        foreach (var id in ids.Skip(1))
        {
            await Run(new AssignExecutor { CommandId = Guid.NewGuid(), CaseId = id, Actor = head, At = After(id, 2), Executor = executor.Name });
        }

        await Run(new ExtendTerm { CommandId = Guid.NewGuid(), CaseId = ids[2], Actor = head, At = After(ids[2], 10), NewDueOn = After(ids[2], 40).InUtc().Date, Reason = "Перевірка", Notice = "Лист № 5" });
        await Run(new AnswerAppeal { CommandId = Guid.NewGuid(), CaseId = ids[2], Actor = executor, At = After(ids[2], 38), Outcome = AnswerOutcome.Satisfied, Summary = "Виконано" });
        await Run(new AnswerAppeal { CommandId = Guid.NewGuid(), CaseId = ids[3], Actor = executor, At = After(ids[3], 50), Outcome = AnswerOutcome.Explained, Summary = "Роз'яснено" });
        await Run(new AnswerAppeal { CommandId = Guid.NewGuid(), CaseId = ids[4], Actor = executor, At = After(ids[4], 5), Outcome = AnswerOutcome.Satisfied, Summary = "Виконано" });
        await Run(new TakeAppealOffControl { CommandId = Guid.NewGuid(), CaseId = ids[4], Actor = head, At = After(ids[4], 6) });

        await ShouldAgreeAsync(services, 2023);
        var report = await services.GetRequiredService<YearReportBuilder>().BuildAsync(2023);
        report.Appeals.Annulled.Should().Be(1);
        report.Appeals.Received.Should().Be(11);
    }

    [Fact]
    public async Task AFileWhoseOlderRowsHaveNoFacts_IsReadFromTheirHistories_ToTheSameReport()
    {
        await using (var services = Services(sqlite: true))
        {
            await DemoYearAsync(services, 0.05);
        }

        // As a file written before facts were kept: a third of the appeals and petitions without them.
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection($"Data Source={_path}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM case_facts WHERE abs(random()) % 3 = 0 OR kind = 'meeting'";
            (await command.ExecuteNonQueryAsync()).Should().BeGreaterThan(0);
        }

        await using var reopened = Services(sqlite: true);
        var store = reopened.GetRequiredService<ICaseStore>();
        var read = await store.QueryFactsAsync(new CaseQuery { Kind = Appeal.CaseKind }).ToListAsync();
        read.Should().Contain(f => f.Facts == null).And.Contain(f => f.Facts != null);
        read.Select(f => f.Id).Should().OnlyHaveUniqueItems().And.HaveCount(await store.QueryAsync(new CaseQuery { Kind = Appeal.CaseKind }).CountAsync());

        await ShouldAgreeAsync(reopened, 2023);
    }
}
