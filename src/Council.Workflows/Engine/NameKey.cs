using System.Globalization;
using System.Text;

namespace Council.Workflows.Engine;

/// <summary>
/// A normalised person or organisation name for matching: letters only, lower case, single spaces; combining marks that
/// do not compose with their letter (a stress mark in «Ковале́нко») are dropped, so they do not split the word.
/// </summary>
internal static class NameKey
{
    /// <summary>The key of <paramref name="name"/>.</summary>
    public static string Of(string name)
    {
        ArgumentNullException.ThrowIfNull(name);

        // Compatibility normalisation (NFKC) only changes text that holds combining marks or compatibility characters;
        // names in Latin or Cyrillic letters, spaces and punctuation (nearly all of them) skip it.
        var text = NeedsNormalisation(name) ? name.Normalize(NormalizationForm.FormKC) : name;

        // The whole text lower-cased at once (one call, vectorised for ASCII), then filtered in place: a letter keeps its
        // lower-case form, a lone combining mark goes, any other run becomes one space. Lower-casing character by character
        // cost a call into the globalisation library per letter.
        Span<char> key = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        text.AsSpan().ToLowerInvariant(key);
        var length = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsLetter(c))
            {
                key[length++] = key[i];
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            else if (length > 0 && key[length - 1] != ' ')
            {
                key[length++] = ' ';
            }
        }

        return new string(key[..(length > 0 && key[length - 1] == ' ' ? length - 1 : length)]);
    }

    private static bool NeedsNormalisation(string name)
    {
        foreach (var c in name)
        {
            // Below U+0300 (Latin, no combining marks) and the Cyrillic letters U+0400–U+0482 and U+048A–U+04FF are
            // already in NFKC, except the few compatibility characters of Latin-1 (ª, ², ³, µ, ¹, º, ¼–¾, and the like).
            var plain = c < 0x00A0 || (c >= 0x00C0 && c < 0x0132) || (c >= 0x0134 && c < 0x013F) || (c >= 0x0141 && c < 0x0149) || (c >= 0x014A && c < 0x017F) || (c >= 0x0400 && c < 0x0483) || (c >= 0x048A && c < 0x0500);
            if (!plain)
            {
                return true;
            }
        }

        return false;
    }
}
