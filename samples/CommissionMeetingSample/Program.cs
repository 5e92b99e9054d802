// One realistic sitting of the awards commission, end to end: petitions submitted and registered (with eligibility
// warnings), a meeting with a quorum, a declared conflict of interest, votes, minutes, then the mayor's order and the
// ceremony.
using Council.Workflows;
using Council.Workflows.Awards;
using Council.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

using var services = new ServiceCollection().AddCouncilWorkflows().BuildServiceProvider();
var engine = services.GetRequiredService<WorkflowEngine>();
var coordinator = services.GetRequiredService<AwardsCoordinator>();
var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CouncilWorkflowsOptions>>().Value.Awards;
var kyiv = DateTimeZoneProviders.Tzdb["Europe/Kyiv"];
Instant At(int month, int day) => new LocalDateTime(2023, month, day, 10, 0).InZoneStrictly(kyiv).ToInstant();
async Task<CommandResult> Do(Command command)
{
    var result = await engine.ExecuteAsync(command);
    if (!result.IsAccepted)
    {
        Console.WriteLine($"  {command.GetType().Name}: {result.Status} — {result.Refusal?.Message ?? result.Message}");
    }

    return result;
}

var clerk = new Official("Петренко Олена", OfficialRole.Clerk);
var secretary = new Official("Ковальчук Андрій", OfficialRole.Secretary);
CommissionMember[] members =
[
    new("Гречко Наталія", CommissionRole.Chair), new("Ковальчук Андрій", CommissionRole.Secretary), new("Лисенко Оксана"),
    new("Мороз Василь"), new("Олійник Тетяна"), new("Павленко Роман"), new("Руденко Світлана"),
];
NomineeProposal Nominee(string name, string award, string category, string justification) =>
    new() { Name = name, Award = award, Category = category, Justification = justification };

// Two petitions arrive.
var unit = CaseId.New();
await Do(new SubmitPetition
{
    CommandId = Command.NewId(), CaseId = unit, Actor = clerk, At = At(2, 20),
    Petitioner = new Petitioner(PetitionerKind.MilitaryUnit, "Військова частина А0000"),
    Nominees =
    [
        Nominee("Шевченко Олег Петрович", "thanks", "military", "За мужність під час оборони міста."),
        Nominee("Бондаренко Ігор Васильович", "merit-3", "military", "За організацію евакуації поранених."),
    ],
});
var ngo = CaseId.New();
await Do(new SubmitPetition
{
    CommandId = Command.NewId(), CaseId = ngo, Actor = clerk, At = At(2, 21),
    Petitioner = new Petitioner(PetitionerKind.Ngo, "ГО «Волонтерський рух»"),
    Nominees = [Nominee("Ткаченко Марія Олексіївна", "thanks", "volunteer", "За забезпечення підрозділів ЗСУ."), Nominee("Мороз Андрій Васильович", "thanks", "volunteer", "За волонтерську діяльність.")],
});
foreach (var petition in new[] { unit, ngo })
{
    var registered = await Do(new RegisterPetition { CommandId = Command.NewId(), CaseId = petition, Actor = secretary, At = At(2, 22) });
}

// The meeting.
var meeting = CaseId.New();
await Do(new ScheduleMeeting { CommandId = Command.NewId(), CaseId = meeting, Actor = secretary, At = At(2, 22), On = new LocalDate(2023, 3, 1), Members = members });
await coordinator.PlaceOnAgendaAsync(Command.NewId(), meeting, unit, secretary, At(2, 23));
await coordinator.PlaceOnAgendaAsync(Command.NewId(), meeting, ngo, secretary, At(2, 23));
string[] present = ["Гречко Наталія", "Ковальчук Андрій", "Лисенко Оксана", "Мороз Василь", "Олійник Тетяна", "Павленко Роман"];
await Do(new OpenMeeting { CommandId = Command.NewId(), CaseId = meeting, Actor = secretary, At = At(3, 1), Present = present });
// Мороз Василь is the nominee's father: he declares the conflict and does not vote on him.
await Do(new DeclareConflictOfInterest { CommandId = Command.NewId(), CaseId = meeting, Actor = secretary, At = At(3, 1), Member = "Мороз Василь", Petition = ngo, NomineeNo = 2 });

TakeVote Vote(CaseId petition, int no, string[] voteFor, string[] against, Motion motion = Motion.Recommend, string? award = null, string? reason = null) => new()
{
    CommandId = Command.NewId(), CaseId = meeting, Actor = secretary, At = At(3, 1), Petition = petition, NomineeNo = no, Motion = motion, Award = award, Reason = reason,
    Ballots = [.. voteFor.Select(m => new Ballot(m, VoteChoice.For)), .. against.Select(m => new Ballot(m, VoteChoice.Against))],
};
await Do(Vote(unit, 1, present, []));
await Do(Vote(unit, 2, present[..5], present[5..], award: "thanks"));  // recommended for a lower award than proposed
await Do(Vote(ngo, 1, present, []));
await Do(Vote(ngo, 2, ["Гречко Наталія", "Ковальчук Андрій"], ["Лисенко Оксана", "Олійник Тетяна", "Павленко Роман"], reason: "Недостатньо підтверджених заслуг"));
await coordinator.CloseMeetingAsync(Command.NewId(), meeting, secretary, At(3, 1));

var closed = (CommissionMeeting)(await engine.LoadAsync(meeting))!;
Console.WriteLine(MeetingMinutes.Render(closed, options));

// The mayor's order and the ceremony.
foreach (var (petition, no) in new[] { (unit, 1), (unit, 2), (ngo, 1) })
{
    await Do(new RecordGrant { CommandId = Command.NewId(), CaseId = petition, Actor = secretary, At = At(3, 6), NomineeNo = no, Awarded = true, Instrument = GrantingInstrument.MayorsOrder, Number = "215-р", On = new LocalDate(2023, 3, 6) });
    await Do(new RecordPresentation { CommandId = Command.NewId(), CaseId = petition, Actor = secretary, At = At(3, 8), NomineeNo = no, On = new LocalDate(2023, 3, 8) });
}

foreach (var id in new[] { unit, ngo })
{
    var petition = (Petition)(await engine.LoadAsync(id))!;
    Console.WriteLine($"Клопотання {petition.Number} ({petition.Petitioner.Name}): {petition.StateName}; " +
        string.Join("; ", petition.Nominees.Select(n => $"{n.Name} — {n.Status}")));
}
