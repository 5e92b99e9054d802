using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Council.Workflows.Awards;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Council.Workflows.Tests.Awards;

namespace Council.Workflows.Tests.Localization;

// The library's texts for people come from Texts.resx (English) and Texts.uk.resx (Ukrainian) by the UI culture of the thread
// that decides; the rule ids, states and triggers a machine reads stay the same in both.
public sealed partial class LibraryTextsTest : IDisposable
{
    private readonly CultureInfo _previous = CultureInfo.CurrentUICulture;
    private readonly AwardsFixture _f = new();

    public void Dispose() => CultureInfo.CurrentUICulture = _previous;

    [Fact]
    public void EveryText_HasBothLanguages_WithTheSamePlaceholders()
    {
        var english = Load("Texts.resx");
        var ukrainian = Load("Texts.uk.resx");

        ukrainian.Keys.Should().BeEquivalentTo(english.Keys);
        foreach (var (key, text) in english)
        {
            Placeholders(ukrainian[key]).Should().BeEquivalentTo(Placeholders(text), $"'{key}' fills the same values in both languages");
            ukrainian[key].Should().NotBeNullOrWhiteSpace();
        }
    }

    [Fact]
    public void UkrainianTexts_AreWrittenInUkrainian_ExceptNames()
    {
        // Every Ukrainian rule and detail text has Cyrillic words and no English word of three letters or more.
        foreach (var (key, text) in Load("Texts.uk.resx").Where(t => t.Key.StartsWith("Rule.", StringComparison.Ordinal) || t.Key.StartsWith("Detail.", StringComparison.Ordinal)))
        {
            text.Should().MatchRegex("[а-яіїєґ]{3,}", key);
            LatinWord().IsMatch(text).Should().BeFalse($"'{key}' = '{text}' should not carry English words");
        }
    }

    [Fact]
    public async Task Refusal_InUkrainian_CitesTheRulesAndDetailsInUkrainian_WithTheSameIds()
    {
        var petition = await _f.RegisteredAsync(AwardsFixture.Nominee());
        var meeting = await _f.ScheduledAsync(petition);

        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        var english = (await _f.Engine.ExecuteAsync(_f.Open(meeting, ["Гречко Наталія", "Іванов Іван"]))).Refusal!;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("uk-UA");
        var ukrainian = (await _f.Engine.ExecuteAsync(_f.Open(meeting, ["Гречко Наталія", "Іванов Іван"]))).Refusal!;

        english.UnmetRules.Should().Equal("members-only", "quorum-to-open");
        ukrainian.UnmetRules.Should().Equal(english.UnmetRules);
        ukrainian.State.Should().Be("scheduled");
        ukrainian.Trigger.Should().Be("open");
        ukrainian.UnmetGuards[0].Should().StartWith("Присутніми рахують").And.EndWith("(не члени комісії: Іванов Іван; склад комісії: Гречко Наталія, Ковальчук Андрій, Лисенко Оксана, Мороз Василь, Олійник Тетяна, Павленко Роман, Руденко Світлана)");
        ukrainian.UnmetGuards[1].Should().Be("Кворум: засідання відкривають, коли присутні більше половини членів (без кворуму голосування немає) (присутні 1 з 7 членів; кворум — 4)");
        ukrainian.Message.Should().StartWith("Дію «відкрити засідання» відхилено у стані «призначено»: ").And.Contain("Дозволено: ").And.NotContain("members-only");
        english.Message.Should().StartWith("'open' is refused in state 'scheduled': Only members of the commission");
    }

    [Fact]
    public void Refusal_WithoutRules_NamesThePermittedActions_InTheReadersLanguage()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("uk");
        new Refusal("closed", "answer", [], ["annul"]).Message.Should().Be("Дія «відповісти» не дозволена у стані «закрито». Дозволено: анулювати реєстрацію.");
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        new Refusal("closed", "answer", [], ["annul"]).Message.Should().Be("'answer' is not permitted in state 'closed'. Permitted: annul.");
    }

    [Fact]
    public void OptionProblems_NameTheSettingAsWritten_AndSayWhatIsWrongInTheReadersLanguage()
    {
        static IEnumerable<string> Failures()
        {
            using var provider = new ServiceCollection()
                .AddCouncilWorkflows(o =>
                {
                    o.TimeZoneId = "Mars/Olympus";
                    o.Awards.QuorumShare = 1.5;
                    o.Appeals.Outgoing.Format = "№";
                })
                .BuildServiceProvider();
            var act = () => provider.GetRequiredService<DeadlineCalculator>();
            return act.Should().Throw<OptionsValidationException>().Which.Failures;
        }

        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("uk-UA");
        var ukrainian = Failures().ToList();
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        var english = Failures().ToList();

        ukrainian.Should().Contain("TimeZoneId: невідомий часовий пояс «Mars/Olympus»: вкажіть ідентифікатор IANA, наприклад «Europe/Kyiv».")
            .And.Contain(f => f.StartsWith("Awards.QuorumShare: має бути від 0 до менше 1", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("Appeals.Outgoing.Format: має містити {number}", StringComparison.Ordinal));
        english.Should().Contain("TimeZoneId: unknown time-zone id 'Mars/Olympus': use an IANA id such as 'Europe/Kyiv'.")
            .And.Contain(f => f.StartsWith("Awards.QuorumShare: must be from 0 to below 1", StringComparison.Ordinal));
        ukrainian.Select(f => f[..f.IndexOf(':', StringComparison.Ordinal)]).Should().Equal(english.Select(f => f[..f.IndexOf(':', StringComparison.Ordinal)]));
    }

    [Fact]
    public void RulesTable_StaysInEnglish_WhateverTheReadersLanguage()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("uk-UA");
        var table = _f.Meetings.RulesTable();

        table.Should().Contain("Quorum: more than half of the members must be present");
    }

    private static Dictionary<string, string> Load(string file)
    {
        var path = Path.Combine(Root(), "src", "Council.Workflows", "Resources", file);
        return XDocument.Load(path).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Council.Workflows.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root was not found.");
    }

    private static List<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Distinct().Order()];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    // An English word: three or more Latin letters, not inside «…» (a catalogue id may be quoted) nor a placeholder.
    [GeneratedRegex(@"(?<![«'\w])[A-Za-z]{3,}(?![»'\w])")]
    private static partial Regex LatinWord();
}
