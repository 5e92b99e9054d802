using Council.Workflows.Awards;
using Council.Workflows.Engine;
using static Council.Workflows.Tests.Awards.AwardsFixture;

namespace Council.Workflows.Tests.Awards;

public class CommissionMeetingTest
{
    private readonly AwardsFixture _f = new();

    [Fact]
    public async Task Schedule_WithoutAChair_IsAnArgumentError()
    {
        var members = Members.Select(m => m with { Role = m.Role == CommissionRole.Chair ? CommissionRole.Member : m.Role }).ToList();

        var act = () => _f.Engine.ExecuteAsync(new ScheduleMeeting { CommandId = Guid.NewGuid(), CaseId = CaseId.New(), Actor = Secretary, At = _f.Now, On = new LocalDate(2023, 3, 15), Members = members }).AsTask();

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*one chair and one secretary*");
    }

    [Fact]
    public async Task Schedule_InTheYear3000_IsAnArgumentErrorNamingTheField()
    {
        var act = () => _f.Engine.ExecuteAsync(new ScheduleMeeting { CommandId = Guid.NewGuid(), CaseId = CaseId.New(), Actor = Secretary, At = _f.Now, On = new LocalDate(3000, 3, 15), Members = Members }).AsTask();

        await act.Should().ThrowAsync<ArgumentOutOfRangeException>().WithMessage("The meeting's date (On) 3000-03-15 is out of range*from 2018-03-01 to 2028-03-01*");
    }

    [Fact]
    public async Task AddToAgenda_PetitionNotYetRegistered_IsRefused()
    {
        var submitted = await _f.Engine.ExecuteAsync(_f.Submission());
        var meeting = await _f.ScheduledAsync();

        var result = await _f.Coordinator.PlaceOnAgendaAsync(Guid.NewGuid(), meeting, submitted.CaseId, Secretary, _f.Now);

        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().Contain("once registered");
        (await _f.PetitionAsync(submitted.CaseId)).Meeting.Should().BeNull();
    }

    [Fact]
    public async Task AddToAgenda_RegisteredPetition_IsOnBothTheAgendaAndThePetition()
    {
        var petition = await _f.RegisteredAsync();

        var meeting = await _f.ScheduledAsync(petition);

        (await _f.MeetingAsync(meeting)).Agenda.Should().ContainSingle(a => a.Petition == petition.Id);
        (await _f.PetitionAsync(petition.Id)).Meeting.Should().Be(meeting);
    }

    [Fact]
    public async Task Open_WithoutAQuorum_IsRefused()
    {
        var meeting = await _f.ScheduledAsync();

        var result = await _f.Engine.ExecuteAsync(_f.Open(meeting, AllMembers.Take(3).ToList()));

        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().StartWith("Quorum");
    }

    [Fact]
    public async Task Open_WithMoreThanHalf_IsInSession()
    {
        var meeting = await _f.ScheduledAsync();

        var result = await _f.Engine.ExecuteAsync(_f.Open(meeting, AllMembers.Take(4).ToList()));

        result.State.Should().Be("in-session");
        (await _f.MeetingAsync(meeting)).Quorum.Should().Be(4);
    }

    [Fact]
    public async Task Open_OnAnotherDayThanScheduled_OpensWithAWarning()
    {
        var meeting = await _f.ScheduledAsync();

        var result = await _f.Engine.ExecuteAsync(_f.Open(meeting, AllMembers));

        result.State.Should().Be("in-session");
        result.Suggestions.Should().ContainSingle(s => s.Code == "opened-off-schedule").Which.Message.Should().Contain("scheduled for 15.03.2023 and is opened on 01.03.2023");
    }

    [Fact]
    public async Task Open_OnTheScheduledDay_HasNoWarning()
    {
        var meeting = await _f.ScheduledAsync();
        _f.Clock.Reset(Instant.FromUtc(2023, 3, 15, 8, 0));

        var result = await _f.Engine.ExecuteAsync(_f.Open(meeting, AllMembers));

        result.Suggestions.Should().BeEmpty();
    }

    [Fact]
    public async Task Vote_MajorityFor_RecommendsAndThePetitionIsReviewedAtClose()
    {
        var petition = await _f.RegisteredAsync();
        var meeting = await _f.OpenedAsync(null, petition);

        var vote = await _f.Engine.ExecuteAsync(_f.Vote(meeting, petition, 1, votesFor: 4, against: 2, abstain: 1));
        await _f.CloseAsync(meeting);

        ((VoteTaken)vote.Events.Single().Data).Vote.Outcome.Should().Be(ReviewOutcome.Recommended);
        var reviewed = await _f.PetitionAsync(petition.Id);
        reviewed.State.Should().Be(PetitionState.Reviewed);
        reviewed.Nominees[0].RecommendedAward.Should().Be("thanks");
    }

    [Fact]
    public async Task Vote_NoMajorityOfVotesCast_Rejects()
    {
        var petition = await _f.RegisteredAsync();
        var meeting = await _f.OpenedAsync(null, petition);

        var vote = await _f.Engine.ExecuteAsync(_f.Vote(meeting, petition, 1, votesFor: 3, against: 1, abstain: 3));

        ((VoteTaken)vote.Events.Single().Data).Vote.Outcome.Should().Be(ReviewOutcome.Rejected);
    }

    [Fact]
    public async Task Vote_MajorityOfForAndAgainstWhenConfigured_Recommends()
    {
        var f = new AwardsFixture(new AwardOptions { Majority = MajorityBase.ForAndAgainst });
        var petition = await f.RegisteredAsync();
        var meeting = await f.OpenedAsync(null, petition);

        var vote = await f.Engine.ExecuteAsync(f.Vote(meeting, petition, 1, votesFor: 3, against: 1, abstain: 3));

        ((VoteTaken)vote.Events.Single().Data).Vote.Outcome.Should().Be(ReviewOutcome.Recommended);
    }

    [Fact]
    public async Task Vote_Tie_FailsByDefault()
    {
        var petition = await _f.RegisteredAsync();
        var meeting = await _f.OpenedAsync(AllMembers.Take(6).ToList(), petition);

        var vote = await _f.Engine.ExecuteAsync(_f.Vote(meeting, petition, 1, votesFor: 3, against: 3));

        ((VoteTaken)vote.Events.Single().Data).Vote.Outcome.Should().Be(ReviewOutcome.Rejected);
    }

    [Fact]
    public async Task Vote_TieWithTheChairsCastingVote_Passes()
    {
        var f = new AwardsFixture(new AwardOptions { ChairCastingVote = true });
        var petition = await f.RegisteredAsync();
        var meeting = await f.OpenedAsync(AllMembers.Take(6).ToList(), petition);

        var vote = await f.Engine.ExecuteAsync(f.Vote(meeting, petition, 1, votesFor: 3, against: 3));

        ((VoteTaken)vote.Events.Single().Data).Vote.Outcome.Should().Be(ReviewOutcome.Recommended);
    }

    [Fact]
    public async Task Vote_ForAnotherAward_RecommendsThatAward()
    {
        var petition = await _f.RegisteredAsync(AwardsFixture.Nominee(award: "merit-3"));
        var meeting = await _f.OpenedAsync(null, petition);

        await _f.Engine.ExecuteAsync(_f.Vote(meeting, petition, 1, votesFor: 7) with { Award = "thanks" });
        await _f.CloseAsync(meeting);

        var nominee = (await _f.PetitionAsync(petition.Id)).Nominees[0];
        nominee.Status.Should().Be(NomineeStatus.Recommended);
        nominee.RecommendedAward.Should().Be("thanks");
    }

    [Fact]
    public async Task Defer_ThenRecommendAtTheNextMeeting_FollowsThePetition()
    {
        var petition = await _f.RegisteredAsync();
        var first = await _f.OpenedAsync(null, petition);
        await _f.Engine.ExecuteAsync(_f.Vote(first, petition, 1, votesFor: 5) with { Motion = Motion.Defer, Reason = "Запитати характеристику" });
        await _f.CloseAsync(first);
        var deferred = await _f.PetitionAsync(petition.Id);

        var second = await _f.OpenedAsync(null, deferred);
        await _f.Engine.ExecuteAsync(_f.Vote(second, deferred, 1, votesFor: 7));
        await _f.CloseAsync(second);

        deferred.State.Should().Be(PetitionState.InReview);
        deferred.Nominees[0].Status.Should().Be(NomineeStatus.Deferred);
        deferred.Nominees[0].Reason.Should().Be("Запитати характеристику");
        (await _f.PetitionAsync(petition.Id)).State.Should().Be(PetitionState.Reviewed);
    }

    [Fact]
    public async Task Close_WithAnUndecidedNominee_DefersIt()
    {
        var petition = await _f.RegisteredAsync(AwardsFixture.Nominee(), AwardsFixture.Nominee("Ткаченко Марія"));
        var meeting = await _f.OpenedAsync(null, petition);
        await _f.Engine.ExecuteAsync(_f.Vote(meeting, petition, 1, votesFor: 7));

        await _f.CloseAsync(meeting);

        var after = await _f.PetitionAsync(petition.Id);
        after.Nominees.Select(n => n.Status).Should().Equal(NomineeStatus.Recommended, NomineeStatus.Deferred);
        after.State.Should().Be(PetitionState.InReview);
    }

    [Fact]
    public async Task Vote_BallotFromAMemberWithADeclaredConflict_IsRefused()
    {
        var petition = await _f.RegisteredAsync();
        var meeting = await _f.OpenedAsync(null, petition);
        await _f.Engine.ExecuteAsync(_f.Declare(meeting, petition, 1, "Мороз Василь"));

        var result = await _f.Engine.ExecuteAsync(_f.Vote(meeting, petition, 1, votesFor: 7));

        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().Contain("Art. 28");
    }

    [Fact]
    public async Task Vote_WithoutTheRecusedMember_RecordsTheRecusal()
    {
        var petition = await _f.RegisteredAsync();
        var meeting = await _f.OpenedAsync(null, petition);
        await _f.Engine.ExecuteAsync(_f.Declare(meeting, petition, 1, "Мороз Василь"));
        var voters = AllMembers.Where(m => m != "Мороз Василь").ToList();

        var result = await _f.Engine.ExecuteAsync(_f.Vote(meeting, petition, 1, votesFor: 6, voters: voters));

        ((VoteTaken)result.Events.Single().Data).Vote.Recused.Should().Equal("Мороз Василь");
    }

    [Fact]
    public async Task Vote_RecusalsBreakingTheQuorum_LetPublicDeclarantsVote()
    {
        var petition = await _f.RegisteredAsync();
        var present = AllMembers.Take(4).ToList();
        var meeting = await _f.OpenedAsync(present, petition);
        await _f.Engine.ExecuteAsync(_f.Declare(meeting, petition, 1, present[3], publicly: true));

        var result = await _f.Engine.ExecuteAsync(_f.Vote(meeting, petition, 1, votesFor: 4, voters: present));

        result.Status.Should().Be(CommandStatus.Accepted);
        ((VoteTaken)result.Events.Single().Data).Vote.VotedDespiteConflict.Should().Equal(present[3]);
    }

    [Fact]
    public async Task Vote_RecusalsBreakingTheQuorumWithoutAPublicDeclaration_HasNoQuorum()
    {
        var petition = await _f.RegisteredAsync();
        var present = AllMembers.Take(4).ToList();
        var meeting = await _f.OpenedAsync(present, petition);
        await _f.Engine.ExecuteAsync(_f.Declare(meeting, petition, 1, present[3]));

        var result = await _f.Engine.ExecuteAsync(_f.Vote(meeting, petition, 1, votesFor: 3, voters: present.Take(3).ToList()));

        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().StartWith("Quorum");
    }

    [Fact]
    public async Task Vote_AfterMembersLeaveAndTheQuorumIsLost_IsRefused()
    {
        var petition = await _f.RegisteredAsync();
        var present = AllMembers.Take(4).ToList();
        var meeting = await _f.OpenedAsync(present, petition);
        await _f.Engine.ExecuteAsync(new RecordAttendance { CommandId = Guid.NewGuid(), CaseId = meeting, Actor = Secretary, At = _f.Now, Member = present[3], Present = false });

        var result = await _f.Engine.ExecuteAsync(_f.Vote(meeting, petition, 1, votesFor: 3, voters: present.Take(3).ToList()));

        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().StartWith("Quorum");
    }

    [Fact]
    public async Task Attendance_ArrivalOfAMemberAlreadyPresent_IsRefused()
    {
        var meeting = await _f.OpenedAsync(AllMembers.Take(4).ToList());

        var result = await _f.Engine.ExecuteAsync(new RecordAttendance { CommandId = Guid.NewGuid(), CaseId = meeting, Actor = Secretary, At = _f.Now, Member = AllMembers[0], Present = true });

        result.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().Contain("arriving only when absent");
    }

    [Fact]
    public async Task Vote_AfterAMemberArrives_CountsTheirBallotAndTheVoteKnowsWhoWasPresent()
    {
        var petition = await _f.RegisteredAsync();
        var meeting = await _f.OpenedAsync(AllMembers.Take(4).ToList(), petition);
        await _f.Engine.ExecuteAsync(new RecordAttendance { CommandId = Guid.NewGuid(), CaseId = meeting, Actor = Secretary, At = _f.Now, Member = AllMembers[4], Present = true });

        var result = await _f.Engine.ExecuteAsync(_f.Vote(meeting, petition, 1, votesFor: 5, voters: AllMembers.Take(5).ToList()));

        result.Status.Should().Be(CommandStatus.Accepted);
        var after = await _f.MeetingAsync(meeting);
        after.PresentAtVote(0).Should().Equal(AllMembers.Take(5));
        after.PresentAtOpening.Should().Equal(AllMembers.Take(4));
        after.PresentDuringSitting.Should().Equal(after.Present);
    }

    [Fact]
    public async Task Vote_BallotFromAnAbsentMember_IsRefused()
    {
        var petition = await _f.RegisteredAsync();
        var meeting = await _f.OpenedAsync(AllMembers.Take(5).ToList(), petition);

        var result = await _f.Engine.ExecuteAsync(_f.Vote(meeting, petition, 1, votesFor: 6));

        result.Refusal!.UnmetGuards.Should().Contain(g => g.Contains("absent members do not vote"));
    }

    [Fact]
    public async Task Vote_NomineeAlreadyDecided_IsRefused()
    {
        var petition = await _f.RegisteredAsync();
        var meeting = await _f.OpenedAsync(null, petition);
        await _f.Engine.ExecuteAsync(_f.Vote(meeting, petition, 1, votesFor: 7));

        var again = await _f.Engine.ExecuteAsync(_f.Vote(meeting, petition, 1, votesFor: 0, against: 7));

        again.Refusal!.UnmetGuards.Should().ContainSingle().Which.Should().Contain("already decided");
    }

    [Fact]
    public async Task Vote_BeforeTheMeetingOpens_IsNotPermitted()
    {
        var petition = await _f.RegisteredAsync();
        var meeting = await _f.ScheduledAsync(petition);

        var result = await _f.Engine.ExecuteAsync(_f.Vote(meeting, petition, 1, votesFor: 7));

        result.Refusal!.State.Should().Be("scheduled");
        result.Refusal.PermittedTriggers.Should().Contain("open");
    }

    [Fact]
    public async Task ReportOutcomes_Twice_AppliesThemOnce()
    {
        var petition = await _f.RegisteredAsync();
        var meeting = await _f.OpenedAsync(null, petition);
        await _f.Engine.ExecuteAsync(_f.Vote(meeting, petition, 1, votesFor: 7));
        await _f.CloseAsync(meeting);

        var again = await _f.Coordinator.ReportOutcomesAsync(meeting, Secretary, _f.Now);

        again.Should().OnlyContain(r => r.IsRepeat);
        (await _f.Store.LoadHistoryAsync(petition.Id)).Count(e => e.Type == "reviewed").Should().Be(1);
    }

    [Fact]
    public async Task History_OfAClosedMeeting_ReplaysToTheCurrentState()
    {
        var petition = await _f.RegisteredAsync();
        var meeting = await _f.OpenedAsync(null, petition);
        await _f.Engine.ExecuteAsync(_f.Declare(meeting, petition, 1, "Мороз Василь"));
        await _f.Engine.ExecuteAsync(_f.Vote(meeting, petition, 1, votesFor: 6, voters: AllMembers.Where(m => m != "Мороз Василь").ToList()));
        await _f.CloseAsync(meeting);
        var current = await _f.MeetingAsync(meeting);

        var replayed = _f.Meetings.Replay(await _f.Store.LoadHistoryAsync(meeting));

        replayed.Should().BeEquivalentTo(current);
    }

    [Fact]
    public async Task Agenda_APetitionNamingAPersonAlreadyOnIt_IsAcceptedWithANote()
    {
        var f = new AwardsFixture();
        var first = await f.RegisteredAsync(AwardsFixture.Nominee("Шевченко Олег Петрович"));
        var second = await f.RegisteredAsync(AwardsFixture.Nominee("Ткач Ірина"), AwardsFixture.Nominee("ШЕВЧЕНКО  Олег Петрович", award: "honorary-certificate"));
        var other = await f.RegisteredAsync(AwardsFixture.Nominee("Мазур Ганна"));
        var meeting = await f.ScheduledAsync(first);

        var added = await f.Coordinator.PlaceOnAgendaAsync(Guid.NewGuid(), meeting, second.Id, AwardsFixture.Secretary, f.Now);
        var unrelated = await f.Coordinator.PlaceOnAgendaAsync(Guid.NewGuid(), meeting, other.Id, AwardsFixture.Secretary, f.Now);

        added.Status.Should().Be(CommandStatus.Accepted);
        added.Suggestions.Should().ContainSingle().Which.Should().Match<Suggestion>(s =>
            s.Code == "same-person-on-agenda" && s.Message.Contains(first.Number) && s.Message.Contains("nominee 2"));
        unrelated.Suggestions.Should().BeEmpty();
    }
}
