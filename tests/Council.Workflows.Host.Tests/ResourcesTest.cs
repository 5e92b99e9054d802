using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Council.Workflows.Host.Tests;

// Every text people read has an English and a Ukrainian form with the same placeholders, in the host's resource files.
public sealed partial class ResourcesTest
{
    private static string Folder => Path.Combine(Appeals.RepositoryRoot(), "src", "Council.Workflows.Host", "Resources");

    private static List<string> AreaNames() =>
        [.. Directory.GetFiles(Folder, "*.resx").Where(f => !f.EndsWith(".uk.resx", StringComparison.Ordinal)).Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal)];

    public static TheoryData<string> Areas() => [.. AreaNames()];

    [Theory]
    [MemberData(nameof(Areas))]
    public void EveryText_HasBothLanguages_WithTheSamePlaceholders(string area)
    {
        var english = Load($"{area}.resx");
        var ukrainian = Load($"{area}.uk.resx");

        ukrainian.Keys.Should().BeEquivalentTo(english.Keys, $"Resources/{area}.uk.resx has the keys of {area}.resx");
        foreach (var (key, text) in english)
        {
            Placeholders(ukrainian[key]).Should().BeEquivalentTo(Placeholders(text), $"'{key}' fills the same values in both languages");
            ukrainian[key].Should().NotBeNullOrWhiteSpace(key);
        }
    }

    [Fact]
    public void TheAreas_AreTheOnesTheCodeReads()
    {
        var areas = AreaNames();
        var read = Directory.GetFiles(Path.Combine(Appeals.RepositoryRoot(), "src", "Council.Workflows.Host"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => AreaUse().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)).Distinct().ToList();

        read.Should().NotBeEmpty().And.OnlyContain(a => areas.Contains(a), "every TextSource reads a resource file that exists");
    }

    private static Dictionary<string, string> Load(string file) =>
        XDocument.Load(Path.Combine(Folder, file)).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);

    private static List<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Distinct().Order()];

    [GeneratedRegex(@"\{\d+(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"TextSource \w+ = new\(""(\w+)""\)")]
    private static partial Regex AreaUse();
}
