using System.Collections.Concurrent;

namespace Council.Workflows.Engine;

/// <summary>
/// The engine's cases in memory, each at the version it was derived or committed at: a load that finds the stored version
/// unchanged skips reading and replaying the history. Bounded: when full it starts again empty (the working set refills
/// it in a few commands; a sweep over the whole year passes through it).
/// </summary>
internal sealed class CaseCache(int capacity)
{
    private readonly ConcurrentDictionary<CaseId, ICaseData> _cases = new();

    // How many cases are held, counted here rather than asked of the dictionary: ConcurrentDictionary.Count takes every one
    // of its locks (1,024 once the table has grown past a few thousand cases), and asking it on every commit cost the
    // in-memory engine more time than all of its own work (benchmarks, run I). Adds and removes racing a clear can leave
    // it off by a few until the next clear; it only decides when to start again empty.
    private int _count;

    /// <summary>The version held for <paramref name="id"/>, or 0.</summary>
    public long VersionOf(CaseId id) => capacity > 0 && _cases.TryGetValue(id, out var held) ? held.Version : 0;

    /// <summary>The case held for <paramref name="id"/> at <paramref name="version"/>, if it is.</summary>
    public ICaseData? At(CaseId id, long version) =>
        capacity > 0 && _cases.TryGetValue(id, out var held) && held.Version == version ? held : null;

    /// <summary>Keeps <paramref name="data"/>, unless a newer version of it is held.</summary>
    public void Remember(ICaseData data)
    {
        if (capacity <= 0)
        {
            return;
        }

        // Add or replace without a closure (a command's commit comes through here); a case changed or dropped between the
        // look and the write is looked at again.
        while (true)
        {
            if (_cases.TryGetValue(data.Id, out var held))
            {
                if (ReferenceEquals(held, data) || held.Version > data.Version || _cases.TryUpdate(data.Id, data, held))
                {
                    return;
                }

                continue;
            }

            if (Volatile.Read(ref _count) >= capacity)
            {
                _cases.Clear();
                Volatile.Write(ref _count, 0);
            }

            if (_cases.TryAdd(data.Id, data))
            {
                Interlocked.Increment(ref _count);
                return;
            }
        }
    }

    /// <summary>Drops what is held for <paramref name="id"/>.</summary>
    public void Forget(CaseId id)
    {
        if (_cases.TryRemove(id, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }
}
