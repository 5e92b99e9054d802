using System.Globalization;
using System.Resources;

[assembly: NeutralResourcesLanguage("en")]

namespace Council.Workflows.Host;

/// <summary>
/// One area's texts for people (help, messages, headers) from <c>Resources/{area}.resx</c> (English, the neutral language) and
/// <c>Resources/{area}.uk.resx</c> (Ukrainian), read in <see cref="CultureInfo.CurrentUICulture"/>, which
/// <see cref="Cli.CouncilCli"/> sets from <c>--lang</c> or the settings' <c>Language</c> (Ukrainian by default). Machine
/// output — JSON keys and values, CSV headers, exit codes — never goes through here.
/// </summary>
internal sealed class TextSource(string area)
{
    private readonly ResourceManager _manager = new($"Council.Workflows.Host.Resources.{area}", typeof(TextSource).Assembly);

    /// <summary>The area's name (its resource files' base name).</summary>
    public string Area { get; } = area;

    /// <summary>The text named <paramref name="key"/> in the current UI language.</summary>
    public string this[string key] =>
        _manager.GetString(key, CultureInfo.CurrentUICulture) ?? throw new InvalidOperationException($"No text '{key}' in Resources/{Area}.resx.");

    /// <summary>The text named <paramref name="key"/> in Ukrainian or English as the caller says (a renderer told its language).</summary>
    public string this[string key, bool ukrainian] =>
        _manager.GetString(key, ukrainian ? UkrainianCulture : CultureInfo.InvariantCulture) ?? throw new InvalidOperationException($"No text '{key}' in Resources/{Area}.resx.");

    /// <summary>The text named <paramref name="key"/> in the language the caller says, its placeholders filled.</summary>
    public string Format(string key, bool ukrainian, params object?[] args) => string.Format(CultureInfo.InvariantCulture, this[key, ukrainian], args);

    private static readonly CultureInfo UkrainianCulture = CultureInfo.GetCultureInfo("uk-UA");

    /// <summary>The text named <paramref name="key"/>, or null when the area has none.</summary>
    public string? Optional(string key) => _manager.GetString(key, CultureInfo.CurrentUICulture);

    /// <summary>The text named <paramref name="key"/> with its placeholders filled (numbers written the invariant way).</summary>
    public string Format(string key, params object?[] args) => string.Format(CultureInfo.InvariantCulture, this[key], args);
}

/// <summary>What the library's argument checks say, for people: the message without the "(Parameter 'x')" the runtime appends.</summary>
internal static class Reasons
{
    public static string Of(ArgumentException e) =>
        e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
}
