using System.Globalization;
using System.Text;

namespace Council.Workflows.Engine;

/// <summary>A normalised person or organisation name for matching: letters only, lower case, single spaces.</summary>
public static class NameKey
{
    /// <summary>The key of <paramref name="name"/>.</summary>
    public static string Of(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetter(c))
            {
                key.Append(char.ToLower(c, CultureInfo.InvariantCulture));
            }
            else if (key.Length > 0 && key[^1] != ' ')
            {
                key.Append(' ');
            }
        }

        return key.ToString().Trim();
    }
}
