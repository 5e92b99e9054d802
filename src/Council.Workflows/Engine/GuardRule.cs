namespace Council.Workflows.Engine;

// A Stateless guard with the description that names its rule, as the workflows' definitions write them; a rule may also say,
// when it fails, what in this case fails it (who is not a member, how many are present), appended to its description.
internal static class GuardRule
{
    public static Tuple<Func<bool>, string> Rule(Func<bool> guard, string description) => Tuple.Create(guard, description);

    public static Tuple<Func<bool>, string> Rule(Func<bool> guard, string description, Func<string?> detail) => new DetailedRule(guard, description, detail);

    // The rule's description as a refusal cites it: with what fails it here, when the rule can tell.
    public static string Cited(Tuple<Func<bool>, string> rule) =>
        rule is DetailedRule { Detail: var detail } && detail() is { Length: > 0 } text ? $"{rule.Item2} ({text})" : rule.Item2;

    private sealed class DetailedRule(Func<bool> guard, string description, Func<string?> detail) : Tuple<Func<bool>, string>(guard, description)
    {
        public Func<string?> Detail { get; } = detail;
    }
}
