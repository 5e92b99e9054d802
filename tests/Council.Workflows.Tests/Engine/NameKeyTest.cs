using System.Globalization;
using System.Text;
using Council.Workflows.Engine;
using CsCheck;

namespace Council.Workflows.Tests.Engine;

public class NameKeyTest
{
    // The definition: NFKC, letters lower-cased, lone combining marks dropped, every run of anything else one space, trimmed.
    private static string Reference(string name)
    {
        var key = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetter(c))
            {
                key.Append(char.ToLower(c, CultureInfo.InvariantCulture));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            else if (key.Length > 0 && key[^1] != ' ')
            {
                key.Append(' ');
            }
        }

        return key.ToString().Trim();
    }

    [Theory]
    [InlineData("Шевченко  Тарас Григорович", "шевченко тарас григорович")]
    [InlineData("  О'Коннор-Бойко, Ірина ", "о коннор бойко ірина")]
    [InlineData("Ковале\u0301нко Ї.", "коваленко ї")]
    [InlineData("ＫＯＶＡＬ ＩＶＡＮ", "koval ivan")]
    [InlineData("ﬁlatov Ĳzer", "filatov ijzer")]
    [InlineData("", "")]
    public void Of_NormalisesLettersCaseAndSeparators(string name, string expected) =>
        NameKey.Of(name).Should().Be(expected);

    [Fact]
    public void Of_LongText_AgreesWithTheDefinition()
    {
        // Longer than the key's stack buffer (256 characters).
        var name = string.Concat(Enumerable.Repeat("Ковале\u0301нко-ШЕВЧЕНКО, Ірина ", 20));

        NameKey.Of(name).Should().Be(Reference(name)).And.StartWith("коваленко шевченко ірина коваленко");
    }

    [Fact]
    public void Of_AgreesWithTheDefinition_ForAnyText()
    {
        var letters = Gen.OneOf(Gen.Char['А', 'я'], Gen.Char['a', 'z'], Gen.Char['\u00C0', '\u017F'], Gen.Char['\u0300', '\u036F'], Gen.Char['\uFB00', '\uFB06'], Gen.Char['\uFF21', '\uFF3A'], Gen.Char[' ', '@'], Gen.Char['\u0400', '\u04FF']);
        letters.Array[0, 30].Select(chars => new string(chars)).Sample(name => NameKey.Of(name) == Reference(name));
    }
}
