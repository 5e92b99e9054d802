namespace Council.Workflows.Engine;

// A Stateless guard with the rule it enforces: a stable kebab-case id (the machine's name for the rule, as refusals report it
// in Refusal.UnmetRules) and the rule's text for people, read from the library's texts ("Rule.{id}") in the reader's
// language when a refusal cites it. The description Stateless keeps (for the diagrams and the rules table) is the English
// text. A rule may also say, when it fails, what in this case fails it (who is not a member, how many are present),
// appended to its text.
internal static class GuardRule
{
    public static Tuple<Func<bool>, string> Rule(Func<bool> guard, string id, Func<string?>? detail = null, Func<object?[]>? args = null) =>
        new CitedRule(guard, id, detail, args);

    public static Tuple<Func<bool>, string> Rule(Func<bool> guard, string id, Func<object?[]> args) => new CitedRule(guard, id, null, args);

    // The rule's text as a refusal cites it, in the current language: with what fails it here, when the rule can tell.
    public static string Cited(Tuple<Func<bool>, string> rule)
    {
        if (rule is not CitedRule cited)
        {
            return rule.Item2;
        }

        var text = cited.Text();
        return cited.Detail?.Invoke() is { Length: > 0 } detail ? $"{text} ({detail})" : text;
    }

    // The rule's stable id.
    public static string Id(Tuple<Func<bool>, string> rule) => rule is CitedRule cited ? cited.Id : rule.Item2;

    private sealed class CitedRule(Func<bool> guard, string id, Func<string?>? detail, Func<object?[]>? args)
        : Tuple<Func<bool>, string>(guard, Texts.InEnglish(() => Describe(id, args)))
    {
        public string Id { get; } = id;

        public Func<string?>? Detail { get; } = detail;

        public string Text() => Describe(Id, args);

        private static string Describe(string id, Func<object?[]>? args) => args is null ? Texts.Get($"Rule.{id}") : Texts.Format($"Rule.{id}", args());
    }
}
