using Council.Workflows.Awards;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;
using NodaTime.Testing;

namespace Council.Workflows.Tests.Awards;

// A fresh engine with the petition and meeting workflows, a commission of seven (quorum four) and builders.
internal sealed class AwardsFixture
{
    public static readonly Official Secretary = new("Гречко Наталія", OfficialRole.Secretary);
    public static readonly Official Clerk = new("Петренко Олена", OfficialRole.Clerk);
    public static readonly Official Outsider = new("Сидоренко Іван", OfficialRole.Executor);

    public static readonly IReadOnlyList<CommissionMember> Members =
    [
        new("Гречко Наталія", CommissionRole.Chair),
        new("Ковальчук Андрій", CommissionRole.Secretary),
        new("Лисенко Оксана"),
        new("Мороз Василь"),
        new("Олійник Тетяна"),
        new("Павленко Роман"),
        new("Руденко Світлана"),
    ];

    public AwardsFixture(AwardOptions? options = null, Func<WorkflowRegistry, ICaseStore>? store = null)
    {
        Options = options ?? new AwardOptions();
        Petitions = new PetitionWorkflow(DeadlineCalculator.Default, Options);
        Meetings = new MeetingWorkflow(DeadlineCalculator.Default, Options);
        var registry = new WorkflowRegistry([Petitions, Meetings]);
        Store = store?.Invoke(registry) ?? new InMemoryCaseStore();
        Engine = new WorkflowEngine(Store, registry);
        Coordinator = new AwardsCoordinator(Engine);
    }

    public FakeClock Clock { get; } = new(Instant.FromUtc(2023, 3, 1, 8, 0));

    public ICaseStore Store { get; }

    public AwardOptions Options { get; }

    public PetitionWorkflow Petitions { get; }

    public MeetingWorkflow Meetings { get; }

    public WorkflowEngine Engine { get; }

    public AwardsCoordinator Coordinator { get; }

    public Instant Now => Clock.GetCurrentInstant();

    public static IReadOnlyList<string> AllMembers => [.. Members.Select(m => m.Name)];

    public static NomineeProposal Nominee(string name = "Шевченко Олег Петрович", string award = "thanks", string category = "military", bool posthumous = false) => new()
    {
        Name = name,
        Award = award,
        Category = category,
        Justification = "За мужність і самовідданість під час оборони міста.",
        Posthumous = posthumous,
        Position = "військовослужбовець",
    };

    public SubmitPetition Submission(params NomineeProposal[] nominees) => new()
    {
        CommandId = Guid.NewGuid(),
        CaseId = CaseId.New(),
        Actor = Clerk,
        At = Now,
        Petitioner = new Petitioner(PetitionerKind.MilitaryUnit, "Військова частина А0000"),
        Nominees = nominees.Length == 0 ? [Nominee()] : nominees,
    };

    public async Task<Petition> RegisteredAsync(params NomineeProposal[] nominees)
    {
        var submitted = await Engine.ExecuteAsync(Submission(nominees));
        var registered = await Engine.ExecuteAsync(Register(submitted.CaseId));
        registered.Status.Should().Be(CommandStatus.Accepted, registered.Refusal?.Message);
        return await PetitionAsync(submitted.CaseId);
    }

    public RegisterPetition Register(CaseId id) => new() { CommandId = Guid.NewGuid(), CaseId = id, Actor = Secretary, At = Now };

    public async Task<Petition> PetitionAsync(CaseId id) => (Petition)(await Engine.LoadAsync(id))!;

    public async Task<CommissionMeeting> MeetingAsync(CaseId id) => (CommissionMeeting)(await Engine.LoadAsync(id))!;

    public async Task<CaseId> ScheduledAsync(params Petition[] agenda)
    {
        var id = CaseId.New();
        var result = await Engine.ExecuteAsync(new ScheduleMeeting
        {
            CommandId = Guid.NewGuid(), CaseId = id, Actor = Secretary, At = Now, On = new LocalDate(2023, 3, 15), Members = Members,
        });
        result.Status.Should().Be(CommandStatus.Accepted);
        foreach (var petition in agenda)
        {
            (await Coordinator.PlaceOnAgendaAsync(Guid.NewGuid(), id, petition.Id, Secretary, Now)).Status.Should().Be(CommandStatus.Accepted);
        }

        return id;
    }

    public async Task<CaseId> OpenedAsync(IReadOnlyList<string>? present, params Petition[] agenda)
    {
        var id = await ScheduledAsync(agenda);
        var opened = await Engine.ExecuteAsync(Open(id, present ?? AllMembers));
        opened.Status.Should().Be(CommandStatus.Accepted, opened.Refusal?.Message);
        return id;
    }

    public OpenMeeting Open(CaseId meeting, IReadOnlyList<string> present) => new() { CommandId = Guid.NewGuid(), CaseId = meeting, Actor = Secretary, At = Now, Present = present };

    public TakeVote Vote(CaseId meeting, Petition petition, int nominee, int votesFor, int against = 0, int abstain = 0, IReadOnlyList<string>? voters = null)
    {
        var names = (voters ?? AllMembers).ToList();
        var ballots = names.Take(votesFor).Select(n => new Ballot(n, VoteChoice.For))
            .Concat(names.Skip(votesFor).Take(against).Select(n => new Ballot(n, VoteChoice.Against)))
            .Concat(names.Skip(votesFor + against).Take(abstain).Select(n => new Ballot(n, VoteChoice.Abstain)))
            .ToList();
        return new TakeVote { CommandId = Guid.NewGuid(), CaseId = meeting, Actor = Secretary, At = Now, Petition = petition.Id, NomineeNo = nominee, Ballots = ballots };
    }

    public DeclareConflictOfInterest Declare(CaseId meeting, Petition petition, int nominee, string member, bool publicly = false) =>
        new() { CommandId = Guid.NewGuid(), CaseId = meeting, Actor = Secretary, At = Now, Member = member, Petition = petition.Id, NomineeNo = nominee, Publicly = publicly };

    public Task<CommandResult> CloseAsync(CaseId meeting) => Coordinator.CloseMeetingAsync(Guid.NewGuid(), meeting, Secretary, Now).AsTask();

    public RecordGrant Grant(Petition petition, int nominee, GrantingInstrument instrument = GrantingInstrument.MayorsOrder, bool awarded = true, LocalDate? on = null) => new()
    {
        CommandId = Guid.NewGuid(), CaseId = petition.Id, Actor = Secretary, At = Now, NomineeNo = nominee, Awarded = awarded,
        Instrument = instrument, Number = "123-р", On = on ?? new LocalDate(2023, 3, 20),
    };

    public RecordPresentation Present(Petition petition, int nominee, LocalDate? on = null) =>
        new() { CommandId = Guid.NewGuid(), CaseId = petition.Id, Actor = Secretary, At = Now, NomineeNo = nominee, On = on ?? new LocalDate(2023, 3, 25) };

    // A petition whose nominees were all recommended at a meeting of everyone present.
    public async Task<Petition> RecommendedAsync(params NomineeProposal[] nominees)
    {
        var petition = await RegisteredAsync(nominees);
        var meeting = await OpenedAsync(null, petition);
        foreach (var nominee in petition.Nominees)
        {
            (await Engine.ExecuteAsync(Vote(meeting, petition, nominee.No, votesFor: 7))).Status.Should().Be(CommandStatus.Accepted);
        }

        await CloseAsync(meeting);
        return await PetitionAsync(petition.Id);
    }

    // A petition whose nominees were all awarded on the date given. An award earlier than the clock is built at its own
    // time (submitted, recommended and granted that day) so the history stays in order; the clock is then put back.
    public async Task<Petition> AwardedAsync(LocalDate on, params NomineeProposal[] nominees)
    {
        var now = Clock.GetCurrentInstant();
        var then = on.At(new LocalTime(10, 0)).InZoneLeniently(DeadlineCalculator.Default.Zone).ToInstant();
        if (then < now)
        {
            Clock.Reset(then);
        }

        try
        {
            var petition = await RecommendedAsync(nominees);
            foreach (var nominee in petition.Nominees)
            {
                var instrument = Options.Type(nominee.RecommendedAward)!.Instrument;
                var grant = await Engine.ExecuteAsync(Grant(petition, nominee.No, instrument, on: on));
                grant.Status.Should().Be(CommandStatus.Accepted, grant.Refusal?.Message);
            }

            return await PetitionAsync(petition.Id);
        }
        finally
        {
            Clock.Reset(now);
        }
    }
}
