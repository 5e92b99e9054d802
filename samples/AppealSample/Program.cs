// Another council system (say, a citizens' portal) registers an appeal and, later, records the answer.
using Council.Workflows;
using Council.Workflows.Appeals;
using Council.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

using var services = new ServiceCollection()
    .AddCouncilWorkflows(o => o.OrganisationName = "Житомирська міська рада")
    .BuildServiceProvider();
var engine = services.GetRequiredService<WorkflowEngine>();
var queries = services.GetRequiredService<AppealQueries>();
var kyiv = DateTimeZoneProviders.Tzdb["Europe/Kyiv"];
Instant At(int month, int day) => new LocalDateTime(2023, month, day, 10, 0).InZoneStrictly(kyiv).ToInstant();

var clerk = new Official("Петренко Олена", OfficialRole.Clerk);
var head = new Official("Мельник Віктор", OfficialRole.Head);
var executor = new Official("Бондар Сергій", OfficialRole.Executor);
var id = CaseId.New();

var registered = await engine.ExecuteAsync(new RegisterAppeal
{
    CommandId = Command.NewId(), CaseId = id, Actor = clerk, At = At(1, 31),
    Kind = AppealKind.Application, Channel = AppealChannel.Electronic,
    Applicants = [new Applicant("Коваленко Петро Іванович", "м. Житомир, вул. Київська, 1", "p.kovalenko@example.org")],
    Subject = "Ремонт дороги на вулиці Київській біля школи",
});
var appeal = (await queries.GetAsync(id))!;
Console.WriteLine($"Registered {appeal.Index}, due {appeal.Deadline.DueOn:dd.MM.yyyy} ({registered.State}).");
Console.WriteLine(appeal.Receipt("Житомирська міська рада"));

await engine.ExecuteAsync(new AssignExecutor { CommandId = Command.NewId(), CaseId = id, Actor = head, At = At(2, 1), Executor = executor.Name });

// An extension past 45 days is refused, and the result says why.
var refused = await engine.ExecuteAsync(new ExtendTerm
{
    CommandId = Command.NewId(), CaseId = id, Actor = head, At = At(2, 20),
    NewDueOn = new LocalDate(2023, 3, 31), Reason = "Потрібна перевірка на місці", Notice = "Лист № 12/01",
});
Console.WriteLine($"Extension: {refused.Status}: {refused.Refusal?.Message}");

var answered = await engine.ExecuteAsync(new AnswerAppeal
{
    CommandId = Command.NewId(), CaseId = id, Actor = executor, At = At(2, 24),
    Outcome = AnswerOutcome.Satisfied, Summary = "Ремонт включено до плану на квітень.", Channel = AnswerChannel.Electronic,
});
var closed = await engine.ExecuteAsync(new TakeAppealOffControl { CommandId = Command.NewId(), CaseId = id, Actor = head, At = At(2, 27) });
Console.WriteLine($"Answer: {answered.State}; taken off control: {closed.State}.");

foreach (var e in await engine.Store.LoadHistoryAsync(id))
{
    Console.WriteLine($"  v{e.Version} {e.At} {e.Type,-18} by {e.By.Name} ({e.By.Role}) → {e.State}");
}
