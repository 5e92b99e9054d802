using Council.Workflows.Appeals;
using Council.Workflows.Engine;

namespace Council.Workflows.Tests.Appeals;

public sealed class AppealSharingTest
{
    private readonly AppealFixture _f = new();

    [Fact]
    public async Task Keys_AreTheRowsKeys_OneListSharedByEveryVersion()
    {
        var registered = await _f.RegisterAsync();
        await _f.ExecuteAsync(_f.Assign(registered.Id));
        var assigned = await _f.AppealAsync(registered.Id);

        assigned.Keys.Should().Equal("коваленко петро іванович").And.Equal(assigned.ToRow().Keys);
        assigned.PartyKey.Should().Be("коваленко петро іванович");
        assigned.Keys.Should().BeSameAs(registered.Keys, "a store compares the keys of two versions on every commit; the same list needs no comparing");
        ((ICaseData)assigned).Keys.Should().BeSameAs(assigned.Keys);
    }

    [Fact]
    public async Task Deadlines_OfLettersReceivedOnOneDay_AreOneRecord()
    {
        var first = await _f.RegisterAsync();
        var second = await _f.RegisterAsync(_f.Registration("Шевченко Марія Іванівна", "Освітлення вулиці Польової"));
        var deputy = await _f.RegisterAsync(_f.Registration("Бойко Іван Петрович") with { Deputy = true });

        second.Deadline.Should().BeSameAs(first.Deadline);
        second.MaxDueOn.Should().Be(first.MaxDueOn);
        deputy.Deadline.Should().NotBe(first.Deadline, "a deputy's appeal runs on its own term");
    }
}
