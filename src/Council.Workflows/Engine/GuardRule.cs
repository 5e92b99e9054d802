namespace Council.Workflows.Engine;

// A Stateless guard with the description that names its rule, as the workflows' definitions write them.
internal static class GuardRule
{
    public static Tuple<Func<bool>, string> Rule(Func<bool> guard, string description) => Tuple.Create(guard, description);
}
