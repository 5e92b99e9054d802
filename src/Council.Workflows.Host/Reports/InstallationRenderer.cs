using System.Text.Json;
using Council.Workflows.Host.Cli;
using Council.Workflows.Reporting;

namespace Council.Workflows.Host.Reports;

/// <summary>
/// Renders an <see cref="InstallationYearReport"/> in the year report's formats: the councils summed, each by name with its
/// own line, how many did not allow it, then the total as the year report shows one council's.
/// </summary>
internal static class InstallationRenderer
{
    private static readonly TextSource R = new("Reports");

    public static string Render(InstallationYearReport report, string format, bool uk) => format switch
    {
        "markdown" => ReportRenderer.Markdown(Title(report, uk), Lines(report, uk), uk),
        "json" => JsonSerializer.Serialize(report, CliOutput.Json),
        // Each council's every line under its key, then the total's under an empty council.
        "csv" => ReportRenderer.Csv(
            report.Year,
            report.Councils.SelectMany(c => ReportLines.Of(c.Report, uk).Select(l => ((string?)c.Council, l)))
                .Concat(Lines(report, uk).Select(l => ((string?)null, l))),
            byCouncil: true),
        "html" => ReportRenderer.Html(Title(report, uk), report.Total, Lines(report, uk), uk),
        _ => ReportRenderer.Text(Title(report, uk), Lines(report, uk)),
    };

    private static string Title(InstallationYearReport report, bool uk) =>
        R.Format("Installation.Title", uk, report.Year, report.Councils.Count) + (report.Total.Simulated ? ReportRenderer.SimulatedMark(uk) : "");

    // The councils' section (one line each, and the count of those that did not allow it), then the total's lines.
    private static List<ReportLine> Lines(InstallationYearReport report, bool uk)
    {
        var section = R["Installation.Councils", uk];
        var lines = new List<ReportLine>();
        foreach (var council in report.Councils)
        {
            var (a, w) = (council.Report.Appeals, council.Report.Awards);
            lines.Add(ReportLines.Line(section, $"council:{council.Council}", $"{council.Name} ({council.Council})",
                R.Format("Installation.CouncilLine", uk, N(a.Received), N(a.AnsweredOnTime), N(a.AnsweredLate), N(a.StillOpen), N(w.Awarded)), uk));
        }

        lines.Add(ReportLines.Line(section, "councils-summed", R["Installation.Summed", uk], report.Councils.Count, uk));
        lines.Add(ReportLines.Line(section, "councils-not-sharing", R["Installation.NotSharing", uk], report.CouncilsNotSharing, uk));
        lines.AddRange(ReportLines.Of(report.Total, uk).Where(l => l.Metric != "simulated"));
        return lines;

        string N(int value) => uk ? ReportLines.Ukrainian(value.ToString(System.Globalization.CultureInfo.InvariantCulture)) : value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
