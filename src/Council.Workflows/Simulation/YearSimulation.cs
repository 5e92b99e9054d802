using Ardalis.GuardClauses;
using Council.Workflows.Awards;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;

namespace Council.Workflows.Simulation;

/// <summary>
/// Builds a realistic year from seeded synthetic data by issuing real commands through the engine, day by day, and running
/// the worker's sweep at the end of every day, so reminders and missed deadlines happen as they would. The awards numbers
/// of the profile come out of the commission's simulated votes and the granting decisions, not out of the report.
/// </summary>
internal sealed partial class YearSimulation
{
    private static readonly string[] Surnames =
    [
        "Коваленко", "Бондаренко", "Ткаченко", "Шевченко", "Кравченко", "Мельник", "Бойко", "Олійник", "Лисенко", "Мороз", "Павленко", "Савченко",
        "Руденко", "Марченко", "Петренко", "Клименко", "Гончаренко", "Кузьменко", "Левченко", "Поліщук", "Карпенко", "Литвиненко", "Гаврилюк",
        "Ковальчук", "Романюк", "Мазур", "Федорук", "Ничипорук", "Данилюк", "Степанюк",
    ];

    private static readonly string[] Names = ["Олександр", "Іван", "Петро", "Андрій", "Сергій", "Василь", "Микола", "Олена", "Наталія", "Ірина", "Тетяна", "Оксана", "Марія", "Юлія", "Людмила", "Галина"];

    // The fathers' names a patronymic is made from, with a man's and a woman's form (Олександрович, Олександрівна).
    private static readonly (string Male, string Female)[] Patronymics =
    [
        ("Олександрович", "Олександрівна"), ("Іванович", "Іванівна"), ("Петрович", "Петрівна"), ("Андрійович", "Андріївна"), ("Сергійович", "Сергіївна"),
        ("Васильович", "Василівна"), ("Миколайович", "Миколаївна"), ("Володимирович", "Володимирівна"), ("Юрійович", "Юріївна"), ("Михайлович", "Михайлівна"),
    ];

    // The women's names of the list (Микола ends in -а and is a man's: the ending does not tell).
    private static readonly HashSet<string> WomensNames = ["Олена", "Наталія", "Ірина", "Тетяна", "Оксана", "Марія", "Юлія", "Людмила", "Галина"];

    private static bool IsFemale(string name) => WomensNames.Contains(name);

    private static readonly string[] Subjects =
    [
        "ремонт дороги", "освітлення вулиці", "вивезення сміття", "ремонт даху будинку", "опалення в квартирі", "встановлення дитячого майданчика",
        "графік руху маршрутки", "благоустрій двору", "зрізання аварійного дерева", "облаштування пішохідного переходу", "надання матеріальної допомоги",
        "житлова черга", "земельна ділянка", "паркування на тротуарі", "шум від кафе", "якість питної води", "доступність для людей з інвалідністю",
        "укриття в школі", "ремонт під'їзду", "тарифи на тепло",
    ];

    private static readonly string[] Streets = ["Київська", "Велика Бердичівська", "Покровська", "Вітрука", "Небесної Сотні", "Хлібна", "Перемоги", "Шевченка"];

    private readonly WorkflowEngine _engine;
    private readonly DeadlineCalculator _calculator;
    private readonly AwardsCoordinator _coordinator;
    private readonly AwardOptions _awards;
    private readonly TimerSweeper _sweeper;
    private readonly int _parallelism;

    /// <summary>Creates a simulation over an engine (its store receives the year).</summary>
    public YearSimulation(WorkflowEngine engine, DeadlineCalculator calculator, AwardsCoordinator coordinator, AwardOptions awards, int parallelism = 8)
    {
        _engine = Guard.Against.Null(engine);
        _calculator = Guard.Against.Null(calculator);
        _coordinator = Guard.Against.Null(coordinator);
        _awards = Guard.Against.Null(awards);
        _parallelism = Guard.Against.NegativeOrZero(parallelism);
        _sweeper = new TimerSweeper(engine, parallelism: parallelism);
    }

    /// <summary>Simulates the year of <paramref name="profile"/>.</summary>
    public async Task<SimulationResult> RunAsync(YearProfile profile, IProgress<SimulationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(profile);
        profile.Validate();
        var plan = new Plan(profile.Seed);
        PlanAppeals(profile, plan);
        PlanAwards(profile, plan);

        // Petitions for January's meetings arrive in December: start at the first planned day.
        var first = plan.Days.Count > 0 && plan.Days.First().Key < new LocalDate(profile.Year, 1, 1) ? plan.Days.First().Key : new LocalDate(profile.Year, 1, 1);
        var last = new LocalDate(profile.Year, 12, 31);
        int commands = 0, refused = 0, fired = 0;
        var samples = new List<string>();
        for (var day = first; day <= last; day = day.PlusDays(1))
        {
            if (plan.Days.TryGetValue(day, out var actions))
            {
                // Different cases' actions run at once (the store groups their commits); one case's actions in order.
                var groups = actions.GroupBy(a => a.Key).Select(g => g.OrderBy(a => a.At).ThenBy(a => a.Order).ToList()).ToList();
                await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken }, async (group, ct) =>
                {
                    foreach (var action in group)
                    {
                        var result = await action.Run(ct).ConfigureAwait(false);
                        Interlocked.Increment(ref commands);
                        if (result is { Status: not CommandStatus.Accepted })
                        {
                            Interlocked.Increment(ref refused);
                            lock (samples)
                            {
                                if (samples.Count < 10)
                                {
                                    samples.Add($"{day:uuuu-MM-dd} {result.Status}: {result.Refusal?.Message ?? result.Message}");
                                }
                            }
                        }
                    }
                }).ConfigureAwait(false);
            }

            var sweep = await _sweeper.SweepAsync(_calculator.EndOf(day), cancellationToken).ConfigureAwait(false);
            fired += sweep.Fired;
            progress?.Report(new SimulationProgress(day, commands, fired));
        }

        return new SimulationResult(commands, refused, fired) { RefusalSamples = samples };
    }

    private sealed class Plan(int seed)
    {
        private int _order;

        public Random Random { get; } = new(seed);

        public SortedDictionary<LocalDate, List<PlannedAction>> Days { get; } = [];

        private readonly Lock _random = new();

        // Also called while the day's actions run at once (a command id made as its command is): one caller at a time, as
        // Random is not safe for several (a corrupted generator gave the same ids twice).
        public Guid NewGuid()
        {
            Span<byte> bytes = stackalloc byte[16];
            lock (_random)
            {
                Random.NextBytes(bytes);
            }

            bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
            return new Guid(bytes);
        }

        public CaseId NewCase() => new(NewGuid());

        public void Add(Instant at, LocalDate day, object key, Func<CancellationToken, ValueTask<CommandResult?>> run)
        {
            if (!Days.TryGetValue(day, out var list))
            {
                Days[day] = list = [];
            }

            list.Add(new PlannedAction(at, _order++, key, run));
        }

        public T Pick<T>(IReadOnlyList<T> items) => items[Random.Next(items.Count)];
    }

    private sealed record PlannedAction(Instant At, int Order, object Key, Func<CancellationToken, ValueTask<CommandResult?>> Run);

    private Instant At(LocalDate day, int hour, int minute = 0) => day.At(new LocalTime(hour, minute)).InZoneLeniently(_calculator.Zone).ToInstant();

    private LocalDate NextWorkingDay(LocalDate day, int after = 1)
    {
        var date = day;
        for (var n = 0; n < after;)
        {
            date = date.PlusDays(1);
            if (_calculator.Calendar.IsWorkingDay(date))
            {
                n++;
            }
        }

        return date;
    }

    private LocalDate OnOrBeforeWorkingDay(LocalDate day)
    {
        while (!_calculator.Calendar.IsWorkingDay(day))
        {
            day = day.PlusDays(-1);
        }

        return day;
    }
}
