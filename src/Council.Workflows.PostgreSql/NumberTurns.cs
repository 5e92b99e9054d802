namespace Council.Workflows.PostgreSql;

// The order of a store's commits that take numbers, per sequence: each sends its number (its last batch) once the one given
// before it has finished.
internal sealed class NumberTurns
{
    private readonly Dictionary<string, Task> _tails = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Turn Take(string scope)
    {
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task before;
        lock (_lock)
        {
            before = _tails.TryGetValue(scope, out var tail) ? tail : Task.CompletedTask;
            _tails[scope] = mine.Task;
        }

        return new Turn(this, scope, before, mine);
    }

    internal sealed class Turn(NumberTurns owner, string scope, Task before, TaskCompletionSource mine)
    {
        public Task EnterAsync(CancellationToken cancellationToken) => before.WaitAsync(cancellationToken);

        // Idempotent: called when the commit ends, whatever happened.
        public void Done()
        {
            if (!mine.TrySetResult())
            {
                return;
            }

            lock (owner._lock)
            {
                if (owner._tails.TryGetValue(scope, out var tail) && tail == mine.Task)
                {
                    owner._tails.Remove(scope);
                }
            }
        }
    }
}
