namespace Council.Workflows.Engine;

// The next numbers of sequences as this engine hands them to decisions. A commit takes a number only if it is still the
// next one in the store (CaseCommit.Numbers), so two registrations deciding at once must not both read the store's last
// number: the second is handed the one after the first's. A number handed out and not taken (a refusal, a conflict)
// makes the engine forget what it handed for that sequence, so the next decision reads the store again; a decision
// holding a number past the hole then fails its commit and decides again. Correct with any number of engines (the store
// checks), and without a conflict among the commands of one engine that all commit.
internal sealed class NumberHandout
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _handed = new(StringComparer.Ordinal);

    public long Next(string scope, long lastInStore)
    {
        lock (_lock)
        {
            var next = Math.Max(lastInStore, _handed.GetValueOrDefault(scope)) + 1;
            _handed[scope] = next;
            return next;
        }
    }

    public void Forget(IReadOnlyList<string> scopes)
    {
        if (scopes.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            foreach (var scope in scopes)
            {
                _handed.Remove(scope);
            }
        }
    }
}
