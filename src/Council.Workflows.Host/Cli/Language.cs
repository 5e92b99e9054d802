using System.Globalization;
using Council.Workflows.Host.Configuration;

namespace Council.Workflows.Host.Cli;

/// <summary>
/// The language of what people read: <c>--lang uk|en</c>, else the settings' <c>Language</c> (the settings file,
/// <c>COUNCIL__Language</c>, <c>--set Language=en</c>), else Ukrainian. It is decided before the verbs are built, since their help
/// is in it, and sets <see cref="CultureInfo.CurrentUICulture"/> for this invocation only.
/// </summary>
internal static class Language
{
    public const string Ukrainian = "uk";
    public const string English = "en";

    /// <summary>Whether this invocation reads in Ukrainian.</summary>
    public static bool IsUkrainian => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == Ukrainian;

    /// <summary>How this invocation writes numbers for people: "6,4" in Ukrainian, "6.4" in English.</summary>
    public static CultureInfo Numbers => IsUkrainian ? CultureInfo.GetCultureInfo("uk-UA") : CultureInfo.InvariantCulture;

    /// <summary>This invocation's language as the library's explanations take it.</summary>
    public static Council.Workflows.Deadlines.TextLanguage Text => IsUkrainian ? Council.Workflows.Deadlines.TextLanguage.Ukrainian : Council.Workflows.Deadlines.TextLanguage.English;

    /// <summary>The culture a language code names, or null for a code that is neither.</summary>
    public static CultureInfo? Culture(string? code) => code?.Trim().ToLowerInvariant() switch
    {
        "uk" or "ua" or "укр" => CultureInfo.GetCultureInfo("uk-UA"),
        "en" or "англ" => CultureInfo.GetCultureInfo("en"),
        _ => null,
    };

    /// <summary>
    /// The language <paramref name="args"/> ask for, or the settings' one, or <paramref name="fallback"/>; a problem (an
    /// unknown code) is returned for the caller to report once the language is known.
    /// </summary>
    public static (CultureInfo Culture, string? Problem) Resolve(IReadOnlyList<string> args, string fallback)
    {
        string? lang = null, config = null, db = null;
        var sets = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                break;
            }

            var (name, value) = arg.IndexOf('=', StringComparison.Ordinal) is > 2 and var eq && arg.StartsWith("--", StringComparison.Ordinal)
                ? (arg[..eq], arg[(eq + 1)..])
                : (arg, i + 1 < args.Count ? args[i + 1] : null);
            switch (name)
            {
                case "--lang": lang = value; break;
                case "--config": config = value; break;
                case "--db": db = value; break;
                case "--set" when value is not null: sets.Add(value); break;
            }
        }

        if (lang is not null)
        {
            return Culture(lang) is { } chosen
                ? (chosen, null)
                : (Culture(fallback)!, $"--lang '{lang}': give uk (українська) or en (English).");  // both languages: none is chosen yet
        }

        string? configured = null;
        try
        {
            configured = CouncilSettings.Load(config, db, sets).Configuration["Language"];
        }
        catch (Exception e) when (e is CliException or IOException or UnauthorizedAccessException)
        {
            // The command reports a settings problem itself, in the fallback language.
        }

        if (string.IsNullOrWhiteSpace(configured))
        {
            return (Culture(fallback)!, null);
        }

        return Culture(configured) is { } set
            ? (set, null)
            : (Culture(fallback)!, $"settings: Language '{configured}': give uk (українська) or en (English).");  // both languages: none is chosen
    }
}
