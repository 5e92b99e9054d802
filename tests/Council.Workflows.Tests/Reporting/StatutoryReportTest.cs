using Council.Workflows.Appeals;
using Council.Workflows.Appeals.Classifier;
using Council.Workflows.Engine;
using Council.Workflows.Reporting;
using Council.Workflows.Tests.Appeals;
using static Council.Workflows.Tests.Appeals.AppealFixture;

namespace Council.Workflows.Tests.Reporting;

// The statutory tables on appeals: counted from the history, the same period last year beside, the sum rules checked.
public class StatutoryReportTest
{
    private static AppealClassifier WithTopics() => AppealClassifier.Parse("""
        { "characteristics": [ { "code": "1", "items": [ { "code": "1.1", "name_uk": "Поштою" }, { "code": "1.2", "name_uk": "На особистому прийомі" } ] },
                               { "code": "7", "items": [ { "code": "7.5", "name_uk": "Учасники бойових дій" }, { "code": "7.7", "name_uk": "Особи з інвалідністю І групи" } ] },
                               { "code": "9", "items": [ { "code": "9.1", "name_uk": "вирішено позитивно" } ] } ],
          "issues": [ { "code": "101", "name_uk": "Житлово-комунальне господарство" }, { "code": "102", "name_uk": "Транспорт" } ] }
        """, "test");

    private static async Task<(AppealFixture F, StatutoryReportBuilder Builder)> YearOfAppealsAsync()
    {
        var classifier = WithTopics();
        var f = new AppealFixture(classifier: classifier);
        var builder = new StatutoryReportBuilder(f.Store, new WorkflowRegistry([f.Workflow]), f.Calculator, classifier);

        // 2022-Q3: one by post. 2023-Q3: a collective complaint by post from a combatant on housing, answered (9.1); an application
        // at reception on transport, refused; a proposal by hotline, still open; a repeat of the first; one annulled.
        f.Clock.Reset(Kyiv(2022, 8, 1));
        await f.RegisterAsync();
        f.Clock.Reset(Kyiv(2023, 7, 10));
        var first = await f.AssignedAsync(f.Registration() with
        {
            Kind = AppealKind.Complaint, Signatories = 12,
            Applicants = [new Applicant("Коваленко Петро", "м. Житомир", null), new Applicant("Мазур Ганна", "м. Житомир", null)],
            Card = new AppealCard { AuthorCategory = "7.5", Issues = ["101"] },
        });
        await f.ExecuteAsync(f.Answer(first.Id) with { ResultCode = "9.1" });
        var second = await f.AssignedAsync(f.Registration("Ткачук Іван", "Графік руху маршрутки") with { Channel = AppealChannel.PersonalReception, Card = new AppealCard { Issues = ["102"] } });
        await f.ExecuteAsync(f.Answer(second.Id, outcome: AnswerOutcome.Refused) with { LegalBasis = "ст. 19", Reasons = "немає підстав", HowToAppeal = "до суду" });
        await f.RegisterAsync(f.Registration("Бондар Олена", "Освітлення") with { Kind = AppealKind.Proposal, Channel = AppealChannel.Hotline });
        await f.RegisterAsync(f.Registration() with { Kind = AppealKind.Complaint });
        var annulled = await f.RegisterAsync(f.Registration("Сидоренко Ірина", "Двір"));
        await f.ExecuteAsync(new AnnulRegistration { CommandId = Guid.NewGuid(), CaseId = annulled.Id, Actor = Clerk, At = f.Now, Reason = "двічі" });
        f.Clock.Reset(Kyiv(2023, 12, 1));
        return (f, builder);
    }

    [Fact]
    public async Task Quarter_CountsByFormOfReceipt_WithTheTotalAndLastYearBeside()
    {
        var (_, builder) = await YearOfAppealsAsync();

        var report = await builder.QuarterAsync(2023, 3);

        var t = report.Current;
        t.Value("total", "appeals").Should().Be(4, "the annulled registration is left out");
        t.Value("1.1", "appeals").Should().Be(2);
        t.Value("1.2", "appeals").Should().Be(1);
        t.Value("1.1.1", "appeals").Should().Be(1);
        t.Value("total", "5.2").Should().Be(1);
        t.Value("total", "2.2").Should().Be(1);
        t.Value("total", "7.5").Should().Be(1);
        t.Columns.Select(c => c.Code).Should().NotContain("7.7", "a category nobody wrote as is no column");
        (t.Value("total", "3.1"), t.Value("total", "3.2"), t.Value("total", "3.3")).Should().Be((1L, 1L, 2L));
        (t.Value("total", "9.1"), t.Value("total", "9.2"), t.Value("total", "open")).Should().Be((1L, 1L, 2L));
        t.Value("total", "citizens").Should().Be(15, "12 signatures of the collective appeal and one for each other");
        report.Previous.Value("total", "appeals").Should().Be(1);
        report.Topics!.Value("101", "appeals").Should().Be(1);
        report.Topics.Value("none", "appeals").Should().Be(2);
        report.Checks.Should().OnlyContain(c => c.Holds).And.HaveCount(9);
    }

    [Fact]
    public async Task Year_AndAClassifierWithoutTopics_SaysWhyThereIsNoAnnex()
    {
        var f = new AppealFixture();
        await f.RegisterAsync();
        var builder = new StatutoryReportBuilder(f.Store, new WorkflowRegistry([f.Workflow]), f.Calculator);

        var report = await builder.YearAsync(2023);

        report.Current.Value("total", "appeals").Should().Be(1);
        report.Topics.Should().BeNull();
        report.TopicsNote.Should().Contain("Appeals:ClassifierFile");
    }

    [Fact]
    public void Check_ATableWhoseSumsDoNotAgree_NamesEachMismatch()
    {
        (string, string)[] columns = [("appeals", ""), ("3.1", ""), ("3.2", ""), ("3.3", ""), ("9.1", ""), ("9.2", ""), ("9.3", ""), ("9.4-9.6", ""), ("open", ""), ("citizens", "")];
        var table = new StatisticalTable("t", columns,
        [
            new StatisticalRow("1.1", "", [3, 1, 1, 0, 3, 0, 0, 0, 0, 3]),
            new StatisticalRow("1.2", "", [1, 0, 1, 0, 1, 0, 0, 0, 0, 1]),
            new StatisticalRow("total", "Разом", [5, 1, 2, 1, 4, 0, 0, 0, 0, 2]),
        ]);

        var checks = StatutoryReportBuilder.Check(table, [], "тест").ToList();

        checks[0].Holds.Should().BeFalse();
        checks[0].Detail.Should().Be("графа appeals: рядки 4, разом 5; графа 3.3: рядки 0, разом 1; графа citizens: рядки 4, разом 2");
        checks[1].Detail.Should().Be("рядок 1.1: 2 ≠ 3; рядок total: 4 ≠ 5");
        checks[2].Detail.Should().Be("рядок total: 4 ≠ 5");
    }
}
