namespace Council.Workflows.Engine;

// The numbers of sequences this engine has handed to decisions. A commit takes a number only if it is still the next one
// in the store (CaseCommit.Numbers), so decisions of one sequence take turns (Reserve, Turn) from the number's reading
// until their commit is handed to the store: commits then reach the store in the order of their numbers, and the store still
// groups them. The last number handed is remembered, so the next decision need not wait for the previous commit to
// finish; a number handed out and not taken (a refusal, a conflict, another process) makes the engine forget the
// sequence, and the next decision reads the store again. Correct with any number of engines: the store checks.
internal sealed class NumberHandout
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _handed = new(StringComparer.Ordinal);
    // The last turn of each sequence: the next one waits for it.
    private readonly Dictionary<string, Task> _tails = new(StringComparer.Ordinal);

    // A place in the queue of each sequence, taken in the order of the calls (a command that creates a case takes it as it
    // arrives, before its first wait, so commands started in order — an import's rows — are numbered in that order).
    public Turn Reserve(IReadOnlyList<string> scopes)
    {
        var scopeList = scopes.Distinct().Order(StringComparer.Ordinal).ToList();
        var before = new List<Task>(scopeList.Count);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            foreach (var scope in scopeList)
            {
                before.Add(_tails.GetValueOrDefault(scope) ?? Task.CompletedTask);
                _tails[scope] = done.Task;
            }
        }

        return new Turn(scopeList, before, done);
    }
    // The last number handed out for the sequence, if this engine knows it.
    public long? Known(string scope)
    {
        lock (_lock)
        {
            return _handed.TryGetValue(scope, out var last) ? last : null;
        }
    }

    public void Handed(IReadOnlyList<TakenNumber> numbers)
    {
        lock (_lock)
        {
            foreach (var taken in numbers)
            {
                _handed[taken.Scope] = taken.Number;
            }
        }
    }

    public void Forget(IReadOnlyList<string> scopes)
    {
        lock (_lock)
        {
            foreach (var scope in scopes)
            {
                _handed.Remove(scope);
            }
        }
    }

    // A place in the queues of some sequences: entered when every earlier place has been left; left once (leaving before
    // entering waits for the earlier places, so the queue never lets two in at once).
    internal sealed class Turn(IReadOnlyList<string> scopes, List<Task> before, TaskCompletionSource done)
    {
        private int _left;

        public bool Covers(IReadOnlyList<string> others) => scopes.SequenceEqual(others.Distinct().Order(StringComparer.Ordinal));

        public Task EnterAsync(CancellationToken cancellationToken) => Task.WhenAll(before).WaitAsync(cancellationToken);

        public void Leave()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                _ = Task.WhenAll(before).ContinueWith(_ => done.TrySetResult(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }
}
