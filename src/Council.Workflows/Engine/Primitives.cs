using System.Security.Cryptography;
using System.Text;
using Ardalis.GuardClauses;

namespace Council.Workflows.Engine;

/// <summary>The id of a case: an appeal, an award petition or a commission meeting. In JSON, 32 hexadecimal digits.</summary>
/// <param name="Value">The underlying value.</param>
[System.Text.Json.Serialization.JsonConverter(typeof(CaseIdJsonConverter))]
public readonly record struct CaseId(Guid Value)
{
    /// <summary>
    /// A new id: a UUID version 7 (RFC 9562), time-ordered with 74 random bits from a buffered cryptographic generator,
    /// so ids made later sort later (indexes append instead of splitting pages at random), and one costs about a tenth of
    /// <see cref="Guid.NewGuid"/>, which asks the operating system for randomness every time.
    /// </summary>
    public static CaseId New() => new(UUIDNext.Uuid.NewSequential());

    /// <summary>Parses an id written by <see cref="ToString"/> (32 hex digits, dashes allowed).</summary>
    /// <exception cref="FormatException">The text is not an id.</exception>
    public static CaseId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a case id (32 hexadecimal digits).");

    /// <summary>Parses an id, returning <see langword="false"/> when the text is not one.</summary>
    public static bool TryParse(string? text, out CaseId id)
    {
        if (Guid.TryParse(text, out var guid) && guid != Guid.Empty)
        {
            id = new CaseId(guid);
            return true;
        }

        id = default;
        return false;
    }

    /// <inheritdoc />
    public override string ToString() => Value.ToString("N");
}

/// <summary>What an official is, for the rules that say who may act.</summary>
public enum OfficialRole
{
    /// <summary>A clerk of the general department who registers and routes correspondence.</summary>
    Clerk,

    /// <summary>The official an appeal is assigned to.</summary>
    Executor,

    /// <summary>The head of the council or executive body (the mayor).</summary>
    Head,

    /// <summary>A deputy head.</summary>
    DeputyHead,

    /// <summary>The council secretary.</summary>
    Secretary,

    /// <summary>A member of a commission.</summary>
    CommissionMember,

    /// <summary>The system itself: timers and imports.</summary>
    System,
}

/// <summary>The official who acts: a name and a role.</summary>
public sealed record Official
{
    /// <summary>Creates an official.</summary>
    public Official(string name, OfficialRole role)
    {
        Name = Guard.Against.NullOrWhiteSpace(name).Trim();
        Role = Guard.Against.EnumOutOfRange(role);
    }

    /// <summary>The system, acting for timers.</summary>
    public static Official System { get; } = new("system", OfficialRole.System);

    /// <summary>The official's name as staff write it.</summary>
    public string Name { get; }

    /// <summary>The official's role.</summary>
    public OfficialRole Role { get; }

    /// <summary>
    /// The account that acted (its login), when the act was done signed in or with an account on the command line; null for
    /// acts recorded before accounts, simulations, and the system.
    /// </summary>
    public string? Account { get; init; }

    /// <summary>Whether this is the same person as <paramref name="other"/> (names compared ignoring case).</summary>
    public bool IsSamePersonAs(Official? other) => other is not null && string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Role})";
}

/// <summary>Stable ids derived from names, so a retried step produces the same id (UUID version 5 layout).</summary>
internal static class DeterministicGuid
{
    /// <summary>The id for <paramref name="name"/> within <paramref name="scope"/>.</summary>
    public static Guid Create(Guid scope, string name)
    {
        Guard.Against.Null(name);
        Span<byte> input = stackalloc byte[16 + Encoding.UTF8.GetMaxByteCount(name.Length)];
        scope.TryWriteBytes(input, bigEndian: true, out _);
        var length = 16 + Encoding.UTF8.GetBytes(name, input[16..]);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // SHA-1 is the UUID v5 layout, used for ids, not for security.
        SHA1.HashData(input[..length], hash);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}

/// <summary>Writes a <see cref="CaseId"/> as 32 hexadecimal digits, in values and as property names.</summary>
public sealed class CaseIdJsonConverter : System.Text.Json.Serialization.JsonConverter<CaseId>
{
    /// <inheritdoc />
    public override CaseId Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) => CaseId.Parse(reader.GetString()!);

    /// <inheritdoc />
    public override void Write(System.Text.Json.Utf8JsonWriter writer, CaseId value, System.Text.Json.JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }

    /// <inheritdoc />
    public override CaseId ReadAsPropertyName(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) => CaseId.Parse(reader.GetString()!);

    /// <inheritdoc />
    public override void WriteAsPropertyName(System.Text.Json.Utf8JsonWriter writer, CaseId value, System.Text.Json.JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(value.ToString());
    }
}
