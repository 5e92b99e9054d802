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
    private static readonly TextSource R = new("Reports");

    public static IReadOnlyList<ReportLine> Of(YearReport report, bool uk)
    {
        var lines = new List<ReportLine>();
        var a = report.Appeals;
        var w = report.Awards;
        void Add(string section, string metric, string label, object? value)
        {
            var invariant = Format(value);
            lines.Add(new ReportLine(section, metric, label, invariant) { Display = uk ? Ukrainian(invariant) : invariant });
        }

        if (report.Simulated)
        {
            Add(R["ReportLines.Data", uk], "simulated", R["ReportLines.SimulationRehearsalDataNotA", uk], R["ReportLines.Yes", uk]);
        }

        var awards = R["ReportLines.Awards", uk];
        Add(awards, "meetings", R["ReportLines.CommissionMeetings", uk], w.Meetings);
        Add(awards, "petitions-considered", R["ReportLines.PetitionsConsidered", uk], w.PetitionsConsidered);
        Add(awards, "nominees", R["ReportLines.PeopleNominated", uk], w.Nominees);
        Add(awards, "awarded", R["ReportLines.Awarded", uk], w.Awarded);
        Add(awards, "rejected", R["ReportLines.RejectedByTheCommission", uk], w.Rejected);
        Add(awards, "deferred", R["ReportLines.DeferredAtYearEnd", uk], w.Deferred);
        Add(awards, "not-awarded", R["ReportLines.NotAwardedByTheGranting", uk], w.NotAwarded);
        Add(awards, "defence-and-rescue-share", R["ReportLines.ShareOfMilitaryVolunteersPolice", uk], Percent(w.DefenceAndRescueShare));
        var byCategory = R["ReportLines.AwardedByCategory", uk];
        foreach (var c in w.ByCategory)
        {
            Add(byCategory, $"category:{c.Category}", uk ? c.NameUk : c.NameEn, c.Awarded);
        }

        var byType = R["ReportLines.AwardedByAwardType", uk];
        foreach (var t in w.ByAwardType)
        {
            Add(byType, $"award:{t.Award}", uk ? t.NameUk : t.NameEn, t.Awarded);
        }

        var appeals = R["ReportLines.CitizensAppeals", uk];
        Add(appeals, "received", R["ReportLines.Received", uk], a.Received);
        foreach (var k in a.ByKind)
        {
            Add(appeals, $"kind:{k.Key}", R[$"ReportLines.Kind.{k.Key}", uk], k.Value);
        }

        Add(appeals, "collective", R["ReportLines.Collective", uk], a.Collective);
        Add(appeals, "repeated", R["ReportLines.Repeated", uk], a.Repeated);
        Add(appeals, "forwarded", R["ReportLines.Forwarded", uk], a.Forwarded);
        Add(appeals, "returned", R["ReportLines.Returned", uk], a.Returned);
        Add(appeals, "not-considered", R["ReportLines.NotConsidered", uk], a.NotConsidered);
        if (a.Annulled > 0)
        {
            Add(appeals, "annulled", R["ReportLines.RegistrationsAnnulledAsMistakesNot", uk], a.Annulled);
        }
        Add(appeals, "answered-on-time", R["ReportLines.AnsweredOnTime", uk], a.AnsweredOnTime);
        Add(appeals, "answered-late", R["ReportLines.AnsweredLate", uk], a.AnsweredLate);
        Add(appeals, "on-time-share", R["ReportLines.OnTimeShare", uk], Percent(a.OnTimeShare));
        Add(appeals, "still-open", R["ReportLines.StillOpenAtYearEnd", uk], a.StillOpen);
        Add(appeals, "overdue-at-year-end", R["ReportLines.OfThemOverdue", uk], a.OverdueAtYearEnd);
        Add(appeals, "extended", R["ReportLines.TermExtended", uk], a.Extended);
        Add(appeals, "median-days", R["ReportLines.MedianDaysToAnswer", uk], a.MedianDaysToAnswer);
        Add(appeals, "p90-days", R["ReportLines.ThPercentileOfDaysTo", uk], a.P90DaysToAnswer);
        var channels = R["ReportLines.AppealsByChannel", uk];
        foreach (var c in a.ByChannel)
        {
            Add(channels, $"channel:{c.Key}", R[$"ReportLines.Channel.{c.Key}", uk], c.Value);
        }

        var months = R["ReportLines.AppealsByMonth", uk];
        for (var m = 0; m < 12; m++)
        {
            Add(months, $"month:{m + 1:00}", MonthName(m + 1, uk), a.ByMonth[m]);
        }

        var executors = R["ReportLines.Executors", uk];
        foreach (var e in a.ByExecutor)
        {
            Add(executors, $"executor:{e.Executor}", e.Executor,
                R.Format("ReportLines.AssignedOnTimeLateOpen", uk, e.Assigned, e.OnTime, e.Late, e.Open));
        }

        return lines;
    }

    public static string Percent(double? share) => share is { } s ? (s * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "—";

    // A number (or a share) as Ukrainian writes it: the decimal comma, «9,5», «81,1 %».
    // «9,5», «81,1 %», and thousands parted by a space as Ukrainian writes them («1 925»; a no-break space, so a number never
    // splits across lines).
    internal static string Ukrainian(string invariant)
    {
        var match = System.Text.RegularExpressions.Regex.Match(invariant, @"^(-?)(\d+)(?:\.(\d+))?( %)?$");
        if (!match.Success)
        {
            return invariant;
        }

        var whole = match.Groups[2].Value;
        var grouped = whole.Length <= 3 ? whole : System.Text.RegularExpressions.Regex.Replace(whole, @"(?<=\d)(?=(\d{3})+$)", "\u00A0");
        return match.Groups[1].Value + grouped + (match.Groups[3].Success ? "," + match.Groups[3].Value : "") + match.Groups[4].Value;
    }

    public static string MonthName(int month, bool uk) => R[$"Month.{month}", uk];

    /// <summary>One line, its value written the invariant way and, for Ukrainian, as Ukrainian writes numbers.</summary>
    internal static ReportLine Line(string section, string metric, string label, object? value, bool uk)
    {
        var invariant = Format(value);
        return new ReportLine(section, metric, label, invariant) { Display = uk ? Ukrainian(invariant) : invariant };
    }

    private static string Format(object? value) => value switch
    {
        null => "—",
        double d => d.ToString("0.#", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    internal static string StateUk(AppealState state) => Engine.KebabCase.Of(state);
}
