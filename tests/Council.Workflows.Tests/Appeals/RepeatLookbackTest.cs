using Council.Workflows.Appeals;
using Council.Workflows.Engine;

namespace Council.Workflows.Tests.Appeals;

// The repeat check compares a new letter with the applicant's most recent appeals only: flat however often he wrote.
public class RepeatLookbackTest
{
    [Fact]
    public async Task Register_ApplicantWithManyEarlierAppeals_ReadsOnlyTheMostRecentFew()
    {
        var counting = new CountingStore();
        var f = new AppealFixture(new AppealOptions { RepeatLookback = 20 }, store: _ => counting);
        for (var i = 0; i < 60; i++)
        {
            await f.RegisterAsync(f.Registration(subject: $"Питання номер {i} про різне {i * 7}"));
        }

        counting.Loads = 0;
        var result = await f.ExecuteAsync(f.Registration(subject: "Зовсім інша тема листа"));

        result.Status.Should().Be(CommandStatus.Accepted);
        counting.Loads.Should().BeLessThanOrEqualTo(21, "the new case itself, and at most 20 earlier appeals");
    }

    [Fact]
    public async Task Register_RepeatAmongTheMostRecent_IsStillLinked()
    {
        var f = new AppealFixture(new AppealOptions { RepeatLookback = 3 });
        await f.RegisterAsync(f.Registration(subject: "Ремонт дороги на вулиці Київській біля школи"));
        for (var i = 0; i < 2; i++)
        {
            await f.RegisterAsync(f.Registration(subject: $"Інше питання {i}"));
        }

        var repeat = await f.RegisterAsync(f.Registration(subject: "Ремонт дороги на вулиці Київській"));

        repeat.RepeatOfIndexes.Should().Equal("К-1");
    }

    private sealed class CountingStore : Stores.PassThroughStore
    {
        public int Loads { get; set; }

        public override ValueTask<StoredCase?> LoadCaseAsync(CaseId id, long knownVersion = 0, CancellationToken cancellationToken = default)
        {
            Loads++;
            return base.LoadCaseAsync(id, knownVersion, cancellationToken);
        }
    }
}
