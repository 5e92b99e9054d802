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

    // A place in the sequence's queue, taken in the order of the calls (a command that creates a case takes it as it
    // arrives, before its first wait, so commands started in order — an import's rows — are numbered in that order). A
    // decision takes at most one number (CaseReads.Number), so a place is in one queue.
    public Turn Reserve(string scope)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task before;
        lock (_lock)
        {
            before = _tails.GetValueOrDefault(scope) ?? Task.CompletedTask;
            _tails[scope] = done.Task;
        }

        return new Turn(scope, before, done);
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

    // A place in a sequence's queue: entered when the place before it has been left; left once (leaving before entering
    // waits for the place before, so the queue never lets two in at once).
    internal sealed class Turn(string scope, Task before, TaskCompletionSource done)
    {
        private int _left;

        public bool Covers(IReadOnlyList<string> scopes) => scopes.Count == 1 && scopes[0] == scope;

        public Task EnterAsync(CancellationToken cancellationToken) => before.IsCompleted ? Task.CompletedTask : before.WaitAsync(cancellationToken);

        public void Leave()
        {
            if (Interlocked.Exchange(ref _left, 1) != 0)
            {
                return;
            }

            if (before.IsCompleted)
            {
                done.TrySetResult();
            }
            else
            {
                _ = before.ContinueWith(_ => done.TrySetResult(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }
}
