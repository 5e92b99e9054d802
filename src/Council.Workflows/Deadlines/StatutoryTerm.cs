using Ardalis.GuardClauses;

namespace Council.Workflows.Deadlines;

/// <summary>A named term set by law, with its legal basis, such as <c>appeal.standard</c>: one month (Art. 20).</summary>
public sealed record StatutoryTerm
{
    /// <summary>Creates a named term.</summary>
    /// <param name="id">A stable kebab-case id, such as <c>appeal.standard</c>.</param>
    /// <param name="length">The length of the term.</param>
    /// <param name="legalBasisUk">The legal basis in Ukrainian, such as "ст. 20 Закону «Про звернення громадян»".</param>
    /// <param name="legalBasisEn">The legal basis in English, such as "Art. 20 of the Law on Citizens' Appeals".</param>
    /// <param name="descriptionUk">What the term is for, in Ukrainian.</param>
    /// <param name="descriptionEn">What the term is for, in English.</param>
    public StatutoryTerm(string id, TermLength length, string legalBasisUk, string legalBasisEn, string descriptionUk, string descriptionEn)
    {
        Id = Guard.Against.NullOrWhiteSpace(id);
        Guard.Against.Default(length);
        Length = length;
        LegalBasisUk = Guard.Against.NullOrWhiteSpace(legalBasisUk);
        LegalBasisEn = Guard.Against.NullOrWhiteSpace(legalBasisEn);
        DescriptionUk = Guard.Against.NullOrWhiteSpace(descriptionUk);
        DescriptionEn = Guard.Against.NullOrWhiteSpace(descriptionEn);
    }

    /// <summary>The stable id, such as <c>appeal.standard</c>.</summary>
    public string Id { get; init; }

    /// <summary>The length of the term.</summary>
    public TermLength Length { get; init; }

    /// <summary>The legal basis in Ukrainian.</summary>
    public string LegalBasisUk { get; init; }

    /// <summary>The legal basis in English.</summary>
    public string LegalBasisEn { get; init; }

    /// <summary>What the term is for, in Ukrainian.</summary>
    public string DescriptionUk { get; init; }

    /// <summary>What the term is for, in English.</summary>
    public string DescriptionEn { get; init; }

    /// <summary>The legal basis in the given language.</summary>
    public string LegalBasis(TextLanguage language) => language == TextLanguage.Ukrainian ? LegalBasisUk : LegalBasisEn;

    /// <summary>The description in the given language.</summary>
    public string Description(TextLanguage language) => language == TextLanguage.Ukrainian ? DescriptionUk : DescriptionEn;
}
