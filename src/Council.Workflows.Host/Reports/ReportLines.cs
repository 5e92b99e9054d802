using System.Globalization;
using Council.Workflows.Appeals;
using Council.Workflows.Reporting;

namespace Council.Workflows.Host.Reports;

/// <summary>
/// One number of the report, with its labels: every format prints these same lines. <see cref="Value"/> is written the
/// invariant way for machines (CSV, JSON); <see cref="Display"/> as the report's language writes numbers («9,5», «81,1 %»).
/// </summary>
internal sealed record ReportLine(string Section, string Metric, string Label, string Value)
{
    public string Display { get; init; } = Value;
}

/// <summary>The report as labelled lines, in Ukrainian or English.</summary>
internal static class ReportLines
{
    public static IReadOnlyList<ReportLine> Of(YearReport report, bool uk)
    {
        var lines = new List<ReportLine>();
        var a = report.Appeals;
        var w = report.Awards;
        string L(string ukText, string enText) => uk ? ukText : enText;
        void Add(string section, string metric, string label, object? value)
        {
            var invariant = Format(value);
            lines.Add(new ReportLine(section, metric, label, invariant) { Display = uk ? Ukrainian(invariant) : invariant });
        }

        if (report.Simulated)
        {
            Add(L("Дані", "Data"), "simulated", L("Симуляція (навчальні дані, не робочий облік)", "Simulation (rehearsal data, not a working record)"), L("так", "yes"));
        }

        var awards = L("Нагородження", "Awards");
        Add(awards, "meetings", L("Засідань комісії", "Commission meetings"), w.Meetings);
        Add(awards, "petitions-considered", L("Розглянуто клопотань", "Petitions considered"), w.PetitionsConsidered);
        Add(awards, "nominees", L("Кандидатур у них", "People nominated"), w.Nominees);
        Add(awards, "awarded", L("Нагороджено", "Awarded"), w.Awarded);
        Add(awards, "rejected", L("Відхилено комісією", "Rejected by the commission"), w.Rejected);
        Add(awards, "deferred", L("Відкладено (на кінець року)", "Deferred (at year end)"), w.Deferred);
        Add(awards, "not-awarded", L("Не нагороджено органом", "Not awarded by the granting body"), w.NotAwarded);
        Add(awards, "defence-and-rescue-share", L("Частка військових, волонтерів, поліції, КІ, ДСНС серед нагороджених", "Share of military, volunteers, police, critical infrastructure, emergency service among the awarded"), Percent(w.DefenceAndRescueShare));
        var byCategory = L("Нагороджені за категоріями", "Awarded by category");
        foreach (var c in w.ByCategory)
        {
            Add(byCategory, $"category:{c.Category}", uk ? c.NameUk : c.NameEn, c.Awarded);
        }

        var byType = L("Нагороджені за видами нагород", "Awarded by award type");
        foreach (var t in w.ByAwardType)
        {
            Add(byType, $"award:{t.Award}", uk ? t.NameUk : t.NameEn, t.Awarded);
        }

        var appeals = L("Звернення громадян", "Citizens' appeals");
        Add(appeals, "received", L("Надійшло", "Received"), a.Received);
        foreach (var k in a.ByKind)
        {
            Add(appeals, $"kind:{k.Key}", L(KindUk(k.Key), k.Key), k.Value);
        }

        Add(appeals, "collective", L("Колективних", "Collective"), a.Collective);
        Add(appeals, "repeated", L("Повторних", "Repeated"), a.Repeated);
        Add(appeals, "forwarded", L("Надіслано за належністю", "Forwarded"), a.Forwarded);
        Add(appeals, "returned", L("Повернуто заявникам", "Returned"), a.Returned);
        Add(appeals, "not-considered", L("Не підлягали розгляду", "Not considered"), a.NotConsidered);
        if (a.Annulled > 0)
        {
            Add(appeals, "annulled", L("Анульовано помилкових реєстрацій (не враховано)", "Registrations annulled as mistakes (not counted)"), a.Annulled);
        }
        Add(appeals, "answered-on-time", L("Розглянуто вчасно", "Answered on time"), a.AnsweredOnTime);
        Add(appeals, "answered-late", L("Розглянуто з порушенням строку", "Answered late"), a.AnsweredLate);
        Add(appeals, "on-time-share", L("Частка вчасних відповідей", "On-time share"), Percent(a.OnTimeShare));
        Add(appeals, "still-open", L("На розгляді на кінець року", "Still open at year end"), a.StillOpen);
        Add(appeals, "overdue-at-year-end", L("З них прострочено", "Of them overdue"), a.OverdueAtYearEnd);
        Add(appeals, "extended", L("Строк продовжено", "Term extended"), a.Extended);
        Add(appeals, "median-days", L("Медіана днів до відповіді", "Median days to answer"), a.MedianDaysToAnswer);
        Add(appeals, "p90-days", L("90-й перцентиль днів до відповіді", "90th percentile of days to answer"), a.P90DaysToAnswer);
        var channels = L("Звернення за способом надходження", "Appeals by channel");
        foreach (var c in a.ByChannel)
        {
            Add(channels, $"channel:{c.Key}", L(ChannelUk(c.Key), c.Key), c.Value);
        }

        var months = L("Звернення за місяцями", "Appeals by month");
        for (var m = 0; m < 12; m++)
        {
            Add(months, $"month:{m + 1:00}", MonthName(m + 1, uk), a.ByMonth[m]);
        }

        var executors = L("Виконавці", "Executors");
        foreach (var e in a.ByExecutor)
        {
            Add(executors, $"executor:{e.Executor}", e.Executor,
                uk ? $"доручено {e.Assigned}; вчасно {e.OnTime}; із порушенням {e.Late}; на розгляді {e.Open}" : $"assigned {e.Assigned}; on time {e.OnTime}; late {e.Late}; open {e.Open}");
        }

        return lines;
    }

    public static string Percent(double? share) => share is { } s ? (s * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "—";

    // A number (or a share) as Ukrainian writes it: the decimal comma, «9,5», «81,1 %».
    private static string Ukrainian(string invariant) =>
        System.Text.RegularExpressions.Regex.IsMatch(invariant, @"^-?\d+\.\d+( %)?$") ? invariant.Replace('.', ',') : invariant;

    public static string MonthName(int month, bool uk) => uk
        ? new[] { "січень", "лютий", "березень", "квітень", "травень", "червень", "липень", "серпень", "вересень", "жовтень", "листопад", "грудень" }[month - 1]
        : CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month);

    private static string Format(object? value) => value switch
    {
        null => "—",
        double d => d.ToString("0.#", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string KindUk(string kind) => kind switch
    {
        "proposal" => "пропозиції (зауваження)",
        "application" => "заяви (клопотання)",
        _ => "скарги",
    };

    private static string ChannelUk(string channel) => channel switch
    {
        "post" => "поштою",
        "in-person" => "особисто",
        "electronic" => "електронні",
        "personal-reception" => "на особистому прийомі",
        _ => "гаряча лінія",
    };

    internal static string StateUk(AppealState state) => Engine.KebabCase.Of(state);
}
