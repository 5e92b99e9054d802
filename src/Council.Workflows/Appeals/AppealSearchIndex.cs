using System.Globalization;
using Council.Workflows.Engine;

namespace Council.Workflows.Appeals;

// An appeal's search fields (what the store's word index holds for it) and a search checked against them: the same
// criteria and ranking as AppealQueries.ScanAsync applies to loaded appeals, so an indexed search needs to load only the
// page it shows. Tests hold the two to the same hits.
internal static class AppealSearchIndex
{
    public const string Applicant = "applicant";
    public const string Address = "address";
    public const string Subject = "subject";
    public const string Index = "index";
    public const string Executor = "executor";
    public const string Code = "code";
    public const string Received = "received";
    public const string Due = "due";
    public const string Number = "number";

    // One field per applicant's name and address (so a name's words stay together), the subject, the index, the executor
    // and each classifier code, all folded; the dates and number, unindexed, for the filters and the ranking.
    public static IReadOnlyList<SearchField> FieldsOf(Appeal appeal)
    {
        var fields = new List<SearchField>(8 + (2 * appeal.Applicants.Count));
        foreach (var applicant in appeal.Applicants)
        {
            fields.Add(new SearchField(Applicant, SearchText.Fold(applicant.FullName)));
            if (applicant.Address is { } address)
            {
                fields.Add(new SearchField(Address, SearchText.Fold(address)));
            }
        }

        fields.Add(new SearchField(Subject, SearchText.Fold(appeal.Subject)));
        fields.Add(new SearchField(Index, SearchText.Fold(appeal.Index)));
        if (appeal.Executor is { } executor)
        {
            fields.Add(new SearchField(Executor, SearchText.Fold(executor)));
        }

        foreach (var code in CodesOf(appeal))
        {
            fields.Add(new SearchField(Code, code));
        }

        fields.Add(new SearchField(Received, Iso(appeal.ReceivedOn), Indexed: false));
        fields.Add(new SearchField(Due, Iso(appeal.Deadline.DueOn), Indexed: false));
        fields.Add(new SearchField(Number, appeal.Number.ToString(CultureInfo.InvariantCulture), Indexed: false));
        return fields;
    }

    private static IEnumerable<string> CodesOf(Appeal appeal)
    {
        var card = appeal.Card;
        foreach (var code in (string?[])[card.AuthorCategory, card.SocialStatus, card.Sex, .. card.Issues, appeal.Answer?.ResultCode])
        {
            if (code is not null)
            {
                yield return code;
            }
        }
    }

    private static string Iso(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

    private static LocalDate ParseIso(string text) =>
        NodaTime.Text.LocalDatePattern.Iso.Parse(text).GetValueOrThrow();

    /// <summary>A search compiled once: its folded words, the store's criteria, and the check of one document.</summary>
    public sealed class Compiled
    {
        private readonly AppealSearch _search;
        private readonly string[] _applicant;
        private readonly string[] _address;
        private readonly string[] _text;
        private readonly string? _index;
        private readonly string[] _executor;
        private readonly string? _code;
        private readonly string? _state;

        public Compiled(AppealSearch search)
        {
            _search = search;
            _applicant = SearchText.Words(search.Applicant);
            _address = SearchText.Stems(search.Address);
            _text = SearchText.Stems(search.Text);
            _index = search.Index is { } wanted ? SearchText.Fold(wanted).Replace(" ", "-", StringComparison.Ordinal) : null;
            _executor = SearchText.Words(search.Executor);
            _code = search.Code?.Trim();
            _state = search.State is { } state ? KebabCase.Of(state) : null;
        }

        // What the store's index can narrow: each word of a name (equal, a prefix, or misspelt as Match allows), each word of
        // the address, subject and executor (within a word), the index's words and the code's first word (equal). A case
        // that meets the search meets every one of these; the store may return more, and Score decides.
        public CaseTextQuery Query()
        {
            var words = new List<WordCriterion>();
            foreach (var w in _applicant)
            {
                words.Add(new WordCriterion(Applicant, w) { Accepts = x => SearchText.Match(w, x) > 0 });
            }

            Within(Address, _address);
            Within(Subject, _text);
            Within(Executor, _executor);
            if (_index is not null)
            {
                words.AddRange(_index.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(w => new WordCriterion(Index, w)));
            }

            if (_code?.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var first, ..])
            {
                words.Add(new WordCriterion(Code, first));
            }

            return new CaseTextQuery(Appeal.CaseKind, words);

            void Within(string field, string[] wanted) =>
                words.AddRange(wanted.Select(w => new WordCriterion(field, w) { Accepts = x => x.Contains(w, StringComparison.Ordinal) }));
        }

        // The score of a document (0: not a hit), by the scan's rules on the appeal's fields; see AppealQueries.ScanAsync.
        public Hit? Check(CaseId id, string state, IReadOnlyList<SearchField> fields)
        {
            if (_state is not null && state != _state)
            {
                return null;
            }

            var names = new List<string[]>();
            var address = new List<string>();
            var codes = new List<string>();
            string[] subject = [], executor = [];
            string index = "";
            LocalDate received = default, due = default;
            long number = 0;
            foreach (var f in fields)
            {
                switch (f.Name)
                {
                    case Applicant: names.Add(f.Words()); break;
                    case Address: address.AddRange(f.Words()); break;
                    case Subject: subject = f.Words(); break;
                    case Index: index = f.Text.Replace(" ", "-", StringComparison.Ordinal); break;
                    case Executor: executor = f.Words(); break;
                    case Code: codes.Add(f.Text); break;
                    case Received: received = ParseIso(f.Text); break;
                    case Due: due = ParseIso(f.Text); break;
                    case Number: number = long.Parse(f.Text, CultureInfo.InvariantCulture); break;
                    default: break;
                }
            }

            var s = _search;
            if ((s.ReceivedFrom is { } rf && received < rf) || (s.ReceivedTo is { } rt && received > rt)
                || (s.DueFrom is { } df && due < df) || (s.DueTo is { } dt && due > dt)
                || (_index is not null && index != _index)
                || (_executor.Length > 0 && !AllIn(_executor, executor))
                || (_address.Length > 0 && !AllIn(_address, [.. address]))
                || (_text.Length > 0 && !AllIn(_text, subject))
                || (_code is not null && !codes.Contains(_code)))
            {
                return null;
            }

            var score = 1.0;
            if (_applicant.Length > 0)
            {
                score = names.Max(n => NameScore(_applicant, n));
                if (score <= 0)
                {
                    return null;
                }
            }

            return new Hit(id, score, received, number);
        }
    }

    public sealed record Hit(CaseId Id, double Score, LocalDate ReceivedOn, long Number);

    public static bool AllIn(string[] wanted, string[] words) => wanted.All(w => words.Any(x => x.Contains(w, StringComparison.Ordinal)));

    // Every word asked for matches a word of the name; the score is the weakest match.
    public static double NameScore(string[] wanted, string[] name)
    {
        var score = 1.0;
        foreach (var w in wanted)
        {
            var best = name.Length == 0 ? 0 : name.Max(n => SearchText.Match(w, n));
            if (best <= 0)
            {
                return 0;
            }

            score = Math.Min(score, best);
        }

        return score;
    }
}
