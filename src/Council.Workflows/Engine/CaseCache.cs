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

        if (_cases.Count >= capacity)
        {
            _cases.Clear();
        }

        _cases.AddOrUpdate(data.Id, data, (_, old) => old.Version > data.Version ? old : data);
    }

    /// <summary>Drops what is held for <paramref name="id"/>.</summary>
    public void Forget(CaseId id) => _cases.TryRemove(id, out _);
}
