using System.Runtime.CompilerServices;
using Ardalis.GuardClauses;
using Council.Workflows.Engine;
using Council.Workflows.Stores;
using Dapper;
using Npgsql;

namespace Council.Workflows.PostgreSql;

public sealed partial class PostgreSqlCaseStore
{
    /// <inheritdoc />
    /// <remarks>
    /// PostgreSQL's own text search over a GIN index: each case's indexed words are one <c>tsvector</c> of exact lexemes
    /// (<c>field_word</c>, as the case folded them: the store does not fold them again, so a word matches what it matches in
    /// the scan and in the SQLite store). A criterion with <see cref="WordCriterion.Accepts"/> is first matched against the
    /// field's vocabulary and asks for any word it accepts; every criterion must hold. The query is built of quoted lexemes,
    /// so nothing a clerk types is <c>tsquery</c> syntax. The fields are returned as the commit wrote them, oldest case first.
    /// </remarks>
    public async IAsyncEnumerable<CaseDocument> SearchAsync(CaseTextQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(query);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var match = await MatchAsync(connection, query, cancellationToken).ConfigureAwait(false);
        if (match == "")
        {
            yield break;
        }

        var sql = "SELECT d.case_id AS Id, c.state AS State, d.fields AS Fields FROM search_docs d JOIN cases c ON c.council = d.council AND c.id = d.case_id " +
            "WHERE d.council = @council AND d.kind = @kind" + (match is null ? "" : " AND d.words @@ @match::tsquery") + " ORDER BY c.created_at, c.id";
        await foreach (var doc in StreamAsync<SearchDocDto>(connection, sql, new { council = _council, kind = query.Kind, match = match ?? "" }, cancellationToken).ConfigureAwait(false))
        {
            yield return new CaseDocument(new CaseId(doc.Id), doc.State, SearchFieldsText.Decode(doc.Fields));
        }
    }

    // The tsquery of the criteria: null when none narrows (every document), "" when one accepts no word at all (no case).
    // Internal for the tests.
    internal async Task<string?> MatchAsync(NpgsqlConnection connection, CaseTextQuery query, CancellationToken cancellationToken)
    {
        var vocabularies = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var clauses = new List<string>();
        foreach (var criterion in query.Words)
        {
            List<string> terms;
            if (criterion.Accepts is null)
            {
                terms = [criterion.Word];
            }
            else
            {
                if (!vocabularies.TryGetValue(criterion.Field, out var vocabulary))
                {
                    vocabulary = (await connection.QueryAsync<string>(new CommandDefinition(
                        "SELECT term FROM search_terms WHERE council = @council AND field = @field", new { council = _council, field = criterion.Field },
                        cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
                    vocabularies[criterion.Field] = vocabulary;
                }

                terms = [.. vocabulary.Where(criterion.Accepted)];
            }

            // A word with a space (or none at all) is no word of any field: nothing meets the criterion.
            terms.RemoveAll(t => t.Length == 0 || t.Contains(' ', StringComparison.Ordinal));
            if (terms.Count == 0)
            {
                return "";
            }

            if (terms.Count <= SearchFieldsText.MaxTerms)
            {
                clauses.Add("(" + string.Join(" | ", terms.Select(t => SearchDocs.Quoted(SearchDocs.Lexeme(criterion.Field, t)))) + ")");
            }
        }

        return clauses.Count == 0 ? null : string.Join(" & ", clauses);
    }
}
