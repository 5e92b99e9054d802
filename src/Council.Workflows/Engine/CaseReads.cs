namespace Council.Workflows.Engine;

/// <summary>
/// What a decision needs to read besides its own case: other cases by id, the cases a query finds, and the next number of
/// a sequence. A workflow names them (<see cref="IWorkflow.ReadsFor"/>); the engine reads them all in one step before the
/// decision, which is then a pure function of the case, the command and what was read (<see cref="RelatedCases"/>).
/// Immutable: each method returns a new value.
/// </summary>
public sealed class CaseReads
{
    private CaseReads(IReadOnlyList<CaseId> cases, IReadOnlyList<CaseQuery> queries, IReadOnlyList<string> numbers)
    {
        Cases = cases;
        Queries = queries;
        Numbers = numbers;
    }

    /// <summary>Nothing to read.</summary>
    public static CaseReads None { get; } = new([], [], []);

    /// <summary>The other cases to load by id.</summary>
    public IReadOnlyList<CaseId> Cases { get; }

    /// <summary>The queries whose cases to load.</summary>
    public IReadOnlyList<CaseQuery> Queries { get; }

    /// <summary>The sequences whose next number the decision takes.</summary>
    public IReadOnlyList<string> Numbers { get; }

    /// <summary>Whether there is nothing to read.</summary>
    public bool IsEmpty => Cases.Count == 0 && Queries.Count == 0 && Numbers.Count == 0;

    /// <summary>Also loads the case <paramref name="id"/>.</summary>
    public CaseReads Case(CaseId id) => new([.. Cases, id], Queries, Numbers);

    /// <summary>Also loads every case <paramref name="query"/> finds, in its order.</summary>
    public CaseReads Query(CaseQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new(Cases, [.. Queries, query], Numbers);
    }

    /// <summary>
    /// Also reads the next number of the sequence <paramref name="scope"/>. A decision that uses it records it
    /// (<see cref="Decision.WithNumber"/>); the store takes it in the commit only if it is still the next one, so the
    /// numbers have no gaps and none is given twice.
    /// </summary>
    /// <exception cref="InvalidOperationException">The decision already reads a number: a command takes at most one.</exception>
    public CaseReads Number(string scope)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scope);
        if (Numbers.Count > 0)
        {
            throw new InvalidOperationException($"A decision takes at most one number; it already reads '{Numbers[0]}'.");
        }

        return new(Cases, Queries, [scope]);
    }
}

/// <summary>What the engine read for a decision: the answers to its <see cref="CaseReads"/>.</summary>
public sealed class RelatedCases
{
    private readonly Dictionary<CaseId, ICaseData> _cases;
    private readonly Dictionary<CaseQuery, IReadOnlyList<ICaseData>> _found;
    private readonly Dictionary<string, long> _numbers;

    /// <summary>Creates the answers (the engine does; tests may).</summary>
    /// <param name="cases">The cases loaded by id (an unknown id is absent).</param>
    /// <param name="found">The cases each query found.</param>
    /// <param name="numbers">The next number of each sequence.</param>
    public RelatedCases(IEnumerable<ICaseData> cases, IReadOnlyDictionary<CaseQuery, IReadOnlyList<ICaseData>> found, IReadOnlyDictionary<string, long> numbers)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(found);
        ArgumentNullException.ThrowIfNull(numbers);
        _cases = cases.ToDictionary(c => c.Id);
        _found = new(found);
        _numbers = new(numbers, StringComparer.Ordinal);
    }

    // The engine's own: the dictionaries it built are kept, not copied.
    private RelatedCases(Dictionary<CaseId, ICaseData> cases, Dictionary<CaseQuery, IReadOnlyList<ICaseData>> found, Dictionary<string, long> numbers)
    {
        _cases = cases;
        _found = found;
        _numbers = numbers;
    }

    internal RelatedCases WithOwnNumbers(Dictionary<string, long> numbers) => new(_cases, _found, numbers);

    internal static RelatedCases Owning(Dictionary<CaseId, ICaseData> cases, Dictionary<CaseQuery, IReadOnlyList<ICaseData>> found) => new(cases, found, []);

    /// <summary>Nothing read.</summary>
    public static RelatedCases None { get; } = new([], new Dictionary<CaseQuery, IReadOnlyList<ICaseData>>(), new Dictionary<string, long>());

    /// <summary>The case <paramref name="id"/> as read, or <see langword="null"/> when there is none.</summary>
    public ICaseData? Case(CaseId id) => _cases.TryGetValue(id, out var found) ? found : null;

    /// <summary>The cases <paramref name="query"/> found.</summary>
    /// <exception cref="InvalidOperationException">The query was not named in the reads.</exception>
    public IReadOnlyList<ICaseData> Found(CaseQuery query) =>
        _found.TryGetValue(query, out var cases) ? cases : throw new InvalidOperationException($"The query {query} was not among the decision's reads.");

    /// <summary>The same answers with the next numbers of sequences (the engine reads them last, just before deciding).</summary>
    /// <param name="numbers">The next number of each sequence.</param>
    public RelatedCases WithNumbers(IReadOnlyDictionary<string, long> numbers) => new(_cases, _found, new Dictionary<string, long>(numbers, StringComparer.Ordinal));

    /// <summary>The next number of the sequence <paramref name="scope"/>.</summary>
    /// <exception cref="InvalidOperationException">The sequence was not named in the reads.</exception>
    public long NextNumber(string scope) =>
        _numbers.TryGetValue(scope, out var number) ? number : throw new InvalidOperationException($"The sequence '{scope}' was not among the decision's reads.");
}
