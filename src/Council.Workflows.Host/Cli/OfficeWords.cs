namespace Council.Workflows.Host.Cli;

/// <summary>
/// The Ukrainian words an office types for the command line's choices — kinds, channels, outcomes, roles — each standing
/// for the documented value (<c>--kind заява</c> is <c>--kind application</c>). Case and a space for the hyphen do not
/// matter. Machine output keeps the documented values.
/// </summary>
internal static class OfficeWords
{
    private static readonly Dictionary<string, string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        // The kinds of appeal (Art. 3).
        ["пропозиція"] = "proposal", ["зауваження"] = "proposal", ["заява"] = "application", ["клопотання"] = "application", ["скарга"] = "complaint",

        // How an appeal arrived; how an answer is sent.
        ["пошта"] = "post", ["поштою"] = "post", ["особисто"] = "in-person", ["електронне"] = "electronic", ["електронна"] = "electronic",
        ["електронно"] = "electronic", ["особистий-прийом"] = "personal-reception", ["прийом"] = "personal-reception", ["гаряча-лінія"] = "hotline",
        ["письмово"] = "written",

        // What an answer decided.
        ["задоволено"] = "satisfied", ["задоволено-частково"] = "partly-satisfied", ["частково"] = "partly-satisfied", ["відмовлено"] = "refused",
        ["роз'яснено"] = "explained", ["роз’яснено"] = "explained", ["розʼяснено"] = "explained", ["розяснено"] = "explained",

        // The acting official's role.
        ["діловод"] = "clerk", ["канцелярія"] = "clerk", ["виконавець"] = "executor", ["голова"] = "head", ["міський-голова"] = "head",
        ["заступник"] = "deputy-head", ["заступник-голови"] = "deputy-head", ["секретар"] = "secretary", ["член-комісії"] = "commission-member",
    };

    /// <summary>The documented value <paramref name="typed"/> stands for, or <paramref name="typed"/> itself.</summary>
    public static string Canonical(string typed) =>
        Words.TryGetValue(typed.Trim().Replace(' ', '-'), out var value) ? value : typed;

    /// <summary>The value of <typeparamref name="TEnum"/> that <paramref name="typed"/> names (kebab-case, .NET name or the office's word), or null.</summary>
    public static TEnum? Parse<TEnum>(string? typed)
        where TEnum : struct, Enum =>
        typed is { Length: > 0 } && Engine.KebabCase.TryParse<TEnum>(Canonical(typed).Trim(), out var value) ? value : null;

    /// <summary>
    /// The state <paramref name="typed"/> names: its documented kebab-case value, or its name as lists show it in Ukrainian
    /// («на розгляді», «зареєстровано»), case and hyphens for spaces not mattering; null when none.
    /// </summary>
    public static TEnum? State<TEnum>(string typed)
        where TEnum : struct, Enum
    {
        var folded = typed.Trim().Replace('-', ' ');
        return Enum.GetValues<TEnum>().Cast<TEnum?>().FirstOrDefault(value =>
            Engine.KebabCase.Of(value!.Value).Replace('-', ' ').Equals(folded, StringComparison.OrdinalIgnoreCase)
            || Texts.StateIn(Engine.KebabCase.Of(value.Value), UkrainianCulture).Replace('-', ' ').Equals(folded, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The states' names as lists show them, and their documented values, for a suggestion.</summary>
    public static IReadOnlyList<string> StateNames<TEnum>()
        where TEnum : struct, Enum =>
        [.. Enum.GetValues<TEnum>().Select(v => Texts.State(Engine.KebabCase.Of(v))), .. Enum.GetValues<TEnum>().Select(v => Engine.KebabCase.Of(v))];

    /// <summary>The states of <typeparamref name="TEnum"/> as the reader's lists name them, for a refusal to list.</summary>
    public static string States<TEnum>()
        where TEnum : struct, Enum =>
        string.Join(", ", Enum.GetValues<TEnum>().Select(v => Texts.State(Engine.KebabCase.Of(v))));

    private static readonly System.Globalization.CultureInfo UkrainianCulture = System.Globalization.CultureInfo.GetCultureInfo("uk-UA");

    /// <summary>
    /// « Можливо, «заява»?» after a refusal of <paramref name="typed"/>: the nearest of <paramref name="words"/> (its Latin
    /// look-alike letters read as Cyrillic first, else a letter or two misspelt), naming the Latin letters typed; empty when
    /// none is near.
    /// </summary>
    public static string Suggestion(string typed, IEnumerable<string> words)
    {
        var list = words.ToList();
        var folded = typed.Trim().ToLowerInvariant();
        var cyrillic = new string([.. folded.Select(c => LatinLookAlikes.TryGetValue(c, out var k) ? k : c)]);
        var latin = string.Join(", ", folded.Where(LatinLookAlikes.ContainsKey).Distinct());
        if (cyrillic != folded && list.FirstOrDefault(w => w.Equals(cyrillic, StringComparison.OrdinalIgnoreCase)) is { } exact)
        {
            return Said.Format("Parse.DidYouMeanLatin", exact, typed.Trim(), latin);
        }

        var best = list.Select(w => (Word: w, Score: Math.Max(Council.Workflows.Appeals.SearchText.Match(folded, w), Council.Workflows.Appeals.SearchText.Match(cyrillic, w))))
            .Where(x => x.Score > 0).OrderByDescending(x => x.Score).FirstOrDefault();
        return best.Word is { } near ? Said.Format("Parse.DidYouMean", near) : "";
    }

    private static readonly TextSource Said = new("Output");

    private static readonly Dictionary<char, char> LatinLookAlikes = new()
    {
        ['a'] = 'а', ['c'] = 'с', ['e'] = 'е', ['i'] = 'і', ['k'] = 'к', ['o'] = 'о', ['p'] = 'р', ['x'] = 'х', ['y'] = 'у', ['m'] = 'м', ['h'] = 'н', ['t'] = 'т', ['b'] = 'в',
    };

    /// <summary>The Ukrainian words that stand for any of <paramref name="values"/>, for help texts.</summary>
    public static IReadOnlyList<string> For(IEnumerable<string> values)
    {
        var wanted = values.ToHashSet(StringComparer.Ordinal);
        return [.. Words.Where(w => wanted.Contains(w.Value) && !w.Key.Contains('’', StringComparison.Ordinal) && !w.Key.Contains('ʼ', StringComparison.Ordinal) && w.Key != "розяснено").Select(w => w.Key)];
    }
}
