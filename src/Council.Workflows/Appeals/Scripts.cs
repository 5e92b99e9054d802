namespace Council.Workflows.Appeals;

// Latin letters that look like Cyrillic ones, typed on the wrong keyboard layout («Cидоренко» with a Latin C).
internal static class Scripts
{
    private static readonly Dictionary<char, char> LookAlikes = new()
    {
        ['A'] = 'А', ['B'] = 'В', ['C'] = 'С', ['E'] = 'Е', ['H'] = 'Н', ['I'] = 'І', ['K'] = 'К', ['M'] = 'М', ['O'] = 'О', ['P'] = 'Р',
        ['T'] = 'Т', ['X'] = 'Х', ['Y'] = 'У', ['a'] = 'а', ['c'] = 'с', ['e'] = 'е', ['i'] = 'і', ['o'] = 'о', ['p'] = 'р', ['x'] = 'х',
        ['y'] = 'у', ['k'] = 'к',
    };

    /// <summary>The Cyrillic letter a Latin look-alike stands for, or the letter itself.</summary>
    public static char Cyrillic(char c) => LookAlikes.TryGetValue(c, out var cyrillic) ? cyrillic : c;

    private static bool IsCyrillic(char c) => c is >= '\u0400' and <= '\u04FF';

    private static bool IsLatin(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z');

    /// <summary>The Latin letters of <paramref name="text"/> if it also has Cyrillic ones (a name typed on two layouts); none otherwise.</summary>
    public static string MixedLatin(string text) =>
        text.Any(IsCyrillic) ? new string([.. text.Where(IsLatin).Distinct()]) : "";
}
