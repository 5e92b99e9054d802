using Council.Workflows.Awards;
using Council.Workflows.Engine;
using static Council.Workflows.Tests.Awards.AwardsFixture;

namespace Council.Workflows.Tests.Awards;

public class MinutesTest
{
    private readonly AwardsFixture _f = new();

    [Fact]
    public async Task Render_ClosedMeeting_ShowsPresenceDeclarationsVotesAndDecisions()
    {
        var petition = await _f.RegisteredAsync(Nominee(), Nominee("Ткаченко Марія", award: "honorary-certificate", category: "volunteer"));
        var present = AllMembers.Take(6).ToList();
        var meeting = await _f.OpenedAsync(present, petition);
        await _f.Engine.ExecuteAsync(_f.Declare(meeting, petition, 2, "Мороз Василь"));
        await _f.Engine.ExecuteAsync(_f.Vote(meeting, petition, 1, votesFor: 5, against: 1));
        await _f.Engine.ExecuteAsync(_f.Vote(meeting, petition, 2, votesFor: 2, against: 3, voters: present.Where(m => m != "Мороз Василь").ToList()) with { Reason = "Недостатньо підстав" });
        await _f.CloseAsync(meeting);

        var minutes = MeetingMinutes.Render(await _f.MeetingAsync(meeting), _f.Options);

        minutes.Should().StartWith("ПРОТОКОЛ № 1");
        minutes.Should().Contain("Присутні (6 з 7 членів комісії; кворум — 4, є)");
        minutes.Should().Contain("Гречко Наталія, голова комісії");
        minutes.Should().Contain("Відсутні: Руденко Світлана.");
        minutes.Should().Contain("Мороз Василь — щодо кандидатури Ткаченко Марія");
        minutes.Should().Contain("«за» — 5 (Гречко Наталія, Ковальчук Андрій, Лисенко Оксана, Мороз Василь, Олійник Тетяна), «проти» — 1 (Павленко Роман)");
        minutes.Should().Contain("Не голосували через конфлікт інтересів: Мороз Василь.");
        minutes.Should().Contain("ВИРІШИЛИ: рекомендувати до нагородження: «Подяка міського голови».");
        minutes.Should().Contain("ВИРІШИЛИ: відмовити; причина: Недостатньо підстав.");
        minutes.Should().Contain("Застереження: «").And.NotContain("lower-first");
        minutes.Should().Contain("Секретар комісії    ____________ Ковальчук Андрій");
    }

    [Fact]
    public async Task Render_MemberArrivedAndMemberLeft_CountsBothPresentAndNotesWhen()
    {
        var petition = await _f.RegisteredAsync(Nominee(), Nominee("Ткаченко Марія", category: "volunteer"));
        var meeting = await _f.OpenedAsync(AllMembers.Take(4).ToList(), petition);
        await _f.Engine.ExecuteAsync(Attendance(meeting, "Олійник Тетяна", present: true));
        await _f.Engine.ExecuteAsync(_f.Vote(meeting, petition, 1, votesFor: 5, voters: AllMembers.Take(5).ToList()));
        await _f.Engine.ExecuteAsync(Attendance(meeting, "Мороз Василь", present: false));
        await _f.Engine.ExecuteAsync(_f.Vote(meeting, petition, 2, votesFor: 4, voters: ["Гречко Наталія", "Ковальчук Андрій", "Лисенко Оксана", "Олійник Тетяна"]));
        await _f.CloseAsync(meeting);
        var closed = await _f.MeetingAsync(meeting);

        var minutes = MeetingMinutes.Render(closed, _f.Options);

        minutes.Should().Contain("Присутні (5 з 7 членів комісії; кворум — 4, є)");
        minutes.Should().Contain("Олійник Тетяна — прибув(-ла) під час засідання");
        minutes.Should().Contain("Мороз Василь — залишив(-ла) засідання");
        minutes.Should().Contain("Відсутні: Павленко Роман, Руденко Світлана.");
        minutes.Should().Contain("Присутні під час голосування: 5 (кворум — 4, є).");
        minutes.Should().Contain("Присутні під час голосування: 4 (кворум — 4, є); відсутні під час голосування: Мороз Василь.");
        closed.PresentDuringSitting.Should().HaveCount(5);
    }

    private RecordAttendance Attendance(CaseId meeting, string member, bool present) =>
        new() { CommandId = Guid.NewGuid(), CaseId = meeting, Actor = Secretary, At = _f.Now, Member = member, Present = present };
}
