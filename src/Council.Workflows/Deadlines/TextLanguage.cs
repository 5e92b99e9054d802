namespace Council.Workflows.Deadlines;

/// <summary>The language of texts meant for people: explanations, minutes, reports.</summary>
public enum TextLanguage
{
    /// <summary>Ukrainian, the language of the council's records.</summary>
    Ukrainian,

    /// <summary>English.</summary>
    English,
}
