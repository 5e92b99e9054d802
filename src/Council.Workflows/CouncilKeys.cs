using System.Text.RegularExpressions;

namespace Council.Workflows;

/// <summary>
/// What can name a council: 1 to 64 Latin letters, digits, '-', '_' or '.', beginning with a letter or a digit — a city's
/// name in Latin letters (zhytomyr, bila-tserkva) or its KATOTTG code. The name is part of every case's, account's and
/// number's key, and is typed on command lines and in settings: spaces, punctuation and look-alike letters are refused
/// rather than made into a council nobody can name again.
/// </summary>
internal static partial class CouncilKeys
{
    public static bool IsValid(string? key) => key is not null && Pattern().IsMatch(key);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
