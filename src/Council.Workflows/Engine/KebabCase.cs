using System.Collections.Concurrent;
using System.Text;

namespace Council.Workflows.Engine;

/// <summary>Kebab-case names of enum values (<c>UnderConsideration</c> → <c>under-consideration</c>), as the JSON and the CLI use them.</summary>
internal static class KebabCase
{
    /// <summary>The kebab-case name of <paramref name="value"/>.</summary>
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        NamesOf<TEnum>.Names.TryGetValue(value, out var name) ? name : NamesOf<TEnum>.Names.GetOrAdd(value, static v => FromPascal(v.ToString()));

    /// <summary>The kebab-case form of a PascalCase word.</summary>
    public static string FromPascal(string pascal)
    {
        ArgumentNullException.ThrowIfNull(pascal);
        var text = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    text.Append('-');
                }

                text.Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    /// <summary>Parses a kebab-case (or PascalCase) name back to the enum value, ignoring case.</summary>
    public static bool TryParse<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        value = default;
        return text is not null && Enum.TryParse(text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out value) && Enum.IsDefined(value);
    }

    // One cache per enum type: looked up without boxing the value.
    private static class NamesOf<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly ConcurrentDictionary<TEnum, string> Names = new();
    }
}
