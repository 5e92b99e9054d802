using System.Buffers;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text;

namespace Council.Workflows.Host.Cli;

/// <summary>
/// Text that could mislead a reader of a terminal or a record: control characters (C0 including tab and newline, DEL, C1),
/// the line and paragraph separators, and the Unicode bidirectional embedding, override and isolate characters (U+202A–U+202E,
/// U+2066–U+2069), which can hide or reorder what a line shows. Refused in every value given on the command line; shown as
/// a visible escape (<c>\x1B</c>, <c>\u202E</c>) when stored text is printed.
/// </summary>
internal static class CliText
{
    private static readonly SearchValues<char> Unsafe = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x20).Select(c => (char)c)) + '\u007F' + string.Concat(Enumerable.Range(0x80, 0x20).Select(c => (char)c)) +
        "\u2028\u2029\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069");

    /// <summary>The problem with the first value of <paramref name="parse"/> (an option's or an argument's) that holds an unsafe character, or null.</summary>
    public static string? FirstUnsafeValue(ParseResult parse)
    {
        for (var command = (SymbolResult?)parse.CommandResult; command is not null; command = command.Parent)
        {
            foreach (var child in ((CommandResult)command).Children)
            {
                var name = child switch
                {
                    OptionResult o => o.Option.Name,
                    ArgumentResult a => a.Argument.Name,
                    _ => null,
                };
                if (name is not null && child.Tokens.Select(t => Problem(name, t.Value)).FirstOrDefault(p => p is not null) is { } problem)
                {
                    return problem;
                }
            }
        }

        return null;
    }

    /// <summary>Throws a bad-input <see cref="CliException"/> when <paramref name="value"/> holds an unsafe character.</summary>
    public static void Check(string name, string? value)
    {
        if (value is not null && Problem(name, value) is { } problem)
        {
            throw new CliException(problem);
        }
    }

    /// <summary>
    /// <paramref name="text"/> with every unsafe character replaced by a visible escape: <c>\x1B</c> up to U+00FF, <c>\u202E</c>
    /// above. With <paramref name="keepNewlines"/>, a line feed stays a line break (for multi-line output the product composes).
    /// </summary>
    public static string Visible(string text, bool keepNewlines = false)
    {
        var index = text.AsSpan().IndexOfAny(Unsafe);
        if (index < 0)
        {
            return text;
        }

        var visible = new StringBuilder(text.Length + 8).Append(text, 0, index);
        for (var i = index; i < text.Length; i++)
        {
            var c = text[i];
            if (!Unsafe.Contains(c) || (keepNewlines && c == '\n'))
            {
                visible.Append(c);
            }
            else if (c <= '\u00FF')
            {
                visible.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}");
            }
            else
            {
                visible.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
        }

        return visible.ToString();
    }

    /// <summary>What is wrong with <paramref name="value"/> of the field or option <paramref name="name"/>, or null when it is plain text.</summary>
    public static string? Problem(string name, string value)
    {
        var index = value.AsSpan().IndexOfAny(Unsafe);
        return index < 0
            ? null
            : $"{name} contains a {(char.IsControl(value[index]) ? "control" : "bidirectional-formatting or line-separator")} character (U+{((int)value[index]).ToString("X4", CultureInfo.InvariantCulture)}) " +
              "at position " + (index + 1).ToString(CultureInfo.InvariantCulture) + ": give one line of plain text.";
    }
}
