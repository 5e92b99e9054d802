using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime.Text;

namespace Council.Workflows.Engine;

/// <summary>
/// What a timer is for, as typed values: its <see cref="Purpose"/> (such as <c>reminder-3wd</c>, <c>deadline-missed</c>,
/// <c>review-reminder-7d</c>) and the date it <see cref="About">is about</see> (the due date a reminder warns of, or the
/// deadline a missed-deadline timer records). A workflow reads the two fields; nothing parses dates back out of text.
/// Stored and shown as <c>purpose:yyyy-MM-dd</c> (<see cref="ToString"/>), the form stored timers and their firing ids have
/// always used, so a timer stored before this type existed fires under the same id.
/// </summary>
[JsonConverter(typeof(TimerKindJsonConverter))]
public readonly struct TimerKind : IEquatable<TimerKind>
{
    private readonly string? _text;

    /// <summary>Creates a kind.</summary>
    /// <param name="purpose">What the timer is for: not blank, without <c>:</c>.</param>
    /// <param name="about">The date it is about, if one.</param>
    /// <exception cref="ArgumentException">The purpose is blank or holds a <c>:</c>.</exception>
    public TimerKind(string purpose, LocalDate? about = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        if (purpose.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"A timer's purpose holds no ':' (the date is its own field): '{purpose}'.", nameof(purpose));
        }

        Purpose = purpose;
        About = about;
        _text = about is { } date ? $"{purpose}:{date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture)}" : purpose;
    }

    private TimerKind(string purpose, LocalDate? about, string text) => (Purpose, About, _text) = (purpose, about, text);

    /// <summary>What the timer is for.</summary>
    public string Purpose { get; }

    /// <summary>The date the timer is about, if one.</summary>
    public LocalDate? About { get; }

    /// <summary>
    /// Reads a kind as stored (<c>purpose</c> or <c>purpose:yyyy-MM-dd</c>). Text whose part after the last <c>:</c> is not
    /// an ISO date is kept whole as the purpose, so nothing stored is lost.
    /// </summary>
    public static TimerKind Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var colon = text.LastIndexOf(':');
        if (colon > 0 && LocalDatePattern.Iso.Parse(text[(colon + 1)..]) is { Success: true } date)
        {
            return new TimerKind(text[..colon], date.Value, text);
        }

        return new TimerKind(text, null, text);
    }

    /// <summary>The same purpose about another date.</summary>
    public TimerKind WithPurpose(string purpose) => new(purpose, About);

    /// <summary>The stored form: <c>purpose:yyyy-MM-dd</c>, or the purpose alone.</summary>
    public override string ToString() => _text ?? Purpose ?? "";

    /// <inheritdoc />
    public bool Equals(TimerKind other) => string.Equals(Purpose, other.Purpose, StringComparison.Ordinal) && About == other.About;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TimerKind other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Purpose, About);

    /// <summary>Orders kinds as their stored text orders (ordinal), as the stores list a case's timers due at one instant.</summary>
    public static int CompareOrdinal(TimerKind a, TimerKind b) => string.CompareOrdinal(a.ToString(), b.ToString());

    /// <summary>Equal kinds.</summary>
    public static bool operator ==(TimerKind left, TimerKind right) => left.Equals(right);

    /// <summary>Different kinds.</summary>
    public static bool operator !=(TimerKind left, TimerKind right) => !left.Equals(right);
}

/// <summary>Writes a <see cref="TimerKind"/> as its stored text, and reads it back: JSON that held the text before keeps it.</summary>
public sealed class TimerKindJsonConverter : JsonConverter<TimerKind>
{
    /// <inheritdoc />
    public override TimerKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TimerKind.Parse(reader.GetString() ?? throw new JsonException("A timer's kind is text."));

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, TimerKind value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
