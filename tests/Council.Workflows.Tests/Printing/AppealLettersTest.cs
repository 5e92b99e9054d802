using Council.Workflows.Appeals;
using Council.Workflows.Printing;
using Council.Workflows.Tests.Appeals;
using static Council.Workflows.Tests.Appeals.AppealFixture;

namespace Council.Workflows.Tests.Printing;

// The letters an appeal's history sent, as the office prints them.
public class AppealLettersTest
{
    private static readonly DateTimeZone Kyiv = DateTimeZoneProviders.Tzdb["Europe/Kyiv"];
    private readonly AppealFixture _f = new();
    private readonly LetterheadOptions _letterhead = new() { Address = "майдан Корольова, 4/2", Code = "13576954", SignatoryName = "С. СУХОМЛИН" };

    private async Task<(Appeal Appeal, IReadOnlyList<AppealLetterAct> Acts)> LettersAsync(Council.Workflows.Engine.CaseId id)
    {
        var history = await _f.Store.LoadHistoryAsync(id);
        return (await _f.AppealAsync(id), AppealLetters.Acts(history));
    }

    [Fact]
    public async Task Extension_Notice_GivesTheNewDateTheReasonAndTheLaw()
    {
        var appeal = await _f.AssignedAsync();
        await _f.ExecuteAsync(_f.Extend(appeal.Id, D(2023, 3, 10)));

        var (after, acts) = await LettersAsync(appeal.Id);
        var text = AppealLetters.Letter(after, acts.Single(), "Житомирська міська рада", _letterhead, Kyiv).ToText();

        text.Should().StartWith("Житомирська міська рада\nмайдан Корольова, 4/2, код ЄДРПОУ 13576954\n31.01.2023 № 1\nНа № К-1 від 31.01.2023")
            .And.Contain("статті 20 Закону України «Про звернення громадян» строк розгляду Вашого звернення від 31.01.2023 (вх. № К-1) продовжено до 10.03.2023.")
            .And.Contain("Причина: Потрібна перевірка на місці.").And.Contain("Міський голова      ____________ С. СУХОМЛИН");
    }

    [Fact]
    public async Task Forwarding_Letter_GoesToTheCompetentBody_AndUnderArticle10NamesNoApplicant()
    {
        var appeal = await _f.RegisterAsync(_f.Registration() with { Card = new AppealCard { DoNotDisclose = true, Pages = 3 } });
        await _f.ExecuteAsync(_f.Forward(appeal.Id));

        var (after, acts) = await LettersAsync(appeal.Id);
        var document = AppealLetters.Letter(after, acts.Single(), "Житомирська міська рада", _letterhead, Kyiv);

        document.Blocks.Where(b => b.Style == PrintStyle.Addressee).Select(b => b.Text).Should().Equal("Житомирська обласна державна адміністрація");
        document.ToText().Should().Contain("направляємо за належністю для розгляду звернення заявника від").And.Contain("Додаток: звернення на 3 арк.")
            .And.Contain("Заявник просить не розголошувати своє прізвище та місце проживання (стаття 10 Закону)").And.Contain("Копія: заявникові — до відома.")
            .And.NotContain("Коваленко").And.NotContain("Київська").And.NotContain("На № К-1");
    }

    [Fact]
    public async Task NotConsidered_Notice_NamesTheGround_AndAnAnonymousAppealHasNoLetter()
    {
        var late = await _f.RegisterAsync(_f.Registration() with { Kind = AppealKind.Complaint, DecidedOn = D(2021, 1, 10), LearnedOn = D(2021, 1, 12) });
        await _f.ExecuteAsync(_f.NotConsider(late.Id, NotConsideredGround.LateComplaint));
        var anonymous = await _f.RegisterAsync(_f.Registration("Мазур Ганна", "Освітлення") with { HasSignature = false });
        await _f.ExecuteAsync(_f.NotConsider(anonymous.Id, NotConsideredGround.Anonymous));

        var (after, acts) = await LettersAsync(late.Id);

        AppealLetters.Letter(after, acts.Single(), "Рада", _letterhead, Kyiv).ToText()
            .Should().Contain("відповідно до статті 17 Закону України «Про звернення громадян» не підлягає розгляду: скаргу подано з пропуском встановленого строку");
        (await LettersAsync(anonymous.Id)).Acts.Should().BeEmpty();
    }

    [Fact]
    public void Html_EncodesEveryText_AndSetsTheFieldsAsATable()
    {
        var document = new PrintedDocument("<b>", [
            new PrintBlock(PrintStyle.Title, "Картка <img src=x onerror=alert(1)>"),
            new PrintBlock(PrintStyle.Field, "a & b") { Label = "\"Поле\"" },
            new PrintBlock(PrintStyle.Field, "2") { Label = "Друге" },
            new PrintBlock(PrintStyle.Line, "відступ") { Indent = 4 },
        ]);

        var html = document.ToHtml();

        html.Should().Contain("<title>&lt;b&gt;</title>").And.Contain("Картка &lt;img src=x onerror=alert(1)&gt;")
            .And.Contain("<table class=\"fields\">\n<tr><th>&quot;Поле&quot;</th><td>a &amp; b</td></tr>\n<tr><th>Друге</th><td>2</td></tr>\n</table>")
            .And.Contain("style=\"margin-left:2em\">відступ</p>").And.NotContain("<img").And.NotContain("<script");
        document.ToText().Should().Be($"Картка <img src=x onerror=alert(1)>\n{"\"Поле\":",-34} a & b\n{"Друге:",-34} 2\n    відступ\n");
    }
}
