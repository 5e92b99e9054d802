using System.Text;
using Council.Workflows.Engine;

namespace Council.Workflows.Stores;

// Shared by the stores (compiled into each; src/Shared). A search document's fields as both stores keep them in
// search_docs (so a copy from one into the other moves them as they are): each field its name, whether it is indexed and its
// text; and the words of its indexed fields, from which each store makes its own index.
internal static class SearchFieldsText
{
    private const char FieldSeparator = '\u001e';
    private const char PartSeparator = '\u001f';

    // A criterion that accepts more words of the vocabulary than this is not asked of the index (the query would be slower
    // than reading the other criteria's candidates): the caller's check decides it.
    public const int MaxTerms = 4000;

    public static string Encode(IReadOnlyList<SearchField> fields)
    {
        var text = new StringBuilder();
        foreach (var f in fields)
        {
            if (text.Length > 0)
            {
                text.Append(FieldSeparator);
            }

            text.Append(Clean(f.Name)).Append(PartSeparator).Append(f.Indexed ? '1' : '0').Append(Clean(f.Text));
        }

        return text.ToString();

        static string Clean(string s) => s.Contains(FieldSeparator, StringComparison.Ordinal) || s.Contains(PartSeparator, StringComparison.Ordinal)
            ? s.Replace(FieldSeparator, ' ').Replace(PartSeparator, ' ')
            : s;
    }

    public static IReadOnlyList<SearchField> Decode(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var parts = text.Split(FieldSeparator);
        var fields = new SearchField[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var at = parts[i].IndexOf(PartSeparator, StringComparison.Ordinal);
            fields[i] = new SearchField(parts[i][..at], parts[i][(at + 2)..], parts[i][at + 1] == '1');
        }

        return fields;
    }

    public static bool IndexedEqual(IReadOnlyList<SearchField> a, IReadOnlyList<SearchField> b) =>
        a.Where(f => f.Indexed).SequenceEqual(b.Where(f => f.Indexed));

    // The vocabulary's terms of a document: each word of an indexed field, with the field's name.
    public static HashSet<(string Field, string Term)> Terms(IReadOnlyList<SearchField> fields) => [.. Words(fields)];

    public static IEnumerable<(string Field, string Word)> Words(IReadOnlyList<SearchField> fields) =>
        fields.Where(f => f.Indexed).SelectMany(f => f.Words().Select(w => (f.Name, w)));
}
