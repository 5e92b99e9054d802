using Council.Workflows.Appeals;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;
using NodaTime.Testing;

namespace Council.Workflows.Tests.Appeals;

// Builders for appeal commands on a fresh in-memory engine, with a fake clock at a fixed Kyiv morning.
internal sealed class AppealFixture
{
    public static readonly Official Clerk = new("Петренко Олена", OfficialRole.Clerk);
    public static readonly Official Head = new("Мельник Віктор", OfficialRole.Head);
    public static readonly Official DeputyHead = new("Ткач Ірина", OfficialRole.DeputyHead);
    public static readonly Official Executor = new("Бондар Сергій", OfficialRole.Executor);
    public static readonly Official OtherExecutor = new("Савчук Марія", OfficialRole.Executor);

    public AppealFixture(
        AppealOptions? options = null, DeadlineCalculator? calculator = null, Func<WorkflowRegistry, ICaseStore>? store = null,
        Council.Workflows.Appeals.Classifier.AppealClassifier? classifier = null)
    {
        Options = options ?? new AppealOptions();
        Calculator = calculator ?? DeadlineCalculator.Default;
        Workflow = new AppealWorkflow(Calculator, Options, classifier: classifier);
        var registry = new WorkflowRegistry([Workflow]);
        Store = store?.Invoke(registry) ?? new InMemoryCaseStore();
        Engine = new WorkflowEngine(Store, registry);
        Queries = new AppealQueries(Engine, Calculator);
    }

    public FakeClock Clock { get; } = new(Kyiv(2023, 1, 31, 10));

    public ICaseStore Store { get; }

    public AppealOptions Options { get; }

    public DeadlineCalculator Calculator { get; }

    public AppealWorkflow Workflow { get; }

    public WorkflowEngine Engine { get; }

    public AppealQueries Queries { get; }

    public Instant Now => Clock.GetCurrentInstant();

    public static Instant Kyiv(int year, int month, int day, int hour = 10) =>
        new LocalDateTime(year, month, day, hour, 0).InZoneStrictly(DateTimeZoneProviders.Tzdb["Europe/Kyiv"]).ToInstant();

    public static LocalDate D(int year, int month, int day) => new(year, month, day);

    public RegisterAppeal Registration(string name = "Коваленко Петро Іванович", string subject = "Ремонт дороги на вулиці Київській біля школи") => new()
    {
        CommandId = Guid.NewGuid(),
        CaseId = CaseId.New(),
        Actor = Clerk,
        At = Now,
        Kind = AppealKind.Application,
        Applicants = [new Applicant(name, "м. Житомир, вул. Київська, 1", "p.kovalenko@example.org")],
        Subject = subject,
    };

    public async Task<Appeal> RegisterAsync(RegisterAppeal? command = null)
    {
        var result = await Engine.ExecuteAsync(command ?? Registration());
        result.Status.Should().Be(CommandStatus.Accepted, result.Refusal?.Message ?? result.Message);
        return await AppealAsync(result.CaseId);
    }

    public async Task<Appeal> AssignedAsync(RegisterAppeal? command = null)
    {
        var appeal = await RegisterAsync(command);
        (await Engine.ExecuteAsync(Assign(appeal.Id))).Status.Should().Be(CommandStatus.Accepted);
        return await AppealAsync(appeal.Id);
    }

    public async Task<Appeal> AnsweredAsync(RegisterAppeal? command = null)
    {
        var appeal = await AssignedAsync(command);
        (await Engine.ExecuteAsync(Answer(appeal.Id))).Status.Should().Be(CommandStatus.Accepted);
        return await AppealAsync(appeal.Id);
    }

    public async Task<Appeal> AppealAsync(CaseId id) => (Appeal)(await Engine.LoadAsync(id))!;

    public Task<CommandResult> ExecuteAsync(Command command) => Engine.ExecuteAsync(command).AsTask();

    public AssignExecutor Assign(CaseId id, Official? by = null, string executor = "Бондар Сергій") =>
        new() { CommandId = Guid.NewGuid(), CaseId = id, Actor = by ?? Head, At = Now, Executor = executor };

    public ForwardAppeal Forward(CaseId id, string to = "Житомирська обласна державна адміністрація", Official? by = null) =>
        new() { CommandId = Guid.NewGuid(), CaseId = id, Actor = by ?? Clerk, At = Now, To = to };

    public ReturnAppeal Return(CaseId id, bool missingDetails) =>
        new() { CommandId = Guid.NewGuid(), CaseId = id, Actor = Clerk, At = Now, MissingDetails = missingDetails, Explanation = "Не зазначено місце проживання." };

    public NotConsiderAppeal NotConsider(CaseId id, NotConsideredGround ground) =>
        new() { CommandId = Guid.NewGuid(), CaseId = id, Actor = Clerk, At = Now, Ground = ground };

    public ExtendTerm Extend(CaseId id, LocalDate to, Official? by = null, string? reason = "Потрібна перевірка на місці", string? notice = "Лист № 12/01 від 20.02.2023") =>
        new() { CommandId = Guid.NewGuid(), CaseId = id, Actor = by ?? Head, At = Now, NewDueOn = to, Reason = reason, Notice = notice };

    public ShortenTerm Shorten(CaseId id, LocalDate to, string? demand = "Заява заявника від 01.02.2023 про скорочення строку") =>
        new() { CommandId = Guid.NewGuid(), CaseId = id, Actor = Head, At = Now, NewDueOn = to, Demand = demand };

    public GiveInterimAnswer Interim(CaseId id) =>
        new() { CommandId = Guid.NewGuid(), CaseId = id, Actor = Executor, At = Now, Text = "Звернення перебуває на розгляді." };

    public AnswerAppeal Answer(CaseId id, Official? by = null, AnswerOutcome outcome = AnswerOutcome.Satisfied, bool allIssues = true) =>
        new() { CommandId = Guid.NewGuid(), CaseId = id, Actor = by ?? Executor, At = Now, Outcome = outcome, Summary = "Ремонт включено до плану на квітень.", AllIssuesAddressed = allIssues };

    public TakeAppealOffControl Close(CaseId id, Official? by = null) =>
        new() { CommandId = Guid.NewGuid(), CaseId = id, Actor = by ?? Head, At = Now };
}
