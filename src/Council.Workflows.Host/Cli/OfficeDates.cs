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

    /// <summary>A local date and time in the dotted form (<c>31.01.2023 10:00</c>); ISO forms are the caller's.</summary>
    public static ParseResult<LocalDateTime> DottedDateTime(string text)
    {
        var trimmed = text.Trim();
        var minutes = DottedTime.Parse(trimmed);
        return minutes.Success ? minutes : DottedSeconds.Parse(trimmed);
    }
}
