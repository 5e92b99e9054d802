using System.Text.RegularExpressions;

namespace Council.Workflows;

/// <summary>
/// What can name a council: 1 to 64 lower-case Latin letters, digits, '-', '_' or '.', beginning with a letter or a digit —
/// a city's name in Latin letters (zhytomyr, bila-tserkva) or its KATOTTG code written in lower case. Lower case only, so
/// Zhytomyr and zhytomyr are never two councils. The name is part of every case's, account's and
/// number's key, and is typed on command lines and in settings: spaces, punctuation and look-alike letters are refused
/// rather than made into a council nobody can name again.
/// </summary>
internal static partial class CouncilKeys
{
    public static bool IsValid(string? key) => key is not null && Pattern().IsMatch(key);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
