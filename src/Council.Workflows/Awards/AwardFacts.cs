using System.Text.Json;
using System.Text.Json.Serialization;

namespace Council.Workflows.Awards;

/// <summary>What the year report counts of a nominee (dates as yyyymmdd numbers).</summary>
internal sealed record NomineeFigures(string Category, NomineeStatus Status, int? ReviewedOn, bool? Awarded, string? Award, int? GrantedOn)
{
    public static NomineeFigures Of(Nominee n) => new(
        n.Category, n.Status, n.ReviewedOn is { } r ? DatedTimeline.Number(r) : null, n.Grant?.Awarded, n.Grant?.Award, n.Grant is { } g ? DatedTimeline.Number(g.On) : null);
}

/// <summary>What the year report counts of a petition.</summary>
internal sealed record PetitionFigures(NomineeFigures[] Nominees)
{
    public static PetitionFigures Of(Petition p) => new([.. p.Nominees.Select(NomineeFigures.Of)]);
}

/// <summary>What the year report counts of a commission meeting.</summary>
internal sealed record MeetingFigures(MeetingState State, int ScheduledOn, Guid[] Agenda)
{
    public static MeetingFigures Of(CommissionMeeting m) => new(m.State, DatedTimeline.Number(m.ScheduledOn), [.. m.Agenda.Select(a => a.Petition.Value)]);
}

/// <summary>One entry of a timeline: the act's date (Unix ticks) and the figures after it.</summary>
internal sealed record DatedFigures<TFigures>(long T, TFigures F);

[JsonSerializable(typeof(List<DatedFigures<PetitionFigures>>))]
[JsonSerializable(typeof(List<DatedFigures<MeetingFigures>>))]
[JsonSerializable(typeof(PetitionFigures))]
[JsonSerializable(typeof(MeetingFigures))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class AwardFactsJson : JsonSerializerContext
{
    // Names and ids as they are (UTF-8), not \u-escaped: facts are read back by the reports, never put into a page.
    public static AwardFactsJson Relaxed { get; } = new(new JsonSerializerOptions { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}

/// <summary>
/// A case's figures after each act that changed them, with the act's date: as it stood at an instant, the last dated before
/// it (what replaying the acts before it gives, while the acts are in date order; otherwise the case gives no facts).
/// </summary>
internal sealed class DatedTimeline<T>
    where T : class
{
    private readonly List<DatedFigures<T>> _entries;
    private readonly string? _last;

    private DatedTimeline(List<DatedFigures<T>> entries, string? last, bool inOrder)
    {
        _entries = entries;
        _last = last;
        InOrder = inOrder;
    }

    public static DatedTimeline<T> Empty { get; } = new([], null, true);

    public bool InOrder { get; }

    public T? AsOf(Instant at)
    {
        var ticks = at.ToUnixTimeTicks();
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (_entries[i].T < ticks)
            {
                return _entries[i].F;
            }
        }

        return null;
    }

    // Figures that read the same as the last are not kept again (their lists compare by reference, their text by value).
    public DatedTimeline<T> After(Instant at, T figures, Instant? previousAt)
    {
        var inOrder = InOrder && (previousAt is not { } p || at >= p);
        var text = JsonSerializer.Serialize(figures, typeof(T), AwardFactsJson.Relaxed);
        return text == _last && inOrder == InOrder
            ? this
            : new DatedTimeline<T>(text == _last ? _entries : [.. _entries, new DatedFigures<T>(at.ToUnixTimeTicks(), figures)], text, inOrder);
    }

    public string Encode() => JsonSerializer.Serialize(_entries, typeof(List<DatedFigures<T>>), AwardFactsJson.Relaxed);

    /// <summary>
    /// The figures as they stood at <paramref name="at"/> straight from the text: the entries are scanned for their dates and
    /// only the one in force is read (what <see cref="AsOf"/> gives of the whole timeline, without reading the others).
    /// </summary>
    /// <exception cref="JsonException">The text is not such a timeline.</exception>
    public static T? DecodeAsOf(string text, Instant at)
    {
        var ticks = at.ToUnixTimeTicks();
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var r = new Utf8JsonReader(bytes);
        if (!r.Read() || r.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("No facts.");
        }

        (int Start, int Length)? chosen = null;
        while (r.Read() && r.TokenType == JsonTokenType.StartObject)
        {
            long? t = null;
            (int, int)? figures = null;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                var isT = r.ValueTextEquals("T"u8);
                var isF = r.ValueTextEquals("F"u8);
                if (!r.Read())
                {
                    throw new JsonException("The facts end too soon.");
                }

                if (isT)
                {
                    t = r.GetInt64();
                }
                else
                {
                    var start = (int)r.TokenStartIndex;
                    r.Skip();
                    if (isF)
                    {
                        figures = (start, (int)r.BytesConsumed - start);
                    }
                }
            }

            if (t is not { } entryTicks || figures is null)
            {
                throw new JsonException("An entry of the facts lacks its date or figures.");
            }

            if (entryTicks < ticks)
            {
                chosen = figures;
            }
        }

        return chosen is { } f ? (T?)JsonSerializer.Deserialize(bytes.AsSpan(f.Start, f.Length), typeof(T), AwardFactsJson.Relaxed) : null;
    }

    public override bool Equals(object? obj) => obj is DatedTimeline<T> other && other.InOrder == InOrder && other._entries.Count == _entries.Count && other._last == _last;

    public override int GetHashCode() => HashCode.Combine(_entries.Count, InOrder);
}

internal static class DatedTimeline
{
    public static int Number(LocalDate date) => (date.Year * 10000) + (date.Month * 100) + date.Day;

    public static int Year(int number) => number / 10000;
}
