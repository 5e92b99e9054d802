using Council.Workflows.Engine;

namespace Council.Workflows.Appeals;

/// <summary>
/// The short code printed on an appeal's receipt that lets its applicant look up its state and due date without an account
/// (with the index and the date of receipt): eight characters of Crockford's base 32 from the random part of the appeal's
/// id — 40 bits nobody outside the office sees, so the index and date alone (which are guessable) open nothing.
/// </summary>
public static class StatusCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>The code of the appeal with <paramref name="id"/>.</summary>
    public static string For(CaseId id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.Value.TryWriteBytes(bytes, bigEndian: true, out _);
        ulong value = 0;
        foreach (var b in bytes[11..])
        {
            value = (value << 8) | b;
        }

        var code = new char[8];
        for (var i = 7; i >= 0; i--)
        {
            code[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }

        return new string(code);
    }

    /// <summary>Whether <paramref name="typed"/> is the code of <paramref name="id"/> (case, spaces, hyphens and the look-alikes O/I/L forgiven).</summary>
    public static bool Matches(CaseId id, string? typed)
    {
        if (typed is null)
        {
            return false;
        }

        var normal = new string([.. typed.ToUpperInvariant().Where(c => c is not (' ' or '-')).Select(c => c switch { 'O' => '0', 'I' or 'L' => '1', _ => c })]);
        return normal.Length == 8 && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(normal), System.Text.Encoding.ASCII.GetBytes(For(id)));
    }
}
