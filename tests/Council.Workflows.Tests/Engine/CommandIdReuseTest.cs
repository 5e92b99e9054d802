using Council.Workflows.Engine;
using Council.Workflows.Sqlite;
using Council.Workflows.Tests.Appeals;

namespace Council.Workflows.Tests.Engine;

// The same command id is one act: a retry gets the first result; the id reused for another act is a conflict.
public sealed class CommandIdReuseTest : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-reuse-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<string> Stores => ["memory", "sqlite"];

    private AppealFixture Fixture(string store) => store == "memory"
        ? new AppealFixture()
        : new AppealFixture(store: registry => new SqliteCaseStore(new SqliteStoreOptions { Path = Path.Combine(_directory, "council.db") }, registry.EventTypes));

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Execute_IdReusedForAnotherRegistration_IsAConflictAndStoresNothing(string store)
    {
        var f = Fixture(store);
        var first = f.Registration();
        await f.ExecuteAsync(first);

        var second = await f.ExecuteAsync(f.Registration("Мазур Ганна Петрівна", "Освітлення двору") with { CommandId = first.CommandId });

        second.Status.Should().Be(CommandStatus.Conflict);
        second.Message.Should().Contain("already used");
        second.ConflictCode.Should().Be("command-id-reused");
        second.IsRepeat.Should().BeFalse();
        (await f.Engine.LoadAsync(second.CaseId)).Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Execute_IdReusedForOtherArgumentsOnTheSameCase_IsAConflict(string store)
    {
        var f = Fixture(store);
        var appeal = await f.RegisterAsync();
        var assign = f.Assign(appeal.Id);
        await f.ExecuteAsync(assign);

        var other = await f.ExecuteAsync(assign with { Executor = "Савчук Марія" });

        other.Status.Should().Be(CommandStatus.Conflict);
        (await f.AppealAsync(appeal.Id)).Executor.Should().Be("Бондар Сергій");
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Execute_IdReusedForAnotherVerb_IsAConflict(string store)
    {
        var f = Fixture(store);
        var appeal = await f.RegisterAsync();
        var assign = f.Assign(appeal.Id);
        await f.ExecuteAsync(assign);

        var forward = await f.ExecuteAsync(f.Forward(appeal.Id) with { CommandId = assign.CommandId });

        forward.Status.Should().Be(CommandStatus.Conflict);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Execute_RetryOfTheSameActLater_ReturnsTheFirstResult(string store)
    {
        var f = Fixture(store);
        var first = f.Registration();
        var registered = await f.ExecuteAsync(first);

        var retry = await f.ExecuteAsync(first with { At = first.At.Plus(Duration.FromMinutes(5)) });

        retry.IsRepeat.Should().BeTrue();
        retry.Status.Should().Be(CommandStatus.Accepted);
        retry.CaseId.Should().Be(registered.CaseId);
    }

    [Fact]
    public void Fingerprint_SameArguments_IsTheSameAndAnyArgumentChangesIt()
    {
        var f = new AppealFixture();
        var command = f.Registration();

        var same = CommandFingerprint.Of(command with { CommandId = Guid.NewGuid(), At = command.At.Plus(Duration.FromDays(1)) });

        same.Should().Be(CommandFingerprint.Of(command));
        CommandFingerprint.Of(command with { Subject = command.Subject + "." }).Should().NotBe(same);
        CommandFingerprint.Of(command with { ReceivedOn = new LocalDate(2023, 1, 30) }).Should().NotBe(same);
        CommandFingerprint.Of(command with { CaseId = CaseId.New() }).Should().NotBe(same);
    }
}
