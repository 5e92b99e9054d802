using System.Security.Cryptography;
using System.Text;
using Council.Workflows.Engine;
using Council.Workflows.Stores;

namespace Council.Workflows.PostgreSql;

// Search documents: the lexemes of the tsvector made from the fields (encoded as both stores encode them: SearchFieldsText,
// src/Shared) and the tsquery text of one lexeme.
internal static class SearchDocs
{
    // A lexeme longer than this (bytes) is indexed and asked for by its hash: PostgreSQL refuses lexemes of 2 KB and more.
    private const int MaxLexemeBytes = 1000;

    // The document's lexemes: each word of an indexed field prefixed with the field's name, taken as it is (the case folded
    // it already), so a word matches exactly what the case gave and nothing the text search parser would split or change.
    public static string[] Lexemes(IReadOnlyList<SearchField> fields) =>
        [.. SearchFieldsText.Words(fields).Select(w => Lexeme(w.Field, w.Word)).Distinct(StringComparer.Ordinal)];

    // The lexemes of a document's fields as search_docs keeps them (a council's store copy makes them so from a file's rows).
    public static string[] Lexemes(string encodedFields) => Lexemes(SearchFieldsText.Decode(encodedFields));

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
}
