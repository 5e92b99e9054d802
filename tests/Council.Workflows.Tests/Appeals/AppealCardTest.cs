using Council.Workflows.Appeals;
using Council.Workflows.Appeals.Classifier;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;

namespace Council.Workflows.Tests.Appeals;

// The registration-control card's fields: the classifier's codes checked on entry, kept in the record, read back.
public class AppealCardTest
{
    private static readonly AppealCard Card = new()
    {
        AuthorCategory = "7.5", Sex = "4.1", Pages = 2, Attachments = 3, Phone = " +380 67 123 45 67 ", DoNotDisclose = true,
    };

    [Fact]
    public async Task Register_WithTheCard_KeepsItInTheRecord()
    {
        var f = new AppealFixture();

        var appeal = await f.RegisterAsync(f.Registration() with { Card = Card });

        appeal.Card.Should().Be(Card with { Phone = "+380 67 123 45 67" });
        appeal.Card.DoNotDisclose.Should().BeTrue();
        var replayed = (Appeal)f.Workflow.Replay(await f.Store.LoadHistoryAsync(appeal.Id));
        replayed.Card.Should().Be(appeal.Card);
    }

    [Fact]
    public async Task Register_WithoutTheCard_HasAnEmptyOne()
    {
        var f = new AppealFixture();

        var appeal = await f.RegisterAsync();

        appeal.Card.Should().Be(AppealCard.Empty);
        appeal.Card.IsEmpty.Should().BeTrue();
        ((AppealRegistered)(await f.Store.LoadHistoryAsync(appeal.Id))[0].Data).Card.Should().BeNull("nothing is written for an empty card");
    }

    [Theory]
    [InlineData("7.99", null, null, "'7.99' is not a code of the classifier's section 7")]
    [InlineData(null, "4.3", null, "'4.3' is not a code of the classifier's section 4 (За статтю авторів звернень); valid: 4.1, 4.2")]
    [InlineData(null, null, "8.1", "section 8 (За соціальним станом авторів звернень): the loaded classifier lists none")]
    public async Task Register_WithACodeTheClassifierLacks_IsRefusedWithTheValidOnes(string? category, string? sex, string? status, string message)
    {
        var f = new AppealFixture();

        var act = () => f.ExecuteAsync(f.Registration() with { Card = new AppealCard { AuthorCategory = category, Sex = sex, SocialStatus = status } });

        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain(message);
        (await f.Store.QueryAsync(new CaseQuery()).CountAsync()).Should().Be(0, "nothing is registered");
    }

    [Fact]
    public async Task Register_IssueCodes_AreCheckedAgainstTheCouncilsClassifier()
    {
        var classifier = AppealClassifier.Parse("""
            { "characteristics": [ { "code": "7", "items": [ { "code": "7.1", "name_uk": "Учасники війни" } ] } ],
              "issues": [ { "code": "101", "name_uk": "Житлово-комунальне господарство" }, { "code": "102", "name_uk": "Транспорт" } ] }
            """);
        var f = new AppealFixture(classifier: classifier);

        var appeal = await f.RegisterAsync(f.Registration() with { Card = new AppealCard { Issues = ["101", " 102", "101"], AuthorCategory = "7.1" } });
        var wrong = () => f.ExecuteAsync(f.Registration("Мазур Ганна", "Інше") with { Card = new AppealCard { Issues = ["103"] } });

        appeal.Card.Issues.Should().Equal("101", "102");
        (await wrong.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("valid: 101, 102");
    }

    [Fact]
    public async Task StoredCodes_StayReadableWhenTheClassifierChanges()
    {
        var f = new AppealFixture();
        var appeal = await f.RegisterAsync(f.Registration() with { Card = Card });
        var other = new AppealWorkflow(DeadlineCalculator.Default, f.Options, classifier: AppealClassifier.Parse("""{ "characteristics": [] }"""));

        var replayed = (Appeal)other.Replay(await f.Store.LoadHistoryAsync(appeal.Id));

        replayed.Card.AuthorCategory.Should().Be("7.5");
    }

    [Fact]
    public async Task AssignAndAnswer_KeepTheResolutionAndTheResultCode()
    {
        var f = new AppealFixture();
        var appeal = await f.RegisterAsync();
        await f.ExecuteAsync(f.Assign(appeal.Id) with { Resolution = "Розглянути, підготувати відповідь до 20.02" });

        var answered = await f.ExecuteAsync(f.Answer(appeal.Id) with { ResultCode = "9.1" });
        var wrong = () => f.ExecuteAsync(f.Answer(appeal.Id) with { ResultCode = "9.9", CommandId = Guid.NewGuid() });

        answered.Status.Should().Be(CommandStatus.Accepted);
        var now = await f.AppealAsync(appeal.Id);
        now.Resolution.Should().Be("Розглянути, підготувати відповідь до 20.02");
        now.Answer!.ResultCode.Should().Be("9.1");
        (await wrong.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("section 9");
    }
}
