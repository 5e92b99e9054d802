using System.Globalization;
using NodaTime;

namespace Council.Workflows.Host.Web;

/// <summary>The pages' texts (<c>Resources/Web.resx</c>, <c>Web.uk.resx</c>) and how the pages write dates and names.</summary>
internal static class WebText
{
    public static TextSource T { get; } = new("Web");

    public static TextSource A { get; } = new("Appeals");

    public static TextSource W { get; } = new("Awards");

    /// <summary>Whether the page is read in Ukrainian.</summary>
    public static bool Ukrainian => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "uk";

    public static string D(LocalDate date) => date.ToString("dd.MM.uuuu", CultureInfo.InvariantCulture);

    public static string D(LocalDate? date) => date is { } d ? D(d) : "—";

    /// <summary>A long text cut for a list's row (the whole is on the card), at a word when one ends near the cut.</summary>
    public static string Short(string text, int length = 200)
    {
        if (text.Length <= length)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', length);
        return text[..(cut > length / 2 ? cut : length)].TrimEnd() + "…";
    }

    /// <summary>A text with its first letter capital (a button, a heading).</summary>
    public static string Capital(string text) => text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.CurrentCulture) + text[1..];

    public static string State(string kebab) => Spoken(Council.Workflows.Texts.State(kebab), kebab);

    public static string Action(string kebab) => Spoken(Council.Workflows.Texts.Trigger(kebab), kebab);

    public static string Word<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var kebab = Engine.KebabCase.Of(value);
        return Spoken(A.Optional($"Word.{kebab}") ?? W.Optional($"Word.{kebab}") ?? kebab, kebab);
    }

    // The English texts of states, actions and words are often their kebab-case names (the command line's English output and
    // what it accepts); a page writes them as words.
    private static string Spoken(string text, string kebab) => text == kebab ? kebab.Replace('-', ' ') : text;

    public static string Event(string type) => A.Optional($"Event.{type}") ?? type;

    public static string Role(Engine.OfficialRole role) => Council.Workflows.Texts.Role(role);
}
