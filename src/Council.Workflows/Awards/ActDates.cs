using System.Globalization;
using Council.Workflows.Deadlines;

namespace Council.Workflows.Awards;

// The dates an act brings in (a petition's submission or ceremony, a meeting's day, a grant's or a presentation's date) are
// input: one outside the window around the act's own date is a typing error (1800, 3000), refused as an argument error
// naming the field, before any rule is weighed. The window never leaves the deadline calculus's range (1900–2999).
internal static class ActDates
{
    public static void Check(LocalDate date, string field, string what, LocalDate actDate, int years)
    {
        var earliest = Max(DeadlineCalculator.MinDate, actDate.PlusYears(-years));
        var latest = Min(DeadlineCalculator.MaxDate, actDate.PlusYears(years));
        if (date < earliest || date > latest)
        {
            throw new ArgumentOutOfRangeException(
                field,
                $"{what} ({field}) {Iso(date)} is out of range: a date an act brings in lies within {years.ToString(CultureInfo.InvariantCulture)} years of the act's date {Iso(actDate)}, from {Iso(earliest)} to {Iso(latest)}.");
        }
    }

    private static LocalDate Max(LocalDate a, LocalDate b) => a > b ? a : b;

    private static LocalDate Min(LocalDate a, LocalDate b) => a < b ? a : b;

    private static string Iso(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);
}
