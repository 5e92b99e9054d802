using System.Security.Cryptography;
using System.Text;
using Council.Workflows.Engine;

namespace Council.Workflows.PostgreSql;

// Search documents: fields encoded for search_docs (as the SQLite store encodes them), the lexemes of the tsvector, the
// vocabulary's terms, and the tsquery of a search's criteria.
internal static class SearchDocs
{
    private const char FieldSeparator = '\u001e';
    private const char PartSeparator = '\u001f';

    // A lexeme longer than this (bytes) is indexed and asked for by its hash: PostgreSQL refuses lexemes of 2 KB and more.
    private const int MaxLexemeBytes = 1000;

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

    // The document's lexemes: each word of an indexed field prefixed with the field's name, taken as it is (the case folded
    // it already), so a word matches exactly what the case gave and nothing the text search parser would split or change.
    public static string[] Lexemes(IReadOnlyList<SearchField> fields) => [.. Words(fields).Select(w => Lexeme(w.Field, w.Word)).Distinct(StringComparer.Ordinal)];

    public static string Lexeme(string field, string word)
    {
        var lexeme = field + "_" + word;
        return Encoding.UTF8.GetByteCount(lexeme) <= MaxLexemeBytes
            ? lexeme
            : field + "_#" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(word)));
    }

    // One lexeme as tsquery text: quoted, its quotes doubled and backslashes escaped, so nothing in it is tsquery syntax.
    public static string Quoted(string lexeme) =>
        "'" + lexeme.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";

    public static HashSet<(string Field, string Term)> Terms(IReadOnlyList<SearchField> fields) => [.. Words(fields)];

    private static IEnumerable<(string Field, string Word)> Words(IReadOnlyList<SearchField> fields) =>
        fields.Where(f => f.Indexed).SelectMany(f => f.Words().Select(w => (f.Name, w)));
}
