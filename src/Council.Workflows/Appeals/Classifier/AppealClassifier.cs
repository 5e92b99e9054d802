using System.Text.Json;

namespace Council.Workflows.Appeals.Classifier;

/// <summary>
/// The Classifier of citizens' appeals (Cabinet of Ministers Resolution No. 858 of 24.09.2008) as data: part I, the
/// characteristics of an appeal in numbered sections (1 form of receipt, 2 first or repeated, 3 kind, 4 sex, 5 individual,
/// collective or anonymous, 6 type, 7 categories of authors, 8 social status, 9 results), and part II, the issues (topics).
/// The copy shipped as <see cref="Default"/> holds only what could be read of the official text (no topics, categories cut
/// off after 7.17, no social statuses); a council loads the full list it holds with <see cref="Load(string)"/> (the same
/// JSON shape), and the codes it stores are checked against the one loaded.
/// </summary>
public sealed class AppealClassifier
{
    private static readonly Lazy<AppealClassifier> Embedded = new(() =>
    {
        using var stream = typeof(AppealClassifier).Assembly.GetManifestResourceStream("Council.Workflows.Appeals.Classifier.appeals-classifier.json")
            ?? throw new InvalidOperationException("The classifier's default copy is missing from the assembly.");
        return Read(stream, "the classifier shipped with Council.Workflows");
    });

    private readonly Dictionary<string, ClassifierSection> _sections;
    private readonly Dictionary<string, ClassifierItem> _issues;

    private AppealClassifier(string source, IReadOnlyList<ClassifierSection> sections, IReadOnlyList<ClassifierItem> issues)
    {
        Source = source;
        Sections = sections;
        Issues = issues;
        _sections = sections.ToDictionary(s => s.Code, StringComparer.Ordinal);
        _issues = issues.ToDictionary(i => i.Code, StringComparer.Ordinal);
    }

    /// <summary>The sections of part I, the characteristics of an appeal.</summary>
    public IReadOnlyList<ClassifierSection> Sections { get; }

    /// <summary>The issues (topics) of part II; empty in the default copy.</summary>
    public IReadOnlyList<ClassifierItem> Issues { get; }

    /// <summary>Where the classifier came from: its own <c>source</c> line, or the file.</summary>
    public string Source { get; }

    /// <summary>The copy shipped with the library: the parts of the official text that could be read.</summary>
    public static AppealClassifier Default => Embedded.Value;

    /// <summary>The section with the code, such as <c>7</c>, if the classifier has it.</summary>
    public ClassifierSection? Section(string code) => _sections.GetValueOrDefault(code);

    /// <summary>The issue with the code, if the classifier has it.</summary>
    public ClassifierItem? Issue(string code) => _issues.GetValueOrDefault(code);

    /// <summary>
    /// Checks that <paramref name="code"/> is an item of the section <paramref name="sectionCode"/>: <see langword="null"/>
    /// when it is, else a message naming the section and listing its valid codes.
    /// </summary>
    public string? Check(string sectionCode, string code)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionCode);
        ArgumentNullException.ThrowIfNull(code);
        if (Section(sectionCode) is not { } section)
        {
            return Texts.Format("Classifier.no-section", sectionCode);
        }

        if (section.Item(code.Trim()) is not null)
        {
            return null;
        }

        return section.Items.Count == 0
            ? Texts.Format("Classifier.section-empty", code, section.Code, section.NameUk)
            : Texts.Format("Classifier.not-in-section", code, section.Code, section.NameUk, string.Join(", ", section.Items.Select(i => i.Code)));
    }

    /// <summary>Checks that <paramref name="code"/> is an issue (part II): <see langword="null"/> when it is, else why not.</summary>
    public string? CheckIssue(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (Issue(code.Trim()) is not null)
        {
            return null;
        }

        return Issues.Count == 0
            ? Texts.Format("Classifier.no-issues", code)
            : Texts.Format("Classifier.not-an-issue", code, string.Join(", ", Issues.Select(i => i.Code)));
    }

    /// <summary>Reads a classifier file (the shape of the default copy: <c>characteristics</c> and <c>issues</c>).</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="ClassifierFormatException">The file is not a classifier: the message says where and why.</exception>
    public static AppealClassifier Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException(Texts.Format("ClassifierFile.Missing", full), full);
        }

        using var stream = File.OpenRead(full);
        return Read(stream, full);
    }

    /// <summary>Reads a classifier from JSON text; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="ClassifierFormatException">The text is not a classifier.</exception>
    public static AppealClassifier Parse(string json, string source = "the classifier")
    {
        ArgumentNullException.ThrowIfNull(json);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        return Read(stream, source);
    }

    private static AppealClassifier Read(Stream stream, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new ClassifierFormatException(source, Texts.Format("ClassifierFile.NotJson", e.LineNumber + 1, e.Message));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("characteristics", out var characteristics) || characteristics.ValueKind != JsonValueKind.Array)
            {
                throw new ClassifierFormatException(source, Texts.Get("ClassifierFile.NoSections"));
            }

            var sections = new List<ClassifierSection>();
            foreach (var section in characteristics.EnumerateArray())
            {
                var code = Text(section, "code", source, Texts.Get("ClassifierFile.ASection")) ?? throw new ClassifierFormatException(source, Texts.Get("ClassifierFile.SectionNoCode"));
                var items = section.TryGetProperty("items", out var list) && list.ValueKind == JsonValueKind.Array
                    ? Items(list, source, Texts.Format("ClassifierFile.Section", code))
                    : [];
                if (sections.Any(s => s.Code == code))
                {
                    throw new ClassifierFormatException(source, Texts.Format("ClassifierFile.SectionTwice", code));
                }

                sections.Add(new ClassifierSection(code, Text(section, "name_uk", source, $"section {code}") ?? $"Розділ {code}", Text(section, "name_en", source, $"section {code}"), items));
            }

            var issues = root.TryGetProperty("issues", out var issueList) && issueList.ValueKind == JsonValueKind.Array
                ? Items(issueList, source, Texts.Get("ClassifierFile.TheIssues"))
                : [];
            var named = root.TryGetProperty("source", out var sourceLine) && sourceLine.ValueKind == JsonValueKind.String ? sourceLine.GetString()! : source;
            return new AppealClassifier(named, sections, issues);
        }
    }

    private static List<ClassifierItem> Items(JsonElement list, string source, string where)
    {
        var items = new List<ClassifierItem>();
        foreach (var item in list.EnumerateArray())
        {
            var code = Text(item, "code", source, where) ?? throw new ClassifierFormatException(source, Texts.Format("ClassifierFile.ItemNoCode", where));
            if (items.Any(i => i.Code == code))
            {
                throw new ClassifierFormatException(source, Texts.Format("ClassifierFile.CodeTwice", code, where));
            }

            // An item whose name could not be read (a cut-off copy) keeps its code: the code is what is stored and counted.
            var name = Text(item, "name_uk", source, where)
                ?? (Text(item, "seen_fragment_uk", source, where) is { } fragment ? $"{fragment}… (назву не прочитано)" : "(назву не прочитано)");
            items.Add(new ClassifierItem(code, name, Text(item, "name_en", source, where)));
        }

        return items;
    }

    private static string? Text(JsonElement element, string property, string source, string where)
    {
        if (!element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new ClassifierFormatException(source, Texts.Format("ClassifierFile.NotText", property, where));
        }

        var text = value.GetString()!.Trim();
        return text.Length == 0 ? null : text;
    }
}

/// <summary>A section of part I of the classifier, such as 7 "За категоріями авторів звернень".</summary>
/// <param name="Code">The code.</param>
/// <param name="NameUk">The name in Ukrainian.</param>
/// <param name="NameEn">The name in English, if given.</param>
/// <param name="Items">The items, in order.</param>
public sealed record ClassifierSection(string Code, string NameUk, string? NameEn, IReadOnlyList<ClassifierItem> Items)
{
    /// <summary>The item with the code, if the section has it.</summary>
    public ClassifierItem? Item(string code) => Items.FirstOrDefault(i => string.Equals(i.Code, code, StringComparison.Ordinal));
}

/// <summary>An item of the classifier: a code and its name.</summary>
/// <param name="Code">The code, such as <c>7.5</c>.</param>
/// <param name="NameUk">The name in Ukrainian (for an item whose name was not readable, what was seen of it).</param>
/// <param name="NameEn">The name in English, if given.</param>
public sealed record ClassifierItem(string Code, string NameUk, string? NameEn);

/// <summary>A classifier file that is not one: the message says which file and why.</summary>
public sealed class ClassifierFormatException(string source, string reason)
    : Exception(Texts.Format("ClassifierFile.Not", source, reason));
