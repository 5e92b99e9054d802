using Council.Workflows.Appeals.Classifier;

namespace Council.Workflows.Tests.Appeals;

public sealed class AppealClassifierTest : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-classifier-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Default_HoldsWhatWasReadOfTheOfficialText()
    {
        var c = AppealClassifier.Default;

        c.Sections.Select(s => s.Code).Should().Equal("1", "2", "3", "4", "5", "6", "7", "8", "9");
        c.Section("3")!.Items.Select(i => i.NameUk).Should().Equal("Пропозиція (зауваження)", "Заява (клопотання)", "Скарга");
        c.Section("7")!.Item("7.5")!.NameUk.Should().Be("Учасники бойових дій");
        c.Section("7")!.Item("7.17")!.NameUk.Should().StartWith("Герої Р").And.Contain("не прочитано", "the cut-off item keeps its code and says its name was not read");
        c.Section("8")!.Items.Should().BeEmpty("no social status could be read");
        c.Issues.Should().BeEmpty("part II could not be read");
        c.Source.Should().Contain("858");
    }

    [Fact]
    public void Check_ACodeOfTheSection_Passes_AndAnyOtherIsRefusedWithTheValidOnes()
    {
        var c = AppealClassifier.Default;

        c.Check("7", "7.5").Should().BeNull();
        c.Check("7", " 7.5 ").Should().BeNull("spaces around a typed code do not matter");
        c.Check("7", "7.99").Should().Contain("section 7 (За категоріями авторів звернень)").And.Contain("valid: 7.1, 7.2");
        c.Check("7", "5.2").Should().Contain("'5.2' is not a code of the classifier's section 7");
        c.Check("8", "8.1").Should().Contain("lists none");
        c.Check("42", "42.1").Should().Contain("no section 42");
        c.CheckIssue("101").Should().Contain("lists no issues");
    }

    [Fact]
    public void Load_ACouncilsFullList_ReplacesTheDefault()
    {
        var path = Path.Combine(_directory, "classifier.json");
        File.WriteAllText(path, """
            {
              // the council's own copy, with the official topics
              "source": "Постанова КМУ № 858, повний текст ради",
              "characteristics": [
                { "code": "8", "name_uk": "За соціальним станом авторів звернень", "items": [ { "code": "8.1", "name_uk": "Пенсіонер" } ] }
              ],
              "issues": [ { "code": "101", "name_uk": "Житлово-комунальне господарство" }, { "code": "102", "name_uk": "Транспорт" } ],
            }
            """);

        var c = AppealClassifier.Load(path);

        c.Source.Should().Be("Постанова КМУ № 858, повний текст ради");
        c.Check("8", "8.1").Should().BeNull();
        c.CheckIssue("102").Should().BeNull();
        c.CheckIssue("103").Should().Contain("valid: 101, 102");
    }

    [Theory]
    [InlineData("{ \"characteristics\": [ { \"code\": \"7\", \"items\": [ { \"code\": \"7.1\" }, { \"code\": \"7.1\" } ] } ] }", "the code 7.1 is listed twice in section 7")]
    [InlineData("{ \"issues\": [] }", "no list \"characteristics\"")]
    [InlineData("{ \"characteristics\": [ { \"name_uk\": \"x\" } ] }", "a section has no \"code\"")]
    [InlineData("{ \"characteristics\": [ { \"code\": 7 } ] }", "\"code\" of a section is not text")]
    [InlineData("{ \"characteristics\": [ ", "not valid JSON")]
    public void Parse_SomethingThatIsNotAClassifier_SaysWhy(string json, string reason)
    {
        var act = () => AppealClassifier.Parse(json, "classifier.json");

        act.Should().Throw<ClassifierFormatException>().WithMessage($"classifier.json is not a classifier of appeals: *{reason}*");
    }

    [Fact]
    public void Load_AMissingFile_SaysWhichFile()
    {
        var path = Path.Combine(_directory, "none.json");

        var act = () => AppealClassifier.Load(path);

        act.Should().Throw<FileNotFoundException>().WithMessage($"*{path}*");
    }
}
