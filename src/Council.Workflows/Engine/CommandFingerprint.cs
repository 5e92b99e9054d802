using System.Buffers;
using System.Globalization;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Council.Workflows.Engine;

/// <summary>
/// What a command asks for, as a number: its type, its case and every argument, but not its id, its instant or the
/// version the caller saw. A retry of the same act has the same fingerprint; the same command id reused for another verb,
/// another case or other arguments has another, and is a conflict instead of a repeat of the first result.
/// </summary>
/// <remarks>
/// The number is the XxHash3 (seed 0) of the command's canonical JSON: the command's own properties but the excluded ones
/// and those with an empty value (null, false, zero, an empty list), its type's full name first, NodaTime values as
/// invariant text, and the serialiser's default escaping (every character outside ASCII written as \uXXXX, so the bytes do
/// not move with the Unicode tables of a later runtime). Leaving empty values out keeps a command's fingerprint when a
/// later version adds an argument it does not use (a new argument's default is its empty value). Results recorded before
/// 2026-12-03 carry the first 8 bytes of the SHA-256 of the JSON of that time instead, every property written but those
/// added since (<see cref="Legacy"/>);
/// <see cref="Matches"/> accepts either, so a retry of such a command is still a retry. SHA-256 took a fifth of the
/// fingerprint's time, and the fingerprint a quarter of an in-memory command's (benchmarks, run I); a 64-bit value only
/// tells a caller's retry from a mistake, not an adversary's forgery, so a cryptographic hash bought nothing.
/// </remarks>
internal static class CommandFingerprint
{
    // What a retry may change: a retry made later carries a later instant; the version and the clock are the engine's.
    private static readonly HashSet<string> Excluded = [nameof(Command.CommandId), nameof(Command.At), nameof(Command.ExpectedVersion), nameof(Command.RecordedAt), nameof(Command.Imported)];

    // Arguments added to commands after the first fingerprints were recorded (SHA-256, before 2026-12-03): the JSON of
    // that time did not have them, so the legacy form leaves them out while they are unset. Never grows: the canonical form
    // leaves every empty value out.
    private static readonly HashSet<string> AddedSinceLegacy = ["Card", "Resolution", "ResultCode", "OutgoingNumber", "Account"];

    // The canonical JSON's options: changing any of them (the encoder included) changes every fingerprint.
    private static readonly JsonSerializerOptions Options = new()
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { ExcludeRetryFields, OmitEmptyValues } },
        Converters = { new InvariantTextConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    };

    // The JSON results recorded before 2026-12-03 were fingerprinted from: every property, null ones too.
    private static readonly JsonSerializerOptions LegacyOptions = new()
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { ExcludeRetryFields, OmitUnsetAdditions } },
        Converters = { new InvariantTextConverter() },
    };

    // One buffer and writer a thread, reused: a fingerprint is taken for every command, and allocating its JSON each time
    // cost the engine a measurable share of a command (benchmarks, run H).
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>The fingerprint of <paramref name="command"/> (never 0, which stands for "not known" in older records).</summary>
    public static long Of(Command command) => NonZero(unchecked((long)XxHash3.HashToUInt64(Json(command, Options))));

    /// <summary>
    /// The fingerprint as results recorded before XxHash3 carry it: the first 8 bytes of the SHA-256 of the same JSON.
    /// Only taken when a stored fingerprint differs from <see cref="Of"/>, to tell such a record's retry from a conflict.
    /// </summary>
    public static long Legacy(Command command)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Json(command, LegacyOptions), hash);
        return NonZero(BitConverter.ToInt64(hash));
    }

    /// <summary>
    /// Whether <paramref name="stored"/>, the fingerprint recorded with a command id's first result, stands for the same
    /// act as <paramref name="command"/>, whose fingerprint is <paramref name="current"/>: the same value, a value taken
    /// the old way (<see cref="Legacy"/>), or 0 (not known: recorded before fingerprints were kept).
    /// </summary>
    public static bool Matches(long stored, long current, Command command) =>
        stored == 0 || stored == current || stored == Legacy(command);

    private static long NonZero(long value) => value == 0 ? 1 : value;

    // The canonical JSON, in the thread's buffer: valid until the thread's next fingerprint.
    private static ReadOnlySpan<byte> Json(Command command, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(command);
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, command, options.GetTypeInfo(command.GetType()));
        writer.Flush();
        return buffer.WrittenSpan;
    }

    private static void ExcludeRetryFields(JsonTypeInfo info)
    {
        if (!typeof(Command).IsAssignableFrom(info.Type) || info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            if (Excluded.Contains(info.Properties[i].Name))
            {
                info.Properties.RemoveAt(i);
            }
        }

        // The verb is part of what was asked: two commands of different types with the same arguments differ.
        var verb = info.CreateJsonPropertyInfo(typeof(string), "$verb");
        verb.Get = o => o.GetType().FullName;
        info.Properties.Insert(0, verb);
    }

    // An empty list is left out like a null (the options leave out null, false and zero).
    private static void OmitEmptyValues(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var property in info.Properties)
        {
            if (property.PropertyType != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(property.PropertyType))
            {
                property.ShouldSerialize = static (_, value) => value is System.Collections.IEnumerable items && items.GetEnumerator().MoveNext();
            }
        }
    }

    private static void OmitUnsetAdditions(JsonTypeInfo info)
    {
        // The commands' later fields, and the acting official's account (schema 11).
        if (!(typeof(Command).IsAssignableFrom(info.Type) || info.Type == typeof(Official)) || info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var property in info.Properties.Where(p => AddedSinceLegacy.Contains(p.Name)))
        {
            property.ShouldSerialize = static (_, value) => value is not null;
        }
    }

    // NodaTime values (dates, instants) written as their invariant text: the same value, the same bytes.
    private sealed class InvariantTextConverter : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) =>
            typeToConvert.IsValueType && typeToConvert.Namespace == "NodaTime" && typeof(IFormattable).IsAssignableFrom(typeToConvert);

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

        private sealed class Converter<T> : JsonConverter<T>
            where T : IFormattable
        {
            public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
                throw new NotSupportedException("A fingerprint is only written.");

            public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
                writer.WriteStringValue(value.ToString(null, CultureInfo.InvariantCulture));
        }
    }
}
