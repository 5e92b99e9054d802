using Council.Workflows.Deadlines;

namespace Council.Workflows.Tests.Deadlines;

internal static class TestCalendars
{
    public static DateTimeZone Kyiv { get; } = DateTimeZoneProviders.Tzdb["Europe/Kyiv"];

    public static DeadlineCalculator Calculator(MartialLawMode martialLaw = MartialLawMode.Auto, Action<WorkingCalendarOptions>? configure = null)
    {
        var options = new WorkingCalendarOptions { MartialLaw = martialLaw };
        configure?.Invoke(options);
        return new DeadlineCalculator(new UkrainianWorkingCalendar(options), Kyiv);
    }

    public static LocalDate D(string iso) => NodaTime.Text.LocalDatePattern.Iso.Parse(iso).Value;
}
