using System.Reflection;
using Council.Workflows.Appeals;
using Council.Workflows.Awards;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;
using Council.Workflows.Sqlite;
using Microsoft.Data.Sqlite;

namespace Council.Workflows.Tests.Stores;

// Records outlive the code that wrote them: event data is stored under explicit names ([StoredName]), and a history written
// by the previous schema (a fixture made by that build's command line) replays with today's code.
public sealed class StoredHistoryTest : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-history-").FullName;
    private readonly WorkflowRegistry _workflows = new([
        new AppealWorkflow(DeadlineCalculator.Default, new AppealOptions()),
        new PetitionWorkflow(DeadlineCalculator.Default, new AwardOptions()),
        new MeetingWorkflow(DeadlineCalculator.Default, new AwardOptions())]);

    private string DbPath => Path.Combine(_directory, "council.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void EveryEventType_HasAStoredName_UniqueAcrossTheWorkflows()
    {
        var declared = typeof(EventData).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(EventData)) && !t.IsAbstract).ToList();
        var listed = _workflows.All.SelectMany(w => w.EventTypes).ToList();

        listed.Should().BeEquivalentTo(declared, "every event type is listed by its workflow");
        declared.Should().OnlyContain(t => t.GetCustomAttribute<StoredNameAttribute>() != null);
        declared.Select(StoredNameAttribute.Of).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task HistoryWrittenBySchema6_ReplaysToTheStatesItsRowsRecord()
    {
        var stored = Restore();

        using var store = new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath, Simulation = true }, _workflows.EventTypes);

        stored.Should().HaveCount(6);
        foreach (var (id, kind, state, version) in stored)
        {
            var loaded = await store.LoadAsync(id, _workflows);
            loaded.Should().NotBeNull();
            (loaded!.Kind, loaded.StateName, loaded.Version).Should().Be((kind, state, version));
            _workflows.Replay(kind, await store.LoadHistoryAsync(id)).Should().BeEquivalentTo(loaded, o => o.RespectingRuntimeTypes());
        }

        var appeals = await store.QueryAsync(new CaseQuery { Kind = Appeal.CaseKind }).ToListAsync();
        var closed = (Appeal)(await store.LoadAsync(appeals.Single(r => r.Reference == "К-1").Id, _workflows))!;
        closed.State.Should().Be(AppealState.Closed);
        closed.Deadline.DueOn.Should().Be(new LocalDate(2023, 3, 10));
        ((Appeal)(await store.LoadAsync(appeals.Single(r => r.Reference == "М-3").Id, _workflows))!).State.Should().Be(AppealState.Annulled);
        ((Appeal)(await store.LoadAsync(appeals.Single(r => r.Reference == "М-2").Id, _workflows))!).Applicants[0].FullName.Should().Be("Мороз Олена Василівна");
        var petitionRow = await store.QueryAsync(new CaseQuery { Kind = Petition.CaseKind }).SingleAsync();
        var petition = (Petition)(await store.LoadAsync(petitionRow.Id, _workflows))!;
        petition.Nominees.Select(n => n.Status).Should().Equal(NomineeStatus.Presented, NomineeStatus.Awarded);
        petition.Nominees[0].Grant!.Number.Should().Be("215-р");
    }

    [Fact]
    public async Task HistoryWrittenBySchema6_TakesNewActsAndKeepsItsNumbers()
    {
        Restore();
        using var store = new SqliteCaseStore(new SqliteStoreOptions { Path = DbPath, Simulation = true }, _workflows.EventTypes);
        var engine = new WorkflowEngine(store, _workflows, new NodaTime.Testing.FakeClock(Instant.FromUtc(2023, 4, 10, 8, 0)));

        var registered = await engine.ExecuteAsync(new RegisterAppeal
        {
            CommandId = Guid.NewGuid(),
            CaseId = CaseId.New(),
            Actor = new Official("Петренко Олена", OfficialRole.Clerk),
            At = Instant.FromUtc(2023, 4, 10, 8, 0),
            Kind = AppealKind.Application,
            Applicants = [new Applicant("Коваленко Петро Іванович", "м. Житомир, вул. Київська, 1", null)],
            Subject = "Ремонт дороги",
        });

        registered.Status.Should().Be(CommandStatus.Accepted, registered.Refusal?.Message ?? registered.Message);
        var appeal = (Appeal)(await store.LoadAsync(registered.CaseId, _workflows))!;
        appeal.Index.Should().Be("К-5", "the sequence the old file kept goes on");
        appeal.RepeatOf.Should().ContainSingle("the applicant's earlier appeal, stored by the old schema, is found");
    }

    // The fixture into a new file; the rows it holds: id, kind, state and version of each case.
    private List<(CaseId Id, string Kind, string State, long Version)> Restore()
    {
        var sql = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "schema6-history.sql"));
        using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        using var rows = connection.CreateCommand();
        rows.CommandText = "SELECT id, kind, state, version FROM cases";
        using var reader = rows.ExecuteReader();
        var cases = new List<(CaseId, string, string, long)>();
        while (reader.Read())
        {
            cases.Add((new CaseId(new Guid((byte[])reader[0], bigEndian: true)), reader.GetString(1), reader.GetString(2), reader.GetInt64(3)));
        }

        return cases;
    }
}
