using Council.Workflows.Appeals;
using Council.Workflows.Engine;
using static Council.Workflows.Tests.Appeals.AppealFixture;

namespace Council.Workflows.Tests.Appeals;

public class AppealRegistrationTest
{
    private readonly AppealFixture _f = new();

    [Fact]
    public async Task Register_Individual_IndexIsTheSurnameLetterAndARunningNumber()
    {
        await _f.RegisterAsync();

        var second = await _f.RegisterAsync(_f.Registration("Мазур Ганна Петрівна"));

        second.Index.Should().Be("М-2");
        second.State.Should().Be(AppealState.Registered);
    }

    [Fact]
    public async Task Register_Collective_IndexIsKO()
    {
        var command = _f.Registration() with { Applicants = [new("Коваленко Петро", "адреса 1"), new("Іваненко Оксана", "адреса 2")], Signatories = 57 };

        var appeal = await _f.RegisterAsync(command);

        appeal.Index.Should().Be("КО-1");
        appeal.IsCollective.Should().BeTrue();
        appeal.Signatories.Should().Be(57);
    }

    [Fact]
    public async Task Register_Unsigned_IndexIsBPAndAnonymityIsSuggested()
    {
        var result = await _f.ExecuteAsync(_f.Registration() with { HasSignature = false });

        var appeal = await _f.AppealAsync(result.CaseId);
        appeal.Index.Should().Be("БП-1");
        result.Suggestions.Should().ContainSingle(s => s.Code == "anonymous" && s.SuggestedTrigger == "not-consider" && s.LegalBasis!.Contains("Art. 8"));
    }

    [Fact]
    public async Task Register_NewYear_NumberingRestarts()
    {
        await _f.RegisterAsync();
        _f.Clock.Reset(Kyiv(2024, 1, 3));

        var appeal = await _f.RegisterAsync(_f.Registration() with { At = _f.Now });

        appeal.Index.Should().Be("К-1");
        appeal.Year.Should().Be(2024);
    }

    [Fact]
    public async Task Register_NumberingPerPrefix_CountsEachPrefixApart()
    {
        var f = new AppealFixture(new AppealOptions { Numbering = IndexNumbering.PerYearAndPrefix });
        await f.RegisterAsync();

        var other = await f.RegisterAsync(f.Registration("Мазур Ганна"));

        other.Index.Should().Be("М-1");
    }

    [Fact]
    public async Task Register_OtherCouncil_NumbersItsOwnAppeals()
    {
        await _f.RegisterAsync();

        var other = await _f.RegisterAsync(_f.Registration() with { Council = "bucha" });

        other.Index.Should().Be("К-1");
        other.Council.Should().Be("bucha");
    }

    [Fact]
    public async Task Register_Default_IsDueInOneMonthAndCappedAt45Days()
    {
        var appeal = await _f.RegisterAsync();

        appeal.ReceivedOn.Should().Be(D(2023, 1, 31));
        appeal.Deadline.TermId.Should().Be("appeal.standard");
        appeal.Deadline.DueOn.Should().Be(D(2023, 2, 28));
        appeal.MaxDueOn.Should().Be(D(2023, 3, 17));
    }

    [Fact]
    public async Task Register_NoStudyNeeded_IsDueIn15Days()
    {
        var appeal = await _f.RegisterAsync(_f.Registration() with { Term = ConsiderationTerm.NoStudy });

        appeal.Deadline.DueOn.Should().Be(D(2023, 2, 15));
    }

    [Fact]
    public async Task Register_DeputysAppeal_IsDueIn10DaysAndCappedAtAMonth()
    {
        var appeal = await _f.RegisterAsync(_f.Registration() with { Deputy = true });

        appeal.Deadline.DueOn.Should().Be(D(2023, 2, 10));
        appeal.MaxDueOn.Should().Be(D(2023, 2, 28));
    }

    [Fact]
    public async Task Register_SameApplicantOnTheSameIssue_IsMarkedRepeatedAndLinked()
    {
        var first = await _f.RegisterAsync();

        var result = await _f.ExecuteAsync(_f.Registration(subject: "Повторно: ремонт дороги на вулиці Київській біля школи"));

        var appeal = await _f.AppealAsync(result.CaseId);
        appeal.IsRepeated.Should().BeTrue();
        appeal.RepeatOf.Should().Equal(first.Id);
        appeal.RepeatOfIndexes.Should().Equal("К-1");
        result.Suggestions.Should().ContainSingle(s => s.Code == "likely-repeat" && s.SuggestedTrigger == null);
    }

    [Fact]
    public async Task Register_RepeatOfAnAppealResolvedOnTheMerits_SuggestsNotConsidering()
    {
        await _f.AnsweredAsync();

        var result = await _f.ExecuteAsync(_f.Registration());

        result.Suggestions.Should().ContainSingle(s => s.Code == "likely-repeat" && s.SuggestedTrigger == "not-consider");
    }

    [Fact]
    public async Task Register_SameApplicantOnAnotherIssue_IsNotARepeat()
    {
        await _f.RegisterAsync();

        var appeal = await _f.RegisterAsync(_f.Registration(subject: "Призначення соціальної допомоги"));

        appeal.IsRepeated.Should().BeFalse();
    }

    [Fact]
    public async Task Register_ElectronicWithoutContact_SuggestsReturnForMissingDetails()
    {
        var command = _f.Registration() with { Channel = AppealChannel.Electronic, Applicants = [new("Коваленко Петро", "м. Житомир")] };

        var result = await _f.ExecuteAsync(command);

        result.Suggestions.Should().ContainSingle(s => s.Code == "missing-details" && s.SuggestedTrigger == "return-incomplete");
    }

    [Fact]
    public async Task Register_ComplaintAfterItsWindow_SuggestsMarkingItLate()
    {
        var command = _f.Registration() with { Kind = AppealKind.Complaint, DecidedOn = D(2022, 10, 3), LearnedOn = D(2022, 12, 1) };

        var result = await _f.ExecuteAsync(command);

        result.Suggestions.Should().ContainSingle(s => s.Code == "late-complaint" && s.SuggestedTrigger == "mark-late");
    }

    [Fact]
    public async Task Register_ReceivedAfterRegistration_IsAnArgumentError()
    {
        var command = _f.Registration() with { ReceivedOn = D(2023, 2, 1) };

        var act = () => _f.ExecuteAsync(command);

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*cannot be received on 01.02.2023, after it was registered on 31.01.2023*");
    }

    [Fact]
    public async Task Register_EmptySubject_IsAnArgumentError()
    {
        var act = () => _f.ExecuteAsync(_f.Registration() with { Subject = " " });

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*Subject*");
    }

    [Fact]
    public async Task Register_ExistingCaseId_IsAConflict()
    {
        var appeal = await _f.RegisterAsync();

        var result = await _f.ExecuteAsync(_f.Registration() with { CaseId = appeal.Id });

        result.Status.Should().Be(CommandStatus.Conflict);
        result.Message.Should().Contain("already exists");
    }

    [Fact]
    public async Task Receipt_RegisteredAppeal_StampsOrganisationDateAndIncomingNumber()
    {
        var appeal = await _f.RegisterAsync();

        var receipt = appeal.Receipt("Житомирська міська рада");

        receipt.ToString().Should().Be($"Житомирська міська рада\nНадійшло 31.01.2023\nВх. № К-1\nКод для перевірки стану: {StatusCode.For(appeal.Id)}");
        StatusCode.Matches(appeal.Id, StatusCode.For(appeal.Id).ToLowerInvariant().Insert(4, "-")).Should().BeTrue("case and a hyphen are forgiven");
        StatusCode.Matches(appeal.Id, "00000000").Should().BeFalse();
    }

    [Fact]
    public async Task Register_PersonWithBenefits_GoesFirstInTheQueue()
    {
        await _f.RegisterAsync();
        var priority = await _f.RegisterAsync(_f.Registration("Шевчук Іван", "Оформлення пільг") with { Benefits = true });

        var queue = await _f.Queries.QueueAsync().ToListAsync();

        queue.First().Id.Should().Be(priority.Id);
    }
}
