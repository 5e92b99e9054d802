using System.Globalization;

namespace Council.Workflows.Deadlines;

// The words of explanations, in Ukrainian and English. Kept in one place so both languages say the same thing.
internal static class DeadlineText
{
    private static readonly string[] DaysUk = ["", "Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Нд"];
    private static readonly string[] DaysEn = ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    private static readonly string[] MonthsGenitiveUk =
        ["", "січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня", "жовтня", "листопада", "грудня"];

    private static readonly string[] MonthsEn =
        ["", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    public static string Pick(TextLanguage language, string uk, string en) => language == TextLanguage.Ukrainian ? uk : en;

    public static string Date(LocalDate date) => date.ToString("dd.MM.uuuu", CultureInfo.InvariantCulture);

    public static string DayDate(LocalDate date, TextLanguage language) =>
        $"{(language == TextLanguage.Ukrainian ? DaysUk : DaysEn)[(int)date.DayOfWeek]} {Date(date)}";

    public static string MissingDay(int day, int month, TextLanguage language) =>
        Pick(language, $"{day} {MonthsGenitiveUk[month]} немає", $"no {day} {MonthsEn[month]}");

    public static string Term(TermLength term, TextLanguage language)
    {
        var n = term.Value;
        if (language == TextLanguage.English)
        {
            return term.Unit switch
            {
                TermUnit.CalendarDays => n == 1 ? "one day" : $"{n} days",
                TermUnit.WorkingDays => n == 1 ? "one working day" : $"{n} working days",
                TermUnit.Months => n == 1 ? "one month" : $"{n} months",
                _ => n == 1 ? "one year" : $"{n} years",
            };
        }

        return term.Unit switch
        {
            TermUnit.CalendarDays => n == 1 ? "один день" : $"{n} {Plural(n, "день", "дні", "днів")}",
            TermUnit.WorkingDays => n == 1 ? "один робочий день" : $"{n} {Plural(n, "робочий день", "робочі дні", "робочих днів")}",
            TermUnit.Months => n == 1 ? "один місяць" : $"{n} {Plural(n, "місяць", "місяці", "місяців")}",
            _ => n == 1 ? "один рік" : $"{n} {Plural(n, "рік", "роки", "років")}",
        };
    }

    // Ukrainian plural: 1, 21, 31… take the first form; 2–4, 22–24… the second; the rest (and 11–14) the third.
    internal static string Plural(int n, string one, string few, string many)
    {
        var lastTwo = n % 100;
        var last = n % 10;
        if (lastTwo is >= 11 and <= 14)
        {
            return many;
        }

        return last switch
        {
            1 => one,
            >= 2 and <= 4 => few,
            _ => many,
        };
    }

    public static string Day(DayInfo day, TextLanguage language)
    {
        var holiday = day.Holiday?.Name(language);
        return day.Kind switch
        {
            DayKind.Working when day.HolidaySuspended =>
                Pick(language, $"{holiday}, але під час воєнного стану свята не є вихідними: робочий день", $"{holiday}, but under martial law holidays are not days off: a working day"),
            DayKind.Working when day.DeclaredReason is not null =>
                Pick(language, $"робочий день за рішенням ({day.DeclaredReason})", $"a working day by decision ({day.DeclaredReason})"),
            DayKind.Working => Pick(language, "робочий день", "a working day"),
            DayKind.Weekend when day.HolidaySuspended =>
                Pick(language, $"вихідний день ({holiday}; перенесення не застосовується під час воєнного стану)", $"a weekend day ({holiday}; no transfer under martial law)"),
            DayKind.Weekend => Pick(language, "вихідний день", "a weekend day"),
            DayKind.PublicHoliday => Pick(language, $"святковий день: {holiday} (ст. 73 КЗпП)", $"a public holiday: {holiday} (Labour Code Art. 73)"),
            DayKind.TransferredDayOff =>
                Pick(language, $"вихідний, перенесений зі свята «{holiday}» (ч. 3 ст. 67 КЗпП)", $"a day off transferred from {holiday} (Labour Code Art. 67 part 3)"),
            _ => Pick(language, $"неробочий день за рішенням ({day.DeclaredReason})", $"a day off by decision ({day.DeclaredReason})"),
        };
    }
}
