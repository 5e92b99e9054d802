using System.Buffers;
using System.Globalization;
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
internal static class CommandFingerprint
{
    // What a retry may change: a retry made later carries a later instant; the version and the clock are the engine's.
    private static readonly HashSet<string> Excluded = [nameof(Command.CommandId), nameof(Command.At), nameof(Command.ExpectedVersion), nameof(Command.RecordedAt)];

    private static readonly JsonSerializerOptions Options = new()
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { ExcludeRetryFields } },
        Converters = { new InvariantTextConverter() },
    };

    // One buffer and writer a thread, reused: a fingerprint is taken for every command, and allocating its JSON each time
    // cost the engine a measurable share of a command (benchmarks, run H).
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>The fingerprint of <paramref name="command"/> (never 0, which stands for "not known" in older records).</summary>
    public static long Of(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, command, command.GetType(), Options);
        writer.Flush();
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(buffer.WrittenSpan, hash);
        var value = BitConverter.ToInt64(hash);
        return value == 0 ? 1 : value;
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
