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

    public static string State(string kebab) => Council.Workflows.Texts.State(kebab);

    public static string Action(string kebab) => Council.Workflows.Texts.Trigger(kebab);

    public static string Word<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        A.Optional($"Word.{Engine.KebabCase.Of(value)}") ?? W.Optional($"Word.{Engine.KebabCase.Of(value)}") ?? Engine.KebabCase.Of(value);

    public static string Event(string type) => A.Optional($"Event.{type}") ?? type;

    public static string Role(Engine.OfficialRole role) => Council.Workflows.Texts.Role(role);
}
