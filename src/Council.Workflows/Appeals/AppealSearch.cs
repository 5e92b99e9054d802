using System.Globalization;
using System.Text;

namespace Council.Workflows.Appeals;

/// <summary>
/// What a clerk asks of the register ("did this man write before?"): every criterion given must hold. Names match as an
/// office types them: case, stress marks and apostrophe variants do not matter, Latin letters that look like Cyrillic ones
/// (typed on the wrong layout) count as those, and a word of the name may be misspelt by one letter (two in a word of six
/// letters or more). Results are ranked (the closest names first, then the newest) and paged.
/// </summary>
public sealed record AppealSearch
{
    /// <summary>Words of an applicant's name, in any order (each matches a word of the name, or the start of one).</summary>
    public string? Applicant { get; init; }

    /// <summary>Words of the address (each found in it).</summary>
    public string? Address { get; init; }

    /// <summary>Words of the subject (each found in it, or the start of one of its words).</summary>
    public string? Text { get; init; }

    /// <summary>The index, such as <c>КО-4</c> (Latin look-alikes accepted: <c>KO-4</c>).</summary>
    public string? Index { get; init; }

    /// <summary>Received on or after.</summary>
    public LocalDate? ReceivedFrom { get; init; }

    /// <summary>Received on or before.</summary>
    public LocalDate? ReceivedTo { get; init; }

    /// <summary>Due on or after.</summary>
    public LocalDate? DueFrom { get; init; }

    /// <summary>Due on or before.</summary>
    public LocalDate? DueTo { get; init; }

    /// <summary>In this state.</summary>
    public AppealState? State { get; init; }

    /// <summary>Part of the executor's name.</summary>
    public string? Executor { get; init; }

    /// <summary>A classifier code on the card: the author's category, social status or sex, an issue, or the answer's result.</summary>
    public string? Code { get; init; }

    /// <summary>How many hits a page holds. The default value is 20.</summary>
    public int PageSize { get; init; } = 20;

    /// <summary>The page, from 1. The default value is 1.</summary>
    public int Page { get; init; } = 1;
}

/// <summary>One page of a search's hits, with how many there are in all.</summary>
/// <param name="Hits">The page's appeals, best first, each with its score (1 for an exact name; less for a misspelt one).</param>
/// <param name="Total">How many appeals match.</param>
public sealed record AppealSearchPage(IReadOnlyList<(Appeal Appeal, double Score)> Hits, int Total);

/// <summary>Text folded for search: what an office types for the same name or word compares equal.</summary>
public static class SearchText
{
    // Latin letters that look like Cyrillic ones, typed on the wrong keyboard layout: read as the Cyrillic letter.
    private static readonly Dictionary<char, char> LookAlikes = new()
    {
        ['A'] = 'А', ['B'] = 'В', ['C'] = 'С', ['E'] = 'Е', ['H'] = 'Н', ['I'] = 'І', ['K'] = 'К', ['M'] = 'М', ['O'] = 'О', ['P'] = 'Р',
        ['T'] = 'Т', ['X'] = 'Х', ['Y'] = 'У', ['a'] = 'а', ['c'] = 'с', ['e'] = 'е', ['i'] = 'і', ['o'] = 'о', ['p'] = 'р', ['x'] = 'х',
        ['y'] = 'у', ['k'] = 'к',
    };

    // Apostrophes as offices type them: ' ’ ʼ ` ‘ ″ — all left out, so «Дем'яненко», «Демʼяненко» and «Демяненко» are one.
    private static readonly string Apostrophes = "'’ʼ`‘′";

    /// <summary>
    /// The folded form: look-alike Latin letters as Cyrillic, lower case, stress and other combining marks dropped,
    /// apostrophes left out, every other run of non-letters and non-digits one space.
    /// </summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var raw in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(raw) == UnicodeCategory.NonSpacingMark)
            {
                // A stress mark (acute or grave) goes; any other mark stays with its letter: the breve of «й», the
                // diaeresis of «ї», composed again below.
                if (raw is not ('\u0301' or '\u0300' or '\u0341' or '\u0340') && folded.Length > 0 && folded[^1] != ' ')
                {
                    folded.Append(raw);
                }

                continue;
            }

            if (Apostrophes.Contains(raw, StringComparison.Ordinal))
            {
                continue;
            }

            var c = LookAlikes.TryGetValue(raw, out var cyrillic) ? cyrillic : raw;
            if (char.IsLetterOrDigit(c))
            {
                folded.Append(char.ToLowerInvariant(c));
            }
            else if (folded.Length > 0 && folded[^1] != ' ')
            {
                folded.Append(' ');
            }
        }

        // «й» and «ї» were decomposed into a letter and a mark: composed again, so they stay themselves.
        return folded.ToString().Trim().Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// The words of <paramref name="text"/> as a search for them in running text takes them: folded, each word of five
    /// letters or more without its ending's trailing vowels (up to three, keeping four letters), so «дорога» finds «дорогу»
    /// and «Київська» finds «Київській».
    /// </summary>
    public static string[] Stems(string? text) => [.. Words(text).Select(Stem)];

    private static string Stem(string word)
    {
        var end = word.Length;
        while (word.Length >= 5 && end > 4 && word.Length - end < 3 && "аеєиіїоуюяйь".Contains(word[end - 1], StringComparison.Ordinal))
        {
            end--;
        }

        return word[..end];
    }

    /// <summary>The folded words of <paramref name="text"/>.</summary>
    public static string[] Words(string? text) => string.IsNullOrWhiteSpace(text) ? [] : Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// How well <paramref name="wanted"/> matches <paramref name="word"/> (both folded): 1 when equal or a prefix of at least
    /// three letters, less by each letter misspelt (one allowed in a word up to five letters, two from six), 0 when not.
    /// </summary>
    public static double Match(string wanted, string word)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        ArgumentNullException.ThrowIfNull(word);
        if (wanted == word || (wanted.Length >= 3 && word.StartsWith(wanted, StringComparison.Ordinal)))
        {
            return 1;
        }

        var allowed = wanted.Length >= 6 ? 2 : wanted.Length >= 3 ? 1 : 0;
        var distance = Distance(wanted, word, allowed);
        return distance <= allowed ? 1 - (0.2 * distance) : 0;
    }

    // Optimal string alignment distance (a swap of two letters counts one), stopping once it exceeds the limit.
    private static int Distance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return limit + 1;
        }

        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            var best = int.MaxValue;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }

                best = Math.Min(best, d[i, j]);
            }

            if (best > limit)
            {
                return limit + 1;
            }
        }

        return d[a.Length, b.Length];
    }
}
