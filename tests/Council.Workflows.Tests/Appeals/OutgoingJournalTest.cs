using Council.Workflows.Appeals;
using Council.Workflows.Engine;
using Council.Workflows.Sqlite;
using static Council.Workflows.Tests.Appeals.AppealFixture;

namespace Council.Workflows.Tests.Appeals;

// The outgoing journal: every letter to the applicant takes the next gapless number in its own commit.
public sealed class OutgoingJournalTest : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-outgoing-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<string> Stores => ["memory", "sqlite"];

    private AppealFixture Fixture(string store, AppealOptions? options = null) => store == "memory"
        ? new AppealFixture(options)
        : new AppealFixture(options, store: registry => new SqliteCaseStore(new SqliteStoreOptions { Path = Path.Combine(_directory, $"{Guid.NewGuid():N}.db") }, registry.EventTypes));

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Letters_OfEveryKind_ShareOneGaplessJournal(string store)
    {
        var f = Fixture(store);
        var answered = await f.AssignedAsync();
        var forwarded = await f.RegisterAsync(f.Registration("Мазур Ганна Петрівна", "Освітлення двору"));
        var returned = await f.RegisterAsync(f.Registration("Ткачук Іван", "Вивіз сміття"));

        await f.ExecuteAsync(f.Interim(answered.Id));
        await f.ExecuteAsync(f.Extend(answered.Id, D(2023, 3, 10)));
        await f.ExecuteAsync(f.Forward(forwarded.Id));
        await f.ExecuteAsync(f.Return(returned.Id, missingDetails: true));
        await f.ExecuteAsync(f.Answer(answered.Id));

        var letters = (await f.AppealAsync(answered.Id)).Letters;
        letters.Select(l => (l.Kind, l.Number)).Should().Equal(
            (LetterKind.InterimAnswer, "1"), (LetterKind.ExtensionNotice, "2"), (LetterKind.Answer, "5"));
        letters.Should().OnlyContain(l => l.On == D(2023, 1, 31));
        (await f.AppealAsync(forwarded.Id)).Letters.Should().ContainSingle().Which.Should().Be(new OutgoingLetter(LetterKind.Forwarding, "3", D(2023, 1, 31)) { Sequence = 3 });
        (await f.AppealAsync(returned.Id)).Letters.Should().ContainSingle().Which.Number.Should().Be("4");
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Letter_RefusedAct_TakesNoNumber(string store)
    {
        var f = Fixture(store);
        var appeal = await f.AssignedAsync();

        var refused = await f.ExecuteAsync(f.Extend(appeal.Id, D(2023, 3, 10), by: Executor));
        await f.ExecuteAsync(f.Answer(appeal.Id));

        refused.Status.Should().Be(CommandStatus.Refused);
        (await f.AppealAsync(appeal.Id)).Letters.Should().ContainSingle().Which.Sequence.Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Letters_AnsweredInParallel_AreNumberedOnceEachWithoutGapsOrConflicts(string store)
    {
        var f = Fixture(store);
        var appeals = new List<Appeal>();
        for (var i = 0; i < 40; i++)
        {
            appeals.Add(await f.AssignedAsync(f.Registration($"Заявник Номер{i}", $"Питання {i}")));
        }

        var results = await Task.WhenAll(appeals.Select(a => Task.Run(() => f.ExecuteAsync(f.Answer(a.Id)))));

        results.Should().OnlyContain(r => r.Status == CommandStatus.Accepted);
        var numbers = new List<long>();
        foreach (var a in appeals)
        {
            numbers.Add((await f.AppealAsync(a.Id)).Letters.Single().Sequence);
        }

        numbers.Order().Should().Equal(Enumerable.Range(1, 40).Select(i => (long)i));
    }

    [Fact]
    public async Task Letter_Format_WritesTheNumberTheYearAndTheIndex()
    {
        var f = new AppealFixture(new AppealOptions { Outgoing = { Format = "01-15/{index}/{number}-{year}" } });
        var appeal = await f.AssignedAsync();

        await f.ExecuteAsync(f.Answer(appeal.Id));

        (await f.AppealAsync(appeal.Id)).Letters.Single().Number.Should().Be("01-15/К-1/1-2023");
    }

    [Fact]
    public async Task Letters_PerYear_RestartInANewYearAndContinuousDoNot()
    {
        var perYear = new AppealFixture();
        var continuous = new AppealFixture(new AppealOptions { Outgoing = { Numbering = OutgoingNumbering.Continuous } });
        foreach (var f in new[] { perYear, continuous })
        {
            var first = await f.AssignedAsync();
            await f.ExecuteAsync(f.Answer(first.Id));
            f.Clock.Reset(Kyiv(2024, 1, 3));
            var second = await f.AssignedAsync();
            await f.ExecuteAsync(f.Answer(second.Id));
        }

        var lastPerYear = (await perYear.Queries.FindByIndexAsync("К-1", 2024))!;
        var lastContinuous = (await continuous.Queries.FindByIndexAsync("К-1", 2024))!;
        lastPerYear.Letters.Single().Number.Should().Be("1");
        lastContinuous.Letters.Single().Number.Should().Be("2");
    }

    [Fact]
    public async Task Letter_External_RecordsTheTypedNumberAndTakesNoneOfItsOwn_AndALetterWithoutOneIsAWrongArgument()
    {
        var f = new AppealFixture(new AppealOptions { Outgoing = { Numbering = OutgoingNumbering.External } });
        var typed = await f.AssignedAsync();
        var untyped = await f.AssignedAsync(f.Registration("Мазур Ганна Петрівна", "Освітлення двору"));

        await f.ExecuteAsync(f.Answer(typed.Id) with { OutgoingNumber = " 02-07/315 " });
        var act = () => f.ExecuteAsync(f.Answer(untyped.Id));

        (await f.AppealAsync(typed.Id)).Letters.Single().Should().Be(new OutgoingLetter(LetterKind.Answer, "02-07/315", D(2023, 1, 31)));
        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("give the answer letter's number from that journal");
        (await f.AppealAsync(untyped.Id)).Answer.Should().BeNull();
    }

    [Fact]
    public async Task Letter_TypedNumberWhereTheCouncilKeepsTheJournal_IsAWrongArgument()
    {
        var f = new AppealFixture();
        var appeal = await f.AssignedAsync();

        var act = () => f.ExecuteAsync(f.Answer(appeal.Id) with { OutgoingNumber = "02-07/315" });

        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("numbers its letters itself");
        (await f.AppealAsync(appeal.Id)).Answer.Should().BeNull();
    }

    [Fact]
    public async Task NotConsidered_Anonymous_SendsNoLetter()
    {
        var f = new AppealFixture();
        var appeal = await f.RegisterAsync(f.Registration() with { HasSignature = false });

        await f.ExecuteAsync(f.NotConsider(appeal.Id, NotConsideredGround.Anonymous));

        var after = await f.AppealAsync(appeal.Id);
        after.State.Should().Be(AppealState.NotConsidered);
        after.Letters.Should().BeEmpty();
    }

    [Fact]
    public void Options_FormatWithoutTheNumberOrWithAnUnknownPlaceholder_AreRefused()
    {
        foreach (var format in new[] { "01-15/", "{number}/{month}", "" })
        {
            var options = new AppealOptions { Outgoing = { Format = format } };
            var failures = new List<string>();

            options.Validate(failures);

            failures.Should().ContainSingle(f => f.StartsWith("Appeals.Outgoing.Format", StringComparison.Ordinal), format);
        }
    }
}
