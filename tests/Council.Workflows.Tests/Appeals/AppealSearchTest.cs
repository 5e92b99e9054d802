using Council.Workflows.Appeals;
using Council.Workflows.Engine;

namespace Council.Workflows.Tests.Appeals;

public class AppealSearchTest
{
    [Theory]
    [InlineData("Коваленко", "коваленко")]
    [InlineData("Ковале́нко", "коваленко")]
    [InlineData("Дем'яненко", "демяненко")]
    [InlineData("Демʼяненко", "демяненко")]
    [InlineData("KOBAЛЕНКО", "коваленко")]
    [InlineData("Kovalenko", "коvаlеnко")]
    [InlineData("Йосипенко Ївга", "йосипенко ївга")]
    [InlineData("  Мазур-Ткач,   Ганна ", "мазур ткач ганна")]
    public void Fold_TakesNamesAsAnOfficeTypesThem(string typed, string folded)
    {
        SearchText.Fold(typed).Should().Be(folded);
    }

    [Theory]
    [InlineData("коваленко", "коваленко", 1.0)]
    [InlineData("ковал", "коваленко", 1.0)]
    [InlineData("каваленко", "коваленко", 0.8)]
    [InlineData("кавалинко", "коваленко", 0.6)]
    [InlineData("ковлаенко", "коваленко", 0.8)]
    [InlineData("кавалинка", "коваленко", 0.0)]
    [InlineData("мазр", "мазур", 0.8)]
    [InlineData("ко", "коваленко", 0.0)]
    public void Match_AllowsOneOrTwoLettersMisspelt(string wanted, string word, double score)
    {
        SearchText.Match(wanted, word).Should().BeApproximately(score, 0.0001);
    }

    [Fact]
    public async Task Search_AMisspeltSurnameTypedPartlyInLatin_FindsTheEarlierLetters_RankedByCloseness()
    {
        var f = new AppealFixture();
        var first = await f.RegisterAsync(f.Registration("Коваленко Петро Іванович", "Ремонт дороги"));
        await f.RegisterAsync(f.Registration("Коваль Петро", "Освітлення двору"));
        await f.RegisterAsync(f.Registration("Мазур Ганна", "Ремонт дороги"));
        var second = await f.RegisterAsync(f.Registration("Ковалeнко Петро Іванович", "Дах протікає"));

        var page = await f.Queries.SearchAsync(new AppealSearch { Applicant = "Kaвaленко Петро" });

        page.Total.Should().Be(2);
        page.Hits.Select(h => h.Appeal.Index).Should().BeEquivalentTo([first.Index, second.Index]);
        page.Hits.Should().OnlyContain(h => h.Score < 1, "one letter was misspelt");
    }

    [Fact]
    public async Task Search_ByIndexWithLatinLookAlikes_TextStateCodeAndDates_CombineAndPage()
    {
        var f = new AppealFixture();
        var collective = await f.RegisterAsync(f.Registration("Іванов Іван", "Ремонт під'їзду") with
        {
            Applicants = [new Applicant("Іванов Іван", "вул. Садова, 2"), new Applicant("Петров Петро", "вул. Садова, 4")],
            Card = new AppealCard { AuthorCategory = "7.5" },
        });
        for (var i = 0; i < 5; i++)
        {
            await f.RegisterAsync(f.Registration($"Заявник {i}", $"Ремонт дороги {i}"));
        }

        (await f.Queries.SearchAsync(new AppealSearch { Index = "KO-1" })).Hits.Should().ContainSingle().Which.Appeal.Id.Should().Be(collective.Id);
        (await f.Queries.SearchAsync(new AppealSearch { Text = "підїзд" })).Total.Should().Be(1);
        (await f.Queries.SearchAsync(new AppealSearch { Address = "садова" })).Total.Should().Be(1);
        (await f.Queries.SearchAsync(new AppealSearch { Code = "7.5" })).Total.Should().Be(1);
        (await f.Queries.SearchAsync(new AppealSearch { Text = "ремонт", State = AppealState.Registered })).Total.Should().Be(6);
        (await f.Queries.SearchAsync(new AppealSearch { Text = "ремонт", State = AppealState.UnderConsideration })).Total.Should().Be(0);
        (await f.Queries.SearchAsync(new AppealSearch { ReceivedTo = AppealFixture.D(2023, 1, 30) })).Total.Should().Be(0);
        var page2 = await f.Queries.SearchAsync(new AppealSearch { Text = "ремонт", PageSize = 4, Page = 2 });
        page2.Total.Should().Be(6);
        page2.Hits.Should().HaveCount(2);
    }
}
