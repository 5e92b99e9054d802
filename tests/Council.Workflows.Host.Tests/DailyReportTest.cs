using Council.Workflows.Appeals;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;
using Council.Workflows.Host.Cli;
using Council.Workflows.Host.Configuration;
using Council.Workflows.Host.Worker;
using Council.Workflows.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using NodaTime.Testing;

namespace Council.Workflows.Host.Tests;

// The daily report: the worker queues one outbox message per council and day, at or after the hour in the council's zone.
public sealed class DailyReportTest : IDisposable
{
    // Europe/Kyiv in winter is UTC+2: 06:00 UTC is 08:00 there, and the day's report is due from then.
    private static readonly Instant Registered = Instant.FromUtc(2023, 1, 31, 8, 0);
    private static readonly Instant Monday0800 = Instant.FromUtc(2023, 2, 27, 6, 0);
    private readonly string _directory = Directory.CreateTempSubdirectory("council-daily-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    internal static async Task<Appeal> RegisterAsync(IServiceProvider services, Instant at, string applicant = "Коваленко Петро")
    {
        var id = CaseId.New();
        await services.GetRequiredService<WorkflowEngine>().ExecuteAsync(new RegisterAppeal
        {
            CommandId = Guid.NewGuid(), CaseId = id, Actor = new Official("Петренко Олена", OfficialRole.Clerk), At = at,
            Kind = AppealKind.Application, Applicants = [new Applicant(applicant, "м. Житомир")], Subject = "Дорога",
        });
        return (await services.GetRequiredService<AppealQueries>().GetAsync(id))!;
    }

    internal static (DeadlineWorker Worker, PeriodicWork Periodic) Worker(
        IServiceProvider services, IClock clock, IOutboxSink sink, DailyReportOptions? options = null, bool ukrainian = true, Microsoft.Extensions.Logging.ILogger<PeriodicWork>? logger = null,
        Microsoft.Extensions.Logging.ILogger<DeadlineWorker>? workerLogger = null)
    {
        var store = services.GetRequiredService<ICaseStore>();
        var job = new DailyReportJob(
            options ?? new DailyReportOptions(), services.GetRequiredService<AppealQueries>(), store, services.GetRequiredService<DeadlineCalculator>(),
            "default", "Житомирська міська рада", ukrainian);
        var periodic = new PeriodicWork([job], store, logger ?? NullLogger<PeriodicWork>.Instance);
        var worker = new DeadlineWorker(
            new TimerSweeper(services.GetRequiredService<WorkflowEngine>()), new OutboxDispatcher(store, sink), clock,
            new WorkerOptions { Interval = TimeSpan.FromMilliseconds(20) }, workerLogger ?? NullLogger<DeadlineWorker>.Instance, TimeProvider.System, null, store, periodic);
        return (worker, periodic);
    }

    internal static IEnumerable<OutboxMessage> Reports(CollectingSink sink) => sink.Messages.Where(m => m.Kind == DailyReportJob.JobName);

    [Fact]
    public async Task Tick_BeforeTheHourInTheCouncilsZone_QueuesNoReport()
    {
        await using var services = new ServiceCollection().AddCouncilWorkflows().BuildServiceProvider();
        await RegisterAsync(services, Registered);
        var sink = new CollectingSink();
        var (worker, _) = Worker(services, new FakeClock(Monday0800 - Duration.FromMinutes(1)), sink);

        await worker.TickAsync(CancellationToken.None);

        Reports(sink).Should().BeEmpty("07:59 in Kyiv is before the report's hour");
    }

    [Fact]
    public async Task Tick_AtTheHourAndAgainThatDay_QueuesOneReport()
    {
        await using var services = new ServiceCollection().AddCouncilWorkflows().BuildServiceProvider();
        await RegisterAsync(services, Registered);
        var sink = new CollectingSink();
        var clock = new FakeClock(Monday0800);
        var (worker, _) = Worker(services, clock, sink);

        await worker.TickAsync(CancellationToken.None);
        clock.Advance(Duration.FromHours(1));
        await worker.TickAsync(CancellationToken.None);
        clock.Advance(Duration.FromHours(15.9));
        await worker.TickAsync(CancellationToken.None);

        var report = Reports(sink).Should().ContainSingle().Subject;
        report.Recipient.Should().Be("control");
        report.CreatedAt.Should().Be(Monday0800);
        report.Subject.Should().StartWith("Строки звернень на 27.02.2023");
    }

    [Fact]
    public async Task Tick_WorkerRestartedThatDay_QueuesNoSecondReport()
    {
        await using var services = new ServiceCollection().AddCouncilWorkflows().BuildServiceProvider();
        var sink = new CollectingSink();
        await Worker(services, new FakeClock(Monday0800), sink).Worker.TickAsync(CancellationToken.None);

        // A new worker (a restart: nothing remembered in memory) on the same store, later that day.
        await Worker(services, new FakeClock(Monday0800 + Duration.FromHours(3)), sink).Worker.TickAsync(CancellationToken.None);

        Reports(sink).Should().ContainSingle();
    }

    [Fact]
    public async Task Report_ListsOverdueAndDueSoonByReferenceNumber_NeverByName()
    {
        await using var services = new ServiceCollection().AddCouncilWorkflows().BuildServiceProvider();
        var overdue = await RegisterAsync(services, Registered, "Коваленко Петро");
        var dueSoon = await RegisterAsync(services, Registered + Duration.FromDays(2), "Шевчук Марія");
        var later = await RegisterAsync(services, Registered + Duration.FromDays(20), "Бондар Іван");
        var now = overdue.Deadline.LapsesAt.InZone(DateTimeZoneProviders.Tzdb["Europe/Kyiv"]).Date.AtStartOfDayInZone(DateTimeZoneProviders.Tzdb["Europe/Kyiv"])
            .PlusHours(8).ToInstant();
        var sink = new CollectingSink();

        await Worker(services, new FakeClock(now), sink).Worker.TickAsync(CancellationToken.None);

        var body = Reports(sink).Should().ContainSingle().Subject.Body;
        var lines = body.Split('\n');
        lines.Should().Contain(l => l.StartsWith("Прострочено зараз: 1 — ", StringComparison.Ordinal) && l.Contains(overdue.Index, StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("Строк спливає протягом 3 робочих днів", StringComparison.Ordinal) && l.Contains($": 1 — {dueSoon.Index} (строк {dueSoon.Deadline.DueOn:dd.MM.yyyy})", StringComparison.Ordinal));
        body.Should().NotContain(later.Index + " ").And.NotContain("Коваленко").And.NotContain("Шевчук").And.NotContain("Бондар");
    }

    [Fact]
    public async Task Report_NextDay_CountsTheRemindersAndEscalationsFiredTheDayBefore()
    {
        await using var services = new ServiceCollection().AddCouncilWorkflows().BuildServiceProvider();
        var appeal = await RegisterAsync(services, Registered);
        var reminder = (await services.GetRequiredService<ICaseStore>().TimersOfAsync(appeal.Id))[0];
        var zone = DateTimeZoneProviders.Tzdb["Europe/Kyiv"];
        var nextMorning = reminder.DueAt.InZone(zone).Date.PlusDays(1).AtStartOfDayInZone(zone).PlusHours(8).ToInstant();
        var sink = new CollectingSink();
        var clock = new FakeClock(reminder.DueAt);
        var (worker, _) = Worker(services, clock, sink);

        await worker.TickAsync(CancellationToken.None);
        clock.Reset(nextMorning);
        await worker.TickAsync(CancellationToken.None);

        sink.Messages.Select(m => m.Kind).Should().Equal("reminder", DailyReportJob.JobName, DailyReportJob.JobName);
        var day = reminder.DueAt.InZone(zone).Date;
        Reports(sink).Last().Body.Should().Contain($"Учора ({day:dd.MM.yyyy}) надіслано нагадувань: 1; зафіксовано порушень строку (ескалацій): 0.");
        Reports(sink).First().Body.Should().Contain("надіслано нагадувань: 0;", "the day before the reminder fired nothing");
    }

    [Fact]
    public async Task Report_CouncilInEnglish_IsInEnglish()
    {
        await using var services = new ServiceCollection().AddCouncilWorkflows().BuildServiceProvider();
        var sink = new CollectingSink();

        await Worker(services, new FakeClock(Monday0800), sink, ukrainian: false).Worker.TickAsync(CancellationToken.None);

        var report = Reports(sink).Should().ContainSingle().Subject;
        report.Subject.Should().Be("Appeal deadlines on 27.02.2023: 0 overdue, 0 due soon");
        report.Body.Should().Contain("Overdue now: 0.");
    }

    [Fact]
    public async Task Tick_ReportSwitchedOff_QueuesNothing()
    {
        await using var services = new ServiceCollection().AddCouncilWorkflows().BuildServiceProvider();
        var sink = new CollectingSink();

        await Worker(services, new FakeClock(Monday0800), sink, new DailyReportOptions { Enabled = false }).Worker.TickAsync(CancellationToken.None);

        Reports(sink).Should().BeEmpty();
    }

    [Fact]
    public async Task Tick_TwoWorkersOnOneSqliteFile_QueueOneReport()
    {
        var path = Path.Combine(_directory, "council.db");
        ServiceProvider Services() => new ServiceCollection().AddCouncilWorkflows().AddCouncilWorkflowsSqlite(o => o.Path = path).BuildServiceProvider();
        await using var first = Services();
        await using var second = Services();
        var (sinkA, sinkB) = (new CollectingSink(), new CollectingSink());
        var (a, _) = Worker(first, new FakeClock(Monday0800), sinkA);
        var (b, _) = Worker(second, new FakeClock(Monday0800), sinkB);

        await Task.WhenAll(Task.Run(() => a.TickAsync(CancellationToken.None)), Task.Run(() => b.TickAsync(CancellationToken.None)));

        // Both workers deliver the outbox, so the one message may reach the sinks twice (delivery is at least once, by id).
        Reports(sinkA).Concat(Reports(sinkB)).DistinctBy(m => m.Id).Should().ContainSingle();
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT (SELECT count(*) FROM outbox WHERE kind = 'daily-report') * 10 + (SELECT count(*) FROM periodic_runs)";
        ((long)(await count.ExecuteScalarAsync())!).Should().Be(11, "one report and one run mark in the file");
    }

    [Fact]
    public async Task Settings_DailyReportHourAndSwitch_AreTheWorkersJobs()
    {
        var at7 = CouncilSettings.Load(null, Path.Combine(_directory, "council.db"), ["Worker:DailyReport:At=07:00", "Language=en"]);
        var off = CouncilSettings.Load(null, Path.Combine(_directory, "council.db"), ["Worker:DailyReport:Enabled=false"]);

        var jobs = Jobs(at7);

        var job = jobs.Should().ContainSingle().Subject;
        job.DuePeriod(Monday0800 - Duration.FromMinutes(61)).Should().BeNull();
        job.DuePeriod(Monday0800 - Duration.FromMinutes(60)).Should().Be(new LocalDate(2023, 2, 27));
        Jobs(off).Should().BeEmpty();

        static List<IPeriodicJob> Jobs(CouncilSettings settings)
        {
            var services = new ServiceCollection().AddCouncilWorkflows().AddLogging();
            RunCommand.AddPeriodicWork(services, settings);
            using var provider = services.BuildServiceProvider();
            provider.GetRequiredService<PeriodicWork>().Should().NotBeNull();
            return [.. provider.GetServices<IPeriodicJob>()];
        }
    }

    [Fact]
    public async Task ConfigCheck_BadDailyReportSettings_AreNamedOneLineEach()
    {
        var file = Path.Combine(_directory, "appsettings.json");
        await File.WriteAllTextAsync(file, """{ "Worker": { "DailyReport": { "DueWithinWorkingDays": 0, "At": "8 o'clock" }, "Retention": {} } }""");

        var check = await CliRun.RunAsync("config", "check", file);

        check.ExitCode.Should().NotBe(0);
        check.Err.Should().Contain("Worker:DailyReport:At").And.Contain("Worker:Retention").And.NotContain("   at ");
    }

    [Fact]
    public async Task ConfigCheck_DailyReportDaysOutOfRange_IsNamed()
    {
        var file = Path.Combine(_directory, "appsettings.json");
        await File.WriteAllTextAsync(file, """{ "Worker": { "DailyReport": { "DueWithinWorkingDays": 21 } } }""");

        var check = await CliRun.RunAsync("config", "check", file);

        check.ShouldFailWithOneLine("Worker:DailyReport:DueWithinWorkingDays: must be from 1 to 20, not 21");
    }

    internal sealed class CollectingSink : IOutboxSink
    {
        public List<OutboxMessage> Messages { get; } = [];

        public Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            lock (Messages)
            {
                Messages.Add(message);
            }

            return Task.CompletedTask;
        }
    }
}
