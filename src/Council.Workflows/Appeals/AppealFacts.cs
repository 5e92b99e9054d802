using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Council.Workflows.Appeals;

/// <summary>What the reports count of an appeal as it stood after one of its acts.</summary>
internal sealed record AppealFigures
{
    public static AppealFigures None { get; } = new();

    public AppealState State { get; init; }

    public LocalDate ReceivedOn { get; init; }

    public AppealKind Kind { get; init; }

    public AppealChannel Channel { get; init; }

    // Math.Max(signatories, applicants): the citizens the statutory table counts.
    public int Citizens { get; init; }

    public bool Collective { get; init; }

    public bool Repeated { get; init; }

    public string? AuthorCategory { get; init; }

    // The first issue code on the card: the topic annex counts by it.
    public string? Issue { get; init; }

    public string? Executor { get; init; }

    public bool Extended { get; init; }

    public Instant LapsesAt { get; init; }

    public AnswerFigures? Answer { get; init; }

    public bool IsAwaitingAnswer => State is AppealState.Registered or AppealState.UnderConsideration;

    public bool IsOpen => IsAwaitingAnswer || State is AppealState.LateComplaint or AppealState.RestorationRequested or AppealState.Answered;

    public bool IsOverdueAt(Instant at) => IsAwaitingAnswer && at >= LapsesAt;

    public static AppealFigures Of(Appeal appeal) => new()
    {
        State = appeal.State,
        ReceivedOn = appeal.ReceivedOn,
        Kind = appeal.AppealKind,
        Channel = appeal.Channel,
        Citizens = Math.Max(appeal.Signatories, appeal.Applicants.Count),
        Collective = appeal.IsCollective,
        Repeated = appeal.IsRepeated,
        AuthorCategory = appeal.Card.AuthorCategory,
        Issue = appeal.Card.Issues.Count > 0 ? appeal.Card.Issues[0] : null,
        Executor = appeal.Executor,
        Extended = appeal.Extended,
        LapsesAt = appeal.Deadline.LapsesAt,
        Answer = appeal.Answer is { } a ? new AnswerFigures(a.AnsweredOn, a.OnTime, a.Outcome, a.ResultCode) : null,
    };
}

/// <summary>What the reports count of a final answer.</summary>
internal sealed record AnswerFigures(LocalDate AnsweredOn, bool OnTime, AnswerOutcome Outcome, string? ResultCode);

/// <summary>
/// An appeal's figures after each act that changed them, with the act's date (<c>At</c>): the figures as the appeal stood at
/// any instant are the last ones dated before it, which is what replaying the acts dated before that instant gives, as long
/// as the acts are in date order (<see cref="InOrder"/>; otherwise the appeal gives no facts and reports replay it).
/// </summary>
internal sealed class AppealTimeline
{
    public static AppealTimeline Empty { get; } = new([], true);

    private readonly (Instant At, AppealFigures Figures)[] _entries;

    private AppealTimeline((Instant At, AppealFigures Figures)[] entries, bool inOrder)
    {
        _entries = entries;
        InOrder = inOrder;
    }

    public bool InOrder { get; }

    public IReadOnlyList<(Instant At, AppealFigures Figures)> Entries => _entries;

    // Two appeals replayed from one history are equal: so are their timelines.
    public override bool Equals(object? obj) => obj is AppealTimeline other && other.InOrder == InOrder && other._entries.AsSpan().SequenceEqual(_entries);

    public override int GetHashCode() => HashCode.Combine(_entries.Length, InOrder);

    /// <summary>The figures as registered (the first act).</summary>
    public AppealFigures? First => _entries.Length > 0 ? _entries[0].Figures : null;

    /// <summary>The figures as they stood at <paramref name="at"/> (the acts dated before it), or null when none was.</summary>
    public AppealFigures? AsOf(Instant at)
    {
        for (var i = _entries.Length - 1; i >= 0; i--)
        {
            if (_entries[i].At < at)
            {
                return _entries[i].Figures;
            }
        }

        return null;
    }

    /// <summary>The timeline after one more act: an entry only when the figures changed.</summary>
    public AppealTimeline After(Instant at, AppealFigures figures, Instant? previousAt)
    {
        var inOrder = InOrder && (previousAt is not { } p || at >= p);
        if (_entries.Length > 0 && _entries[^1].Figures == figures)
        {
            return inOrder == InOrder ? this : new AppealTimeline(_entries, inOrder);
        }

        return new AppealTimeline([.. _entries, (at, figures)], inOrder);
    }

    // The text form: a JSON array with one object per entry, "t" its date (Unix ticks) and only the figures that changed
    // since the entry before (the first against no figures). Enums are written as their numbers: a change of an enum's
    // members is a new row version of the appeal workflow, which rewrites every appeal's facts.
    // Names as they are (UTF-8), not \u-escaped: facts are read back by the store's reports, never put into a page.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Encode()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartArray();
            var before = AppealFigures.None;
            foreach (var (at, f) in _entries)
            {
                w.WriteStartObject();
                w.WriteNumber("t", at.ToUnixTimeTicks());
                if (f.State != before.State)
                {
                    w.WriteNumber("s", (int)f.State);
                }

                if (f.ReceivedOn != before.ReceivedOn)
                {
                    w.WriteNumber("r", DateNumber(f.ReceivedOn));
                }

                if (f.Kind != before.Kind)
                {
                    w.WriteNumber("k", (int)f.Kind);
                }

                if (f.Channel != before.Channel)
                {
                    w.WriteNumber("c", (int)f.Channel);
                }

                if (f.Citizens != before.Citizens)
                {
                    w.WriteNumber("n", f.Citizens);
                }

                if (f.Collective != before.Collective)
                {
                    w.WriteBoolean("l", f.Collective);
                }

                if (f.Repeated != before.Repeated)
                {
                    w.WriteBoolean("p", f.Repeated);
                }

                if (f.AuthorCategory != before.AuthorCategory)
                {
                    w.WriteString("g", f.AuthorCategory);
                }

                if (f.Issue != before.Issue)
                {
                    w.WriteString("i", f.Issue);
                }

                if (f.Executor != before.Executor)
                {
                    w.WriteString("e", f.Executor);
                }

                if (f.Extended != before.Extended)
                {
                    w.WriteBoolean("x", f.Extended);
                }

                if (f.LapsesAt != before.LapsesAt)
                {
                    w.WriteNumber("d", f.LapsesAt.ToUnixTimeTicks());
                }

                if (f.Answer != before.Answer)
                {
                    if (f.Answer is { } a)
                    {
                        w.WriteStartArray("a");
                        w.WriteNumberValue(DateNumber(a.AnsweredOn));
                        w.WriteBooleanValue(a.OnTime);
                        w.WriteNumberValue((int)a.Outcome);
                        w.WriteStringValue(a.ResultCode);
                        w.WriteEndArray();
                    }
                    else
                    {
                        w.WriteNull("a");
                    }
                }

                w.WriteEndObject();
                before = f;
            }

            w.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads back what <see cref="Encode"/> wrote.</summary>
    /// <exception cref="FormatException">The text is not an appeal's facts.</exception>
    public static AppealTimeline Decode(string text)
    {
        // Every figure carries over from the entry before until an entry changes it; one record is made per entry.
        var bytes = Encoding.UTF8.GetBytes(text);
        var r = new Utf8JsonReader(bytes);
        var entries = new List<(Instant, AppealFigures)>(4);
        Expect(ref r, JsonTokenType.StartArray);
        var state = default(AppealState);
        var receivedOn = default(LocalDate);
        var kind = default(AppealKind);
        var channel = default(AppealChannel);
        int citizens = 0;
        bool collective = false, repeated = false, extended = false;
        string? category = null, issue = null, executor = null;
        var lapsesAt = default(Instant);
        AnswerFigures? answer = null;
        while (Next(ref r) == JsonTokenType.StartObject)
        {
            var at = Instant.MinValue;
            while (Next(ref r) == JsonTokenType.PropertyName)
            {
                var name = r.ValueSpan.Length == 1 ? (char)r.ValueSpan[0] : '?';
                Next(ref r);
                switch (name)
                {
                    case 't':
                        at = Instant.FromUnixTimeTicks(r.GetInt64());
                        break;
                    case 's':
                        state = (AppealState)r.GetInt32();
                        break;
                    case 'r':
                        receivedOn = FromDateNumber(r.GetInt32());
                        break;
                    case 'k':
                        kind = (AppealKind)r.GetInt32();
                        break;
                    case 'c':
                        channel = (AppealChannel)r.GetInt32();
                        break;
                    case 'n':
                        citizens = r.GetInt32();
                        break;
                    case 'l':
                        collective = r.GetBoolean();
                        break;
                    case 'p':
                        repeated = r.GetBoolean();
                        break;
                    case 'g':
                        category = StringOrNull(ref r);
                        break;
                    case 'i':
                        issue = StringOrNull(ref r);
                        break;
                    case 'e':
                        executor = StringOrNull(ref r);
                        break;
                    case 'x':
                        extended = r.GetBoolean();
                        break;
                    case 'd':
                        lapsesAt = Instant.FromUnixTimeTicks(r.GetInt64());
                        break;
                    case 'a' when r.TokenType == JsonTokenType.Null:
                        answer = null;
                        break;
                    case 'a':
                        Next(ref r);
                        var on = FromDateNumber(r.GetInt32());
                        Next(ref r);
                        var onTime = r.GetBoolean();
                        Next(ref r);
                        var outcome = (AnswerOutcome)r.GetInt32();
                        Next(ref r);
                        var code = StringOrNull(ref r);
                        Expect(ref r, JsonTokenType.EndArray);
                        answer = new AnswerFigures(on, onTime, outcome, code);
                        break;
                    default:
                        throw new FormatException($"Unknown appeal fact '{r.GetString()}'.");
                }
            }

            entries.Add((at, new AppealFigures
            {
                State = state, ReceivedOn = receivedOn, Kind = kind, Channel = channel, Citizens = citizens, Collective = collective,
                Repeated = repeated, AuthorCategory = category, Issue = issue, Executor = executor, Extended = extended,
                LapsesAt = lapsesAt, Answer = answer,
            }));
        }

        return new AppealTimeline([.. entries], true);
    }

    private static string? StringOrNull(ref Utf8JsonReader r) => r.TokenType == JsonTokenType.Null ? null : r.GetString();

    private static JsonTokenType Next(ref Utf8JsonReader r) =>
        r.Read() ? r.TokenType : throw new FormatException("The appeal's facts end too soon.");

    private static void Expect(ref Utf8JsonReader r, JsonTokenType type)
    {
        if (Next(ref r) != type)
        {
            throw new FormatException($"The appeal's facts have {r.TokenType} where {type} was expected.");
        }
    }

    private static int DateNumber(LocalDate date) => (date.Year * 10000) + (date.Month * 100) + date.Day;

    private static LocalDate FromDateNumber(int n) => n == 0 ? default : new LocalDate(n / 10000, n / 100 % 100, n % 100);
}
