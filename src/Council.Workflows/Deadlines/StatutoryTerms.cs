using System.Collections.ObjectModel;
using Ardalis.GuardClauses;

namespace Council.Workflows.Deadlines;

/// <summary>The terms of the current law, by id. <see cref="StatutoryTermCatalog"/> lets a council replace or add terms.</summary>
public static class StatutoryTerms
{
    private const string AppealsLawUk = "Закону України «Про звернення громадян»";
    private const string AppealsLawEn = "of the Law of Ukraine on Citizens' Appeals";
    private const string DeputiesLawUk = "Закону України «Про статус депутатів місцевих рад»";
    private const string DeputiesLawEn = "of the Law of Ukraine on the Status of Deputies of Local Councils";

    /// <summary><c>appeal.no-study</c>: 15 days when no additional study is needed (Art. 20).</summary>
    public static StatutoryTerm AppealNoStudy { get; } = new(
        "appeal.no-study", TermLength.FromDays(15), $"ст. 20 {AppealsLawUk}", $"Art. 20 {AppealsLawEn}",
        "розгляд звернення, що не потребує додаткового вивчення", "consideration of an appeal that needs no additional study");

    /// <summary><c>appeal.standard</c>: one month from receipt (Art. 20).</summary>
    public static StatutoryTerm AppealStandard { get; } = new(
        "appeal.standard", TermLength.FromMonths(1), $"ст. 20 {AppealsLawUk}", $"Art. 20 {AppealsLawEn}",
        "розгляд звернення", "consideration of an appeal");

    /// <summary><c>appeal.max</c>: 45 days from receipt, the most an extension can reach (Art. 20).</summary>
    public static StatutoryTerm AppealMax { get; } = new(
        "appeal.max", TermLength.FromDays(45), $"ст. 20 {AppealsLawUk}", $"Art. 20 {AppealsLawEn}",
        "граничний строк розгляду звернення з продовженням", "the longest term of consideration, extension included");

    /// <summary><c>appeal.forward</c>: 5 days to forward an appeal outside the council's competence (Art. 7).</summary>
    public static StatutoryTerm AppealForward { get; } = new(
        "appeal.forward", TermLength.FromDays(5), $"ст. 7 {AppealsLawUk}", $"Art. 7 {AppealsLawEn}",
        "пересилання звернення за належністю", "forwarding an appeal to the competent body");

    /// <summary><c>appeal.return-lacking-data</c>: 5 days to return an appeal that lacks data for a decision (Art. 7).</summary>
    public static StatutoryTerm AppealReturnLackingData { get; } = new(
        "appeal.return-lacking-data", TermLength.FromDays(5), $"ст. 7 {AppealsLawUk}", $"Art. 7 {AppealsLawEn}",
        "повернення звернення, що не містить даних для прийняття рішення", "returning an appeal that lacks the data for a reasoned decision");

    /// <summary><c>appeal.return-incomplete</c>: 10 days to return an appeal without the details of Art. 5.</summary>
    public static StatutoryTerm AppealReturnIncomplete { get; } = new(
        "appeal.return-incomplete", TermLength.FromDays(10), $"ст. 5 {AppealsLawUk}", $"Art. 5 {AppealsLawEn}",
        "повернення звернення, оформленого без дотримання вимог ст. 5", "returning an appeal without the details Art. 5 requires");

    /// <summary><c>deputy.appeal</c>: 10 days to answer a deputy's appeal (Art. 13).</summary>
    public static StatutoryTerm DeputyAppeal { get; } = new(
        "deputy.appeal", TermLength.FromDays(10), $"ст. 13 {DeputiesLawUk}", $"Art. 13 {DeputiesLawEn}",
        "розгляд депутатського звернення", "answering a deputy's appeal");

    /// <summary><c>deputy.appeal-max</c>: one month in total for a deputy's appeal, with a reasoned notice (Art. 13).</summary>
    public static StatutoryTerm DeputyAppealMax { get; } = new(
        "deputy.appeal-max", TermLength.FromMonths(1), $"ст. 13 {DeputiesLawUk}", $"Art. 13 {DeputiesLawEn}",
        "граничний строк розгляду депутатського звернення", "the longest term for a deputy's appeal");

    /// <summary><c>complaint.after-decision</c>: a complaint is filed within one year of the decision (Art. 17).</summary>
    public static StatutoryTerm ComplaintAfterDecision { get; } = new(
        "complaint.after-decision", TermLength.FromYears(1), $"ст. 17 {AppealsLawUk}", $"Art. 17 {AppealsLawEn}",
        "оскарження рішення: не пізніше одного року з моменту його прийняття", "a complaint: within one year of the decision");

    /// <summary><c>complaint.after-learning</c>: and no later than one month after the applicant learned of it (Art. 17).</summary>
    public static StatutoryTerm ComplaintAfterLearning { get; } = new(
        "complaint.after-learning", TermLength.FromMonths(1), $"ст. 17 {AppealsLawUk}", $"Art. 17 {AppealsLawEn}",
        "оскарження рішення: не пізніше місяця з часу ознайомлення з ним", "a complaint: within one month of learning of the decision");

    /// <summary>Every term of the current law, in the order above.</summary>
    public static ReadOnlyCollection<StatutoryTerm> All { get; } = new(
    [
        AppealNoStudy, AppealStandard, AppealMax, AppealForward, AppealReturnLackingData, AppealReturnIncomplete,
        DeputyAppeal, DeputyAppealMax, ComplaintAfterDecision, ComplaintAfterLearning,
    ]);
}

/// <summary>A set of named terms looked up by id: the current law by default, replaceable term by term.</summary>
public sealed class StatutoryTermCatalog
{
    private readonly Dictionary<string, StatutoryTerm> _byId;

    /// <summary>Creates a catalog from the given terms.</summary>
    /// <exception cref="ArgumentException">Two terms share an id.</exception>
    public StatutoryTermCatalog(IEnumerable<StatutoryTerm> terms)
    {
        Guard.Against.Null(terms);
        _byId = new Dictionary<string, StatutoryTerm>(StringComparer.OrdinalIgnoreCase);
        foreach (var term in terms)
        {
            Guard.Against.Null(term, nameof(terms));
            if (!_byId.TryAdd(term.Id, term))
            {
                throw new ArgumentException(Texts.Format("Setting.TermTwice", term.Id), nameof(terms));
            }
        }

        All = _byId.Values.ToList().AsReadOnly();
    }

    /// <summary>The catalog of the current law (<see cref="StatutoryTerms.All"/>).</summary>
    public static StatutoryTermCatalog Default { get; } = new(StatutoryTerms.All);

    /// <summary>Every term in the catalog.</summary>
    public IReadOnlyList<StatutoryTerm> All { get; }

    /// <summary>Looks a term up by id, ignoring case.</summary>
    public bool TryGet(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StatutoryTerm? term)
    {
        Guard.Against.Null(id);
        return _byId.TryGetValue(id, out term);
    }

    /// <summary>Gets a term by id.</summary>
    /// <exception cref="ArgumentException">No term has that id; the message lists the known ids.</exception>
    public StatutoryTerm Get(string id)
    {
        Guard.Against.Null(id);
        return TryGet(id, out var term)
            ? term
            : throw new ArgumentException(Texts.Format("Setting.TermUnknown", id, string.Join(", ", _byId.Keys.Order(StringComparer.Ordinal))), nameof(id));
    }

    /// <summary>A copy of this catalog with <paramref name="term"/> added, or replacing the term of the same id.</summary>
    public StatutoryTermCatalog With(StatutoryTerm term)
    {
        Guard.Against.Null(term);
        return new StatutoryTermCatalog(All.Where(t => !string.Equals(t.Id, term.Id, StringComparison.OrdinalIgnoreCase)).Append(term));
    }
}
