using Council.Workflows.Appeals;
using Council.Workflows.Engine;
using Council.Workflows.Tests.Appeals;
using Council.Workflows.Tests.Stores;

namespace Council.Workflows.Tests.Engine;

// A fingerprint is stored with a command's result and compared with a retry's, possibly in another process or version:
// its value for given arguments must never move. These pin it.
public sealed class CommandFingerprintTest
{
    private static readonly CaseId Case = new(Guid.Parse("0192f1c4-5a7e-7b10-8c3d-2e4f5a6b7c8d"));

    private static RegisterAppeal Registration() => new()
    {
        CommandId = Guid.Parse("0192f1c4-5a7e-7b10-8c3d-000000000001"),
        CaseId = Case,
        Actor = AppealFixture.Clerk,
        At = Instant.FromUtc(2023, 2, 1, 9, 0),
        Kind = AppealKind.Application,
        Applicants = [new Applicant("Коваленко Петро Іванович", "м. Житомир, вул. Київська, 1", "p.kovalenko@example.org")],
        Subject = "Ремонт дороги на вулиці Київській біля школи",
        ReceivedOn = new LocalDate(2023, 1, 31),
    };

    private static AssignExecutor Assignment() => new()
    {
        CommandId = Guid.Parse("0192f1c4-5a7e-7b10-8c3d-000000000002"),
        CaseId = Case,
        Actor = AppealFixture.Head,
        At = Instant.FromUtc(2023, 2, 1, 10, 0),
        Executor = "Бондар Сергій",
    };

    [Fact]
    public void Of_AnArgumentLeftEmpty_IsAsIfTheArgumentDidNotExist()
    {
        // A later version adds arguments to commands (the card, the resolution); a command that does not use them must keep
        // the fingerprint recorded before they existed, or its retry would look like a reused id.
        CommandFingerprint.Of(Registration() with { Card = null, Signatories = null, Benefits = false })
            .Should().Be(CommandFingerprint.Of(Registration()));
        CommandFingerprint.Of(Assignment() with { Resolution = null }).Should().Be(CommandFingerprint.Of(Assignment()));
        CommandFingerprint.Of(Assignment() with { Resolution = "Підготувати відповідь" }).Should().NotBe(CommandFingerprint.Of(Assignment()));
        CommandFingerprint.Of(Registration() with { Card = new AppealCard { AuthorCategory = "7.5" } }).Should().NotBe(CommandFingerprint.Of(Registration()));
    }

    [Fact]
    public void Of_FixedArguments_IsTheValueStoredByEveryVersion()
    {
        CommandFingerprint.Of(Registration()).Should().Be(5124853868040786742);
        CommandFingerprint.Of(Assignment()).Should().Be(2655159688266671025);
    }

    [Fact]
    public void Legacy_FixedArguments_IsTheValueResultsRecordedBeforeXxHash3Carry()
    {
        // Taken with the SHA-256 fingerprint's own code, before it was replaced.
        CommandFingerprint.Legacy(Registration()).Should().Be(-1751925184367325889);
        CommandFingerprint.Legacy(Assignment()).Should().Be(-586165360973920205);
    }

    [Fact]
    public void Matches_UnknownCurrentOrLegacy_AndNothingElse()
    {
        var command = Assignment();
        var current = CommandFingerprint.Of(command);

        CommandFingerprint.Matches(0, current, command).Should().BeTrue();
        CommandFingerprint.Matches(current, current, command).Should().BeTrue();
        CommandFingerprint.Matches(CommandFingerprint.Legacy(command), current, command).Should().BeTrue();
        CommandFingerprint.Matches(CommandFingerprint.Legacy(command with { Executor = "Савчук Марія" }), current, command).Should().BeFalse();
        CommandFingerprint.Matches(CommandFingerprint.Of(command with { Executor = "Савчук Марія" }), current, command).Should().BeFalse();
    }

    [Fact]
    public async Task Execute_RetryOfAnActRecordedWithTheLegacyFingerprint_ReturnsTheFirstResult()
    {
        var store = new LegacyFingerprintStore();
        var f = new AppealFixture(store: _ => store);
        var first = f.Registration();
        store.Recorded[first.CommandId] = first;
        var registered = await f.ExecuteAsync(first);

        var retry = await f.ExecuteAsync(first with { At = first.At.Plus(Duration.FromMinutes(5)) });

        registered.Status.Should().Be(CommandStatus.Accepted);
        retry.IsRepeat.Should().BeTrue();
        retry.Status.Should().Be(CommandStatus.Accepted);
        retry.CaseId.Should().Be(registered.CaseId);
    }

    [Fact]
    public async Task Execute_IdRecordedWithTheLegacyFingerprintReusedForOtherArguments_IsAConflict()
    {
        var store = new LegacyFingerprintStore();
        var f = new AppealFixture(store: _ => store);
        var appeal = await f.RegisterAsync();
        var assign = f.Assign(appeal.Id);
        store.Recorded[assign.CommandId] = assign;
        await f.ExecuteAsync(assign);

        var other = await f.ExecuteAsync(assign with { Executor = "Савчук Марія" });

        other.Status.Should().Be(CommandStatus.Conflict);
        (await f.AppealAsync(appeal.Id)).Executor.Should().Be("Бондар Сергій");
    }

    // A store as an earlier version wrote it: the results of the commands named here carry the SHA-256 fingerprint.
    private sealed class LegacyFingerprintStore : PassThroughStore
    {
        public Dictionary<Guid, Command> Recorded { get; } = [];

        public override ValueTask<CommitOutcome> CommitAsync(CaseCommit commit, CancellationToken cancellationToken = default) =>
            base.CommitAsync(
                Recorded.TryGetValue(commit.Result.CommandId, out var command)
                    ? commit with { Result = commit.Result with { Fingerprint = CommandFingerprint.Legacy(command) } }
                    : commit,
                cancellationToken);
    }
}
