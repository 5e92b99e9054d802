using Council.Workflows.Appeals;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;
using Stateless;

namespace Council.Workflows.Benchmarks;

// The same appeal lifecycle three ways: through the engine (in memory), the naive pattern (a Stateless machine built and
// kept per case), and a hand-written switch (the lower bound). Register, assign, about one in seven extended, answer, close.
internal static class Lifecycle
{
    private static readonly Official Clerk = new("Петренко Олена", OfficialRole.Clerk);
    private static readonly Official Head = new("Мельник Віктор", OfficialRole.Head);
    private static readonly Official Executor = new("Бондар Сергій", OfficialRole.Executor);
    private static readonly Instant Start = Instant.FromUtc(2023, 1, 31, 8, 0);

    private static readonly string[] Surnames = ["Коваленко", "Бондаренко", "Ткаченко", "Шевченко", "Кравченко", "Мельник", "Бойко", "Олійник", "Лисенко", "Мороз", "Павленко", "Савченко", "Руденко", "Марченко", "Петренко", "Клименко"];
    private static readonly string[] Names = ["Олександр", "Іван", "Петро", "Андрій", "Сергій", "Василь", "Микола", "Олена", "Наталія", "Ірина", "Тетяна", "Оксана", "Марія", "Юлія", "Людмила", "Галина"];

    public static bool Extended(int i) => i % 7 == 0;

    // Distinct applicants (the repeat check matches names by their letters), as a city's letters mostly are.
    public static string Applicant(int i) => $"{Surnames[i % 16]} {Names[i / 16 % 16]} {Names[i / 256 % 16]}{new string('а', i / 4096)}";

    public static AppealWorkflow NewWorkflow() => new(DeadlineCalculator.Default, new AppealOptions());

    /// <summary>Runs <paramref name="count"/> lifecycles through an engine; returns the store (to keep it alive for memory counts).</summary>
    public static async Task<InMemoryCaseStore> EngineAsync(int count, bool openOnly = false) =>
        (InMemoryCaseStore)(await EngineWithStoreAsync(count, openOnly).ConfigureAwait(false)).Store;

    /// <summary>Runs <paramref name="count"/> lifecycles through a new engine on an in-memory store; returns the engine (its store and case cache with it).</summary>
    public static async Task<WorkflowEngine> EngineWithStoreAsync(int count, bool openOnly = false)
    {
        var store = new InMemoryCaseStore();
        var engine = new WorkflowEngine(store, new WorkflowRegistry([NewWorkflow()]));
        for (var i = 0; i < count; i++)
        {
            await OneAsync(engine, i, openOnly).ConfigureAwait(false);
        }

        return engine;
    }

    /// <summary>The <paramref name="i"/>-th lifecycle through <paramref name="engine"/>, each command acknowledged before the next.</summary>
    /// <param name="id">The case's id (a new one if none is given).</param>
    public static async Task OneAsync(WorkflowEngine engine, int i, bool openOnly = false, CaseId? id = null)
    {
        var caseId = id ?? CaseId.New();
        Accepted(await engine.ExecuteAsync(new RegisterAppeal
        {
            CommandId = Command.NewId(), CaseId = caseId, Actor = Clerk, At = Start, Kind = AppealKind.Application,
            Applicants = [new Applicant(Applicant(i), "м. Житомир")], Subject = "Ремонт дороги",
        }).ConfigureAwait(false));
        Accepted(await engine.ExecuteAsync(new AssignExecutor { CommandId = Command.NewId(), CaseId = caseId, Actor = Head, At = Start, Executor = Executor.Name }).ConfigureAwait(false));
        if (openOnly)
        {
            return;
        }

        if (Extended(i))
        {
            Accepted(await engine.ExecuteAsync(new ExtendTerm { CommandId = Command.NewId(), CaseId = caseId, Actor = Head, At = Start, NewDueOn = new LocalDate(2023, 3, 10), Reason = "r", Notice = "n" }).ConfigureAwait(false));
        }

        Accepted(await engine.ExecuteAsync(new AnswerAppeal { CommandId = Command.NewId(), CaseId = caseId, Actor = Executor, At = Start, Outcome = AnswerOutcome.Satisfied, Summary = "s" }).ConfigureAwait(false));
        Accepted(await engine.ExecuteAsync(new TakeAppealOffControl { CommandId = Command.NewId(), CaseId = caseId, Actor = Head, At = Start }).ConfigureAwait(false));
    }

    // A benchmark that measured refusals would measure nothing: every command of the lifecycle must be accepted.
    private static void Accepted(CommandResult result)
    {
        if (result.Status != CommandStatus.Accepted)
        {
            throw new InvalidOperationException($"The lifecycle's command was not accepted: {result.Status} {result.Message} {result.Refusal}");
        }
    }

    public sealed class NaiveCase
    {
        public AppealState State { get; set; } = AppealState.Registered;

        public List<string> Events { get; } = [];

        public string? Executor { get; set; }

        public StateMachine<AppealState, AppealTrigger>? Machine { get; set; }
    }

    // The naive pattern: a new machine configured for every case and kept with it.
    public static Dictionary<Guid, NaiveCase> Naive(int count, bool openOnly = false)
    {
        var cases = new Dictionary<Guid, NaiveCase>();
        for (var i = 0; i < count; i++)
        {
            var c = new NaiveCase();
            var machine = new StateMachine<AppealState, AppealTrigger>(() => c.State, s => c.State = s);
            Configure(machine, c);
            c.Machine = machine;
            cases[CaseId.New().Value] = c;
            c.Events.Add("registered");
            Fire(c, AppealTrigger.Assign, "assigned");
            if (openOnly)
            {
                continue;
            }

            if (Extended(i))
            {
                Fire(c, AppealTrigger.Extend, "term-extended");
            }

            Fire(c, AppealTrigger.Answer, "answered");
            Fire(c, AppealTrigger.TakeOffControl, "taken-off-control");
        }

        return cases;

        static void Fire(NaiveCase c, AppealTrigger trigger, string type)
        {
            c.Machine!.Fire(trigger);
            c.Events.Add(type);
            if (trigger == AppealTrigger.Assign)
            {
                c.Executor = "Бондар Сергій";
            }
        }
    }

    public static void Configure(StateMachine<AppealState, AppealTrigger> m, NaiveCase c)
    {
        m.Configure(AppealState.Registered)
            .PermitIf(AppealTrigger.Assign, AppealState.UnderConsideration, () => true, "assign")
            .PermitIf(AppealTrigger.Forward, AppealState.Forwarded, () => true, "forward")
            .PermitIf(AppealTrigger.ReturnLackingData, AppealState.Returned, () => true, "return")
            .PermitIf(AppealTrigger.ReturnIncomplete, AppealState.Returned, () => true, "return")
            .PermitIf(AppealTrigger.NotConsider, AppealState.NotConsidered, () => true, "ground")
            .PermitIf(AppealTrigger.MarkLate, AppealState.LateComplaint, () => true, "late")
            .PermitIf(AppealTrigger.Withdraw, AppealState.Withdrawn, () => false, "policy")
            .PermitReentry(AppealTrigger.Remind)
            .PermitReentry(AppealTrigger.MissDeadline);
        m.Configure(AppealState.LateComplaint)
            .Permit(AppealTrigger.RequestRestoration, AppealState.RestorationRequested)
            .PermitIf(AppealTrigger.NotConsider, AppealState.NotConsidered, () => true, "ground");
        m.Configure(AppealState.RestorationRequested)
            .PermitIf(AppealTrigger.RestoreTerm, AppealState.Registered, () => true, "role")
            .PermitIf(AppealTrigger.RefuseRestoration, AppealState.NotConsidered, () => true, "role");
        m.Configure(AppealState.UnderConsideration)
            .PermitReentryIf(AppealTrigger.Assign, () => true, "assign")
            .PermitReentryIf(AppealTrigger.Extend, () => c.Executor is not null, "extend")
            .PermitReentryIf(AppealTrigger.Shorten, () => true, "shorten")
            .PermitReentryIf(AppealTrigger.InterimAnswer, () => true, "interim")
            .PermitIf(AppealTrigger.Answer, AppealState.Answered, () => c.Executor is not null, "answer")
            .PermitIf(AppealTrigger.Forward, AppealState.Forwarded, () => true, "forward")
            .PermitReentry(AppealTrigger.Remind)
            .PermitReentry(AppealTrigger.MissDeadline);
        m.Configure(AppealState.Answered)
            .PermitReentryIf(AppealTrigger.Answer, () => true, "answer")
            .PermitIf(AppealTrigger.TakeOffControl, AppealState.Closed, () => true, "resolved");
    }

    // The lower bound: a hand-written switch over the same transitions.
    public static Dictionary<Guid, NaiveCase> Switch(int count, bool openOnly = false)
    {
        var cases = new Dictionary<Guid, NaiveCase>();
        for (var i = 0; i < count; i++)
        {
            var c = new NaiveCase();
            cases[CaseId.New().Value] = c;
            c.Events.Add("registered");
            Step(c, AppealTrigger.Assign, "assigned");
            c.Executor = "Бондар Сергій";
            if (openOnly)
            {
                continue;
            }

            if (Extended(i))
            {
                Step(c, AppealTrigger.Extend, "term-extended");
            }

            Step(c, AppealTrigger.Answer, "answered");
            Step(c, AppealTrigger.TakeOffControl, "taken-off-control");
        }

        return cases;

        static void Step(NaiveCase c, AppealTrigger trigger, string type)
        {
            c.State = (c.State, trigger) switch
            {
                (AppealState.Registered, AppealTrigger.Assign) => AppealState.UnderConsideration,
                (AppealState.UnderConsideration, AppealTrigger.Extend) => AppealState.UnderConsideration,
                (AppealState.UnderConsideration, AppealTrigger.Answer) => AppealState.Answered,
                (AppealState.Answered, AppealTrigger.TakeOffControl) => AppealState.Closed,
                _ => throw new InvalidOperationException($"{trigger} is not permitted in {c.State}"),
            };
            c.Events.Add(type);
        }
    }
}
