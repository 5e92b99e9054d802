using System.Globalization;
using System.Resources;

[assembly: NeutralResourcesLanguage("en")]

namespace Council.Workflows;

/// <summary>
/// The library's texts for people — refusals and their rules, messages, names of roles — from
/// <c>Resources/Texts.resx</c> (English, the neutral language) and <c>Resources/Texts.uk.resx</c> (Ukrainian), chosen by
/// <see cref="CultureInfo.CurrentUICulture"/> when the text is read, so one engine serves callers in either language.
/// Machine output (kebab-case states, triggers, rule ids) never goes through here.
/// </summary>
internal static class Texts
{
    private static readonly ResourceManager Manager = new("Council.Workflows.Resources.Texts", typeof(Texts).Assembly);

    /// <summary>The text named <paramref name="key"/> in the current UI language.</summary>
    public static string Get(string key) =>
        Manager.GetString(key, CultureInfo.CurrentUICulture) ?? throw new InvalidOperationException($"The library has no text '{key}'.");

    /// <summary>The text named <paramref name="key"/> with its placeholders filled (numbers written the invariant way).</summary>
    public static string Format(string key, params object?[] args) => string.Format(CultureInfo.InvariantCulture, Get(key), args);

    /// <summary>Whether texts are being read in Ukrainian.</summary>
    public static bool Ukrainian => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "uk";

    /// <summary>Evaluates <paramref name="text"/> with English as the UI language (the rules' descriptions in diagrams).</summary>
    public static T InEnglish<T>(Func<T> text)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        try
        {
            return text();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    /// <summary>The name of a role for people (kebab-case in English, the office's word in Ukrainian).</summary>
    public static string Role(Engine.OfficialRole role) => Get($"Role.{role}");

    /// <summary>A state's name for people (its kebab-case name in English, or when no text names it).</summary>
    public static string State(string kebab) => Manager.GetString($"State.{kebab}", CultureInfo.CurrentUICulture) ?? kebab;

    /// <summary>A state's name in the given language (the command line takes a state typed as it is shown).</summary>
    internal static string StateIn(string kebab, CultureInfo culture) => Manager.GetString($"State.{kebab}", culture) ?? kebab;

    /// <summary>A trigger's name for people (its kebab-case name in English, or when no text names it).</summary>
    public static string Trigger(string kebab) => Manager.GetString($"Trigger.{kebab}", CultureInfo.CurrentUICulture) ?? kebab;

    /// <summary>The name of a granting instrument for people.</summary>
    public static string Instrument(Awards.GrantingInstrument instrument) => Get($"Instrument.{instrument}");

    /// <summary>Roles named as a list for people ("clerk, head"; "діловод, голова"), or "nobody".</summary>
    public static string Roles(IEnumerable<Engine.OfficialRole> roles)
    {
        var names = roles.Select(Role).ToList();
        return names.Count == 0 ? Get("Roles.Nobody") : string.Join(", ", names);
    }
}
