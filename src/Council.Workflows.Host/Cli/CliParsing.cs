using System.CommandLine;
using NodaTime;
using NodaTime.Text;

namespace Council.Workflows.Host.Cli;

/// <summary>Options whose values are checked while parsing, so bad input is reported before anything runs.</summary>
internal static class CliParsing
{
    /// <summary>An ISO date option (<c>YYYY-MM-DD</c>); an impossible date is a parse error naming the option.</summary>
    public static Option<LocalDate?> DateOption(string name, string description, bool required = false) => new(name)
    {
        Description = description,
        Required = required,
        HelpName = "YYYY-MM-DD",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            var parsed = LocalDatePattern.Iso.Parse(text);
            if (parsed.Success)
            {
                return parsed.Value;
            }

            result.AddError($"{name} '{text}' is not a date: use YYYY-MM-DD, such as 2023-01-31.");
            return null;
        },
    };

    /// <summary>
    /// A web address option: an absolute <c>http</c> or <c>https</c> URL; anything else is a parse error naming the option.
    /// (System.CommandLine cannot bind <see cref="Uri"/> by itself: without this every URL was refused.)
    /// </summary>
    public static Option<Uri?> UrlOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "URL",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) && url.Host.Length > 0)
            {
                return url;
            }

            result.AddError($"{name} '{text}' is not a web address: use an absolute http or https URL, such as https://example.org/hook.");
            return null;
        },
    };

    /// <summary>An option taking one of a fixed set of words, with a default.</summary>
    public static Option<string> Choice(string name, string description, string defaultValue, params string[] choices)
    {
        var option = new Option<string>(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            HelpName = string.Join('|', choices),
        };
        option.Validators.Add(result =>
        {
            var value = result.Tokens.Count > 0 ? result.Tokens[0].Value : defaultValue;
            if (!choices.Contains(value, StringComparer.Ordinal))
            {
                result.AddError($"{name} '{value}' is not one of: {string.Join(", ", choices)}.");
            }
        });
        return option;
    }

    /// <summary>A <c>--json</c> flag.</summary>
    public static Option<bool> JsonFlag() => new("--json") { Description = "Print the result as one JSON object instead of text." };
}
