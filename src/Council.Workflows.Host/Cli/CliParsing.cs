using System.CommandLine;
using Council.Workflows.Deadlines;
using NodaTime;
using NodaTime.Text;

namespace Council.Workflows.Host.Cli;

/// <summary>Options whose values are checked while parsing, so bad input is reported before anything runs.</summary>
internal static class CliParsing
{
    private static readonly TextSource T = new("Output");

    /// <summary>A date option (<c>YYYY-MM-DD</c> or <c>DD.MM.YYYY</c>); an impossible date is a parse error naming the option.</summary>
    public static Option<LocalDate?> DateOption(string name, string description, bool required = false) => new(name)
    {
        Description = description,
        Required = required,
        HelpName = "DATE",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            var parsed = OfficeDates.Date(text);
            if (!parsed.Success)
            {
                result.AddError(OfficeDates.NoSuchDay(text) is { } noSuchDay ? $"{name}: {noSuchDay}" : T.Format("Parse.NotADate", name, text, T["Parse.DateForms"]));
                return null;
            }

            if (OutOfRange(parsed.Value))
            {
                result.AddError(T.Format("Parse.DateOutside", name, text, SupportedDates));
                return null;
            }

            return parsed.Value;
        },
    };

    /// <summary>The dates the deadline calculus (and so every act) accepts, as a person reads them.</summary>
    public static string SupportedDates => T.Format("Parse.SupportedDates", LocalDatePattern.Iso.Format(DeadlineCalculator.MinDate), LocalDatePattern.Iso.Format(DeadlineCalculator.MaxDate));

    /// <summary>Whether <paramref name="date"/> is outside the dates the deadline calculus accepts.</summary>
    public static bool OutOfRange(LocalDate date) => date < DeadlineCalculator.MinDate || date > DeadlineCalculator.MaxDate;

    /// <summary>A year option (<c>--year</c>) limited to the years the deadline calculus accepts.</summary>
    public static Option<int> YearOption(string description, bool required = true)
    {
        var option = new Option<int>("--year") { Description = description, Required = required, HelpName = "YYYY" };
        option.Validators.Add(result =>
        {
            // A token that is not a number is the default parser's error; only a number out of range is this one.
            if (result.Tokens.Count > 0 && int.TryParse(result.Tokens[0].Value, System.Globalization.CultureInfo.InvariantCulture, out var year)
                && (year < DeadlineCalculator.MinDate.Year || year > DeadlineCalculator.MaxDate.Year))
            {
                result.AddError(T.Format("Parse.YearOutside", year, DeadlineCalculator.MinDate.Year, DeadlineCalculator.MaxDate.Year));
            }
        });
        return option;
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; anything else is a parse error naming the option and the range.</summary>
    public static Option<int?> Number(string name, string description, int min, int max, string helpName = "N") => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            result.AddError(T.Format("Parse.NotANumber", name, text, min, max));
            return null;
        },
    };

    /// <summary>
    /// A web address option: an absolute <c>http</c> or <c>https</c> URL; anything else is a parse error naming the option.
    /// (System.CommandLine cannot bind <see cref="Uri"/> by itself: without this every URL was refused.)
    /// </summary>
    public static Option<Uri?> UrlOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "URL",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) && url.Host.Length > 0)
            {
                return url;
            }

            result.AddError(T.Format("Parse.NotAUrl", name, text));
            return null;
        },
    };

    /// <summary>
    /// The full path of a file to write (<c>--out</c>), checked before any work is done: its folder must exist and it must
    /// not be a folder itself.
    /// </summary>
    public static string? OutputFile(string option, string? path)
    {
        if (path is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(path))
        {
            throw new CliException(T.Format("Parse.FileEmpty", option));
        }

        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new CliException(T.Format("Parse.FileIsFolder", option, full));
        }

        var folder = Path.GetDirectoryName(full);
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new CliException(T.Format("Parse.NoFolder", option, full, folder));
        }

        NotADatabase(option, full);
        return full;
    }

    /// <summary>A typo must not write over the register: a database file, or its journal beside it, is never an output.</summary>
    public static void NotADatabase(string option, string path)
    {
        var full = Path.GetFullPath(path);
        if (IsDatabase(full))
        {
            throw new CliException(T.Format("Parse.IsDatabase", option, full));
        }

        foreach (var suffix in new[] { "-wal", "-shm", "-journal" })
        {
            if (full.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && IsDatabase(full[..^suffix.Length]))
            {
                throw new CliException(T.Format("Parse.IsJournal", option, full, full[..^suffix.Length]));
            }
        }
    }

    // Whether the file is an SQLite database (its header says so).
    private static bool IsDatabase(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return false;
            }

            using var file = File.OpenRead(path);
            Span<byte> header = stackalloc byte[16];
            return file.ReadAtLeast(header, 16, throwOnEndOfStream: false) == 16 && header.SequenceEqual("SQLite format 3\0"u8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>An option taking one of a fixed set of words, with a default.</summary>
    public static Option<string> Choice(string name, string description, string defaultValue, params string[] choices)
    {
        var ukrainian = OfficeWords.For(choices);
        var option = new Option<string>(name)
        {
            Description = ukrainian.Count == 0 ? description : T.Format("Parse.WordsToo", description, string.Join(", ", ukrainian)),
            DefaultValueFactory = _ => defaultValue,
            HelpName = string.Join('|', choices),
            // A Ukrainian word stands for its documented value; anything else is kept as typed for the check below.
            CustomParser = result => result.Tokens.Count > 0 ? OfficeWords.Canonical(result.Tokens[0].Value) : defaultValue,
        };
        option.Validators.Add(result =>
        {
            var typed = result.Tokens.Count > 0 ? result.Tokens[0].Value : defaultValue;
            if (!choices.Contains(OfficeWords.Canonical(typed), StringComparer.Ordinal))
            {
                // The reader's words first (the office's Ukrainian words, or the documented values in English), the nearest word
                // suggested: a Latin letter typed for its Cyrillic look-alike («заявa») or a letter or two misspelt.
                var (first, second) = Language.IsUkrainian && ukrainian.Count > 0 ? ((IReadOnlyList<string>)ukrainian, (IReadOnlyList<string>)choices) : (choices, ukrainian);
                var message = T.Format("Parse.NotOneOf", name, typed, string.Join(", ", first), second.Count == 0 ? "" : T.Format("Parse.Or", string.Join(", ", second)));
                result.AddError(message + OfficeWords.Suggestion(typed, [.. first, .. second]));
            }
        });
        return option;
    }

    /// <summary>A <c>--json</c> flag.</summary>
    public static Option<bool> JsonFlag() => new("--json") { Description = T["Help.json"] };
}
