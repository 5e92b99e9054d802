namespace Council.Workflows.Printing;

/// <summary>
/// The council's details printed at the head of its letters and under them (the organisation's name is
/// <see cref="CouncilWorkflowsOptions.OrganisationName"/>). Every field is optional: a blank one is left out.
/// </summary>
public sealed class LetterheadOptions
{
    /// <summary>The postal address, such as "вул. Соборна, 1, м. Житомир, 10014".</summary>
    public string? Address { get; set; }

    /// <summary>The office's telephone.</summary>
    public string? Phone { get; set; }

    /// <summary>The office's e-mail.</summary>
    public string? Email { get; set; }

    /// <summary>The website.</summary>
    public string? Website { get; set; }

    /// <summary>The organisation's ЄДРПОУ code.</summary>
    public string? Code { get; set; }

    /// <summary>The position of the official who signs letters to applicants. The default value is "Міський голова".</summary>
    public string SignatoryPosition { get; set; } = "Міський голова";

    /// <summary>The name of the official who signs them (initial and surname, as signed); none leaves the line to be filled in.</summary>
    public string? SignatoryName { get; set; }

    /// <summary>
    /// The address of the council's public status page (<c>https://rada.example.gov.ua/status</c>), printed on the receipt
    /// beside the code, so the applicant knows where to look. The default value is none: the receipt says to ask the office.
    /// </summary>
    public string? StatusPage { get; set; }

    /// <summary>The details line under the organisation's name, its parts joined by commas.</summary>
    internal string? Details()
    {
        var parts = new List<string>();
        void Add(string? prefix, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parts.Add(prefix + value.Trim());
            }
        }

        Add(null, Address);
        Add("тел. ", Phone);
        Add("e-mail: ", Email);
        Add(null, Website);
        Add("код ЄДРПОУ ", Code);
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }

    internal void Validate(List<string> failures)
    {
        foreach (var (name, value) in new[] { ("Address", Address), ("Phone", Phone), ("Email", Email), ("Website", Website), ("Code", Code), ("SignatoryPosition", SignatoryPosition), ("SignatoryName", SignatoryName) })
        {
            if (value is not null && (value.Length > 300 || value.Any(char.IsControl)))
            {
                failures.Add($"Letterhead.{name}: {Texts.Get("Setting.OneLine")}");
            }
        }

        if (string.IsNullOrWhiteSpace(SignatoryPosition))
        {
            failures.Add($"Letterhead.SignatoryPosition: {Texts.Get("Setting.NotEmpty")}");
        }
    }
}
