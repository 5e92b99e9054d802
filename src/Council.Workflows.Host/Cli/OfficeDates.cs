using NodaTime;
using NodaTime.Text;

namespace Council.Workflows.Host.Cli;

/// <summary>
/// Dates as an office types them: ISO (<c>2023-01-31</c>) and the Ukrainian dotted form (<c>31.01.2023</c>, <c>1.2.2023</c>),
/// with a time after a space (<c>31.01.2023 10:00</c>). Machine output stays ISO.
/// </summary>
internal static class OfficeDates
{
    private static readonly LocalDatePattern Dotted = LocalDatePattern.CreateWithInvariantCulture("d'.'M'.'uuuu");
    private static readonly LocalDateTimePattern DottedTime = LocalDateTimePattern.CreateWithInvariantCulture("d'.'M'.'uuuu H':'mm");
    private static readonly LocalDateTimePattern DottedSeconds = LocalDateTimePattern.CreateWithInvariantCulture("d'.'M'.'uuuu H':'mm':'ss");

    /// <summary>A date in either form.</summary>
    public static ParseResult<LocalDate> Date(string text)
    {
        var trimmed = text.Trim();
        var iso = LocalDatePattern.Iso.Parse(trimmed);
        return iso.Success || !trimmed.Contains('.', StringComparison.Ordinal) ? iso : Dotted.Parse(trimmed);
    }

    /// <summary>
    /// Why a text shaped as a date names no day («31.02.2023»: February has 28 days; «12.13.2023»: there is no 13th month), in
    /// the reader's language; null when it is not shaped as a date or names a real day.
    /// </summary>
    public static string? NoSuchDay(string? text)
    {
        var trimmed = (text ?? "").Trim();
        var match = System.Text.RegularExpressions.Regex.Match(trimmed, @"^(?:(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})|(?<d>\d{1,2})\.(?<m>\d{1,2})\.(?<y>\d{4}))(?:[ T].*)?$");
        if (!match.Success)
        {
            return null;
        }

        int Part(string name) => int.Parse(match.Groups[name].Value, System.Globalization.CultureInfo.InvariantCulture);
        var (year, month, day) = (Part("y"), Part("m"), Part("d"));
        if (year < 1)
        {
            return null;
        }

        if (month is < 1 or > 12)
        {
            return T.Format("Parse.NoSuchMonth", trimmed.Split(' ', 'T')[0], month);
        }

        var days = CalendarSystem.Iso.GetDaysInMonth(year, month);
        if (day >= 1 && day <= days)
        {
            return null;
        }

        var culture = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "uk" ? Ukrainian : System.Globalization.CultureInfo.InvariantCulture;
        return T.Format("Parse.NoSuchDay", trimmed.Split(' ', 'T')[0], culture.DateTimeFormat.MonthNames[month - 1], year, days);
    }

    private static readonly TextSource T = new("Output");

    private static readonly System.Globalization.CultureInfo Ukrainian = System.Globalization.CultureInfo.GetCultureInfo("uk-UA");

    /// <summary>A local date and time in the dotted form (<c>31.01.2023 10:00</c>); ISO forms are the caller's.</summary>
    public static ParseResult<LocalDateTime> DottedDateTime(string text)
    {
        var trimmed = text.Trim();
        var minutes = DottedTime.Parse(trimmed);
        return minutes.Success ? minutes : DottedSeconds.Parse(trimmed);
    }
}
