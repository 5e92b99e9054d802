using System.Text;
using Council.Workflows.Engine;
using Council.Workflows.Stores;

namespace Council.Workflows.Sqlite;

// The search documents of schema 9: the words for the FTS5 index made from the fields (encoded as both stores encode them:
// SearchFieldsText, src/Shared) and the FTS5 query of one word.
internal static class SearchDocs
{
    // Each word of an indexed field, prefixed with the field's name: one FTS5 document a case.
    public static string IndexedWords(IReadOnlyList<SearchField> fields)
    {
        var words = new StringBuilder();
        foreach (var (field, word) in SearchFieldsText.Words(fields))
        {
            words.Append(field).Append('_').Append(word).Append(' ');
        }

        return words.ToString();
    }

    // One word of a field as an FTS5 string (a phrase of the tokens it makes): nothing in it is FTS5 syntax.
    public static string Phrase(string field, string word) => "\"" + (field + "_" + word).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
